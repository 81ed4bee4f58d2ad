"""Hooks on scikit-learn: metric functions, train_test_split, and preprocessing that learns from rows.

Only calls made by the user's code are recorded: scikit-learn calls its own metrics
(f1_score goes through fbeta_score), and those are its business.
"""

from __future__ import annotations

import functools
import inspect
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any

from . import callsite, events, predictions
from .fingerprints import fingerprint

# Where scikit-learn keeps the preprocessing classes keraslint knows by name.
PREPROCESSING_MODULES = ("sklearn.preprocessing", "sklearn.decomposition", "sklearn.impute", "sklearn.feature_selection")
_PREDICTION_PARAMETERS = ("y_pred", "y_score", "y_prob", "probas_pred")
HOOKED = "_keraslint_hooked"


def install_metrics(module: ModuleType, names: list[str]) -> None:
    """Hook each metric in sklearn.metrics and in the module that defines it."""
    for name in names:
        original = getattr(module, name, None)
        if not callable(original):
            continue
        _replace(name, original, _hook_metric(name, original), module)


def install_split(module: ModuleType) -> None:
    original = getattr(module, "train_test_split", None)
    if callable(original):
        _replace("train_test_split", original, _hook_split(original), module)


def install_preprocessing(module: ModuleType, class_names: list[str]) -> None:
    for name in class_names:
        cls = getattr(module, name, None)
        if not isinstance(cls, type):
            continue
        for method in ("fit", "fit_transform"):
            original = getattr(cls, method, None)
            if callable(original) and not getattr(original, HOOKED, False):
                setattr(cls, method, _hook_fit(name, method, original))


def _replace(name: str, original: Callable, hooked: Callable, public: ModuleType) -> None:
    defining = sys.modules.get(getattr(original, "__module__", "") or "")
    for owner in {public, defining} - {None}:
        if getattr(owner, name, None) is original:
            setattr(owner, name, hooked)


def _hook_metric(name: str, original: Callable) -> Callable:
    signature = inspect.signature(original)

    @functools.wraps(original)
    def metric(*args: Any, **kwargs: Any) -> Any:
        frame = None if callsite.inside_hook() or not callsite.called_from_user_code() else callsite.script_frame()
        if frame is not None:
            arguments = signature.bind_partial(*args, **kwargs).arguments
            truth = arguments.get("y_true")
            predicted = next((arguments[key] for key in _PREDICTION_PARAMETERS if key in arguments), None)
            line, end_line = callsite.span(frame)
            events.emit(
                "metric",
                function=name,
                line=line,
                end_line=end_line,
                y_true=fingerprint(truth, callsite.names_of(frame, truth)),
                y_pred=fingerprint(predicted, callsite.names_of(frame, predicted)),
                predicted_by=predictions.source_of(predicted),
            )
        with callsite.Hooked():
            return original(*args, **kwargs)

    return metric


def _hook_split(original: Callable) -> Callable:
    @functools.wraps(original)
    def train_test_split(*arrays: Any, **options: Any) -> Any:
        frame = None if callsite.inside_hook() or not callsite.called_from_user_code() else callsite.script_frame()
        with callsite.Hooked():
            parts = original(*arrays, **options)
        if frame is not None:
            line, end_line = callsite.span(frame)
            events.emit(
                "split",
                line=line,
                end_line=end_line,
                inputs=[fingerprint(array, callsite.names_of(frame, array)) for array in arrays],
                outputs=[fingerprint(part) for part in parts],
            )
        return parts

    return train_test_split


def _hook_fit(cls: str, method: str, original: Callable) -> Callable:
    @functools.wraps(original)
    def fit(self: Any, *args: Any, **kwargs: Any) -> Any:
        frame = None if callsite.inside_hook() or not callsite.called_from_user_code() else callsite.script_frame()
        if frame is not None:
            data = args[0] if args else kwargs.get("X")
            line, end_line = callsite.span(frame)
            events.emit("preprocess", cls=cls, method=method, line=line, end_line=end_line, data=fingerprint(data, callsite.names_of(frame, data)))
        with callsite.Hooked():
            return original(self, *args, **kwargs)

    setattr(fit, HOOKED, True)
    return fit
