"""The private Streamlit APIs the live loop relies on (playground/streamlit_private.py).

Each test here checks one internal against the installed Streamlit, so an upgrade that moves
or changes it fails here, naming what broke, instead of the live page silently losing Pause,
in-place frames or its pacing. And no other module of playground/ may reach inside Streamlit.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path
from types import SimpleNamespace

import streamlit
from streamlit.testing.v1 import AppTest

from playground import streamlit_private as private

PLAYGROUND = Path(__file__).resolve().parents[2] / "playground"
INTERNAL_PACKAGES = ("streamlit.runtime", "streamlit.elements", "streamlit.web",
                     "streamlit.proto")
UPGRADE = (f"Streamlit {streamlit.__version__} changed an internal that "
           "playground/streamlit_private.py relies on: ")


def _render_twice_script():
    import streamlit as st

    from playground import live_chart
    from playground.streamlit_private import render_again

    slot = st.empty()
    for i in range(3):
        render_again("twice")
        with slot:
            live_chart.chart(spec=0, base=None, frame={"seq": i}, key="twice", default=None)
    st.write("done")


def test_render_again_lets_a_keyed_component_update_in_place_within_one_run():
    at = AppTest.from_function(_render_twice_script, default_timeout=30).run()
    assert not at.exception, UPGRADE + "render_again (ctx.shared.widget_user_keys_this_run, " \
        f"widget_ids_this_run): {[e.value for e in at.exception]}"
    assert at.markdown[0].value == "done"


def _duplicate_script():
    import streamlit as st

    from playground import live_chart

    slot = st.empty()
    for i in range(2):
        with slot:
            live_chart.chart(spec=0, base=None, frame={"seq": i}, key="twice", default=None)


def test_without_render_again_streamlit_refuses_the_duplicate_key():
    # The reason render_again exists; if this starts passing, render_again may be dropped.
    # (.streamlit/config.toml redacts error messages for students; this test reads one.)
    from streamlit import config

    shown = config.get_option("client.showErrorDetails")
    config.set_option("client.showErrorDetails", "full")
    try:
        at = AppTest.from_function(_duplicate_script, default_timeout=30).run()
    finally:
        config.set_option("client.showErrorDetails", shown)
    assert at.exception, (f"Streamlit {streamlit.__version__} now accepts a keyed component "
                          "twice in one run: render_again may be dropped")
    assert "twice" in at.exception[0].value


def test_rerun_pending_sees_a_queued_fragment_rerun_that_streamlit_does_not_preempt(
    monkeypatch,
):
    # The premise: a fragment rerun (a click inside the live fragment) is queued, not
    # delivered at the running fragment's yield points...
    from streamlit.runtime.scriptrunner_utils.script_requests import RerunData, ScriptRequests

    requests = ScriptRequests()
    monkeypatch.setattr(private, "get_script_run_ctx",
                        lambda: SimpleNamespace(script_requests=requests))
    assert not private.rerun_pending()
    requests.request_rerun(RerunData(fragment_id="live-fragment"))
    assert requests.on_scriptrunner_yield() is None, (
        UPGRADE + "a fragment rerun now interrupts a running fragment; rerun_pending "
        "may no longer be needed")
    # ...so the push loop must ask for itself, and does see it.
    assert private.rerun_pending(), UPGRADE + "rerun_pending (ScriptRequests._state)"


def test_client_backlog_reads_attributes_that_streamlit_still_has():
    # client_backlog turns any failure into None (the loop must never crash on it), so an
    # upgrade would silently lose the server-side pacing: check each link of its chain here.
    # tests/browser/test_playground_browser.py checks it end to end on a real server.
    from streamlit.runtime import Runtime
    from streamlit.runtime.session_manager import ActiveSessionInfo, SessionManager
    from streamlit.web.server.starlette.starlette_websocket import StarletteSessionClient

    assert "self._session_mgr" in inspect.getsource(Runtime.__init__), \
        UPGRADE + "client_backlog (Runtime._session_mgr)"
    assert hasattr(SessionManager, "get_active_session_info"), \
        UPGRADE + "client_backlog (SessionManager.get_active_session_info)"
    assert "client" in ActiveSessionInfo.__annotations__, \
        UPGRADE + "client_backlog (ActiveSessionInfo.client)"
    assert "self._send_queue" in inspect.getsource(StarletteSessionClient.__init__), \
        UPGRADE + "client_backlog (StarletteSessionClient._send_queue)"
    assert private.client_backlog() is None  # no server here: unknown, never an error


def _internal_imports(source: str) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return [n for n in names if n.startswith(INTERNAL_PACKAGES)]


def test_no_other_playground_module_reaches_inside_streamlit():
    offenders = [f"{path.relative_to(PLAYGROUND)}: {name}"
                 for path in sorted(PLAYGROUND.rglob("*.py"))
                 if path.name != "streamlit_private.py"
                 for name in _internal_imports(path.read_text())]
    assert offenders == [], "private Streamlit APIs belong in playground/streamlit_private.py"


def test_the_fence_check_catches_a_planted_internal_import():
    # The check above must be able to fail: a planted import of each kind is found.
    assert _internal_imports("import streamlit.runtime.runtime as r\n"
                             "from streamlit.elements.lib.utils import x\n"
                             "import streamlit as st\n"
                             "import streamlit.components.v1 as components\n") == [
        "streamlit.runtime.runtime", "streamlit.elements.lib.utils"]
    assert _internal_imports((PLAYGROUND / "streamlit_private.py").read_text())
