from __future__ import annotations

from collections.abc import Iterator

from keraslint.facts import ScriptFacts
from keraslint.queries import compiled_heads, head_fact, holds, loss_fact, training_labels
from keraslint.rule import Rule
from keraslint.types import Violation


class SigmoidBinaryCrossentropyOnClasses(Rule):
    """
    ## What it finds
    An output layer of several sigmoid units trained with `binary_crossentropy` on
    labels that name one class per sample (one-hot rows, class integers).

    ## Why it is wrong
    Sigmoid + binary cross-entropy answers k independent yes/no questions; nothing makes
    the k outputs compete or sum to 1. On single-label classes the model learns "no"
    for every class and still looks good: with 10 classes, 90% of the targets are 0, so
    binary accuracy is 0.90 while argmax accuracy is at chance (0.10).

    ## What to do
    Use `softmax` with `categorical_crossentropy` (one-hot labels) or
    `sparse_categorical_crossentropy` (integer labels). Sigmoid + binary cross-entropy
    is right only for multi-label targets (several 1s per row), which this rule leaves
    alone.
    """

    code = "KL101"
    name = "sigmoid-on-single-label-classes"
    summary = "several sigmoid outputs with binary_crossentropy on single-label classes"

    VALID = (
        """
import numpy as np
from tensorflow import keras
y = np.eye(10)[labels]
model = keras.Sequential([keras.layers.Dense(64, activation="relu"), keras.layers.Dense(10, activation="softmax")])
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x, y)
""",
        """
import numpy as np
from tensorflow import keras
TAGS = np.array([[1, 0, 1], [0, 1, 1], [1, 1, 0]])
y = TAGS[ids]  # several tags per sample: multi-label
model = keras.Sequential([keras.layers.Dense(3, activation="sigmoid")])
model.compile(loss="binary_crossentropy", optimizer="adam")
model.fit(x, y)
""",
    )
    INVALID = (
        """
import numpy as np
from tensorflow import keras
y = np.eye(10)[labels]
model = keras.Sequential([
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(10, activation="sigmoid"),  # <-
])
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x, y)
""",
        """
from keras.utils import to_categorical
from keras.models import Sequential
from keras.layers import Dense
model = Sequential()
model.add(Dense(32, input_dim=8, activation="relu"))
model.add(Dense(3, activation="sigmoid"))  # <-
model.compile(loss="bce", optimizer="adam")
model.fit(x, to_categorical(y, 3))
""",
    )

    def check(self, facts: ScriptFacts) -> Iterator[Violation]:
        for compiled in compiled_heads(facts):
            model, head, loss = compiled.model, compiled.head, compiled.loss
            if head.activation != "sigmoid" or not head.units or head.units < 2:
                continue
            if loss.name != "binary_crossentropy" or loss.from_logits is not False:
                continue
            labels = training_labels(facts, model)
            if labels is None or labels.encoding.kind not in ("one-hot", "integer"):
                continue
            yield self.violation(
                head.node,
                f"{head.units} sigmoid outputs with binary_crossentropy on single-label classes: "
                "each class becomes an independent yes/no; use softmax with categorical_crossentropy",
                head_fact(head),
                loss_fact(loss),
                holds(facts, labels.operand, labels.encoding.fact),
            )
