from __future__ import annotations

from collections.abc import Iterator

from keraslint.facts import ScriptFacts
from keraslint.rule import Rule
from keraslint.scaling import unscaled_inputs
from keraslint.types import Violation


class UnscaledPixels(Rule):
    """
    ## What it finds
    Image pixels in their raw 0..255 range reaching `fit`, `evaluate` or `predict` of a
    model that has no `Rescaling` or `Normalization` layer.

    ## Why it is wrong
    Inputs in the hundreds push the first layer's activations far out of the range its
    initialisation expects: gradients vanish or explode and the network trains at
    chance level, silently. Data from `keras.datasets`, CSV files of pixels, unpickled
    CIFAR batches and image loaders all arrive as 0..255.

    ## What to do
    Divide by 255 (`x = x.astype("float32") / 255.0`) for training, evaluation and
    prediction alike, or put `keras.layers.Rescaling(1 / 255)` first in the model.
    """

    code = "KL201"
    name = "unscaled-pixels"
    summary = "pixel data (0..255) reaches the model unscaled"

    VALID = (
        """
import keras
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.astype("float32") / 255.0
model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(x_train, y_train)
""",
        """
import keras
(x_train, y_train), _ = keras.datasets.cifar10.load_data()
model = keras.Sequential([keras.layers.Rescaling(1 / 255), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(x_train, y_train)
""",
    )
    INVALID = (
        """
import keras
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(x_train, y_train)  # <-
model.evaluate(x_test, y_test)
""",
    )

    def check(self, facts: ScriptFacts) -> Iterator[Violation]:
        for finding in unscaled_inputs(facts, "pixels", ("fit", "evaluate", "predict")):
            yield self.violation(
                finding.first.node,
                f"{finding.name} holds raw 0..255 pixels and the model does not rescale them; "
                "divide by 255 or add a Rescaling(1/255) layer",
                *finding.evidence,
            )
