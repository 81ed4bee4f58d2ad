"""What the probe saw, as values: read from the child's JSON lines, placed on the user's lines.

Lines come back from the child in the coordinates of the text it ran (a notebook's
joined code cells); here they become the user's own (cell, line), the coordinates of
static findings, so that checks compare a finding's location with a span directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from keraslint.source import Source
from keraslint.types import Location

SELECTING_CALLBACKS = ("EarlyStopping", "ReduceLROnPlateau")


@dataclass(frozen=True)
class Span:
    """The lines of one call in the user's file; `cell` for a notebook."""

    line: int
    end_line: int
    cell: int | None = None

    def covers(self, location: Location) -> bool:
        return self.cell == location.cell and self.line <= location.line <= self.end_line

    def __str__(self) -> str:
        lines = f"line {self.line}" if self.end_line == self.line else f"lines {self.line}-{self.end_line}"
        return f"cell {self.cell}, {lines}" if self.cell is not None else lines


@dataclass(frozen=True)
class ArrayPrint:
    """An array's fingerprint, of the full array as the script passed it."""

    kind: str
    shape: tuple[int, ...] | None = None
    dtype: str | None = None
    low: float | None = None
    high: float | None = None
    hash: str | None = None
    integral: bool | None = None
    row_sums: tuple[float, float] | None = None
    distinct: int | None = None
    names: tuple[str, ...] = ()
    parts: tuple[ArrayPrint, ...] = ()  # the inputs of a multi-input call

    @property
    def main(self) -> ArrayPrint:
        """The first input of a multi-input call; the array itself otherwise."""
        return self.parts[0].main if self.parts else self

    @property
    def rows(self) -> int | None:
        return self.shape[0] if self.shape else None

    @property
    def sample_shape(self) -> tuple[int, ...] | None:
        return self.shape[1:] if self.shape else None

    def same_data(self, other: ArrayPrint | None) -> bool:
        return other is not None and self.hash is not None and self.hash == other.hash

    @property
    def encoding(self) -> str | None:
        """How these values encode labels: one-hot, multi-hot, integer, or None when they are not labels."""
        if not self.integral or not self.shape:
            return None
        if len(self.shape) == 1 or (len(self.shape) == 2 and self.shape[1] == 1):
            return "integer"
        if len(self.shape) == 2 and self.row_sums is not None:
            return "one-hot" if self.row_sums == (1.0, 1.0) else "multi-hot" if self.row_sums[1] > 1 else None
        return None

    @property
    def classes(self) -> int | None:
        """How many classes labels show: the width of one-hot rows, the distinct values of integers."""
        if self.encoding == "one-hot" and self.shape:
            return self.shape[1]
        return self.distinct if self.encoding == "integer" else None

    def describe(self) -> str:
        """"uint8 (300, 28, 28), min 0, max 255" (the range when numeric, the names when known)."""
        main = self.main
        if main.shape is None:
            return main.kind
        text = f"{main.dtype} {tuple(main.shape)}"
        if main.low is not None and main.high is not None:
            text += f", min {main.low:g}, max {main.high:g}"
        return text

    def describe_labels(self) -> str:
        encoding, classes = self.encoding, self.classes
        if encoding == "one-hot":
            return f"{self.describe()}: one-hot of {classes} (every row sums to 1)"
        if encoding == "multi-hot" and self.row_sums is not None:
            return f"{self.describe()}: multi-hot (rows sum to {self.row_sums[0]:g}..{self.row_sums[1]:g})"
        if encoding == "integer":
            return f"{self.describe()}: integer labels, {classes} distinct"
        return self.describe()

    def named(self, role: str) -> str:
        """"fit x (train_images)": the role in the call, and the script's name for the array if it had one."""
        return f"{role} ({', '.join(self.main.names)})" if self.main.names else role


@dataclass(frozen=True)
class ModelPrint:
    number: int
    cls: str
    units: int | None
    activation: str | None
    loss: str | None
    from_logits: bool | None
    metrics: tuple[str, ...]
    resolved_metrics: tuple[str, ...] | None
    rescales: bool
    input_shape: tuple[int | None, ...] | None
    sites: tuple[Span, ...]

    def head(self) -> str:
        """"output 10 units, sigmoid; loss binary_crossentropy (from_logits=False)"."""
        loss = f"; loss {self.loss} (from_logits={self.from_logits})" if self.loss else "; not compiled"
        units = "unit" if self.units == 1 else "units"
        return f"output {self.units} {units}, {self.activation}{loss}"


