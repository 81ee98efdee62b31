"""Checkpoints: a Session to bytes and back (training goes on exactly as if uninterrupted), and
both stores, against a real SQLite file and a real redis-server started here."""

from __future__ import annotations

import io
import json
import time
import zipfile

import numpy as np
import pytest

from playground import checkpoints as C
from playground.fields import Setup, default_setup
from playground.state import Session
from tests.deploy.services import running_redis


def _session(**changes) -> Session:
    return Session(Setup().replace(**changes))


@pytest.mark.parametrize(("optimizer", "batch_size"), [("adam", 64), ("momentum", 0),
                                                       ("rmsprop", 32), ("gd", 50)])
def test_a_restored_session_trains_on_exactly_as_the_uninterrupted_one(optimizer, batch_size):
    setup = dict(optimizer=optimizer, batch_size=batch_size, learning_rate=0.05,
                 hidden_units=[5, 3], activations=["tanh", "relu"])
    a = _session(**setup)
    a.step(7)
    blob = C.session_to_bytes(a)
    b = C.session_from_bytes(blob, Session, task="classification")
    assert b.epoch == 7
    assert b.setup == a.setup
    assert b.trainer.history == a.trainer.history
    for k, v in a.network.params.items():
        np.testing.assert_array_equal(b.network.params[k], v)
    # The optimizer's memory and the mini-batch shuffles continue: 5 more epochs agree.
    a.step(5)
    b.step(5)
    for k, v in a.network.params.items():
        np.testing.assert_array_equal(b.network.params[k], v)
    assert b.trainer.history == a.trainer.history


def test_a_checkpoint_holds_no_pickle_and_refuses_one():
    blob = C.session_to_bytes(_session())
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        assert sorted(z.namelist()) == ["checkpoint.json", "optimizer.npz", "params.npz"]
        doc = json.loads(z.read("checkpoint.json"))
    assert doc["format"] == C.FORMAT
    # An optimizer.npz holding an object array (a pickle) is refused, not loaded.
    evil = io.BytesIO()
    np.savez(evil, **{"v.W1": np.array([object()], dtype=object)})
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as z, zipfile.ZipFile(out, "w") as w:
        for name in z.namelist():
            w.writestr(name, evil.getvalue() if name == "optimizer.npz" else z.read(name))
    with pytest.raises(ValueError, match="optimizer state"):
        C.session_from_bytes(out.getvalue(), Session, task="classification")
    for junk in (b"", b"\x80\x04junk", b"PK\x03\x04 not a zip"):
        with pytest.raises(ValueError, match="not a checkpoint"):
            C.session_from_bytes(junk, Session, task="classification")


def test_a_checkpoint_for_another_network_is_refused():
    blob = C.session_to_bytes(_session(hidden_units=[3], activations=["tanh"]))
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    doc = json.loads(parts["checkpoint.json"])
    doc["setup"]["hidden_units"] = [6]
    parts["checkpoint.json"] = json.dumps(doc).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as w:
        for name, data in parts.items():
            w.writestr(name, data)
    with pytest.raises(ValueError, match="layer sizes"):
        C.session_from_bytes(out.getvalue(), Session, task="classification")


def test_the_history_is_thinned_keeping_the_first_and_the_recent_rows():
    n = 10_000
    history = {k: list(range(n)) for k in C.HISTORY_KEYS}
    thin = C.thin_history(history, max_rows=300, recent=100)
    assert len(thin["epoch"]) <= 300
    assert thin["epoch"][0] == 0
    assert thin["epoch"][-100:] == list(range(n - 100, n))
    assert thin["epoch"] == sorted(set(thin["epoch"]))
    assert C.thin_history({k: [1, 2] for k in C.HISTORY_KEYS})["epoch"] == [1, 2]


