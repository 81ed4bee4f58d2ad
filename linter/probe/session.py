"""`--probe`: run each file that has findings under the probe, and give every finding its verdict.

Files run one after the other: each run loads a TensorFlow of its own (hundreds of MB),
and TensorFlow spreads a model's work over every core anyway. Refuted findings leave the report unless asked for; the tally says
how many went.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from keraslint.engine import INPUT_ERROR, FileReport
from keraslint.probe.checks.common import CONFIRMED, INCONCLUSIVE, REFUTED
from keraslint.probe.endings import how_it_ended
from keraslint.probe.judge import judge
from keraslint.probe.launch import ProbeSettings, run_child
from keraslint.probe.observations import Observations, read_observations
from keraslint.probe.progress import Status
from keraslint.source import Source, SourceError, load_source


@dataclass(frozen=True)
class ProbedReports:
    reports: list[FileReport]
    observations: dict[str, Observations]  # per probed path
    tally: Counter  # verdict -> number of findings
    show_refuted: bool

    def summary(self) -> str:
        refuted = self.tally[REFUTED]
        hidden = " (left out of the report; --show-refuted shows them)" if refuted and not self.show_refuted else ""
        return (
            f"Probe: {self.tally[CONFIRMED]} confirmed, {refuted} refuted{hidden}, "
            f"{self.tally[INCONCLUSIVE]} inconclusive, in {len(self.observations)} probed file(s)."
        )


def probe_reports(
    reports: Sequence[FileReport],
    settings: ProbeSettings,
    show_refuted: bool = False,
    every_file: bool = False,
    status: Status | None = None,
) -> ProbedReports:
    """Verdicts for the findings of each report; `every_file` runs files without findings too (to see what happens)."""
    status = status or Status()
    probed: list[FileReport] = []
    observed: dict[str, Observations] = {}
    tally: Counter = Counter()
    for report in reports:
        source = _runnable_source(report) if report.findings or every_file else None
        if source is None:
            probed.append(report)
            continue
        observations = observed[report.path] = observe(source, settings, status)
        judged = [replace(finding, probe=judge(finding, observations)) for finding in report.findings]
        tally.update(finding.probe.verdict for finding in judged if finding.probe is not None)
        kept = tuple(finding for finding in judged if show_refuted or finding.probe is None or finding.probe.verdict != REFUTED)
        probed.append(replace(report, findings=kept, source=source))
    return ProbedReports(probed, observed, tally, show_refuted)


def observe(source: Source, settings: ProbeSettings, status: Status) -> Observations:
    try:
        run = run_child(source, settings, lambda text: status.show(source.path, text))
    finally:
        status.clear()
    return read_observations(run.events, source, how_it_ended(run, source, settings), run.seconds)


def _runnable_source(report: FileReport) -> Source | None:
    """The file's source, or None when it cannot run: an input error (KL000) means it does not even
    parse, and standard input is no file to run."""
    if any(finding.code == INPUT_ERROR for finding in report.findings) or not os.path.isfile(report.path):
        return None
    if report.source is not None:
        return report.source
    try:
        with open(report.path, "rb") as handle:
            return load_source(report.path, handle.read())
    except (OSError, SourceError):
        return None
