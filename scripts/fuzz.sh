#!/usr/bin/env bash
# Builds the model-language fuzz target (lexer + parser) with clang's
# libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer, and runs it for
# a bounded time on a corpus seeded from examples/*.nn, the front-end tests
# and the crash regressions in test/Fuzz/regressions/.
#   bash scripts/fuzz.sh [seconds]        (default 60)
# Exit status: 0 if no crash was found; non-zero otherwise, with the input
# that crashed written to build/fuzz/crash-* (add it to
# test/Fuzz/regressions/ once fixed).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN="${1:-60}"

CXX=""
for c in clang++-22 clang++-14 clang++; do
  if command -v "$c" >/dev/null; then CXX="$c"; break; fi
done
if [ -z "$CXX" ]; then
  echo "fuzz: no clang++ found (scripts/setup.sh installs clang-14)" >&2
  exit 1
fi
LLVM_CONFIG=/usr/lib/llvm-22/bin/llvm-config
OUT="${PCC_BUILD_DIR:-build}/fuzz"
mkdir -p "$OUT/corpus"
SRC=(compiler/lib/Frontend/Diagnostics.cpp compiler/lib/Frontend/Lexer.cpp
     compiler/lib/Frontend/Parser.cpp test/Fuzz/frontend-fuzzer.cpp)
# Rebuild when a source is newer than the binary.
if [ ! -x "$OUT/frontend-fuzzer" ] || [ -n "$(find "${SRC[@]}" compiler/include/pcc/Frontend -newer "$OUT/frontend-fuzzer" 2>/dev/null)" ]; then
  echo "fuzz: building $OUT/frontend-fuzzer with $CXX"
  "$CXX" -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined \
    -fno-sanitize-recover=undefined -fno-exceptions -fno-rtti \
    -I compiler/include -isystem "$("$LLVM_CONFIG" --includedir)" \
    "${SRC[@]}" -o "$OUT/frontend-fuzzer" \
    -L"$("$LLVM_CONFIG" --libdir)" -Wl,-rpath,"$("$LLVM_CONFIG" --libdir)" -lLLVM
fi
# The seed corpus: every model file we have.
cp examples/*.nn "$OUT/corpus/" 2>/dev/null || true
find test/Frontend -name '*.nn' -exec cp {} "$OUT/corpus/" \; 2>/dev/null || true
cp test/Fuzz/regressions/* "$OUT/corpus/" 2>/dev/null || true
# Regressions first: each must run clean.
for f in test/Fuzz/regressions/*; do
  [ -f "$f" ] || continue
  "$OUT/frontend-fuzzer" "$f" >/dev/null 2>&1 || {
    echo "fuzz: regression input $f crashes" >&2
    exit 1
  }
done
echo "fuzz: running for ${SECONDS_TO_RUN}s"
"$OUT/frontend-fuzzer" "$OUT/corpus" -max_total_time="$SECONDS_TO_RUN" \
  -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$OUT/" -dict=test/Fuzz/model.dict 2>&1 | tail -15

# The fuzz target covers the lexer and parser. The rest of the front end
# (MLIRGen, type inference, the verifier) sees a sample of the corpus through
# the real driver: every input must give diagnostics or a module, never a
# crash, an assertion or a hang.
PCC="${PCC_BUILD_DIR:-build}/bin/pcc"
if [ -x "$PCC" ]; then
  sample="${PCC_FUZZ_REPLAY:-300}"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  crashes=0
  while IFS= read -r f; do
    cp "$f" "$tmp/input.nn"
    rc=0
    timeout 20 "$PCC" "$tmp/input.nn" --emit=nn >/dev/null 2>"$tmp/err" || rc=$?
    if [ "$rc" -gt 1 ] || grep -q "LLVM ERROR\|Assertion\|Stack dump\|internal error" "$tmp/err"; then
      crashes=$((crashes + 1))
      cp "$f" "$OUT/driver-crash-$crashes.nn"
      echo "fuzz: pcc exits with $rc on $f (copied to $OUT/driver-crash-$crashes.nn):" >&2
      head -5 "$tmp/err" >&2
    fi
  done < <(ls -S "$OUT/corpus" | head -n "$sample" | sed "s|^|$OUT/corpus/|")
  echo "fuzz: $sample corpus inputs through $PCC --emit=nn: $crashes crash(es)"
  [ "$crashes" -eq 0 ]
fi
