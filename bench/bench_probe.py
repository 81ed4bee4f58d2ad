"""Timing the runtime probe against its budget (DESIGN.md: under 20 s per fixture script on a
2-core CPU, TensorFlow import included): prints a table, asserts nothing.

Each fixture is probed as `keraslint check --probe` does it, one at a time: the seeds on
copies with tiny data files (fixtures/probe/seed_data.py), fixtures/probe's own scripts
where they are. About 4-5 s of each run go to importing TensorFlow in the child.

    python bench/bench_probe.py [--runs N]
"""

from __future__ import annotations

import argparse
import runpy
import statistics
import sys
import tempfile
import time
from pathlib import Path

from keraslint.engine import check_path
from keraslint.probe.launch import ProbeSettings
from keraslint.probe.session import probe_reports
from keraslint.rule import all_rules
from keraslint.runner import usable_cpus

REPOSITORY = Path(__file__).resolve().parent.parent
FIXTURES = REPOSITORY / "fixtures"
BUDGET_SECONDS = 20.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="probe runs per fixture; the median is shown")
    runs = parser.parse_args().runs
    print(f"Python {sys.version.split()[0]}, {usable_cpus()} usable CPUs, median of {runs} run(s); budget {BUDGET_SECONDS:g} s\n")
    print(f"{'fixture':<40}{'seconds':>9}  verdicts")
    with tempfile.TemporaryDirectory() as folder:
        for script in fixture_scripts(Path(folder)):
            timings, probed = [], None
            for _ in range(runs):
                started = time.perf_counter()
                probed = probe_reports([check_path(str(script), all_rules())], ProbeSettings(), show_refuted=True)
                timings.append(time.perf_counter() - started)
            verdicts = ", ".join(f"{count} {verdict}" for verdict, count in sorted(probed.tally.items()))  # type: ignore[union-attr]
            print(f"{script.name:<40}{statistics.median(timings):>9.1f}  {verdicts}")


def fixture_scripts(folder: Path) -> list[Path]:
    seed_data = runpy.run_path(str(FIXTURES / "probe" / "seed_data.py"))
    seeds = sorted(path for path in (FIXTURES / "seeds").iterdir() if path.suffix in (".py", ".ipynb") and "_fixed" not in path.stem)
    runnable = [seed_data["runnable_copy"](seed, folder / seed.stem) for seed in seeds]
    return runnable + sorted(path.with_suffix(".py") for path in (FIXTURES / "probe").glob("*.expected"))


if __name__ == "__main__":
    main()
