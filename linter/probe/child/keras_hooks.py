"""Hooks on one Keras (Keras 3's `keras`, or `tf_keras`): what fit / evaluate / predict get, and where models come from.

Each call from the script is recorded before it runs (so that a call that fails at
its first batch is still observed), then runs on a couple of batches. A call site
that repeats (predict in a loop over the test set) runs for real a few times, then
answers at once with the shape of its last answer.
"""

from __future__ import annotations

import functools
import inspect
import itertools
from collections import Counter
from collections.abc import Callable
from typing import Any

from . import callsite, events, predictions, shorten
from .fingerprints import dataset_parts, fingerprint
from .models import describe_model, remember_compile, remember_site

REAL_CALLS_PER_SITE = 3
_call_ids = itertools.count(1)
_calls_per_site: Counter = Counter()
_last_result: dict[tuple, Any] = {}


def install(keras: Any) -> None:
    """Hook the Model, Layer and Normalization classes of a Keras package (`keras` or `tf_keras`)."""
    model_class = keras.Model
    for method in ("fit", "evaluate", "predict"):
        _replace_method(model_class, method, functools.partial(_hook_call, method, keras=keras))
    _replace_method(model_class, "compile", functools.partial(_hook_compile, get_loss=keras.losses.get))
    layer_class = keras.layers.Layer
    layer_class.__init__ = _hook_layer_init(layer_class.__init__)
    normalization = keras.layers.Normalization
    normalization.adapt = _hook_adapt(normalization.adapt)


def _replace_method(cls: type, name: str, hook: Callable[[Callable], Callable]) -> None:
    """Hook the method in the class that defines it: Keras compares `type(model).compile` with
    `Trainer.compile` to tell a user's own compile from its own."""
    owner = next(base for base in cls.__mro__ if name in vars(base))
    setattr(owner, name, hook(vars(owner)[name]))


def call_counts() -> list[list]:
    """[method, line, end_line, calls] per call site, repeats included."""
    return [[method, line, end_line, count] for (method, line, end_line), count in _calls_per_site.items()]


def _hook_call(method: str, original: Callable, keras: Any) -> Callable:
    signature = inspect.signature(original)
    run = _RUNNERS[method]

    @functools.wraps(original)
    def hooked(self, *args, **kwargs):
        frame = None if callsite.inside_hook() else callsite.script_frame()
        if frame is None:  # Keras calling itself (fit validates through evaluate)
            return original(self, *args, **kwargs)
        bound = signature.bind(self, *args, **kwargs)
        bound.apply_defaults()
        site = (method, *callsite.span(frame))
        _calls_per_site[site] += 1
        if _calls_per_site[site] > REAL_CALLS_PER_SITE and site in _last_result:
            return _again(method, _last_result[site], bound.arguments)
        call_id = _record(method, site, frame, self, bound.arguments, keras)
        events.progress(f"running {method} (line {site[1]})")
        with callsite.Hooked():
            result = run(original, bound, keras)
        _last_result[site] = result
        if method == "predict":
            predictions.remember(call_id, result)
        if method == "fit":  # "accuracy" is resolved at the first batch
            events.emit("model", **describe_model(self, keras.losses.get))
        return result

    return hooked


def _record(method: str, site: tuple, frame: Any, model: Any, arguments: dict, keras: Any) -> int:
    x, y = arguments.get("x"), arguments.get("y")
    parts = dataset_parts(x) if y is None else None
    if parts is not None:
        x, y = parts
    arrays = {"x": fingerprint(x, callsite.names_of(frame, x)), "y": fingerprint(y, callsite.names_of(frame, y))}
    validation = arguments.get("validation_data")
    if validation is not None:
        pair = tuple(validation) if isinstance(validation, (tuple, list)) else dataset_parts(validation) or (validation, None)
        arrays["validation_x"] = fingerprint(pair[0], callsite.names_of(frame, pair[0]))
        arrays["validation_y"] = fingerprint(pair[1], callsite.names_of(frame, pair[1]))
    call_id = next(_call_ids)
    events.emit(
        "call",
        id=call_id,
        method=method,
        line=site[1],
        end_line=site[2],
        model=describe_model(model, keras.losses.get),
        arrays=arrays,
        validation_split=arguments.get("validation_split") or 0,
        callbacks=[_describe_callback(callback) for callback in arguments.get("callbacks") or ()],
    )
    return call_id


