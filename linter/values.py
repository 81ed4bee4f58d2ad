"""The abstract values that ScriptFacts gives to names and expressions.

An abstract value says what the linter knows about a runtime value and nothing more:
every field may be None, meaning "unknown", and a rule that needs an unknown field
stays silent. Each known fact keeps the syntax it was read from, for the evidence.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from typing import Union

import libcst as cst

from keraslint.types import Fact

_fresh_ids = itertools.count(1)


def fresh_id() -> int:
    """A new identity for a set of rows (a data set, a split, a subset)."""
    return next(_fresh_ids)


@dataclass(frozen=True)
class Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = Unknown()


@dataclass(frozen=True)
class Const:
    """A Python literal: number, string, bytes, bool or None."""

    value: object


@dataclass(frozen=True)
class Sequence:
    """A tuple or list literal (or a tuple a call returns), item by item."""

    items: tuple[Value, ...]


@dataclass(frozen=True)
class Interval:
    """The range of a number that is known only by its bounds (e.g. random.randrange)."""

    low: float
    high: float

    def hull(self, other: Interval) -> Interval:
        return Interval(min(self.low, other.low), max(self.high, other.high))


@dataclass(frozen=True)
class Growing:
    """A list that a program appends to: what we know about all its elements."""

    element: Value | None  # None: nothing appended yet


@dataclass(frozen=True)
class Qualified:
    """A module, class or function known by its canonical dotted name (`numpy.eye`)."""

    name: str


@dataclass(frozen=True)
class Split:
    """Which part of a data set some rows are; `token` identifies the part."""

    token: str
    role: str | None  # "train", "validation", "test", or None when nothing says
    fact: Fact


@dataclass(frozen=True)
class Scale:
    """The value range of features: "pixels" (0..255), "large" raw numbers, or "scaled"."""

    kind: str
    fact: Fact
    high: float | None = None
    source: str | None = None  # for "scaled": what it was before ("pixels", "large"), if known


@dataclass(frozen=True)
class Encoding:
    """How labels are encoded: "one-hot", "integer", "multi-hot", "binary" or "probabilities"."""

    kind: str
    classes: int | None
    fact: Fact


@dataclass(frozen=True)
class Array:
    """Data: features, labels or predictions, with their lineage."""

    rows: int  # identity of the set of samples; kept by transforms that keep the rows
    split: Split | None = None
    scale: Scale | None = None
    encoding: Encoding | None = None
    sample_shape: tuple[int, ...] | None = None  # per row; -1 for a dimension of unknown size
    shape_fact: Fact | None = None
    container: str | None = None  # "ndarray", "dataframe", "list"
    one_sample: Fact | None = None  # a single row taken out of a data set, and where
    predicted_by: Model | None = None
    columns: tuple[Interval | None, ...] | None = None  # value range per column
    literal_rows: tuple[tuple[float, ...], ...] | None = None  # a small literal table
    pixel_columns: bool = False  # a table whose feature columns are pixels (MNIST CSV)
    table: bool = False  # a lookup table indexed by labels: np.eye(k), a literal table of rows
    # The order of the rows: arrays of the same rows are aligned only if their orders are equal.
    order: int | None = 0  # None: unknown
    order_fact: Fact | None = None  # the shuffle or permutation that set the order
    selector: str | None = None  # "permutation" or "fold": an array of row indices
    few_rows: bool = False  # a handful of rows taken by a literal slice, x[:10]

    def derive(self, **changes) -> Array:
        return replace(self, **changes)


@dataclass(frozen=True)
class Dataset:
    """A tf.data pipeline, a generator or a directory iterator: features and labels together."""

    features: Array | None
    labels: Array | None


@dataclass(frozen=True)
class Layer:
    """One Keras layer as constructed: what kind it is and what it declares."""

    kind: str  # the class name: Dense, Activation, Flatten, Rescaling, ... or "?" if unknown
    node: cst.CSTNode = field(repr=False)
    units: int | None = None
    activation: str | None = None  # canonical name; None when unknown
    input_shape: tuple[int, ...] | None = None
    input_shape_node: cst.CSTNode | None = None


@dataclass(frozen=True)
class Tensor:
    """A symbolic tensor of the functional API: the layers it went through."""

    layers: tuple[Layer, ...]
    input_shape: tuple[int, ...] | None = None
    input_node: cst.CSTNode | None = None


@dataclass(frozen=True)
class Loss:
    name: str  # canonical: binary_crossentropy, categorical_crossentropy, ... or "other"
    node: cst.CSTNode = field(repr=False)
    from_logits: bool | None = False  # None when the argument is not a literal

    @property
    def probabilistic(self) -> bool:
        return self.name in PROBABILISTIC_LOSSES


PROBABILISTIC_LOSSES = frozenset(
    {
        "binary_crossentropy",
        "categorical_crossentropy",
        "sparse_categorical_crossentropy",
        "binary_focal_crossentropy",
        "categorical_focal_crossentropy",
    }
)


@dataclass(frozen=True)
class Metric:
    name: str  # canonical: accuracy, binary_accuracy, categorical_accuracy, ...
    node: cst.CSTNode = field(repr=False)


@dataclass(frozen=True)
class Compile:
    node: cst.CSTNode = field(repr=False)
    loss: Loss | None
    metrics: tuple[Metric, ...]


@dataclass(frozen=True)
class Head:
    """What the last layers of a model make of its output."""

    units: int | None
    activation: str | None
    node: cst.CSTNode  # the layer that chooses the activation: the Dense or an Activation after it


# Layers that change neither the width nor the range of what reaches them at inference.
TRANSPARENT_LAYERS = frozenset({"Dropout", "AlphaDropout", "GaussianDropout", "GaussianNoise", "ActivityRegularization", "SpatialDropout1D", "SpatialDropout2D"})
ACTIVATION_LAYERS = {"Softmax": "softmax", "ReLU": "relu", "LeakyReLU": "leaky_relu", "ELU": "elu", "PReLU": "prelu"}
SCALING_LAYERS = frozenset({"Rescaling", "Normalization"})
# Layers that only move values around.
SHAPE_LAYERS = frozenset({"InputLayer", "Flatten", "Reshape", "Permute"}) | TRANSPARENT_LAYERS
# A normalisation layer rescues raw input when no non-linearity comes before it.
NORMALIZING_LAYERS = frozenset({"BatchNormalization", "LayerNormalization"})


@dataclass(eq=False)
class Model:
    """A Keras model. Mutable, because `model.add` and `model.compile` change it in place."""

    node: cst.CSTNode = field(repr=False)
    layers: list[Layer] = field(default_factory=list)
    complete: bool = True  # False when some layer could not be read
    compile: Compile | None = None

    @property
    def input_shape(self) -> tuple[tuple[int, ...], cst.CSTNode] | None:
        if self.layers and self.layers[0].input_shape is not None:
            first = self.layers[0]
            return first.input_shape, first.input_shape_node or first.node
        return None

    @property
    def head(self) -> Head | None:
        """The unit count and activation of the output, if the layers say them."""
        if not self.complete:
            return None
        activation: tuple[str, cst.CSTNode] | None = None
        for layer in reversed(self.layers):
            if layer.kind in TRANSPARENT_LAYERS:
                continue
            if layer.kind in ACTIVATION_LAYERS or layer.kind == "Activation":
                name = ACTIVATION_LAYERS.get(layer.kind, layer.activation)
                if name is None:
                    return None
                if name != "linear":  # Activation("linear") is the identity, often a dtype cast
                    activation = activation or (name, layer.node)
                continue
            if layer.kind != "Dense":
                return None
            name, node = activation or (layer.activation, layer.node)
            if name is None:
                return None
            return Head(layer.units, name, node)
        return None

    @property
    def scales_its_input(self) -> bool:
        if any(layer.kind in SCALING_LAYERS for layer in self.layers):
            return True
        for layer in self.layers:
            if layer.kind in NORMALIZING_LAYERS:
                return True
            if layer.kind not in SHAPE_LAYERS and layer.activation != "linear":
                return False
        return False


@dataclass(frozen=True)
class BoundMethod:
    """`receiver.name`, waiting to be called."""

    receiver: Value
    name: str
    receiver_node: cst.CSTNode


@dataclass(frozen=True)
class Function:
    """A function the script defines, called by inlining its body."""

    node: cst.FunctionDef
    scope: object  # the Scope it was defined in (facts.Scope)


@dataclass(frozen=True)
class Instance:
    """An object of a known class that we track only by its class: a scaler, a callback."""

    cls: str
    selects: bool = False  # a callback that acts on the validation score
    rescales: Fact | None = None  # an ImageDataGenerator(rescale=1/255)
    classes: int | None = None  # an encoder told its categories, e.g. OneHotEncoder(categories=[names])


@dataclass(eq=False)
class Obj:
    """An instance of a class the script defines: its attributes, as `self.x = ...` sets them."""

    attributes: dict[str, Value] = field(default_factory=dict)


@dataclass(frozen=True)
class ClassDef:
    """A class the script defines; `model` when it subclasses keras.Model."""

    node: cst.ClassDef = field(repr=False)
    scope: object
    model: bool


@dataclass(frozen=True)
class Lambda:
    node: cst.Lambda = field(repr=False)
    scope: object


Value = Union[
    Unknown, Const, Sequence, Interval, Growing, Qualified, Array, Dataset, Layer, Tensor, Loss, Metric, Model,
    BoundMethod, Function, Instance, Obj, ClassDef, Lambda,
]


def join(a: Value, b: Value) -> Value:
    """What is known about a value that is either `a` or `b` (two branches of an if)."""
    if a == b or a is b:
        return a
    if isinstance(a, Array) and isinstance(b, Array):
        return Array(
            rows=a.rows if a.rows == b.rows else fresh_id(),
            split=a.split if a.split == b.split else None,
            scale=a.scale if a.scale == b.scale else None,
            encoding=a.encoding if a.encoding == b.encoding else None,
            sample_shape=a.sample_shape if a.sample_shape == b.sample_shape else None,
            shape_fact=a.shape_fact if a.sample_shape == b.sample_shape else None,
            container=a.container if a.container == b.container else None,
            one_sample=a.one_sample if a.one_sample and b.one_sample else None,
            predicted_by=a.predicted_by if a.predicted_by is b.predicted_by else None,
            order=a.order if a.order == b.order else None,
            order_fact=a.order_fact if a.order == b.order else None,
        )
    if isinstance(a, Interval) and isinstance(b, Interval):
        return a.hull(b)
    if isinstance(a, (Interval, Const)) and isinstance(b, (Interval, Const)):
        return join(as_interval(a) or UNKNOWN, as_interval(b) or UNKNOWN)
    if isinstance(a, Sequence) and isinstance(b, Sequence) and len(a.items) == len(b.items):
        return Sequence(tuple(join(x, y) for x, y in zip(a.items, b.items)))
    if isinstance(a, Growing) and isinstance(b, Growing):
        if a.element is None or b.element is None:
            return Growing(a.element or b.element)
        return Growing(join(a.element, b.element))
    return UNKNOWN


def as_interval(value: Value) -> Interval | None:
    if isinstance(value, Interval):
        return value
    if isinstance(value, Const) and isinstance(value.value, (int, float)) and not isinstance(value.value, bool):
        return Interval(value.value, value.value)
    return None


def as_number(value: Value) -> float | None:
    if isinstance(value, Const) and isinstance(value.value, (int, float)) and not isinstance(value.value, bool):
        return value.value
    return None


def as_shape(value: Value) -> tuple[int, ...] | None:
    """A literal shape such as (28, 28, 1); None if any dimension is not a literal int."""
    if isinstance(value, Const) and isinstance(value.value, int) and not isinstance(value.value, bool):
        return (value.value,)
    if isinstance(value, Sequence):
        dims = [as_number(item) for item in value.items]
        if dims and all(isinstance(dim, int) and dim > 0 for dim in dims):
            return tuple(dims)  # type: ignore[arg-type]
    return None


@dataclass(frozen=True)
class Operand:
    """An argument as written and as understood."""

    value: Value
    node: cst.BaseExpression = field(repr=False)
