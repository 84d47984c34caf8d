#!/bin/sh
# Starts the organizer on this PC: the office server (built-in SQLite database) and the window, logged in.
#   sh installers/run.sh                 only this PC can connect (127.0.0.1): a safe first try
#   sh installers/run.sh --lan           the whole office can connect; the server announces itself
#   sh installers/run.sh --server-only   run just the server (for the office server PC), no window
#   sh installers/run.sh --client        just the window, for a colleague's PC (it finds the office server)
#   options: --data DIR (server data folder), --port N (default 7755)
# The steps after the install are installers/launch.py, shared with run.bat.
set -e
. "$(dirname "$0")/common.sh"
case " $* " in *" -h "*|*" --help "*) sed -n '2,8p' "$0"; exit 0 ;; esac
ensure_system_libs
ensure_venv ""
exec "$PY" "$ROOT/installers/launch.py" "$@"
