"""Each rule's check against observations as the child reports them (JSON events), without running anything."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from keraslint.probe.checks import CHECKS
from keraslint.probe.judge import judge
from keraslint.probe.observations import Ending, Observations, read_observations
from keraslint.rule import all_rules
from keraslint.source import Source, load_source
from keraslint.types import Finding, Location, Severity

DESIGN_CATALOG = [f"KL10{n}" for n in range(1, 8)] + [f"KL20{n}" for n in range(1, 7)] + [f"KL30{n}" for n in range(1, 6)] + ["KL401"]
SCRIPT = Source("train.py", "\n" * 200)
CRASH = "the script failed at line 9: FileNotFoundError: data.csv"


def array(shape: tuple, low: float = 0, high: float = 1, hash: str = "h", **labels) -> dict:
    return {"kind": "ndarray", "shape": list(shape), "dtype": "float32", "min": low, "max": high, "hash": hash, **labels}


ONE_HOT = array((300, 10), hash="onehot", integral=True, row_sums=[1, 1])
MULTI_HOT = array((300, 10), hash="multihot", integral=True, row_sums=[1, 3])
INTEGERS = array((300,), 0, 9, hash="ints", integral=True, distinct=10)
PIXELS = array((300, 784), 0, 255, hash="pixels")
SCALED = array((300, 784), 0, 1, hash="scaled")


def model(units: int = 10, activation: str = "softmax", loss: str | None = "categorical_crossentropy", **changes) -> dict:
    return {
        "id": 1, "class": "Sequential", "units": units, "activation": activation, "loss": loss, "from_logits": False,
        "metrics": ["accuracy"], "resolved_metrics": None, "rescales": False, "input_shape": None, "sites": [[5, 5], [7, 7]],
        **changes,
    }  # fmt: skip


def call(method: str, line: int, x: dict | None, y: dict | None = None, number: int = 1, the_model: dict | None = None, **extra) -> dict:
    arrays = {"x": x, "y": y, **{key: extra.pop(key) for key in ("validation_x", "validation_y") if key in extra}}
    return {"kind": "call", "id": number, "method": method, "line": line, "end_line": line, "model": the_model or model(), "arrays": arrays, **extra}


def observe(*events: dict, ending: Ending | None = None) -> Observations:
    return read_observations(events, SCRIPT, ending or Ending(True), 1.0)


def finding(code: str, line: int) -> Finding:
    return Finding(code, "rule", "message", Location("train.py", line, 1, line, 2), Severity.ERROR)


CASES = {
    "KL101 on one-hot labels": ("KL101", 7, [call("fit", 9, SCALED, ONE_HOT, the_model=model(activation="sigmoid", loss="binary_crossentropy"))], "confirmed"),
    "KL101 on multi-hot labels": ("KL101", 7, [call("fit", 9, SCALED, MULTI_HOT, the_model=model(activation="sigmoid", loss="binary_crossentropy"))], "refuted"),
    "KL101 on a softmax model": ("KL101", 7, [call("fit", 9, SCALED, ONE_HOT)], "refuted"),
    "KL102 relu head": ("KL102", 7, [{"kind": "model", **model(1, "relu", "binary_crossentropy")}], "confirmed"),
    "KL103 one softmax unit": ("KL103", 7, [{"kind": "model", **model(1, "softmax")}], "confirmed"),
    "KL104 softmax from logits": ("KL104", 7, [{"kind": "model", **model(from_logits=True)}], "confirmed"),
    "KL105 categorical on integers": ("KL105", 5, [call("fit", 9, SCALED, INTEGERS)], "confirmed"),
    "KL105 categorical on one-hot": ("KL105", 5, [call("fit", 9, SCALED, ONE_HOT)], "refuted"),
    "KL105 sparse on one-hot": ("KL105", 5, [call("fit", 9, SCALED, ONE_HOT, the_model=model(loss="sparse_categorical_crossentropy"))], "confirmed"),
    "KL106 five units, ten classes": ("KL106", 7, [call("fit", 9, SCALED, INTEGERS, the_model=model(5))], "confirmed"),
    "KL106 ten units, ten classes": ("KL106", 7, [call("fit", 9, SCALED, INTEGERS)], "refuted"),
    "KL107 accuracy on multi-hot": (
        "KL107", 5,
        [call("fit", 9, SCALED, MULTI_HOT, the_model=model(7, "sigmoid", "binary_crossentropy", resolved_metrics=["categorical_accuracy"]))],
        "confirmed",
    ),
    "KL107 accuracy on one-hot": (
        "KL107", 5,
        [call("fit", 9, SCALED, ONE_HOT, the_model=model(10, "sigmoid", "binary_crossentropy", resolved_metrics=["categorical_accuracy"]))],
        "refuted",
    ),
    "KL107 binary_accuracy on classes": (
        "KL107", 5,
        [call("fit", 9, SCALED, INTEGERS, the_model=model(metrics=["binary_accuracy"], resolved_metrics=["binary_accuracy"]))],
        "confirmed",
    ),
    "KL201 raw pixels": ("KL201", 9, [call("fit", 9, PIXELS, INTEGERS)], "confirmed"),
    "KL201 scaled pixels": ("KL201", 9, [call("fit", 9, SCALED, INTEGERS)], "refuted"),
    "KL201 standardised pixels": ("KL201", 9, [call("fit", 9, array((300, 784), -2, 3), INTEGERS)], "refuted"),
    "KL201 a Rescaling layer": ("KL201", 9, [call("fit", 9, PIXELS, INTEGERS, the_model=model(rescales=True))], "refuted"),
    "KL202 values up to 100000": ("KL202", 9, [call("fit", 9, array((300, 1), 0, 100000), INTEGERS)], "confirmed"),
    "KL202 values up to 3": ("KL202", 9, [call("fit", 9, array((300, 1), -3, 3), INTEGERS)], "refuted"),
    "KL203 fitted scaled, evaluated raw": (
        "KL203", 11, [call("fit", 9, SCALED, INTEGERS), call("evaluate", 11, PIXELS, INTEGERS, number=2)], "confirmed",
    ),
    "KL203 both scaled": ("KL203", 11, [call("fit", 9, SCALED, INTEGERS), call("evaluate", 11, SCALED, INTEGERS, number=2)], "refuted"),
    "KL204 random.shuffle of rows": (
        "KL204", 3,
        [{"kind": "shuffle", "function": "random.shuffle", "line": 3, "target": array((100, 2)), "distinct_before": 100, "distinct_after": 61}],
        "confirmed",
    ),
    "KL205 two shuffles": (
        "KL205", 4,
        [
            {"kind": "shuffle", "function": "numpy.random.shuffle", "line": 3, "target": array((100, 4), hash="x")},
            {"kind": "shuffle", "function": "numpy.random.shuffle", "line": 4, "target": array((100,), hash="y")},
        ],
        "confirmed",
    ),
    "KL206 declared (28, 28), fed (28, 28, 1)": (
        "KL206", 5, [call("fit", 9, array((300, 28, 28, 1)), INTEGERS, the_model=model(input_shape=[28, 28]))], "confirmed",
    ),
    "KL301 evaluated on the fitted rows": ("KL301", 11, [call("fit", 9, PIXELS, INTEGERS), call("evaluate", 11, PIXELS, INTEGERS, number=2)], "confirmed"),
    "KL301 evaluated on other rows": ("KL301", 11, [call("fit", 9, PIXELS, INTEGERS), call("evaluate", 11, SCALED, INTEGERS, number=2)], "refuted"),
    "KL302 validation data scored later": (
        "KL302", 9,
        [call("fit", 9, PIXELS, INTEGERS, validation_x=SCALED, validation_y=INTEGERS), call("evaluate", 11, SCALED, INTEGERS, number=2)],
        "confirmed",
    ),
    "KL302 validation data never scored": ("KL302", 9, [call("fit", 9, PIXELS, INTEGERS, validation_x=SCALED, validation_y=INTEGERS)], "refuted"),
    "KL303 a test result on validation data": (
        "KL303", 11,
        [call("fit", 9, PIXELS, INTEGERS, validation_x=SCALED, validation_y=INTEGERS), call("evaluate", 11, SCALED, INTEGERS, number=2)],
        "confirmed",
    ),
    "KL303 predictions scored against other labels": (
        "KL303", 13,
        [
            call("evaluate", 9, SCALED, array((300,), 0, 9, hash="val-labels"), number=1),
            call("predict", 11, SCALED, number=2),
            {"kind": "metric", "function": "accuracy_score", "line": 13, "y_true": array((300,), 0, 9, hash="test-labels"), "predicted_by": 2},
        ],
        "confirmed",
    ),
    "KL303 predictions scored against their labels": (
        "KL303", 13,
        [
            call("evaluate", 9, SCALED, INTEGERS, number=1),
            call("predict", 11, SCALED, number=2),
            {"kind": "metric", "function": "accuracy_score", "line": 13, "y_true": INTEGERS, "predicted_by": 2},
        ],
        "refuted",
    ),
    "KL304 scaler fitted on the rows later split": (
        "KL304", 3,
        [
            {"kind": "preprocess", "cls": "StandardScaler", "line": 3, "data": array((1000, 4), hash="all")},
            {"kind": "split", "line": 4, "inputs": [array((1000, 4), hash="scaled-all")], "outputs": [array((800, 4)), array((200, 4))]},
        ],
        "confirmed",
    ),
    "KL304 scaler fitted on other rows than those split": (
        "KL304", 3,
        [
            {"kind": "preprocess", "cls": "StandardScaler", "line": 3, "data": array((800, 4), hash="train")},
            {"kind": "split", "line": 4, "inputs": [array((1000, 4), hash="all")], "outputs": [array((800, 4)), array((200, 4))]},
        ],
        "refuted",
    ),
    "KL305 labels from the features' test part": (
        "KL305", 4,
        [
            {"kind": "split", "line": 4, "inputs": [array((100, 4), hash="X"), array((100,), hash="y")],
             "outputs": [array((80, 4), hash="Xtr"), array((20, 4), hash="Xte"), array((80,), hash="ytr"), array((20,), hash="yte")]},
            call("fit", 9, array((80, 4), hash="Xtr"), array((20, 4), hash="Xte")),
        ],
        "confirmed",
    ),
    "KL401 predict per sample": (
        "KL401", 12,
        [call("predict", 12, array((1, 784))), {"kind": "counts", "calls": [["predict", 12, 12, 60]]}],
        "confirmed",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_check(case: str) -> None:
    code, line, events, expected = CASES[case]
    verdict = judge(finding(code, line), observe(*events))
    assert verdict.verdict == expected, verdict
    assert verdict.observed  # a verdict always says what it rests on


def test_every_rule_of_the_catalog_has_a_check_and_every_check_can_confirm() -> None:
    codes = {rule.code for rule in all_rules()} | set(DESIGN_CATALOG)
    assert codes <= CHECKS.keys()
    confirmable = {CASES[case][0] for case in CASES if CASES[case][3] == "confirmed"}
    assert confirmable == set(CHECKS)


def test_scaling_splits_and_label_checks_can_refute() -> None:
    refutable = {CASES[case][0] for case in CASES if CASES[case][3] == "refuted"}
    assert {"KL201", "KL202", "KL203", "KL301", "KL302", "KL303", "KL304", "KL101", "KL105", "KL106", "KL107"} <= refutable


def test_nothing_observed_at_the_line_is_inconclusive_and_says_so() -> None:
    verdict = judge(finding("KL201", 30), observe(call("fit", 9, PIXELS, INTEGERS)))
    assert verdict.verdict == "inconclusive"
    assert "saw no fit, evaluate or predict call at line 30" in verdict.observed[0]


def test_a_script_that_stopped_early_makes_undecided_findings_inconclusive_with_its_error() -> None:
    stopped = observe(call("fit", 9, PIXELS, INTEGERS), ending=Ending(False, CRASH))
    assert judge(finding("KL201", 9), stopped).verdict == "confirmed"  # seen before the crash: still decided
    verdict = judge(finding("KL302", 9), stopped)
    assert (verdict.verdict, verdict.observed[0]) == ("inconclusive", CRASH)


def test_a_refutation_by_absence_needs_a_run_to_the_end() -> None:
    events = [call("fit", 9, PIXELS, INTEGERS, validation_x=SCALED, validation_y=INTEGERS)]
    assert judge(finding("KL302", 9), observe(*events, ending=Ending(False, CRASH))).verdict == "inconclusive"


def test_notebook_lines_are_placed_in_their_cells(tmp_path: Path) -> None:
    notebook = tmp_path / "lab.ipynb"
    cells = [{"cell_type": "code", "source": ["import keras\n", "x = 1\n"]}, {"cell_type": "markdown", "source": ["# fit"]},
             {"cell_type": "code", "source": ["%pip install keras\n", "model.fit(\n", "    x, y)\n"]}]  # fmt: skip
    notebook.write_text(__import__("json").dumps({"cells": cells, "nbformat": 4, "nbformat_minor": 5, "metadata": {}}))
    source = load_source(str(notebook), notebook.read_bytes())
    joined_line = source.text.splitlines().index("model.fit(") + 1
    observations = read_observations([call("fit", joined_line, PIXELS, INTEGERS) | {"end_line": joined_line + 1}], source, Ending(True), 1.0)
    span = observations.calls[0].span
    assert (span.cell, span.line, span.end_line) == (3, 2, 3)
    assert re.fullmatch(r"cell 3, lines 2-3", str(span))


def test_what_is_not_a_rules_finding_gets_no_verdict() -> None:
    assert judge(finding("KL001", 3), observe()) is None  # an unused suppression comment: nothing runs to see
