"""What a checkpoint costs (playground.checkpoints): its size, the time to build it from a
Session and to read it back, and one write to SQLite and to a real redis-server.

    python benchmarks/checkpoint_cost.py

Two setups: the default page (2-4-1) and the largest network the UI allows (8 x 64 ReLU,
Adam), each with a history long enough to be thinned (40,000 rows kept as 4,000). The live
loop pays to_bytes + put once every NN_PLAYGROUND_CHECKPOINT_EVERY seconds (2) while playing.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playground import checkpoints as C
from playground.fields import Setup
from playground.state import Session
from tests.deploy.services import running_redis


def best_ms(fn, repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1000 * min(times)


def main() -> None:
    setups = {
        "default 2-4-1 gd": Setup(),
        "8 x 64 relu adam": Setup().replace(hidden_units=[64] * 8, activations=["relu"] * 8,
                                            optimizer="adam", learning_rate=0.01),
    }
    with tempfile.TemporaryDirectory() as folder, running_redis(Path(folder)) as url:
        sqlite, redis = C.SQLiteStore(Path(folder) / "c.db"), C.RedisStore(url)
        key = C.new_key()
        for name, setup in setups.items():
            session = Session(setup)
            session.step(1)
            history = session.trainer.history
            for k in history:
                history[k] = history[k] * 40_000
            blob = C.session_to_bytes(session)
            print(f"{name}: {len(blob) / 1024:.0f} kB, "
                  f"to_bytes {best_ms(lambda s=session: C.session_to_bytes(s)):.1f} ms, "
                  f"from_bytes {best_ms(lambda b=blob: C.session_from_bytes(b, Session, 'classification')):.1f} ms, "  # noqa: E501
                  f"SQLite put {best_ms(lambda b=blob: sqlite.put(key, 'pg', b)):.1f} ms, "
                  f"Redis put {best_ms(lambda b=blob: redis.put(key, 'pg', b)):.1f} ms")


if __name__ == "__main__":
    main()
