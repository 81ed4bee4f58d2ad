from __future__ import annotations

from collections.abc import Iterator

from keraslint.facts import ScriptFacts
from keraslint.queries import compiled_heads, head_fact, loss_fact
from keraslint.rule import Rule
from keraslint.types import Violation


class ProbabilitiesAsLogits(Rule):
    """
    ## What it finds
    An output that already gives probabilities (`sigmoid`, `softmax`) with a loss
    created with `from_logits=True`.

    ## Why it is wrong
    With `from_logits=True` the loss applies sigmoid or softmax itself. Applied a second
    time, the outputs are squeezed into a narrow band around 0.5 (sigmoid of a value in
    0..1) or flattened towards uniform (softmax of probabilities): gradients shrink, the
    model trains slowly and its reported loss is wrong. Keras warns at most.

    ## What to do
    Either remove the final activation (a linear output of logits) and keep
    `from_logits=True`, or keep the activation and drop `from_logits=True`.
    """

    code = "KL104"
    name = "probabilities-as-logits"
    summary = "probability output passed to a loss that expects logits"

    VALID = (
        """
import keras
model = keras.Sequential([keras.layers.Dense(10)])
model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), optimizer="adam")
""",
        """
import keras
model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
model.compile(loss=keras.losses.SparseCategoricalCrossentropy(), optimizer="adam")
""",
    )
    INVALID = (
        """
import keras
model = keras.Sequential([
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),  # <-
])
model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), optimizer="adam")
""",
    )

    def check(self, facts: ScriptFacts) -> Iterator[Violation]:
        for compiled in compiled_heads(facts):
            head, loss = compiled.head, compiled.loss
            if head.activation not in ("sigmoid", "softmax") or loss.from_logits is not True:
                continue
            yield self.violation(
                head.node,
                f"the output already applies {head.activation}, and {loss.name}(from_logits=True) applies it again; "
                "drop the activation or drop from_logits=True",
                head_fact(head),
                loss_fact(loss),
            )
