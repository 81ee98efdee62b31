"""The nginx site's security headers (issue 13, "Headers"): on every answer, the app's pages,
Streamlit's /_stcore paths, the component files and nginx's own error pages; and nginx's
version is not shown. Debian's nginx, started by the test in front of a small backend on
127.0.0.1 that answers any path (and sends a weaker framing header of its own, which must
not reach the browser). The real app behind the real nginx, in a browser:
tests/browser/test_behind_nginx_browser.py."""

from __future__ import annotations

import contextlib
import http.client
import http.server
import subprocess
import threading
import time

import pytest

from tests.browser.support import free_port, stop_process
from tests.deploy.test_nginx_render import NGINX, _require_nginx, _write_standalone

EXPECTED = {
    "X-Frame-Options": "SAMEORIGIN",
    "Content-Security-Policy": "frame-ancestors 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
PATHS = ["/", "/housing?ds=xor", "/_stcore/health", "/_stcore/host-config",
         "/_stcore/stream", "/_stcore/upload_file/abc", "/static/js/index.js",
         "/component/playground.live.live_chart/index.html", "/media/abc.png"]


class _Backend(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"<!doctype html><title>app</title>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Frame-Options", "ALLOWALL")  # an upstream's own, weaker value
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def nginx_url(tmp_path_factory):
    _require_nginx()
    tmp_path = tmp_path_factory.mktemp("nginx-headers")
    backend = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Backend)
    thread = threading.Thread(target=backend.serve_forever, daemon=True)
    thread.start()
    port = free_port()
    conf = _write_standalone(tmp_path, [backend.server_address[1]], f"127.0.0.1:{port}")
    proc = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(conf)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(OSError):
                _request(port, "GET", "/")
                break
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("nginx did not start:\n" + (tmp_path / "error.log").read_text())
            time.sleep(0.05)
        yield port
    finally:
        stop_process(proc)
        backend.shutdown()
        backend.server_close()


def _request(port: int, method: str, path: str, headers: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request(method, path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def _assert_headers(headers) -> None:
    for name, value in EXPECTED.items():
        assert headers.get_all(name) == [value], (name, headers.get_all(name))
    assert headers["Server"] == "nginx"  # no version


@pytest.mark.parametrize("path", PATHS)
def test_every_answer_carries_the_headers_and_no_version(nginx_url, path):
    status, headers, _ = _request(nginx_url, "GET", path)
    assert status == 200
    _assert_headers(headers)


def test_a_websocket_request_carries_them_too(nginx_url):
    status, headers, _ = _request(nginx_url, "GET", "/_stcore/stream", {
        "Upgrade": "websocket", "Connection": "Upgrade"})
    assert status == 200  # the test backend does not upgrade; nginx passes its answer on
    _assert_headers(headers)


def test_nginx_own_error_page_carries_them_and_hides_the_version(nginx_url):
    # An upload over client_max_body_size: nginx answers 413 itself, from its error page.
    status, headers, body = _request(nginx_url, "POST", "/_stcore/upload_file/x",
                                     {"Content-Length": str(50 * 1024 * 1024)})
    assert status == 413
    _assert_headers(headers)
    assert b"nginx/" not in body
