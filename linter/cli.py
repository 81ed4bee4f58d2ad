"""The `keraslint` command: parse arguments, find files, check them, report, pick the exit code.

Exit codes: 0 no findings, 1 findings (input errors included), 2 usage error or a
failure of keraslint itself.
"""

from __future__ import annotations

import sys

import click

from keraslint import __version__
from keraslint.discovery import PathProblem, discover
from keraslint.engine import FileReport, input_error
from keraslint.reporters import REPORTERS
from keraslint.rule import all_rules, select_rules
from keraslint.runner import check_files

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_FAILURE = 2


class InternalError(click.ClickException):
    """A bug in keraslint: one line on stderr and exit 2, not a traceback the user cannot act on."""

    exit_code = EXIT_FAILURE

    def show(self, file=None) -> None:
        click.echo(f"keraslint: internal error: {self.message}", err=True)


class KeraslintGroup(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        # Click turns these into usage messages, exit codes and a quiet exit on a closed pipe.
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort, BrokenPipeError):
            raise
        except Exception as error:
            raise InternalError(f"{type(error).__name__}: {error}") from error


def parse_selectors(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    """`--select KL1,KL205 --select KL3` -> ("KL1", "KL205", "KL3"), each checked against the rules."""
    selectors = tuple(part.strip().upper() for value in values for part in value.split(",") if part.strip())
    codes = [rule.code for rule in all_rules()]
    for selector in selectors:
        if selector != "ALL" and not any(code.startswith(selector) for code in codes):
            raise click.BadParameter(f"{selector!r} is neither ALL nor a rule code or prefix (see `keraslint rules`)")
    return selectors


@click.group(cls=KeraslintGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="keraslint")
def main() -> None:
    """Finds the silent bugs in Keras training scripts and notebooks."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "output_format",
    type=click.Choice(list(REPORTERS)),
    default="text",
    show_default=True,
    help="text: one line per finding; full: with code frame and evidence; json: an array for programs.",
)
@click.option(
    "--select",
    multiple=True,
    callback=parse_selectors,
    metavar="CODES",
    help="Only these rules: codes or prefixes (KL1), comma-separated, repeatable. Default: ALL.",
)
@click.option(
    "--ignore",
    multiple=True,
    callback=parse_selectors,
    metavar="CODES",
    help="Leave out these rules: codes or prefixes, comma-separated, repeatable.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print the findings only, no summary line.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
def check(
    paths: tuple[str, ...],
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    quiet: bool,
    exit_zero: bool,
) -> None:
    """Check PATHS (files, or folders searched for .py and .ipynb; default: the current folder).

    Input errors (KL000: unreadable, unparsable or broken files) are always reported,
    whatever --select and --ignore say.
    """
    found = discover(paths)
    rules = select_rules(select or ("ALL",), ignore)
    reports = [*map(problem_report, found.problems), *check_files(found.files, rules)]
    REPORTERS[output_format](reports, sys.stdout, not quiet)
    has_findings = any(report.findings for report in reports)
    sys.exit(EXIT_FINDINGS if has_findings and not exit_zero else EXIT_CLEAN)


@main.command(name="rules")
def list_rules() -> None:
    """List every rule: code, name and summary."""
    rules = all_rules()
    width = max((len(rule.name) for rule in rules), default=0)
    for rule in rules:
        click.echo(f"{rule.code}  {rule.name:{width}}  {rule.summary}")


def problem_report(problem: PathProblem) -> FileReport:
    return FileReport(problem.path, (input_error(problem.path, problem.message),))
