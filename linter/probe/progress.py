"""What the probe is doing, on one line of stderr that rewrites itself, only when stderr is a terminal.

A pipe or a CI log gets nothing extra: the report on stdout says it all.
"""

from __future__ import annotations

import sys
from typing import TextIO

_CLEAR_LINE = "\r\033[K"


class Status:
    def __init__(self, stream: TextIO | None = None):
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()

    def show(self, path: str, text: str) -> None:
        if self.live:
            self.stream.write(f"{_CLEAR_LINE}keraslint probe {path}: {text}")
            self.stream.flush()

    def clear(self) -> None:
        if self.live:
            self.stream.write(_CLEAR_LINE)
            self.stream.flush()
