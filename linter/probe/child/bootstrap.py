"""The child's entry point: make the files safe, install the hooks, run the script, say how it ended."""

from __future__ import annotations

import argparse
import functools
import json
import os
import random
import runpy
import sys
from types import ModuleType, TracebackType

from . import (
    callsite,
    datasets,
    events,
    keras_hooks,
    patching,
    sandbox,
    shuffles,
    sklearn_hooks,
)

KERAS_PACKAGES = ("keras", "tf_keras")


def main(argv: list[str]) -> None:
    options = _parse(argv)
    events.open_log(options.events)
    callsite.configure(options.run)
    sandbox.install(options.temp)
    _install_hooks(json.loads(options.config))
    sys.argv = [options.script]
    _put_first_on_path(os.path.dirname(os.path.abspath(options.script)))
    events.emit("start", python=sys.version.split()[0])
    try:
        runpy.run_path(options.run, run_name="__main__")
    except SystemExit as stop:
        events.emit("end", status="exit", code=repr(stop.code), line=_script_line(stop.__traceback__))
    except BaseException as error:  # the script's own failure, KeyboardInterrupt included
        events.emit("end", status="error", error=f"{type(error).__name__}: {error}", line=_script_line(error.__traceback__))
    else:
        events.emit("end", status="finished")
    events.emit("counts", calls=keras_hooks.call_counts())
    # TensorFlow's teardown takes a while and has nothing left to tell.
    os._exit(0)


def _put_first_on_path(folder: str) -> None:
    """The script's folder first on sys.path, as `python script.py` has it (`-c` put the working folder there)."""
    if sys.path and sys.path[0] == "":
        sys.path[0] = folder
    else:
        sys.path.insert(0, folder)


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="keraslint-probe")
    parser.add_argument("--events", required=True, help="file the observations are appended to")
    parser.add_argument("--temp", required=True, help="the probe's temp folder: the only place the script may write")
    parser.add_argument("--script", required=True, help="the user's file, as sys.argv[0]")
    parser.add_argument("--run", required=True, help="the Python file to run (a notebook's code cells, for a notebook)")
    parser.add_argument("--config", required=True, help="JSON: the metric functions and preprocessing classes to hook")
    return parser.parse_args(argv)


def _install_hooks(config: dict) -> None:
    shuffles.install(random, "random.shuffle")
    patching.when_imported("numpy.random", functools.partial(shuffles.install, function="numpy.random.shuffle"))
    patching.before_import("tensorflow", lambda: events.progress("importing TensorFlow"))
    for package in KERAS_PACKAGES:
        patching.when_imported(package, functools.partial(_install_keras, package=package))
    patching.when_imported("sklearn.metrics", functools.partial(sklearn_hooks.install_metrics, names=config["metrics"]))
    patching.when_imported("sklearn.model_selection", sklearn_hooks.install_split)
    for module in sklearn_hooks.PREPROCESSING_MODULES:
        patching.when_imported(module, functools.partial(sklearn_hooks.install_preprocessing, class_names=config["preprocessing"]))


def _install_keras(module: ModuleType, package: str) -> None:
    keras_hooks.install(module)
    datasets.install(package)
    sandbox.install_keras(module, package)
    events.progress("running the script")


def _script_line(trace: TracebackType | None) -> int | None:
    """The script's last line on the way to an exception: where it failed, or called sys.exit."""
    line = None
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == callsite.script_path():
            line = trace.tb_lineno
        trace = trace.tb_next
    return line
