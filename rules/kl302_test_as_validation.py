from __future__ import annotations

from collections.abc import Iterator

from keraslint.facts import ModelCall, ScriptFacts
from keraslint.queries import array_of, holds
from keraslint.rule import Rule
from keraslint.types import Fact, Violation

class TestSplitAsValidation(Rule):
    """
    ## What it finds
    `fit(..., validation_data=(x_test, y_test))`: the test split monitored as validation
    data during training, in a script that then reports the model's score on that same
    test split or selects on it with a callback (EarlyStopping, ModelCheckpoint,
    ReduceLROnPlateau). A test split that is only watched, never reported, is left alone.

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
        """
import keras
(x_train, _), (x_test, _) = keras.datasets.mnist.load_data()
autoencoder = keras.Sequential([keras.layers.Rescaling(1 / 255), keras.layers.Dense(32), keras.layers.Dense(784)])
autoencoder.compile(loss="mse", optimizer="adam")
autoencoder.fit(x_train, x_train, validation_data=(x_test, x_test))
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
test_loss, test_accuracy = model.evaluate(x_test, y_test)
""",
    )

    def check(self, facts: ScriptFacts) -> Iterator[Violation]:
        calls = facts.model_calls()
        for index, call in enumerate(calls):
            array = array_of(call.validation_x)
            if call.kind != "fit" or array is None or array.split is None or array.split.role != "test":
                continue
            if call.validation_node is None:
                continue
            evidence = [holds(facts, call.validation_x, array.split.fact)]  # type: ignore[arg-type]
            if call.selecting_callbacks:
                evidence.append(Fact(f"{', '.join(call.selecting_callbacks)} act(s) on the validation score", call.node))
            reported = _reported_on(facts, calls[index + 1 :], array.split.token)
            if reported is not None:
                evidence.append(reported)
            if len(evidence) == 1:
                continue
            yield self.violation(
                call.validation_node,
                f"the test split {facts.code(call.validation_x.node)} is used as validation data: "  # type: ignore[union-attr]
                "choices made while watching it are tuned on the test set; validate on a split of the training data",
                *evidence,
            )


def _reported_on(facts: ScriptFacts, later: list[ModelCall], token: str) -> Fact | None:
    """Where the script later reports a score on the same test split, if it does."""
    for call in later:
        features = array_of(call.x)
        if call.kind in ("evaluate", "predict") and features is not None and features.split is not None and features.split.token == token:
            return Fact(f"and then reported: model.{call.kind} on the same split", call.node)
    for metric in facts.metric_calls():
        truth = array_of(metric.y_true)
        if truth is not None and truth.split is not None and truth.split.token == token:
            return Fact(f"and then scored with {metric.name}", metric.node)
    return None
