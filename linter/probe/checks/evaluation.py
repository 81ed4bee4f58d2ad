"""Checks of which data scores come from (KL301-KL305): arrays compared by content, not by name.

The static analysis follows splits through names and calls; the probe fingerprints
every array a call gets, so "evaluate gets the fit's data" is a comparison of hashes,
and "these labels go with those rows" is what the script itself passed together.
"""

from __future__ import annotations

from keraslint.probe.checks.common import (
    Check,
    array_text,
    confirmed,
    inconclusive,
    refuted,
    unseen,
)
from keraslint.probe.observations import ArrayPrint, MetricCall, Observations, Split
from keraslint.types import Finding, Verdict


def evaluated_on_training_data(finding: Finding, observations: Observations) -> Verdict:
    """KL301."""
    call = next(iter(observations.calls_at(finding.location, "evaluate")), None)
    if call is None or call.x is None:
        return unseen("evaluate call", finding)
    fits = [fit for fit in observations.calls_of(call.model, "fit") if fit.number < call.number and fit.x is not None]
    if not fits:
        return inconclusive(array_text(call), "the model was not fitted before")
    same = next((fit for fit in fits if fit.x.main.same_data(call.x.main)), None)  # type: ignore[union-attr]
    if same is not None:
        return confirmed(f"{call.role('x')} at {call.span} is the very data {same.role('x')} got at {same.span}: {call.x.describe()}")
    return refuted(f"{call.role('x')} at {call.span} differs from the data the model was fitted on: {call.x.describe()}")


def test_split_as_validation(finding: Finding, observations: Observations) -> Verdict:
    """KL302: the validation data of a fit is what the script later scores the model on, or what a callback selects by."""
    fit = next(iter(observations.calls_at(finding.location, "fit")), None)
    if fit is None:
        return unseen("fit call", finding)
    if fit.validation_x is None:
        return inconclusive(f"the fit at {fit.span} got no validation_data")
    validation = fit.validation_x.main
    observed = [f"validation_data at {fit.span}: {validation.named('x')} {validation.describe()}"]
    observed += [
        f"the same data reaches {later.method} at {later.span}"
        for later in observations.after(fit)
        if later.method in ("evaluate", "predict") and later.x is not None and later.x.main.same_data(validation)
    ]
    observed += [
        f"its labels are scored by {metric.function} at {metric.span}"
        for metric in observations.metrics
        if metric.y_true is not None and metric.y_true.main.same_data(fit.validation_y.main if fit.validation_y else None)
    ]
    if fit.selecting_callbacks:
        observed.append(f"{', '.join(fit.selecting_callbacks)} act(s) on the validation score")
    if len(observed) > 1:
        return confirmed(*observed)
    if observations.ending.finished:
        return refuted(*observed, "the script never scores the model on that data, and no callback selects by it")
    return inconclusive(*observed)


def split_mismatch(finding: Finding, observations: Observations) -> Verdict:
    """KL303: predictions scored against labels of other rows; a test result computed on validation data; x and y apart."""
    metric = next((metric for metric in observations.metrics if metric.span.covers(finding.location)), None)
    if metric is not None:
        return _scored_against_other_labels(metric, observations)
    call = next(iter(observations.calls_at(finding.location, "fit", "evaluate")), None)
    if call is None or call.x is None:
        return unseen("metric, fit or evaluate call", finding)
    x = call.x.main
    monitored = next(
        (fit for fit in observations.calls if fit.method == "fit" and fit.number < call.number and fit.validation_x is not None and fit.validation_x.main.same_data(x)),
        None,
    )
    if monitored is not None:
        return confirmed(f"{call.role('x')} at {call.span} is the validation_data of the fit at {monitored.span}: {x.describe()}")
    if call.y is not None and x.rows != call.y.main.rows:
        return confirmed(f"{call.role('x')} has {x.rows} rows, {call.role('y')} {call.y.main.rows}: they are not the same samples")
    return inconclusive(array_text(call, "x"), array_text(call, "y"))


