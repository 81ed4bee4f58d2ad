from __future__ import annotations

from collections.abc import Iterator

from keraslint.facts import ScriptFacts
from keraslint.queries import head_fact, holds, loss_fact, training_labels
from keraslint.rule import Rule
from keraslint.types import Fact, Violation


class MisleadingAccuracy(Rule):
    """
    ## What it finds
    An accuracy metric that measures something other than what the model predicts:
    - `"accuracy"` on a multi-label output (several sigmoid units with
      `binary_crossentropy`, targets multi-hot or not known to be single-label);
    - `binary_accuracy` / `BinaryAccuracy()` on single-label data of more than two
      classes.

    ## Why it is wrong
    Keras resolves `"accuracy"` by shapes, to CategoricalAccuracy: on a multi-label
    output that is the argmax of independent outputs against the argmax of a row with
    several 1s, a meaningless number (0.22 reported where 94% of the outputs are
    right). Binary accuracy scores every class column on its own, so on ten
    single-label classes a model that never predicts any class already scores 90%.

    ## What to do
    For multi-label outputs ask for `keras.metrics.BinaryAccuracy(threshold=0.5)` (per
    output) or an exact-match metric. For single-label classes use `"accuracy"`.
    """

    code = "KL107"
    name = "misleading-accuracy"
    summary = "accuracy metric that does not measure the model's task"

    VALID = (
        """
import keras
model = keras.Sequential([keras.layers.Dense(7, activation="sigmoid")])
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=[keras.metrics.BinaryAccuracy(threshold=0.5)])
""",
        """
import keras
model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
""",
    )
    INVALID = (
        """
import keras
model = keras.Sequential([keras.layers.Dense(7, activation="sigmoid")])
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])  # <-
""",
        """
import keras
(x, y), _ = keras.datasets.mnist.load_data()
model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
model.compile(
    loss="categorical_crossentropy",
    optimizer="adam",
    metrics=["binary_accuracy"],  # <-
)
model.fit(x / 255.0, keras.utils.to_categorical(y, 10))
""",
    )

    def check(self, facts: ScriptFacts) -> Iterator[Violation]:
        for model in facts.models:
            if model.compile is None:
                continue
            labels = training_labels(facts, model)
            single_label = labels is not None and labels.encoding.kind in ("one-hot", "integer")
            for metric in model.compile.metrics:
                if metric.name == "accuracy" and not single_label:
                    head, loss = model.head, model.compile.loss
                    if head is None or loss is None:
                        continue
                    if head.activation != "sigmoid" or not head.units or head.units < 2 or loss.name != "binary_crossentropy":
                        continue
                    evidence = [head_fact(head), loss_fact(loss)]
                    if labels is not None:
                        evidence.append(holds(facts, labels.operand, labels.encoding.fact))
                    yield self.violation(
                        metric.node,
                        f'"accuracy" on {head.units} independent sigmoid outputs resolves to CategoricalAccuracy '
                        "(argmax against a multi-hot row), which is meaningless; use "
                        "keras.metrics.BinaryAccuracy(threshold=0.5)",
                        *evidence,
                    )
                elif metric.name == "binary_accuracy" and single_label and labels is not None:
                    classes = labels.encoding.classes
                    if classes is None or classes <= 2:
                        continue
                    yield self.violation(
                        metric.node,
                        f"binary_accuracy scores each of the {classes} classes separately, so predicting no class "
                        f"at all already scores {1 - 1 / classes:.0%}; use \"accuracy\"",
                        holds(facts, labels.operand, labels.encoding.fact),
                        Fact("metric: binary_accuracy", metric.node),
                    )
