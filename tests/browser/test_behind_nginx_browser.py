"""The real app behind the real nginx site, in a browser: the security headers arrive, the
live component's same-origin iframe and plotly.js still load, and a page of another site
cannot frame the app (issue 13, "Headers")."""

from __future__ import annotations

import contextlib
import http.server
import subprocess
import threading

from tests.browser.support import (
    free_port,
    running_app,
    stop_process,
    wait_for_run,
    wait_until_healthy,
)
from tests.deploy.test_nginx_render import NGINX, _require_nginx, _write_standalone

IFRAME = "iframe[title*='live_chart'], iframe[title='Live training chart']"


@contextlib.contextmanager
def _nginx_in_front_of(app_port: int, tmp_path):
    _require_nginx()
    port = free_port()
    conf = _write_standalone(tmp_path, [app_port], f"127.0.0.1:{port}")
    proc = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(conf)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, proc, 20, lambda: (tmp_path / "error.log").read_text())
        yield url
    finally:
        stop_process(proc)


@contextlib.contextmanager
def _other_site(target: str):
    """Another origin (another port) whose page tries to frame ``target``."""
    page = f'<!doctype html><iframe id="f" src="{target}/" width="800" height="600"></iframe>'

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = page.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_behind_nginx_the_headers_arrive_the_component_works_and_framing_is_refused(
        chromium, tmp_path):
    app_port = free_port()
    with running_app(port=app_port) as _app, _nginx_in_front_of(app_port, tmp_path) as url:
        context = chromium.new_context(viewport={"width": 1400, "height": 1000})
        try:
            page = context.new_page()
            response = page.goto(url)
            headers = response.headers
            assert headers["x-frame-options"] == "SAMEORIGIN"
            assert headers["content-security-policy"] == "frame-ancestors 'self'"
            assert headers["x-content-type-options"] == "nosniff"
            assert headers["referrer-policy"] == "same-origin"
            assert headers["server"] == "nginx"
            wait_for_run(page, timeout=60_000)
            # The component's iframe (same origin) draws, and plotly.js loads in it (nosniff:
            # served as JavaScript).
            panel = page.frame_locator(IFRAME).locator("#panel-boundary")
            panel.wait_for(timeout=60_000)
            chart = page.locator(IFRAME).element_handle().content_frame()
            box = panel.bounding_box()
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            chart.wait_for_function("window.liveStats.plotly === 'ready'", timeout=60_000)
            page.get_by_role("button", name="Step", exact=True).click()
            chart.wait_for_function(
                "document.getElementById('epoch').textContent.trim() === '1'", timeout=60_000)
            assert chart.evaluate("window.liveStats.errors") == 0

            # Another site's page cannot show the app in a frame.
            with _other_site(url) as other:
                framer = context.new_page()
                framer.goto(f"{other}/")
                framer.wait_for_timeout(3000)
                framed = framer.frames[1] if len(framer.frames) > 1 else None
                assert framed is not None
                assert not framed.url.startswith(url), framed.url
                assert framed.locator('[data-testid="stApp"]').count() == 0
        finally:
            context.close()
