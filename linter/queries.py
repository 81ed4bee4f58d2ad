"""Questions several rules ask of ScriptFacts, and the evidence lines that answer them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from keraslint.facts import ModelCall, ScriptFacts
from keraslint.types import Fact
from keraslint.values import Array, Encoding, Head, Loss, Model, Operand


@dataclass(frozen=True)
class Labels:
    """The labels a model is trained on, as the first fit with known labels shows them."""

    encoding: Encoding
    operand: Operand
    fit: ModelCall


def training_labels(facts: ScriptFacts, model: Model) -> Labels | None:
    for call in facts.model_calls("fit"):
        if call.model is not model or call.compiled is not model.compile:  # fitted under another loss
            continue
        if call.y is not None and isinstance(call.y.value, Array) and call.y.value.encoding:
            return Labels(call.y.value.encoding, call.y, call)
    return None


@dataclass(frozen=True)
class CompiledHead:
    """A model whose output layer and loss the script states."""

    model: Model
    head: Head
    loss: Loss


def compiled_heads(facts: ScriptFacts) -> Iterator[CompiledHead]:
    for model in facts.models:
        head, compiled = model.head, model.compile
        if head is not None and compiled is not None and compiled.loss is not None:
            yield CompiledHead(model, head, compiled.loss)


def head_fact(head: Head) -> Fact:
    units = f"{head.units} unit{'s' if head.units != 1 else ''}" if head.units is not None else "output"
    return Fact(f"output layer: {units}, {head.activation}", head.node)


def loss_fact(loss: Loss) -> Fact:
    logits = "" if loss.from_logits is False else f", from_logits={loss.from_logits}"
    return Fact(f"loss: {loss.name}{logits}", loss.node)


def holds(facts: ScriptFacts, operand: Operand, fact: Fact) -> Fact:
    """"y_train holds one-hot rows of 10 classes", pointing where that was established."""
    return Fact(f"{facts.code(operand.node)} holds {fact.text}", fact.node)


def array_of(operand: Operand | None) -> Array | None:
    return operand.value if operand is not None and isinstance(operand.value, Array) else None
