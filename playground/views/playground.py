"""Page: the Playground. Build a network, train it live on 2-D data, watch it learn."""

import streamlit as st

from playground import controls, live
from playground.state import PlaneData

st.title("Playground")
intro, share = st.columns([3, 1], vertical_alignment="center")
intro.caption(
    "Choose the data, the layers and the learning rate in the sidebar, then press Play: the "
    "picture shows the network's output ŷ = a[L] over the plane, the curves the cost J."
)
preset_box = controls.presets_box("pg")  # at the top of the sidebar
session = controls.page_session("pg", task="classification", make_data=PlaneData(),
                                after=controls.PLANE_EXTRAS)
with share:
    controls.share_link("pg")
controls.preset_note("pg", preset_box)
controls.data_note("pg")
live_box = st.container()
controls.export_import("pg")  # drawn before the live loop starts, shown below it
with live_box:
    live.live_panel(live.PlaneView(), "pg")
