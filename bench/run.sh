#!/usr/bin/env bash
# Filegate against curl, on 127.0.0.1 only, into the loopback sink bench/Sink.java.
#
#   bench/run.sh                 RUNS=5 runs of each measure, then one run per PARALLEL_EXTRA value
#   RUNS=1 bench/run.sh          a quick try
#   TLS=1 bench/run.sh           the same over TLS 1.3: a certificate made here with openssl, the sink
#                                serving it, curl trusting it with --cacert and Filegate with the
#                                documented setting filegate.tls.trust-store (writes bench/results-tls.md)
#
# Measures (see bench/README.md):
#   a 1 GiB file   Filegate --sync (-Xmx128m) vs curl -F: transfer rate, end-to-end breakdown, peak RSS
#   2,000 x 10 KiB Filegate --sync vs one curl process per file vs one curl process over one connection
# Prints a table (median/min/max over the runs) and writes it to bench/results.md (OUT=... to change).
# Never part of mvn verify. Needs java 17, python3, /usr/bin/curl, /usr/bin/time (GNU time), and builds
# target/filegate.jar with Maven if it is missing. Uses about 1 GiB in $TMPDIR (default /tmp).
#
# Knobs: RUNS (5), BIG_MIB (1024), SMALL_FILES (2000), SMALL_KIB (10), HEAP (-Xmx128m),
#        PARALLEL_EXTRA ("8": extra one-off small-file runs with these filegate.parallel-files values),
#        WARM_FILES (10000: one run this long, rated over its last SMALL_FILES files, when the JVM is warm;
#        0 = skip), CURL_LOOP (1; 0 skips the one-curl-process-per-file loop, which over TLS on a
#        loaded machine takes minutes per run), TLS (0), OUT (bench/results.md, or bench/results-tls.md with TLS=1).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
BIG_MIB=${BIG_MIB:-1024}
SMALL_FILES=${SMALL_FILES:-2000}
SMALL_KIB=${SMALL_KIB:-10}
HEAP=${HEAP:--Xmx128m}
PARALLEL_EXTRA=${PARALLEL_EXTRA-8}
WARM_FILES=${WARM_FILES-10000}
TLS=${TLS:-0}
CURL_LOOP=${CURL_LOOP:-1}
if [ "$TLS" = 1 ]; then OUT=${OUT:-bench/results-tls.md}; else OUT=${OUT:-bench/results.md}; fi

# loopback only: no proxy may redirect a request elsewhere (curl also gets -q --noproxy '*')
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY
export LANG=C.UTF-8

tools=(java python3 /usr/bin/curl /usr/bin/time)
[ "$TLS" = 1 ] && tools+=(openssl)
for tool in "${tools[@]}"; do
  command -v "$tool" > /dev/null || { echo "bench: $tool is missing" >&2; exit 2; }
