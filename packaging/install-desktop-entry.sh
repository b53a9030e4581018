#!/usr/bin/env bash
# Add MCT Desktop to the desktop's application menu for this user (no root needed).
#   bash packaging/install-desktop-entry.sh            # Exec=mct-desktop (pipx, venv on PATH)
#   bash packaging/install-desktop-entry.sh /opt/mct-desktop/mct-desktop   # a bundle
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
exec_path="${1:-mct-desktop}"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
mkdir -p "$data/applications"
sed "s|^Exec=.*|Exec=$exec_path|" "$here/resources/mct-desktop.desktop" \
  > "$data/applications/mct-desktop.desktop"
for png in "$here"/resources/icons/mct-desktop-*.png; do
  size="$(basename "$png" .png)"; size="${size##*-}"
  mkdir -p "$data/icons/hicolor/${size}x${size}/apps"
  cp "$png" "$data/icons/hicolor/${size}x${size}/apps/mct-desktop.png"
done
mkdir -p "$data/icons/hicolor/scalable/apps"
cp "$here/resources/icons/mct-desktop.svg" "$data/icons/hicolor/scalable/apps/mct-desktop.svg"
command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q "$data/icons/hicolor" || true
echo "Installed $data/applications/mct-desktop.desktop (Exec=$exec_path) and its icons."
