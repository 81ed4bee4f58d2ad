"""`keraslint check --probe`: verdicts in every format, refuted findings left out (and counted),
progress only on a terminal. Observations are faked here, except for one real run of
scripts that stop before TensorFlow (tests/test_probe_fixtures.py runs real ones)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import keraslint.probe.session
from keraslint.probe.observations import Ending, read_observations
from keraslint.probe.progress import Status

from conftest import json_findings, run_cli, run_process

TRAINING = """\
import keras
(x_train, y_train), _ = keras.datasets.mnist.load_data()
model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(x_train, y_train)
"""


def fit_event(high: float) -> dict:
    x = {"kind": "ndarray", "shape": [300, 28, 28], "dtype": "uint8", "min": 0, "max": high, "hash": "x", "names": ["x_train"]}
    model = {"id": 1, "units": 10, "activation": "softmax", "loss": "sparse_categorical_crossentropy", "sites": [[3, 3]]}
    return {"kind": "call", "id": 1, "method": "fit", "line": 5, "end_line": 5, "model": model, "arrays": {"x": x}}


@pytest.fixture
def script(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "train.py").write_text(TRAINING)
    return tmp_path / "train.py"


def fake_probe(monkeypatch: pytest.MonkeyPatch, high: float) -> None:
    """The probe sees fit get pixels whose largest value is `high`."""

    def observe(source, settings, status):
        return read_observations([fit_event(high)], source, Ending(True), 1.0)

    monkeypatch.setattr(keraslint.probe.session, "observe", observe)


def test_a_confirmed_finding_carries_its_verdict_in_text_and_json(script: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_probe(monkeypatch, 255)
    text = run_cli("check", "--probe", "train.py")
    assert text.exit_code == 1
    assert "KL201" in text.stdout and "[probe confirmed: fit x (x_train) at line 5: uint8 (300, 28, 28), min 0, max 255;" in text.stdout
    assert text.stderr == "Probe: 1 confirmed, 0 refuted, 0 inconclusive, in 1 probed file(s).\n"
    [finding] = json_findings(run_cli("check", "--probe", "--format", "json", "train.py").stdout)
    assert finding["probe"]["verdict"] == "confirmed"
    assert finding["probe"]["observed"][0].startswith("fit x (x_train) at line 5")


def test_a_refuted_finding_is_left_out_and_counted(script: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_probe(monkeypatch, 1.0)
    result = run_cli("check", "--probe", "train.py")
    assert (result.exit_code, result.stdout) == (0, "No findings in 1 file.\n")
    assert "1 refuted (left out of the report; --show-refuted shows them)" in result.stderr
    [finding] = json_findings(run_cli("check", "--probe", "--show-refuted", "--format", "json", "train.py").stdout)
    assert finding["probe"] == {"verdict": "refuted", "observed": ["fit x (x_train) at line 5: uint8 (300, 28, 28), min 0, max 1: already scaled"]}


def test_without_probe_findings_have_no_verdict(script: Path) -> None:
    [finding] = json_findings(run_cli("check", "--format", "json", "train.py").stdout)
    assert "probe" not in finding


def test_scripts_that_stop_early_are_probed_one_after_the_other_and_keraslint_goes_on(tmp_path: Path) -> None:
    (tmp_path / "crash.py").write_text("open('measurements.csv')\n" + TRAINING)
    (tmp_path / "stop.py").write_text("raise SystemExit('no data today')\n" + TRAINING)
    result = run_process("check", "--probe", "--format", "json", ".", cwd=tmp_path)
    assert result.returncode == 1
    reasons = {finding["path"]: finding["probe"]["observed"][0] for finding in json_findings(result.stdout)}
    assert reasons == {
        "crash.py": "the script failed at line 1: FileNotFoundError: [Errno 2] No such file or directory: 'measurements.csv'",
        "stop.py": "the script called sys.exit('no data today') at line 1",
    }
    # Not a terminal: no progress, only the tally.
    assert result.stderr == "Probe: 0 confirmed, 0 refuted, 2 inconclusive, in 2 probed file(s).\n"


def test_progress_shows_on_a_terminal_only() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal, pipe = Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        status = Status(stream)
        status.show("train.py", "running fit step 1/2")
        status.clear()
    assert "keraslint probe train.py: running fit step 1/2" in terminal.getvalue()
    assert pipe.getvalue() == ""
