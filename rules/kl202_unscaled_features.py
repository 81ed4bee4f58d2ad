from __future__ import annotations

from collections.abc import Iterator

from keraslint.facts import ScriptFacts
from keraslint.rule import Rule
from keraslint.scaling import unscaled_inputs
from keraslint.types import Violation


class UnscaledLargeFeatures(Rule):
    """
    ## What it finds
    Raw numeric features of a large range (values in the thousands or more) reaching
    `fit` of a model without a `Normalization` layer.

    ## Why it is wrong
    A first layer fed values around 50 000 saturates or dies at once (a relu unit with
    a negative weight outputs 0 for every sample): the loss sits at a plateau and the
    accuracy at the majority-class rate, whatever the architecture.

    ## What to do
    Standardise the features with statistics of the training split
    (`StandardScaler().fit(x_train)`), divide by a known maximum, or put an adapted
    `keras.layers.Normalization()` first in the model.
    """

    code = "KL202"
    name = "unscaled-large-features"
    summary = "raw features of a large range reach fit unscaled"

    VALID = (
        """
import random
import numpy as np
import keras
data = []
for _ in range(100):
    data.append([random.randrange(0, 100000) / 100000, 0])
data = np.array(data)
model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
model.compile(loss="binary_crossentropy", optimizer="adam")
model.fit(data[:, 0:1], data[:, 1])
""",
    )
    INVALID = (
        """
import random
import numpy as np
import keras
data = []
for _ in range(100):
    data.append([random.randrange(0, 100000), 0])
data = np.array(data)
model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
model.compile(loss="binary_crossentropy", optimizer="adam")
model.fit(data[:, 0:1], data[:, 1])  # <-
""",
    )

    def check(self, facts: ScriptFacts) -> Iterator[Violation]:
        for finding in unscaled_inputs(facts, "large", ("fit",)):
            yield self.violation(
                finding.first.node,
                f"{finding.name} holds raw values up to {finding.scale.high:g} and the model does not normalise "
                "them; standardise the features or add a Normalization layer",
                *finding.evidence,
            )
