from __future__ import annotations

from collections.abc import Iterator

from keraslint.facts import ScriptFacts
from keraslint.queries import array_of
from keraslint.rule import Rule
from keraslint.types import Fact, Violation


class FeaturesAndLabelsShuffledApart(Rule):
    """
    ## What it finds
    Features and labels of the same samples put in different orders before they are
    used together: `np.random.shuffle(X)` and `np.random.shuffle(y)` as two separate
    calls, or `X` permuted while `y` is not.

    ## Why it is wrong
    Each shuffle draws its own permutation, so row i of X no longer belongs with row i
    of y. The model trains on random labels: accuracy stays at chance, and nothing
    fails.

    ## What to do
    Shuffle with one permutation: `p = np.random.permutation(len(X)); X, y = X[p], y[p]`,
    or `X, y = sklearn.utils.shuffle(X, y)`, or let `fit(shuffle=True)` do it.
    """

    code = "KL205"
    name = "shuffled-apart"
    summary = "features and labels shuffled independently"

    VALID = (
        """
import numpy as np
import keras
(x, y), _ = keras.datasets.mnist.load_data()
p = np.random.permutation(len(x))
x, y = x[p] / 255.0, y[p]
model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(x, y)
""",
        """
import numpy as np
import keras
(x, y), _ = keras.datasets.mnist.load_data()
np.random.seed(7)
np.random.shuffle(x)
np.random.seed(7)
np.random.shuffle(y)
model = keras.Sequential([keras.layers.Rescaling(1 / 255), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(x, y)
""",
    )
    INVALID = (
        """
import numpy as np
import keras
(x, y), _ = keras.datasets.mnist.load_data()
np.random.shuffle(x)
np.random.shuffle(y)  # <-
model = keras.Sequential([keras.layers.Rescaling(1 / 255), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(x, y)
""",
    )

    def check(self, facts: ScriptFacts) -> Iterator[Violation]:
        order_of_events = {event.node: index for index, event in enumerate(facts.events)}
        reported = set()
        for call in facts.model_calls("fit", "evaluate"):
            # Features and labels passed together are taken to match row for row as they were
            # loaded; only a reordering we saw, applied to one and not the other, breaks that.
            features, labels = array_of(call.x), array_of(call.y)
            if features is None or labels is None:
                continue
            if features.order is None or labels.order is None or features.order == labels.order:
                continue
            shuffles = [fact for fact in (features.order_fact, labels.order_fact) if fact is not None and fact.node is not None]
            if not shuffles:
                continue
            culprit = max(shuffles, key=lambda fact: order_of_events.get(fact.node, -1))
            if culprit.node in reported:
                continue
            reported.add(culprit.node)
            yield self.violation(
                culprit.node,
                f"{facts.code(call.x.node)} and {facts.code(call.y.node)} are in different orders: "  # type: ignore[union-attr]
                "each shuffle draws its own permutation; shuffle both with one permutation",
                *(Fact(f"{fact.text}", fact.node) for fact in shuffles if fact is not culprit),
                Fact(f"used together in model.{call.kind}", call.node),
            )
