#!/usr/bin/env bash
# A one-file --sync on a manifest of a million uploads: launch-to-exit time and peak RSS at a small heap,
# before (BEFORE_JAR, default: main's jar built from `git archive main`) and after (target/filegate.jar).
# On 127.0.0.1 only, against bench/Sink.java. See bench/README.md ("Manifest at a million uploads").
#
# Knobs: UPLOADS (1000000), RUNS (3), HEAPS ("-Xmx256m -Xmx512m"), BEFORE_JAR (a jar to compare with),
#        OUT (bench/manifest-scale-results.md). Needs JDK 17, Maven (to build a missing jar), python3,
#        GNU /usr/bin/time, about 3 GB in $TMPDIR.
set -euo pipefail
cd "$(dirname "$0")/.."

UPLOADS=${UPLOADS:-1000000}
RUNS=${RUNS:-3}
HEAPS=${HEAPS:-"-Xmx256m -Xmx512m"}
OUT=${OUT:-bench/manifest-scale-results.md}
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY
export LANG=C.UTF-8

for tool in java python3 /usr/bin/time; do
  command -v "$tool" > /dev/null || { echo "bench: $tool is missing" >&2; exit 2; }
done
log() { echo "bench: $*" >&2; }
now_ms() { date +%s%3N; }

work=$(mktemp -d "${TMPDIR:-/tmp}/filegate-manifest-scale.XXXXXX")
sink_pid=""
child_pid=""
cleanup() {
  if [ -n "$child_pid" ]; then
    # shellcheck disable=SC2046
    kill $(pgrep -P "$child_pid") "$child_pid" 2> /dev/null
  fi
  [ -n "$sink_pid" ] && kill "$sink_pid" 2> /dev/null
  wait 2> /dev/null
  rm -rf "$work"
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ ! -f target/filegate.jar ]; then
  log "building target/filegate.jar"
  mvn -B -q -DskipTests package
fi
after_jar=$work/after.jar
cp target/filegate.jar "$after_jar"
before_jar=${BEFORE_JAR:-}
if [ -z "$before_jar" ]; then
  log "building main's jar from git archive main"
  mkdir -p "$work/main-src"
  git archive main | tar -x -C "$work/main-src"
  (cd "$work/main-src" && mvn -B -q -o -DskipTests package)
  before_jar=$work/main-src/target/filegate.jar
fi

# --- sink and manifest -----------------------------------------------------------------------------------
port=$(python3 bench/bench.py port)
java bench/Sink.java "$port" > "$work/sink.log" 2>&1 &
sink_pid=$!
for _ in $(seq 1 600); do
  grep -q listening "$work/sink.log" 2> /dev/null && break
  sleep 0.2
done
grep -q listening "$work/sink.log" || { log "the sink did not start"; exit 1; }

log "writing a manifest of $UPLOADS uploads"
t0=$(now_ms)
java bench/ManifestGen.java "$work/generated.jsonl" "$UPLOADS" bench
mb=$(($(stat -c %s "$work/generated.jsonl") / 1048576))
log "manifest: $mb MB in $(($(now_ms) - t0)) ms"
for jar in before after; do
  mkdir -p "$work/$jar-big" "$work/$jar-small"
  cp "$work/generated.jsonl" "$work/$jar-big/manifest.jsonl"
done
rm "$work/generated.jsonl"

fg_props=(-Dfilegate.provider=bench -Dfilegate.providers.bench.type=openai-compatible
  "-Dfilegate.providers.bench.base-url=http://127.0.0.1:$port/v1")

