"""Every use of a private (internal, undocumented) Streamlit API, fenced in one module.

The live loop (``playground.live``) needs three things that Streamlit's public API does not
offer. Each function below says why it is needed and which internal it reads. No other
module of ``playground/`` may import from ``streamlit.runtime``, ``streamlit.elements`` or
``streamlit.web``, nor touch an underscored attribute of a Streamlit object:
tests/playground/test_streamlit_private.py checks that, and checks each internal against the
installed Streamlit, so an upgrade that breaks one fails there with a message naming it.
``pyproject.toml`` pins Streamlit to the minor version these were tested with.

1. ``render_again``: a keyed component updated in place many times in one script run.
2. ``rerun_pending``: a fragment that loops sees the rerun a click asked for.
3. ``client_backlog``: how far a browser has fallen behind reading what was sent to it.
"""

from __future__ import annotations

from streamlit.elements.lib.utils import user_key_from_element_id
from streamlit.runtime.scriptrunner_utils.script_requests import ScriptRequestType
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx


def render_again(key: str) -> None:
    """Let the keyed component ``key`` be rendered once more in the current script run.

    Why: the push loop sends every frame by rendering the chart again, within one run.
    Streamlit refuses a second element with the same key in one run (it records each key and
    element id in ``ctx.shared.widget_user_keys_this_run`` / ``widget_ids_this_run``, see
    ``_register_element_id`` in streamlit/elements/lib/utils.py). A v1 component's id with a
    key does not depend on its arguments (``key_as_main_identity``), so rendering it again
    into the same ``st.empty`` slot is an in-place update of the same element. We forget the
    key and its id before each new render.
    """
    ctx = get_script_run_ctx()
    if ctx is None:
        return
    keys, ids = ctx.shared.widget_user_keys_this_run, ctx.shared.widget_ids_this_run
    with keys._lock:
        keys._data.discard(key)
    with ids._lock:
        for element_id in [i for i in ids._data if user_key_from_element_id(i) == key]:
            ids._data.discard(element_id)


def rerun_pending() -> bool:
    """True when the browser has asked for a rerun that Streamlit keeps waiting.

    Why: a click on a button inside a fragment (Pause, Step, Reset) or a component value asks
    for a *fragment* rerun, and Streamlit does not interrupt a running fragment for that: it
    queues the request until the run ends (``_fragment_run_should_not_preempt_script`` in
    streamlit/runtime/scriptrunner_utils/script_requests.py). The push loop never ends by
    itself, so it asks here after every frame (``ScriptRequests._state``) and returns,
    letting the queued rerun run.
    """
    ctx = get_script_run_ctx()
    requests = getattr(ctx, "script_requests", None)
    return requests is not None and requests._state == ScriptRequestType.RERUN


def client_backlog() -> int | None:
    """Messages Streamlit holds for this session's browser, not yet written to the socket.

    Why: Streamlit's Starlette server queues what a session sends and writes it as fast as
    the browser reads; a browser that stops reading (a frozen or starved page) lets the queue
    grow, and at 500 messages Streamlit drops the connection. The push loop reads the queue's
    length (``Runtime._session_mgr`` -> the session's client -> ``_send_queue``) to pace such
    a browser before that. None where this cannot be read (no server, as under AppTest, or
    another Streamlit): the push loop then relies on the page's own report that it is behind.
    """
    try:
        from streamlit.runtime import Runtime

        ctx = get_script_run_ctx()
        info = Runtime.instance()._session_mgr.get_active_session_info(ctx.session_id)
        return int(info.client._send_queue.qsize())
    except Exception:  # any failure means "unknown", never an error
        return None
