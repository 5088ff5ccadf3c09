#!/usr/bin/env bash
# Small files side by side with the official OpenAI Node SDK: 2,000 files of 10 KiB into the same loopback sink
# (bench/Sink.java), in the same run, alternating: Filegate --sync (hashing, validation, durable manifest, moves;
# default filegate.parallel-files=4, launched with the class-data archive), Filegate again with
# filegate.parallel-files=8 (the SDK's concurrency; FG8=0 leaves this row out) and bench/sdk/upload.mjs
# (client.files.create, 8 at a time, the SDK's own keep-alive). Rates are whole-process (launch to exit) for
# all; Filegate's steady rate (first -> last uploaded line) and the SDK's in-process rate are shown too, with the
# CPU time (user + system) of each process and where Filegate's wall time went (launch -> first intent line,
# the warm-up to the 250th upload, the rest, last upload -> exit).
# Usage: bench/sdk-small.sh [runs]   (default 5; FILES=2000, KIB=10, CONCURRENCY=8, FG8=1;
# FILEGATE_BENCH_JVM_OPTS adds JVM options to the Filegate runs, e.g. the one-shot line of docs/operations.md)
# Needs node >= 18 and npm (the SDK is installed into bench/sdk/node_modules, ignored by git, on first use),
# target/filegate.jar (mvn -B -q -DskipTests package), python3, GNU /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
files=${FILES:-2000}
kib=${KIB:-10}
conc=${CONCURRENCY:-8}
fg8=${FG8:-1}
if [ ! -d bench/sdk/node_modules/openai ]; then
  (cd bench/sdk && npm install --no-audit --no-fund) || { echo "npm install of the openai SDK failed (above)"; exit 2; }
fi
work=$(mktemp -d)
sink_pid=""
trap '[ -z "$sink_pid" ] || kill "$sink_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
java bench/Sink.java "$port" > "$work/sink.log" 2>&1 &
sink_pid=$!
until grep -q listening "$work/sink.log" 2>/dev/null; do sleep 0.2; done
mkdir -p "$work/data"
for i in $(seq 1 "$files"); do head -c $((kib * 1024)) /dev/urandom > "$work/data/small-$i.bin"; done
cds=""
[ -f target/filegate.jsa ] && cds="-XX:SharedArchiveFile=target/filegate.jsa"
now_ms() { date +%s%3N; }
# one Filegate --sync of the data with PARALLEL uploads: "whole steady cpu" to $2, the stages to $3
fg_run() {
  local parallel=$1 out=$2 stages=$3 d="$work/fg-run"
  rm -rf "$d"
  mkdir -p "$d/inbox"
  cp -al "$work/data" "$d/inbox/user_data"
  local t0 t1 wall n first last
  t0=$(now_ms)
  # shellcheck disable=SC2086
  OPENAI_API_KEY=bench /usr/bin/time -f "%U %S" -o "$d/time.txt" java $cds ${FILEGATE_BENCH_JVM_OPTS:-} -Xmx128m -Dfilegate.inbox="$d/inbox" \
    -Dfilegate.manifest="$d/manifest.jsonl" -Dfilegate.parallel-files="$parallel" \
    -Dfilegate.providers.openai.base-url="http://127.0.0.1:$port/v1" -jar target/filegate.jar --sync \
    > "$d/out.txt" 2>&1 || { echo "Filegate failed:"; tail -20 "$d/out.txt"; exit 1; }
  t1=$(now_ms)
  wall=$((t1 - t0))
  read -r n first last < <(python3 bench/bench.py small-manifest "$d/manifest.jsonl")
  [ "$n" = "$files" ] || { echo "Filegate uploaded $n of $files"; exit 1; }
  awk -v n="$n" -v w="$wall" -v f="$first" -v l="$last" -v c="$(tail -1 "$d/time.txt")" \
    'BEGIN { split(c, t, " "); printf "%.1f %.1f %.2f\n", n * 1000 / w, n * 1000 / (l - f), t[1] + t[2] }' >> "$out"
  python3 bench/bench.py small-stages "$d/manifest.jsonl" "$t0" "$t1" >> "$stages"
  rm -rf "$d"
}
: > "$work/fg.txt"
: > "$work/fg8.txt"
: > "$work/stages.txt"
: > "$work/stages8.txt"
: > "$work/sdk.txt"
for r in $(seq 1 "$runs"); do
  fg_run 4 "$work/fg.txt" "$work/stages.txt"
  line="run $r: Filegate $(tail -1 "$work/fg.txt")"
  if [ "$fg8" = 1 ]; then
    fg_run 8 "$work/fg8.txt" "$work/stages8.txt"
    line="$line / Filegate parallel-files=8 $(tail -1 "$work/fg8.txt")"
  fi
  t0=$(now_ms)
  /usr/bin/time -f "%U %S" -o "$work/sdk-time.txt" node bench/sdk/upload.mjs "http://127.0.0.1:$port/v1" \
    "$work/data" "$conc" > "$work/sdk-out.txt"
  wall=$(($(now_ms) - t0))
  read -r _ _ inproc < "$work/sdk-out.txt"
  awk -v n="$files" -v w="$wall" -v i="$inproc" -v c="$(tail -1 "$work/sdk-time.txt")" \
    'BEGIN { split(c, t, " "); printf "%.1f %.1f %.2f\n", n * 1000 / w, i, t[1] + t[2] }' >> "$work/sdk.txt"
  echo "$line / SDK $(tail -1 "$work/sdk.txt") (files/s whole-process, files/s steady or in-process, CPU s)"
