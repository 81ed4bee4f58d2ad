"""The `keraslint` command: arguments, formats, exit codes, in-process and as a real process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import keraslint.cli
from keraslint import __version__
from keraslint.rule import Rule, all_rules

from conftest import BROKEN_SCRIPT, CLEAN_SCRIPT, json_findings, run_cli, run_process

FINDING_KEYS = set("code name message path line column end_line end_column cell severity evidence fix".split())


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "clean.py").write_text(CLEAN_SCRIPT)
    return tmp_path


@pytest.fixture
def broken(workdir: Path) -> Path:
    (workdir / "broken.py").write_text(BROKEN_SCRIPT)
    return workdir


def codes(output: str) -> list[str]:
    return [finding["code"] for finding in json_findings(output)]


def test_a_clean_file_exits_0_with_a_summary(workdir: Path) -> None:
    result = run_cli("check", "clean.py")
    assert (result.exit_code, result.stdout) == (0, "No findings in 1 file.\n")


def test_findings_exit_1_one_line_each_then_the_summary(broken: Path) -> None:
    result = run_cli("check", "clean.py", "broken.py")
    assert result.exit_code == 1
    headline, summary = result.stdout.splitlines()
    assert headline.startswith("broken.py:3:") and " KL000 syntax error: " in headline
    assert summary == "1 finding in 1 of 2 files."


def test_without_paths_the_current_folder_is_checked(broken: Path) -> None:
    (broken / "sub").mkdir()
    (broken / "sub" / "also_broken.py").write_text(BROKEN_SCRIPT)
    result = run_cli("check")
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == [
        "broken.py",
        "sub/also_broken.py",
        "2 findings in 2 of 3 files.",
    ]


def test_exit_zero_reports_the_findings_and_exits_0(broken: Path) -> None:
    result = run_cli("check", "--exit-zero", "broken.py")
    assert result.exit_code == 0
    assert result.stdout == run_cli("check", "broken.py").stdout


def test_quiet_prints_only_the_findings(broken: Path) -> None:
    noisy = run_cli("check", "broken.py", "clean.py").stdout.splitlines()
    quiet = run_cli("check", "--quiet", "broken.py", "clean.py")
    assert quiet.exit_code == 1
    assert quiet.stdout.splitlines() == noisy[:-1]
    assert run_cli("check", "-q", "clean.py").stdout == ""


def test_json_output_is_only_an_array_of_findings_with_the_documented_keys(broken: Path) -> None:
    result = run_process("check", "--format", "json", "broken.py", "clean.py", "missing.py", cwd=broken)
    assert result.returncode == 1
    findings = json_findings(result.stdout)  # fails on anything but the array
    assert [(finding["code"], finding["path"]) for finding in findings] == [
        ("KL000", "broken.py"),
        ("KL000", "missing.py"),
    ]
    assert all(set(finding) == FINDING_KEYS for finding in findings)
    assert findings[0]["line"] == 3 and findings[0]["cell"] is None and findings[0]["fix"] is None
    assert json_findings(run_process("check", "--format", "json", "-q", "clean.py", cwd=broken).stdout) == []


def test_full_output_frames_the_flagged_line(broken: Path) -> None:
    result = run_cli("check", "--format", "full", "broken.py")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("broken.py:3:")
    flagged = lines.index("3 | model.fit(x y)")
    column = int(lines[0].split(":")[2])
    assert lines[flagged + 1] == "  | " + " " * (column - 1) + "^"
    assert lines[-1] == "1 finding in 1 file."


def test_a_missing_path_is_reported_and_the_other_files_are_still_checked(broken: Path) -> None:
    result = run_cli("check", "nope.py", "broken.py", "clean.py")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1:] == [
        "nope.py:1:1: KL000 no such file or directory",
        "2 findings in 2 of 3 files.",
    ]


@pytest.mark.parametrize("selector", ["KL9", "KL1000", "XYZ", "KL000", "KL1;KL2"])
@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_an_unknown_selector_is_a_usage_error(workdir: Path, option: str, selector: str) -> None:
    result = run_cli("check", option, f"ALL,{selector}" if option == "--select" else selector, "clean.py")
    assert result.exit_code == 2
    assert repr(selector) in result.stderr and result.stdout == ""


def test_usage_errors_exit_2(workdir: Path) -> None:
    assert run_cli("check", "--format", "xml", "clean.py").exit_code == 2
    assert run_cli("check", "--no-such-option").exit_code == 2
    assert run_cli("no-such-command").exit_code == 2


@pytest.fixture
def some_rule() -> type[Rule]:
    if not all_rules():
        pytest.skip("no rules yet")
    return all_rules()[-1]


def test_selectors_are_codes_prefixes_or_all_in_any_case_comma_separated_and_repeatable(
    workdir: Path, some_rule: type[Rule]
) -> None:
    code = some_rule.code
    for arguments in (
        ["--select", "ALL"],
        ["--select", "all"],
        ["--select", "KL"],
        ["--select", code[:3]],
        ["--select", code.lower()],
        ["--select", f" {code} ,{code[:3]}", "--select", code],
        ["--ignore", code, "--ignore", "KL"],
    ):
        assert run_cli("check", *arguments, "clean.py").exit_code == 0, arguments


def test_input_errors_are_reported_whatever_is_selected_or_ignored(broken: Path, some_rule: type[Rule]) -> None:
    for arguments in (["--ignore", "ALL"], ["--select", some_rule.code], ["--ignore", "KL"]):
        result = run_cli("check", "--format", "json", *arguments, "broken.py")
        assert (result.exit_code, codes(result.stdout)) == (1, ["KL000"]), arguments


def test_select_and_ignore_pick_the_rules_that_run(workdir: Path, flagged_example: tuple[type[Rule], str]) -> None:
    rule, example = flagged_example
    Path("example.py").write_text(example)

    def found(*arguments: str) -> set[str]:
        return set(codes(run_cli("check", "--format", "json", *arguments, "example.py").stdout))

    family = rule.code[:3]  # e.g. KL1
    assert rule.code in found()
    assert found("--select", rule.code) == {rule.code}
    assert rule.code in found("--select", family) <= {code for code in found() if code.startswith(family)}
    assert rule.code not in found("--ignore", rule.code)
    assert not any(code.startswith(family) for code in found("--ignore", family))
    assert found("--select", family, "--ignore", rule.code) == found("--select", family) - {rule.code}
    assert found("--ignore", "ALL") == set()


def test_rules_lists_code_name_and_summary_of_every_rule() -> None:
    result = run_cli("rules")
    assert result.exit_code == 0
    listed = [line.split(None, 2) for line in result.stdout.splitlines()]
    assert listed == [[rule.code, rule.name, rule.summary] for rule in all_rules()]


def test_version_as_module_and_as_console_script() -> None:
    console_script = Path(sys.executable).with_name("keraslint")
    for command in ([sys.executable, "-m", "keraslint"], [str(console_script)]):
        result = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=60)
        assert (result.returncode, result.stdout) == (0, f"keraslint, version {__version__}\n")


def test_python_m_keraslint_and_the_console_script_behave_like_the_command(broken: Path) -> None:
    in_process = run_cli("check", "broken.py", "clean.py")
    as_module = run_process("check", "broken.py", "clean.py", cwd=broken)
    as_script = subprocess.run(
        [str(Path(sys.executable).with_name("keraslint")), "check", "broken.py", "clean.py"],
        capture_output=True,
        text=True,
        cwd=broken,
        timeout=60,
    )
    for result in (as_module, as_script):
        assert (result.returncode, result.stdout, result.stderr) == (1, in_process.stdout, "")


def test_an_internal_failure_is_one_line_on_stderr_and_exit_2(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_discover(paths, resolver=None):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(keraslint.cli, "discover", broken_discover)
    result = run_cli("check", "clean.py")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "keraslint: internal error: RuntimeError: disk on fire\n"


def test_an_internal_failure_in_a_real_process_prints_no_traceback(workdir: Path) -> None:
    script = (
        "import keraslint.cli as cli\n"
        "def broken_discover(paths, resolver=None): raise RuntimeError('disk on fire')\n"
        "cli.discover = broken_discover\n"
        "cli.main(['check', 'clean.py'], prog_name='keraslint')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "keraslint: internal error: RuntimeError: disk on fire\n"
