"""Checking many files, in several processes when there are enough to pay for them.

Suppression comments are applied here, in the process that checked the file, where its
source is at hand: a clean file's source is never sent back.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace

from keraslint.engine import FileReport, check_bytes, check_path, input_error
from keraslint.rule import Rule
from keraslint.suppressions import apply_suppressions

# Starting a worker costs about as much as checking a few files; below this many files
# one process is faster.
PARALLEL_THRESHOLD = 8


@dataclass(frozen=True)
class Task:
    """One file and what to check it for: the rules its settings select."""

    path: str
    rules: tuple[type[Rule], ...]
    report_unused_ignores: bool = False


def check_files(tasks: Sequence[Task]) -> list[FileReport]:
    """One report per task, in the order of `tasks`."""
    workers = min(usable_cpus(), len(tasks))
    if len(tasks) <= PARALLEL_THRESHOLD or workers < 2:
        return [check_one(task) for task in tasks]
    # Imported here: multiprocessing adds to the start-up of every single-file run.
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(check_one, tasks, chunksize=max(1, len(tasks) // (workers * 4))))


def check_one(task: Task) -> FileReport:
    """check_path, with a last line of defence: an engine bug costs one file, not the run."""
    try:
        report = _suppressed(task, check_path(task.path, task.rules))
    except Exception as error:
        return FileReport(task.path, (input_error(task.path, f"internal error: {type(error).__name__}: {error}"),))
    # The source only serves code frames; not sending it back spares the pickling.
    return report if report.findings else replace(report, source=None)


def check_data(task: Task, data: bytes) -> FileReport:
    """A file's content that is not on disk (standard input, an editor's buffer) checked as `task.path`."""
    return _suppressed(task, check_bytes(task.path, data, task.rules))


def _suppressed(task: Task, report: FileReport) -> FileReport:
    return apply_suppressions(report, task.rules, task.report_unused_ignores)


def usable_cpus() -> int:
    if hasattr(os, "sched_getaffinity"):  # the CPUs this process may run on, e.g. in a container
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