def test_a_diverged_session_with_nan_weights_is_not_checkpointed():
    s = _session()
    s.network.params["W1"][0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        C.session_to_bytes(s)


def test_store_from_env_reads_the_one_setting(tmp_path):
    store = C.store_from_env({C.SETTING: f"sqlite://{tmp_path}/x.db", C.TTL_SETTING: "60"})
    assert isinstance(store, C.SQLiteStore)
    assert store.path == tmp_path / "x.db"
    assert store.ttl == 60
    default = C.store_from_env({"XDG_DATA_HOME": str(tmp_path / "data")})
    assert default.path == tmp_path / "data" / "nn-playground" / "checkpoints.sqlite3"
    assert C.store_from_env({C.SETTING: "off"}) is None
    with pytest.raises(ValueError, match=C.SETTING):
        C.store_from_env({C.SETTING: "mysql://x"})


def test_keys_are_random_and_well_formed():
    keys = {C.new_key() for _ in range(100)}
    assert len(keys) == 100
    assert all(C.valid_key(k) for k in keys)
    assert not C.valid_key("1")
    assert not C.valid_key("../" * 15)
    assert not C.valid_key(None)


@pytest.fixture(params=["sqlite", "redis"])
def make_store(request, tmp_path):
    """A factory store(ttl) of each kind: a real file, or a real redis-server."""
    if request.param == "sqlite":
        yield lambda ttl: C.SQLiteStore(tmp_path / "sub" / "checkpoints.sqlite3", ttl)
    else:
        with running_redis(tmp_path) as url:
            yield lambda ttl: C.RedisStore(url, ttl)


def test_a_store_gives_back_what_it_was_given_under_that_key_only(make_store):
    store = make_store(60)
    key, other = C.new_key(), C.new_key()
    blob = C.session_to_bytes(_session())
    store.put(key, "pg", blob)
    assert store.get(key, "pg") == blob
    assert store.get(other, "pg") is None          # a wrong key reads nothing
    assert store.get(key, "housing") is None       # each page has its own checkpoint
    store.put(key, "pg", b"newer")
    assert store.get(key, "pg") == b"newer"
    store.delete(key, "pg")
    assert store.get(key, "pg") is None


def test_a_checkpoint_expires_after_the_idle_time_and_a_write_renews_it(make_store):
    store = make_store(1)
    key, old = C.new_key(), C.new_key()
    store.put(key, "pg", b"a")
    store.put(old, "pg", b"b")
    time.sleep(0.6)
    store.put(key, "pg", b"a2")   # written again: its idle time starts again
    time.sleep(0.7)
    assert store.get(old, "pg") is None
    assert store.get(key, "pg") == b"a2"
    time.sleep(1.2)
    assert store.get(key, "pg") is None


def test_the_sqlite_file_holds_no_key_and_only_its_owner_reads_it(tmp_path):
    store = C.SQLiteStore(tmp_path / "c.db")
    key = C.new_key()
    store.put(key, "pg", b"work")
    assert (tmp_path / "c.db").stat().st_mode & 0o077 == 0
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    assert key.encode() not in raw


def test_a_dead_redis_is_a_store_error_quickly():
    from tests.browser.support import free_port

    store = C.RedisStore(f"redis://127.0.0.1:{free_port()}/0", 60)
    start = time.monotonic()
    with pytest.raises(C.StoreError):
        store.put(C.new_key(), "pg", b"x")
    assert time.monotonic() - start < 5


def test_a_housing_session_round_trips(tmp_path):
    from engine.housing import load_housing_frame
    from playground.housing_view import housing_data_maker

    make = housing_data_maker(load_housing_frame())
    setup = default_setup("regression").replace(housing_samples=2000, features=["median_income"])
    a = Session(setup, make_data=make)
    a.step(3)
    b = C.session_from_bytes(C.session_to_bytes(a),
                             lambda s: Session(s, make_data=make), task="regression")
    assert b.epoch == 3
    assert b.setup == a.setup
    np.testing.assert_array_equal(b.network.params["W1"], a.network.params["W1"])


def test_an_unusable_sqlite_folder_is_a_store_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(C.StoreError, match="cannot use"):
        C.SQLiteStore(blocker / "sub" / "c.db")


def test_an_optimizer_refuses_a_memory_that_does_not_fit_and_keeps_its_own():
    from engine.optimizers import get_optimizer

    params = {"W1": np.ones((3, 2)), "b1": np.zeros((3, 1))}
    adam = get_optimizer("adam", 0.01)
    adam.step(params, {"dW1": np.ones((3, 2)), "db1": np.ones((3, 1))})
    counters, arrays = adam.get_state()
    assert counters == {"t": 1}
    assert sorted(arrays) == ["s.W1", "s.b1", "v.W1", "v.b1"]
    with pytest.raises(ValueError, match="does not fit"):
        adam.set_state(counters, {**arrays, "v.W1": np.ones((2, 3))}, params)
    with pytest.raises(ValueError, match="no memory"):
        adam.set_state(counters, {"m.W1": np.ones((3, 2))}, params)
    assert adam.t == 1
    np.testing.assert_array_equal(adam.v["W1"], arrays["v.W1"])


def _uploaded_session(m: int = 120, seed: int = 4) -> Session:
    from playground.state import PlaneData, Uploaded

    rng = np.random.default_rng(seed)
    X = rng.normal(size=(2, m)) * [[3.0], [50.0]] + [[10.0], [-200.0]]  # a file's own units
    Y = (X[0:1] - 10.0 > 0).astype(float)
    session = Session(Setup().replace(dataset="upload", hidden_units=[4]),
                      make_data=PlaneData())
    session.use_upload(Uploaded(X, Y, "marks.csv", ("hours", "score", "passed"), "120 rows"))
    return session


def _with_upload(setup, uploaded=None):
    from playground.state import PlaneData

    return Session(setup, make_data=PlaneData(uploaded))


def test_work_on_an_uploaded_file_is_restored_with_the_file_and_trains_on_alike():
    a = _uploaded_session()
    a.step(9)
    b = C.session_from_bytes(C.session_to_bytes(a), _with_upload, task="classification")
    assert b.uploaded is not None
    assert b.uploaded.filename == "marks.csv"
    assert b.uploaded.columns == ("hours", "score", "passed")
    np.testing.assert_array_equal(b.data.X_train, a.data.X_train)
    np.testing.assert_array_equal(b.data.Y_test, a.data.Y_test)
    a.step(6)
    b.step(6)
    for k, v in a.network.params.items():
        np.testing.assert_array_equal(b.network.params[k], v)
    assert b.trainer.history == a.trainer.history


def test_a_too_big_or_unused_file_is_not_carried_and_a_tampered_one_is_refused(monkeypatch):
    a = _uploaded_session()
    monkeypatch.setattr(C, "MAX_UPLOAD_EXAMPLES", 100)
    assert C.upload_in_use(a) is None               # 120 examples > 100: not checkpointed
    monkeypatch.setattr(C, "MAX_UPLOAD_EXAMPLES", 20_000)
    assert C.upload_in_use(a) is a.uploaded
    a.apply(a.setup.replace(dataset="moons"))        # kept for later, not trained on
    assert C.upload_in_use(a) is None
    assert "upload.npz" not in zipfile.ZipFile(io.BytesIO(C.session_to_bytes(a))).namelist()

    blob = C.session_to_bytes(_uploaded_session())
    for name, change in (("Y", lambda Y: Y + 2.0), ("X", lambda X: X * np.nan),
                         ("X", lambda X: X[:1])):
        with zipfile.ZipFile(io.BytesIO(blob)) as zin:
            parts = {i.filename: zin.read(i) for i in zin.infolist()}
        arrays = dict(np.load(io.BytesIO(parts["upload.npz"])))
        arrays[name] = change(arrays[name])
        buf = io.BytesIO()
        np.savez(buf, **arrays)
        parts["upload.npz"] = buf.getvalue()
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as zout:
            for k, v in parts.items():
                zout.writestr(k, v)
        with pytest.raises(ValueError, match="saved file"):
            C.session_from_bytes(out.getvalue(), _with_upload, task="classification")
