#!/usr/bin/env bash
# Start-up: a one-file --sync (10 KiB, purpose user_data) from launch to exit, into bench/Sink.java on 127.0.0.1,
# with three launch lines, alternating so load from elsewhere hits all alike: the one-shot line of
# docs/operations.md#start-up and packaging/filegate-sync.* (the class-data archive the package step makes,
# target/filegate.jsa, plus the one-shot JIT and GC flags), the archive alone (the README's watch line), and
# plain java -jar.
# Prints median, min and max of the wall time and of the CPU time (user + system, which other load on the
# machine inflates much less). Needs target/filegate.jar and target/filegate.jsa (mvn -B -q -DskipTests package)
# and GNU /usr/bin/time.
# Usage: bench/startup.sh [runs]          (default 10 of each)
#   FILEGATE_BENCH_JVM_OPTS  extra JVM options for both (e.g. -XX:+UseSerialGC)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
archive="-XX:SharedArchiveFile=target/filegate.jsa"
# the one-shot flags (docs/operations.md#start-up): serial GC, C1 and C2 later for code run only a few times
oneshot="$archive -XX:+UseSerialGC -XX:Tier3InvocationThreshold=1000 -XX:Tier3CompileThreshold=5000 \
-XX:Tier4InvocationThreshold=20000 -XX:Tier4CompileThreshold=30000"
[ -f target/filegate.jsa ] || { echo "target/filegate.jsa is missing: mvn -B -q -DskipTests package"; exit 2; }
work=$(mktemp -d)
sink_pid=""
trap '[ -z "$sink_pid" ] || kill "$sink_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
java bench/Sink.java "$port" > "$work/sink.log" 2>&1 &
sink_pid=$!
until grep -q listening "$work/sink.log" 2>/dev/null; do sleep 0.2; done

# one run: prints "wall_ms cpu_ms"
one() {
  local d="$work/$1" cds=$2
  mkdir -p "$d/inbox/user_data"
  head -c 10240 /dev/urandom > "$d/inbox/user_data/one.bin"
  # a file that has been sitting there (older than filegate.inbox.stable-ms): on a quiet machine a start is
  # shorter than that wait, and a --sync would end before the new file counts as still
  touch -d '-60 seconds' "$d/inbox/user_data/one.bin"
  local t0 t1
  t0=$(date +%s%N)
  # shellcheck disable=SC2086
  OPENAI_API_KEY=bench /usr/bin/time -f "%U %S" -o "$d/time.txt" java $cds ${FILEGATE_BENCH_JVM_OPTS:-} \
    -Dfilegate.inbox="$d/inbox" -Dfilegate.manifest="$d/manifest.jsonl" \
    -Dfilegate.providers.openai.base-url="http://127.0.0.1:$port/v1" \
    -jar target/filegate.jar --sync > "$d/out.txt" 2>&1 || { echo "run $1 failed:" >&2; tail -20 "$d/out.txt" >&2; exit 1; }
  t1=$(date +%s%N)
  grep -q '"event":"uploaded"' "$d/manifest.jsonl" || { echo "run $1: nothing uploaded" >&2; cat "$d/out.txt" >&2; exit 1; }
  awk -v w=$(( (t1 - t0) / 1000000 )) '{ printf "%d %d\n", w, ($1 + $2) * 1000 }' "$d/time.txt"
}
: > "$work/oneshot.txt"
: > "$work/cds.txt"
: > "$work/plain.txt"
for i in $(seq 1 "$runs"); do
  one "oneshot$i" "$oneshot" >> "$work/oneshot.txt"
  one "cds$i" "$archive" >> "$work/cds.txt"
  one "plain$i" "" >> "$work/plain.txt"
done
stats() { # column of a file -> "median min max"
  cut -d' ' -f"$2" "$1" | sort -n | awk '{ a[NR] = $1 } END {
    med = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%d %d %d", med, a[1], a[NR] }'
}
echo "one-file --sync, launch to exit, $runs runs each (ms: median min max); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| %s | %s | %s |\n' "launch line" "wall ms (median min max)" "CPU ms (median min max)"
printf '| %s | %s | %s |\n' "java $archive + one-shot flags -jar" "$(stats "$work/oneshot.txt" 1)" "$(stats "$work/oneshot.txt" 2)"
printf '| %s | %s | %s |\n' "java $archive -jar" "$(stats "$work/cds.txt" 1)" "$(stats "$work/cds.txt" 2)"
printf '| %s | %s | %s |\n' "java -jar (no archive)" "$(stats "$work/plain.txt" 1)" "$(stats "$work/plain.txt" 2)"
