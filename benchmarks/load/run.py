"""A class of simulated students against a running playground, headless; prints its figures.

    python -m benchmarks.load.run --url http://127.0.0.1:8501 --students 30 --seconds 20
    python -m benchmarks.load.run --start-server --students 10 --seconds 20   # its own server
    python -m benchmarks.load.run --url http://127.0.0.1:8080 --server-ports 8501,8502 ...

Each student (``locustfile.PlaygroundStudent``, on Locust) opens the Playground with its own
setup, plays ``--seconds``, changes the learning rate halfway, pauses, leaves; the students
start within ``--ramp`` seconds. Printed: frames/s per student (median, worst), epochs/s per
student, Pause latency (median, p95, worst), errors, and the server processes' CPU (% of one
core, averaged over the run) and peak memory. The server processes are the ones listening on
``--server-ports`` (default: the URL's port; behind nginx, name the replicas' ports). The
load generator's own CPU is printed too: near 100 % it, not the server, limits the figures.
"""

from __future__ import annotations

# Locust first: it patches the standard library for gevent before anything else imports it.
from locust import events  # isort: skip
from locust.env import Environment  # isort: skip

import argparse
import contextlib
import json
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import gevent
import psutil

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.load import locustfile  # noqa: E402
from benchmarks.load.student import StudentResult  # noqa: E402

# Issue 19's targets on the 2-core machine (2 replicas behind nginx): students ->
# (frames/s every student gets at least, Pause latency p95 at most in ms).
TARGETS = {30: (12, 300), 100: (3, 1000)}


def listening_pids(ports: list[int]) -> dict[int, int]:
    """port -> pid of the process listening on 127.0.0.1/0.0.0.0 at that port."""
    found = {}
    try:
        conns = psutil.net_connections(kind="tcp")
    except psutil.AccessDenied:  # some systems list other users' sockets to root only
        return found
    for conn in conns:
        if conn.status == psutil.CONN_LISTEN and conn.laddr.port in ports and conn.pid:
            found[conn.laddr.port] = conn.pid
    return found


