#!/usr/bin/env bash
# Validation throughput (issue 4, item 5): generates a 1 GiB OpenAI chat-format JSONL and times
# filegate.validate.Preparer on it, pinned to one core, printing the median MB/s of "validation alone" and of
# the full prepare pass (validation + sha256). Not part of the build.
# Usage: bench/validate.sh [size-MiB] [runs]   (defaults: 1024 MiB, 5 runs). Env KEEP=path keeps the data file.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mib=${1:-1024}
runs=${2:-5}
mvn -B -q -DskipTests compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
cp="target/classes:$(cat target/bench.classpath)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data=${KEEP:-$work/chat.jsonl}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine lowers the wall-clock figures)"
echo "machine: nproc=$(nproc), cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(java -version 2>&1 | head -1)"
pin=()
if command -v taskset >/dev/null; then
  pin=(taskset -c 0)
  echo "pinned to one core: taskset -c 0, -XX:ActiveProcessorCount=1, SerialGC, -Xmx64m"
fi
"${pin[@]}" java -XX:ActiveProcessorCount=1 -XX:+UseSerialGC -Xmx64m -cp "$cp" bench/ValidateBench.java \
  "$data" "$size_mib" "$runs"