@dataclass(frozen=True)
class ModelCall:
    """model.fit / evaluate / predict as the script called it."""

    number: int
    method: str
    span: Span
    model: ModelPrint  # as it was when the call started
    x: ArrayPrint | None
    y: ArrayPrint | None
    validation_x: ArrayPrint | None
    validation_y: ArrayPrint | None
    validation_split: float
    selecting_callbacks: tuple[str, ...]  # callbacks that act on the validation score

    def role(self, part: str) -> str:
        array = getattr(self, part)
        role = f"{self.method} {part.replace('_', ' ')}"
        return array.named(role) if array is not None else role


@dataclass(frozen=True)
class MetricCall:
    function: str
    span: Span
    y_true: ArrayPrint | None
    y_pred: ArrayPrint | None
    predicted_by: int | None  # the number of the predict call whose output y_pred is


@dataclass(frozen=True)
class Shuffle:
    function: str
    span: Span
    target: ArrayPrint | None
    distinct_before: int | None
    distinct_after: int | None


@dataclass(frozen=True)
class Split:
    """train_test_split: its inputs, and its outputs in the order it returns them."""

    span: Span
    inputs: tuple[ArrayPrint, ...]
    outputs: tuple[ArrayPrint, ...]


@dataclass(frozen=True)
class PreprocessingFit:
    cls: str
    span: Span
    data: ArrayPrint | None


@dataclass(frozen=True)
class CallCount:
    method: str
    span: Span
    calls: int


@dataclass(frozen=True)
class Ending:
    """How the run ended: `finished` when the script ran to its end; otherwise why not."""

    finished: bool
    reason: str = ""


@dataclass(frozen=True)
class Observations:
    ending: Ending
    seconds: float = 0.0
    calls: tuple[ModelCall, ...] = ()
    metrics: tuple[MetricCall, ...] = ()
    shuffles: tuple[Shuffle, ...] = ()
    splits: tuple[Split, ...] = ()
    preprocessing: tuple[PreprocessingFit, ...] = ()
    models: tuple[ModelPrint, ...] = ()  # each model as last seen
    call_counts: tuple[CallCount, ...] = ()
    stand_ins: tuple[str, ...] = ()  # "mnist (cell 2, line 3)": data sets the probe made up
    hook_errors: tuple[str, ...] = ()

    def calls_at(self, location: Location, *methods: str) -> list[ModelCall]:
        return [call for call in self.calls if call.span.covers(location) and (not methods or call.method in methods)]

    def model_at(self, location: Location) -> ModelPrint | None:
        """The model (as last seen) whose layers or compile call are on the finding's line.

        A compiled one first: a model that wraps another (`Sequential([model, Softmax()])`)
        shares its layers, but the findings are about the one that has a loss.
        """
        covering = [model for model in self.models if any(site.covers(location) for site in model.sites)]
        return max(covering, key=lambda model: (model.loss is not None, model.number), default=None)

    def calls_of(self, model: ModelPrint, *methods: str) -> list[ModelCall]:
        return [call for call in self.calls if call.model.number == model.number and (not methods or call.method in methods)]

    def after(self, call: ModelCall) -> list[ModelCall]:
        return [later for later in self.calls if later.number > call.number]

    def count(self, call: ModelCall) -> int:
        """How often the call's site ran: the child counts at the end; a run cut short has only the recorded calls."""
        recorded = sum(1 for other in self.calls if other.method == call.method and other.span == call.span)
        counted = next((count.calls for count in self.call_counts if count.method == call.method and count.span == call.span), 0)
        return max(recorded, counted)


