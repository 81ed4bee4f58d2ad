"""Questions several rules ask of ScriptFacts, and the evidence lines that answer them."""

from __future__ import annotations

from dataclasses import dataclass

from keraslint.facts import ModelCall, ScriptFacts
from keraslint.types import Fact
from keraslint.values import Array, Compile, Encoding, Head, Loss, Model, Operand


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


def head_and_loss(model: Model) -> tuple[Head, Compile, Loss] | None:
    """The output layer and the loss, when the script states both."""
    head, compiled = model.head, model.compile
    if head is None or compiled is None or compiled.loss is None:
        return None
    return head, compiled, compiled.loss


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
