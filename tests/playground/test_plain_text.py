"""User text (URL values and keys, CSV column names, file names) reaches the page's notices
and captions as plain text, never as Markdown (issue 13, item 6).

AppTest gives each element's Markdown source: every path below must carry the hostile text
in its escaped form (``text.plain``) and nowhere raw. That the escaped form is shown
literally by Streamlit's own renderer (no link, no image, no request) is checked in a real
browser in tests/browser/test_plain_text_browser.py.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from playground.text import JOINER, plain

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "playground" / "app.py")
HOUSING = str(ROOT / "playground" / "views" / "housing.py")

LINK = "[Session expired: log in](http://ev.il)"
IMAGE = "![](http://127.0.0.1:8999/p.png)"
# Column names are cut to 30 characters in the upload's messages: these fit.
COL_LINK = "[log in](http://ev.il)"
COL_IMAGE = "![](http://127.0.0.1:8999/c)"

# Markdown that would be live in Streamlit if it reached an element unescaped: a link or
# image, raw HTML or an entity, a directive (:red[...]), LaTeX, code, emphasis, a block...
_LIVE = re.compile(
    r"(?<!\\)\]\(|(?<!\\)\]\[|(?<!\\)<[a-z/!?]|(?<!\\)&[#a-z]|(?<!\\):[a-z-]+\[|"
    r"(?<!\\)[$`*~]|(?<![\\\w])_|^ ?(?<!\\)[#>+=|\[-]|^ ?\d+[.)]"
)
# ... and what Streamlit finds in the text once the escapes are undone: literal autolinks,
# emoji and icon shortcodes.
_TEXT_LIVE = re.compile(r"(?i)https?://|www\.|\w@|:[\w+-]+:|:material/")


def _live(markdown: str):
    return _LIVE.search(markdown) or _TEXT_LIVE.search(re.sub(r"\\(.)", r"\1", markdown))


def _unescape(markdown: str) -> str:
    """What CommonMark shows for text that has only backslash escapes (and word joiners)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace(JOINER, "")


# --------------------------------------------------------------------------- the helper
@pytest.mark.parametrize("text", [
    LINK, IMAGE, "<img src=x onerror=alert(1)>", ":red[red] :material/home: :smile:",
    "$x^2$ **b** _i_ ~~s~~ `c` # h > q | t |", "see www.ev.il, HTTPS://EV.IL or a@ev.il",
    "back\\slash \\[ and &amp; &#60;", "1. list\n- item\n\n    code",
])
def test_plain_is_shown_as_the_text_itself_with_nothing_live(text):
    assert _live(text), "the detector below must see the raw text as live Markdown"
    md = plain(text)
    assert _unescape(md) == re.sub(r"\s+", " ", text)
    assert not _live(md), md
    assert "\n" not in md


def test_plain_round_trips_any_printable_text():
    rng = random.Random(13)
    alphabet = [chr(c) for c in range(32, 127)] + ["é", "∑", "\u00a0"]
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        md = plain(text)
        assert _unescape(md) == re.sub(r"\s+", " ", text)
        assert not _live(md), md


# --------------------------------------------------------------------------- every path
def _texts(at: AppTest) -> list[str]:
    """The Markdown source of every text element of the page."""
    kinds = ("warning", "error", "info", "success", "caption", "markdown", "toast")
    return [e.value for kind in kinds for e in getattr(at, kind)]


def _assert_plain(at: AppTest, hostile: list[str]) -> None:
    """Each hostile text is on the page, and every element that shows it is plain text."""
    assert not at.exception, [e.value for e in at.exception]
    texts = _texts(at)
    for bad in hostile:
        shown = [t for t in texts if bad in _unescape(t)]
        assert shown, f"{bad!r} is not shown on the page: {texts}"
        for t in shown:
            assert bad not in t, f"{bad!r} reaches the page as Markdown: {t}"
            assert not _live(t), f"{bad!r} is shown in live Markdown: {t}"


def _app(query: dict | None = None, page: str = APP) -> AppTest:
    at = AppTest.from_file(page, default_timeout=120)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


@pytest.mark.parametrize("page", [APP, HOUSING])
def test_hostile_url_values_and_keys_are_shown_as_text(page):
    at = _app({"act": IMAGE, "opt": LINK, LINK: "1"}, page)
    _assert_plain(at, [IMAGE, LINK])


def test_a_hostile_data_set_name_in_the_url_is_shown_as_text():
    _assert_plain(_app({"ds": LINK}), [LINK])


def _csv(header: str, rows: int = 40) -> bytes:
    lines = [header] + [f"{170 + i % 7},{60 + i % 11},{'dog' if i % 2 else 'cat'}"
                        for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def _upload(at: AppTest, data: bytes, name: str) -> AppTest:
    return at.file_uploader(key="pg_upload").set_value((name, data, "text/csv")).run()


def _use(at: AppTest) -> AppTest:
    return next(b for b in at.button if b.key == "pg_up_use").click().run()


def test_hostile_column_names_and_file_name_of_an_upload_are_shown_as_text():
    name = f"{IMAGE}.csv"
    at = _upload(_app({"ds": "upload"}), _csv(f"{COL_LINK},{COL_IMAGE},kind"), name)
    _assert_plain(_use(at), [COL_LINK, COL_IMAGE, name])  # "In use", the data note, the notice


def test_a_hostile_column_in_an_upload_error_is_shown_as_text():
    at = _upload(_app({"ds": "upload"}), _csv(f"height,weight,{COL_LINK}"), "pets.csv")
    at.selectbox(key="pg_up_x1").set_value(COL_LINK)       # its values are cat and dog
    at.selectbox(key="pg_up_x2").set_value("height")
    at.selectbox(key="pg_up_label").set_value("weight")
    at = _use(at)
    assert at.error, "a text feature column must be refused"
    _assert_plain(at, [COL_LINK])


def test_a_hostile_file_name_in_a_refused_upload_is_shown_as_text():
    at = _upload(_app({"ds": "upload"}), b"%PDF-1.4 not a table", f"{LINK}.pdf")
    assert at.error
    _assert_plain(at, [LINK])


def test_a_hostile_setup_file_name_and_values_are_shown_as_text():
    at = _app()
    text = json.dumps({"app": "nn-playground", "format": 1, "setup": {"activations": [IMAGE]}})
    at.session_state["pg_import_text"] = (f"{LINK}.json", text.encode())
    _assert_plain(at.run(), [LINK, IMAGE])
    at.session_state["pg_import_text"] = (f"{IMAGE}.json", b"{not json")
    _assert_plain(at.run(), [IMAGE])


def test_a_hostile_weights_file_name_is_shown_as_text():
    at = _app()
    at = at.file_uploader(key="pg_import_weights").set_value(
        (f"{LINK}.json", b'{"W1": [[1]]}', "application/json")).run()
    assert at.error
    _assert_plain(at, [LINK])


def test_a_hostile_name_of_loaded_weights_is_shown_as_text():
    from playground import exports

    at = _app()
    weights = exports.weights_json(at.session_state["pg_session"].network).encode()
    at = at.file_uploader(key="pg_import_weights").set_value(
        (f"{IMAGE}.json", weights, "application/json")).run()
    assert not at.error
    _assert_plain(at, [IMAGE])   # "Loaded the weights from ...", the live panel's caption
