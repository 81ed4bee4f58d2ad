"""Checking many files, in several processes when there are enough to pay for them."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from functools import partial

from keraslint.engine import FileReport, check_path, input_error
from keraslint.rule import Rule

# Starting a worker costs about as much as checking a few files; below this many files
# one process is faster.
PARALLEL_THRESHOLD = 8


def check_files(paths: Sequence[str], rules: Sequence[type[Rule]]) -> list[FileReport]:
    """One report per path, in the order of `paths`."""
    check = partial(check_one, rules=tuple(rules))
    workers = min(usable_cpus(), len(paths))
    if len(paths) <= PARALLEL_THRESHOLD or workers < 2:
        return [check(path) for path in paths]
    # Imported here: multiprocessing adds to the start-up of every single-file run.
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(check, paths, chunksize=max(1, len(paths) // (workers * 4))))


def check_one(path: str, rules: tuple[type[Rule], ...]) -> FileReport:
    """check_path, with a last line of defence: an engine bug costs one file, not the run."""
    try:
        report = check_path(path, rules)
    except Exception as error:
        return FileReport(path, (input_error(path, f"internal error: {type(error).__name__}: {error}"),))
    # The source only serves code frames; not sending it back spares the pickling.
    return report if report.findings else replace(report, source=None)


def usable_cpus() -> int:
    if hasattr(os, "sched_getaffinity"):  # the CPUs this process may run on, e.g. in a container
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
