from __future__ import annotations

from collections.abc import Iterator

from keraslint.facts import ScriptFacts
from keraslint.queries import compiled_heads, holds, loss_fact, training_labels
from keraslint.rule import Rule
from keraslint.types import Fact, Violation

# What each loss expects of the labels, and what to use instead for the labels seen.
_MISMATCHES = {
    ("categorical_crossentropy", "integer"): "integer class labels need sparse_categorical_crossentropy "
    "(or one-hot labels with to_categorical)",
    ("sparse_categorical_crossentropy", "one-hot"): "one-hot labels need categorical_crossentropy "
    "(or integer labels with argmax)",
}


class LabelsDoNotFitLoss(Rule):
    """
    ## What it finds
    Labels encoded differently from what the loss expects:
    - `categorical_crossentropy` with integer class labels;
    - `sparse_categorical_crossentropy` with one-hot labels;
    - `binary_crossentropy` with integer labels of more than two classes.

    ## Why it is wrong
    The first two usually fail at the first batch with a rank or shape error, after the
    data has loaded: a linter saves that wait. The third trains without a word:
    `Dense(1, "sigmoid")` fed the labels 0, 1, 2 treats 2 as an impossible
    probability, and the model learns nothing useful about classes 1 and 2.

    ## What to do
    Match the loss to the labels: integer labels with
    `sparse_categorical_crossentropy`, one-hot labels with `categorical_crossentropy`,
    and a softmax output with one unit per class for more than two classes.
    """

    code = "KL105"
    name = "labels-do-not-fit-loss"
    summary = "label encoding does not match the loss"

    VALID = (
        """
import keras
(x, y), _ = keras.datasets.mnist.load_data()
model = keras.Sequential([keras.layers.Rescaling(1 / 255), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(x, y)
""",
        """
import keras
(x, y), _ = keras.datasets.mnist.load_data()
model = keras.Sequential([keras.layers.Rescaling(1 / 255), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(loss="categorical_crossentropy", optimizer="adam")
model.fit(x, keras.utils.to_categorical(y, 10))
""",
    )
    INVALID = (
        """
import keras
(x, y), _ = keras.datasets.mnist.load_data()
model = keras.Sequential([keras.layers.Rescaling(1 / 255), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")  # <-
model.fit(x, keras.utils.to_categorical(y, 10))
""",
        """
import keras
(x, y), _ = keras.datasets.mnist.load_data()
model = keras.Sequential([keras.layers.Rescaling(1 / 255), keras.layers.Flatten(), keras.layers.Dense(1, activation="sigmoid")])
model.compile(
    optimizer="adam",
    loss="binary_crossentropy",  # <-
)
model.fit(x, y)
""",
    )

    def check(self, facts: ScriptFacts) -> Iterator[Violation]:
        for compiled in compiled_heads(facts):
            loss, labels = compiled.loss, training_labels(facts, compiled.model)
            if labels is None:
                continue
            encoding = labels.encoding
            advice = _MISMATCHES.get((loss.name, encoding.kind))
            if advice is None and loss.name == "binary_crossentropy" and encoding.kind == "integer":
                if encoding.classes is not None and encoding.classes > 2:
                    advice = (
                        f"integer labels of {encoding.classes} classes are not probabilities; use a softmax output "
                        f"of {encoding.classes} units with sparse_categorical_crossentropy"
                    )
            if advice is None:
                continue
            yield self.violation(
                loss.node,
                f"{loss.name} does not fit the labels: {advice}",
                loss_fact(loss),
                holds(facts, labels.operand, encoding.fact),
                Fact("the model is fitted on them", labels.fit.node),
            )
