#!/usr/bin/env bash
# Installs what is missing, builds in Release and launches NeuroAI Explorer. Arguments go to the app,
# e.g. scripts/run.sh --chapter foundations --preset refractory
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

neuroai_install_packages
neuroai_build "$NEUROAI_ROOT/build/release" -DNEUROAI_BUILD_TESTS=OFF
app="$NEUROAI_ROOT/build/release/bin/neuroai-explorer"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  neuroai_log "no display found: starting the app inside xvfb-run (use --screenshot FILE.png to see it)"
  exec xvfb-run -a -s '-screen 0 1600x1000x24' "$app" "$@"
fi
exec "$app" "$@"
