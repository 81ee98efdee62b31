"""A class on one machine: many browser sessions training at once on one app server, then on
two app replicas behind nginx.

    python benchmarks/class_load.py --sessions 30 --seconds 60      # the full run
    python benchmarks/class_load.py --quick                           # a smoke run

Every session is its own Playwright browser context (its own cookies, its own Streamlit
session) in ONE headless Chromium (``--browsers K`` spreads them over K), opens the
playground with a different setup in the URL's query parameters (playground/urlstate.py),
presses Play, trains, then presses Pause. The
script prints, per configuration: sessions that progressed, errors seen (console errors and
Streamlit exception boxes), the median and worst visual update rate per session, the median
Pause latency, the server's peak memory (RSS of the server processes and their children,
sampled from /proc) and the memory per session, and the CPU used by the server and by the
browser (they share the same cores: the browser's share is the benchmark's own cost).

The nginx run starts two replicas and Debian's nginx (/usr/sbin/nginx) with its own config
and prefix in a temporary folder, listening on 127.0.0.1 only, and stops each by its process
id. It reports how the sessions spread over the replicas (each browser's route cookie, looked up
in nginx's access log) and checks that all of each browser's requests reached one replica
(sticky by cookie, see deploy/nginx/README.md) and that the WebSockets went through nginx.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from deploy.nginx.render import site_config, standalone_config  # noqa: E402
from playground.fields import Setup, validate  # noqa: E402
from playground.urlstate import setup_to_query  # noqa: E402
from tests.browser.support import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    RUN_FINISHED,
    free_port,
    launch_chromium,
    running_app,
    stop_process,
    wait_until_healthy,
)

NGINX = "/usr/sbin/nginx"
OPEN_AT_ONCE = 6            # pages loading at the same time while the class arrives
OPEN_TIMEOUT_MS = 180_000   # per page: generous, the machine is shared
ACTION_TIMEOUT_MS = 120_000  # a click, or the page showing "Paused"
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
CLK_TCK = os.sysconf("SC_CLK_TCK")


# ------------------------------------------------------------------ processes, from /proc


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = defaultdict(list)
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read().decode(errors="replace")
        except OSError:
            continue
        # the command name is in parentheses and may hold spaces: split after the last ')'
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        children[ppid].append(int(entry.name))
    return children


def process_tree(root: int, children: dict[int, list[int]] | None = None) -> list[int]:
    """``root`` and all its descendants (process ids)."""
    children = children if children is not None else _children_map()
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, ()))
    return tree


def _stat_fields(pid: int) -> list[str] | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            text = f.read().decode(errors="replace")
    except OSError:
        return None  # the process ended meanwhile
    # fields after the name: state(0) ppid(1) ... utime(11) stime(12) ... rss(21)
    return text[text.rindex(")") + 2 :].split()


def cpu_seconds(pid: int) -> float | None:
    fields = _stat_fields(pid)
    return None if fields is None else (int(fields[11]) + int(fields[12])) / CLK_TCK


def rss_bytes(pids: list[int]) -> int:
    """Total resident memory of these processes."""
    total = 0
    for pid in pids:
        fields = _stat_fields(pid)
        if fields is not None:
            total += int(fields[21]) * PAGE_SIZE
    return total


def pss_bytes(pids: list[int]) -> int:
    """Total proportional memory (shared pages split between their users) of these
    processes: the honest sum for Chromium's many processes, where RSS counts shared
    libraries once per process."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except OSError:
            continue
    return total


def machine_busy_fraction(interval: float = 1.0) -> float:
    """The share of all cores busy over ``interval`` seconds (from /proc/stat)."""

    def snapshot() -> tuple[int, int]:
        with open("/proc/stat") as f:
            values = [int(v) for v in f.readline().split()[1:]]
        idle = values[3] + values[4]  # idle + iowait
        return sum(values), idle

    total0, idle0 = snapshot()
    time.sleep(interval)
    total1, idle1 = snapshot()
    return 1.0 - (idle1 - idle0) / max(total1 - total0, 1)


