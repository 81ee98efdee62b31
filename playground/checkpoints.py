"""Checkpoints of a session's work, so a killed server or replica costs a reconnect, not the work.

A checkpoint is one Session as bytes: the setup, the weights, the optimizer's memory, the
trainer's epoch, mini-batch generator and divergence state, and the cost history (thinned to
at most ``MAX_HISTORY_ROWS`` rows). ``session_to_bytes`` / ``session_from_bytes`` convert;
nothing is ever unpickled: the bytes are a zip of one JSON document and two .npz files of
plain arrays, read with ``allow_pickle=False`` (the weights by ``engine.serialize``), with
the setup validated again as if it came from a link.

Stores keep them under a secret key (``new_key``: ``secrets.token_urlsafe``), for ``ttl``
seconds after the last write:

- ``SQLiteStore``: one file, for one process (the default, in the app's data directory);
- ``RedisStore``: a Redis server shared by several replicas behind nginx.

Both keep only a hash of the key, so the stored data names no key that could read it.
``store_from_env`` picks one from the ``NN_PLAYGROUND_CHECKPOINTS`` setting (see
``SETTING_HELP``). No Streamlit here: ``playground.resume`` wires it into the pages.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import secrets
import sqlite3
import time
import zipfile
from pathlib import Path

import numpy as np

from engine.history import HISTORY_KEYS
from engine.serialize import params_from_npz_bytes, params_to_npz_bytes
from playground.fields import validate

FORMAT = 1
SETTING = "NN_PLAYGROUND_CHECKPOINTS"
TTL_SETTING = "NN_PLAYGROUND_CHECKPOINT_TTL"
DEFAULT_TTL = 4 * 3600          # seconds after the last write: a lesson and its break
MAX_HISTORY_ROWS = 4000         # a checkpoint stays a few hundred kB however long it trained
RECENT_ROWS = 2000              # ...of which the latest rows are all kept
MAX_UNPACKED = 20 * 1024 * 1024  # a checkpoint that unpacks to more is refused unopened
# A user's own file is saved with the work up to this many examples (~0.5 MB of arrays);
# a bigger one would make every autosave write megabytes, so it is not checkpointed.
MAX_UPLOAD_EXAMPLES = 20_000
KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32)
SETTING_HELP = (
    f"{SETTING}: unset or 'sqlite' for a file in the data directory, 'sqlite:///path/to/file', "
    "'redis://host:port/db' (several replicas), or 'off'."
)


class StoreError(Exception):
    """The store could not be reached or written (the caller goes on without it)."""


def new_key() -> str:
    """A fresh secret session key (256 random bits, URL-safe text)."""
    return secrets.token_urlsafe(32)


def valid_key(key) -> bool:
    return isinstance(key, str) and bool(KEY_PATTERN.match(key))


def _slot(key: str, page: str) -> str:
    # What the store files under: a hash of the secret key and the page, never the key.
    return hashlib.sha256(f"{key}\0{page}".encode()).hexdigest()


# --------------------------------------------------------------------------- stores
class SQLiteStore:
    """Checkpoints in one SQLite file (created with owner-only permissions)."""

    def __init__(self, path: str | os.PathLike, ttl: float = DEFAULT_TTL) -> None:
        self.path = Path(path)
        self.ttl = float(ttl)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            if not self.path.exists():
                self.path.touch(mode=0o600)
            with self._connect() as db:
                db.execute("PRAGMA journal_mode=WAL")  # several replicas may share the file
                db.execute("CREATE TABLE IF NOT EXISTS checkpoints (slot TEXT PRIMARY KEY, "
                           "data BLOB NOT NULL, expires REAL NOT NULL)")
                db.execute("CREATE INDEX IF NOT EXISTS checkpoints_expires "
                           "ON checkpoints(expires)")
        except (OSError, sqlite3.Error) as err:
            raise StoreError(f"cannot use {self.path}: {err}") from err

    def _connect(self) -> sqlite3.Connection:
        # A connection per call: every browser session runs in its own thread, and opening
        # a local file costs far less than the checkpoint itself.
        try:
            return sqlite3.connect(self.path, timeout=5)
        except sqlite3.Error as err:
            raise StoreError(f"cannot open {self.path}: {err}") from err

    def put(self, key: str, page: str, data: bytes) -> None:
        now = time.time()
        try:
            with self._connect() as db:
                db.execute("INSERT OR REPLACE INTO checkpoints VALUES (?, ?, ?)",
                           (_slot(key, page), sqlite3.Binary(data), now + self.ttl))
                db.execute("DELETE FROM checkpoints WHERE expires <= ?", (now,))
        except sqlite3.Error as err:
            raise StoreError(f"cannot write {self.path}: {err}") from err

    def get(self, key: str, page: str) -> bytes | None:
        try:
            with self._connect() as db:
                row = db.execute("SELECT data FROM checkpoints WHERE slot = ? AND expires > ?",
                                 (_slot(key, page), time.time())).fetchone()
        except sqlite3.Error as err:
            raise StoreError(f"cannot read {self.path}: {err}") from err
        return None if row is None else bytes(row[0])

    def delete(self, key: str, page: str) -> None:
        try:
            with self._connect() as db:
                db.execute("DELETE FROM checkpoints WHERE slot = ?", (_slot(key, page),))
        except sqlite3.Error as err:
            raise StoreError(f"cannot write {self.path}: {err}") from err

    def __repr__(self) -> str:
        return f"SQLiteStore({str(self.path)!r}, ttl={self.ttl:g})"


class RedisStore:
    """Checkpoints in Redis (``SET ... EX ttl``): every replica reads what any wrote.

    The ``redis`` client is imported here, only when this store is chosen (the optional
    extra ``pip install -e '.[redis]'``), so a single-process install never needs it.
    """

    PREFIX = "nnpg:checkpoint:"

    def __init__(self, url: str, ttl: float = DEFAULT_TTL) -> None:
        try:
            import redis
        except ImportError as err:
            raise StoreError(f"{SETTING} names Redis but the 'redis' package is missing: "
                             "pip install redis (the project's [redis] extra)") from err
        self.ttl = max(1, round(ttl))
        self._errors = (redis.RedisError, OSError)
        # Short timeouts: a dead Redis must cost a training loop a second, not a minute.
        self._client = redis.Redis.from_url(url, socket_connect_timeout=1.0,
                                            socket_timeout=2.0)
        self.url = url

    def put(self, key: str, page: str, data: bytes) -> None:
        try:
            self._client.set(self.PREFIX + _slot(key, page), data, ex=self.ttl)
        except self._errors as err:
            raise StoreError(f"cannot write to Redis: {err}") from err

    def get(self, key: str, page: str) -> bytes | None:
        try:
            return self._client.get(self.PREFIX + _slot(key, page))
        except self._errors as err:
            raise StoreError(f"cannot read from Redis: {err}") from err

    def delete(self, key: str, page: str) -> None:
        try:
            self._client.delete(self.PREFIX + _slot(key, page))
        except self._errors as err:
            raise StoreError(f"cannot write to Redis: {err}") from err

    def __repr__(self) -> str:
        return f"RedisStore(ttl={self.ttl})"  # the URL may hold a password


def data_dir(environ=None) -> Path:
    """The app's data directory: $XDG_DATA_HOME/nn-playground, else ~/.local/share/..."""
    environ = os.environ if environ is None else environ
    base = environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "nn-playground"


