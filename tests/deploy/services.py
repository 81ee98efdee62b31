"""Real servers for the tests: Debian's redis-server and nginx, each started on 127.0.0.1 in a
temporary folder and stopped by its process id (never the system's own instances)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from deploy.nginx.render import site_config, standalone_config
from tests.browser.support import free_port, stop_process

REDIS = "/usr/bin/redis-server"
NGINX = "/usr/sbin/nginx"


def _require(path: str, package: str) -> None:
    if not os.access(path, os.X_OK):
        raise RuntimeError(f"{path} is missing: install Debian's {package} (scripts/test.sh does)")


def _redis_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@contextlib.contextmanager
def running_redis(folder: Path) -> Iterator[str]:
    """redis-server on a free 127.0.0.1 port, nothing written to disk; yields its URL."""
    _require(REDIS, "redis-server")
    port = free_port()
    proc = subprocess.Popen(
        [REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(folder), "--protected-mode", "yes"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 10
        while not _redis_ping(port):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop_process(proc)


def write_nginx_conf(folder: Path, ports: list[int], listen: str) -> Path:
    """A self-contained nginx.conf in ``folder`` for the replicas on ``ports``."""
    folder.chmod(0o755)  # nginx's workers (user nobody under root) must reach temp/
    site = site_config(ports, listen=listen, access_log=str(folder / "access.log"))
    conf = folder / "nginx.conf"
    conf.write_text(standalone_config(site, folder))
    return conf


@contextlib.contextmanager
def running_nginx(folder: Path, ports: list[int]) -> Iterator[str]:
    """Debian's nginx on a free 127.0.0.1 port in front of ``ports``; yields its URL once it
    answers (any HTTP status: the replicas may not be up yet)."""
    _require(NGINX, "nginx")
    port = free_port()
    conf = write_nginx_conf(folder, ports, f"127.0.0.1:{port}")
    proc = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(conf)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=2).close()
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log = folder / "error.log"
                    err = log.read_text() if log.exists() else ""
                    raise RuntimeError(f"nginx did not start:\n{err}") from None
                time.sleep(0.05)
        yield url
    finally:
        stop_process(proc)
