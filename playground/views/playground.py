"""Page: the Playground. Build a network, train it live on 2-D data, watch it learn."""

import streamlit as st

from playground import (
    assignment_panel,
    compare_panel,
    controls,
    diagnostics_live,
    diagnostics_panel,
    live,
    presenter,
    stepthrough_panel,
)
from playground.share import export_import, share_link
from playground.state import PlaneData
from playground.upload_panel import data_note

presenting = presenter.active()  # a projector's layout (the switch is at the sidebar's top)
presenter.switch()
# The sidebar holds ~50 controls before the page's buttons in Tab order: a skip link first.
st.sidebar.html('<a class="skip-link" href="#live-controls">Skip to Play, Step and Reset</a>')
if not presenting:
    # The compare switch and the two link buttons on the title's row: on rows of their own
    # they pushed the curves below the fold at 1280 x 800.
    title_col, switch_col, share, assign = st.columns([1.5, 0.9, 1, 1.3],
                                                      vertical_alignment="center")
    title_col.title("Playground")
    intro = st.empty()  # the active preset's explanation, or the line
# An assignment link fixes some controls: a preset (which sets them all) is not offered.
assigned = assignment_panel.current("pg").active
preset_box = st.sidebar.container() if assigned else controls.presets_box("pg")
compare_panel.read_link("pg")  # a link's runs B..D (compare mode), before the setup's keys
session = controls.page_session("pg", task="classification", make_data=PlaneData(),
                                after=controls.PLANE_EXTRAS)
comparing = compare_panel.sync("pg")  # the sidebar edits one run; every run in the link
if not presenting:
    if not comparing:
        compare_panel.switch("pg", switch_col)
    with share:
        share_link("pg", query=compare_panel.link_query("pg") if comparing else None)
    with assign:
        assignment_panel.maker("pg")
    if comparing:
        intro.caption(compare_panel.intro())
    elif controls.active_preset(session.setup) is not None:
        controls.preset_note("pg", intro)
    else:
        intro.caption(
            "Choose the data and the network in the sidebar, then press Play: the picture "
            "is the output ŷ = a[L] over the plane, the curves the cost J."
        )
    data_note("pg")
    assignment_panel.goal_box("pg")
else:
    presenter.bar("pg")
st.html('<span id="live-controls"></span>')
compare_panel.bar("pg", switch_drawn=not presenting)  # while comparing, the runs' row
live_box = st.container()
if not comparing:
    stepthrough_panel.panel("pg")  # the step-through toggle, under the live panel
export_import("pg")  # drawn before the live loop starts, shown below it
view = presenter.PresenterView(presenter.screen()) if presenting else live.PlaneView()
with live_box:
    if comparing:
        compare_panel.panel("pg")
    else:
        # The gradients panel, when open, is one more figure of the live chart
        # (diagnostics_live).
        live.live_panel(diagnostics_live.DiagnosticsView(assignment_panel.with_goal("pg", view)),
                        "pg", after=diagnostics_panel.panel,
                        shortcuts=presenter.SHORTCUTS if presenting else None)
