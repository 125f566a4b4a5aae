# Shared by run.sh and test.sh: install the Debian packages the project needs (once), then configure and build.
# Source it; do not run it.

set -euo pipefail

NEUROAI_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Debian 12 / Ubuntu package names. libqt6opengl6-dev: Qt Charts' CMake config needs it although nothing says so.
# qt6-qpa-plugins: the xcb and offscreen platforms (only "recommended" by libqt6gui6, so not always present).
# poppler-utils: pdftoppm, pdftotext and pdfinfo, with which the export tests check PDFs the way readers see them.
# lld: a faster linker for the ~70 test programs (CMake falls back to gold or ld without it; build time only).
# python3-brian, python3-pynn: tst_networkcli runs the scripts `neuroai-sim export-script` writes under Brian2 2.5 and
# PyNN 0.10 (whose Brian2 back-end works with Debian 12's Brian2); python3-pynn brings NEURON and Open MPI along.
NEUROAI_PACKAGES=(g++ cmake ninja-build pkg-config qt6-base-dev qt6-charts-dev qt6-svg-dev libqt6opengl6-dev
  qt6-qpa-plugins libxkbcommon-dev libeigen3-dev libspdlog-dev libgif-dev lld xvfb xauth fonts-dejavu-core poppler-utils
  python3-brian python3-pynn)

neuroai_log() { printf '\033[1m==> [%s, %d s] %s\033[0m\n' "$(date -u +%H:%M:%S)" "$SECONDS" "$*" >&2; }

neuroai_install_packages() {
  local missing=()
  for package in "${NEUROAI_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$package")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    neuroai_log "all ${#NEUROAI_PACKAGES[@]} Debian packages are installed"
    return
  fi
  if ! command -v apt-get >/dev/null; then
    echo "error: missing packages (${missing[*]}) and no apt-get: install them with your package manager" >&2
    exit 1
  fi
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    neuroai_log "installing ${missing[*]} with sudo (you may be asked for your password)"
    sudo=(sudo)
  else
    neuroai_log "installing ${missing[*]}"
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# neuroai_build DIR [cmake options...] [-- ninja targets...]
neuroai_build() {
  local dir="$1"; shift
  local options=() targets=()
  while [ $# -gt 0 ]; do
    if [ "$1" = "--" ]; then shift; targets=("$@"); break; fi
    options+=("$1"); shift
  done
  neuroai_log "configuring $dir ${options[*]}"
  cmake -S "$NEUROAI_ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "${options[@]}" >/dev/null
  neuroai_log "building $dir ${targets[*]}"
  cmake --build "$dir" --parallel "$(nproc)" ${targets[@]+--target "${targets[@]}"}
}
