"""The tab-key component (components/checkpoint_key/index.html) in real Chromium, fed the
render messages Streamlit would send: a new tab keeps the server's key, a reloaded tab reports
its earlier key to adopt, a duplicated tab (sessionStorage copied while the original is open)
gets a copy of the work under a key of its own."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading

from playground.checkpoints import new_key
from tests.browser.support import ROOT

FOLDER = ROOT / "playground" / "components" / "checkpoint_key"
ITEM = "nn-playground-checkpoint-key"


@contextlib.contextmanager
def _served():
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(FOLDER))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    finally:
        server.shutdown()
        server.server_close()


def _render(page, key: str) -> None:
    page.evaluate("k => window.postMessage({type: 'streamlit:render', args: {tab_key: k}}, '*')",
                  key)


def _reported(page):
    page.wait_for_timeout(600)  # the component waits 250 ms for another tab's answer
    return page.evaluate("window.checkpointKey.reported")


def test_new_reloaded_and_duplicated_tabs(chromium):
    k1, k2, k3 = new_key(), new_key(), new_key()
    with _served() as url:
        context = chromium.new_context()
        try:
            first = context.new_page()
            first.goto(url)
            _render(first, k1)
            assert _reported(first) is None               # a new tab: nothing to restore
            assert first.evaluate(f"sessionStorage.getItem('{ITEM}')") == k1
            _render(first, k1)                            # Streamlit re-sends renders
            assert _reported(first) is None

            # "Duplicate tab": sessionStorage copied while the first tab still uses k1.
            copy = context.new_page()
            copy.add_init_script(f"sessionStorage.setItem('{ITEM}', '{k1}')")
            copy.goto(url)
            _render(copy, k2)
            assert _reported(copy) == {"restore": k1, "adopt": False, "for": k2}
            assert copy.evaluate(f"sessionStorage.getItem('{ITEM}')") == k2
            assert first.evaluate(f"sessionStorage.getItem('{ITEM}')") == k1

            # A reload (or a reconnect to a new server): no other tab holds k1, adopt it.
            first.close()
            again = context.new_page()
            again.add_init_script(f"sessionStorage.setItem('{ITEM}', '{k1}')")
            again.goto(url)
            _render(again, k3)
            assert _reported(again) == {"restore": k1, "adopt": True, "for": k3}
            assert again.evaluate(f"sessionStorage.getItem('{ITEM}')") == k1

            # A planted junk value is ignored: the server's key is kept.
            junk = context.new_page()
            junk.add_init_script(f"sessionStorage.setItem('{ITEM}', '\"><script>')")
            junk.goto(url)
            key = new_key()
            _render(junk, key)
            assert _reported(junk) is None
            assert junk.evaluate(f"sessionStorage.getItem('{ITEM}')") == key
        finally:
            context.close()
