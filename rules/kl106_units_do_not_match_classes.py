from __future__ import annotations

from collections.abc import Iterator

from keraslint.facts import ScriptFacts
from keraslint.queries import head_fact, holds, training_labels
from keraslint.rule import Rule
from keraslint.types import Violation


class UnitsDoNotMatchClasses(Rule):
    """
    ## What it finds
    A classifier whose output has a different number of units than the labels have
    classes: `Dense(100, "softmax")` for the ten CIFAR-10 classes, `Dense(5)` for labels
    one-hot encoded with ten columns.

    ## Why it is wrong
    With one-hot labels the shapes clash at the first batch. With integer labels and
    `sparse_categorical_crossentropy`, too many units train silently: the extra classes
    soak up probability, never appear in the labels, and skew every score; too few
    units fail only when a label beyond them comes up.

    ## What to do
    Give the output layer exactly one unit per class (or a single sigmoid unit for two
    classes), e.g. `Dense(num_classes, activation="softmax")`.
    """

    code = "KL106"
    name = "units-do-not-match-classes"
    summary = "output units differ from the number of classes in the labels"

    VALID = (
        """
import keras
(x, y), _ = keras.datasets.cifar10.load_data()
model = keras.Sequential([keras.layers.Rescaling(1 / 255), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(x, y)
""",
        """
import keras
(x, y), _ = keras.datasets.imdb.load_data(num_words=10000)
model = keras.Sequential([keras.layers.Embedding(10000, 16), keras.layers.GlobalAveragePooling1D(), keras.layers.Dense(1, activation="sigmoid")])
model.compile(loss="binary_crossentropy", optimizer="adam")
model.fit(x, y)
""",
    )
    INVALID = (
        """
import keras
(x, y), _ = keras.datasets.cifar10.load_data()
model = keras.Sequential([
    keras.layers.Rescaling(1 / 255),
    keras.layers.Flatten(),
    keras.layers.Dense(100, activation="softmax"),  # <-
])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(x, y)
""",
    )

    def check(self, facts: ScriptFacts) -> Iterator[Violation]:
        for model in facts.models:
            head, labels = model.head, training_labels(facts, model)
            if head is None or head.units is None or labels is None:
                continue
            loss = model.compile.loss if model.compile else None
            if head.activation not in ("softmax", "sigmoid") and not (loss and loss.probabilistic):
                continue  # a regression head on class numbers is another matter
            classes = labels.encoding.classes
            if labels.encoding.kind not in ("one-hot", "integer") or classes is None or head.units == classes:
                continue
            if head.units == 1:  # one unit for two classes is right; for more, KL105 says why
                continue
            yield self.violation(
                head.node,
                f"the output has {head.units} units but the labels have {classes} classes; "
                f"use Dense({classes}) (one unit per class)",
                head_fact(head),
                holds(facts, labels.operand, labels.encoding.fact),
            )
