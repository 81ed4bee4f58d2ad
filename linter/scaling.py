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
    """Calls whose x has the scale `kind`, grouped by model: the first call carries the later ones.

    A model fitted on data that was scaled from `kind` is left out: its unscaled test data
    is KL203's finding (scaled differently), not a model that never saw scaled data.
    """
    calls_by_model: dict[int, list[tuple[ModelCall, Scale]]] = {}
    models: dict[int, Model] = {}
    trained_scaled = {id(model) for model in fitted_on_scaled(facts, kind)}
    for call in facts.model_calls(*call_kinds):
        array = array_of(call.x)
        model = call.model
        if array is None or array.scale is None or array.scale.kind != kind or model is None:
            continue
        if not model.complete or model.scales_its_input or id(model) in trained_scaled:
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


def fitted_on_scaled(facts: ScriptFacts, kind: str) -> Iterator[Model]:
    """Models fitted on data that was scaled down from `kind` ("pixels", "large")."""
    for call in facts.model_calls("fit"):
        array = array_of(call.x)
        if call.model is not None and array is not None and array.scale is not None:
            if array.scale.kind == "scaled" and array.scale.source == kind:
                yield call.model
