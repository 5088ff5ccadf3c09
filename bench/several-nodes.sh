#!/usr/bin/env bash
# Files/s of one, two and three Filegate nodes on one PostgreSQL store (docs/several-nodes.md), against a
# loopback provider that takes LATENCY_MS per upload; the JSONL manifest with one process beside them.
#
#   bench/several-nodes.sh             FILES=900 LATENCY_MS=100
#
# Everything runs on 127.0.0.1: an embedded PostgreSQL 14 (fsync on), the fake provider, and each node in
# its own JVM with the shipped routes/ and application.properties. Prints a Markdown table. Never part of
# mvn verify. Needs only JDK 17 and Maven (the test classpath is built once).
set -euo pipefail
cd "$(dirname "$0")/.."
FILES=${FILES:-900}
LATENCY_MS=${LATENCY_MS:-100}
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY
export LC_ALL=C.UTF-8

mvn -B -q test-compile
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"
exec java -Djava.net.preferIPv4Stack=true -cp "target/test-classes:target/classes:$(cat "$cp_file")" \
  filegate.support.ClusterBench "$FILES" "$LATENCY_MS"