def _scored_against_other_labels(metric: MetricCall, observations: Observations) -> Verdict:
    predict = next((call for call in observations.calls if call.number == metric.predicted_by), None)
    if predict is None or predict.x is None or metric.y_true is None:
        return inconclusive(f"the predictions {metric.function} scores at {metric.span} were not traced to a predict call")
    truth = metric.y_true.main
    observed = [f"{metric.function} at {metric.span} scores the predictions for {predict.role('x')} at {predict.span}"]
    partners = _labels_passed_with(predict.x.main, observations)
    if any(truth.same_data(labels) for labels, _ in partners):
        return refuted(*observed, f"{truth.named('y_true')} is the labels passed with those rows")
    if not partners:
        return inconclusive(*observed, "the probe saw no labels passed with those rows")
    return confirmed(*observed, f"{truth.named('y_true')} differs from the labels passed with those rows: {partners[0][1]}")


def _labels_passed_with(x: ArrayPrint, observations: Observations) -> list[tuple[ArrayPrint, str]]:
    """Labels the script passed together with these rows: to fit or evaluate, or as validation data."""
    partners = []
    for call in observations.calls:
        if call.x is not None and call.y is not None and call.x.main.same_data(x):
            partners.append((call.y.main, f"{call.role('y')} at {call.span}"))
        if call.validation_x is not None and call.validation_y is not None and call.validation_x.main.same_data(x):
            partners.append((call.validation_y.main, f"{call.role('validation_y')} at {call.span}"))
    return partners


def preprocessing_before_split(finding: Finding, observations: Observations) -> Verdict:
    """KL304: a preprocessing step learned from rows that are split into training and test parts afterwards."""
    fitted = next((fit for fit in observations.preprocessing if fit.span.covers(finding.location)), None)
    if fitted is None or fitted.data is None:
        return unseen("preprocessing fit", finding)
    rows = fitted.data.main.rows
    observed = f"{fitted.cls} at {fitted.span} learned from {rows} rows ({fitted.data.describe()})"
    split = next((split for split in observations.splits if any(part.main.rows == rows for part in split.inputs)), None)
    if split is not None:
        sizes = " and ".join(str(part.main.rows) for part in split.outputs[:2])
        return confirmed(observed, f"train_test_split at {split.span} then splits {rows} rows into {sizes}")
    if observations.splits and observations.ending.finished:
        return refuted(observed, "no train_test_split of the script splits those rows")
    return inconclusive(observed)


def split_unpacked_out_of_order(finding: Finding, observations: Observations) -> Verdict:
    """KL305: a fit or evaluate gets parts of train_test_split that do not go together."""
    split = _split_near(finding, observations)
    if split is None:
        return unseen("train_test_split", finding)
    for call in observations.calls:
        if call.x is None or call.y is None:
            continue
        x_part, y_part = _part_index(split, call.x.main), _part_index(split, call.y.main)
        if x_part is None or y_part is None:
            continue
        if x_part % 2 != y_part % 2 or x_part // 2 == y_part // 2:
            return confirmed(
                f"{call.role('x')} at {call.span} is {_part_name(split, x_part)} and "
                f"{call.role('y')} is {_part_name(split, y_part)} of train_test_split at {split.span}"
            )
    return inconclusive(f"no fit or evaluate was seen with mismatched parts of train_test_split at {split.span}")


def _split_near(finding: Finding, observations: Observations) -> Split | None:
    """The split on the finding's line, or the first one after it (a long assignment target starts earlier)."""
    location = finding.location
    candidates = [split for split in observations.splits if split.span.cell == location.cell and split.span.end_line >= location.line]
    return min(candidates, key=lambda split: split.span.line, default=None)


def _part_index(split: Split, array: ArrayPrint) -> int | None:
    return next((index for index, part in enumerate(split.outputs) if part.main.same_data(array)), None)


def _part_name(split: Split, index: int) -> str:
    source = split.inputs[index // 2].main if index // 2 < len(split.inputs) else None
    name = f"input {index // 2 + 1}" + (f" ({', '.join(source.names)})" if source is not None and source.names else "")
    return f"the {'training' if index % 2 == 0 else 'test'} part of {name}"


CHECKS: dict[str, Check] = {
    "KL301": evaluated_on_training_data,
    "KL302": test_split_as_validation,
    "KL303": split_mismatch,
    "KL304": preprocessing_before_split,
    "KL305": split_unpacked_out_of_order,
}
