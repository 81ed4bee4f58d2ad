"""A finding's verdict: its rule's check, and why the probe could not tell when the run broke off."""

from __future__ import annotations

from keraslint.probe.checks import CHECKS
from keraslint.probe.checks.common import INCONCLUSIVE
from keraslint.probe.observations import Observations
from keraslint.types import Finding, Verdict


def judge(finding: Finding, observations: Observations) -> Verdict | None:
    """None for what is not a rule's finding (an unused suppression comment): nothing to observe."""
    check = CHECKS.get(finding.code)
    if check is None:
        return None
    verdict = check(finding, observations)
    if verdict.verdict == INCONCLUSIVE and not observations.ending.finished:
        # What was observed before the script stopped still decides; only the undecided need the reason.
        return Verdict(INCONCLUSIVE, (observations.ending.reason, *verdict.observed))
    return verdict
