# Sourced by status.sh: writes the large board's journals in their on-disk
# formats (locks, workers, decisions), as fast as awk can print them.
# shellcheck shell=bash

make_large_board() {
  local board="$1"
  : "${board:?}"
}
