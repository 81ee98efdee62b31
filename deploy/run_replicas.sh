#!/usr/bin/env bash
# Start, stop or list N copies ("replicas") of the playground, each its own Streamlit process
# on 127.0.0.1, ports BASE_PORT, BASE_PORT+1, ...; nginx (deploy/nginx/) spreads the class
# over them. Each replica is stopped by the process id recorded when it started.
#
#   deploy/run_replicas.sh start 4          # 4 replicas on 127.0.0.1:8501..8504
#   deploy/run_replicas.sh status
#   deploy/run_replicas.sh stop
#
# Environment: BASE_PORT (8501), ADDRESS (127.0.0.1; a private-network address when nginx runs
# on another machine), RUN_DIR (./.replicas: pid files and logs), PYTHON (python3).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BASE_PORT="${BASE_PORT:-8501}"
ADDRESS="${ADDRESS:-127.0.0.1}"
RUN_DIR="${RUN_DIR:-$ROOT/.replicas}"
PYTHON="${PYTHON:-python3}"

usage() {
    echo "usage: $0 start N | stop | status   (env: BASE_PORT, ADDRESS, RUN_DIR, PYTHON)" >&2
    exit 2
}

is_running() {  # is_running PIDFILE
    [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

start() {
    local n="$1"
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "N must be a positive number, got '$n'" >&2; exit 2; }
    mkdir -p "$RUN_DIR"
    chmod 700 "$RUN_DIR"
    # One cookie secret shared by every replica (Streamlit signs its cookies with it).
    local secret_file="$RUN_DIR/cookie_secret"
    if [ ! -s "$secret_file" ]; then
        (umask 077 && "$PYTHON" -c "import secrets; print(secrets.token_hex(32))" >"$secret_file")
    fi
    STREAMLIT_SERVER_COOKIE_SECRET="$(cat "$secret_file")"
    export STREAMLIT_SERVER_COOKIE_SECRET

    for ((i = 0; i < n; i++)); do
        local port=$((BASE_PORT + i))
        local pidfile="$RUN_DIR/replica-$port.pid"
        if is_running "$pidfile"; then
            echo "replica on $ADDRESS:$port is already running (pid $(cat "$pidfile"))"
            continue
        fi
        # setsid: the replica leads its own process group, so stop ends it and its children.
        ( cd "$ROOT" && PYTHONPATH="$ROOT" exec setsid "$PYTHON" -m streamlit run playground/app.py \
            --server.address "$ADDRESS" \
            --server.port "$port" \
            --server.headless true \
            --server.fileWatcherType none \
            --browser.gatherUsageStats false \
            >"$RUN_DIR/replica-$port.log" 2>&1 ) &
        echo $! >"$pidfile"
        echo "started replica on $ADDRESS:$port (pid $!)"
    done

    # Wait until each replica answers its health check.
    for ((i = 0; i < n; i++)); do
        local port=$((BASE_PORT + i))
        local ok=""
        for _ in $(seq 1 150); do
            if "$PYTHON" - "$ADDRESS" "$port" <<'EOF' 2>/dev/null; then ok=1; break; fi
import sys, urllib.request
url = f"http://{sys.argv[1]}:{sys.argv[2]}/_stcore/health"
with urllib.request.urlopen(url, timeout=2) as r:
    sys.exit(0 if r.read().strip() == b"ok" else 1)
EOF
            sleep 0.2
        done
        if [ -z "$ok" ]; then
            echo "replica on $ADDRESS:$port did not answer; see $RUN_DIR/replica-$port.log" >&2
            exit 1
        fi
    done
    echo "$n replica(s) ready. Render nginx's site with:"
    echo "  $PYTHON -m deploy.nginx.render --replicas $n --base-port $BASE_PORT --host $ADDRESS"
}

stop() {
    shopt -s nullglob
    for pidfile in "$RUN_DIR"/replica-*.pid; do
        local pid
        pid="$(cat "$pidfile")"
        if kill -0 "$pid" 2>/dev/null; then
            kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid"
            for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
            if kill -0 "$pid" 2>/dev/null; then kill -KILL -- "-$pid" 2>/dev/null || true; fi
            echo "stopped $(basename "$pidfile" .pid) (pid $pid)"
        fi
        rm -f "$pidfile"
    done
}

status() {
    shopt -s nullglob
    local any=""
    for pidfile in "$RUN_DIR"/replica-*.pid; do
        any=1
        local name
        name="$(basename "$pidfile" .pid)"
        if is_running "$pidfile"; then
            echo "$name: running (pid $(cat "$pidfile"))"
        else
            echo "$name: not running"
        fi
    done
    [ -n "$any" ] || echo "no replicas started from $RUN_DIR"
}

case "${1:-}" in
    start) [ $# -eq 2 ] || usage; start "$2" ;;
    stop) stop ;;
    status) status ;;
    *) usage ;;
esac
