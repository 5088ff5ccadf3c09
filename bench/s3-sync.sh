#!/usr/bin/env bash
# Syncs N objects from a local S3Mock (the test server the build fetches) to bench/Sink.java through the
# packaged jar, twice, and reports objects/s. Everything listens on 127.0.0.1 only.
# Usage: bench/s3-sync.sh [objects] [parallel]   (defaults: 2000, 4; parallel = filegate.parallel-files)
# Needs: target/filegate.jar and target/s3mock/s3mock-exec.jar (mvn -B verify makes both).
# FILEGATE_BENCH_JVM_OPTS adds JVM options to the Filegate runs (e.g. a flight recording);
# FILEGATE_BENCH_KEEP=1 keeps the work folder (manifest, logs).
# Wall-clock figures depend on what else the machine runs; the CPU figure much less.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-2000}
parallel=${2:-4}
work=$(mktemp -d)
sink_pid=""
s3_pid=""
trap 'for p in $sink_pid $s3_pid; do kill "$p" 2>/dev/null || true; done; [ -n "${FILEGATE_BENCH_KEEP:-}" ] || rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
sink_port=$(free_port)
s3_port=$(free_port)
s3_tls_port=$(free_port)

java bench/Sink.java "$sink_port" > "$work/sink.log" 2>&1 &
sink_pid=$!
java -Xmx512m -jar target/s3mock/s3mock-exec.jar --server.address=127.0.0.1 --server.port="$s3_tls_port" \
  --com.adobe.testing.s3mock.httpPort="$s3_port" --com.adobe.testing.s3mock.store.root="$work/store" \
  --spring.main.sources="file:$PWD/src/test/resources/s3mock/loopback-http.xml" --logging.level.root=WARN \
  > "$work/s3mock.log" 2>&1 &
s3_pid=$!
until grep -q listening "$work/sink.log" 2>/dev/null; do sleep 0.2; done
until curl -sf "http://127.0.0.1:$s3_port/" > /dev/null; do sleep 0.5; done

java -cp target/filegate.jar bench/S3Seed.java "http://127.0.0.1:$s3_port" bench "$n" "$parallel"
mkdir -p "$work/inbox"
# the launch line of the README: with the class-data archive the package step makes, when it is there
cds=""
[ -f target/filegate.jsa ] && cds="-XX:SharedArchiveFile=target/filegate.jsa"
run() {
  FILEGATE_S3_ACCESS_KEY=bench FILEGATE_S3_SECRET_KEY=bench /usr/bin/time -f "%U %S %e" -o "$work/time.txt" \
    java $cds ${FILEGATE_BENCH_JVM_OPTS:-} -Dfilegate.inbox="$work/inbox" \
    -Dfilegate.manifest="$work/manifest.jsonl" -Dfilegate.providers.openai.base-url="http://127.0.0.1:$sink_port/v1" \
    -Dfilegate.providers.openai.api-key=bench -Dfilegate.s3.bucket=bench -Dfilegate.s3.prefixes=in/ \
    -Dfilegate.s3.endpoint="http://127.0.0.1:$s3_port" -Dfilegate.parallel-files="$parallel" \
    -jar target/filegate.jar --sync > "$work/out.txt" 2>&1 || true
  grep -h "filegate sync" "$work/out.txt"
  # CPU the Filegate process used (user + system), which other load on the machine does not inflate
  read -r user sys wall < <(tail -1 "$work/time.txt")
  awk -v u="$user" -v s="$sys" -v w="$wall" -v n="$n" \
    'BEGIN { printf "filegate process: %.1f s wall, %.1f s CPU (%.1f ms CPU per listed object, start-up included)\n", w, u + s, (u + s) * 1000 / n }'
  # the poll's own time, without JVM and Camel start-up
  ms=$(grep -ho "new or changed.* \([0-9]*\) ms" "$work/out.txt" | grep -o "[0-9]* ms" | grep -o "[0-9]*" || echo "")
  if [ -n "$ms" ]; then
    awk -v n="$n" -v ms="$ms" 'BEGIN { printf "listing + %d objects: %.1f s, %.0f objects/s\n", n, ms / 1000, n * 1000 / ms }'
  fi
}
echo "first sync (all new):"
run
echo "second sync (nothing new):"
run
