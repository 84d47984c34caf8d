#!/bin/sh
# Starts the organizer on this PC: the office server (built-in SQLite database) and the window, logged in.
#   sh installers/run.sh                 only this PC can connect (127.0.0.1): a safe first try
#   sh installers/run.sh --lan           the whole office can connect; the server announces itself
#   sh installers/run.sh --server-only   run just the server (for the office server PC), no window
#   sh installers/run.sh --client        just the window, for a colleague's PC (it finds the office server)
#   options: --data DIR (server data folder), --port N (default 7755)
set -e
. "$(dirname "$0")/common.sh"

LAN=0
WINDOW=1
CLIENT_ONLY=0
PORT=7755
DATA=""
while [ $# -gt 0 ]; do
    case "$1" in
        --lan) LAN=1 ;;
        --server-only) WINDOW=0 ;;
        --client) CLIENT_ONLY=1 ;;
        --data) DATA="$2"; shift ;;
        --port) PORT="$2"; shift ;;
        -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
        *) echo "unknown option: $1 (see sh installers/run.sh --help)" >&2; exit 2 ;;
    esac
    shift
done

ensure_system_libs
ensure_venv ""

if [ "$CLIENT_ONLY" = 1 ]; then
    exec "$PY" -m client
fi

if [ -z "$DATA" ]; then
    DATA=$("$PY" -c "import platformdirs; print(platformdirs.user_data_dir('lan-organizer', appauthor=False))")/server
fi

FIRST=0
if [ ! -f "$DATA/server.json" ]; then
    FIRST=1
    PASSWORD=$("$PY" -c "import secrets, string; a = string.ascii_letters + string.digits; print('Adm' + ''.join(secrets.choice(a) for _ in range(9)) + '7')")
    "$PY" -m lan_server init "$DATA" --admin-password "$PASSWORD" >/dev/null
    echo "============================================================"
    echo " The office server was created in: $DATA"
    echo " Administrator login:  admin"
    echo " Administrator password: $PASSWORD"
    echo " Write the password down now: it is shown only this once."
    echo "============================================================"
fi

if [ "$LAN" = 1 ]; then
    SERVE_ARGS="--port $PORT"
else
    SERVE_ARGS="--host 127.0.0.1 --port $PORT --no-discovery"
fi

if [ "$WINDOW" = 0 ]; then
    echo "Starting the server (Ctrl+C stops it) ..."
    # shellcheck disable=SC2086
    exec "$PY" -m lan_server serve "$DATA" $SERVE_ARGS
fi

LOG="$DATA/server.log"
# shellcheck disable=SC2086
"$PY" -m lan_server serve "$DATA" $SERVE_ARGS >"$LOG" 2>&1 &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null' EXIT INT TERM
i=0
until grep -q "^listening on" "$LOG" 2>/dev/null; do
    i=$((i + 1))
    if [ $i -gt 100 ] || ! kill -0 $SERVER_PID 2>/dev/null; then
        echo "error: the server did not start; its log says:" >&2
        cat "$LOG" >&2
        exit 1
    fi
    sleep 0.2
done
grep "^listening on\|^fingerprint" "$LOG"
LISTEN=$(grep "^listening on" "$LOG" | head -n 1)
CONNECT="127.0.0.1:${LISTEN##*:}"  # this PC always reaches its own server on 127.0.0.1
if [ "$LAN" = 1 ]; then
    echo "Colleagues: start the organizer on your PC and pick this server from the list,"
    echo "or type this PC's network address with port $PORT."
fi

if [ "$FIRST" = 1 ]; then
    "$PY" -m client login "$CONNECT" --user admin --password "$PASSWORD" >/dev/null
fi
"$PY" -m client
