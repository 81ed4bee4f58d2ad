from __future__ import annotations

from collections.abc import Iterator

from keraslint.facts import ScriptFacts
from keraslint.queries import array_of, holds
from keraslint.rule import Rule
from keraslint.types import Fact, Violation

# Callbacks that act on the validation score: with the test split as validation data,
# they select on the test set.
_SELECTING_CALLBACKS = frozenset({"EarlyStopping", "ModelCheckpoint", "ReduceLROnPlateau"})


class TestSplitAsValidation(Rule):
    """
    ## What it finds
    `fit(..., validation_data=(x_test, y_test))`: the test split monitored as validation
    data during training.

    ## Why it is wrong
    Whatever is chosen while watching the validation score (the number of epochs, early
    stopping, the best checkpoint, the learning-rate schedule, the next architecture
    you try) is then tuned on the test set, and the test score is no longer an unbiased
    estimate of how the model does on new data.

    ## What to do
    Carve the validation set out of the training data (`validation_split=0.1`, or a
    second `train_test_split`) and touch the test split once, at the end.
    """

    code = "KL302"
    name = "test-split-as-validation"
    summary = "the test split is used as validation data"

    VALID = (
        """
import keras
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
model = keras.Sequential([keras.layers.Rescaling(1 / 255), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(x_train, y_train, validation_split=0.1)
model.evaluate(x_test, y_test)
""",
    )
    INVALID = (
        """
import keras
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
model = keras.Sequential([keras.layers.Rescaling(1 / 255), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(
    x_train, y_train,
    validation_data=(x_test, y_test),  # <-
)
""",
    )

    def check(self, facts: ScriptFacts) -> Iterator[Violation]:
        for call in facts.model_calls("fit"):
            array = array_of(call.validation_x)
            if array is None or array.split is None or array.split.role != "test" or call.validation_node is None:
                continue
            evidence = [holds(facts, call.validation_x, array.split.fact)]  # type: ignore[arg-type]
            selecting = sorted(_SELECTING_CALLBACKS.intersection(call.callbacks))
            if selecting:
                evidence.append(Fact(f"{', '.join(selecting)} select(s) on the validation score", call.node))
            yield self.violation(
                call.validation_node,
                f"the test split {facts.code(call.validation_x.node)} is used as validation data: "  # type: ignore[union-attr]
                "choices made while watching it are tuned on the test set; validate on a split of the training data",
                *evidence,
            )
