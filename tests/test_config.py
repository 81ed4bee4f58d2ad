"""[tool.keraslint] in pyproject.toml and --config: which file applies, what each key does,
how the command line layers on top, and that mistakes are usage errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from keraslint.config import tomllib
from keraslint.globs import Glob

from conftest import PIXELS_SCRIPT, json_findings, run_cli


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(root: Path, relative: str, text: str = PIXELS_SCRIPT) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def pyproject(root: Path, body: str) -> None:
    write(root, "pyproject.toml", "[project]\nname = 'demo'\n\n[tool.keraslint]\n" + body)


def checked(*arguments: str) -> list[tuple[str, str]]:
    """(path, code) of each finding of `keraslint check --format json ARGUMENTS`."""
    result = run_cli("check", "--format", "json", *arguments)
    assert result.exit_code in (0, 1), result.output
    return [(finding["path"], finding["code"]) for finding in json_findings(result.stdout)]


def test_without_configuration_every_rule_runs(project: Path) -> None:
    write(project, "train.py")
    assert checked() == [("train.py", "KL201")]


def test_select_ignore_and_per_file_ignores_of_the_nearest_pyproject(project: Path) -> None:
    for name in ("train.py", "experiments/old.py", "notebooks/lab.py", "tests/test_x.py"):
        write(project, name)
    pyproject(
        project,
        'select = ["KL2", "KL3"]\n'
        "[tool.keraslint.per-file-ignores]\n"
        '"experiments/*.py" = ["KL201"]\n'
        '"test_*.py" = ["KL2"]\n'
        '"**/{notebooks,scratch}/*" = ["kl201"]\n',
    )
    assert checked() == [("train.py", "KL201")]
    pyproject(project, 'ignore = ["KL201"]\n')
    assert checked() == []


def test_a_pyproject_without_the_table_is_passed_over_for_one_further_up(project: Path) -> None:
    pyproject(project, 'ignore = ["KL2"]\n')
    write(project, "sub/pyproject.toml", "[project]\nname = 'sub'\n")
    write(project, "sub/train.py")
    assert checked("sub/train.py") == []


def test_the_closest_configuration_wins_for_each_file_with_its_own_patterns(project: Path) -> None:
    pyproject(project, 'ignore = ["KL2"]\n')
    write(project, "train.py")
    write(project, "service/pyproject.toml", '[tool.keraslint]\nextend-exclude = ["generated"]\n')
    write(project, "service/train.py")
    write(project, "service/generated/model.py")
    assert checked() == [("service/train.py", "KL201")]
    assert checked("service/train.py", "train.py") == [("service/train.py", "KL201")]


def test_command_line_select_replaces_and_ignore_adds_to_the_configuration(project: Path) -> None:
    write(project, "train.py")
    pyproject(project, 'select = ["KL1"]\n')
    assert checked() == []
    assert checked("--select", "KL2") == [("train.py", "KL201")]
    pyproject(project, 'ignore = ["KL201"]\n')
    assert checked("--select", "KL2") == [("train.py", "KL201")]
    pyproject(project, 'select = ["KL2"]\n')
    assert checked("--ignore", "KL201") == []


def test_config_option_applies_one_file_everywhere_with_patterns_from_the_current_folder(project: Path) -> None:
    write(project, "a/train.py")
    write(project, "b/train.py")
    write(project, "a/pyproject.toml", '[tool.keraslint]\nignore = ["KL2"]\n')
    write(project, "ci/keraslint.toml", 'extend-exclude = ["b/*.py"]\n')
    assert checked() == [("b/train.py", "KL201")]
    assert checked("--config", "ci/keraslint.toml") == [("a/train.py", "KL201")]
    write(project, "ci/pyproject.toml", '[tool.keraslint]\nselect = ["KL1"]\n')
    assert checked("--config", "ci/pyproject.toml") == []


def test_exclude_and_extend_exclude_leave_files_out_of_a_walk(project: Path) -> None:
    for name in ("train.py", "data/gen.py", "node_modules/x.py", "deep/data/gen.py", "nb/out.ipynb", "vendor/lib.py"):
        write(project, name)
    pyproject(project, 'extend-exclude = ["data", "vendor/*.py", "*.ipynb"]\n')
    assert [path for path, _ in checked()] == ["train.py"]
    pyproject(project, 'exclude = ["vendor"]\n')  # replaces the default list: node_modules is walked
    assert [path for path, _ in checked()] == [
        "data/gen.py",
        "deep/data/gen.py",
        "nb/out.ipynb",
        "node_modules/x.py",
        "train.py",
    ]


def test_a_named_file_is_checked_unless_force_exclude_says_otherwise(project: Path) -> None:
    write(project, "generated/model.py")
    write(project, "train.py")
    pyproject(project, 'extend-exclude = ["generated"]\n')
    assert checked("generated/model.py") == [("generated/model.py", "KL201")]
    assert checked("--force-exclude", "generated/model.py", "train.py") == [("train.py", "KL201")]
    pyproject(project, 'extend-exclude = ["generated"]\nforce-exclude = true\n')
    assert checked("generated/model.py") == []
    assert checked("generated") == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('selct = ["KL1"]\n', "unknown key 'selct'; did you mean 'select'?"),
        ('colour = "always"\n', "unknown key 'colour'; the keys are select, ignore, per-file-ignores"),
        ('select = ["KL9"]\n', "select: 'KL9' is neither ALL nor a rule code or prefix"),
        ('ignore = "KL1"\n', "ignore must be a list of strings"),
        ('[tool.keraslint.per-file-ignores]\n"x.py" = ["E501"]\n', "per-file-ignores 'x.py': 'E501' is neither"),
        ("force-exclude = 1\n", "force-exclude must be true or false"),
        ("select = [\n", "not valid TOML"),
    ],
)
def test_a_configuration_mistake_is_one_line_on_stderr_and_exit_2(project: Path, body: str, message: str) -> None:
    write(project, "train.py")
    pyproject(project, body)
    result = run_cli("check", "train.py")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"keraslint: {project / 'pyproject.toml'}")
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_a_config_file_must_exist_and_a_pyproject_must_have_the_table(project: Path) -> None:
    assert run_cli("check", "--config", "missing.toml").exit_code == 2
    write(project, "other/pyproject.toml", "[project]\nname = 'x'\n")
    result = run_cli("check", "--config", "other/pyproject.toml")
    assert result.exit_code == 2 and "no [tool.keraslint] table" in result.stderr


def test_show_settings_prints_what_is_in_force_for_a_path_as_toml(project: Path) -> None:
    write(project, "tests/test_x.py")
    pyproject(project, 'select = ["KL2", "KL3"]\n[tool.keraslint.per-file-ignores]\n"tests/*" = ["KL3"]\n')
    result = run_cli("check", "--show-settings", "--ignore", "KL202", "tests/test_x.py")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"# Settings for tests/test_x.py, from {project / 'pyproject.toml'}\n")
    settings = tomllib.loads(result.stdout)
    assert settings["select"] == ["KL2", "KL3"] and settings["ignore"] == ["KL202"]
    assert settings["per-file-ignores"] == {"tests/*": ["KL3"]}
    assert settings["force-exclude"] is False and ".git" in settings["exclude"]
    assert "KL201" in settings["rules"] and not any(code.startswith(("KL1", "KL3")) or code == "KL202" for code in settings["rules"])


@pytest.mark.parametrize(
    ("pattern", "matching", "not_matching"),
    [
        ("build", ["build", "src/build", "a/b/build"], ["builder", "build.py"]),
        ("*.ipynb", ["lab.ipynb", "notebooks/lab.ipynb"], ["lab.py"]),
        ("data/*.py", ["data/gen.py"], ["src/data/gen.py", "data/sub/gen.py", "gen.py"]),
        ("tests/**", ["tests/a.py", "tests/a/b/c.py"], ["src/tests/a.py"]),
        ("**/tests/*.py", ["tests/a.py", "src/tests/a.py"], ["tests/sub/a.py"]),
        ("test_?.py", ["test_a.py"], ["test_ab.py"]),
        ("[ab]*.py", ["a1.py", "b.py"], ["c.py"]),
        ("[!ab]*.py", ["c.py"], ["a.py"]),
        ("**/{tests,docs}/*", ["tests/x.py", "pkg/docs/y.py"], ["src/x.py"]),
        ("./scripts/", ["scripts"], ["other/scripts"]),
    ],
)
def test_glob_patterns_match_as_ruff_documents_them(pattern: str, matching: list[str], not_matching: list[str]) -> None:
    glob = Glob(pattern)
    assert all(glob.matches(path) for path in matching), pattern
    assert not any(glob.matches(path) for path in not_matching), pattern
