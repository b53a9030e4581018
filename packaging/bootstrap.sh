#!/usr/bin/env bash
# Set up everything MCT Desktop needs on Debian/Ubuntu, then run it or its tests.
#   bash packaging/bootstrap.sh demo   # the app against the bundled demo portal
#   bash packaging/bootstrap.sh test   # the whole test suite (real QtWebEngine, real keyring)
#   bash packaging/bootstrap.sh bench  # the benchmarks (benchmarks/README.md)
#   bash packaging/bootstrap.sh setup  # only install
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-setup}"; shift || true

# System libraries: Qt's xcb platform plugin and QtWebEngine (Chromium), Xvfb for headless
# windows, gnome-keyring + dbus for a real Secret Service.
DEB_PACKAGES=(
  python3-venv xvfb xauth dbus dbus-x11 gnome-keyring
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0
  libxkbcommon0 libnss3 libegl1 libgl1 libfontconfig1 libdbus-1-3 libxcomposite1
  libxdamage1 libxrandr2 libxtst6 libxkbfile1 libasound2 fonts-dejavu-core
  chromium  # the user's-own-browser sign-in is tested against a real Chromium
)

install_system_packages() {
  local missing=()
  for pkg in "${DEB_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

install_python_packages() {
  local python="${PYTHON:-python3.11}"
  command -v "$python" >/dev/null || python=python3
  [ -x .venv/bin/python ] || "$python" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[dev]"
  # An editable install compiles nothing, and where PYTHONDONTWRITEBYTECODE is set (CI,
  # sandboxes) every command would compile the app's modules again: 15 ms of each
  # `mct-desktop token`. Compile them once, as installing a wheel does.
  .venv/bin/python -m compileall -q "$PWD/mct_desktop"
}

# Run a command inside a private D-Bus session with an unlocked gnome-keyring whose files
# live in a temporary folder: tests never touch the developer's own keychain.
with_test_keyring() {
  local keyring_home
  keyring_home="$(mktemp -d)"
  trap 'rm -rf "$keyring_home"' RETURN
  XDG_DATA_HOME="$keyring_home" dbus-run-session -- bash -c '
    echo -n "mct-desktop-tests" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    exec "$@"' _ "$@"
}

install_system_packages
install_python_packages

case "$mode" in
  setup) ;;
  demo)
    if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
      echo "No display: running under Xvfb (screenshots only). Use a desktop session to interact."
      exec xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/mct-desktop --demo "$@"
    fi
    exec .venv/bin/mct-desktop --demo "$@" ;;
  test)
    .venv/bin/ruff check .
    .venv/bin/ruff format --check .
    .venv/bin/mypy
    export MCT_TEST_SECRET_SERVICE=1
    with_test_keyring xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python -m pytest "$@"
    # The packages users install: a wheel that carries its data, a bundle that starts.
    bash packaging/check-wheel.sh
    [ -n "${MCT_SKIP_BUNDLE:-}" ] || bash packaging/build-bundle.sh ;;
  bench)
    MCT_BENCH_REAL_KEYRING=1 with_test_keyring .venv/bin/python -m benchmarks "$@" ;;
  *) echo "usage: $0 setup|demo|test|bench [args]" >&2; exit 2 ;;
esac
