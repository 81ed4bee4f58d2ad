from __future__ import annotations

from collections.abc import Iterator

from keraslint.facts import ScriptFacts
from keraslint.keras_names import NON_PROBABILITY_ACTIVATIONS
from keraslint.queries import compiled_heads, head_fact, loss_fact
from keraslint.rule import Rule
from keraslint.types import Violation


class OutputNotAProbability(Rule):
    """
    ## What it finds
    A final activation that does not produce probabilities (`relu`, `linear` or no
    activation, `tanh`, `softplus`, ...) with a probabilistic loss
    (`binary_crossentropy`, `categorical_crossentropy`,
    `sparse_categorical_crossentropy`) and `from_logits=False`, the default.

    ## Why it is wrong
    With `from_logits=False` the loss takes the outputs as probabilities and clips them
    into (0, 1). A relu output is 0 for half the inputs and unbounded above; a linear
    output can be negative. Training stalls with a loss near 8 and accuracy near 0.5,
    and Keras says nothing.

    ## What to do
    End a binary classifier with `Dense(1, activation="sigmoid")` and a multi-class one
    with `softmax`; or keep a linear output and pass `from_logits=True` to the loss.
    """

    code = "KL102"
    name = "output-not-a-probability"
    summary = "final activation is not a probability but the loss expects one"

    VALID = (
        """
from keras import Sequential
from keras.layers import Dense
model = Sequential([Dense(8, activation="relu"), Dense(1, activation="sigmoid")])
model.compile(loss="binary_crossentropy", optimizer="adam")
""",
        """
import keras
model = keras.Sequential([keras.layers.Dense(10)])
model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), optimizer="adam")
""",
        """
import keras
model = keras.Sequential([keras.layers.Dense(1)])
model.compile(loss="mse", optimizer="adam")
""",
    )
    INVALID = (
        """
from keras import Sequential
from keras.layers import Dense
model = Sequential()
model.add(Dense(5, input_dim=1, activation="relu"))
model.add(Dense(1, activation="relu"))  # <-
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
""",
        """
import tensorflow as tf
model = tf.keras.Sequential([
    tf.keras.layers.Dense(64, activation="relu"),
    tf.keras.layers.Dense(10),  # <-
])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
""",
    )

    def check(self, facts: ScriptFacts) -> Iterator[Violation]:
        for compiled in compiled_heads(facts):
            head, loss = compiled.head, compiled.loss
            if head.activation not in NON_PROBABILITY_ACTIVATIONS or not loss.probabilistic or loss.from_logits is not False:
                continue
            final = "sigmoid" if loss.name.startswith("binary") else "softmax"
            yield self.violation(
                head.node,
                f"the output activation '{head.activation}' does not give probabilities, but {loss.name} "
                f"expects them (from_logits=False); use '{final}', or from_logits=True with a linear output",
                head_fact(head),
                loss_fact(loss),
            )
