"""The pages' "Save and share" parts: the share link, and the box that downloads the setup,
the weights and the cost history and loads a setup or weights file.

A loaded setup file is only read here (``_on_import_setup``); ``controls.page_session``
applies it on the same run, before the widgets are drawn.
"""

from __future__ import annotations

import streamlit as st

from playground.state import Session, sentence
from playground.takeaway_panel import takeaway_downloads
from playground.text import plain
from playground.urlstate import setup_to_query


def share_url(prefix: str, query: dict[str, str] | None = None) -> str:
    """The link to this page with the current setup (what the address bar holds), or with
    ``query`` (compare mode: every run's setup)."""
    from urllib.parse import urlencode, urlsplit, urlunsplit

    session: Session = st.session_state[f"{prefix}_session"]
    here = str(getattr(st.context, "url", "") or "")
    parts = urlsplit(here)
    if query is None:
        query = setup_to_query(session.setup)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", urlencode(query), ""))


def share_link(prefix: str, query: dict[str, str] | None = None) -> None:
    """A "Copy share link" button: it opens the page's link with its copy button (Streamlit's
    code block copies to the clipboard; where the browser refuses, the link can be
    selected)."""
    with st.popover("Copy share link", icon=":material/link:", use_container_width=True):
        st.code(share_url(prefix, query), language=None, wrap_lines=True)
        st.caption("Copy it with the copy icon at the right of the link (or select it): it "
                   "opens this setup "
                   "for anyone, e.g. the whole class. The weights and a CSV file are not in "
                   "it (Save and share keeps those).")


def _history_snapshot(session: Session) -> dict:
    # Called on the download thread while training may go on: copy, then cut to one length.
    hist = {k: list(v) for k, v in session.trainer.history.items()}
    n = min((len(v) for v in hist.values()), default=0)
    return {k: v[:n] for k, v in hist.items()}


_WEIGHTS_HELP = ("W1, b1, ..., WL, bL as they are at the click; after a divergence, the last "
                 "finite weights (the ones drawn).")


def _weights_file(session: Session, build):
    # Runs at the click (maybe while training goes on): the weights of that moment, or the
    # last finite ones after a divergence. A download callable cannot show a message, so if
    # none can be saved (the button is disabled then) it gives an empty file, not an error.
    from playground.exports import weights_for_download

    params, _ = weights_for_download(session)
    return build(params) if params is not None else b""


def _on_import_setup(prefix: str) -> None:
    # Only read the file here; page_session parses it on this same run (see import_pending).
    upload = st.session_state.get(f"{prefix}_import")
    if upload is not None:
        st.session_state[f"{prefix}_import_text"] = (upload.name, upload.getvalue())


def _on_import_weights(prefix: str) -> None:
    # Runs before the script: the file is read, checked against the current network's layer
    # sizes and, only if everything is right, becomes the network's weights.
    from playground.exports import load_weights

    ss = st.session_state
    upload = ss.get(f"{prefix}_import_weights")
    ss.pop(f"{prefix}_weights_error", None)
    if upload is None:
        return
    session: Session = ss[f"{prefix}_session"]
    try:
        params = load_weights(upload.getvalue(), upload.name,
                              layer_dims=session.network.layer_dims)
        session.load_params(params, upload.name)
    except ValueError as err:
        ss[f"{prefix}_weights_error"] = sentence(f"The file {upload.name} was not loaded: {err}")


def export_import(prefix: str, task: str = "classification") -> None:
    """The "Save and share" box: the setup as JSON, the weights (.npz, .json), the history
    (CSV), and an importer for a setup JSON. Downloads are built when clicked (on_click
    "ignore"), so they never interrupt training and always hold the latest weights."""
    from playground import exports

    session: Session = st.session_state[f"{prefix}_session"]
    with st.expander("Save and share", expanded=False):
        st.caption("The address bar holds this setup: copy the link to share it with the "
                   "class. Or save the setup, the learned weights and the cost history.")
        c1, c2, c3, c4 = st.columns(4)
        # After a divergence the weights are the last finite ones (the page says so below);
        # the files are still built at the click, from the weights of that moment.
        params, weights_note = exports.weights_for_download(session)
        c1.download_button("Setup (JSON)", lambda: exports.setup_to_json(session.setup),
                           file_name="setup.json", mime="application/json",
                           key=f"{prefix}_dl_setup", on_click="ignore")
        c2.download_button("Weights (.npz)", lambda: _weights_file(session, exports.weights_npz),
                           file_name="weights.npz", mime="application/octet-stream",
                           key=f"{prefix}_dl_npz", on_click="ignore", disabled=params is None,
                           help=_WEIGHTS_HELP)
        c3.download_button("Weights (JSON)",
                           lambda: _weights_file(session, exports.weights_json),
                           file_name="weights.json", mime="application/json",
                           key=f"{prefix}_dl_wjson", on_click="ignore",
                           disabled=params is None, help=_WEIGHTS_HELP)
        c4.download_button("History (CSV)",
                           lambda: exports.history_csv(_history_snapshot(session),
                                                       loss=session.setup.loss),
                           file_name="history.csv", mime="text/csv",
                           key=f"{prefix}_dl_csv", on_click="ignore",
                           help="One row per epoch for the most recent 2,000 epochs; before "
                                "them, rows at round epochs only (always epoch 0).")
        takeaway_downloads(prefix, session)  # the script, the report, the animation
        if weights_note:
            st.caption(weights_note)
        st.file_uploader("Load a setup (JSON)", type=["json"], key=f"{prefix}_import",
                         on_change=_on_import_setup, args=(prefix,),
                         help="A setup.json saved from this page: every control is restored.")
        st.file_uploader("Load weights (.npz or JSON)", key=f"{prefix}_import_weights",
                         on_change=_on_import_weights, args=(prefix,),
                         help="A weights file saved from this page, for a network with the "
                              "same layer sizes n[0] … n[L]. Training starts again from them "
                              "at epoch 0; the cost history is cleared.")
        error = st.session_state.get(f"{prefix}_weights_error")
        if error:
            st.error(plain(error))
