"""Rule documentation: `keraslint rule`, and docs/rules.md generated from the same source."""

from __future__ import annotations

import subprocess
import sys

import pytest

from keraslint.catalog import CodeDoc, catalog
from keraslint.docs import REGENERATE, rule_markdown, rules_page
from keraslint.rule import FLAG_MARKER, all_rules
from keraslint.types import Severity

from conftest import REPOSITORY, run_cli


def test_docs_rules_md_is_generated_from_the_rules() -> None:
    written = (REPOSITORY / "docs" / "rules.md").read_text()
    assert written == rules_page(), f"docs/rules.md is out of date: regenerate it with `{REGENERATE}`"


def test_the_generator_is_a_module_that_prints_the_page() -> None:
    printed = subprocess.run([sys.executable, "-m", "keraslint.docs"], capture_output=True, text=True, timeout=60)
    assert (printed.returncode, printed.stdout) == (0, rules_page())


def test_rule_prints_the_documentation_and_the_examples_of_one_rule() -> None:
    rule = next((rule for rule in all_rules() if rule.INVALID and rule.VALID), None)
    if rule is None:
        pytest.skip("no rule with examples yet")
    result = run_cli("rule", rule.code.lower())
    assert result.exit_code == 0
    section = result.stdout
    assert section.startswith(f"## {rule.code}\n\n`{rule.name}` ({rule.severity.value}): {rule.summary}\n")
    first_heading = next(line for line in rule.documentation().splitlines() if line.startswith("## "))
    assert f"\n#{first_heading}\n" in section  # the docstring's headings sit under the rule's
    example, use_instead = section.index("### Example\n"), section.index("### Use instead\n")
    invalid = rule.INVALID[0].strip("\n")
    assert section.index(f"```python\n{invalid}\n```") > example and FLAG_MARKER in invalid
    assert section.index(f"```python\n{rule.VALID[0].strip(chr(10))}\n```") > use_instead > example


def test_code_comments_in_the_documentation_stay_comments() -> None:
    entry = CodeDoc("KL999", "x", "y", "## Title\n```python\n# a comment\n```\ntext", Severity.ERROR)
    assert "### Title\n```python\n# a comment\n```\ntext" in rule_markdown(entry)


def test_rule_all_prints_every_code_in_order() -> None:
    result = run_cli("rule", "--all")
    assert result.exit_code == 0
    headings = [line[3:] for line in result.stdout.splitlines() if line.startswith("## ")]
    assert headings == [entry.code for entry in catalog()]
    assert headings[:2] == ["KL000", "KL001"]


@pytest.mark.parametrize("arguments", [["rule"], ["rule", "KL999"], ["rule", "KL101", "--all"]])
def test_rule_needs_exactly_one_known_code_or_all(arguments: list[str]) -> None:
    result = run_cli(*arguments)
    assert result.exit_code == 2 and result.stdout == ""


def test_the_page_links_every_code_to_its_section() -> None:
    page = rules_page()
    for entry in catalog():
        assert f"[{entry.code}](#{entry.code.lower()})" in page and f"\n## {entry.code}\n" in page