def read_observations(events: Iterable[dict], source: Source, ending: Ending, seconds: float) -> Observations:
    """Observations from the child's events, with every line placed in the user's file."""
    place = Placer(source)
    calls: list[ModelCall] = []
    metrics: list[MetricCall] = []
    shuffles: list[Shuffle] = []
    splits: list[Split] = []
    preprocessing: list[PreprocessingFit] = []
    counts: list[CallCount] = []
    stand_ins: list[str] = []
    hook_errors: list[str] = []
    models: dict[int, ModelPrint] = {}  # each model as last seen
    for event in events:
        kind = event.get("kind")
        if kind == "model":
            models[event["id"]] = _model(event, place)
        elif kind == "call":
            calls.append(_call(event, place))
            models[calls[-1].model.number] = calls[-1].model
        elif kind == "metric":
            truth, predicted = _array(event.get("y_true")), _array(event.get("y_pred"))
            metrics.append(MetricCall(event["function"], place(event), truth, predicted, event.get("predicted_by")))
        elif kind == "shuffle":
            target = _array(event.get("target"))
            shuffles.append(Shuffle(event["function"], place(event), target, event.get("distinct_before"), event.get("distinct_after")))
        elif kind == "split":
            splits.append(Split(place(event), _arrays(event.get("inputs")), _arrays(event.get("outputs"))))
        elif kind == "preprocess":
            preprocessing.append(PreprocessingFit(event["cls"], place(event), _array(event.get("data"))))
        elif kind == "dataset":
            stand_ins.append(f"keras.datasets.{event['name']} ({place(event)})")
        elif kind == "counts":
            counts += [CallCount(method, place.span(line, end), number) for method, line, end, number in event["calls"]]
        elif kind == "hook_error":
            hook_errors.append(f"{event.get('module')}: {event.get('error')}")
    return Observations(
        ending,
        seconds,
        tuple(calls),
        tuple(metrics),
        tuple(shuffles),
        tuple(splits),
        tuple(preprocessing),
        tuple(models.values()),
        tuple(counts),
        tuple(stand_ins),
        tuple(hook_errors),
    )


class Placer:
    """Lines of the text the child ran -> spans in the user's file (cells for notebooks)."""

    def __init__(self, source: Source):
        self.source = source

    def __call__(self, event: dict) -> Span:
        return self.span(int(event.get("line") or 0), int(event.get("end_line") or event.get("line") or 0))

    def span(self, line: int, end_line: int) -> Span:
        start, end = self.source.position(line), self.source.position(end_line)
        return Span(start.line, end.line if end.cell == start.cell else start.line, start.cell)


def _model(event: dict, place: Placer) -> ModelPrint:
    resolved = event.get("resolved_metrics")
    shape = event.get("input_shape")
    return ModelPrint(
        event["id"],
        event.get("class", "Model"),
        event.get("units"),
        event.get("activation"),
        event.get("loss"),
        event.get("from_logits"),
        tuple(event.get("metrics") or ()),
        tuple(resolved) if resolved is not None else None,
        bool(event.get("rescales")),
        tuple(shape) if shape is not None else None,
        tuple(place.span(line, end) for line, end in event.get("sites") or ()),
    )


def _call(event: dict, place: Placer) -> ModelCall:
    arrays = event.get("arrays") or {}
    return ModelCall(
        event["id"],
        event["method"],
        place(event),
        _model(event["model"], place),
        _array(arrays.get("x")),
        _array(arrays.get("y")),
        _array(arrays.get("validation_x")),
        _array(arrays.get("validation_y")),
        float(event.get("validation_split") or 0),
        tuple(callback["class"] for callback in event.get("callbacks") or () if _selects(callback)),
    )


def _selects(callback: dict) -> bool:
    """Whether a callback chooses something (when to stop, which weights to keep) by a validation score."""
    if not str(callback.get("monitor") or "").startswith("val_"):
        return False
    return callback["class"] in SELECTING_CALLBACKS or (callback["class"] == "ModelCheckpoint" and bool(callback.get("best_only")))


def _array(data: dict | None) -> ArrayPrint | None:
    if data is None:
        return None
    sums = data.get("row_sums")
    return ArrayPrint(
        data.get("kind", "?"),
        tuple(data["shape"]) if data.get("shape") is not None else None,
        data.get("dtype"),
        data.get("min"),
        data.get("max"),
        data.get("hash"),
        data.get("integral"),
        (float(sums[0]), float(sums[1])) if sums else None,
        data.get("distinct"),
        tuple(data.get("names") or ()),
        _arrays(data.get("parts")),
    )


def _arrays(data: list | None) -> tuple[ArrayPrint, ...]:
    return tuple(array for array in map(_array, data or ()) if array is not None)
