"""Realistic fixtures: each buggy script's findings are exactly those in its .expected file,
and every other fixture (the corrected twins) produces no finding at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from keraslint.engine import check_path
from keraslint.rule import all_rules

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SCRIPTS = sorted(path for path in FIXTURES.rglob("*") if path.suffix in (".py", ".ipynb"))


def expected_findings(script: Path) -> list[tuple[str, str]]:
    """`KL101 12` for a script, `KL201 9:4` (cell 9, line 4) for a notebook."""
    expected = script.with_suffix(".expected")
    if not expected.exists():
        return []
    entries = []
    for line in expected.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            code, where = line.split()
            entries.append((code, where))
    return sorted(entries)


def actual_findings(script: Path) -> list[tuple[str, str]]:
    report = check_path(str(script), all_rules())
    found = []
    for finding in report.findings:
        location = finding.location
        where = f"{location.cell}:{location.line}" if location.cell else str(location.line)
        found.append((finding.code, where))
    return sorted(found)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: str(path.relative_to(FIXTURES)))
def test_fixture_findings(script: Path) -> None:
    assert actual_findings(script) == expected_findings(script)


def test_every_seed_has_a_buggy_fixture_and_a_clean_twin() -> None:
    seeds = FIXTURES / "seeds"
    buggy = sorted(path for path in seeds.iterdir() if path.suffix in (".py", ".ipynb") and "_fixed" not in path.stem)
    assert len(buggy) == 5
    for script in buggy:
        assert expected_findings(script), f"{script.name} has no expected findings"
        twin = script.with_name(f"{script.stem}_fixed{script.suffix}")
        assert twin.exists(), f"{script.name} has no corrected twin"


def test_every_finding_carries_evidence() -> None:
    for script in SCRIPTS:
        for finding in check_path(str(script), all_rules()).findings:
            assert finding.evidence, f"{script.name}: {finding.code} has no evidence"
