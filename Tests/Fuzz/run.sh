#!/usr/bin/env bash
# Builds the libFuzzer harness (Tests/Fuzz) and fuzzes ResponseReader for a bounded time.
#   Tests/Fuzz/run.sh [SECONDS]          (default 60; run from anywhere)
# Exit status: 0 when no crash was found; non-zero (libFuzzer's) when one was, with the input left in
# $FUZZ_ARTIFACTS (default .build-fuzz/artifacts/) — copy it to Tests/HubSnapshotTests/Regressions/.
# Environment: FUZZ_SANITIZERS (default fuzzer,address; use "fuzzer" where ASan does not link),
#              FUZZ_CONFIG (debug|release, default release), FUZZ_JOBS (parallel workers, default 1).
set -euo pipefail

seconds="${1:-60}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
sanitizers="${FUZZ_SANITIZERS:-fuzzer,address}"
config="${FUZZ_CONFIG:-release}"
scratch="$repo/.build-fuzz"
artifacts="${FUZZ_ARTIFACTS:-$scratch/artifacts}"
corpus="$scratch/corpus"

# SwiftPM keeps the build plan of a path dependency and misses source files added to it since:
# dropping the plan makes it look again (the compiled objects stay).
rm -f "$scratch/$config.yaml"
swift build --package-path Tests/Fuzz --product Fuzz -c "$config" \
    -Xswiftc "-sanitize=$sanitizers" --scratch-path "$scratch"
binary="$(swift build --package-path Tests/Fuzz --product Fuzz -c "$config" \
    -Xswiftc "-sanitize=$sanitizers" --scratch-path "$scratch" --show-bin-path)/Fuzz"

# Seeds: the recorded responses (Tests/Fixtures/samples), the example snapshots and
# every kept regression input. libFuzzer writes new inputs only to the first folder (the work corpus).
mkdir -p "$corpus" "$artifacts"
seeds=()
seeds+=("$repo/Tests/Fixtures/samples")
seeds+=("$scratch/seeds-examples" "$repo/Tests/HubSnapshotTests/Regressions")
rm -rf "$scratch/seeds-examples"; mkdir -p "$scratch/seeds-examples"
i=0
while IFS= read -r -d '' file; do
    cp "$file" "$scratch/seeds-examples/$i-$(basename "$file")"; i=$((i + 1))
done < <(find "$repo/examples" -name '*.xml' -print0)

jobs=()
if [ "${FUZZ_JOBS:-1}" -gt 1 ]; then jobs=(-fork="$FUZZ_JOBS" -ignore_crashes=0); fi

# ASan: fail on the first error; leak detection off (Swift runtime metadata caches look like leaks).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=0}"
echo "fuzzing $binary for ${seconds}s (crashes go to $artifacts/)" >&2
exec "$binary" "${jobs[@]}" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -dict="$repo/Tests/Fuzz/ec2.dict" -artifact_prefix="$artifacts/" -print_final_stats=1 \
    "$corpus" "${seeds[@]}"
