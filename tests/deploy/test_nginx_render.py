"""The nginx site for several replicas: nginx accepts it, and it is sticky and WebSocket-ready.

The functional tests run Debian's nginx (/usr/sbin/nginx) with a self-contained config in a
temporary prefix, in front of two tiny HTTP servers on 127.0.0.1 that answer with their own
port and the headers they received.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from deploy.nginx.render import TEMPLATE, replica_ports, site_config, standalone_config
from tests.browser.support import free_port, stop_process

NGINX = "/usr/sbin/nginx"
FAIL_TIMEOUT = 10  # nginx's default fail_timeout, seconds


def _require_nginx() -> None:
    if not os.access(NGINX, os.X_OK):
        raise RuntimeError(f"{NGINX} is missing: install Debian's nginx (scripts/test.sh does)")


def _write_standalone(tmp_path: Path, ports: list[int], listen: str) -> Path:
    tmp_path.chmod(0o755)  # nginx's workers (user nobody under root) must reach temp/
    site = site_config(ports, listen=listen, access_log=str(tmp_path / "access.log"))
    conf = tmp_path / "nginx.conf"
    conf.write_text(standalone_config(site, tmp_path))
    return conf


def _nginx_test(tmp_path: Path, conf: Path) -> subprocess.CompletedProcess:
    _require_nginx()
    return subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(conf)],
        capture_output=True, text=True, timeout=30, check=False,
    )


def test_replica_ports_are_consecutive_from_the_base_port():
    assert replica_ports(3, 9000) == [9000, 9001, 9002]
    with pytest.raises(ValueError, match="at least one replica"):
        replica_ports(0)


def test_site_config_lists_one_upstream_server_per_replica():
    site = site_config([7001, 7002], listen="127.0.0.1:7000")
    servers = [line.strip() for line in site.splitlines() if line.strip().startswith("server 1")]
    assert servers == ["server 127.0.0.1:7001;", "server 127.0.0.1:7002;"]
    assert "listen 127.0.0.1:7000;" in site
    assert "listen 80;" not in site


def test_nginx_accepts_the_config_rendered_for_two_replicas(tmp_path):
    conf = _write_standalone(tmp_path, replica_ports(2, 18501), f"127.0.0.1:{free_port()}")
    result = _nginx_test(tmp_path, conf)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
    assert "[warn]" not in result.stderr


def test_nginx_accepts_the_checked_in_site_file(tmp_path):
    # The file a teacher copies to /etc/nginx/sites-available, untouched but for the log path.
    site = TEMPLATE.read_text().replace(
        "/var/log/nginx/playground.access.log", str(tmp_path / "access.log")
    )
    site = site.replace("listen 80;", f"listen 127.0.0.1:{free_port()};")
    tmp_path.chmod(0o755)
    conf = tmp_path / "nginx.conf"
    conf.write_text(standalone_config(site, tmp_path))
    result = _nginx_test(tmp_path, conf)
    assert result.returncode == 0, result.stderr


class _EchoHandler(http.server.BaseHTTPRequestHandler):
    """Answers with the backend's port and the request headers it received, as JSON."""

    def do_GET(self):
        body = json.dumps(
            {"port": self.server.server_address[1], "headers": dict(self.headers.items())}
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep the test output quiet
        pass


@contextlib.contextmanager
def _backends(n: int):
    servers = [http.server.ThreadingHTTPServer(("127.0.0.1", 0), _EchoHandler) for _ in range(n)]
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in servers]
    for t in threads:
        t.start()
    try:
        yield [s.server_address[1] for s in servers]
    finally:
        for s in servers:
            s.shutdown()
            s.server_close()


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    """nginx on 127.0.0.1 in front of two echo backends; yields (url, backend ports)."""
    _require_nginx()
    tmp_path = tmp_path_factory.mktemp("nginx")
    port = free_port()
    with _backends(2) as ports:
        conf = _write_standalone(tmp_path, ports, f"127.0.0.1:{port}")
        proc = subprocess.Popen(
            [NGINX, "-p", str(tmp_path), "-c", str(conf)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 10
            while True:
                try:
                    _get(url)
                    break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        err = (tmp_path / "error.log").read_text()
                        raise RuntimeError(f"nginx did not start:\n{err}") from None
                    time.sleep(0.05)
            yield url, ports
        finally:
            stop_process(proc)


def _get(url: str, headers: dict[str, str] | None = None):
    request = urllib.request.Request(url + "/", headers=headers or {})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read()), response.headers


def test_a_new_browser_gets_a_route_cookie_and_keeps_its_replica(proxy):
    url, _ = proxy
    first, headers = _get(url)
    cookie = headers["Set-Cookie"]
    assert cookie.startswith("nnpg_route=")
    assert "HttpOnly" in cookie
    value = cookie.split(";")[0]
    # The cookie's route decided the first answer too, and every later request follows it.
    ports = {_get(url, {"Cookie": value})[0]["port"] for _ in range(20)}
    assert ports == {first["port"]}
    # A browser that has the cookie is not given a new one.
    assert _get(url, {"Cookie": value})[1]["Set-Cookie"] is None


def test_different_browsers_spread_over_both_replicas(proxy):
    url, ports = proxy
    seen = [_get(url, {"Cookie": f"nnpg_route=student{i:03d}"})[0]["port"] for i in range(40)]
    assert set(seen) == set(ports)
    # Consistent hashing splits 40 keys roughly in half (backend ports vary per run: the
    # bound leaves room for an uneven split; below 6 of 40 has odds under one in a million).
    assert min(seen.count(p) for p in ports) >= 6


def test_websocket_upgrade_and_host_headers_reach_the_replica(proxy):
    url, _ = proxy
    echoed, _ = _get(url, {"Upgrade": "websocket", "Connection": "Upgrade"})
    headers = {k.lower(): v for k, v in echoed["headers"].items()}
    assert headers["upgrade"] == "websocket"
    assert headers["connection"] == "upgrade"
    # Host keeps the port, so Streamlit's same-origin WebSocket check passes behind nginx.
    assert headers["host"] == url.removeprefix("http://")
    assert headers["x-forwarded-for"] == "127.0.0.1"
    # A plain request does not ask the replica to upgrade.
    plain, _ = _get(url)
    assert {k.lower(): v for k, v in plain["headers"].items()}["connection"] == "close"


def test_after_a_failover_a_browser_stays_on_the_replica_that_took_it_over(tmp_path):
    # A replica dies: nginx sends its browsers to another one, where the page reconnects
    # (its WebSocket and its new Streamlit session live there). When the first replica comes
    # back, that browser's uploads and downloads must still reach the replica holding its
    # session: the cookie follows the replica that answered, not the other way round.
    import http.cookiejar

    from tests.deploy.services import running_nginx

    servers = [http.server.ThreadingHTTPServer(("127.0.0.1", 0), _EchoHandler) for _ in range(2)]
    for s in servers:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    ports = [s.server_address[1] for s in servers]
    try:
        with running_nginx(tmp_path, ports) as url:
            browser = urllib.request.build_opener(
                urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

            def port_of(path="/"):
                with browser.open(url + path, timeout=5) as response:
                    return json.loads(response.read())["port"]

            first = port_of()
            assert {port_of() for _ in range(5)} == {first}
            index = ports.index(first)
            servers[index].shutdown()
            servers[index].server_close()
            other = ports[1 - index]
            assert port_of() == other                    # failed over
            with browser.open(url + "/", timeout=5) as response:  # the same headers there
                assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
            servers[index] = http.server.ThreadingHTTPServer(("127.0.0.1", first), _EchoHandler)
            threading.Thread(target=servers[index].serve_forever, daemon=True).start()
            time.sleep(FAIL_TIMEOUT + 1.5)  # nginx tries a failed server again after this
            # The first replica is back: this browser's requests stay where its session is.
            assert {port_of("/_stcore/upload_file/x"), port_of("/media/y.csv"),
                    port_of()} == {other}
            # A new browser may land on either replica, and keeps it.
            fresh = urllib.request.build_opener(
                urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
            with fresh.open(url + "/", timeout=5) as response:
                assert json.loads(response.read())["port"] in ports
    finally:
        for s in servers:
            s.shutdown()
            s.server_close()
