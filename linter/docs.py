"""Rule documentation in Markdown, from the rules' docstrings and examples: what
`keraslint rule` prints and what docs/rules.md holds. Regenerate the page with

    python -m keraslint.docs > docs/rules.md
"""

from __future__ import annotations

import re
import sys
from functools import cache

from keraslint.catalog import CodeDoc, catalog

REGENERATE = "python -m keraslint.docs > docs/rules.md"
_HEADING = re.compile(r"^#+ ")
_FENCE = "```"


def rule_markdown(entry: CodeDoc) -> str:
    """One code's section: `## KL101` (the anchor #kl101), its documentation with headings
    one level down, then its INVALID examples as "Example" and VALID ones as "Use instead"."""
    parts = [f"## {entry.code}", f"`{entry.name}` ({entry.severity.value}): {entry.summary}"]
    if entry.documentation:
        parts.append(_demoted(entry.documentation))
    for title, examples in (("Example", entry.invalid), ("Use instead", entry.valid)):
        if examples:
            parts.append(f"### {title}")
            parts.extend(f"{_FENCE}python\n{example.strip(chr(10))}\n{_FENCE}" for example in examples)
    return "\n\n".join(parts) + "\n"


def rules_page() -> str:
    table = ["| Code | Name | Summary |", "| --- | --- | --- |"]
    table.extend(
        f"| [{entry.code}](#{entry.code.lower()}) | `{entry.name}` | {entry.summary.replace('|', chr(92) + '|')} |"
        for entry in catalog()
    )
    intro = (
        "# Rules\n\n"
        f"<!-- Generated from the rules' docstrings and examples by `{REGENERATE}`; do not edit. -->\n\n"
        "Every code keraslint reports. In the examples, `# <-` marks the line a finding points at. "
        "`keraslint rule CODE` prints one section in a terminal. To silence a finding, see "
        "[Suppressing findings](../README.md#suppressing-findings).\n\n" + "\n".join(table) + "\n"
    )
    return "\n".join([intro, *map(rule_markdown, catalog())])


@cache
def rules_url() -> str | None:
    """The published docs/rules.md: the "Rules" URL of the installed package's metadata."""
    from importlib import metadata

    try:
        urls = metadata.metadata("keraslint").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    return next((url.strip() for label, _, url in (entry.partition(",") for entry in urls) if label.strip() == "Rules"), None)


def rule_url(code: str) -> str | None:
    base = rules_url()
    return f"{base}#{code.lower()}" if base else None


def _demoted(markdown: str) -> str:
    lines, in_code = [], False
    for line in markdown.splitlines():
        if line.startswith(_FENCE):
            in_code = not in_code
        lines.append("#" + line if not in_code and _HEADING.match(line) else line)
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(rules_page())
