"""Timing keraslint against its budgets (DESIGN.md): prints a table, asserts nothing.

(a) `keraslint check FILE` as a whole process, as a pre-commit hook or an editor runs it:
    the median of several runs, through `python -m keraslint` and the console script.
(b) a tree of Keras code in this process: keraslint's analysis of every file
    (`check_path` with all rules) against bare `libcst.parse_module` of the same files.

    python bench/bench.py [--tree DIR] [--file FILE] [--runs N] [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import libcst as cst

from keraslint import __version__
from keraslint.discovery import discover
from keraslint.engine import check_path, mentions_keras
from keraslint.rule import all_rules
from keraslint.runner import usable_cpus
from keraslint.source import Source, SourceError, load_source

REPOSITORY = Path(__file__).resolve().parent.parent


def main() -> None:
    options = parse_arguments()
    sources = load_tree(options.tree)
    print(f"keraslint {__version__}, Python {sys.version.split()[0]}, {usable_cpus()} usable CPUs\n")
    print(f"{'measurement':<58}{'seconds':>9}")
    file = options.file or largest_keras_file(sources)
    if file is None:
        print(f"(a) skipped: no Keras file in {options.tree}")
    else:
        commands = {
            "python -m keraslint": [sys.executable, "-m", "keraslint"],
            "console script": [str(Path(sys.executable).with_name("keraslint"))],
        }
        for label, command in commands.items():
            median = median_seconds([*command, "check", file], options.runs)
            row(f"(a) {label} check {shorten(file)}", median, f"median of {options.runs} (budget: 0.40)")
    tree_rows(sources, options.rounds)


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--tree", default=str(REPOSITORY / "fixtures"), help="folder of Keras code (default: fixtures/)"
    )
    parser.add_argument("--file", help="file for (a) (default: the largest Keras file of the tree)")
    parser.add_argument("--runs", type=int, default=10, help="whole-process runs for (a)")
    parser.add_argument("--rounds", type=int, default=3, help="passes over the tree for (b); the best is shown")
    return parser.parse_args()


def load_tree(tree: str) -> dict[str, Source]:
    """The analysed text of every file keraslint would check, leaving out files it cannot load."""
    sources = {}
    for path in discover([tree]).files:
        try:
            sources[path] = load_source(path, Path(path).read_bytes())
        except (OSError, SourceError):
            continue
    return sources


def largest_keras_file(sources: dict[str, Source]) -> str | None:
    keras_files = [path for path, source in sources.items() if mentions_keras(source.text)]
    return max(keras_files, key=os.path.getsize, default=None)


def median_seconds(command: list[str], runs: int) -> float:
    def run() -> None:
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)

    return statistics.median(seconds(run) for _ in range(runs))


def tree_rows(sources: dict[str, Source], rounds: int) -> None:
    rules = all_rules()
    skipped = sum(1 for source in sources.values() if not mentions_keras(source.text))
    print(f"(b) {len(sources)} files, {skipped} without Keras (skipped by keraslint, parsed by the baseline)")

    def parse_all() -> None:
        for source in sources.values():
            try:
                cst.parse_module(source.text)
            except (cst.ParserSyntaxError, RecursionError):
                continue

    def check_all() -> None:
        for path in sources:
            check_path(path, rules)

    parsing = min(seconds(parse_all) for _ in range(rounds))
    checking = min(seconds(check_all) for _ in range(rounds))
    row("    libcst.parse_module, every file", parsing, f"best of {rounds}")
    row(f"    keraslint check_path, every file, {len(rules)} rules", checking, f"best of {rounds}")
    ratio = f"{checking / parsing:.2f}x" if parsing else "n/a"
    print(f"{'    keraslint / parse':<58}{ratio:>9}   (budget: 1.50x)")


def seconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def row(label: str, value: float, note: str) -> None:
    print(f"{label:<58}{value:>9.3f}   {note}")


def shorten(path: str, width: int = 24) -> str:
    return path if len(path) <= width else "…" + path[-(width - 1) :]


if __name__ == "__main__":
    main()