class ProcessWatch:
    """CPU time and peak memory (RSS, with children) of some processes over a run."""

    def __init__(self, pids: list[int]) -> None:
        self.procs = [psutil.Process(p) for p in pids]
        self.peak = {p.pid: 0 for p in self.procs}
        self.start_cpu = {p.pid: self._cpu(p) for p in self.procs}
        self.started = time.perf_counter()
        self._greenlet = gevent.spawn(self._sample)

    @staticmethod
    def _cpu(p: psutil.Process) -> float:
        t = p.cpu_times()
        return t.user + t.system

    def _sample(self) -> None:
        while True:
            for p in self.procs:
                with contextlib.suppress(psutil.Error):  # it may have just exited
                    self.peak[p.pid] = max(self.peak[p.pid], p.memory_info().rss)
            gevent.sleep(0.5)

    def stop(self) -> list[dict]:
        self._greenlet.kill()
        wall = time.perf_counter() - self.started
        out = []
        for p in self.procs:
            try:
                cpu = self._cpu(p) - self.start_cpu[p.pid]
            except psutil.Error:
                cpu = float("nan")
            out.append({"pid": p.pid, "cpu_pct": 100 * cpu / wall,
                        "peak_rss_mb": self.peak[p.pid] / 2**20})
        return out


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0..1) by the nearest rank: an observed value."""
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q * (len(s) - 1))))] if s else float("nan")


def run(url: str, students: int, seconds: float, ramp: float, change_at: float | None,
        server_pids: list[int], timeout: float = 60.0) -> dict:
    locustfile.RESULTS.clear()
    options = SimpleNamespace(play_seconds=seconds, student_timeout=timeout,
                              change_at=-1 if change_at is None else change_at)
    env = Environment(user_classes=[locustfile.PlaygroundStudent], host=url, events=events,
                      parsed_options=options)
    runner = env.create_local_runner()
    watch = ProcessWatch(server_pids)
    me = psutil.Process()
    me_cpu = sum(me.cpu_times()[:2])
    started = time.perf_counter()
    runner.start(students, spawn_rate=students / max(ramp, 1e-3))
    # Every user makes one visit; wait for all (or give up well after they should be done).
    deadline = started + ramp + seconds + 2 * timeout + 60
    while len(locustfile.RESULTS) < students and time.perf_counter() < deadline:
        gevent.sleep(0.2)
    runner.quit()
    wall = time.perf_counter() - started
    servers = watch.stop()
    results = list(locustfile.RESULTS)
    missing = students - len(results)
    return summarize(results, missing, servers,
                     100 * (sum(me.cpu_times()[:2]) - me_cpu) / wall, wall)


def summarize(results: list[StudentResult], missing: int, servers: list[dict],
              generator_cpu: float, wall: float) -> dict:
    ok = [r for r in results if not r.errors]
    fps = [r.fps for r in ok]
    eps = [r.epochs_per_s for r in ok]
    pauses = [r.pause_s for r in ok if r.pause_s is not None]
    errors = [f"student {r.index} ({r.query or 'defaults'}): {e}"
              for r in results for e in r.errors]
    errors += [f"{missing} student(s) did not finish"] if missing else []
    return {
        "students": len(results) + missing, "finished_ok": len(ok), "wall_s": wall,
        "fps_median": statistics.median(fps) if fps else 0.0,
        "fps_worst": min(fps) if fps else 0.0,
        "eps_median": statistics.median(eps) if eps else 0.0,
        "eps_worst": min(eps) if eps else 0.0,
        "pause_ms_median": 1000 * statistics.median(pauses) if pauses else float("nan"),
        "pause_ms_p95": 1000 * percentile(pauses, 0.95),
        "pause_ms_worst": 1000 * max(pauses) if pauses else float("nan"),
        "first_frame_s_median": statistics.median(
            [r.first_frame_s for r in ok if r.first_frame_s is not None] or [float("nan")]),
        "load_s_median": statistics.median(
            [r.load_s for r in ok if r.load_s is not None] or [float("nan")]),
        "paced": sum(1 for r in results if r.paced),
        # Fair share: the worst student's frames/s over the median's (issue 19: >= 0.5).
        "fairness": (min(fps) / statistics.median(fps)) if fps and statistics.median(fps)
        else 0.0,
        "mb_received": sum(r.bytes_in for r in results) / 2**20,
        "errors": errors, "servers": servers, "generator_cpu_pct": generator_cpu,
        "per_student": [{"index": r.index, "query": r.query, "fps": r.fps,
                         "epochs_per_s": r.epochs_per_s, "pause_ms": None if r.pause_s is None
                         else 1000 * r.pause_s, "paced": r.paced, "errors": r.errors}
                        for r in results],
    }


def report(s: dict) -> str:
    lines = [
        f"students                 {s['students']} ({s['finished_ok']} without error), "
        f"{s['wall_s']:.0f} s",
        f"frames/s per student     median {s['fps_median']:.1f}, worst {s['fps_worst']:.1f}",
        f"epochs/s per student     median {s['eps_median']:.0f}, worst {s['eps_worst']:.0f}",
        f"Pause latency            median {s['pause_ms_median']:.0f} ms, p95 "
        f"{s['pause_ms_p95']:.0f} ms, worst {s['pause_ms_worst']:.0f} ms",
        f"page load / first frame  {s['load_s_median']:.2f} s / "
        f"{s['first_frame_s_median']:.2f} s (medians)",
        f"fairness (worst/median)  {s['fairness']:.2f}",
        f"paced sessions           {s['paced']}",
        f"errors                   {len(s['errors'])}",
        *[f"  {e}" for e in s["errors"][:10]],
    ]
    for srv in s["servers"]:
        lines.append(f"server pid {srv['pid']:<8}      CPU {srv['cpu_pct']:.0f} % of a core, "
                     f"peak RSS {srv['peak_rss_mb']:.0f} MB")
    if "nginx_websockets" in s:
        per = ", ".join(f"{k} {v}" for k, v in sorted(s["nginx_websockets"].items()))
        lines.append(f"nginx WebSockets         {per}; reconnects {s['nginx_reconnects']}")
    target = TARGETS.get(s["students"])
    if target:
        fps, p95 = target
        met = (s["fps_worst"] >= fps and s["pause_ms_p95"] <= p95 and not s["errors"]
               and s["fairness"] >= 0.5)
        lines.append(f"issue 19's target        every student >= {fps} frames/s, Pause p95 <= "
                     f"{p95} ms, worst >= half the median, 0 errors: "
                     f"{'met' if met else 'NOT met'}")
    lines.append(f"load generator           CPU {s['generator_cpu_pct']:.0f} % of a core, "
                 f"{s['mb_received']:.0f} MB received")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--url", help="the app (or nginx in front of replicas)")
    p.add_argument("--start-server", action="store_true",
                   help="start the app on free 127.0.0.1 ports for the run")
    p.add_argument("--replicas", type=int, default=1,
                   help="with --start-server: app processes; more than 1 puts Debian's nginx "
                        "(deploy/nginx's site) in front of them")
    p.add_argument("--students", type=int, default=10)
    p.add_argument("--seconds", type=float, default=20.0, help="play time per student")
    p.add_argument("--ramp", type=float, default=3.0, help="seconds over which they start")
    p.add_argument("--change-at", type=float, default=0.5,
                   help="fraction of the play time at which the learning rate changes; "
                        "negative: never")
    p.add_argument("--timeout", type=float, default=60.0,
                   help="seconds a student waits for a page run to finish (an error after)")
    p.add_argument("--server-ports", default="",
                   help="comma-separated ports of the server processes to watch")
    p.add_argument("--server-pids", default="",
                   help="comma-separated pids of the server processes (instead of ports)")
    p.add_argument("--json", help="also write the figures (and per-student rows) here")
    args = p.parse_args(argv)
    if bool(args.url) == args.start_server:
        p.error("give exactly one of --url and --start-server")
    change_at = None if args.change_at < 0 else args.change_at
    with contextlib.ExitStack() as stack:
        if args.start_server:
            url, pids = start_servers(stack, args.replicas)
        elif args.server_pids:
            url, pids = args.url.rstrip("/"), [int(v) for v in args.server_pids.split(",")]
        else:
            url = args.url.rstrip("/")
            ports = [int(v) for v in args.server_ports.split(",") if v] or [
                urlsplit(url).port or 80]
            found = listening_pids(ports)
            pids = [found[port] for port in ports if port in found]
            if len(pids) < len(ports):
                print(f"note: no process found listening on some of {ports}: CPU not "
                      "watched", file=sys.stderr)
        summary = run(url, args.students, args.seconds, args.ramp, change_at, pids,
                      args.timeout)
        for log in NGINX_LOGS:
            summary["nginx_websockets"] = per = nginx_websockets(log)
            summary["nginx_reconnects"] = max(0, sum(per.values()) - summary["students"])
    print(report(summary))
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=1))
    return 0 if not summary["errors"] else 1


def start_servers(stack: contextlib.ExitStack, replicas: int) -> tuple[str, list[int]]:
    """Start ``replicas`` app processes (and nginx in front of several), stopped by their
    pids when ``stack`` closes; the URL the students open and the apps' pids."""
    import tempfile

    from tests.browser.support import start_app, stop_process

    procs = []
    for _ in range(replicas):
        proc, url = start_app()
        stack.callback(stop_process, proc)
        procs.append((proc, url))
    if replicas > 1:
        from tests.deploy.services import running_nginx

        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="nnpg-load-")))
        ports = [int(u.rsplit(":", 1)[1]) for _, u in procs]
        url = stack.enter_context(running_nginx(folder, ports))
        NGINX_LOGS.append(folder / "access.log")
    return url, [p.pid for p, _ in procs]


NGINX_LOGS: list[Path] = []   # access logs of the nginx that start_servers runs


def nginx_websockets(log: Path) -> dict:
    """WebSockets nginx upgraded (status 101 on /_stcore/stream), per replica: with one
    socket per student, more upgrades than students are reconnects."""
    per: dict[str, int] = {}
    for line in log.read_text().splitlines():
        if "/_stcore/stream" in line and '" 101 ' in line:
            upstream = line.rsplit("upstream=", 1)[-1].split()[0]
            per[upstream] = per.get(upstream, 0) + 1
    return per


if __name__ == "__main__":
    sys.exit(main())
