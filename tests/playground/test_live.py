"""The live machinery: the served component folder, the base figures and the frames.
(The Streamlit internals it needs are checked in test_streamlit_private.py.)"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import plotly

from playground import live, live_chart
from playground.fields import Setup
from playground.state import Session


def test_the_component_is_served_from_the_packages_themselves():
    # Nothing copied, no temporary folder: our folder, and plotly's own package_data,
    # which holds the plotly.min.js the chart loads by PLOTLY_SRC (a sibling component).
    assert Path(live_chart.chart.path) == live_chart.SOURCE_DIR
    plotly_dir = Path(live_chart.plotly_files.path)
    assert plotly_dir == Path(plotly.__file__).resolve().parent / "package_data"
    assert (plotly_dir / "plotly.min.js").stat().st_size > 1_000_000
    assert live_chart.PLOTLY_SRC == f"../{live_chart.plotly_files.name}/plotly.min.js"
    assert live_chart.plotly_files.name.rsplit(".", 1)[0] == live_chart.chart.name.rsplit(".", 1)[0]
    assert "base.plotly_src" in (live_chart.SOURCE_DIR / "live_chart.js").read_text()


def test_plane_frame_is_small_finite_and_matches_the_network():
    s = Session(Setup())
    s.step(20)
    view = live.PlaneView()
    frame = view.frame(s, slow=False)
    assert set(frame["figures"]) == {"boundary", "cost", "accuracy"}
    image = frame["figures"]["boundary"]["image"]
    grid = np.frombuffer(base64.b64decode(image["b64"]), dtype=np.uint8)
    Z = s.network.forward(s.data.G).reshape(image["rows"], image["cols"])
    np.testing.assert_allclose(grid / 255, Z.reshape(-1), atol=0.5 / 255 + 1e-12)
    ids = [st["id"] for st in frame["stats"]]
    assert ids[0] == "epoch"
    assert frame["stats"][0]["value"] == "20"
    assert len(json.dumps(frame)) < 30_000
    slow = view.frame(s, slow=True)
    assert "diagram" in slow["figures"]
    assert "diagram" not in frame["figures"]
    cost = frame["figures"]["cost"]["traces"]["0"]
    assert cost["x"] == list(range(20))
    assert cost["y"][-1] == float(f"{s.trainer.history['train_cost'][-1]:.5g}")


def test_diagram_refresh_is_the_figure_s_traces_and_pictures_without_plotly_objects():
    # The slow tick sends network_parts (plain dicts) instead of a serialized go.Figure: the
    # browser must get exactly what Plotly would have sent for the same network.
    s = Session(Setup())
    s.step(15)
    view = live.PlaneView()
    sent = json.loads(json.dumps(view.frame(s, slow=True)["figures"]["diagram"]))
    figure = live_chart.to_json(view._diagram(s))
    assert sent["data"] == figure["data"]
    assert sent["layout"]["images"] == figure["layout"]["images"]


def test_base_payload_is_cached_per_version_and_json():
    s = Session(Setup())
    view = live.PlaneView()
    a = live_chart.base_payload(view, s)
    assert live_chart.base_payload(view, s) is a
    assert [p["name"] for p in a["panels"]] == ["boundary", "diagram", "cost", "accuracy"]
    # The training curves are drawn by the component on a canvas, the rest by Plotly.
    assert [p["kind"] for p in a["panels"]] == ["plotly", "plotly", "curve", "curve"]
    json.dumps(a)
    s.apply(s.setup.replace(show_test=True))
    assert live_chart.base_payload(view, s)["spec"] == s.version != a["spec"]


def test_after_divergence_the_frame_shows_the_last_good_network():
    s = Session(Setup(learning_rate=80.0, init_scale=1.0, hidden_units=[8],
                      activations=["relu"]))
    s.playing = True
    while not s.diverged:
        s.run_frame(time_budget=1.0)
    frame = live.PlaneView().frame(s, slow=True)     # would raise on a NaN picture
    json.dumps(frame)


def test_a_zoom_reevaluates_the_picture_over_the_visible_range():
    s = Session(Setup())
    s.step(200)
    view = live.PlaneView()
    s.cache["view"] = live_chart.zoom_view([0.5, 1.0, -0.25, 0.25])
    image = view.frame(s, slow=False)["figures"]["boundary"]["image"]
    assert image["extent"] == [0.5, 1.0, -0.25, 0.25]
    grid = np.frombuffer(base64.b64decode(image["b64"]), dtype=np.uint8).reshape(
        image["rows"], image["cols"])
    # Cell (row, col) is the network's output at that cell's centre in the zoomed range.
    x1 = 0.5 + (7 + 0.5) * 0.5 / image["cols"]
    x2 = -0.25 + (3 + 0.5) * 0.5 / image["rows"]
    a = float(s.network.forward(np.array([[x1], [x2]]))[0, 0])
    assert abs(grid[3, 7] / 255 - a) <= 0.5 / 255 + 1e-9
    # A bad range from the browser is ignored: the full plane again.
    for bad in (None, [0, 0, 0, 1], ["a", 1, 2, 3], [0, 1, 0], [0, float("nan"), 0, 1]):
        assert live_chart.zoom_view(bad) is None
    s.cache["view"] = None
    assert "extent" not in view.frame(s, slow=False)["figures"]["boundary"]["image"]
