"""Keeping the user's files as they were while their script runs under the probe.

The script runs in its own folder, so that it finds its data; everything it writes
goes to a shadow tree in the probe's temp folder instead:
- Python-level writes (`open`, pathlib, numpy, pandas, matplotlib, Keras's .keras zip
  files) and new folders are redirected to `<temp>/shadow/<absolute path>`; a later
  read of the same path finds the shadow copy;
- Keras writes some files from native code (HDF5, SavedModel, TensorBoard, CSVLogger),
  so model saving, checkpoints and loggers have their paths redirected the same way;
- removing, renaming or truncating anything outside the temp folder fails, so the
  script stops (the probe's verdicts are then inconclusive) rather than delete.
"""

from __future__ import annotations

import builtins
import functools
import inspect
import io
import os
import sys
from collections.abc import Callable
from typing import Any

from .patching import replace_everywhere

# Writable without a shadow: the temp folder (HOME, TMPDIR and KERAS_HOME point there) and devices.
_free: tuple[str, ...] = ()
_shadow_root = ""
_WRITE_MODES = frozenset("wax+")
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC
# Audit events that change or remove an existing file: the positions of each path argument
# and of the folder descriptor it is relative to (shutil.rmtree works through those).
_DESTRUCTIVE = {
    "os.remove": ((0, 1),),
    "os.rename": ((0, 2), (1, 3)),
    "os.rmdir": ((0, 1),),
    "shutil.rmtree": ((0, 1),),
    "os.truncate": ((0, None),),
}
_KERAS_CALLBACK_PATHS = {"ModelCheckpoint": "filepath", "BackupAndRestore": "backup_dir", "TensorBoard": "log_dir", "CSVLogger": "filename"}


def install(temp_folder: str) -> None:
    global _free, _shadow_root
    _shadow_root = os.path.join(temp_folder, "shadow")
    _free = (os.path.realpath(temp_folder) + os.sep, "/dev/", "/proc/")
    redirected_open = _redirect(io.open, "file", "mode")
    builtins.open = io.open = redirected_open
    os.mkdir = _redirect(os.mkdir, "path")
    os.makedirs = _redirect(os.makedirs, "name")
    sys.addaudithook(_refuse_destruction)


def install_keras(keras: Any, package: str) -> None:
    """Model saving, checkpoints and loggers of one Keras package write into the shadow tree."""
    model = keras.Model
    for method in ("save", "save_weights", "export", "load_weights"):
        if hasattr(model, method):
            setattr(model, method, _redirect(getattr(model, method), "filepath", writing=not method.startswith("load")))
    saving = sys.modules.get(f"{package}.src.saving.saving_api")
    for function in ("save_model", "save_weights", "load_model", "load_weights"):
        original = getattr(saving, function, None)
        if original is not None:
            replace_everywhere(package, original, _redirect(original, "filepath", writing=function.startswith("save")))
    for name, argument in _KERAS_CALLBACK_PATHS.items():
        callback = getattr(keras.callbacks, name, None)
        if callback is not None:
            callback.__init__ = _redirect(callback.__init__, argument)


def shadow(path: Any, writing: bool) -> Any:
    """Where the probe lets the script write `path` (or read back what it wrote there)."""
    if not isinstance(path, (str, bytes, os.PathLike)):
        return path  # a file descriptor or an open file
    real = os.path.realpath(os.fsdecode(path))
    if _is_free(real):
        return path
    mirrored = os.path.join(_shadow_root, real.lstrip(os.sep))
    if writing:
        os.makedirs(os.path.dirname(mirrored), exist_ok=True)
        return mirrored
    return mirrored if os.path.exists(mirrored) else path


def _is_free(real_path: str) -> bool:
    return (real_path + os.sep).startswith(_free)


def _redirect(original: Callable, argument: str, mode_argument: str | None = None, writing: bool = True) -> Callable:
    """`original` with its path argument shadowed; with `mode_argument`, only when the mode writes."""
    signature = inspect.signature(original)

    @functools.wraps(original)
    def redirected(*args: Any, **kwargs: Any) -> Any:
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()  # TensorBoard writes to "logs" when given no folder
        writes = writing if mode_argument is None else bool(_WRITE_MODES.intersection(str(bound.arguments[mode_argument])))
        bound.arguments[argument] = shadow(bound.arguments[argument], writes)
        return original(*bound.args, **bound.kwargs)

    return redirected


def _refuse_destruction(event: str, args: tuple) -> None:
    if event == "open":
        path, mode, flags = args  # mode is None for os.open, which gives flags instead
        if (_WRITE_MODES.intersection(mode) if isinstance(mode, str) else flags & _WRITE_FLAGS):
            _refuse(event, path, None)  # a write that bypassed the redirected open
    elif event in _DESTRUCTIVE:
        for path_position, folder_position in _DESTRUCTIVE[event]:
            _refuse(event, args[path_position], None if folder_position is None else args[folder_position])


def _refuse(event: str, path: Any, folder_descriptor: int | None) -> None:
    if not isinstance(path, (str, bytes, os.PathLike)):
        return  # a file descriptor: opened, and so checked, before
    name = os.fsdecode(path)
    if folder_descriptor is not None and folder_descriptor >= 0 and not os.path.isabs(name):  # -1: none given
        try:
            name = os.path.join(os.readlink(f"/proc/self/fd/{folder_descriptor}"), name)
        except OSError:
            return  # no /proc to resolve it with: the top of the tree was checked
    if not _is_free(os.path.realpath(name)):
        raise PermissionError(f"keraslint probe: {event} of {name} refused (outside the probe's temp folder)")
