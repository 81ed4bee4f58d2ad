"""Every rule's VALID and INVALID examples, which are also its documentation, run as tests."""

from __future__ import annotations

import inspect

import pytest

from keraslint.engine import check_bytes, mentions_keras
from keraslint.rule import FLAG_MARKER, Rule, all_rules

EXAMPLES = [
    pytest.param(rule, kind, index, code, id=f"{rule.code}-{kind}-{index}")
    for rule in all_rules()
    for kind, examples in (("valid", rule.VALID), ("invalid", rule.INVALID))
    for index, code in enumerate(examples)
]


def findings_of(rule: type[Rule], code: str):
    report = check_bytes("example.py", code.encode(), all_rules())
    assert not [f for f in report.findings if f.code == "KL000"], report.findings
    return [finding for finding in report.findings if finding.code == rule.code]


@pytest.mark.parametrize(("rule", "kind", "index", "code"), EXAMPLES)
def test_example(rule: type[Rule], kind: str, index: int, code: str) -> None:
    assert mentions_keras(code), "an example that mentions no Keras would be skipped, and prove nothing"
    findings = findings_of(rule, code)
    if kind == "valid":
        assert findings == []
        return
    flagged = [number for number, line in enumerate(code.splitlines(), start=1) if line.rstrip().endswith(FLAG_MARKER)]
    assert len(flagged) == 1, "an INVALID example marks exactly one line with '# <-'"
    assert [finding.location.line for finding in findings] == flagged
    assert all(finding.evidence for finding in findings), "every finding carries its evidence"


@pytest.mark.parametrize("rule", all_rules(), ids=lambda rule: rule.code)
def test_rule_is_documented(rule: type[Rule]) -> None:
    documentation = rule.documentation()
    for heading in ("## What it finds", "## Why it is wrong", "## What to do"):
        assert heading in documentation
    assert rule.VALID and rule.INVALID
    assert rule.code.startswith("KL") and rule.name and rule.summary
    assert inspect.getmodule(rule).__name__.startswith(f"keraslint.rules.{rule.code.lower()}_")


def test_codes_and_names_are_unique() -> None:
    rules = all_rules()
    assert len({rule.code for rule in rules}) == len(rules)
    assert len({rule.name for rule in rules}) == len(rules)
