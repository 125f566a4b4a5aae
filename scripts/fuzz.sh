#!/usr/bin/env bash
# Fuzzes the scenario loader with libFuzzer (clang, AddressSanitizer + UBSan) for SECONDS (default 600):
#   bash scripts/fuzz.sh [SECONDS]
# Builds in build/fuzz, fuzzes a working copy of tests/fuzz/corpus (new inputs stay in build/fuzz/corpus) and
# writes any crashing input to build/fuzz/artifacts/. Exits non-zero on a crash or a sanitizer report.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

seconds="${1:-600}"
NEUROAI_PACKAGES+=(clang)
neuroai_install_packages
dir="$NEUROAI_ROOT/build/fuzz"
CC=clang CXX=clang++ neuroai_build "$dir" -DNEUROAI_FUZZ=ON -DNEUROAI_BUILD_GUI=OFF -DNEUROAI_BUILD_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -- fuzz_scenario
mkdir -p "$dir/corpus" "$dir/artifacts"
cp -n "$NEUROAI_ROOT"/tests/fuzz/corpus/* "$dir/corpus/"
neuroai_log "fuzzing the scenario loader for $seconds s"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
"$dir/bin/fuzz_scenario" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -dict="$NEUROAI_ROOT/tests/fuzz/scenario.dict" -artifact_prefix="$dir/artifacts/" -print_final_stats=1 \
  "$dir/corpus"
