"""Two students at once: two real browser contexts (two cookie jars, two Streamlit sessions)
train different setups on the same server at the same time, and neither sees the other.

The reference is independent of the browser: the same setup trained for the same number of
epochs by the engine in this test process must give exactly the cost each page shows. A
network, data set or history shared between the two sessions would break that.
"""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlencode, urlparse

import pytest

from playground.fields import Setup, validate
from playground.state import Session
from playground.urlstate import setup_from_query, setup_to_query
from tests.browser.support import wait_for_run

LIVE_IFRAME = "iframe[title*='live_chart'], iframe[title='Live training chart']"
TIMEOUT = 60_000

# Two setups that differ in everything that matters; full batch, so the cost after E epochs
# does not depend on how the epochs were split into frames.
SETUP_A, _ = validate({
    "dataset": "xor", "data_seed": 7, "hidden_units": [3], "activations": ["tanh"],
    "init": "xavier", "optimizer": "gd", "learning_rate": 0.5, "seed": 3,
    "epochs_per_frame": 25,
})
SETUP_B, _ = validate({
    "dataset": "circle", "data_seed": 2, "hidden_units": [5, 2],
    "activations": ["relu", "tanh"], "init": "he", "optimizer": "adam",
    "learning_rate": 0.01, "seed": 11, "epochs_per_frame": 25,
})


class Student:
    """One browser context on the playground page with its own setup."""

    def __init__(self, browser, base_url: str, setup: Setup):
        self.setup = setup
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        # The app works offline: nothing is fetched from anywhere but the app's server.
        self.outside: list[str] = []
        self.context.on("request", lambda r: urlparse(r.url).scheme in ("http", "https", "ws",
                        "wss") and urlparse(r.url).hostname != "127.0.0.1"
                        and self.outside.append(r.url))
        self.page.goto(f"{base_url}/?{urlencode(setup_to_query(setup))}", timeout=TIMEOUT)
        wait_for_run(self.page, TIMEOUT)
        self.frame = self.page.wait_for_selector(LIVE_IFRAME, timeout=TIMEOUT).content_frame()
        self.frame.wait_for_function("() => window.liveStats && window.liveStats.draws > 0",
                                     timeout=TIMEOUT)

    def click(self, label: str) -> None:
        # The label as the button's last word: "Step", not "Help for Step through ...".
        self.page.get_by_role("button", name=re.compile(rf"(^|\s){label}$")).click(
            timeout=TIMEOUT)

    def stat(self, id_: str) -> str:
        return self.frame.locator(f"#{id_}").text_content(timeout=TIMEOUT)

    def epoch(self) -> int:
        return int(re.sub(r"[^0-9]", "", self.stat("epoch")) or 0)

    def wait_status(self, status: str) -> None:
        self.frame.wait_for_function(
            "s => (document.getElementById('status') || {}).className === s",
            arg=status, timeout=TIMEOUT,
        )

    def wait_epoch_above(self, epoch: int) -> None:
        self.frame.wait_for_function(
            "e => parseInt((document.getElementById('epoch') || {textContent: '0'})"
            ".textContent.replace(/[^0-9]/g, '') || '0') > e",
            arg=epoch, timeout=TIMEOUT,
        )

    def pause(self) -> int:
        """Press Pause; once the page says Paused, the epoch it shows."""
        self.click("Pause")
        self.wait_status("paused")
        wait_for_run(self.page, TIMEOUT)
        return self.epoch()

    def close(self) -> None:
        self.context.close()


def reference_cost(setup: Setup, epochs: int) -> str:
    """The train cost after ``epochs`` epochs, computed here by the engine, as the page
    formats it (4 decimals)."""
    session = Session(setup)
    assert session.step(epochs) == epochs
    return f"{session.trainer.last['train_cost']:.4f}"


@pytest.fixture
def students(chromium, app_url):
    a = Student(chromium, app_url, SETUP_A)
    b = Student(chromium, app_url, SETUP_B)
    yield a, b
    a.close()
    b.close()


def test_the_two_setups_differ_and_are_valid():
    assert SETUP_A.changed_fields(SETUP_B) >= {"dataset", "hidden_units", "activations",
                                                "optimizer", "learning_rate", "seed"}
    assert validate(SETUP_A.to_dict())[1] == []
    assert validate(SETUP_B.to_dict())[1] == []


def test_two_sessions_training_at_once_keep_their_own_state(students):
    a, b = students
    assert a.epoch() == 0
    assert b.epoch() == 0

    # Both train at the same time.
    a.click("Play")
    b.click("Play")
    a.wait_status("playing")
    b.wait_status("playing")
    a.wait_epoch_above(20)
    b.wait_epoch_above(20)

    # A pauses; B keeps training, and A's counter does not move meanwhile.
    epoch_a = a.pause()
    epoch_b_then = b.epoch()
    b.wait_epoch_above(epoch_b_then + 20)
    time.sleep(0.5)
    assert a.epoch() == epoch_a
    epoch_b = b.pause()

    # Each page shows ITS setup's cost after ITS number of epochs (computed independently).
    assert a.stat("train-cost") == reference_cost(SETUP_A, epoch_a)
    assert b.stat("train-cost") == reference_cost(SETUP_B, epoch_b)
    assert reference_cost(SETUP_A, epoch_a) != reference_cost(SETUP_B, epoch_a)

    # A's Step moves only A, by exactly one epoch.
    a.click("Step")
    a.wait_epoch_above(epoch_a)
    wait_for_run(a.page, TIMEOUT)
    assert a.epoch() == epoch_a + 1
    assert a.stat("train-cost") == reference_cost(SETUP_A, epoch_a + 1)
    assert b.epoch() == epoch_b

    # Each page still holds its own setup in its address (the shareable link).
    for student in (a, b):
        shown, notices = setup_from_query(parse_qs(urlparse(student.page.url).query))
        assert notices == []
        assert shown.changed_fields(student.setup) == set()

    assert a.errors == []
    assert b.errors == []
    assert a.outside == []
    assert b.outside == []
    for student in (a, b):
        assert student.page.locator('[data-testid="stException"]').count() == 0
