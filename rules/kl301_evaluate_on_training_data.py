from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from keraslint.facts import ModelCall, ScriptFacts
from keraslint.queries import array_of
from keraslint.rule import Rule
from keraslint.types import Fact, Violation


class EvaluatedOnTrainingData(Rule):
    """
    ## What it finds
    `model.evaluate` on the very samples the model was fitted on, in a script that never
    scores the model on anything else.

    ## Why it is wrong
    A score on training data measures memory, not generalisation: an over-fitted model
    gets its best number exactly where it is least informative, and the script reports
    it as the model's accuracy.

    ## What to do
    Hold out a test split before training (`train_test_split`, or slices of a shuffled
    array) and evaluate on it. Evaluating on the training split as well is fine when the
    script also evaluates on held-out data, or names the result `train_*`.
    """

    code = "KL301"
    name = "evaluate-on-training-data"
    summary = "the model is scored on the data it was fitted on"

    VALID = (
        """
import keras
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(x_train / 255.0, y_train)
model.evaluate(x_test / 255.0, y_test)
""",
        """
import numpy as np
import keras
data = np.load("data.npy")
x, y = data[:, :4], data[:, 4]
model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
model.compile(loss="binary_crossentropy", optimizer="adam")
model.fit(x[:800], y[:800])
train_loss, train_acc = model.evaluate(x[:800], y[:800])
test_loss, test_acc = model.evaluate(x[800:], y[800:])
""",
    )
    INVALID = (
        """
import numpy as np
import keras
data = np.load("data.npy")
x, y = data[:, :4], data[:, 4]
model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
model.compile(loss="binary_crossentropy", optimizer="adam")
model.fit(x, y, epochs=10)
_, accuracy = model.evaluate(x, y)  # <-
""",
    )

    def check(self, facts: ScriptFacts) -> Iterator[Violation]:
        calls = facts.model_calls()
        by_fit: dict[cst.Call, list[ModelCall]] = {}
        for index, call in enumerate(calls):
            if call.kind != "evaluate" or any("train" in name.lower() for name in call.result_names):
                continue
            fit = _fit_on_same_rows(calls[:index], call)
            if fit is not None and not _scored_elsewhere(calls, call, fit):
                by_fit.setdefault(fit.node, []).append(call)
        for fit_node, evaluations in by_fit.items():
            first = evaluations[0]
            name = facts.code(first.x.node)  # type: ignore[union-attr]
            yield self.violation(
                first.node,
                f"the model is evaluated on {name}, the data it was fitted on: the score measures memory, "
                "not generalisation; evaluate on a held-out test split",
                Fact("fitted on the same rows", fit_node),
                Fact("no evaluation or prediction on other data", None),
                *(Fact("evaluated on them again", later.node) for later in evaluations[1:]),
            )


def _rows(call: ModelCall) -> int | None:
    array = array_of(call.x)
    return array.rows if array is not None else None


def _fit_on_same_rows(earlier: list[ModelCall], evaluate: ModelCall) -> ModelCall | None:
    rows = _rows(evaluate)
    if rows is None:
        return None
    for call in earlier:
        if call.kind == "fit" and call.model is evaluate.model and _rows(call) == rows:
            return call
    return None


def _scored_elsewhere(calls: list[ModelCall], evaluate: ModelCall, fit: ModelCall) -> bool:
    """Whether the model is also evaluated or asked to predict on other rows, or on rows we cannot tell."""
    for call in calls:
        if call.model is evaluate.model and call.kind in ("evaluate", "predict") and _rows(call) != _rows(fit):
            return True
    return fit.validation_x is not None
