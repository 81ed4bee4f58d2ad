from __future__ import annotations

from collections.abc import Iterator

from keraslint.facts import ModelCall, ScriptFacts
from keraslint.queries import array_of, holds
from keraslint.rule import Rule
from keraslint.types import Fact, Violation
from keraslint.values import Scale


class ScaledDifferently(Rule):
    """
    ## What it finds
    A model fitted on scaled data (`x_train / 255`) and then evaluated or asked to
    predict on data of the same kind left unscaled (`x_test` in 0..255).

    ## Why it is wrong
    The model learned weights for inputs in 0..1; fed 0..255 its activations are 255
    times too large, its predictions saturate, and the test score is meaningless, while
    the training curves look fine.

    ## What to do
    Apply the same preprocessing to every split, ideally in one function or inside the
    model (`keras.layers.Rescaling(1 / 255)`), so that it cannot be forgotten.
    """

    code = "KL203"
    name = "scaled-differently"
    summary = "training and test data scaled differently"

    VALID = (
        """
import keras
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train, x_test = x_train / 255.0, x_test / 255.0
model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(x_train, y_train)
model.evaluate(x_test, y_test)
""",
    )
    INVALID = (
        """
import keras
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train / 255.0
model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(x_train, y_train)
model.evaluate(x_test, y_test)  # <-
""",
    )

    def check(self, facts: ScriptFacts) -> Iterator[Violation]:
        fits: dict[int, tuple[ModelCall, Scale]] = {}
        unscaled: dict[int, list[ModelCall]] = {}
        for call in facts.model_calls():
            data = array_of(call.x)
            if data is None or data.scale is None or call.model is None:
                continue
            key = id(call.model)
            if call.kind == "fit":
                if data.scale.kind == "scaled" and data.scale.source is not None:
                    fits.setdefault(key, (call, data.scale))
            elif key in fits and data.scale.kind == fits[key][1].source:
                unscaled.setdefault(key, []).append(call)
        for key, calls in unscaled.items():
            fit_call, fit_scale = fits[key]
            first = calls[0]
            yield self.violation(
                first.node,
                f"the model was fitted on scaled data, but {facts.code(first.x.node)} reaches "  # type: ignore[union-attr]
                f"model.{first.kind} unscaled; scale every split the same way",
                holds(facts, first.x, first.x.value.scale.fact),  # type: ignore[arg-type, union-attr]
                Fact(f"the training data was {fit_scale.fact.text}", fit_scale.fact.node),
                Fact("fitted here", fit_call.node),
                *(Fact(f"also model.{later.kind} on unscaled data", later.node) for later in calls[1:]),
            )
