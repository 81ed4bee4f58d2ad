"""Checks of how the model is called (KL401): how many calls a call site made, on how many samples."""

from __future__ import annotations

from keraslint.probe.checks.common import Check, confirmed, inconclusive, unseen
from keraslint.probe.observations import Observations
from keraslint.types import Finding, Verdict


def predict_in_loop(finding: Finding, observations: Observations) -> Verdict:
    """KL401."""
    call = next(iter(observations.calls_at(finding.location, "predict")), None)
    if call is None or call.x is None:
        return unseen("predict call", finding)
    calls, rows = observations.count(call), call.x.main.rows
    if calls > 1 and rows == 1:
        return confirmed(f"predict was called {calls} times at {call.span}, each time on a single sample")
    return inconclusive(f"predict at {call.span}: {calls} call(s), on {rows} rows")


CHECKS: dict[str, Check] = {"KL401": predict_in_loop}
