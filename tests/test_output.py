"""Output for CI and other programs: github, concise, sarif, statistics, --output-file,
colour, standard input, and the problem matcher documented in docs/ci.md."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from keraslint.catalog import catalog
from keraslint.cli import main
from keraslint.engine import FileReport
from keraslint.reporters import Style, wants_colour, workflow_command, write_text
from keraslint.sarif import sarif_log
from keraslint.types import Finding, Location, Severity

from conftest import BROKEN_SCRIPT, PIXELS_LINE, PIXELS_SCRIPT, REPOSITORY, json_findings, notebook_text, run_cli

SARIF_SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())


# The pixels script split into two cells: the finding is in cell 2, its data loaded in cell 1.
_LOAD, _MODEL = PIXELS_SCRIPT.split("model = ", 1)
NOTEBOOK = notebook_text(_LOAD, "model = " + _MODEL)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "train.py").write_text(PIXELS_SCRIPT)
    (tmp_path / "lab.ipynb").write_text(NOTEBOOK)
    (tmp_path / "broken.py").write_text(BROKEN_SCRIPT)
    return tmp_path


def finding(message: str = "m", path: str = "a.py", cell: int | None = None, severity=Severity.ERROR, evidence=()) -> Finding:
    return Finding("KL101", "some-rule", message, Location(path, 3, 5, 4, 9, cell), severity, evidence)


def test_github_annotations_are_workflow_commands_with_positions() -> None:
    assert workflow_command(finding("labels are one-hot")) == (
        "::error file=a.py,line=3,col=5,endLine=4,endColumn=9,title=KL101::labels are one-hot"
    )
    assert workflow_command(finding(severity=Severity.WARNING)).startswith("::warning file=a.py,")


def test_github_annotations_escape_data_and_properties() -> None:
    command = workflow_command(finding("100% sure:\r\nyes, really", path="odd,dir:x/a.py", evidence=("y is 50%",)))
    assert command == (
        "::error file=odd%2Cdir%3Ax/a.py,line=3,col=5,endLine=4,endColumn=9,title=KL101"
        "::100%25 sure:%0D%0Ayes, really%0A= y is 50%25"
    )


def test_github_annotations_of_a_notebook_name_the_cell_in_the_message() -> None:
    assert workflow_command(finding("wrong", path="lab.ipynb", cell=4)) == "::error file=lab.ipynb,title=KL101::cell 4, line 3: wrong"


def test_github_format_prints_only_annotations(project: Path) -> None:
    result = run_cli("check", "--format", "github", "train.py", "lab.ipynb")
    assert result.exit_code == 1
    assert [line.split("::")[1].split(",")[0] for line in result.stdout.splitlines()] == [
        "error file=lab.ipynb",
        "error file=train.py",
    ]


def test_concise_is_the_text_lines_without_the_summary(project: Path) -> None:
    text = run_cli("check", "train.py", "lab.ipynb", "broken.py").stdout.splitlines()
    concise = run_cli("check", "--format", "concise", "train.py", "lab.ipynb", "broken.py")
    assert concise.exit_code == 1
    assert concise.stdout.splitlines() == text[:-1] and text[-1] == "3 findings in 3 files."


def test_statistics_count_findings_per_rule_most_frequent_first(project: Path) -> None:
    (project / "again.py").write_text(PIXELS_SCRIPT)
    result = run_cli("check", "--statistics")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == ["3\tKL201\tunscaled-pixels", "1\tKL000\tinvalid-input"]
    as_json = json.loads(run_cli("check", "--statistics", "--format", "json").stdout)
    assert as_json == [{"code": "KL201", "name": "unscaled-pixels", "count": 3}, {"code": "KL000", "name": "invalid-input", "count": 1}]


def test_output_file_replaces_the_file_whole_and_prints_nothing(project: Path) -> None:
    (project / "report.json").write_text("old report, longer than the new one " * 100)
    os.chmod(project / "report.json", 0o640)
    result = run_cli("check", "--format", "json", "--output-file", "report.json", "train.py")
    assert (result.exit_code, result.stdout) == (1, "")
    assert [item["code"] for item in json.loads((project / "report.json").read_text())] == ["KL201"]
    assert oct(os.stat(project / "report.json").st_mode & 0o777) == oct(0o640)
    assert sorted(path.name for path in project.iterdir()) == ["broken.py", "lab.ipynb", "report.json", "train.py"]


def test_output_file_is_never_coloured(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    CliRunner().invoke(main, ["check", "-o", "report.txt", "train.py"])
    assert "\x1b[" not in (project / "report.txt").read_text()


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("environment", "stream", "coloured"),
    [
        ({}, Terminal(), True),
        ({}, io.StringIO(), False),
        ({"NO_COLOR": "1"}, Terminal(), False),
        ({"NO_COLOR": ""}, Terminal(), True),  # an empty value counts as unset
        ({"FORCE_COLOR": "1"}, io.StringIO(), True),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, io.StringIO(), True),
    ],
)
def test_colour_on_a_terminal_unless_no_color_and_anywhere_with_force_color(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], stream: io.StringIO, coloured: bool
) -> None:
    for name in ("FORCE_COLOR", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert wants_colour(stream) is coloured


def test_colour_paints_path_code_and_summary_and_nothing_else() -> None:
    stream = io.StringIO()
    write_text([FileReport("a.py", (finding("labels"),))], stream, Style(colour=True))
    assert stream.getvalue() == (
        "\x1b[1ma.py:3:5\x1b[0m: \x1b[31mKL101\x1b[0m labels\n\x1b[1m1 finding in 1 file.\x1b[0m\n"
    )


def sarif(*arguments: str) -> dict:
    result = run_cli("check", "--format", "sarif", *arguments)
    assert result.exit_code in (0, 1)
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    return log


def test_sarif_is_valid_and_describes_every_code_with_its_documentation(project: Path) -> None:
    log = sarif("train.py")
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [entry.code for entry in catalog()]
    kl201 = next(rule for rule in rules if rule["id"] == "KL201")
    assert kl201["name"] == "unscaled-pixels" and kl201["shortDescription"]["text"]
    assert "## What to do" in kl201["help"]["markdown"] and "##" not in kl201["fullDescription"]["text"]
    assert kl201["helpUri"].endswith("docs/rules.md#kl201")
    (result,) = run["results"]
    assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == "KL201" and result["level"] == "error"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "train.py", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": PIXELS_LINE, "startColumn": 1, "endLine": PIXELS_LINE, "endColumn": 28}
    related = result["relatedLocations"]
    assert [item["physicalLocation"]["region"]["startLine"] for item in related] == [3, 4]
    assert related[0]["message"]["text"].endswith(": keras.datasets.mnist.load_data()")
    assert Path(run["originalUriBaseIds"]["%SRCROOT%"]["uri"].removeprefix("file://")) == project


def test_sarif_locates_notebook_findings_in_their_cell_and_lists_input_errors(project: Path) -> None:
    (run,) = sarif("lab.ipynb", "broken.py", "missing.py")["runs"]
    by_rule = {}
    for result in run["results"]:
        by_rule.setdefault(result["ruleId"], []).append(result)
    (in_notebook,) = by_rule["KL201"]
    assert in_notebook["properties"] == {"cell": 2}
    assert in_notebook["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
    assert [item["properties"]["cell"] for item in in_notebook["relatedLocations"]] == [1, 2]
    assert [result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for result in by_rule["KL000"]] == [
        "broken.py",
        "missing.py",
    ]


def test_sarif_puts_evidence_without_a_place_into_the_message() -> None:
    report = FileReport("a.py", (finding("wrong", evidence=("loss is binary", "y is one-hot (line 2: y)")),))
    (result,) = sarif_log([report])["runs"][0]["results"]
    assert result["message"]["text"] == "wrong\n- loss is binary"
    assert [item["message"]["text"] for item in result["relatedLocations"]] == ["y is one-hot: y"]


def test_stdin_is_checked_as_the_named_file_with_its_settings(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.keraslint.per-file-ignores]\n"legacy/*" = ["KL201"]\n')
    data = PIXELS_SCRIPT.encode()
    result = run_cli("check", "-", "--stdin-filename", "src/train.py", stdin=data)
    assert (result.exit_code, result.stdout.splitlines()[0].split(": ")[0]) == (1, f"src/train.py:{PIXELS_LINE}:1")
    assert run_cli("check", "--stdin-filename", "src/train.py", stdin=data).stdout == result.stdout
    assert run_cli("check", "-", "--stdin-filename", "legacy/train.py", stdin=data).exit_code == 0
    assert run_cli("check", "-", stdin=data).stdout.startswith(f"-:{PIXELS_LINE}:1: KL201 ")


def test_stdin_with_a_notebook_name_is_read_as_a_notebook(project: Path) -> None:
    result = run_cli("check", "--format", "json", "-", "--stdin-filename", "lab.ipynb", stdin=NOTEBOOK.encode())
    assert [(item["path"], item["cell"], item["line"]) for item in json_findings(result.stdout)] == [("lab.ipynb", 2, 3)]


def test_stdin_goes_alone_and_force_exclude_applies_to_its_name(project: Path) -> None:
    result = run_cli("check", "-", "train.py", stdin=b"")
    assert result.exit_code == 2 and "standard input" in result.stderr
    (project / "pyproject.toml").write_text('[tool.keraslint]\nextend-exclude = ["generated"]\nforce-exclude = true\n')
    result = run_cli("check", "-", "--stdin-filename", "generated/model.py", stdin=PIXELS_SCRIPT.encode())
    assert (result.exit_code, result.stdout) == (0, "No findings in 0 files.\n")


def problem_matchers() -> list[re.Pattern[str]]:
    """Every problem-matcher regexp in docs/ci.md, as the JSON there spells it."""
    text = (REPOSITORY / "docs" / "ci.md").read_text()
    blocks = re.findall(r"```json\n(.*?)```", text, re.DOTALL)
    patterns = re.findall(r'"regexp": ("(?:[^"\\]|\\.)*")', "".join(blocks))
    assert len(patterns) == 2
    return [re.compile(json.loads(pattern)) for pattern in patterns]


def test_the_documented_problem_matchers_read_every_text_line(project: Path) -> None:
    (project / "odd name: v2.py").write_text(PIXELS_SCRIPT)
    paths = ("train.py", "lab.ipynb", "broken.py", "odd name: v2.py")
    output = run_cli("check", *paths).stdout.splitlines()
    expected = {
        (item["path"], item["line"], item["column"], item["code"], item["message"])
        for item in json_findings(run_cli("check", "--format", "json", *paths).stdout)
    }
    for matcher in problem_matchers():
        matched = [matcher.fullmatch(line) for line in output]
        assert matched[-1] is None  # the summary
        read = {(m.group(1), int(m.group(3)), int(m.group(4)), m.group(5), m.group(6)) for m in matched[:-1]}
        assert read == expected
        assert [m.group(2) for m in matched[:-1] if m.group(1) == "lab.ipynb"] == ["2"]
