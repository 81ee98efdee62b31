"""Page: Housing prices. Live regression on the real California data, explained in dollars.

Thin: the data set comes from ``engine.housing`` (the raw table cached with st.cache_data),
the figures and frames from ``playground.housing_view``, the controls, the session and the
live loop from ``playground.controls`` and ``playground.live``, as on the Playground page.
"""

from __future__ import annotations

import streamlit as st

from engine.housing import HOUSING_DESCRIPTION, load_housing_frame
from playground import controls, live
from playground.housing_view import explain_features, housing_data_maker, housing_view
from playground.share import export_import, share_link

PREFIX = "housing"
MAP_CHOICES = {"predicted": "predicted price", "error": "error (predicted − actual)"}


@st.cache_data(show_spinner=False)
def housing_frame():
    """The raw table of 20,640 districts, read once per server."""
    return load_housing_frame()


title, share = st.columns([3, 1], vertical_alignment="center")
title.title("Housing prices")
# One line above the fold; the long description waits in the expander below, so the buttons
# and the curves fit a projector's 1280 x 800.
st.caption(
    "The course opens with this example: predict a house's price from its features. A network "
    "with a linear output unit and the squared-error cost J = 1/(2m) Σ (a − y)² learns it "
    "live on real data, the 1990 California census."
)
try:
    frame = housing_frame()
except (OSError, ValueError) as err:
    st.error(controls.sentence(f"The housing data could not be read: {err}"))
    st.stop()

preset_box = controls.presets_box(PREFIX, task="regression")  # at the top of the sidebar
session = controls.page_session(PREFIX, "regression", housing_data_maker(frame))
controls.preset_note(PREFIX, preset_box)
with share:
    share_link(PREFIX)
hd = session.data.extra["housing"]
about, colour = st.columns([2, 1], vertical_alignment="center")
with about.expander("About the data, the features and the errors"):
    st.markdown(HOUSING_DESCRIPTION)
    st.markdown(explain_features(hd.feature_names))
    for note in hd.notes:
        st.markdown(f"- {note}")
    st.markdown(
        f"- {hd.X_train.shape[1]:,} training and {hd.X_test.shape[1]:,} test districts. "
        "Errors are in dollars: RMSE = √(mean (predicted − actual)²), MAE = mean "
        "|predicted − actual|, R² = 1 − (squared error) / (squared error of always "
        "predicting the mean): 1 is perfect, 0 is no better than the mean."
    )
color_by = colour.radio("Colour the map by", list(MAP_CHOICES), format_func=MAP_CHOICES.get,
                        horizontal=True,
                        key=controls.keep_widget(PREFIX, f"{PREFIX}_map_color"))
controls.remember_widget(PREFIX, f"{PREFIX}_map_color", color_by)
live_box = st.container()
export_import(PREFIX, task="regression")  # drawn before the live loop, shown below it
with live_box:
    live.live_panel(housing_view(session, color_by), PREFIX)
