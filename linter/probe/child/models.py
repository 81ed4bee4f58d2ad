"""What the probe records of a Keras model: its head, its loss, its metrics, and where it was written.

Works for Keras 3 and tf_keras alike: both have `_flatten_layers`, `loss`, `metrics`.
The "sites" are the spans of the script's calls that created the model's layers and
compiled it: a static finding on an output layer or a compile line finds its model
through them.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from . import callsite

SITE = "_keraslint_site"
COMPILED = "_keraslint_compiled"
NUMBER = "_keraslint_number"
_RESCALING_LAYERS = ("Rescaling", "Normalization")
_ACTIVATION_LAYERS = {"Activation": None, "Softmax": "softmax", "ReLU": "relu", "Sigmoid": "sigmoid"}
_numbers = itertools.count(1)


def remember_site(layer: Any) -> None:
    """Called when a layer (a model too) is created: the script line that made it."""
    frame = callsite.script_frame()
    if frame is not None and getattr(layer, SITE, None) is None:
        object.__setattr__(layer, SITE, callsite.span(frame))  # around Keras's attribute tracking


def remember_compile(model: Any, metrics: Any) -> None:
    frame = callsite.script_frame()
    site = callsite.span(frame) if frame is not None else None
    names = [metric_name(metric) for metric in _as_list(metrics)]
    object.__setattr__(model, COMPILED, {"site": site, "metrics": names})


def number(model: Any) -> int:
    """A stable number per model object (Python ids are reused once a model is freed)."""
    if getattr(model, NUMBER, None) is None:
        object.__setattr__(model, NUMBER, next(_numbers))
    return getattr(model, NUMBER)


def describe_model(model: Any, get_loss: Any) -> dict:
    layers = _layers(model)
    units, activation = _head(model)
    loss, from_logits = _loss(getattr(model, "loss", None), get_loss)
    compiled = getattr(model, COMPILED, None) or {}
    sites = [getattr(layer, SITE, None) for layer in [model, *layers]] + [compiled.get("site")]
    return {
        "id": number(model),
        "class": type(model).__name__,
        "units": units,
        "activation": activation,
        "loss": loss,
        "from_logits": from_logits,
        "metrics": compiled.get("metrics"),
        "resolved_metrics": resolved_metrics(model),
        "rescales": any(type(layer).__name__ in _RESCALING_LAYERS for layer in layers),
        "input_shape": declared_input_shape(model),
        "sites": list(dict.fromkeys(tuple(site) for site in sites if site)),
    }


def _layers(model: Any) -> list:
    flatten = getattr(model, "_flatten_layers", None)
    if callable(flatten):
        return list(flatten(include_self=False, recursive=True))
    return list(getattr(model, "layers", []))


def _head(model: Any) -> tuple[int | None, str | None]:
    """Units of the last layer that has units, and the activation that really ends the model.

    A model used as a layer (`Sequential([model, Softmax()])`) ends with its own head.
    """
    activation = None
    for layer in reversed(getattr(model, "layers", [])):
        if hasattr(layer, "layers") and hasattr(layer, "compile"):
            units, inner = _head(layer)
            return units, activation or inner
        kind = type(layer).__name__
        if kind in _ACTIVATION_LAYERS:
            activation = activation or _ACTIVATION_LAYERS[kind] or function_name(getattr(layer, "activation", None))
            continue
        units = getattr(layer, "units", None)
        if isinstance(units, int):
            return units, activation or function_name(getattr(layer, "activation", None)) or "linear"
    return None, activation


def _loss(loss: Any, get_loss: Any) -> tuple[str | None, bool | None]:
    if loss is None or isinstance(loss, (dict, list, tuple)):
        return None, None
    if isinstance(loss, str):
        try:
            loss = get_loss(loss)
        except (ValueError, TypeError):
            return loss, False
    if not hasattr(loss, "get_config") or not hasattr(loss, "call"):  # a loss function
        return function_name(loss), False
    wrapped = getattr(loss, "fn", None)
    name = function_name(wrapped) if wrapped is not None else getattr(loss, "name", None) or snake_case(type(loss).__name__)
    from_logits = getattr(loss, "from_logits", None)
    if from_logits is None:
        from_logits = (getattr(loss, "_fn_kwargs", None) or {}).get("from_logits", False)
    return name, bool(from_logits)


def resolved_metrics(model: Any) -> list[str] | None:
    """The metrics Keras really computes, once a first batch has resolved "accuracy" by shapes."""
    try:
        tracked = list(model.metrics)
    except Exception:  # not built yet: Keras refuses to list them
        return None
    names = []
    for metric in tracked:
        inner = metric.metrics if hasattr(metric, "_user_metrics") else [metric]  # Keras 3 CompileMetrics
        for each in inner:
            if each.name == "loss" or each.name.endswith("_loss"):
                continue
            names.append(metric_name(each))
    return names or None


def declared_input_shape(model: Any) -> list | None:
    try:
        inputs = model.inputs
    except (AttributeError, ValueError):
        return None
    if not inputs:
        return None
    return [None if dimension is None else int(dimension) for dimension in tuple(inputs[0].shape)[1:]]


def metric_name(metric: Any) -> str:
    """"accuracy" for the string, "categorical_accuracy" for what Keras made of it."""
    if isinstance(metric, str):
        return metric
    wrapped = getattr(metric, "_fn", None)
    if callable(wrapped) and getattr(wrapped, "__name__", None):
        return wrapped.__name__
    if hasattr(metric, "get_config") or not hasattr(metric, "__name__"):
        return snake_case(type(metric).__name__)
    return metric.__name__


def function_name(function: Any) -> str | None:
    if function is None:
        return None
    return getattr(function, "__name__", None) or snake_case(type(function).__name__)


def snake_case(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _as_list(metrics: Any) -> list:
    if metrics is None:
        return []
    if isinstance(metrics, dict):
        return [metric for value in metrics.values() for metric in _as_list(value)]
    return list(metrics) if isinstance(metrics, (list, tuple)) else [metrics]
