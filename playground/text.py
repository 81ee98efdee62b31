"""User text inside the app's own Markdown, shown as the plain text it is.

Streamlit renders the strings given to ``st.caption``, ``st.info``, ``st.warning``,
``st.error``, ``st.markdown``, labels and help as Markdown (CommonMark with GitHub's
extensions, plus its own ``:color[...]`` and ``:material/icon:`` directives, emoji shortcodes
and ``$`` LaTeX). A value that came from a URL, a CSV header or a file name would otherwise
be able to show a link inside the app's own warning or make the browser fetch an image.
Wrap every such value where it is put into a message::

    session.notice = f"Unknown data set {plain(value)!s}: using the default."

The app's own Markdown around it keeps working.
"""

from __future__ import annotations

import re

# Escapes only what can start something in one line of Streamlit's Markdown, so that
# ordinary text (a file name, "x: 3", "n[0]", "learning_rate") reads the same in the page's
# source. A link or image needs "](" or "][", an underscore between two letters or digits
# cannot emphasize, and ":", "<", "&" followed by a space start nothing.
_INLINE = re.compile(
    r"([\\`*~$])"                         # escapes, code, emphasis, strikethrough, LaTeX
    r"|(\](?=[(\[]|$)|(?<![^\W_])_|_(?![^\W_]))"   # links and images; emphasis with _
    r"|([:<&])(?!\s)"                       # :directive[..], :material/..:, :emoji:, <html>, &x;
)
# ... and at the start, what opens a block: # heading, > quote, - + list, 1. 1) list,
# --- === rules, | table, [x]: link definition.
_BLOCK = re.compile(r"^( ?)([#>+\-=|\[]|\d+(?=[.)]))")
# Line breaks would start new blocks (headings, lists, code); the text stays one line.
_SPACE = re.compile(r"\s+")
# GitHub's literal autolinks (http://..., www...., a@b.c) and the emoji and icon shortcodes
# (:smile:, :material/home:) are found in the text after the escapes are undone, so escaping
# cannot stop them: an invisible word joiner where each pattern must be unbroken (after
# "http"/"https"/"www", before "@", after the colon that opens a shortcode) does.
_AUTOLINK = re.compile(r"(?i)(https?(?=\\?:)|www(?=\.)|(?=@)|\\:(?!\s))")
JOINER = "\u2060"


def plain(value: object) -> str:
    """``value`` as Markdown that Streamlit shows literally, on one line."""
    text = _INLINE.sub(lambda m: "\\" + m.group(0), _SPACE.sub(" ", str(value)))
    text = _BLOCK.sub(lambda m: m.group(1) + (m.group(2) + "\\" if m.group(2)[0].isdigit()
                                              else "\\" + m.group(2)), text)
    return _AUTOLINK.sub(lambda m: m.group(1) + JOINER, text)
