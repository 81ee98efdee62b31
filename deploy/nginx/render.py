"""Render the nginx site (``playground.conf``) for N app replicas, or a self-contained nginx.conf.

``site_config`` rewrites only the upstream's server lines (and the same list in the map of
replica cookies), the listen line and the access log
of the checked-in ``playground.conf``, so what a teacher reads is what runs.
``standalone_config`` wraps a site into a complete nginx.conf whose pid file, logs and
temporary files all live under one prefix directory: the benchmark and the tests start such an
nginx as an ordinary process, next to (never touching) the system's nginx.

    python -m deploy.nginx.render --replicas 4 --base-port 8501 --listen 80 > playground.conf
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "playground.conf"
BEGIN, END = "# replicas: begin", "# replicas: end"
PINS_BEGIN, PINS_END = "# pins: begin", "# pins: end"


def _fill(text: str, begin: str, end: str, lines: str) -> str:
    # Replace what stands between the two marker lines.
    start, stop = text.index(begin), text.index(end)
    return text[: start + len(begin)] + "\n" + lines + " " * 4 + text[stop:]


def replica_ports(replicas: int, base_port: int = 8501) -> list[int]:
    """The ports of ``replicas`` app processes: base_port, base_port + 1, ..."""
    if replicas < 1:
        raise ValueError(f"Need at least one replica, got {replicas}.")
    return [base_port + i for i in range(replicas)]


def site_config(
    ports: Sequence[int],
    listen: str = "80",
    host: str = "127.0.0.1",
    access_log: str | None = None,
) -> str:
    """The site file with one upstream server per port (each replica on ``host:port``).

    ``listen`` is nginx's listen argument ("80", "127.0.0.1:8080"); ``access_log`` replaces
    the log path (None keeps /var/log/nginx/playground.access.log).
    """
    if not ports:
        raise ValueError("Need at least one replica port.")
    text = TEMPLATE.read_text()
    indent = " " * 4
    addresses = [f"{host}:{int(p)}" for p in ports]
    text = _fill(text, BEGIN, END, "".join(f"{indent}server {a};\n" for a in addresses))
    # The cookie that names a replica sends the browser straight to it (only these names).
    text = _fill(text, PINS_BEGIN, PINS_END,
                 "".join(f'{indent}"{a}" {a};\n' for a in addresses))
    text, n = re.subn(r"^(\s*)listen \S+;", rf"\g<1>listen {listen};", text, flags=re.M)
    if n != 1:
        raise RuntimeError("playground.conf must have exactly one listen line")
    if access_log is not None:
        text = re.sub(r"access_log \S+ nnpg;", f"access_log {access_log} nnpg;", text)
    return text


def standalone_config(site: str, prefix: Path, user: str | None = None) -> str:
    """A complete nginx.conf around ``site`` keeping every file under ``prefix``.

    Start it with ``nginx -p PREFIX -c PREFIX/nginx.conf``. ``daemon off`` keeps nginx in
    the foreground so the caller owns its process id and stops it by that id.
    """
    prefix = Path(prefix)
    names = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    temp = {name: prefix / "temp" / name for name in names}
    for path in temp.values():
        path.mkdir(parents=True, exist_ok=True)
    user_line = f"user {user};\n" if user else ""
    return (
        f"{user_line}"
        "daemon off;\n"
        "worker_processes 1;\n"
        f"pid {prefix / 'nginx.pid'};\n"
        f"error_log {prefix / 'error.log'} warn;\n"
        "events { worker_connections 2048; }\n"
        "http {\n"
        f"    client_body_temp_path {temp['client_body']};\n"
        f"    proxy_temp_path {temp['proxy']};\n"
        f"    fastcgi_temp_path {temp['fastcgi']};\n"
        f"    uwsgi_temp_path {temp['uwsgi']};\n"
        f"    scgi_temp_path {temp['scgi']};\n"
        + "".join(f"    {line}\n" if line else "\n" for line in site.splitlines())
        + "}\n"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=4, help="app processes (default 4)")
    parser.add_argument("--base-port", type=int, default=8501, help="first replica's port")
    parser.add_argument("--host", default="127.0.0.1", help="the replicas' address")
    parser.add_argument("--listen", default="80", help='nginx listen: "80", "127.0.0.1:8080"')
    args = parser.parse_args(argv)
    ports = replica_ports(args.replicas, args.base_port)
    print(site_config(ports, listen=args.listen, host=args.host), end="")


if __name__ == "__main__":
    main()
