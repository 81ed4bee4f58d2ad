"""`python -m keraslint`, the same command as the `keraslint` console script."""

from keraslint.cli import main

main(prog_name="keraslint")
