"""The `keraslint` command: parse arguments, find files, check them, report, pick the exit code.

Exit codes: 0 no findings, 1 findings (input errors included), 2 usage error or a
failure of keraslint itself.
"""

from __future__ import annotations

import io
import sys
from typing import TYPE_CHECKING

import click

from keraslint import __version__
from keraslint.atomic import write_atomically
from keraslint.catalog import catalog, lookup
from keraslint.config import ConfigError, Overrides, Resolver, describe, normalise_selectors, unknown_selectors
from keraslint.discovery import PathProblem, discover
from keraslint.docs import rule_markdown
from keraslint.engine import FileReport, input_error
from keraslint.reporters import REPORTERS, Reporter, Style, wants_colour, write_statistics, write_statistics_json
from keraslint.rule import all_rules
from keraslint.runner import Task, check_data, check_files

if TYPE_CHECKING:
    from keraslint.probe.session import ProbedReports

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_FAILURE = 2


class InternalError(click.ClickException):
    """A bug in keraslint: one line on stderr and exit 2, not a traceback the user cannot act on."""

    exit_code = EXIT_FAILURE

    def show(self, file=None) -> None:
        click.echo(f"keraslint: internal error: {self.message}", err=True)


class SetupError(click.ClickException):
    """Something the user must fix before keraslint can run (a mistake in the configuration, a
    missing extra): one line on stderr and exit 2, like a usage error."""

    exit_code = EXIT_FAILURE

    def show(self, file=None) -> None:
        click.echo(f"keraslint: {self.message}", err=True)


class KeraslintGroup(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        # Click turns these into usage messages, exit codes and a quiet exit on a closed pipe.
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort, BrokenPipeError):
            raise
        except ConfigError as error:
            raise SetupError(str(error)) from error
        except Exception as error:
            raise InternalError(f"{type(error).__name__}: {error}") from error


