#!/bin/sh
# Builds the two programs for Linux with PyInstaller into build/linux/dist/Organizer (Organizer, OrganizerServer):
# one folder to copy to a PC that has no Python. Usage: sh installers/build-linux.sh
set -eu
. "$(dirname "$0")/common.sh"
ensure_venv "[test]"
"$PY" -m pip install -q -c "$ROOT/installers/windows/constraints.txt" pyinstaller 2>&1 | grep -v "is ignored" || true
ORGANIZER_ROOT="$ROOT" "$PY" -m PyInstaller --noconfirm --log-level WARN --distpath "$ROOT/build/linux/dist" \
    --workpath "$ROOT/build/linux/work" "$ROOT/installers/pyinstaller/organizer.spec"
echo "folder: $ROOT/build/linux/dist/Organizer ($(du -sh "$ROOT/build/linux/dist/Organizer" | cut -f1))"
