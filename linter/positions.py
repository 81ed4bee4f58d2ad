"""Where nodes are in the source, computed in one lean code-generation pass.

libcst's PositionProvider tracks line and column at every token; counting characters
and turning the few offsets a report needs into lines afterwards costs far less.
Positions are computed only for files that have findings.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import accumulate

import libcst as cst
from libcst._nodes.internal import CodegenState


@dataclass(frozen=True)
class Range:
    """1-based lines, 0-based columns, as libcst's CodeRange; end exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass
class _OffsetState(CodegenState):
    offset: int = 0
    spans: dict[cst.CSTNode, tuple[int, int]] = field(default_factory=dict)
    starts: list[int] = field(default_factory=list)

    def add_indent_tokens(self) -> None:
        self.tokens.extend(self.indent_tokens)
        self.offset += sum(map(len, self.indent_tokens))

    def add_token(self, value: str) -> None:
        self.tokens.append(value)
        self.offset += len(value)

    def before_codegen(self, node: cst.CSTNode) -> None:
        self.starts.append(self.offset)

    def after_codegen(self, node: cst.CSTNode) -> None:
        start = self.starts.pop()
        self.spans.setdefault(node, (start, self.offset))

    @contextmanager
    def record_syntactic_position(
        self, node: cst.CSTNode, *, start_node: cst.CSTNode | None = None, end_node: cst.CSTNode | None = None
    ) -> Iterator[None]:
        start = self.offset
        try:
            yield
        finally:
            end = self.offset
            if start_node is not None:
                start = self.spans[start_node][0]
            if end_node is not None:
                end = self.spans[end_node][1]
            self.spans[node] = (start, end)


class Positions:
    """The syntactic range of every node of a module, without leading and trailing whitespace."""

    def __init__(self, module: cst.Module):
        state = _OffsetState(default_indent=module.default_indent, default_newline=module.default_newline)
        module._codegen(state)
        code = "".join(state.tokens)
        self._spans = state.spans
        self._line_starts = [0, *accumulate(len(line) for line in code.splitlines(keepends=True))]

    def __contains__(self, node: object) -> bool:
        return node in self._spans

    def __getitem__(self, node: cst.CSTNode) -> Range:
        start, end = self._spans[node]
        line, column = self._locate(start)
        end_line, end_column = self._locate(end)
        return Range(line, column, end_line, end_column)

    def _locate(self, offset: int) -> tuple[int, int]:
        index = bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index]