def store_from_env(environ=None):
    """The store the setting names (see SETTING_HELP), or None when it is "off".
    ValueError for a setting that names no store."""
    environ = os.environ if environ is None else environ
    value = (environ.get(SETTING) or "sqlite").strip()
    try:
        ttl = float(environ.get(TTL_SETTING) or DEFAULT_TTL)
    except ValueError:
        raise ValueError(f"{TTL_SETTING} must be a number of seconds.") from None
    if not ttl > 0:
        raise ValueError(f"{TTL_SETTING} must be a number of seconds > 0.")
    if value.lower() in ("off", "none", "0"):
        return None
    if value.lower() == "sqlite":
        return SQLiteStore(data_dir(environ) / "checkpoints.sqlite3", ttl)
    if value.startswith("sqlite:///"):
        # sqlite:///srv/x.db is the file /srv/x.db (an absolute path, as file:/// URLs).
        return SQLiteStore("/" + value.removeprefix("sqlite:///").lstrip("/"), ttl)
    if value.startswith(("redis://", "rediss://", "unix://")):
        return RedisStore(value, ttl)
    raise ValueError(f"Unknown {SETTING}. {SETTING_HELP}")


# --------------------------------------------------------------------------- a session as bytes
def thin_history(history: dict, max_rows: int = MAX_HISTORY_ROWS,
                 recent: int = RECENT_ROWS) -> dict[str, list]:
    """At most ``max_rows`` rows: every one of the latest ``recent``, and evenly spaced older
    ones, always the first. Plain lists, cut to one common length (copies)."""
    columns = {k: list(history.get(k, [])) for k in HISTORY_KEYS}
    n = min(len(v) for v in columns.values())
    if n <= max_rows:
        return {k: v[:n] for k, v in columns.items()}
    older = n - recent
    keep = np.unique(np.linspace(0, older - 1, max_rows - recent).round().astype(int))
    rows = [*keep.tolist(), *range(older, n)]
    return {k: [v[i] for i in rows] for k, v in columns.items()}