def _describe_callback(callback: Any) -> dict:
    """What a callback watches: EarlyStopping on val_loss selects the model on the validation data."""
    return {
        "class": type(callback).__name__,
        "monitor": getattr(callback, "monitor", None),
        "best_only": getattr(callback, "save_best_only", None),
    }


def _again(method: str, last: Any, arguments: dict) -> Any:
    """The answer of a call site seen often enough: its last answer, shaped for these inputs."""
    if method != "predict":
        return last
    rows = shorten.rows_of(arguments.get("x"))
    return shorten.pad(shorten.cut(last, rows), rows) if rows else last


def _cut_inputs(arguments: dict, names: tuple[str, ...], steps_argument: str) -> None:
    """A couple of batches of the inputs, or a couple of steps when they cannot be cut."""
    batch = shorten.batch_size(arguments.get("batch_size"))
    inputs = [arguments.get(name) for name in names]
    if inputs[0] is not None and all(shorten.can_cut(value) for value in inputs):
        for name, value in zip(names, inputs):
            arguments[name] = shorten.cut(value, shorten.STEPS * batch)
        arguments["batch_size"], arguments[steps_argument] = batch, None
    else:
        arguments[steps_argument] = shorten.STEPS
    arguments["verbose"] = 0


def _run_fit(original: Callable, bound: inspect.BoundArguments, keras: Any) -> Any:
    arguments = bound.arguments
    requested = (int(arguments.get("initial_epoch") or 0), int(arguments.get("epochs") or 1))
    _cut_inputs(arguments, ("x", "y", "sample_weight"), "steps_per_epoch")
    arguments["epochs"], arguments["initial_epoch"] = 1, 0
    validation = arguments.get("validation_data")
    if isinstance(validation, (tuple, list)) and all(shorten.can_cut(part) for part in validation):
        arguments["validation_data"] = type(validation)(shorten.cut(part, shorten.BATCH) for part in validation)
    elif validation is not None:
        arguments["validation_steps"] = 1
    arguments["callbacks"] = [*(arguments.get("callbacks") or ()), _progress_callback(keras)]
    history = original(*bound.args, **bound.kwargs)
    shorten.stretch_history(history, *requested)
    return history


def _run_evaluate(original: Callable, bound: inspect.BoundArguments, keras: Any) -> Any:
    _cut_inputs(bound.arguments, ("x", "y", "sample_weight"), "steps")
    return original(*bound.args, **bound.kwargs)


def _run_predict(original: Callable, bound: inspect.BoundArguments, keras: Any) -> Any:
    rows = shorten.rows_of(bound.arguments.get("x"))
    _cut_inputs(bound.arguments, ("x",), "steps")
    result = original(*bound.args, **bound.kwargs)
    return shorten.pad(result, rows) if rows else result


_RUNNERS = {"fit": _run_fit, "evaluate": _run_evaluate, "predict": _run_predict}


@functools.cache
def _progress_class(keras: Any) -> type:
    class ProbeProgress(keras.callbacks.Callback):
        def on_train_batch_begin(self, batch, logs=None):
            events.progress(f"running fit step {batch + 1}/{shorten.STEPS}")

    return ProbeProgress


def _progress_callback(keras: Any) -> Any:
    return _progress_class(keras)()


def _hook_compile(original: Callable, get_loss: Callable) -> Callable:
    signature = inspect.signature(original)

    @functools.wraps(original)
    def compile(self, *args, **kwargs):
        result = original(self, *args, **kwargs)
        if not callsite.inside_hook():
            remember_compile(self, signature.bind(self, *args, **kwargs).arguments.get("metrics"))
            events.emit("model", **describe_model(self, get_loss))
        return result

    return compile


def _hook_layer_init(original: Callable) -> Callable:
    @functools.wraps(original)
    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        remember_site(self)

    # Keras 3 reads the argspec of __init__ (which ignores __wrapped__) to rebuild layers' configs.
    __init__.__signature__ = inspect.signature(original)  # type: ignore[attr-defined]
    return __init__


def _hook_adapt(original: Callable) -> Callable:
    @functools.wraps(original)
    def adapt(self, data, *args, **kwargs):
        frame = callsite.script_frame()
        if frame is not None and not callsite.inside_hook():
            line, end_line = callsite.span(frame)
            events.emit("preprocess", cls=type(self).__name__, line=line, end_line=end_line, data=fingerprint(data, callsite.names_of(frame, data)))
        return original(self, data, *args, **kwargs)

    return adapt
