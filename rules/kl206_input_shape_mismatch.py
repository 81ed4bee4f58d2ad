from __future__ import annotations

from collections.abc import Iterator

from keraslint.facts import ScriptFacts
from keraslint.queries import array_of
from keraslint.rule import Rule
from keraslint.types import Fact, Violation


class InputShapeMismatch(Rule):
    """
    ## What it finds
    A model whose declared input shape (`input_shape=`, `input_dim=`, `Input(shape=)`)
    differs from the shape of the samples it is fitted on, where both are literal.

    ## Why it is wrong
    Keras builds the model for the declared shape. Some mismatches fail at the first
    batch; others slip through with a warning: `Flatten(input_shape=(28, 28))` fed
    `(n, 28, 28, 1)` trains, because Flatten makes 784 values either way, but the
    declaration no longer describes the model, and any layer that relies on it
    (a Reshape, a saved signature, a converted model) gets the wrong shape.

    ## What to do
    Declare the shape the data has, e.g. `input_shape=(28, 28, 1)`, or reshape the data
    to the declared shape.
    """

    code = "KL206"
    name = "input-shape-mismatch"
    summary = "declared input shape differs from the data's shape"

    VALID = (
        """
import keras
(x, y), _ = keras.datasets.mnist.load_data()
x = x.reshape(-1, 28, 28, 1) / 255.0
model = keras.Sequential([keras.layers.Flatten(input_shape=(28, 28, 1)), keras.layers.Dense(10, activation="softmax")])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(x, y)
""",
    )
    INVALID = (
        """
import keras
(x, y), _ = keras.datasets.mnist.load_data()
x = x.reshape(-1, 28, 28, 1) / 255.0
model = keras.Sequential([
    keras.layers.Flatten(input_shape=(28, 28)),  # <-
    keras.layers.Dense(10, activation="softmax"),
])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(x, y)
""",
    )

    def check(self, facts: ScriptFacts) -> Iterator[Violation]:
        reported = set()
        for call in facts.model_calls("fit"):
            model, array = call.model, array_of(call.x)
            if model is None or model in reported or array is None or array.sample_shape is None or array.one_sample:
                continue
            if any(dim < 0 for dim in array.sample_shape):
                continue
            declared = model.input_shape
            # Keras feeds a 1-D array of n values as (n, 1).
            if declared is None or declared[0] == array.sample_shape or (declared[0] == (1,) and array.sample_shape == ()):
                continue
            reported.add(model)
            shape, node = declared
            name = facts.code(call.x.node)  # type: ignore[union-attr]
            yield self.violation(
                node,
                f"the model declares input shape {shape}, but {name} has samples of shape {array.sample_shape}",
                Fact(f"{name} has samples of shape {array.sample_shape}", array.shape_fact.node if array.shape_fact else None),
                Fact(f"fitted on {name}", call.node),
            )
