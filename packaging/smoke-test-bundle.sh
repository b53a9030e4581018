#!/usr/bin/env bash
# Run a built bundle as a user would: --version, then --self-test offscreen.
set -euo pipefail
bundle="${1:-dist/mct-desktop/mct-desktop}"
"$bundle" --version
QT_QPA_PLATFORM=offscreen "$bundle" --self-test
