"""Hooks on `random.shuffle` and `np.random.shuffle`: what was shuffled, and whether rows survived.

`random.shuffle` on a 2-D numpy array swaps row views and so duplicates some rows and
loses others; counting the distinct rows before and after shows it happening.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from types import ModuleType
from typing import Any

from . import callsite, events
from .fingerprints import fingerprint

# Counting distinct rows of more than this many rows would cost more than the run.
COUNTED_ROWS = 1_000_000


def install(module: ModuleType, function: str) -> None:
    """Hook `module.shuffle`: the stdlib's random module, or numpy.random."""
    module.shuffle = _hook(function, module.shuffle)


def _hook(function: str, original: Callable) -> Callable:
    @functools.wraps(original)
    def shuffle(x: Any, *args: Any, **kwargs: Any) -> Any:
        frame = callsite.script_frame() if callsite.called_from_user_code() else None
        if frame is None:
            return original(x, *args, **kwargs)
        before = distinct_rows(x)
        result = original(x, *args, **kwargs)
        line, end_line = callsite.span(frame)
        events.emit(
            "shuffle",
            function=function,
            line=line,
            end_line=end_line,
            target=fingerprint(x, callsite.names_of(frame, x)),
            distinct_before=before,
            distinct_after=distinct_rows(x),
        )
        return result

    return shuffle


def distinct_rows(value: Any) -> int | None:
    """How many different rows a 2-D (or higher) numpy array holds; None for anything else."""
    shape = getattr(value, "shape", None)
    if type(value).__module__ != "numpy" or shape is None or len(shape) < 2 or shape[0] > COUNTED_ROWS:
        return None
    return len({row.tobytes() for row in value})
