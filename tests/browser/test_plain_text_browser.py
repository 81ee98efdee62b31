"""Hostile user text in a real browser: a link's values and keys, a CSV's column names and
its file name are shown as text. No link to the attacker's site, no image, no request for
it (issue 13, item 6; every notice path is covered in tests/playground/test_plain_text.py)."""

from __future__ import annotations

import time
import urllib.parse

import numpy as np

from tests.browser.support import wait_for_run

LINK = "[Session expired: log in](http://ev.il)"
IMAGE = "![](http://127.0.0.1:8999/p.png)"
COL_LINK = "[log in](http://ev.il)"           # column names are cut to 30 characters
COL_IMAGE = "![](http://127.0.0.1:8999/c)"
FILE = "![](http://127.0.0.1:8999/f).csv"
HOSTILE_HOSTS = ("ev.il", "127.0.0.1:8999")


def _watch(page) -> list[str]:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    return requests


def _text(page) -> str:
    return page.inner_text("body").replace("\u2060", "")


def _assert_nothing_live(page, requests: list[str]) -> None:
    time.sleep(1.0)  # time for an image the page would load
    assert not page.locator('[data-testid="stException"]').count()
    assert page.locator("a[href*='ev.il']").count() == 0
    assert page.locator("img[src*='8999'], img[src*='ev.il']").count() == 0
    asked = {urllib.parse.urlsplit(u).netloc for u in requests}
    assert not asked & set(HOSTILE_HOSTS), asked


def test_hostile_link_values_and_keys_show_as_text(page, app_url):
    requests = _watch(page)
    query = urllib.parse.urlencode({"ds": LINK, "act": IMAGE, LINK: "1"})
    page.goto(f"{app_url}/?{query}")
    wait_for_run(page, timeout=60_000)
    page.locator('[data-testid="stAlertContentWarning"]').first.wait_for(timeout=60_000)
    _assert_nothing_live(page, requests)
    text = _text(page)
    assert f"dataset={LINK} is not one of" in text
    assert f"activation={IMAGE} is not one of" in text
    assert f"unknown parameter '{LINK}' ignored" in text


def _csv(rows: int = 60, seed: int = 0) -> bytes:
    rng = np.random.default_rng(seed)
    lines = [f"{COL_LINK},{COL_IMAGE},kind"]
    for i in range(rows):
        k = i % 2
        lines.append(f"{rng.normal(160 + 20 * k, 5):.1f},{rng.normal(60 + 20 * k, 5):.1f},"
                     f"{'dog' if k else 'cat'}")
    return ("\n".join(lines) + "\n").encode()


def test_hostile_column_names_and_file_name_show_as_text(page, app_url):
    requests = _watch(page)
    page.goto(f"{app_url}/?ds=upload")
    wait_for_run(page, timeout=60_000)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.locator("input[type=file]").set_input_files(
        files=[{"name": FILE, "mimeType": "text/csv", "buffer": _csv()}])
    use = sidebar.get_by_role("button", name="Use these columns")
    use.wait_for(timeout=60_000)
    use.click()
    caption = f"Your data, {FILE}: x1 = {COL_LINK}, x2 = {COL_IMAGE}, y = kind"
    page.locator('[data-testid="stCaptionContainer"]', has_text="Your data,").wait_for(
        timeout=60_000)
    wait_for_run(page, timeout=60_000)
    _assert_nothing_live(page, requests)
    text = _text(page)
    assert caption in text                          # the data note above the chart
    assert f"In use: {FILE}." in text               # the upload panel
    assert f"Loaded {FILE}: new data" in text       # the live panel's notice
