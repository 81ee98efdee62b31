"""The "take it away" downloads of a Playground run: the standalone script, the report and
the animation, next to the setup / weights / history downloads (``share.export_import``).

The script and the report are built when clicked (deferred, as the other downloads: they
never interrupt training). The animation takes a second or two, so it is made on a button
press with a progress bar, kept for the session's current run (``Session.version``) and then
offered as a download.
"""

from __future__ import annotations

import streamlit as st

from playground.state import Session

CLIP_SECONDS = 20.0
CLIP_FRAMES = 200  # 10 frames a second
DIFFERENT_RUN = ("This run changed a setting along the way (or started from loaded weights): "
                 "the animation and the script train the current setup again from epoch 0, "
                 "so their curve differs from the one above.")


def script_file(session: Session) -> str:
    from playground.script_export import session_script

    return session_script(session)


def report_file(session: Session) -> bytes:
    from playground.report import build_report

    return build_report(session)[0]


def animation_file(session: Session, progress=None) -> tuple[bytes, bool]:
    """The run from epoch 0 to now as a CLIP_SECONDS GIF, and whether the run trained again
    is the page's (False after a setting changed mid-run); ``progress(share, text)``."""
    from playground.animation import render_gif
    from playground.recording import record_session, same_run

    def step(stage: str, start: float, span: float):
        return None if progress is None else (
            lambda share: progress(start + span * share, stage))

    rec = record_session(session, CLIP_FRAMES, progress=step("Training again from epoch 0",
                                                             0.0, 0.3))
    gif = render_gif(rec, CLIP_SECONDS, progress=step("Drawing the frames", 0.3, 0.7))
    return gif, same_run(rec, session.trainer.history)


def takeaway_downloads(prefix: str, session: Session) -> None:
    """The three downloads (a 2-D run only: the report and the animation draw its picture)."""
    if session.data.G is None:
        return
    c1, c2, c3, c4 = st.columns(4)  # under the four downloads above
    c1.download_button(
        "Run as a Python script", lambda: script_file(session), file_name="playground_run.py",
        mime="text/x-python", key=f"{prefix}_dl_script", on_click="ignore",
        help="One .py file that needs only NumPy: the data, the first weights and the "
             "training loop in the course's functions. `python playground_run.py` prints "
             "the cost every few epochs, the numbers of this page's curve.")
    c2.download_button(
        "Report (PNG)", lambda: report_file(session), file_name="playground_report.png",
        mime="image/png", key=f"{prefix}_dl_report", on_click="ignore",
        help="One picture to hand in: the setup, the final cost and accuracy, the picture "
             "and the curves as they are at the click.")
    slot = c4.empty()  # the GIF's download, once it is made
    made = st.session_state.get(f"{prefix}_takeaway_gif")
    if c3.button("Make the animation", key=f"{prefix}_make_gif",
                 help=f"A {CLIP_SECONDS:g}-second GIF of the picture and the cost curve from "
                      "epoch 0 to now (the run is trained again to record it)."):
        bar = c3.progress(0.0, text="Making the animation")
        gif, same = animation_file(session, lambda share, text: bar.progress(
            min(1.0, share), text=text))
        bar.empty()
        made = (session.version, session.epoch, gif, same)
        st.session_state[f"{prefix}_takeaway_gif"] = made
    if made is not None and made[0] == session.version:
        slot.download_button(
            f"Animation (GIF, epochs 0 to {max(1, made[1]):,})", made[2],
            file_name="playground_run.gif", mime="image/gif", key=f"{prefix}_dl_gif",
            on_click="ignore", help="Make the animation again for a newer one.")
        if not made[3]:
            st.caption(DIFFERENT_RUN)
