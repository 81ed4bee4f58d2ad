"""Where in the user's script a hooked call comes from, and what the script calls its arguments.

Static findings are placed on lines of the script, so every observation carries the
span of the script's own call that led to it, even when the hook fires deeper down
(in a helper module, or in Keras).
"""

from __future__ import annotations

import itertools
import sys
import sysconfig
import threading
from types import FrameType

_script = ""
_library_folders: tuple[str, ...] = ()
_state = threading.local()


def configure(script_path: str) -> None:
    global _script, _library_folders
    _script = script_path
    paths = sysconfig.get_paths()
    _library_folders = tuple({paths[key] for key in ("stdlib", "platstdlib", "purelib", "platlib") if key in paths})


def script_path() -> str:
    return _script


def script_frame() -> FrameType | None:
    """The innermost frame of the script itself among the callers of the hook."""
    frame: FrameType | None = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename != _script:
        frame = frame.f_back
    return frame


def called_from_user_code(depth: int = 2) -> bool:
    """Whether the hooked function's caller is the user's code, not a library calling it internally."""
    filename = sys._getframe(depth).f_code.co_filename
    return filename == _script or not (filename.startswith(_library_folders) or filename.startswith("<frozen"))


def span(frame: FrameType) -> tuple[int, int]:
    """First and last line of the call being made in `frame` (the whole call, arguments included)."""
    positions = getattr(frame.f_code, "co_positions", None)  # Python 3.11+
    if positions is not None:
        start, end, _, _ = next(itertools.islice(positions(), frame.f_lasti // 2, None), (None, None, None, None))
        if start is not None:
            return start, end or start
    return frame.f_lineno, frame.f_lineno


def names_of(frame: FrameType, value: object) -> list[str]:
    """The script's names bound to this very object, for messages ("fit x (train_images)")."""
    namespaces = [frame.f_locals] if frame.f_locals is frame.f_globals else [frame.f_locals, frame.f_globals]
    return sorted({name for namespace in namespaces for name, bound in namespace.items() if bound is value and not name.startswith("_")})


class Hooked:
    """Marks the time spent inside a hook: what Keras or scikit-learn call from there is theirs, not the script's.

    Keras's fit calls evaluate for the validation data; f1_score calls fbeta_score.
    """

    def __enter__(self) -> None:
        _state.depth = getattr(_state, "depth", 0) + 1

    def __exit__(self, *_: object) -> None:
        _state.depth -= 1


def inside_hook() -> bool:
    return getattr(_state, "depth", 0) > 0
