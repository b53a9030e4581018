#!/usr/bin/env bash
# Build the self-contained one-folder bundle into dist/mct-desktop/ and smoke-test it.
#   bash packaging/build-bundle.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || bash packaging/bootstrap.sh setup
.venv/bin/python -m pip install -q "pyinstaller>=6.10"
.venv/bin/pyinstaller packaging/mct-desktop.spec --noconfirm --clean \
  --distpath dist --workpath build/pyinstaller
bash packaging/smoke-test-bundle.sh dist/mct-desktop/mct-desktop
echo "Bundle: dist/mct-desktop/ ($(du -sh dist/mct-desktop | cut -f1))"
