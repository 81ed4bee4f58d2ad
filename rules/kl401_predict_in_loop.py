from __future__ import annotations

from collections.abc import Iterator

from keraslint.facts import ScriptFacts
from keraslint.queries import array_of, holds
from keraslint.rule import Rule
from keraslint.types import Violation
from keraslint.types import Severity


class PredictOneSampleInLoop(Rule):
    """
    ## What it finds
    `model.predict` called on one sample at a time inside a loop over a data set.

    ## Why it is wrong
    Every `predict` call sets up a whole prediction run (a data adapter, a compiled
    function call, a progress bar): a few milliseconds each, so 10 000 samples take
    minutes instead of a fraction of a second, and the log fills with progress bars.

    ## What to do
    Predict the whole array once and loop over the results:
    `predictions = model.predict(X_test)`; for a single sample in a hot path call the
    model directly, `model(x, training=False)`.
    """

    code = "KL401"
    name = "predict-in-loop"
    summary = "model.predict on one sample inside a loop"
    severity = Severity.WARNING

    VALID = (
        """
import numpy as np
import keras
(_, _), (x_test, y_test) = keras.datasets.mnist.load_data()
model = keras.models.load_model("model.keras")
predictions = model.predict(x_test / 255.0)
wrong = sum(np.argmax(p) != y for p, y in zip(predictions, y_test))
""",
    )
    INVALID = (
        """
import numpy as np
import keras
(_, _), (x_test, y_test) = keras.datasets.mnist.load_data()
model = keras.Sequential([keras.layers.Rescaling(1 / 255), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
wrong = 0
for x, y in zip(x_test, y_test):
    if np.argmax(model.predict(x.reshape(1, 28, 28))) != y:  # <-
        wrong += 1
""",
    )

    def check(self, facts: ScriptFacts) -> Iterator[Violation]:
        for call in facts.model_calls("predict"):
            sample = array_of(call.x)
            if not call.in_loop or sample is None or sample.one_sample is None:
                continue
            yield self.violation(
                call.node,
                "model.predict on one sample inside a loop pays a whole prediction run per sample; "
                "predict the whole array once and loop over the results",
                holds(facts, call.x, sample.one_sample),  # type: ignore[arg-type]
            )
