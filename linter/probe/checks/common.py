"""What every check needs: verdicts, and the observations a finding is about."""

from __future__ import annotations

from collections.abc import Callable

from keraslint.probe.observations import ArrayPrint, ModelCall, ModelPrint, Observations
from keraslint.types import Finding, Verdict

CONFIRMED, REFUTED, INCONCLUSIVE = "confirmed", "refuted", "inconclusive"

Check = Callable[[Finding, Observations], Verdict]


def confirmed(*observed: str) -> Verdict:
    return Verdict(CONFIRMED, observed)


def refuted(*observed: str) -> Verdict:
    return Verdict(REFUTED, observed)


def inconclusive(*observed: str) -> Verdict:
    return Verdict(INCONCLUSIVE, observed)


def unseen(what: str, finding: Finding) -> Verdict:
    """Nothing observed at the finding's line: the code there did not run (or not through the hooks)."""
    cell = f"cell {finding.location.cell}, " if finding.location.cell is not None else ""
    return inconclusive(f"the probe saw no {what} at {cell}line {finding.location.line}")


def first_fit(observations: Observations, model: ModelPrint) -> ModelCall | None:
    return next(iter(observations.calls_of(model, "fit")), None)


def training_labels(observations: Observations, model: ModelPrint) -> tuple[ModelCall, ArrayPrint] | None:
    """The model's first fit and the labels it got: its y, or its validation labels when y has
    no rows (a script that slices more rows than the stand-in data sets have)."""
    fit = first_fit(observations, model)
    if fit is None:
        return None
    labels = next((array.main for array in (fit.y, fit.validation_y) if array is not None and array.main.rows), None)
    return (fit, labels) if labels is not None else None


def labels_text(fit: ModelCall, labels: ArrayPrint) -> str:
    role = fit.role("y") if fit.y is not None and fit.y.main is labels else fit.role("validation_y")
    return f"{role} at {fit.span}: {labels.describe_labels()}"


def array_text(call: ModelCall, part: str = "x") -> str:
    array = getattr(call, part)
    return f"{call.role(part)} at {call.span}: {array.describe() if array is not None else 'none'}"
