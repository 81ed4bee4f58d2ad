"""The arguments of one call, positional and keyword, as the callee sees them."""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from keraslint.values import UNKNOWN, Operand, Value


@dataclass(frozen=True)
class Arguments:
    node: cst.Call
    positional: tuple[Operand, ...] = ()
    keywords: dict[str, Operand] = field(default_factory=dict)
    has_unpacking: bool = False  # *args or **kwargs: positions and names are no longer certain

    def get(self, index: int | None, name: str | None = None) -> Operand | None:
        """The argument at `index` or named `name`, whichever the call used."""
        if name is not None and name in self.keywords:
            return self.keywords[name]
        if index is not None and index < len(self.positional):
            return self.positional[index]
        return None

    def value(self, index: int | None, name: str | None = None) -> Value:
        operand = self.get(index, name)
        return operand.value if operand else UNKNOWN

    def has(self, name: str) -> bool:
        return name in self.keywords
