"""The README, the CI script and the pre-commit hook agree with the code."""

from __future__ import annotations

import re
import shlex

from keraslint.cli import main
from keraslint.rule import all_rules

from conftest import REPOSITORY

README = (REPOSITORY / "README.md").read_text()


def rules_table() -> str:
    rows = ["| Code | Name | Summary |", "| --- | --- | --- |"]
    for rule in all_rules():
        summary = rule.summary.replace("|", r"\|")
        rows.append(f"| {rule.code} | `{rule.name}` | {summary} |")
    return "\n".join(rows)


def test_the_readme_rule_table_lists_every_rule() -> None:
    listed = README.split("<!-- rules -->\n", 1)[1].split("<!-- /rules -->", 1)[0].strip()
    expected = rules_table()
    assert listed == expected, f"Replace the README's rule table with:\n{expected}"


def test_the_quick_start_is_two_commands_and_ci_runs_the_same_tests() -> None:
    quick_start = README.split("\n## Quick start\n", 1)[1].split("\n## ", 1)[0]
    install_and_check, install_and_test = re.search(r"```sh\n(.*?)```", quick_start, re.DOTALL).group(1).splitlines()
    assert install_and_check == "pip install . && keraslint check fixtures/"
    assert install_and_test in (REPOSITORY / ".ci" / "run").read_text().splitlines()


def test_the_pre_commit_hook_runs_keraslint_check_on_scripts_and_notebooks() -> None:
    text = (REPOSITORY / ".pre-commit-hooks.yaml").read_text()
    hook = dict(re.findall(r"^(?:- |  )(\w+): (.+)$", text, re.MULTILINE))
    assert hook["id"] == "keraslint" and hook["language"] == "python"
    assert hook["types_or"] == "[python, jupyter]"
    assert hook["require_serial"] == "true"  # keraslint starts its own processes
    program, command, *options = shlex.split(hook["entry"])
    assert program == "keraslint" and command in main.commands
    # pre-commit names each file: exclusions in [tool.keraslint] must still apply to them.
    assert options == ["--force-exclude"]