done
if [ ! -f target/filegate.jar ]; then
  echo "bench: building target/filegate.jar" >&2
  mvn -B -q -DskipTests package
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/filegate-bench.XXXXXX")
sink_pid=""
child_pid=""
cleanup() {
  # Filegate runs under GNU time, which does not pass signals on: end the child's children too
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

log() { echo "bench: $*" >&2; }
now_ms() { date +%s%3N; }
calc() { awk "BEGIN { printf \"%.3f\", $1 }"; }
record() { echo "$1 $2" >> "$work/raw.txt"; }
curl_cmd=(/usr/bin/curl -q -s --noproxy '*')

# --- sink ----------------------------------------------------------------------------------------------
port=$(python3 bench/bench.py port)
scheme=http
sink_jvm=()
if [ "$TLS" = 1 ]; then
  # a self-signed P-256 certificate for 127.0.0.1, as a private CA's server certificate would be
  scheme=https
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$work/key.pem" -out "$work/cert.pem" 2> /dev/null
  openssl pkcs12 -export -inkey "$work/key.pem" -in "$work/cert.pem" -out "$work/sink.p12" -passout pass:bench
  sink_jvm=("-Dsink.tls=$work/sink.p12" -Dsink.tls-password=bench)
  curl_cmd+=(--cacert "$work/cert.pem")
fi
base="$scheme://127.0.0.1:$port"
url="$base/v1/files"
java "${sink_jvm[@]}" bench/Sink.java "$port" > "$work/sink.log" 2>&1 &
sink_pid=$!
for _ in $(seq 1 600); do
  grep -q listening "$work/sink.log" 2> /dev/null && break
  kill -0 "$sink_pid" 2> /dev/null || { cat "$work/sink.log" >&2; exit 1; }
  sleep 0.2
done
grep -q listening "$work/sink.log" || { log "the sink did not start"; exit 1; }
log "sink on 127.0.0.1:$port; work dir $work"

# --- data ----------------------------------------------------------------------------------------------
big_bytes=$((BIG_MIB * 1024 * 1024))
mkdir -p "$work/data/small/user_data"
log "writing a $BIG_MIB MiB file and $SMALL_FILES files of $SMALL_KIB KiB"
head -c "$big_bytes" /dev/urandom > "$work/data/big.bin"
# older than filegate.inbox.stable-ms, so Filegate takes the files at once
touch -d '1 minute ago' "$work/data/big.bin"
python3 bench/bench.py small-data "$work/data/small/user_data" "$SMALL_FILES" $((SMALL_KIB * 1024))
small_files=("$work"/data/small/user_data/*.bin)
BENCH_CACERT=$([ "$TLS" = 1 ] && echo "$work/cert.pem") \
  python3 bench/bench.py curl-config "$work/single.cfg" "$url" "${small_files[@]}"

# an openai-compatible instance pointing at the sink; max-bytes lifts OpenAI's 512 MB limit.
# Files sit under user_data/, so the built-in rule default:purpose-folder gives them purpose user_data.
fg_props=(-Dfilegate.provider=bench -Dfilegate.providers.bench.type=openai-compatible
  "-Dfilegate.providers.bench.base-url=$base/v1"
  "-Dfilegate.providers.bench.max-bytes=$((big_bytes * 2))")
[ "$TLS" = 1 ] && fg_props+=("-Dfilegate.tls.trust-store=$work/cert.pem")

# what the sink saw since the last reset: "requests connections tls-sessions" (see bench/Sink.java)
# shellcheck disable=SC2317
sink_reset() { "${curl_cmd[@]}" -o /dev/null -X POST "$base/connections"; }
sink_stats() { "${curl_cmd[@]}" "$base/connections"; }
# run_filegate DIR [-Dkey=value...]: Filegate --sync on DIR/inbox with manifest DIR/manifest.jsonl;
# sets fg_t0 / fg_wall (ms, launch to exit) and fg_rss (MiB, from GNU time)
run_filegate() {
  local dir=$1 rc=0
  shift
  fg_t0=$(now_ms)
  # in the background, so that a signal to this script is acted on at once (see cleanup)
  /usr/bin/time -v -o "$dir/time.txt" java "$HEAP" "-Dfilegate.inbox=$dir/inbox" \
    "-Dfilegate.manifest=$dir/manifest.jsonl" "${fg_props[@]}" "$@" -jar target/filegate.jar --sync \
    > "$dir/out.txt" 2> "$dir/err.txt" &
  child_pid=$!
  wait "$child_pid" || rc=$?
  child_pid=""
  fg_wall=$(($(now_ms) - fg_t0))
  if [ "$rc" != 0 ]; then
    log "Filegate exited with $rc; its log:"
    tail -20 "$dir/err.txt" >&2
    exit 1
  fi
  fg_rss=$(calc "$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$dir/time.txt") / 1024")
}

# run_small TAG DIR [-Dkey=value...]: Filegate on a fresh inbox holding (hard links to) the small files
run_small() {
  local tag=$1 dir=$2 n first last steady whole
  shift 2
  mkdir -p "$dir/inbox"
  cp -al "$work/data/small/user_data" "$dir/inbox/"
  sink_reset
  run_filegate "$dir" "$@"
  read -r _ conns sessions < <(sink_stats)
  read -r n first last < <(python3 bench/bench.py small-manifest "$dir/manifest.jsonl")
  if [ "$n" != "$SMALL_FILES" ]; then
    log "Filegate uploaded $n of $SMALL_FILES files"
    exit 1
  fi
  steady=$(calc "$n / (($last - $first) / 1000)")
  whole=$(calc "$n / ($fg_wall / 1000)")
  record "small.$tag.steady" "$steady"
  record "small.$tag.whole" "$whole"
  if [ "$tag" = fg ]; then
    record small.fg.wall "$(calc "$fg_wall / 1000")"
    record small.fg.rss "$fg_rss"
    record small.fg.conns "$conns"
    [ "$TLS" = 1 ] && record small.fg.sessions "$sessions"
  fi
  log "  Filegate${*:+ $*}: steady $steady files/s, whole process $whole files/s ($fg_wall ms, peak RSS $fg_rss MiB;"\
      "the sink saw $conns connection(s), $sessions TLS session(s), the probe's included)"
  rm -rf "$dir"
}

start_load=$(cut -d' ' -f1-3 /proc/loadavg)
bench_t0=$(now_ms)
for i in $(seq 1 "$RUNS"); do
  # the measures of one run follow each other, so that load from elsewhere hits all of them alike
  log "run $i of $RUNS"

  # the big file, Filegate
  d="$work/big-fg-$i"
  mkdir -p "$d/inbox/user_data"
  ln "$work/data/big.bin" "$d/inbox/user_data/big.bin"
  run_filegate "$d"
  read -r intent_ms _ upload_ms prepare_ms bytes < <(python3 bench/bench.py big-manifest "$d/manifest.jsonl")
  [ "$bytes" = "$big_bytes" ] || { log "Filegate sent $bytes bytes, not $big_bytes"; exit 1; }
  start_ms=$((intent_ms - fg_t0 - prepare_ms))
  rest_ms=$((fg_wall - start_ms - prepare_ms - upload_ms))
  fg_rate=$(calc "$bytes / $upload_ms / 1000")
  record big.fg.rate "$fg_rate"
  record big.fg.start "$start_ms"
  record big.fg.prepare "$prepare_ms"
  record big.fg.upload "$upload_ms"
  record big.fg.rest "$rest_ms"
  record big.fg.wall "$fg_wall"
  record big.fg.rss "$fg_rss"
  log "  big file, Filegate: $fg_rate MB/s (start $start_ms, prepare $prepare_ms, upload $upload_ms, rest $rest_ms ms; peak RSS $fg_rss MiB)"
  rm -rf "$d"

  # the big file, curl
  read -r code total < <("${curl_cmd[@]}" -o /dev/null -w '%{http_code} %{time_total}\n' \
    -F purpose=user_data -F "file=@$work/data/big.bin" "$url")
  [ "$code" = 200 ] || { log "curl got HTTP $code"; exit 1; }
  curl_rate=$(calc "$big_bytes / $total / 1000000")
  record big.curl.rate "$curl_rate"
  record big.curl.wall "$(calc "$total * 1000")"
  record big.ratio "$(calc "$fg_rate / $curl_rate")"
  log "  big file, curl: $curl_rate MB/s (${total} s)"

  # small files, Filegate with its default parallelism
  run_small fg "$work/small-fg-$i"

  # small files, one curl process per file
  if [ "$CURL_LOOP" = 1 ]; then
    t0=$(now_ms)
    for f in "${small_files[@]}"; do
      "${curl_cmd[@]}" -o /dev/null -w '%{http_code}\n' -F purpose=user_data -F "file=@$f" "$url"
    done > "$work/loop.txt"
    t=$(($(now_ms) - t0))
    ok=$(grep -c '^200$' "$work/loop.txt" || true)
    [ "$ok" = "$SMALL_FILES" ] || { log "curl loop: $ok of $SMALL_FILES answered 200"; exit 1; }
    record small.loop.rate "$(calc "$SMALL_FILES / ($t / 1000)")"
    log "  curl per file: $(calc "$SMALL_FILES / ($t / 1000)") files/s ($t ms)"
  fi

  # small files, one curl process, transfers one after another over one kept-alive connection
  sink_reset
  t0=$(now_ms)
  "${curl_cmd[@]}" -K "$work/single.cfg" > "$work/single.txt"
  t=$(($(now_ms) - t0))
  ok=$(grep -c '^200 ' "$work/single.txt" || true)
  conns=$(awk '{ n += $2 } END { print n }' "$work/single.txt")
  [ "$ok" = "$SMALL_FILES" ] || { log "one curl: $ok of $SMALL_FILES answered 200"; exit 1; }
  [ "$TLS" = 1 ] && record small.single.sessions "$(sink_stats | cut -d' ' -f3)"
  record small.single.rate "$(calc "$SMALL_FILES / ($t / 1000)")"
  record small.single.conns "$conns"
  log "  one curl: $(calc "$SMALL_FILES / ($t / 1000)") files/s ($t ms, $conns connection(s) opened)"
done

for p in $PARALLEL_EXTRA; do
  log "one run with filegate.parallel-files=$p"
  run_small "fgp$p" "$work/small-fgp$p" "-Dfilegate.parallel-files=$p"
done
if [ "$WARM_FILES" -gt 0 ]; then
  # a one-shot run of 2,000 files is mostly JIT warm-up; a long run shows the rate a running service keeps
  log "one run of $WARM_FILES files, rated over its last $SMALL_FILES"
  d="$work/warm"
  mkdir -p "$d/inbox/user_data"
  python3 bench/bench.py small-data "$d/inbox/user_data" "$WARM_FILES" $((SMALL_KIB * 1024))
  run_filegate "$d"
  read -r n first last < <(python3 bench/bench.py small-manifest "$d/manifest.jsonl" "$SMALL_FILES")
  warm=$(calc "($n - 1) / (($last - $first) / 1000)")
  record small.warm.steady "$warm"
  log "  Filegate, last $n of $WARM_FILES files: $warm files/s"
  rm -rf "$d"
fi
bench_s=$((($(now_ms) - bench_t0) / 1000))

# --- report --------------------------------------------------------------------------------------------
default_parallel=$(awk -F' *= *' '$1 == "filegate.parallel-files" { print $2 }' application.properties)
{
  echo "Filegate benchmark, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD 2> /dev/null || echo '?')"
  echo
  echo "- machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'),"\
       "$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $(uname -sr)"
  echo "- load average (1/5/15 min): $start_load at start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
  echo "- $(java -version 2>&1 | head -1); $(java -version 2>&1 | sed -n 3p)"
  echo "- $(/usr/bin/curl --version | head -1)"
  echo "- $RUNS run(s) of each measure (median, min, max), runs interleaved; $BIG_MIB MiB file, $SMALL_FILES files of" \
       "$SMALL_KIB KiB; Filegate with $HEAP, default filegate.parallel-files=${default_parallel:-4};" \
       "sink bench/Sink.java on 127.0.0.1$([ "$TLS" = 1 ] && echo ' over TLS 1.3 (self-signed P-256 certificate, trusted by curl --cacert and filegate.tls.trust-store)'); benchmark time ${bench_s} s"
  echo "- MB/s = 10^6 bytes/s of file content (multipart framing not counted); MiB = 2^20 bytes"
} > "$work/meta.txt"
if [ "$BIG_MIB" = 1024 ]; then big_label="1 GiB"; else big_label="$BIG_MIB MiB"; fi
BENCH_BIG_LABEL="$big_label" BENCH_SMALL_LABEL="$SMALL_FILES x $SMALL_KIB KiB" \
  BENCH_WARM_LABEL="$WARM_FILES x $SMALL_KIB KiB in one run: Filegate rate over its last $SMALL_FILES files (warm JVM)" \
  python3 bench/bench.py report "$work/raw.txt" "$work/meta.txt" "$OUT"
log "written to $OUT"
