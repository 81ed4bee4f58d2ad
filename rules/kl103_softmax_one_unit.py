from __future__ import annotations

from collections.abc import Iterator

from keraslint.facts import ScriptFacts
from keraslint.queries import head_fact
from keraslint.rule import Rule
from keraslint.types import Violation


class SoftmaxOverOneUnit(Rule):
    """
    ## What it finds
    A softmax output over a single unit: `Dense(1, activation="softmax")`.

    ## Why it is wrong
    Softmax normalises its inputs so that they sum to 1; over one unit the output is
    1.0 for every sample. The loss stays constant, gradients are zero, and the model
    predicts the positive class for everything. Keras only warns.

    ## What to do
    For a binary classifier use `Dense(1, activation="sigmoid")` with
    `binary_crossentropy`, or `Dense(2, activation="softmax")` with a categorical loss.
    """

    code = "KL103"
    name = "softmax-over-one-unit"
    summary = "softmax over a single output unit is always 1.0"

    VALID = (
        """
import keras
model = keras.Sequential([keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
model.compile(loss="binary_crossentropy", optimizer="adam")
""",
        """
import keras
model = keras.Sequential([keras.layers.Dense(2, activation="softmax")])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
""",
    )
    INVALID = (
        """
import keras
model = keras.Sequential([
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(1, activation="softmax"),  # <-
])
model.compile(loss="binary_crossentropy", optimizer="adam")
""",
        """
from tensorflow import keras
inputs = keras.Input(shape=(8,))
x = keras.layers.Dense(1)(inputs)
outputs = keras.layers.Softmax()(x)  # <-
model = keras.Model(inputs, outputs)
""",
    )

    def check(self, facts: ScriptFacts) -> Iterator[Violation]:
        for model in facts.models:
            head = model.head
            if head is None or head.activation != "softmax" or head.units != 1:
                continue
            yield self.violation(
                head.node,
                "softmax over a single unit outputs 1.0 for every sample; use sigmoid for one unit, "
                "or two softmax units",
                head_fact(head),
            )
