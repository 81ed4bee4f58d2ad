"""One check per rule code: a small function of (finding, observations) -> Verdict.

Every check can confirm its finding from what the probe saw; those whose static
evidence can be wrong (scaling, splits, label encodings) can also refute it.
"""

from __future__ import annotations

from keraslint.probe.checks import data, evaluation, head, performance
from keraslint.probe.checks.common import Check

CHECKS: dict[str, Check] = {**head.CHECKS, **data.CHECKS, **evaluation.CHECKS, **performance.CHECKS}
