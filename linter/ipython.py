"""Turning one notebook cell into plain Python without moving any line.

IPython accepts more than Python: `%magics`, `!shell` commands (continued with a
backslash), `help?`, bare automagics such as `ls data/`, cells of another language
(`%%bash`), and cells indented as a whole. Each such line becomes `pass` (or `name =
None` where its result is bound), so that line numbers still match the notebook.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Cell magics whose body is still Python; any other `%%` cell is left out entirely.
_PYTHON_CELL_MAGICS = ("%%time", "%%timeit", "%%capture", "%%prun")
# `files = !ls` and `t = %timeit -o f()`: keep the names bound, drop the magic.
_MAGIC_ASSIGNMENT = re.compile(r"^([A-Za-z_][\w\s,]*?)\s*=\s*[%!]")
# Magics IPython runs without a `%` (automagic), when followed by arguments rather than Python.
_AUTOMAGIC = re.compile(r"^(ls|cd|pwd|pip|conda|mkdir|rm|cp|mv|cat|env|load_ext|matplotlib|who|whos)(\s+[^=\s(\[,:)]|\s*$)")


@dataclass(frozen=True)
class Cell:
    lines: tuple[str, ...]
    indent: int  # columns removed from each line of a cell that IPython dedents as a whole


def python_lines(lines: list[str]) -> Cell:
    if lines and lines[0].lstrip().startswith("%%"):
        if not lines[0].lstrip().startswith(_PYTHON_CELL_MAGICS):
            return Cell(("",) * len(lines), 0)
        lines = ["", *lines[1:]]
    lines, indent = _dedent(lines)
    result: list[str] = []
    state = _Continuation()
    continues_magic = False
    for line in lines:
        if continues_magic:  # the next line of a `!command \`
            result.append("")
            continues_magic = line.rstrip().endswith("\\")
        elif not state.continues and _is_ipython(line):
            result.append(_replacement(line))
            continues_magic = line.rstrip().endswith("\\")
        else:
            result.append(line)
            state = state.after(line)
    return Cell(tuple(result), indent)


def _dedent(lines: list[str]) -> tuple[list[str], int]:
    """IPython removes the first line's indentation from every line that has it."""
    first = next((line for line in lines if line.strip()), "")
    prefix = first[: len(first) - len(first.lstrip())]
    if not prefix:
        return lines, 0
    return [line[len(prefix):] if line.startswith(prefix) else line for line in lines], len(prefix)


def _is_ipython(line: str) -> bool:
    stripped = line.strip()
    if not stripped or stripped.startswith("#"):
        return False
    return (
        stripped[0] in "%!?"
        or (stripped.endswith("?") and not stripped.startswith(("'", '"')))
        or bool(_MAGIC_ASSIGNMENT.match(stripped))
        or bool(_AUTOMAGIC.match(stripped))
    )


def _replacement(line: str) -> str:
    indentation = line[: len(line) - len(line.lstrip())]
    assignment = _MAGIC_ASSIGNMENT.match(line.strip())
    if assignment:
        return f"{indentation}{assignment.group(1)} = None"
    return f"{indentation}pass"


@dataclass(frozen=True)
class _Continuation:
    """Whether the next line continues a logical line: open brackets, a triple-quoted string, a backslash.

    A rough scan, good enough to tell a `%` that starts a line from one inside an
    expression; it does not need to tokenise Python exactly.
    """

    brackets: int = 0
    open_string: str | None = None
    backslash: bool = False

    @property
    def continues(self) -> bool:
        return self.brackets > 0 or self.open_string is not None or self.backslash

    def after(self, line: str) -> _Continuation:
        brackets, quote, index = self.brackets, self.open_string, 0
        while index < len(line):
            if quote:
                if line.startswith(quote, index):
                    index, quote = index + len(quote), None
                else:
                    index += 2 if line[index] == "\\" else 1
                continue
            char = line[index]
            if char == "#":
                break
            if char in "'\"":
                quote = char * 3 if line.startswith(char * 3, index) else char
                index += len(quote)
                continue
            brackets += (char in "([{") - (char in ")]}")
            index += 1
        if quote is not None and len(quote) == 1:
            quote = None  # an unterminated one-line string is a syntax error the parser reports
        return _Continuation(max(brackets, 0), quote, line.rstrip().endswith("\\") and quote is None)
