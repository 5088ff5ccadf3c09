#!/usr/bin/env bash
# Pacing against a rate-limited provider (issue 18): FILES small files to bench/Sink.java in its
# rate-limited mode (PER_MINUTE requests a minute, each accepted request answered after ANSWER_MS, OpenAI's
# x-ratelimit-* headers, 429 + retry-after-ms when the limit bites), with Filegate's default settings and
# with filegate.parallel-files = 16, each with pacing on (the default) and off
# (filegate.pacing.follow-headers = false, nothing configured: how main behaved before pacing).
#
#   bench/pacing.sh              RUNS=3 runs of the four cases, interleaved, about 15 minutes
#   RUNS=1 FILES=200 bench/pacing.sh   a quick try
#
# Per run: the whole process (launch to exit) and the upload span (first to last 'uploaded' line) against
# the ideal FILES / (PER_MINUTE / 60) seconds; 429 answers as a share of all requests the sink saw (the
# probe included); failed files. Prints median/min/max and writes them to OUT. Never part of mvn verify.
# Knobs: RUNS (3), FILES (1000), PER_MINUTE (1200), ANSWER_MS (100), FILE_BYTES (1024), PARALLEL ("4 16"),
#        HEAP (-Xmx256m), OUT (bench/pacing-results.md).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
FILES=${FILES:-1000}
PER_MINUTE=${PER_MINUTE:-1200}
ANSWER_MS=${ANSWER_MS:-100}
FILE_BYTES=${FILE_BYTES:-1024}
PARALLEL=${PARALLEL:-4 16}
HEAP=${HEAP:--Xmx256m}
OUT=${OUT:-bench/pacing-results.md}

unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY
export LANG=C.UTF-8
for tool in java python3 /usr/bin/curl; do
  command -v "$tool" > /dev/null || { echo "bench: $tool is missing" >&2; exit 2; }
done
if [ ! -f target/filegate.jar ]; then
  echo "bench: building target/filegate.jar" >&2
  mvn -B -q -DskipTests package
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/filegate-pacing.XXXXXX")
sink_pid=""
child_pid=""
cleanup() {
  [ -n "$child_pid" ] && kill "$child_pid" 2> /dev/null
  [ -n "$sink_pid" ] && kill "$sink_pid" 2> /dev/null
  wait 2> /dev/null
  rm -rf "$work"
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM
log() { echo "bench: $*" >&2; }
now_ms() { date +%s%3N; }

port=$(python3 bench/bench.py port)
java bench/Sink.java "$port" "$PER_MINUTE" "$ANSWER_MS" > "$work/sink.log" 2>&1 &
sink_pid=$!
for _ in $(seq 1 600); do
  grep -q listening "$work/sink.log" 2> /dev/null && break
  kill -0 "$sink_pid" 2> /dev/null || { cat "$work/sink.log" >&2; exit 1; }
  sleep 0.2
done
grep -q listening "$work/sink.log" || { log "the sink did not start"; exit 1; }
log "$(cat "$work/sink.log"); work dir $work"
python3 bench/bench.py small-data "$work/data/user_data" "$FILES" "$FILE_BYTES"

fg_props=(-Dfilegate.provider=bench -Dfilegate.providers.bench.type=openai-compatible
  "-Dfilegate.providers.bench.base-url=http://127.0.0.1:$port/v1")
echo "case run wall_ms span_ms uploaded failed accepted refused" > "$work/raw.txt"

for run in $(seq 1 "$RUNS"); do
  for parallel in $PARALLEL; do
    for pacing in on off; do
      dir="$work/run-$run-$parallel-$pacing"
      mkdir -p "$dir/inbox/user_data"
      ln "$work"/data/user_data/*.bin "$dir/inbox/user_data/"
      follow=true
      [ "$pacing" = off ] && follow=false
      /usr/bin/curl -q -s --noproxy '*' "http://127.0.0.1:$port/stats" > /dev/null
      t0=$(now_ms)
      rc=0
      java "$HEAP" "-Dfilegate.inbox=$dir/inbox" "-Dfilegate.manifest=$dir/manifest.jsonl" "${fg_props[@]}" \
        "-Dfilegate.parallel-files=$parallel" "-Dfilegate.pacing.follow-headers=$follow" \
        -jar target/filegate.jar --sync > "$dir/out.txt" 2> "$dir/err.txt" &
      child_pid=$!
      wait "$child_pid" || rc=$?
      child_pid=""
      wall=$(($(now_ms) - t0))
      read -r _ accepted _ refused < <(/usr/bin/curl -q -s --noproxy '*' "http://127.0.0.1:$port/stats")
      read -r uploaded first last < <(python3 bench/bench.py small-manifest "$dir/manifest.jsonl")
      failed=$(grep -c '"event":"failed"' "$dir/manifest.jsonl" || true)
      log "run $run, parallel $parallel, pacing $pacing: exit $rc, ${wall} ms, $uploaded uploaded, $failed failed," \
        "$refused 429s of $((accepted + refused)) requests"
      echo "p$parallel-$pacing $run $wall $((last - first)) $uploaded $failed $accepted $refused" >> "$work/raw.txt"
      rm -rf "$dir/inbox"
    done
  done
done

python3 - "$work/raw.txt" "$OUT" "$FILES" "$PER_MINUTE" "$ANSWER_MS" "$FILE_BYTES" "$HEAP" "$RUNS" <<'PY'
import statistics, sys, os, platform, subprocess
raw, out, files, per_minute, answer_ms, file_bytes, heap, runs = sys.argv[1:]
ideal = int(files) / (int(per_minute) / 60.0)
rows = {}
with open(raw) as f:
    next(f)
    for line in f:
        case, run, wall, span, up, failed, acc, ref = line.split()
        acc, ref = int(acc), int(ref)
        rows.setdefault(case, []).append({
            "wall s": int(wall) / 1000, "wall / ideal": int(wall) / 1000 / ideal,
            "span / ideal": int(span) / 1000 / ideal, "429 %": 100.0 * ref / max(1, acc + ref),
            "429s": ref, "failed": int(failed)})
cols = ["wall s", "wall / ideal", "span / ideal", "429 %", "429s", "failed"]
load = open("/proc/loadavg").read().split()[0] if os.path.exists("/proc/loadavg") else "?"
head = ("%s files of %s bytes to a sink allowing %s requests/minute (quantized to one second's worth), answering"
        " in %s ms; ideal %.1f s; Filegate %s, %s run(s) per case, interleaved; %d CPUs, load average %s at the end"
        % (files, file_bytes, per_minute, answer_ms, ideal, heap, runs, os.cpu_count(), load))
lines = [head, "", "| case | " + " | ".join(c + " (median, min-max)" for c in cols) + " |",
         "|---" * (len(cols) + 1) + "|"]
for case in sorted(rows, key=lambda c: (int(c.split("-")[0][1:]), c.endswith("off"))):
    cells = []
    for c in cols:
        v = [r[c] for r in rows[case]]
        d = 0 if c in ("429s", "failed") else 2
        fmt = "%%.%df" % d
        cells.append((fmt % statistics.median(v)) + " (" + (fmt % min(v)) + "-" + (fmt % max(v)) + ")")
    p, pacing = case[1:].split("-")
    lines.append("| parallel-files %s, pacing %s | %s |" % (p, pacing, " | ".join(cells)))
text = "\n".join(lines) + "\n"
sys.stdout.write(text)
with open(out, "w") as f:
    f.write(text)
PY