done
paste -d' ' "$work/fg.txt" "$work/sdk.txt" | awk '{ printf "%.2f\n", $1 / $4 }' > "$work/ratio.txt"
[ "$fg8" = 1 ] && paste -d' ' "$work/fg8.txt" "$work/sdk.txt" | awk '{ printf "%.2f\n", $1 / $4 }' > "$work/ratio8.txt"
stats() { cut -d' ' -f"$2" "$1" | sort -g | awk '{ a[NR] = $1 } END {
  med = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%s | %s | %s", med, a[1], a[NR] }'; }
echo "$files x $kib KiB, $runs runs each, alternating; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| measure | median | min | max |"
echo "|---|---:|---:|---:|"
echo "| Filegate --sync, whole process (files/s) | $(stats "$work/fg.txt" 1) |"
echo "| Filegate --sync, steady: first -> last uploaded (files/s) | $(stats "$work/fg.txt" 2) |"
echo "| Filegate --sync, CPU user + system (s) | $(stats "$work/fg.txt" 3) |"
if [ "$fg8" = 1 ]; then
  echo "| Filegate --sync, parallel-files=8, whole process (files/s) | $(stats "$work/fg8.txt" 1) |"
  echo "| Filegate --sync, parallel-files=8, steady (files/s) | $(stats "$work/fg8.txt" 2) |"
  echo "| Filegate --sync, parallel-files=8, CPU user + system (s) | $(stats "$work/fg8.txt" 3) |"
fi
echo "| openai SDK $(cd bench/sdk && node -p 'require("./node_modules/openai/package.json").version' 2>/dev/null || echo '?'), concurrency $conc, whole process (files/s) | $(stats "$work/sdk.txt" 1) |"
echo "| openai SDK, in-process (first request -> last answer) (files/s) | $(stats "$work/sdk.txt" 2) |"
echo "| openai SDK, CPU user + system (s) | $(stats "$work/sdk.txt" 3) |"
echo "| Filegate / SDK, whole process, per run (x) | $(stats "$work/ratio.txt" 1) |"
[ "$fg8" = 1 ] && echo "| Filegate parallel-files=8 / SDK, whole process, per run (x) | $(stats "$work/ratio8.txt" 1) |"
echo
echo "Where Filegate's wall time went (ms; parallel-files=4):"
echo "| stage | median | min | max |"
echo "|---|---:|---:|---:|"
echo "| launch -> first intent line (JVM, Camel, probe, first scan) | $(stats "$work/stages.txt" 1) |"
echo "| first intent -> 250th uploaded line (warm-up) | $(stats "$work/stages.txt" 2) |"
echo "| 250th -> last uploaded line | $(stats "$work/stages.txt" 3) |"
echo "| last uploaded line -> exit | $(stats "$work/stages.txt" 4) |"