def parse_selectors(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    """`--select KL1,KL205 --select KL3` -> ("KL1", "KL205", "KL3"), each checked against the rules."""
    selectors = normalise_selectors(values)
    unknown = unknown_selectors(selectors)
    if unknown:
        raise click.BadParameter(f"{unknown[0]!r} is neither ALL nor a rule code or prefix (see `keraslint rules`)")
    return selectors


def probe_options(command):
    """--python, --probe-timeout and --show-refuted: shared by `check --probe` and `probe`."""
    options = (
        click.option(
            "--python",
            metavar="PATH",
            default=sys.executable,
            show_default="this Python",
            help="The interpreter that runs probed scripts (the one that has their TensorFlow and data).",
        ),
        click.option(
            "--probe-timeout",
            type=click.FloatRange(min=0, min_open=True),
            default=60.0,
            show_default=True,
            metavar="SECONDS",
            help="Stop a probed script (and all it started) after this long; its findings stay inconclusive.",
        ),
        click.option("--show-refuted", is_flag=True, help="Keep the findings the probe refuted in the report."),
    )
    for option in reversed(options):
        command = option(command)
    return command


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
    help="text: one line per finding and a summary; concise: the lines alone; full: with code frame and "
    "evidence; json: an array for programs; github: GitHub Actions annotations; sarif: SARIF 2.1.0.",
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
@click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False),
    help="Use this configuration for every file (a pyproject.toml's [tool.keraslint], or a TOML file of "
    "those keys) instead of each file's nearest pyproject.toml.",
)
@click.option("--force-exclude", is_flag=True, help="Apply exclude and extend-exclude to paths named on the command line too.")
@click.option("--report-unused-ignores", is_flag=True, help="Report suppression comments that suppress nothing (KL001).")
@click.option("--stdin-filename", metavar="PATH", help="Check standard input as the file PATH (with PATH `-` or alone).")
@click.option("--output-file", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report to this file.")
@click.option("--statistics", is_flag=True, help="Print the number of findings of each rule instead of the findings.")
@click.option("--show-settings", is_flag=True, help="Print the settings in force for the first path, and check nothing.")
@click.option("--probe", is_flag=True, help="Run each file with findings for a few steps under TensorFlow: confirm or refute each finding.")
@probe_options
def check(
    paths: tuple[str, ...],
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    quiet: bool,
    exit_zero: bool,
    config_file: str | None,
    force_exclude: bool,
    report_unused_ignores: bool,
    stdin_filename: str | None,
    output_file: str | None,
    statistics: bool,
    show_settings: bool,
    probe: bool,
    python: str,
    probe_timeout: float,
    show_refuted: bool,
) -> None:
    """Check PATHS (files, or folders searched for .py and .ipynb; default: the current folder).

    `-` reads standard input. Input errors (KL000: unreadable, unparsable or broken files)
    are always reported, whatever --select, --ignore and suppression comments say.
    """
    resolver = Resolver(Overrides(select, ignore, force_exclude, config_file))
    if show_settings:
        target = paths[0] if paths and paths[0] != "-" else stdin_filename or "."
        click.echo(describe(resolver.settings_for(target), target))
        return
    if paths == ("-",) or (not paths and stdin_filename):
        reports = check_stdin(stdin_filename or "-", resolver, report_unused_ignores)
    elif "-" in paths:
        raise click.UsageError("`-` (standard input) cannot be checked together with other paths")
    else:
        reports = check_paths(paths, resolver, report_unused_ignores)
    if probe:
        reports = run_probe(reports, python, probe_timeout, show_refuted, quiet).reports
    reporter: Reporter = REPORTERS[output_format]
    if statistics:
        reporter = write_statistics_json if output_format == "json" else write_statistics
    write_report(reporter, reports, quiet, output_file)
    has_findings = any(report.findings for report in reports)
    sys.exit(EXIT_FINDINGS if has_findings and not exit_zero else EXIT_CLEAN)


@main.command(name="rules")
def list_rules() -> None:
    """List every rule: code, name and summary."""
    rules = all_rules()
    width = max((len(rule.name) for rule in rules), default=0)
    for rule in rules:
        click.echo(f"{rule.code}  {rule.name:{width}}  {rule.summary}")


@main.command(name="rule")
@click.argument("code", required=False)
@click.option("--all", "every", is_flag=True, help="Every rule, and the codes that are not rules (KL000, KL001).")
def show_rule(code: str | None, every: bool) -> None:
    """Print the documentation of rule CODE, with examples (Markdown, as in docs/rules.md)."""
    if every == bool(code):
        raise click.UsageError("give one rule code, or --all")
    entries = catalog() if every else (lookup(code),)
    if None in entries:
        raise click.BadParameter(f"{code!r} is not a code keraslint reports (see `keraslint rules`)", param_hint="CODE")
    click.echo("\n".join(map(rule_markdown, entries)), nl=False)


@main.command()
def server() -> None:
    """Run the language server (LSP) on standard input and output, for editors."""
    try:
        from keraslint.server import serve
    except ModuleNotFoundError as error:
        raise SetupError(f"the language server needs {error.name}: pip install 'keraslint[lsp]'") from error
    serve()


@main.command(name="probe")
@click.argument("scripts", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@probe_options
def probe_scripts(scripts: tuple[str, ...], python: str, probe_timeout: float, show_refuted: bool) -> None:
    """Run SCRIPTS (.py or .ipynb) for a few steps under TensorFlow: what fit, evaluate, predict and the
    metrics really got, and each finding's verdict (confirmed, refuted or inconclusive).

    Nothing is downloaded: keras.datasets are replaced by synthetic stand-ins. What the
    scripts write goes to a temp folder that is removed afterwards.
    """
    from keraslint.probe.narrate import narrate

    probed = run_probe(check_paths(scripts, Resolver(Overrides()), False), python, probe_timeout, show_refuted, False, every_file=True)
    for path, observations in probed.observations.items():
        click.echo("\n".join(narrate(path, observations)) + "\n")
    write_report(REPORTERS["full"], probed.reports, False, None)
    sys.exit(EXIT_FINDINGS if any(report.findings for report in probed.reports) else EXIT_CLEAN)


def run_probe(
    reports: list[FileReport], python: str, timeout: float, show_refuted: bool, quiet: bool, every_file: bool = False
) -> ProbedReports:
    """Verdicts for the findings; the tally on stderr, so that stdout stays the report alone."""
    from keraslint.probe.launch import ProbeSettings  # the probe is opt-in: not a cost of every check
    from keraslint.probe.session import probe_reports

    probed = probe_reports(reports, ProbeSettings(python, timeout), show_refuted, every_file)
    if not quiet:
        click.echo(probed.summary(), err=True)
    return probed


def problem_report(problem: PathProblem) -> FileReport:
    return FileReport(problem.path, (input_error(problem.path, problem.message),))


def check_paths(paths: tuple[str, ...], resolver: Resolver, report_unused_ignores: bool) -> list[FileReport]:
    found = discover(paths, resolver)
    tasks = [Task(path, resolver.settings_for(path).rules_for(path), report_unused_ignores) for path in found.files]
    return [*map(problem_report, found.problems), *check_files(tasks)]


def check_stdin(path: str, resolver: Resolver, report_unused_ignores: bool) -> list[FileReport]:
    """Standard input checked as the file `path`: its settings, its per-file-ignores, its kind."""
    settings = resolver.settings_for(path)
    if settings.excludes_named(path):
        return []
    task = Task(path, settings.rules_for(path), report_unused_ignores)
    return [check_data(task, sys.stdin.buffer.read())]


def write_report(reporter: Reporter, reports: list[FileReport], quiet: bool, output_file: str | None) -> None:
    """To standard output, in colour on a terminal; or to `output_file`, plain, replaced whole."""
    if output_file is None:
        reporter(reports, sys.stdout, Style(summary=not quiet, colour=wants_colour(sys.stdout)))
        return
    buffer = io.StringIO()
    reporter(reports, buffer, Style(summary=not quiet))
    write_atomically(output_file, buffer.getvalue())