def _npz(arrays: dict[str, np.ndarray]) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def session_to_bytes(session) -> bytes:
    """The session's work as bytes (see the module's doc). ValueError when its weights are
    not finite (after a NaN divergence: the last checkpoint before it is the one to keep)."""
    t = session.trainer
    counters, memory = t.optimizer.get_state()
    document = {
        "format": FORMAT,
        "setup": session.setup.to_dict(),
        "epoch": int(t.epoch),
        "optimizer": t.optimizer_name,
        "counters": counters,
        # The mini-batch shuffles go on as if nothing had happened (plain integers).
        "rng": t._rng.bit_generator.state,
        "diverged": [t.diverged, t.diverged_epoch, t.diverged_kind],
        "blowup_guard": bool(t.blowup_guard),
        "history": thin_history(t.history),
        "saved": time.time(),
    }
    parts = {
        "params.npz": params_to_npz_bytes(session.network.params),  # refuses NaN weights
        "optimizer.npz": _npz(memory),
    }
    uploaded = upload_in_use(session)
    if uploaded is not None:
        document["upload"] = {"filename": uploaded.filename, "columns": list(uploaded.columns),
                              "report": uploaded.report}
        parts["upload.npz"] = _npz({"X": uploaded.X, "Y": uploaded.Y})
    parts["checkpoint.json"] = json.dumps(document, allow_nan=True).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            # The history (JSON) shrinks several times; random weights do not, and deflating
            # them cost 8 x 64 units about 0.2 s per checkpoint (a stall in the live loop).
            archive.writestr(name, data, zipfile.ZIP_DEFLATED if name.endswith(".json")
                             else zipfile.ZIP_STORED)
    return buffer.getvalue()


def _read_parts(data: bytes) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = sorted(i.filename for i in infos)
            if names not in (["checkpoint.json", "optimizer.npz", "params.npz"],
                             ["checkpoint.json", "optimizer.npz", "params.npz", "upload.npz"]):
                raise ValueError("not a checkpoint")
            if sum(i.file_size for i in infos) > MAX_UNPACKED:
                raise ValueError("checkpoint too large")
            return {i.filename: archive.read(i) for i in infos}
    except (zipfile.BadZipFile, OSError, EOFError, KeyError) as err:
        raise ValueError("not a checkpoint") from err


def _arrays(data: bytes) -> dict[str, np.ndarray]:
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as archive:
            return {name: archive[name] for name in archive.files}
    except (ValueError, OSError, EOFError, zipfile.BadZipFile) as err:
        raise ValueError("unreadable optimizer state") from err


def upload_in_use(session):
    """The user's file the session trains on, if it is one a checkpoint carries (in use, and
    at most MAX_UPLOAD_EXAMPLES examples); None otherwise."""
    uploaded = getattr(session, "uploaded", None)
    if uploaded is None or session.setup.to_dict().get("dataset") != "upload":
        return None
    return uploaded if uploaded.X.shape[1] <= MAX_UPLOAD_EXAMPLES else None


