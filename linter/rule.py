"""What a rule is, and where the engine finds them all.

A rule is one small class in one module of `keraslint.rules`: its docstring is its
documentation, its VALID and INVALID examples are its tests, and `check` reads the
ScriptFacts of a file and yields Violations. A rule never parses or walks syntax.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, ClassVar

from keraslint.types import Fact, Severity, Violation

if TYPE_CHECKING:
    import libcst as cst

    from keraslint.facts import ScriptFacts

# In an INVALID example, the line the rule must flag ends with this comment.
FLAG_MARKER = "# <-"


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    severity: ClassVar[Severity] = Severity.ERROR
    VALID: ClassVar[tuple[str, ...]] = ()
    INVALID: ClassVar[tuple[str, ...]] = ()

    def check(self, facts: ScriptFacts) -> Iterator[Violation]:
        raise NotImplementedError

    def violation(self, node: cst.CSTNode, message: str, *evidence: Fact | None) -> Violation:
        return Violation(self.code, message, node, tuple(fact for fact in evidence if fact is not None))

    @classmethod
    def documentation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")


@cache
def all_rules() -> tuple[type[Rule], ...]:
    """Every rule class in keraslint.rules, ordered by code."""
    import keraslint.rules as package

    found = []
    for module_info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{module_info.name}")
        for value in vars(module).values():
            if inspect.isclass(value) and issubclass(value, Rule) and value is not Rule and value.__module__ == module.__name__:
                found.append(value)
    return tuple(sorted(found, key=lambda rule: rule.code))


def matches(code: str, prefixes: tuple[str, ...]) -> bool:
    """`KL101` matches the selectors `KL101`, `KL1`, `KL` and `ALL`."""
    return any(prefix == "ALL" or code.startswith(prefix) for prefix in prefixes)


def select_rules(select: tuple[str, ...] = ("ALL",), ignore: tuple[str, ...] = ()) -> tuple[type[Rule], ...]:
    return tuple(rule for rule in all_rules() if matches(rule.code, select) and not matches(rule.code, ignore))
