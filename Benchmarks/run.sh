#!/usr/bin/env bash
# ./Benchmarks/run.sh [--accounts N] [--regions N] [--repeat N] [--botocore-max-mb N] [--data DIR]
# Generates the organisation (if DIR is absent), builds the harness in release, runs every stage in
# its own process (so each peak memory is its own) and prints one table. Results also go to DIR.results.jsonl.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
accounts=100 regions=2 repeat=3 boto_mb="" data=""
while [ $# -gt 0 ]; do
  case "$1" in
    --accounts) accounts=$2; shift 2;; --regions) regions=$2; shift 2;; --repeat) repeat=$2; shift 2;;
    --botocore-max-mb) boto_mb=$2; shift 2;; --data) data=$2; shift 2;;
    *) echo "unknown option $1" >&2; exit 64;;
  esac
done
data="${data:-${TMPDIR:-/tmp}/hubaudit-bench-${accounts}x${regions}}"
if [ -f "$data/manifest.json" ] && ! grep -q '"DescribeVpcAttribute"' "$data/manifest.json"; then
  # An older generator's folder lacks the per-VPC calls: its scan exits 2 and measures less than collect writes.
  echo "$data was made by an older generate.py (no per-VPC calls): delete it, or give --data another folder" >&2
  exit 1
fi
if [ ! -f "$data/manifest.json" ]; then
  echo "generating $accounts accounts x $regions regions into $data" >&2
  python3 "$here/generate.py" "$data" --accounts "$accounts" --regions "$regions" >&2
fi
# SwiftPM keeps the build plan of a path dependency and misses source files added to it since:
# dropping the plan makes it look again (the compiled objects stay).
rm -f "$here/.build-bench/release.yaml"
# Only hubbench: hubbench-collect is for collect_bench.py (README "Collection").
swift build -c release --package-path "$here" --scratch-path "$here/.build-bench" --product hubbench >&2
bench="$here/.build-bench/release/hubbench"
results="$data.results.jsonl"
: > "$results"
find "$data" -name "*.xml" -exec cat {} + > /dev/null   # warm the page cache (find: 5,000 accounts overflow an argument list)
for stage in raw parser decode rules batched reports scan; do
  echo "stage $stage" >&2
  "$bench" "$stage" "$data" --repeat "$repeat" | tee -a "$results" >&2
done
"$bench" raw "$data" --repeat "$repeat" --threads 1 | sed 's/"stage":"raw"/"stage":"raw-1"/' | tee -a "$results" >&2
"$bench" overlap 100000 --repeat "$repeat" | tee -a "$results" >&2
"$bench" reachability "$data" --repeat "$repeat" | tee -a "$results" >&2
echo "stage botocore" >&2
python3 "$here/botocore_bench.py" "$data" ${boto_mb:+--max-mb "$boto_mb"} | tee -a "$results" >&2
python3 "$here/table.py" "$results" "$data"
