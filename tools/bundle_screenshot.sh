#!/usr/bin/env bash
# Start a built bundle as an officer would (no command: the window, first start with the
# demo) on a fresh database and user profile, under Xvfb with no network, and save a
# picture of the screen.
#
#   bash tools/bundle_screenshot.sh dist/coalition-desk/coalition-desk OUT.png
#
# Needs xvfb-run; uses the Python that runs this script (with PySide6) to grab the screen.
set -euo pipefail

if [ "${1:-}" = "--inside-xvfb" ]; then
  executable=$2 output=$3 scratch=$4
  netns=()
  if unshare --net true 2>/dev/null; then netns=(unshare --net); fi
  env -u PYTHONPATH -u QT_QPA_PLATFORM HOME="$scratch/home" \
      XDG_CONFIG_HOME="$scratch/home/config" XDG_DATA_HOME="$scratch/home/data" \
      COALITION_DESK_DB="$scratch/fresh.sqlite3" \
      "${netns[@]}" "$executable" >"$scratch/app.log" 2>&1 &
  app=$!
  status=0
  python3 "$(dirname "$0")/grab_screen.py" "$output" || status=$?
  kill "$app" 2>/dev/null || true
  wait "$app" 2>/dev/null || true
  if [ -s "$scratch/app.log" ]; then echo "--- the application said:"; cat "$scratch/app.log"; fi
  exit $status
fi

executable=$(realpath "$1")
output=$(realpath -m "$2")
scratch=$(mktemp -d)
mkdir -p "$scratch/home/config" "$scratch/home/data"
trap 'rm -rf "$scratch"' EXIT
xvfb-run -a -s "-screen 0 1600x1000x24" bash "$0" --inside-xvfb "$executable" "$output" "$scratch"
