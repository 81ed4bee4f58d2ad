"""Finding unscaled data where it reaches a model: one finding per model, at the first call."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from keraslint.facts import ModelCall, ScriptFacts
from keraslint.queries import array_of, holds
from keraslint.types import Fact
from keraslint.values import Model, Scale


@dataclass(frozen=True)
class UnscaledInput:
    first: ModelCall
    name: str  # the argument as written, e.g. X_train
    scale: Scale
    evidence: tuple[Fact, ...]


def unscaled_inputs(facts: ScriptFacts, kind: str, call_kinds: tuple[str, ...]) -> Iterator[UnscaledInput]:
    """Calls whose x has the scale `kind`, grouped by model: the first call carries the later ones."""
    calls_by_model: dict[int, list[tuple[ModelCall, Scale]]] = {}
    models: dict[int, Model] = {}
    for call in facts.model_calls(*call_kinds):
        array = array_of(call.x)
        model = call.model
        if array is None or array.scale is None or array.scale.kind != kind or model is None:
            continue
        if not model.complete or model.scales_its_input:
            continue
        calls_by_model.setdefault(id(model), []).append((call, array.scale))
        models[id(model)] = model
    for key, calls in calls_by_model.items():
        first, scale = calls[0]
        assert first.x is not None
        evidence = [
            holds(facts, first.x, scale.fact),
            Fact("the model has no Rescaling or Normalization layer", models[key].node),
        ]
        seen = {first.node}
        for later, _ in calls[1:]:
            if later.node not in seen:
                seen.add(later.node)
                evidence.append(Fact(f"also reaches model.{later.kind}", later.node))
        yield UnscaledInput(first, facts.code(first.x.node), scale, tuple(evidence))
