"""The static path reads code; it must never import the libraries that code uses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY_MODULES = ("tensorflow", "keras", "numpy", "pandas")

TRAINING_SCRIPT = """\
import numpy as np
import pandas as pd
import tensorflow as tf
from tensorflow import keras

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=1)
print(pd.DataFrame({"accuracy": [model.evaluate(x_test, y_test)[1]]}))
"""

# Runs the command as `python -m keraslint` would, then reports what got imported.
PROBE = f"""\
import json, runpy, sys
sys.argv = ["keraslint", "check", "--format", "json", sys.argv[1]]
try:
    runpy.run_module("keraslint", run_name="__main__", alter_sys=True)
except SystemExit as end:
    status = end.code
heavy = sorted(name for name in sys.modules if name.split(".")[0] in {HEAVY_MODULES!r})
print(json.dumps({{"status": status, "heavy": heavy}}), file=sys.stderr)
"""


def run_probe(tmp_path: Path, command: str) -> dict:
    """Run PROBE with importable stand-ins for the heavy modules, so that any import of them shows."""
    stand_ins = tmp_path / "stand_ins"
    for name in HEAVY_MODULES:
        (stand_ins / name).mkdir(parents=True, exist_ok=True)
        (stand_ins / name / "__init__.py").write_text("")
    path = os.pathsep.join(filter(None, [str(stand_ins), os.environ.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-c", command, str(tmp_path / "train.py")],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": path},
    )
    return json.loads(result.stderr.splitlines()[-1]) | {"stdout": result.stdout}


def test_the_probe_sees_a_heavy_import(tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text(TRAINING_SCRIPT)
    assert run_probe(tmp_path, "import numpy\n" + PROBE)["heavy"] == ["numpy"]


def test_checking_a_keras_script_imports_no_tensorflow_keras_numpy_or_pandas(tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text(TRAINING_SCRIPT)
    outcome = run_probe(tmp_path, PROBE)
    json.loads(outcome["stdout"])  # the check ran to its report
    assert outcome["status"] in (0, 1)
    assert outcome["heavy"] == []
