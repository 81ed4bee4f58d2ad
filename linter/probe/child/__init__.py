"""The part of the probe that runs inside the user's interpreter, next to their script.

That interpreter need not have keraslint (or libcst, or click) installed, so this
package uses the standard library only, imports numpy only once the script has, and
is loaded under the private name `_keraslint_probe` (see keraslint.probe.launch) so
that none of its module names can shadow the user's own.
"""
