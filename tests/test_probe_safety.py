"""The probe runs other people's scripts: a hang, a crash, sys.exit or a missing GPU costs a
verdict (inconclusive, with the script's own words), never keraslint's run, and the
script's writes never reach the user's files."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

import pytest

from keraslint.engine import check_path
from keraslint.probe.launch import ProbeSettings
from keraslint.probe.session import probe_reports
from keraslint.rule import all_rules
from keraslint.types import Verdict

from conftest import REPOSITORY, run_cli

# Static analysis flags the fit (KL201: raw pixels); the lines before it decide how the run goes.
TRAINING = """\
import keras
(x_train, y_train), _ = keras.datasets.mnist.load_data()
model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(x_train, y_train)
"""
HANG_SECONDS = 3


def verdict_of(script: Path, timeout: float = 120, python: str | None = None) -> Verdict:
    settings = ProbeSettings(python, timeout) if python else ProbeSettings(timeout=timeout)
    report = check_path(str(script), all_rules())
    assert [finding.code for finding in report.findings] == ["KL201"]
    finding = probe_reports([report], settings).reports[0].findings[0]
    assert finding.probe is not None
    return finding.probe


def write(folder: Path, name: str, preamble: str) -> Path:
    script = folder / name
    script.write_text(preamble + TRAINING)
    return script


def processes_with(marker: str) -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if marker in (entry / "cmdline").read_bytes().decode(errors="replace"):
                found.append(entry.name)
        except OSError:
            continue
    return found


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="looks for leftover processes in /proc")
def test_a_hanging_script_is_stopped_at_the_timeout_with_every_process_it_started(tmp_path: Path) -> None:
    marker = f"keraslint-probe-test-{uuid.uuid4()}"
    script = write(
        tmp_path,
        "hang.py",
        f"import subprocess, sys, time\nsubprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)', {marker!r}])\ntime.sleep(600)\n",
    )
    started = time.monotonic()
    verdict = verdict_of(script, timeout=HANG_SECONDS)
    assert time.monotonic() - started < HANG_SECONDS + 20
    assert verdict.verdict == "inconclusive"
    assert f"did not finish within the probe's time limit of {HANG_SECONDS} s" in verdict.observed[0]
    assert processes_with(marker) == []


@pytest.mark.parametrize(
    ("preamble", "reason"),
    [
        ("open('measurements.csv')\n", "the script failed at line 1: FileNotFoundError: [Errno 2] No such file or directory: 'measurements.csv'"),
        ("import sys\nsys.exit(3)\n", "the script called sys.exit(3) at line 2"),
        (
            "import tensorflow as tf\nassert tf.config.list_physical_devices('GPU'), 'this script needs a GPU'\n",
            "the script failed at line 2: AssertionError: this script needs a GPU",
        ),
    ],
    ids=["crash", "sys.exit", "needs a GPU"],
)
def test_a_script_that_stops_before_the_flagged_line_leaves_its_finding_inconclusive(tmp_path: Path, preamble: str, reason: str) -> None:
    verdict = verdict_of(write(tmp_path, "train.py", preamble))
    assert (verdict.verdict, verdict.observed[0]) == ("inconclusive", reason)


def test_an_interpreter_that_cannot_start_gives_inconclusive(tmp_path: Path) -> None:
    verdict = verdict_of(write(tmp_path, "train.py", ""), python=str(tmp_path / "no-such-python"))
    assert verdict.verdict == "inconclusive"
    assert verdict.observed[0].startswith(f"cannot run {tmp_path / 'no-such-python'}")


def test_what_the_script_writes_never_reaches_the_users_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    script = tmp_path / "writer.py"
    script.write_text(
        """\
import os
import numpy as np
import keras

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
os.makedirs("outputs", exist_ok=True)
np.save("outputs/x_train.npy", x_train)
with open("notes.txt", "w") as notes:
    notes.write("overwritten")
assert open("notes.txt").read() == "overwritten"  # the script reads back what it wrote
model = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
callbacks = [
    keras.callbacks.ModelCheckpoint("checkpoints/best.keras", save_best_only=True),
    keras.callbacks.CSVLogger("training.csv"),
    keras.callbacks.BackupAndRestore("backup"),
]
history = model.fit(x_train, y_train, epochs=20, validation_split=0.1, callbacks=callbacks)
print(history.history["loss"][19])  # as long as the 20 epochs asked for
model.save("model.keras")
model.save_weights("model.weights.h5")
keras.models.load_model("model.keras").evaluate(x_test / 255, y_test)
try:
    os.remove("notes.txt")
except PermissionError:
    print("not allowed")
model.evaluate(x_test, y_test)
"""
    )
    before = sorted(os.listdir(tmp_path))
    result = run_cli("probe", str(script))
    assert sorted(os.listdir(tmp_path)) == before
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert "the script ran to its end" in result.stdout
    assert "keras.datasets.mnist (line 5): a synthetic stand-in, no download" in result.stdout
    assert "line 18: fit; x uint8 (300, 28, 28), min 0, max 255" in result.stdout
    assert "[probe confirmed: fit x (x_train) at line 18" in result.stdout


def test_the_pre_commit_hook_never_probes() -> None:
    assert "--probe" not in (REPOSITORY / ".pre-commit-hooks.yaml").read_text()
