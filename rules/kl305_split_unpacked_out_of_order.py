from __future__ import annotations

from collections.abc import Iterator

from keraslint.facts import ScriptFacts
from keraslint.keras_names import unpacked_by_part
from keraslint.rule import Rule
from keraslint.types import Fact, Violation


class SplitUnpackedOutOfOrder(Rule):
    """
    ## What it finds
    `train_test_split` unpacked into names in the wrong order, e.g.
    `X_train, y_train, X_test, y_test = train_test_split(X, y)`.

    ## Why it is wrong
    `train_test_split(X, y)` returns `X_train, X_test, y_train, y_test`: each input's
    two parts, one input after the other. Unpacked in another order, "y_train" holds
    test features and "X_test" training labels; depending on the sizes the script
    crashes later or, with test_size=0.5, trains on the wrong arrays without a word.

    ## What to do
    Unpack as `X_train, X_test, y_train, y_test = train_test_split(X, y, ...)`.
    """

    code = "KL305"
    name = "split-unpacked-out-of-order"
    summary = "train_test_split results unpacked in the wrong order"

    VALID = (
        """
import keras
from sklearn.model_selection import train_test_split
X_val, X_test, y_val, y_test = train_test_split(X_test, y_test, test_size=0.5)
""",
        """
import keras
from sklearn.model_selection import train_test_split
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)
""",
        """
import keras
from sklearn.model_selection import train_test_split
X_train, X_val, y_train, y_val = train_test_split(X_train, y_train, test_size=0.1)
""",
    )
    INVALID = (
        """
import keras
from sklearn.model_selection import train_test_split
X_train, y_train, X_test, y_test = train_test_split(X, y, test_size=0.2)  # <-
""",
    )

    def check(self, facts: ScriptFacts) -> Iterator[Violation]:
        for split in facts.splits():
            names, inputs = split.result_names, len(split.inputs)
            if not unpacked_by_part(names, inputs):
                continue
            expected = ", ".join(names[index + inputs * part] for index in range(inputs) for part in (0, 1))
            yield self.violation(
                split.target or split.node,
                f"train_test_split returns each input's two parts together; unpack as {expected}",
                Fact(f"unpacked into {', '.join(names)}", split.node),
            )
