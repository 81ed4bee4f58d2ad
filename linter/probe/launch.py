"""Running one script under the probe: a child process of the user's interpreter, a temp folder, a time limit.

The child loads keraslint.probe.child under a private name (the interpreter may not
have keraslint at all), runs the script in the script's own folder and appends its
observations to a file in the temp folder, which this side follows for progress and
reads in full at the end. The temp folder goes away afterwards, with whatever the
script wrote.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from keraslint.keras_names import LEARNING_TRANSFORMERS, SKLEARN_METRICS
from keraslint.source import Source

CHILD_PACKAGE = Path(__file__).resolve().parent / "child"
CHILD_NAME = "_keraslint_probe"
LAUNCHER = f"""\
import importlib.util, sys
folder = sys.argv[1]
spec = importlib.util.spec_from_file_location({CHILD_NAME!r}, folder + "/__init__.py", submodule_search_locations=[folder])
package = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = package
spec.loader.exec_module(package)
from {CHILD_NAME}.bootstrap import main
main(sys.argv[2:])
"""
DEFAULT_TIMEOUT = 60.0
# How often the follower looks for new observations: progress feels live, polling stays cheap.
POLL_SECONDS = 0.1
# The last lines of the child's own output: what an interpreter says when it cannot start.
OUTPUT_TAIL_BYTES = 2000


@dataclass(frozen=True)
class ProbeSettings:
    python: str = sys.executable
    timeout: float = DEFAULT_TIMEOUT


@dataclass(frozen=True)
class ChildRun:
    """What came back from the child: its observations and how its process ended."""

    events: tuple[dict, ...]
    seconds: float
    exit_code: int | None = None
    timed_out: bool = False
    output_tail: str = ""
    start_error: str | None = None  # the interpreter could not be started at all


def run_child(source: Source, settings: ProbeSettings, on_progress: Callable[[str], None]) -> ChildRun:
    script = Path(source.path).resolve()
    with tempfile.TemporaryDirectory(prefix="keraslint-probe-", ignore_cleanup_errors=True) as folder:
        temp = Path(folder)
        run_file = script
        if source.is_notebook:  # its code cells, IPython lines neutralised, lines kept in place
            run_file = temp / f"{script.stem}.py"
            run_file.write_text(source.text, encoding="utf-8")
        events_file = temp / "events.jsonl"
        events_file.touch()
        command = [
            settings.python, "-c", LAUNCHER, str(CHILD_PACKAGE),
            "--events", str(events_file),
            "--temp", str(temp),
            "--script", str(script),
            "--run", str(run_file),
            "--config", json.dumps({"metrics": sorted(SKLEARN_METRICS), "preprocessing": sorted(LEARNING_TRANSFORMERS)}),
        ]
        started = time.monotonic()
        with open(temp / "output.log", "wb") as output, open(events_file, encoding="utf-8") as follower:
            try:
                process = subprocess.Popen(
                    command,
                    cwd=script.parent,
                    env=child_environment(temp),
                    stdin=subprocess.DEVNULL,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # its own process group: a timeout ends every process it started
                )
            except OSError as error:
                return ChildRun((), 0.0, start_error=f"cannot run {settings.python}: {error.strerror or error}")
            try:
                timed_out = _wait(process, started + settings.timeout, follower, on_progress)
            finally:
                _end_group(process)
        seconds = time.monotonic() - started
        return ChildRun(
            tuple(_events(events_file)), seconds, process.returncode, timed_out, _tail(temp / "output.log")
        )


def child_environment(temp: Path) -> dict[str, str]:
    """The user's environment, with every place a library writes to moved into the temp folder."""
    home = temp / "home"
    for folder in (home, temp / "tmp"):
        folder.mkdir()
    return {
        **os.environ,
        "HOME": str(home),
        "KERAS_HOME": str(home / ".keras"),
        "MPLCONFIGDIR": str(home / ".matplotlib"),
        "TMPDIR": str(temp / "tmp"),
        "MPLBACKEND": "Agg",  # plt.show() must not wait for a window
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "CUDA_VISIBLE_DEVICES": "",  # a couple of batches run as fast on the CPU, without taking a GPU from anyone
        "PYTHONDONTWRITEBYTECODE": "1",  # no __pycache__ next to the user's modules
    }


def _wait(process: subprocess.Popen, deadline: float, follower, on_progress: Callable[[str], None]) -> bool:
    """Wait for the child, passing on its progress; True when the time limit ended it."""
    while True:
        try:
            process.wait(timeout=POLL_SECONDS)
            return False
        except subprocess.TimeoutExpired:
            pass
        for line in follower.readlines():
            event = _parse(line)
            if event is not None and event.get("kind") == "progress":
                on_progress(str(event.get("text", "")))
        if time.monotonic() > deadline:
            return True


def _end_group(process: subprocess.Popen) -> None:
    """Kill the child and anything it started (data loader workers, a subprocess of the script)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass  # already gone
    process.wait()


def _events(path: Path) -> Iterator[dict]:
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            event = _parse(line)
            if event is not None:
                yield event


def _parse(line: str) -> dict | None:
    """One observation; None for a line the child was killed in the middle of writing."""
    try:
        event = json.loads(line)
    except ValueError:
        return None
    return event if isinstance(event, dict) else None


def _tail(path: Path) -> str:
    with open(path, "rb") as output:
        output.seek(max(0, path.stat().st_size - OUTPUT_TAIL_BYTES))
        return output.read().decode("utf-8", "replace")
