"""A Streamlit client that speaks the app's own WebSocket protocol, without a browser.

Streamlit's browser page talks to the server over one WebSocket (``/_stcore/stream``): it
sends ``BackMsg`` protobufs (above all ``rerun_script``, carrying the widget states) and
receives ``ForwardMsg`` protobufs (``delta``: an element added or replaced at a path;
``script_finished``; ...). Both message types ship compiled in the installed ``streamlit``
package (``streamlit.proto``), so this client uses exactly the server's definitions.

What a click is, on the wire: a button is a "trigger" widget, so pressing it is a
``rerun_script`` whose widget states hold ``{id: <button id>, trigger_value: true}``; a
button inside an ``st.fragment`` (the live panel's Play / Pause) also names the fragment
(``fragment_id``, which every delta of that fragment carries), so only the fragment reruns.
A component's value (the live chart's "ack"/"behind" messages) is a ``json_value`` widget
state sent the same way. Widget ids end with the widget's key (``$$ID-<hash>-pg_play``).

The client is blocking (``websocket-client``); under Locust, gevent makes it cooperative.
It keeps, like the browser, the latest value of each widget it has set, and sends them all
with every rerun (the server keeps the others at their current values).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import websocket
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState


class ProtocolError(Exception):
    """The server sent something a browser page would show as broken (an exception, an
    error alert, a frame that does not parse) or stopped answering."""


@dataclass
class Element:
    """The latest element seen for a widget key or component: its type, proto and fragment."""

    kind: str
    proto: object
    fragment_id: str


@dataclass
class Event:
    """One ForwardMsg of interest, as ``read`` returns it."""

    kind: str                  # "element", "finished", "other"
    at: float                  # time.perf_counter() when it arrived
    size: int = 0              # bytes on the wire
    element: Element | None = None
    key: str = ""              # widget or component key, "" for other elements
    args: dict | None = None   # a component's arguments (parsed json_args)


def widget_key(element_id: str) -> str:
    """The user key at the end of a widget id (``$$ID-<hash>-pg_play`` -> ``pg_play``)."""
    if element_id.startswith("$$ID-"):
        parts = element_id.split("-", 2)
        if len(parts) == 3:
            return parts[2]
    return ""


@dataclass
class AppClient:
    """One browser tab's WebSocket session with a Streamlit app at ``base_url``."""

    base_url: str
    query: str = ""
    timeout: float = 30.0
    elements: dict[str, Element] = field(default_factory=dict)
    page_hash: str = ""
    bytes_in: int = 0
    messages_in: int = 0

    def __post_init__(self) -> None:
        self._held: dict[str, WidgetState] = {}
        self._ws: websocket.WebSocket | None = None

    # ----------------------------------------------------------------- connection
    def connect(self) -> None:
        parts = urlsplit(self.base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        path = parts.path.rstrip("/") + "/_stcore/stream"
        # The page sends "streamlit" as its subprotocol (the server repurposes further
        # entries for the XSRF token and a session to resume; none here: no Origin header,
        # as a non-browser client, so no XSRF check applies).
        self._ws = websocket.create_connection(
            f"{scheme}://{parts.netloc}{path}", subprotocols=["streamlit"],
            timeout=self.timeout, enable_multithread=False)

    def close(self) -> None:
        if self._ws is not None:
            try:
                self._ws.close()
            finally:
                self._ws = None

    # ----------------------------------------------------------------- sending
    def rerun(self, *, fragment_id: str = "", triggers: list[str] = ()) -> None:
        """A ``rerun_script``: the held widget values plus a trigger for each widget key in
        ``triggers`` (a click), for the whole page or one fragment."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.page_script_hash = self.page_hash
        if fragment_id:
            state.fragment_id = fragment_id
        state.widget_states.widgets.extend(self._held.values())
        for key in triggers:
            trigger = state.widget_states.widgets.add()
            trigger.id = self.element(key).proto.id
            trigger.trigger_value = True
        self._ws.send_binary(msg.SerializeToString())

    def click(self, key: str) -> None:
        """Press the button with widget key ``key`` (in its fragment, if it has one)."""
        self.rerun(fragment_id=self.element(key).fragment_id, triggers=[key])

    def set_value(self, key: str, *, rerun: bool = True, **value) -> None:
        """Hold a new value for widget ``key`` (e.g. ``string_array_value=["0.5"]``) and
        send it, as the browser does when a control changes."""
        el = self.element(key)
        state = WidgetState(id=el.proto.id)
        for name, v in value.items():
            target = getattr(state, name)
            if hasattr(target, "data"):
                target.data[:] = v
            else:
                setattr(state, name, v)
        self._held[el.proto.id] = state
        if rerun:
            self.rerun(fragment_id=el.fragment_id)

    def set_component_value(self, key: str, value: dict) -> None:
        """A component's ``setComponentValue`` (JSON): it reruns the component's fragment."""
        self.set_value(key, json_value=json.dumps(value))

    def element(self, key: str) -> Element:
        try:
            return self.elements[key]
        except KeyError:
            raise ProtocolError(f"the page has no widget {key!r} (yet)") from None

    # ----------------------------------------------------------------- receiving
    def read(self, timeout: float | None = None) -> Event | None:
        """The next message (None when nothing came within ``timeout`` seconds)."""
        self._ws.settimeout(self.timeout if timeout is None else max(timeout, 1e-3))
        try:
            data = self._ws.recv()
        except websocket.WebSocketTimeoutException:
            return None
        except (websocket.WebSocketConnectionClosedException, ConnectionError, OSError) as e:
            raise ProtocolError(f"connection lost: {e!r}") from e
        at = time.perf_counter()
        if isinstance(data, str):
            raise ProtocolError("the server sent a text frame (Streamlit sends protobufs)")
        self.bytes_in += len(data)
        self.messages_in += 1
        msg = ForwardMsg()
        msg.ParseFromString(data)
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.page_hash = self.page_hash or msg.new_session.page_script_hash
        if kind == "script_finished":
            return Event("finished", at, len(data))
        if kind == "ref_hash":  # a cached message: we announce no cache, so never expected
            raise ProtocolError("the server sent a cached-message reference")
        if kind != "delta" or msg.delta.WhichOneof("type") != "new_element":
            return Event("other", at, len(data))
        el = msg.delta.new_element
        etype = el.WhichOneof("type")
        inner = getattr(el, etype)
        if etype == "exception":
            raise ProtocolError(f"the page shows an exception: {inner.message[:200]}")
        if etype == "alert" and inner.format == inner.ERROR:
            raise ProtocolError(f"the page shows an error: {inner.body[:200]}")
        if msg.metadata.active_script_hash and etype != "html":
            self.page_hash = msg.metadata.active_script_hash
        key, args = widget_key(getattr(inner, "id", "") or ""), None
        if etype == "component_instance":
            try:
                args = json.loads(inner.json_args)
            except ValueError as e:
                raise ProtocolError(f"component arguments do not parse: {e}") from e
            key = key or str(args.get("key") or "")
        element = Element(etype, inner, msg.delta.fragment_id)
        if key:
            self.elements[key] = element
        return Event("element", at, len(data), element, key, args)

    def run_to_end(self, timeout: float | None = None) -> list[Event]:
        """Read until the script (or fragment) run finishes; its events."""
        deadline = time.perf_counter() + (timeout or self.timeout)
        events = []
        while True:
            left = deadline - time.perf_counter()
            ev = self.read(left) if left > 0 else None
            if ev is None:
                raise ProtocolError("the script run did not finish in time")
            events.append(ev)
            if ev.kind == "finished":
                return events
