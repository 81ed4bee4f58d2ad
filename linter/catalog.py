"""Every code keraslint reports, with its documentation: the rules, and the two codes that
are not rules (KL000 input errors, KL001 unused suppressions). Rule docs, SARIF and the
language server read the same entries."""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from functools import cache

from keraslint.engine import INPUT_ERROR, INPUT_ERROR_NAME
from keraslint.rule import Rule, all_rules
from keraslint.suppressions import UNUSED_SUPPRESSION, UNUSED_SUPPRESSION_NAME, UNUSED_SUPPRESSION_SUMMARY
from keraslint.types import Severity


@dataclass(frozen=True)
class CodeDoc:
    code: str
    name: str
    summary: str
    documentation: str  # Markdown, with `## ` headings
    severity: Severity
    invalid: tuple[str, ...] = ()  # examples the code is reported on
    valid: tuple[str, ...] = ()  # examples it is not

    @classmethod
    def of_rule(cls, rule: type[Rule]) -> CodeDoc:
        return cls(rule.code, rule.name, rule.summary, rule.documentation(), rule.severity, rule.INVALID, rule.VALID)


INPUT_ERROR_DOC = CodeDoc(
    INPUT_ERROR,
    INPUT_ERROR_NAME,
    "a file keraslint cannot read or parse",
    inspect.cleandoc(
        """
        ## What it finds
        A file that cannot be read, is not UTF-8, is binary, is a broken notebook, does not
        parse, nests too deeply or is too large; also an internal error of keraslint on one
        file. The message says which, and where when there is a place.

        ## Why it matters
        keraslint cannot check a file it cannot read: whatever is wrong in it goes unseen.
        The other files are still checked.

        ## What to do
        Fix the file, or exclude it (`extend-exclude` in `[tool.keraslint]`). Input errors
        are reported whatever `select`, `ignore` and suppression comments say.
        """
    ),
    Severity.ERROR,
)

UNUSED_SUPPRESSION_DOC = CodeDoc(
    UNUSED_SUPPRESSION,
    UNUSED_SUPPRESSION_NAME,
    UNUSED_SUPPRESSION_SUMMARY,
    inspect.cleandoc(
        """
        ## What it finds
        With `--report-unused-ignores`: a `# keraslint: ignore[...]`, `# noqa: KL...` or
        `# keraslint: ignore-file[...]` comment that suppresses no finding, or names a
        code that is not a rule. Codes of rules that did not run on the file are not
        judged, and neither are a bare `# noqa` and other linters' codes.

        ## Why it matters
        A suppression outlives the finding it was written for: left in place, it hides the
        next, different mistake on that line.

        ## What to do
        Delete the comment, or the codes it lists that suppress nothing.
        """
    ),
    Severity.WARNING,
)


@cache
def catalog() -> tuple[CodeDoc, ...]:
    return (INPUT_ERROR_DOC, UNUSED_SUPPRESSION_DOC, *map(CodeDoc.of_rule, all_rules()))


def lookup(code: str) -> CodeDoc | None:
    return next((entry for entry in catalog() if entry.code == code.upper()), None)
