"""Checks of the model's head, loss, labels and metrics (KL101-KL107) against the built model and its fit.

Static findings on a head sit on the output layer or the compile call; the model whose
layers or compile call were made on that line is the one to look at, as Keras built it.
"""

from __future__ import annotations

from keraslint.keras_names import NON_PROBABILITY_ACTIVATIONS, metric_name
from keraslint.probe.checks.common import (
    Check,
    confirmed,
    inconclusive,
    labels_text,
    refuted,
    training_labels,
    unseen,
)
from keraslint.probe.observations import ModelPrint, Observations
from keraslint.types import Finding, Verdict
from keraslint.values import PROBABILISTIC_LOSSES

PROBABILITY_ACTIVATIONS = ("sigmoid", "softmax")
MODEL = "model built or compiled"


def _is_sigmoid_classifier(model: ModelPrint) -> bool:
    """Several sigmoid units with binary_crossentropy: k independent yes/no outputs."""
    return model.activation == "sigmoid" and (model.units or 0) > 1 and model.loss == "binary_crossentropy"


def sigmoid_on_single_label_classes(finding: Finding, observations: Observations) -> Verdict:
    """KL101."""
    model = observations.model_at(finding.location)
    if model is None:
        return unseen(MODEL, finding)
    if not _is_sigmoid_classifier(model) or model.from_logits:
        return refuted(f"the built model has {model.head()}")
    fitted = training_labels(observations, model)
    if fitted is None:
        return inconclusive(model.head(), "the model was not fitted")
    fit, labels = fitted
    if labels.encoding == "multi-hot":
        return refuted(labels_text(fit, labels) + ": multi-label targets, which sigmoid + binary_crossentropy fits")
    if labels.encoding in ("one-hot", "integer") and (labels.classes or 0) > 2:
        return confirmed(model.head(), labels_text(fit, labels))
    return inconclusive(model.head(), labels_text(fit, labels))


def output_not_a_probability(finding: Finding, observations: Observations) -> Verdict:
    """KL102."""
    model = observations.model_at(finding.location)
    if model is None:
        return unseen(MODEL, finding)
    if model.activation in NON_PROBABILITY_ACTIVATIONS and model.loss in PROBABILISTIC_LOSSES and model.from_logits is False:
        return confirmed(f"the built model has {model.head()}")
    return inconclusive(f"the built model has {model.head()}")


def softmax_over_one_unit(finding: Finding, observations: Observations) -> Verdict:
    """KL103."""
    model = observations.model_at(finding.location)
    if model is None:
        return unseen(MODEL, finding)
    if model.activation == "softmax" and model.units == 1:
        return confirmed(f"the built model has {model.head()}: its output is 1.0 for every sample")
    return inconclusive(f"the built model has {model.head()}")


def probabilities_as_logits(finding: Finding, observations: Observations) -> Verdict:
    """KL104."""
    model = observations.model_at(finding.location)
    if model is None:
        return unseen(MODEL, finding)
    if model.activation in PROBABILITY_ACTIVATIONS and model.from_logits:
        return confirmed(f"the built model has {model.head()}")
    return inconclusive(f"the built model has {model.head()}")


# Loss -> the label encodings it is made for.
_FITTING_LABELS = {
    "categorical_crossentropy": ("one-hot",),
    "sparse_categorical_crossentropy": ("integer", "binary"),
    "binary_crossentropy": ("multi-hot", "one-hot", "binary"),
}


def labels_do_not_fit_loss(finding: Finding, observations: Observations) -> Verdict:
    """KL105: categorical with integers, sparse with one-hot rows, binary with integers of more than two classes."""
    model = observations.model_at(finding.location)
    if model is None:
        return unseen(MODEL, finding)
    fitted = training_labels(observations, model)
    if model.loss not in _FITTING_LABELS:
        return inconclusive(f"the built model has {model.head()}")
    if fitted is None:
        return inconclusive(model.head(), "the model was not fitted on labels")
    fit, labels = fitted
    encoding = labels.encoding
    if encoding == "integer" and (labels.classes or 0) <= 2:
        encoding = "binary"
    observed = (model.head(), labels_text(fit, labels))
    if encoding is None:
        return inconclusive(*observed)
    return refuted(*observed) if encoding in _FITTING_LABELS[model.loss] else confirmed(*observed)


def units_do_not_match_classes(finding: Finding, observations: Observations) -> Verdict:
    """KL106."""
    model = observations.model_at(finding.location)
    if model is None:
        return unseen(MODEL, finding)
    fitted = training_labels(observations, model)
    if fitted is None or model.units is None or fitted[1].classes is None:
        return inconclusive(model.head(), "no class labels observed")
    fit, labels = fitted
    observed = (model.head(), labels_text(fit, labels))
    if model.units == labels.classes or (model.units == 1 and labels.classes == 2):
        return refuted(*observed)
    return confirmed(*observed)


def misleading_accuracy(finding: Finding, observations: Observations) -> Verdict:
    """KL107: "accuracy" on a multi-label output, or binary accuracy on single-label classes."""
    model = observations.model_at(finding.location)
    if model is None:
        return unseen(MODEL, finding)
    fitted = training_labels(observations, model)
    if model.resolved_metrics is None or fitted is None:
        return inconclusive(model.head(), "the model was not fitted, so Keras did not resolve its metrics")
    fit, labels = fitted
    resolved = f"Keras computes {', '.join(model.resolved_metrics)} for metrics={list(model.metrics)}"
    observed = (model.head(), resolved, labels_text(fit, labels))
    asked = {metric_name(metric) for metric in model.metrics}
    if "binary_accuracy" in asked and "binary_accuracy" in model.resolved_metrics:
        if labels.encoding in ("one-hot", "integer") and (labels.classes or 0) > 2:
            return confirmed(*observed)
        return refuted(*observed) if labels.encoding == "multi-hot" else inconclusive(*observed)
    if "accuracy" in asked and "categorical_accuracy" in model.resolved_metrics and _is_sigmoid_classifier(model):
        if labels.encoding == "multi-hot":
            return confirmed(*observed)
        return refuted(*observed) if labels.encoding == "one-hot" else inconclusive(*observed)
    return inconclusive(*observed)


CHECKS: dict[str, Check] = {
    "KL101": sigmoid_on_single_label_classes,
    "KL102": output_not_a_probability,
    "KL103": softmax_over_one_unit,
    "KL104": probabilities_as_logits,
    "KL105": labels_do_not_fit_loss,
    "KL106": units_do_not_match_classes,
    "KL107": misleading_accuracy,
}
