"""The runtime probe on the fixtures, under real TensorFlow and offline.

Every seed fixture runs (on tiny data files of the layout it reads, written next to a
copy of it; s003 makes its own data and runs where it is) and the probe confirms each
of its findings. The fixtures of fixtures/probe carry static findings that are wrong,
and the probe refutes each. No probe leaves a file in a fixture's folder.
"""

from __future__ import annotations

import runpy
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from keraslint.engine import check_path
from keraslint.probe.launch import ProbeSettings
from keraslint.probe.observations import Observations
from keraslint.probe.session import probe_reports
from keraslint.rule import all_rules
from keraslint.types import Finding

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEEDS = sorted(path for path in (FIXTURES / "seeds").iterdir() if path.suffix in (".py", ".ipynb") and "_fixed" not in path.stem)
REFUTED = sorted(path.with_suffix(".py") for path in (FIXTURES / "probe").glob("*.expected"))
# run_path rather than import: no __pycache__ in the fixture folder.
SEED_DATA = runpy.run_path(str(FIXTURES / "probe" / "seed_data.py"))
# The hooks of tf_keras (Keras 2), which fixtures do not use: its own Model class, datasets and losses.
LEGACY = """\
import numpy as np
import tf_keras as keras
from sklearn.metrics import accuracy_score

(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
model = keras.Sequential([keras.layers.Flatten(input_shape=(28, 28)), keras.layers.Dense(10), keras.layers.Softmax()])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=3)
print(accuracy_score(y_test, np.argmax(model.predict(x_test), axis=1)))
"""
# Generous: the machine may be busy with other tests; the timeout itself is tested elsewhere.
SETTINGS = ProbeSettings(timeout=180)

# What a verdict must say it saw, beyond its word: the observation that decides it.
OBSERVED = {
    ("s000_seven_segment", "KL107"): ["categorical_accuracy", "multi-hot"],
    ("s000_seven_segment", "KL302"): ["the same data reaches predict"],
    ("s001_cifar_gray", "KL101"): ["one-hot of 10"],
    ("s001_cifar_gray", "KL201"): ["fit x (X_train)", "no Rescaling"],
    ("s001_cifar_gray", "KL401"): ["times at line 95, each time on a single sample"],
    ("s003_threshold", "KL204"): ["distinct rows"],
    ("s003_threshold", "KL301"): ["is the very data fit x (input) got"],
    ("s004_fashion_lab", "KL206"): ["(28, 28)", "(300, 28, 28, 1)"],
    ("s004_fashion_lab", "KL303"): ["X_val"],
    ("multi_hot_tags", "KL101"): ["multi-hot (rows sum to 1..2)"],
    ("scaled_csv", "KL201"): ["max 1: already scaled"],
    ("scaled_in_helper", "KL201"): ["fit x (x_train)", "max 1: already scaled"],
}


@dataclass(frozen=True)
class Probed:
    findings: tuple[Finding, ...]
    observations: Observations
    files_before: list[str]
    files_after: list[str]


def listing(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


def probe(script: Path) -> Probed:
    before = listing(script.parent)
    result = probe_reports([check_path(str(script), all_rules())], SETTINGS, show_refuted=True)
    return Probed(result.reports[0].findings, result.observations[str(script)], before, listing(script.parent))


@pytest.fixture(scope="module")
def probed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Probed]:
    """One probe run per fixture, two at a time: each run spends most of its time importing TensorFlow on one core."""
    copies = tmp_path_factory.mktemp("seeds")
    scripts = [
        seed if seed.stem not in SEED_DATA["DATA_WRITERS"] else SEED_DATA["runnable_copy"](seed, copies / seed.stem)
        for seed in SEEDS
    ]
    scripts += REFUTED
    legacy = tmp_path_factory.mktemp("legacy") / "legacy_tf_keras.py"
    legacy.write_text(LEGACY)
    scripts.append(legacy)
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip((script.stem for script in scripts), pool.map(probe, scripts)))


@pytest.mark.parametrize("seed", [seed.stem for seed in SEEDS])
def test_the_probe_runs_each_seed_offline_and_confirms_every_finding(probed: dict[str, Probed], seed: str) -> None:
    run = probed[seed]
    assert run.observations.ending.finished, run.observations.ending.reason
    assert run.findings
    for finding in run.findings:
        assert finding.probe is not None and finding.probe.verdict == "confirmed", (finding.code, finding.probe)


@pytest.mark.parametrize("fixture", [path.stem for path in REFUTED])
def test_the_probe_refutes_static_findings_that_running_the_script_disproves(probed: dict[str, Probed], fixture: str) -> None:
    run = probed[fixture]
    assert run.findings
    for finding in run.findings:
        assert finding.probe is not None and finding.probe.verdict == "refuted", (finding.code, finding.probe)


@pytest.mark.parametrize(("fixture", "code"), sorted(OBSERVED))
def test_a_verdict_says_what_the_probe_saw(probed: dict[str, Probed], fixture: str, code: str) -> None:
    observed = " ".join(
        " ".join(finding.probe.observed) for finding in probed[fixture].findings if finding.code == code and finding.probe
    )
    for words in OBSERVED[fixture, code]:
        assert words in observed


def test_no_file_appears_in_a_fixture_folder(probed: dict[str, Probed]) -> None:
    for name, run in probed.items():
        assert run.files_after == run.files_before, name


def test_tf_keras_scripts_are_probed_too(probed: dict[str, Probed]) -> None:
    run = probed["legacy_tf_keras"]
    assert [(finding.code, finding.probe.verdict) for finding in run.findings if finding.probe] == [("KL201", "confirmed")]
    [model] = run.observations.models  # as seen after fit: its "accuracy" resolved by Keras
    assert (model.units, model.activation, model.resolved_metrics) == (10, "softmax", ("sparse_categorical_accuracy",))
    assert run.observations.metrics[0].predicted_by is not None


def test_datasets_and_predictions_are_traced(probed: dict[str, Probed]) -> None:
    assert any("keras.datasets.mnist" in stand_in for stand_in in probed["scaled_in_helper"].observations.stand_ins)
    notebook = probed["s004_fashion_lab"].observations
    metric = next(metric for metric in notebook.metrics if metric.function == "accuracy_score")
    assert (metric.span.cell, metric.span.line) == (26, 8)
    predict = next(call for call in notebook.calls if call.number == metric.predicted_by)
    assert predict.x is not None and predict.x.names == ("X_val",)
