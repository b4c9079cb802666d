#!/usr/bin/env bash
# Start-up: whole-process `summit -c 'funding list'` against `sqlite3 :memory: 'select 1;'`,
# median of N alternating runs each (default 20), release build.
# Usage: bash bench/startup.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
command -v sqlite3 >/dev/null || { echo "needs sqlite3 (apt-get install sqlite3)" >&2; exit 1; }
bash .ci/setup
swift build -c release --static-swift-stdlib --product summit >/dev/null 2>&1 || swift build -c release --static-swift-stdlib --product summit
bin=$(swift build -c release --static-swift-stdlib --show-bin-path)/summit
export HOME=$(mktemp -d)   # no init file, no history

now_ns() { date +%s%N; }
summit_times=(); sqlite_times=()
"$bin" --no-init -c 'funding list' >/dev/null || { echo 'summit failed' >&2; exit 1; }   # warm the page cache for both
sqlite3 :memory: 'select 1;' >/dev/null
for ((i = 0; i < runs; i++)); do
  t0=$(now_ns); "$bin" --no-init -c 'funding list' >/dev/null; t1=$(now_ns)
  summit_times+=($(( (t1 - t0) / 1000 )))
  t0=$(now_ns); sqlite3 :memory: 'select 1;' >/dev/null; t1=$(now_ns)
  sqlite_times+=($(( (t1 - t0) / 1000 )))
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ms=$(median "${summit_times[@]}"); mq=$(median "${sqlite_times[@]}")
awk -v s="$ms" -v q="$mq" -v n="$runs" 'BEGIN {
  printf "runs: %d each, alternating\n", n
  printf "summit -c '\''funding list'\''   median %.2f ms\n", s/1000
  printf "sqlite3 :memory: select 1   median %.2f ms\n", q/1000
  printf "ratio summit/sqlite3: %.2f (target: at most 2.0)\n", s/q
}'
