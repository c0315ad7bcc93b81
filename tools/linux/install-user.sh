#!/usr/bin/env bash
# Install (or update) Coalition Desk for the current user, no root needed:
#   bash install-user.sh [coalition-desk-VERSION-linux-x86_64.tar.gz | unpacked coalition-desk/]
# The program goes to ~/.local/opt/coalition-desk, a launcher to ~/.local/bin, the menu
# entry and icons to ~/.local/share. Run it from the unpacked archive's folder.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source=${1:-$here/coalition-desk}
prefix=${PREFIX:-$HOME/.local}
target=$prefix/opt/coalition-desk

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
if [ -f "$source" ]; then
  tar -xzf "$source" -C "$scratch"
  source=$(find "$scratch" -maxdepth 2 -type f -name coalition-desk -perm -u+x -printf '%h\n' | head -1)
fi
[ -x "$source/coalition-desk" ] || { echo "no coalition-desk program in $source" >&2; exit 2; }

# A full copy beside the old one, switched in at the end: an interrupted update leaves
# the installed version working.
mkdir -p "$prefix/opt" "$prefix/bin" "$prefix/share/applications"
rm -rf "$target.new"
cp -a "$source" "$target.new"
"$target.new/coalition-desk" --selftest >/dev/null || { echo "the new copy failed its selftest; nothing was changed" >&2; rm -rf "$target.new"; exit 1; }
rm -rf "$target.old"
[ -d "$target" ] && mv "$target" "$target.old"
mv "$target.new" "$target"
rm -rf "$target.old"

ln -sf "$target/coalition-desk" "$prefix/bin/coalition-desk"
icons=$target/_internal/resources/icons
for size in 16 24 32 48 64 128 256 512; do
  mkdir -p "$prefix/share/icons/hicolor/${size}x${size}/apps"
  cp "$icons/coalition-desk-$size.png" "$prefix/share/icons/hicolor/${size}x${size}/apps/coalition-desk.png"
done
mkdir -p "$prefix/share/icons/hicolor/scalable/apps"
cp "$icons/coalition-desk.svg" "$prefix/share/icons/hicolor/scalable/apps/coalition-desk.svg"
sed "s|^Exec=.*|Exec=$target/coalition-desk|" "$here/coalition-desk.desktop" \
  > "$prefix/share/applications/coalition-desk.desktop"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$prefix/share/applications" || true
echo "Coalition Desk installed in $target ($("$target/coalition-desk" --version))."
