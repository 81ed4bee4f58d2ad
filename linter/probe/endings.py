"""How a probe run ended, in words a user can act on: "the script failed at line 30: FileNotFoundError: ..."."""

from __future__ import annotations

import signal

from keraslint.probe.launch import ChildRun, ProbeSettings
from keraslint.probe.observations import Ending, Placer
from keraslint.source import Source


def how_it_ended(run: ChildRun, source: Source, settings: ProbeSettings) -> Ending:
    if run.start_error is not None:
        return Ending(False, run.start_error)
    if run.timed_out:
        return Ending(False, f"the script did not finish within the probe's time limit of {settings.timeout:g} s (--probe-timeout)")
    end = next((event for event in reversed(run.events) if event.get("kind") == "end"), None)
    if end is None:
        last = _last_line(run.output_tail)
        if not any(event.get("kind") == "start" for event in run.events):
            return Ending(False, f"the probe could not start in {settings.python}: {last or _exit_status(run.exit_code)}")
        return Ending(False, f"the script's process ended abruptly ({_exit_status(run.exit_code)})" + (f": {last}" if last else ""))
    where = f" at {Placer(source).span(end['line'], end['line'])}" if end.get("line") else ""
    if end["status"] == "exit":
        code = end.get("code")
        argument = "" if code == "None" else code
        return Ending(code in ("0", "None"), f"the script called sys.exit({argument}){where}")
    if end["status"] == "error":
        return Ending(False, f"the script failed{where}: {end.get('error')}")
    return Ending(True)


def _exit_status(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            pass
    return f"exit code {code}"


def _last_line(output: str) -> str:
    return next((line.strip() for line in reversed(output.splitlines()) if line.strip()), "")
