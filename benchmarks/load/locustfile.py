"""Locust user: one simulated student on the Playground, over Streamlit's own protocol.

Run headless by ``benchmarks/load/run.py`` (which prints the class's figures), or with
Locust's own command line and web UI::

    locust -f benchmarks/load/locustfile.py --host http://127.0.0.1:8501 \
        --users 30 --spawn-rate 10 --play-seconds 20 --run-time 40s --headless

Each user makes one visit (``student.run_student``) and then stops; Locust's statistics
get one "request" per phase: "page load", "first frame" (Play to the first frame), "pause"
(Pause to the last frame with a new epoch) and "visit" (failed with the first error).
The per-student results are kept in ``RESULTS`` for run.py.
"""

from __future__ import annotations

import itertools
import time

from locust import User, events, task
from locust.exception import StopUser

from benchmarks.load.student import StudentResult, run_student

RESULTS: list[StudentResult] = []
_numbers = itertools.count()


@events.init_command_line_parser.add_listener
def _arguments(parser) -> None:
    parser.add_argument("--play-seconds", type=float, default=20.0,
                        help="seconds each student plays before Pause")
    parser.add_argument("--change-at", type=float, default=0.5,
                        help="fraction of the play time after which the learning rate "
                             "changes (negative: never)")
    parser.add_argument("--student-timeout", type=float, default=60.0,
                        help="seconds a student waits for a page run to finish")


class PlaygroundStudent(User):
    """A student: opens the Playground with its own setup, plays, changes the learning rate,
    pauses, leaves."""

    # Locust's "wait time" between tasks does not apply: one task, one visit.
    def wait_time(self) -> float:
        return 0.0

    @task
    def visit(self) -> None:
        options = self.environment.parsed_options
        play = getattr(options, "play_seconds", 20.0)
        change = getattr(options, "change_at", 0.5)
        timeout = getattr(options, "student_timeout", 60.0)
        runner = self.environment.runner
        started = time.perf_counter()
        result = run_student(self.host, next(_numbers), play,
                             change_at=None if change is None or change < 0 else change,
                             timeout=timeout,
                             stop=lambda: runner is not None and runner.state == "stopping")
        RESULTS.append(result)
        fire = self.environment.events.request.fire
        for name, seconds in (("page load", result.load_s),
                              ("first frame", result.first_frame_s),
                              ("pause", result.pause_s)):
            if seconds is not None:
                fire(request_type="WS", name=name, response_time=seconds * 1000,
                     response_length=0, exception=None, context={})
        error = RuntimeError(result.errors[0]) if result.errors else None
        fire(request_type="WS", name="visit", response_length=result.bytes_in,
             response_time=(time.perf_counter() - started) * 1000, exception=error,
             context={})
        raise StopUser()
