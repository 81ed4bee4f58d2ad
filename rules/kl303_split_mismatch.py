from __future__ import annotations

from collections.abc import Iterator

from keraslint.facts import MetricCall, ModelCall, ScriptFacts
from keraslint.queries import array_of, holds
from keraslint.rule import Rule
from keraslint.types import Fact, Violation


class SplitMismatch(Rule):
    """
    ## What it finds
    Scores computed on the wrong split:
    - predictions for one split scored against the labels of another
      (`accuracy_score(y_test, model.predict(X_val).argmax(1))`);
    - features and labels of different splits passed together to `fit` or `evaluate`;
    - a result named `test_*` computed on the validation split monitored during training.

    ## Why it is wrong
    Rows of different splits do not correspond: the score compares unrelated samples
    (near chance, 0.098 on ten classes) or, when sizes happen to match, silently
    reports a number for data the model was tuned on as if it were the test result.

    ## What to do
    Keep predictions and labels of the same split together (`X_test` with `y_test`),
    and report as test results only what was computed on the test split.
    """

    code = "KL303"
    name = "split-mismatch"
    summary = "predictions, labels or results of different splits used together"

    VALID = (
        """
import numpy as np
import keras
from sklearn.metrics import accuracy_score
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
model = keras.Sequential([keras.layers.Rescaling(1 / 255), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(x_train, y_train, validation_split=0.1)
test_loss, test_acc = model.evaluate(x_test, y_test)
print(accuracy_score(y_test, np.argmax(model.predict(x_test), axis=1)))
""",
    )
    INVALID = (
        """
import numpy as np
import keras
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_val, x_test, y_val, y_test = train_test_split(x_test, y_test, test_size=0.5)
model = keras.Sequential([keras.layers.Rescaling(1 / 255), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(x_train, y_train, validation_data=(x_val, y_val))
predicted = np.argmax(model.predict(x_val), axis=1)
print(accuracy_score(y_test, predicted))  # <-
""",
        """
import keras
from sklearn.model_selection import train_test_split
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train, x_val, y_train, y_val = train_test_split(x_train, y_train, test_size=0.2)
model = keras.Sequential([keras.layers.Rescaling(1 / 255), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(x_train, y_train, validation_data=(x_val, y_val))
test_loss, test_accuracy = model.evaluate(x_val, y_val)  # <-
""",
        """
import keras
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
model = keras.Sequential([keras.layers.Rescaling(1 / 255), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(x_train, y_train)
model.evaluate(x_test, y_train)  # <-
""",
    )

    def check(self, facts: ScriptFacts) -> Iterator[Violation]:
        yield from self._scored_against_other_labels(facts)
        yield from self._features_and_labels_apart(facts)
        yield from self._validation_reported_as_test(facts)

    def _scored_against_other_labels(self, facts: ScriptFacts) -> Iterator[Violation]:
        groups: dict[tuple[str, str], list[MetricCall]] = {}
        for metric in facts.metric_calls():
            truth, predicted = array_of(metric.y_true), array_of(metric.y_pred)
            if truth is None or predicted is None or predicted.predicted_by is None:
                continue
            if truth.split is None or predicted.split is None or truth.split.token == predicted.split.token:
                continue
            groups.setdefault((truth.split.token, predicted.split.token), []).append(metric)
        for metrics in groups.values():
            first = metrics[0]
            truth, predicted = array_of(first.y_true), array_of(first.y_pred)
            evidence = [
                holds(facts, first.y_true, truth.split.fact),  # type: ignore[arg-type, union-attr]
                holds(facts, first.y_pred, Fact(f"predictions for {predicted.split.fact.text}", predicted.split.fact.node)),  # type: ignore[arg-type, union-attr]
            ]
            evidence += [Fact(f"also {later.name}", later.node) for later in metrics[1:]]
            yield self.violation(
                first.node,
                f"{first.name} scores predictions for one split against the labels {facts.code(first.y_true.node)} "  # type: ignore[union-attr]
                "of another: the rows do not correspond",
                *evidence,
            )

    def _features_and_labels_apart(self, facts: ScriptFacts) -> Iterator[Violation]:
        for call in facts.model_calls("fit", "evaluate"):
            features, labels = array_of(call.x), array_of(call.y)
            if features is None or labels is None or features.split is None or labels.split is None:
                continue
            if features.split.token == labels.split.token:
                continue
            yield self.violation(
                call.node,
                f"model.{call.kind} gets features and labels of different splits: "
                f"{facts.code(call.x.node)} and {facts.code(call.y.node)}",  # type: ignore[union-attr]
                holds(facts, call.x, features.split.fact),  # type: ignore[arg-type]
                holds(facts, call.y, labels.split.fact),  # type: ignore[arg-type]
            )

    def _validation_reported_as_test(self, facts: ScriptFacts) -> Iterator[Violation]:
        monitored: dict[str, ModelCall] = {}
        for call in facts.model_calls():
            validation = array_of(call.validation_x)
            # A test split monitored as validation data is KL302's finding, not this one.
            if call.kind == "fit" and validation is not None and validation.split is not None and validation.split.role != "test":
                monitored.setdefault(validation.split.token, call)
            features = array_of(call.x)
            if call.kind != "evaluate" or features is None or features.split is None:
                continue
            fit = monitored.get(features.split.token)
            named_test = [name for name in call.result_names if "test" in name.lower()]
            if fit is None or not named_test:
                continue
            yield self.violation(
                call.node,
                f"{', '.join(named_test)} is computed on {facts.code(call.x.node)}, the validation data "  # type: ignore[union-attr]
                "monitored during training, not on the test split",
                Fact(f"{facts.code(call.x.node)} is the validation data of this fit", fit.validation_node),  # type: ignore[union-attr]
            )