class Sampler:
    """Samples, in a thread, the memory and CPU time of the server trees (RSS, every
    ``period`` s) and of the rest of this process's tree: the Playwright driver and Chromium
    (PSS, every 4 periods). CPU time is followed per process, so processes that end during
    the run (a closed browser) still count."""

    def __init__(self, server_pids: list[int], period: float = 0.5):
        self.server_roots = server_pids
        self.period = period
        self.server_rss: list[int] = []
        self.client_pss: list[int] = []
        self._first: dict[int, float] = {}
        self._last: dict[int, float] = {}
        self._group: dict[int, str] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _trees(self) -> tuple[list[int], list[int]]:
        children = _children_map()
        server = {p for root in self.server_roots for p in process_tree(root, children)}
        mine = set(process_tree(os.getpid(), children)) - server - {os.getpid()}
        return sorted(server), sorted(mine)

    def _cpu(self, pids: list[int], group: str, first: bool) -> None:
        with self._lock:
            self._cpu_locked(pids, group, first)

    def _cpu_locked(self, pids: list[int], group: str, first: bool) -> None:
        for pid in pids:
            cpu = cpu_seconds(pid)
            if cpu is None:
                continue
            # a process first seen after the start lived all its life inside the run
            self._first.setdefault(pid, cpu if first else 0.0)
            self._last[pid] = cpu
            self._group[pid] = group

    def _run(self) -> None:
        tick = 0
        while not self._stop.is_set():
            server, mine = self._trees()
            self._cpu(server, "server", False)
            self._cpu(mine, "browser", False)
            self.server_rss.append(rss_bytes(server))
            if tick % 4 == 0:
                self.client_pss.append(pss_bytes(mine))
            tick += 1
            self._stop.wait(self.period)

    def start(self) -> Sampler:
        server, mine = self._trees()
        self._cpu(server, "server", True)
        self._cpu(mine, "browser", True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        server, mine = self._trees()
        self._cpu(server, "server", False)
        self._cpu(mine, "browser", False)

    def cpu_used(self) -> tuple[float, float]:
        """CPU seconds used so far by (server, browser) since start (read now)."""
        server, mine = self._trees()
        self._cpu(server, "server", False)
        self._cpu(mine, "browser", False)
        used = defaultdict(float)
        with self._lock:
            for pid, last in self._last.items():
                used[self._group[pid]] += last - self._first[pid]
        return used["server"], used["browser"]


# --------------------------------------------------------------------------- the setups


DATASETS = ("flower", "circle", "xor", "gauss", "spiral", "moons")
NETWORKS = (
    ([4], ["tanh"]),
    ([8], ["relu"]),
    ([4, 4], ["tanh", "tanh"]),
    ([8, 4], ["relu", "tanh"]),
    ([6], ["sigmoid"]),
    ([16, 8], ["leaky_relu", "leaky_relu"]),
)
OPTIMIZERS = (("gd", 0.5), ("momentum", 0.3), ("adam", 0.02), ("rmsprop", 0.01))


def session_setups(n: int) -> list[Setup]:
    """``n`` different, valid setups: data set, network, optimizer and seed all vary."""
    setups = []
    for i in range(n):
        units, acts = NETWORKS[(i // len(DATASETS)) % len(NETWORKS)]
        optimizer, lr = OPTIMIZERS[i % len(OPTIMIZERS)]
        raw = {
            "dataset": DATASETS[i % len(DATASETS)],
            "hidden_units": units,
            "activations": acts,
            "init": "xavier",
            "optimizer": optimizer,
            "learning_rate": lr,
            "seed": i,
            "data_seed": 100 + i,
        }
        setup, notices = validate(raw)
        if notices:
            raise RuntimeError(f"session {i}'s setup is not valid: {notices}")
        setups.append(setup)
    return setups


def setup_url(base_url: str, setup: Setup) -> str:
    return f"{base_url}/?{urlencode(setup_to_query(setup))}"


# --------------------------------------------------------------------- one browser session


@dataclass
class SessionResult:
    index: int
    opened: bool = False
    epochs_start: int | None = None
    epochs_end: int | None = None
    updates: int = 0
    messages: int = 0
    train_seconds: float = 0.0
    pause_latency: float | None = None
    console_errors: list[str] = field(default_factory=list)
    exceptions: int = 0
    failure: str | None = None
    route: str | None = None  # nginx's sticky cookie, when behind nginx
    paced: bool = False  # the page fell behind and the server switched it to paced frames

    @property
    def progressed(self) -> bool:
        # trained during the window (a later failure, e.g. of Pause, is counted as an error)
        return self.epochs_end is not None and self.epochs_end > (self.epochs_start or 0)

    @property
    def update_rate(self) -> float:
        return self.updates / self.train_seconds if self.train_seconds else 0.0

    @property
    def message_rate(self) -> float:
        return self.messages / self.train_seconds if self.train_seconds else 0.0

    @property
    def errors(self) -> int:
        return len(self.console_errors) + self.exceptions + (self.failure is not None)


# The live page (playground/live.py): a Play/Pause toggle button, and the live chart component
# whose iframe shows the epoch counter (#epoch) and keeps counters in window.liveStats
# (draws = frames actually drawn on screen, after requestAnimationFrame coalescing).
LIVE_IFRAME = "iframe[title*='live_chart'], iframe[title='Live training chart']"


class LivePage:
    """Drives one playground page: Play, Pause, and reads the live view's epoch counter and
    frame count from inside the component's iframe."""

    def __init__(self, page):
        self.page = page
        self._frame = None

    async def ready(self, timeout_ms: float) -> None:
        await self.page.wait_for_selector(RUN_FINISHED, state="attached", timeout=timeout_ms)
        handle = await self.page.wait_for_selector(LIVE_IFRAME, timeout=timeout_ms)
        self._frame = await handle.content_frame()
        await self._frame.wait_for_function(
            "() => window.liveStats && window.liveStats.draws > 0", timeout=timeout_ms
        )

    async def _click(self, label: str) -> None:
        # force: no wait for the page to be "stable" over two animation frames, which a
        # starved renderer takes long to give; the button must still be there.
        button = self.page.get_by_role("button", name=re.compile(label))
        await button.click(timeout=ACTION_TIMEOUT_MS, force=True)

    async def play(self) -> None:
        await self._click("Play")

    async def pause(self) -> None:
        await self._click("Pause")

    async def wait_paused(self, timeout_ms: float) -> None:
        """Until the live view's status line says the session is paused."""
        await self._frame.wait_for_function(
            """() => { const s = document.getElementById("status");
                       return s && s.className === "paused"; }""",
            timeout=timeout_ms, polling=10,
        )

    async def paced(self) -> bool:
        """Whether the page told the server it fell behind (and now gets paced frames)."""
        return bool(await self._frame.evaluate("() => window.liveStats.behind !== null"))

    async def status(self) -> tuple[int, int]:
        """(epoch shown, frames drawn so far)."""
        epoch, draws = await self._frame.evaluate(
            """() => [(document.getElementById("epoch") || {}).textContent || "0",
                      window.liveStats.draws]"""
        )
        return int(re.sub(r"[^0-9]", "", epoch) or 0), int(draws)


async def run_session(
    browser, url: str, index: int, seconds: float, start_gate: asyncio.Event,
    opened: list[int], result: SessionResult, opening: asyncio.Semaphore,
) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    page.on("console", lambda m: m.type == "error" and result.console_errors.append(m.text))
    page.on("pageerror", lambda e: result.console_errors.append(f"page error: {e}"))
    received = [0]  # WebSocket messages from the server (what it sends, drawn or not)
    page.on("websocket", lambda ws: ws.on("framereceived", lambda _: received.__setitem__(
        0, received[0] + 1)))
    live = LivePage(page)
    try:
        async with opening:  # a few pages load at a time, as students arrive
            await page.goto(url, wait_until="domcontentloaded", timeout=OPEN_TIMEOUT_MS)
            await live.ready(OPEN_TIMEOUT_MS)
        result.opened = True
        result.route = next(
            (c["value"] for c in await context.cookies() if c["name"] == "nnpg_route"), None
        )
        opened.append(index)
        await start_gate.wait()  # every session presses Play at about the same moment
        await live.play()
        t0 = time.monotonic()
        epoch0, frames0 = await live.status()
        messages0 = received[0]
        result.epochs_start = epoch0
        while time.monotonic() - t0 < seconds:
            await asyncio.sleep(1.0)
            result.exceptions = max(
                result.exceptions,
                await page.locator('[data-testid="stException"]').count(),
            )
        epoch1, frames1 = await live.status()
        result.train_seconds = time.monotonic() - t0
        result.epochs_end, result.updates = epoch1, frames1 - frames0
        result.messages = received[0] - messages0
        result.paced = await live.paced()
        result.pause_latency = await measure_pause(live)
    except Exception as error:  # a benchmark reports a failed session, it does not stop
        result.failure = f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"
    finally:
        with contextlib.suppress(Exception):
            await context.close()


async def measure_pause(live: LivePage, settle: float = 1.0) -> float:
    """Seconds from the Pause click until the page shows "Paused" (the frame that the
    server sends once it has stopped training); then the epoch counter must stay still for
    ``settle`` seconds, or the pause did not really stop training."""
    t_click = time.monotonic()
    await live.pause()
    await live.wait_paused(timeout_ms=ACTION_TIMEOUT_MS)
    latency = time.monotonic() - t_click
    epoch, _ = await live.status()
    await asyncio.sleep(settle)
    later, _ = await live.status()
    if later != epoch:
        raise RuntimeError(f"training went on after Pause: epoch {epoch} -> {later}")
    return latency


# ------------------------------------------------------------------------ one configuration


@dataclass
class RunReport:
    label: str
    sessions: list[SessionResult]
    server_idle_rss: int
    server_peak_rss: int
    client_peak_pss: int
    cpu_server: float
    cpu_browser: float
    busy_before: float
    server_ms_per_frame: float | None = None
    cpu_script: float = 0.0
    upload_download: str | None = None
    spread: dict[str, int] = field(default_factory=dict)
    nginx_errors: Counter = field(default_factory=Counter)
    sticky: bool | None = None
    websocket_upgrades: int = 0


async def drive_sessions(base_url: str, n: int, seconds: float, sampler: Sampler,
                         browsers: int = 1) -> tuple[list[SessionResult], dict[str, float]]:
    """Run the sessions, spread over ``browsers`` Chromium processes (each session its own
    context); also return the CPU seconds the server and the browsers used during the
    training window (from everyone's Play to ``seconds`` later) and its length."""
    from playwright.async_api import async_playwright

    window: dict[str, float] = {}

    async def mark_window() -> None:
        t0, (s0, b0) = time.monotonic(), await asyncio.to_thread(sampler.cpu_used)
        me0 = time.process_time()  # this script itself: Playwright's client, the sampler
        await asyncio.sleep(seconds)
        t1, (s1, b1) = time.monotonic(), await asyncio.to_thread(sampler.cpu_used)
        window.update(wall=t1 - t0, server=s1 - s0, browser=b1 - b0,
                      script=time.process_time() - me0)

    setups = session_setups(n)
    async with async_playwright() as p:
        pool = [
            await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            for _ in range(max(1, min(browsers, n)))
        ]
        try:
            gate, opened, opening = asyncio.Event(), [], asyncio.Semaphore(OPEN_AT_ONCE)
            results = [SessionResult(i) for i in range(n)]
            tasks = [
                asyncio.create_task(
                    run_session(pool[i % len(pool)], setup_url(base_url, s), i, seconds,
                                gate, opened, results[i], opening)
                )
                for i, s in enumerate(setups)
            ]
            # Open the pages, then start everyone together (or after a while, with those open).
            deadline = time.monotonic() + OPEN_TIMEOUT_MS / 1000 * (1 + n / OPEN_AT_ONCE)
            while len(opened) < n and time.monotonic() < deadline:
                if all(t.done() for t in tasks):
                    break
                await asyncio.sleep(0.2)
            gate.set()
            await asyncio.gather(*tasks, mark_window())
        finally:
            for browser in pool:
                await browser.close()
    return results, window


def warm_up(base_url: str) -> None:
    """One page load, so the app's imports are paid before the idle memory is read."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_page()
            page.goto(base_url, timeout=120_000)
            page.wait_for_selector(RUN_FINISHED, state="attached", timeout=120_000)
        finally:
            browser.close()


def measure(label: str, base_url: str, server_pids: list[int], n: int, seconds: float,
            warm_urls: list[str] | None = None, browsers: int = 1) -> RunReport:
    for url in warm_urls or [base_url]:  # each server pays its imports before "idle"
        warm_up(url)
    time.sleep(1.0)
    idle = rss_bytes(sorted({p for root in server_pids for p in process_tree(root)}))
    busy = machine_busy_fraction(1.0)
    sampler = Sampler(server_pids).start()
    try:
        sessions, window = asyncio.run(
            drive_sessions(base_url, n, seconds, sampler, browsers)
        )
    finally:
        sampler.stop()
    wall = max(window.get("wall", 0.0), 1e-9)
    draws = sum(x.updates for x in sessions)
    return RunReport(
        label=label, sessions=sessions, server_idle_rss=idle,
        server_peak_rss=max(sampler.server_rss, default=idle),
        client_peak_pss=max(sampler.client_pss, default=0),
        cpu_server=window.get("server", 0.0) / wall,
        cpu_browser=window.get("browser", 0.0) / wall, busy_before=busy,
        cpu_script=window.get("script", 0.0) / wall,
        server_ms_per_frame=1000 * window.get("server", 0.0) / draws if draws else None,
    )


# ------------------------------------------------------------------- nginx and two replicas


@contextlib.contextmanager
def replicas(n: int) -> Iterator[tuple[list[int], list[int]]]:
    """``n`` app servers on 127.0.0.1; yields (ports, process ids)."""
    with contextlib.ExitStack() as stack:
        ports, pids = [], []
        for _ in range(n):
            port = free_port()
            stack.enter_context(running_app(port=port))
            ports.append(port)
            pids.append(_listening_pid(port))
        yield ports, pids


def _listening_pid(port: int) -> int:
    """The process id of the server listening on 127.0.0.1:port (from /proc)."""
    inode = None
    with open("/proc/net/tcp") as f:
        next(f)
        for line in f:
            parts = line.split()
            if parts[1] == f"0100007F:{port:04X}" and parts[3] == "0A":  # 0A = LISTEN
                inode = parts[9]
                break
    if inode is None:
        raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")
    target = f"socket:[{inode}]"
    for pid in process_tree(os.getpid()):
        with contextlib.suppress(OSError):
            for fd in os.listdir(f"/proc/{pid}/fd"):
                with contextlib.suppress(OSError):
                    if os.readlink(f"/proc/{pid}/fd/{fd}") == target:
                        return pid
    raise RuntimeError(f"no process of ours listens on 127.0.0.1:{port}")


@contextlib.contextmanager
def nginx_in_front(ports: list[int]) -> Iterator[tuple[str, Path]]:
    """Debian's nginx on 127.0.0.1 with its own config and prefix; yields (url, access log)."""
    if not os.access(NGINX, os.X_OK):
        raise RuntimeError(f"{NGINX} is missing: install Debian's nginx (apt-get install nginx)")
    with tempfile.TemporaryDirectory(prefix="nnpg-nginx-") as tmp:
        prefix = Path(tmp)
        prefix.chmod(0o755)  # nginx's workers (user nobody when run as root) use temp/
        port = free_port()
        log = prefix / "access.log"
        site = site_config(ports, listen=f"127.0.0.1:{port}", access_log=str(log))
        conf = prefix / "nginx.conf"
        conf.write_text(standalone_config(site, prefix))
        check = subprocess.run([NGINX, "-t", "-p", tmp, "-c", str(conf)],
                               capture_output=True, text=True, check=False)
        if check.returncode:
            raise RuntimeError(f"nginx -t refused the config:\n{check.stderr}")
        proc = subprocess.Popen([NGINX, "-p", tmp, "-c", str(conf)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                start_new_session=True)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_healthy(url, proc, 15, (prefix / "error.log").read_text)
            yield url, log
        finally:
            stop_process(proc)


def summarize_error_log(path: Path) -> Counter:
    """nginx's error log by message (dates, numbers and addresses blanked): what closed or
    broke connections during the run."""
    found: Counter = Counter()
    if path.exists():
        for line in path.read_text(errors="replace").splitlines():
            message = re.sub(r"^\S+ \S+ \[\w+\] \d+#\d+: (\*\d+ )?", "", line)
            message = re.sub(r"\d+", "N", message.split(", client:")[0])
            found[message] += 1
    return found


LOG_LINE = re.compile(r'"(?P<method>\S+) (?P<uri>\S+) [^"]*" (?P<status>\d+) '
                      r"route=(?P<route>\S*) upstream=(?P<upstream>\S*)")


def read_access_log(log: Path) -> tuple[dict[str, set[str]], Counter]:
    """From nginx's log: the replicas each route (browser) reached, and per replica the
    WebSocket sessions (HTTP 101 on /_stcore/stream, logged when they close)."""
    routes: dict[str, set[str]] = defaultdict(set)
    sockets: Counter = Counter()
    for line in log.read_text().splitlines():
        m = LOG_LINE.search(line)
        if not m or m["upstream"] in ("", "-"):
            continue
        routes[m["route"]].add(m["upstream"])
        if m["status"] == "101" and m["uri"].startswith("/_stcore/stream"):
            sockets[m["upstream"]] += 1
    return routes, sockets


def upload_and_download(base_url: str) -> str:
    """A file upload (a setup JSON imported with the page's uploader: Streamlit's
    /_stcore/upload_file with its XSRF token) and a download (the history CSV) through
    ``base_url``; both must reach the replica that holds the session. Returns "ok" or why not.
    """
    from playwright.sync_api import sync_playwright

    from playground.exports import setup_to_json

    setup, _ = validate({"dataset": "spiral", "hidden_units": [7], "activations": ["relu"]})
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_page()
            page.goto(base_url, timeout=120_000)
            page.wait_for_selector(RUN_FINISHED, state="attached", timeout=120_000)
            uploader = page.locator('[data-testid="stFileUploader"]').filter(
                has_text="Load a setup"
            )
            uploader.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
                files=[{"name": "setup.json", "mimeType": "application/json",
                        "buffer": setup_to_json(setup).encode()}]
            )
            page.wait_for_url(re.compile(r"ds=spiral"), timeout=60_000)
            page.get_by_text("Save and share").first.click()
            with page.expect_download(timeout=60_000) as download:
                page.get_by_role("button", name="History (CSV)").click()
            head = Path(download.value.path()).read_text().splitlines()[0]
            if not head.startswith("epoch,"):
                return f"the downloaded history starts with {head[:40]!r}"
            return "ok"
        except Exception as error:
            return f"{type(error).__name__}: {str(error).splitlines()[0][:160]}"
        finally:
            browser.close()


def measure_behind_nginx(n: int, seconds: float, browsers: int = 1) -> RunReport:
    with replicas(2) as (ports, pids), nginx_in_front(ports) as (url, log):
        report = measure("2 replicas behind nginx", url, pids, n, seconds,
                         warm_urls=[f"http://127.0.0.1:{p}" for p in ports],
                         browsers=browsers)
        report.upload_download = upload_and_download(url)
        time.sleep(1.0)  # closed WebSockets reach the access log
        routes, sockets = read_access_log(log)
        report.nginx_errors = summarize_error_log(log.parent / "error.log")
    # Sticky: every request of each browser (its cookie) reached one replica only.
    sessions = [x.route for x in report.sessions if x.route]
    report.sticky = bool(sessions) and all(len(routes.get(r, ())) == 1 for r in sessions)
    spread = Counter(next(iter(routes[r])) for r in sessions if len(routes.get(r, ())) == 1)
    report.spread = {f"127.0.0.1:{p}": spread.get(f"127.0.0.1:{p}", 0) for p in ports}
    report.websocket_upgrades = sum(sockets.values())
    return report


# ------------------------------------------------------------- server work per frame, alone


def server_work_per_frame() -> dict[str, float]:
    """CPU milliseconds one session's frame costs the server, measured in this process
    without a browser (default setup on flower): training ``epochs_per_frame`` epochs,
    building a frame, and building a "slow" frame (the network diagram, refreshed every
    ``live.SLOW_EVERY`` seconds). All of it is Python holding the GIL most of the time."""
    import json

    import streamlit.logger

    streamlit.logger.set_log_level("error")  # no "missing ScriptRunContext" warnings here
    from playground import live
    from playground.state import Session

    session, view = Session(Setup()), live.PlaneView()

    def cpu_ms(work, n: int) -> float:
        t0 = time.process_time()
        for _ in range(n):
            work()
        return (time.process_time() - t0) / n * 1000

    return {
        "train": cpu_ms(lambda: session.trainer.run(session.setup.epochs_per_frame), 40),
        "frame": cpu_ms(lambda: json.dumps(view.frame(session, False)), 40),
        "slow_frame": cpu_ms(lambda: json.dumps(view.frame(session, True)), 10),
        "fps_cap": live.MAX_FPS,
        "slow_every": live.SLOW_EVERY,
    }


def print_server_work(w: dict[str, float]) -> None:
    per_frame = w["train"] + w["frame"]
    per_second = w["fps_cap"] * per_frame + (w["slow_frame"] - w["frame"]) / w["slow_every"]
    print("\n== server work per session, measured alone (CPU time, default setup) ==")
    print(f"one frame: train {w['train']:.1f} ms + build {w['frame']:.1f} ms; "
          f"network diagram {w['slow_frame']:.1f} ms every {w['slow_every']} s")
    print(f"one session at {w['fps_cap']:.0f} frames/s: {per_second:.0f} ms of CPU per second, "
          f"so one core (one process: the GIL) feeds about {1000 / per_second:.1f} sessions "
          f"at full speed, before Streamlit's own messaging")


# ---------------------------------------------------------------------------- the report


def _mb(n_bytes: float) -> str:
    return f"{n_bytes / 2**20:.0f} MB"


def print_report(r: RunReport, n: int, seconds: float) -> None:
    s = r.sessions
    progressed = sum(x.progressed for x in s)
    errors = sum(x.errors for x in s)
    # every session that reached the end of the window, trained or not
    rates = sorted(x.update_rate for x in s if x.train_seconds)
    messages = sorted(x.message_rate for x in s if x.train_seconds)
    pauses = sorted(x.pause_latency for x in s if x.pause_latency is not None)
    per_session = (r.server_peak_rss - r.server_idle_rss) / max(n, 1)
    print(f"\n== {r.label}: {n} sessions x {seconds:.0f} s ==")
    print(f"machine busy before the run: {r.busy_before:.0%} of {os.cpu_count()} cores "
          f"(load average {os.getloadavg()[0]:.2f} now)")
    print(f"sessions that progressed:    {progressed}/{n}")
    print(f"errors seen:                 {errors}")
    print(f"sessions paced (fell behind): {sum(x.paced for x in s)}/{n}")
    if rates:
        print(f"visual updates per second:   median {statistics.median(rates):.1f}, "
              f"worst {rates[0]:.1f}")
    if messages:
        print(f"server messages per second:  median {statistics.median(messages):.1f}, "
              f"worst {messages[0]:.1f} (sent by the server, drawn or not)")
    if pauses:
        print(f"Pause latency:               median {statistics.median(pauses) * 1000:.0f} ms, "
              f"worst {pauses[-1] * 1000:.0f} ms")
    epochs = sorted((x.epochs_end or 0) - (x.epochs_start or 0) for x in s if x.progressed)
    if epochs:
        print(f"epochs trained per session:  median {statistics.median(epochs):.0f}")
    print(f"server memory:               idle {_mb(r.server_idle_rss)}, "
          f"peak {_mb(r.server_peak_rss)}, per session {_mb(per_session)}")
    print(f"browser memory (peak PSS):   {_mb(r.client_peak_pss)}")
    print(f"CPU cores used while training: server {r.cpu_server:.2f}, "
          f"browser {r.cpu_browser:.2f} (Chromium + Playwright's driver), "
          f"this script {r.cpu_script:.2f}")
    if r.server_ms_per_frame is not None:
        print(f"server CPU per frame drawn:  {r.server_ms_per_frame:.1f} ms "
              f"(training, frame, diagram and Streamlit's rerun, all sessions)")
    if r.spread:
        print(f"sessions per replica:        {r.spread} (each browser's cookie, nginx's log)")
        for message, count in r.nginx_errors.most_common(5):
            print(f"  nginx error log: {count} x {message[:160]}")
        print(f"sticky (all of each browser's requests on one replica): {r.sticky}")
        print(f"WebSockets through nginx:    {r.websocket_upgrades} upgraded (HTTP 101)")
        print(f"upload + download through nginx (setup JSON in, history CSV out): "
              f"{r.upload_download}")
    failures = Counter(x.failure for x in s if x.failure)
    for failure, count in failures.most_common(5):
        print(f"  {count} x {failure}")
    console = Counter(e for x in s for e in x.console_errors)
    for message, count in console.most_common(5):
        print(f"  console ({count}x): {message[:160]}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=30, help="browser sessions (30)")
    parser.add_argument("--seconds", type=float, default=60.0, help="training time (60)")
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: 6 sessions x 8 s")
    parser.add_argument("--browsers", type=int, default=1,
                        help="Chromium processes the sessions are spread over (1: one "
                             "browser, one context per session)")
    parser.add_argument("--only", choices=("single", "nginx"),
                        help="run only one configuration")
    args = parser.parse_args(argv)
    n, seconds = (6, 8.0) if args.quick else (args.sessions, args.seconds)
    print(f"{n} sessions x {seconds:.0f} s in {args.browsers} Chromium process(es), "
          f"{os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.2f} at start")
    print_server_work(server_work_per_frame())
    if args.only in (None, "single"):
        with running_app() as url:
            pid = _listening_pid(int(url.rsplit(":", 1)[1]))
            report = measure("1 app server", url, [pid], n, seconds, browsers=args.browsers)
            print_report(report, n, seconds)
    if args.only in (None, "nginx"):
        print_report(measure_behind_nginx(n, seconds, args.browsers), n, seconds)


if __name__ == "__main__":
    main()
