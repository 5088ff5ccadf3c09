#!/usr/bin/env bash
# Uploads one large file through the packaged jar with a small heap and reports peak RSS.
# Usage: bench/streaming.sh [size-MiB] [heap]   (defaults: 1024 MiB, -Xmx64m). Needs: target/filegate.jar.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mib=${1:-1024}
heap=${2:--Xmx64m}
work=$(mktemp -d)
trap 'kill $sink_pid 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
java bench/Sink.java "$port" > "$work/sink.log" 2>&1 &
sink_pid=$!
until grep -q listening "$work/sink.log" 2>/dev/null; do sleep 0.2; done
mkdir -p "$work/inbox/docs"
{ printf '%%PDF-1.4\n'; head -c "$((size_mib * 1024 * 1024 - 9))" /dev/urandom; } > "$work/inbox/docs/big.pdf"  # content sniffing wants a PDF header
touch -d '1 minute ago' "$work/inbox/docs/big.pdf"
# an openai-compatible instance whose max-bytes lifts OpenAI's 512 MB limit, as for a local server
/usr/bin/time -v java "$heap" -Dfilegate.inbox="$work/inbox" -Dfilegate.manifest="$work/manifest.jsonl" \
  -Dfilegate.provider=bench -Dfilegate.providers.bench.type=openai-compatible \
  -Dfilegate.providers.bench.base-url="http://127.0.0.1:$port/v1" \
  -Dfilegate.providers.bench.max-bytes="$((size_mib * 2 * 1024 * 1024))" \
  -jar target/filegate.jar --sync > "$work/out.txt" 2> "$work/time.txt" || true
grep -h "filegate sync" "$work/out.txt"
grep -E "Maximum resident|Elapsed \(wall" "$work/time.txt"
tail -1 "$work/manifest.jsonl"
