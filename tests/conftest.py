"""Settings for the whole test run."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

# The app's checkpoints (playground.checkpoints) go to a file of this run, never into the
# user's data directory; servers started by the tests inherit it. A test that needs its own
# store sets NN_PLAYGROUND_CHECKPOINTS for the server it starts.
_folder = tempfile.mkdtemp(prefix="nn-playground-test-checkpoints-")
atexit.register(shutil.rmtree, _folder, ignore_errors=True)
os.environ.setdefault("NN_PLAYGROUND_CHECKPOINTS", f"sqlite://{_folder}/checkpoints.sqlite3")
