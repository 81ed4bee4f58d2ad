"""The channel back to keraslint: one JSON object per line, in a file of the probe's temp folder.

Not stdout or stderr: the script prints whatever it likes there.
"""

from __future__ import annotations

import json
import threading
import time
from typing import Any

_lock = threading.Lock()
_file = None
_started = time.monotonic()


def open_log(path: str) -> None:
    global _file
    _file = open(path, "a", encoding="utf-8")


def emit(kind: str, **fields: Any) -> None:
    line = json.dumps({"kind": kind, "seconds": round(time.monotonic() - _started, 3), **fields}, default=_plain)
    with _lock:
        if _file is not None:
            _file.write(line + "\n")
            _file.flush()  # the parent follows the file while the script runs


def progress(text: str) -> None:
    emit("progress", text=text)


def _plain(value: Any) -> Any:
    """numpy scalars and the like: as the Python number they hold, else as text."""
    item = getattr(value, "item", None)
    if callable(item):
        try:
            return item()
        except (TypeError, ValueError):
            pass
    return str(value)
