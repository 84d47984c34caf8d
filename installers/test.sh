#!/bin/sh
# Runs the whole test suite; arguments go to pytest (e.g. `sh installers/test.sh -m benchmark -s`).
set -e
. "$(dirname "$0")/common.sh"
ensure_system_libs "$TEST_DEBS"
ensure_test_browser
ensure_venv "[test]"
cd "$ROOT"
export QT_QPA_PLATFORM=offscreen
exec "$PY" -m pytest "$@"