def _upload_from(doc: dict, parts: dict[str, bytes]):
    # The saved file as an Uploaded, checked as strictly as a fresh upload's result.
    from playground.state import Uploaded

    meta = doc.get("upload")
    if "upload.npz" not in parts:
        if meta is not None:
            raise ValueError("the saved file is missing")
        return None
    arrays = _arrays(parts["upload.npz"])
    if not isinstance(meta, dict) or set(arrays) != {"X", "Y"}:
        raise ValueError("the saved file is incomplete")
    X, Y = arrays["X"], arrays["Y"]
    m = X.shape[1] if X.ndim == 2 else -1
    if (X.ndim != 2 or X.shape[0] != 2 or Y.ndim != 2 or Y.shape[1] != m
            or not 1 <= m <= MAX_UPLOAD_EXAMPLES or X.dtype.kind != "f" or Y.dtype.kind != "f"
            or not np.isfinite(X).all() or not np.isin(Y, (0.0, 1.0)).all()):
        raise ValueError("the saved file's examples do not fit")
    filename, columns, report = meta.get("filename"), meta.get("columns"), meta.get("report")
    if (not isinstance(filename, str) or not isinstance(report, str)
            or not isinstance(columns, list) or len(columns) != 3
            or not all(isinstance(c, str) for c in columns)):
        raise ValueError("the saved file's description does not fit")
    return Uploaded(X, Y, filename, tuple(columns), report)


def session_from_bytes(data: bytes, make_session, task: str):
    """A Session rebuilt from ``session_to_bytes``'s bytes: ``make_session(setup)`` builds it
    (data and network, as a new page would) — ``make_session(setup, uploaded)`` when the
    checkpoint carries the user's file —, then the weights, optimizer and trainer state and
    the history are put back. ValueError for anything that does not fit (never a partially
    restored session)."""
    parts = _read_parts(data)
    try:
        doc = json.loads(parts["checkpoint.json"])
    except (ValueError, UnicodeDecodeError) as err:
        raise ValueError("unreadable checkpoint") from err
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValueError("checkpoint of another format")
    setup, notices = validate(doc.get("setup"), task=task)
    if notices:
        raise ValueError(f"the saved setup does not validate: {notices[0]}")
    params = params_from_npz_bytes(parts["params.npz"])
    uploaded = _upload_from(doc, parts)
    session = make_session(setup) if uploaded is None else make_session(setup, uploaded)
    t = session.trainer
    if doc.get("optimizer") != t.optimizer_name:
        raise ValueError("the saved optimizer is not the setup's")
    session.network.params = params  # checks the layer sizes against the rebuilt network
    t.optimizer.set_state(doc.get("counters") or {}, _arrays(parts["optimizer.npz"]),
                          session.network.params)
    history = doc.get("history")
    if not isinstance(history, dict) or set(history) != set(HISTORY_KEYS):
        raise ValueError("the saved history has other columns")
    lengths = {len(v) for v in history.values() if isinstance(v, list)}
    if len(lengths) != 1 or len(history) != len(HISTORY_KEYS):
        raise ValueError("the saved history's columns differ in length")
    epoch = doc.get("epoch")
    if not isinstance(epoch, int) or epoch < 0:
        raise ValueError("bad epoch")
    diverged, diverged_epoch, kind = doc.get("diverged") or [None, None, None]
    try:
        rng_state = t._rng.bit_generator.state
        t._rng.bit_generator.state = doc.get("rng")
    except (TypeError, ValueError, KeyError) as err:
        t._rng.bit_generator.state = rng_state
        raise ValueError("bad generator state") from err
    for key in HISTORY_KEYS:
        t.history[key][:] = history[key]
    t.epoch = epoch
    t.diverged = diverged if isinstance(diverged, str) else None
    t.diverged_epoch = diverged_epoch if isinstance(diverged_epoch, int) else None
    t.diverged_kind = kind if kind in ("nan", "exploded", "blowup") else None
    t.blowup_guard = bool(doc.get("blowup_guard", True))
    return session