# one_sync TAG JAR DIR HEAP: one new 10 KiB file, --sync, one result line "TAG wall_ms rss_mib exit note"
one_sync() {
  local tag=$1 jar=$2 dir=$3 heap=$4 rc=0 t wall rss note
  kill -0 "$sink_pid" 2> /dev/null || { log "the sink is gone (killed from outside?); stopping"; exit 1; }
  rm -rf "$dir/inbox" && mkdir -p "$dir/inbox/user_data"
  head -c 10240 /dev/urandom > "$dir/inbox/user_data/one.bin"
  touch -d '1 minute ago' "$dir/inbox/user_data/one.bin"
  t=$(now_ms)
  /usr/bin/time -v -o "$dir/time.txt" java "$heap" "-Dfilegate.inbox=$dir/inbox" \
    "-Dfilegate.manifest=$dir/manifest.jsonl" "${fg_props[@]}" -jar "$jar" --sync \
    > "$dir/out.txt" 2> "$dir/err.txt" &
  child_pid=$!
  wait "$child_pid" || rc=$?
  child_pid=""
  wall=$(($(now_ms) - t))
  rss=$(($(awk -F': ' '/Maximum resident set size/ { print $2 }' "$dir/time.txt") / 1024))
  note=""
  if [ "$rc" != 0 ]; then
    note=$(grep '^filegate:' "$dir/err.txt" | head -1 | cut -c1-110 || true)
  fi
  echo "$tag|$wall|$rss|$rc|$note" >> "$work/raw.txt"
  log "$tag: ${wall} ms, ${rss} MiB, exit $rc ${note}"
}

log "after: first start on the big manifest builds its index"
one_sync "after, $mb MB manifest, first start (index built), -Xmx256m" "$after_jar" "$work/after-big" -Xmx256m
grep IndexFile "$work/after-big/err.txt" | cut -c1-200 >&2 || true
idx_mb=$(($(stat -c %s "$work/after-big/manifest.jsonl.index") / 1048576))

for run in $(seq 1 "$RUNS"); do
  for heap in $HEAPS; do
    one_sync "before, $mb MB manifest, $heap" "$before_jar" "$work/before-big" "$heap"
    one_sync "after, $mb MB manifest, $heap" "$after_jar" "$work/after-big" "$heap"
  done
  one_sync "before, empty manifest, -Xmx256m" "$before_jar" "$work/before-small" -Xmx256m
  one_sync "after, empty manifest, -Xmx256m" "$after_jar" "$work/after-small" -Xmx256m
done

# --compact-manifest on the big manifest at the small heap, then one more --sync on the compacted one
t=$(now_ms)
rc=0
/usr/bin/time -v -o "$work/compact-time.txt" java -Xmx256m "-Dfilegate.manifest=$work/after-big/manifest.jsonl" \
  -jar "$after_jar" --compact-manifest > "$work/compact-out.txt" 2> "$work/compact-err.txt" || rc=$?
wall=$(($(now_ms) - t))
rss=$(($(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/compact-time.txt") / 1024))
echo "after: --compact-manifest, -Xmx256m|$wall|$rss|$rc|$(head -c 100 "$work/compact-out.txt" | tr '|' '/')" \
  >> "$work/raw.txt"
log "compact: ${wall} ms, ${rss} MiB, exit $rc: $(cat "$work/compact-out.txt" "$work/compact-err.txt" | head -3)"
compacted_mb=$(($(stat -c %s "$work/after-big/manifest.jsonl") / 1048576))
one_sync "after, compacted manifest ($compacted_mb MB), -Xmx256m" "$after_jar" "$work/after-big" -Xmx256m

{
  echo "# One-file --sync against a manifest of $UPLOADS uploads"
  echo
  echo "- machine: $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM,"\
    "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; $(java -version 2>&1 | head -1)"
  echo "- manifest: $mb MB ($UPLOADS intent + uploaded pairs, bench/ManifestGen.java); index after its first"\
    "start: $idx_mb MB"
  echo "- each run: launch to exit of \`java HEAP -jar filegate.jar --sync\` with one new 10 KiB file; peak RSS"\
    "from GNU time; $RUNS run(s) each, before and after interleaved"
  echo
  python3 - "$work/raw.txt" << 'EOF'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    tag, wall, rss, rc, note = line.rstrip("\n").split("|", 4)
    rows.setdefault(tag, []).append((int(wall), int(rss), rc, note))
print("| run | median s | min s | max s | median peak RSS MiB | exits |")
print("|---|---:|---:|---:|---:|---|")
for tag, rs in rows.items():
    walls = [r[0] / 1000 for r in rs]
    exits = sorted({r[2] + (" (" + r[3] + ")" if r[3] else "") for r in rs})
    print(f"| {tag} | {statistics.median(walls):.1f} | {min(walls):.1f} | {max(walls):.1f} |"
          f" {statistics.median([r[1] for r in rs]):.0f} | {'; '.join(exits)} |")
EOF
} | tee "$OUT"
