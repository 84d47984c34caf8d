# Shared by run.sh and test.sh: system libraries for Qt, the virtual environment, the project install.
# POSIX sh; sourced, not run.

ROOT=$(cd "$(dirname "$0")/.." && pwd)
VENV="$ROOT/.venv"
PY="$VENV/bin/python"

# Debian packages Qt needs to start (offscreen and on a desktop); installed only when missing and root.
QT_DEBS="libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0 \
libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 \
libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 fonts-dejavu-core iproute2"

# What the tests need besides: a real X server with a window manager for the window journeys, and a print service
# with a PDF printer (the tests run a private one; the machine's print setup is not touched).
TEST_DEBS="xvfb openbox cups-daemon cups-client cups-filters"

# ensure_system_libs [PACKAGES]: the Qt libraries, and PACKAGES too.
ensure_system_libs() {
    command -v dpkg-query >/dev/null 2>&1 || return 0
    missing=""
    for p in $QT_DEBS $1; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing system libraries:$missing"
        apt-get update -qq >/dev/null 2>&1 || true
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null || \
            echo "warning: could not install$missing; the window may not start" >&2
    else
        echo "note: these system packages seem missing:$missing (ask your administrator to install them)" >&2
    fi
}

# The browser tests drive Debian's Chromium (Playwright's own browser download is not used): installed when
# missing and root, as the system libraries are.
ensure_test_browser() {
    command -v chromium >/dev/null 2>&1 && return 0
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing Chromium for the browser tests ..."
        apt-get update -qq >/dev/null 2>&1 || true
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null || \
            echo "warning: could not install chromium; the browser tests will fail" >&2
    else
        echo "note: chromium is missing (the browser tests need it: apt-get install chromium)" >&2
    fi
}

# ensure_venv EXTRAS: create .venv if missing and (re)install the project when setup.cfg changed.
ensure_venv() {
    extras="$1"
    if [ ! -x "$PY" ]; then
        echo "Creating the Python environment in $VENV ..."
        python3 -m venv "$VENV" || { echo "error: python3 with venv is needed (apt-get install python3-venv)" >&2; exit 1; }
        "$PY" -m pip install -q --upgrade pip >/dev/null 2>&1 || true
    fi
    stamp="$VENV/.installed$extras"
    want=$(cat "$ROOT/setup.cfg" "$ROOT/pyproject.toml" | cksum)
    # An install with the test extras also holds everything the program itself needs.
    if [ -z "$extras" ] && [ -f "$VENV/.installed[test]" ] && [ "$(cat "$VENV/.installed[test]")" = "$want" ]; then
        return 0
    fi
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        echo "Installing the organizer and its libraries (first time takes a few minutes) ..."
        # pip's and setuptools' notes (build warnings) go to a log; a user sees them only when the install fails.
        "$PY" -m pip install -q -e "$ROOT$extras" >"$VENV/install.log" 2>&1 || {
            cat "$VENV/install.log" >&2; echo "error: installing Python packages failed" >&2; exit 1; }
        echo "$want" > "$stamp"
    fi
}
