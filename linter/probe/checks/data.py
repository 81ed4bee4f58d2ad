"""Checks of the data that reaches the model (KL201-KL206): its observed range, shape and order.

Static scaling facts are inferences ("read from a pixel CSV, never divided"); the
probe sees the values themselves, so an array the static analysis thought raw but
that arrives in 0..1 refutes the finding.
"""

from __future__ import annotations

from keraslint.probe.checks.common import (
    Check,
    array_text,
    confirmed,
    first_fit,
    inconclusive,
    refuted,
    unseen,
)
from keraslint.probe.observations import ArrayPrint, ModelCall, Observations, Shuffle
from keraslint.types import Finding, Location, Verdict

# Largest absolute value of features that a scaled input has; KL202 calls raw features
# of this size or more "large" (incomes, prices, counts in the thousands).
SCALED = 10.0
LARGE = 100.0
NO_RESCALING = "the model has no Rescaling or Normalization layer"


def _input_call(finding: Finding, observations: Observations) -> ModelCall | None:
    return next((call for call in observations.calls_at(finding.location) if call.x is not None), None)


def _is_scaled(array: ArrayPrint) -> bool | None:
    """True for values in [0, 1] or centred (standardised), False for raw values above 1, None if unknown."""
    if array.low is None or array.high is None:
        return None
    return array.high <= 1.0 or array.low < 0


def unscaled_pixels(finding: Finding, observations: Observations) -> Verdict:
    """KL201."""
    call = _input_call(finding, observations)
    if call is None:
        return unseen("fit, evaluate or predict call", finding)
    if call.model.rescales:
        return refuted("the model has a Rescaling or Normalization layer")
    scaled = _is_scaled(call.x.main)  # type: ignore[union-attr]
    if scaled is None:
        return inconclusive(array_text(call))
    if scaled:
        return refuted(array_text(call) + ": already scaled")
    return confirmed(array_text(call), NO_RESCALING)


def unscaled_large_features(finding: Finding, observations: Observations) -> Verdict:
    """KL202."""
    call = _input_call(finding, observations)
    if call is None:
        return unseen("fit call", finding)
    if call.model.rescales:
        return refuted("the model has a Rescaling or Normalization layer")
    x = call.x.main  # type: ignore[union-attr]
    if x.low is None or x.high is None:
        return inconclusive(array_text(call))
    largest = max(abs(x.low), abs(x.high))
    if largest >= LARGE:
        return confirmed(array_text(call), NO_RESCALING)
    return refuted(array_text(call) + ": already scaled") if largest <= SCALED else inconclusive(array_text(call))


def scaled_differently(finding: Finding, observations: Observations) -> Verdict:
    """KL203: the model fitted on scaled data, then evaluated (or asked to predict) on raw data, or the reverse."""
    call = _input_call(finding, observations)
    if call is None:
        return unseen("evaluate or predict call", finding)
    fit = first_fit(observations, call.model)
    if fit is None or fit.x is None:
        return inconclusive(array_text(call), "the model was not fitted")
    observed = (array_text(fit), array_text(call))
    fitted_scaled, called_scaled = _is_scaled(fit.x.main), _is_scaled(call.x.main)  # type: ignore[union-attr]
    if fitted_scaled is None or called_scaled is None:
        return inconclusive(*observed)
    return confirmed(*observed) if fitted_scaled != called_scaled else refuted(*observed)


def _shuffle_at(location: Location, observations: Observations) -> Shuffle | None:
    return next((shuffle for shuffle in observations.shuffles if shuffle.span.covers(location)), None)


def random_shuffle_on_numpy(finding: Finding, observations: Observations) -> Verdict:
    """KL204."""
    shuffle = _shuffle_at(finding.location, observations)
    if shuffle is None or shuffle.target is None:
        return unseen("shuffle", finding)
    target = shuffle.target.main
    what = "a numpy array" if target.kind == "ndarray" else f"a {target.kind}"
    observed = f"{shuffle.function} at {shuffle.span} got {target.named(what)}: {target.describe()}"
    if shuffle.function != "random.shuffle" or target.kind != "ndarray" or len(target.shape or ()) < 2:
        return inconclusive(observed)
    if shuffle.distinct_before is None or shuffle.distinct_after is None:
        return confirmed(observed)
    return confirmed(observed, f"distinct rows: {shuffle.distinct_before} before, {shuffle.distinct_after} after")


def shuffled_apart(finding: Finding, observations: Observations) -> Verdict:
    """KL205: two arrays of the same rows, each shuffled by its own call, so each in its own order."""
    shuffle = _shuffle_at(finding.location, observations)
    if shuffle is None or shuffle.target is None:
        return unseen("shuffle", finding)
    rows = shuffle.target.main.rows
    partner = next(
        (
            other
            for other in observations.shuffles
            if other.span != shuffle.span and other.target is not None and other.target.main.rows == rows
        ),
        None,
    )
    if partner is None:
        return inconclusive(f"{shuffle.function} at {shuffle.span} shuffled {rows} rows; no other shuffle of {rows} rows was seen")
    return confirmed(
        f"{partner.function} at {partner.span} and {shuffle.function} at {shuffle.span} each drew their own "
        f"permutation of {rows} rows ({partner.target.main.named('one')}, {shuffle.target.main.named('the other')})"  # type: ignore[union-attr]
    )


def input_shape_mismatch(finding: Finding, observations: Observations) -> Verdict:
    """KL206: the input shape the model was built with against the samples it was fitted on."""
    model = observations.model_at(finding.location)
    if model is None:
        return unseen("model built", finding)
    fit = first_fit(observations, model)
    if fit is None or fit.x is None or fit.model.input_shape is None:
        return inconclusive("the model was not fitted, or declared no input shape")
    declared, samples = fit.model.input_shape, fit.x.main.sample_shape
    observed = (f"the model was built for samples of shape {declared}", array_text(fit))
    if samples is not None and not _compatible(declared, samples):
        return confirmed(*observed)
    return inconclusive(*observed)


def _compatible(declared: tuple[int | None, ...], samples: tuple[int, ...]) -> bool:
    return len(declared) == len(samples) and all(size is None or size == actual for size, actual in zip(declared, samples))


CHECKS: dict[str, Check] = {
    "KL201": unscaled_pixels,
    "KL202": unscaled_large_features,
    "KL203": scaled_differently,
    "KL204": random_shuffle_on_numpy,
    "KL205": shuffled_apart,
    "KL206": input_shape_mismatch,
}
