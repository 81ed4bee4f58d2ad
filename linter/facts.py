"""ScriptFacts: the abstract picture of a training script that rules read.

Models with their layers and compile calls, and the events of the script in program
order: fit, evaluate and predict calls, scikit-learn metric calls, shuffles, splits and
preprocessing fits. keraslint.reader builds it in one pass; rules never walk syntax.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

import libcst as cst

from keraslint.values import Compile, Model, Operand


@dataclass(frozen=True)
class ModelCall:
    """`model.fit / evaluate / predict(...)` as it was called."""

    kind: str  # "fit", "evaluate" or "predict"
    model: Model | None
    node: cst.Call = field(repr=False)
    x: Operand | None
    y: Operand | None
    validation_x: Operand | None = None
    validation_y: Operand | None = None
    validation_node: cst.CSTNode | None = None
    selecting_callbacks: tuple[str, ...] = ()  # callbacks that act on the validation score
    compiled: Compile | None = None  # the compile in force at this call
    result_names: tuple[str, ...] = ()
    in_loop: bool = False


@dataclass(frozen=True)
class MetricCall:
    """A scikit-learn metric function: `accuracy_score(y_true, y_pred)`."""

    name: str
    node: cst.Call = field(repr=False)
    y_true: Operand | None
    y_pred: Operand | None
    result_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class ShuffleCall:
    function: str  # "random.shuffle" or "numpy.random.shuffle"
    node: cst.Call = field(repr=False)
    target: Operand


@dataclass(frozen=True)
class SplitCall:
    """`train_test_split(X, y, ...)` and the names its parts are bound to."""

    node: cst.Call = field(repr=False)
    inputs: tuple[Operand, ...]
    result_names: tuple[str, ...]
    target: cst.CSTNode | None  # the assignment target the parts are unpacked into


@dataclass(frozen=True)
class PreprocessingFit:
    """A preprocessing step learning statistics from data: `scaler.fit(X)`, `norm.adapt(X)`."""

    cls: str
    node: cst.Call = field(repr=False)
    data: Operand


Event = Union[ModelCall, MetricCall, ShuffleCall, SplitCall, PreprocessingFit]


@dataclass
class ScriptFacts:
    module: cst.Module
    models: list[Model] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def model_calls(self, *kinds: str) -> list[ModelCall]:
        return [event for event in self.events if isinstance(event, ModelCall) and (not kinds or event.kind in kinds)]

    def metric_calls(self) -> list[MetricCall]:
        return [event for event in self.events if isinstance(event, MetricCall)]

    def shuffles(self) -> list[ShuffleCall]:
        return [event for event in self.events if isinstance(event, ShuffleCall)]

    def splits(self) -> list[SplitCall]:
        return [event for event in self.events if isinstance(event, SplitCall)]

    def preprocessing_fits(self) -> list[PreprocessingFit]:
        return [event for event in self.events if isinstance(event, PreprocessingFit)]

    def code(self, node: cst.CSTNode) -> str:
        return " ".join(self.module.code_for_node(node).split())
