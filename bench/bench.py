#!/usr/bin/env python3
"""Helpers for bench/run.sh (standard library only).

  bench.py port                                   a free TCP port on 127.0.0.1
  bench.py small-data DIR COUNT BYTES             COUNT random files of BYTES bytes, mtime one minute ago
  bench.py curl-config FILE URL PATH...           a curl -K config: one transfer per PATH over one handle
  bench.py big-manifest MANIFEST                  intent_ms uploaded_ms upload_ms prepare_ms bytes of the upload
  bench.py small-manifest MANIFEST [LAST]         uploaded first_ms last_ms of the 'uploaded' lines
                                                  (of the LAST ones only, when given)
  bench.py small-stages MANIFEST LAUNCH_MS EXIT_MS [WARM]
                                                  where a one-shot run's wall time went, in ms: launch -> first
                                                  intent line (JVM, Camel, probe, scan), first intent -> WARM-th
                                                  uploaded line (warm-up; 250), the rest of the uploads, last
                                                  uploaded line -> exit
  bench.py report RAW META OUT                    median/min/max table + targets, to stdout and OUT
"""
import datetime
import json
import os
import socket
import statistics
import sys
import time


def ts_ms(ts):
    return int(datetime.datetime.fromisoformat(ts.replace("Z", "+00:00")).timestamp() * 1000)


def lines(manifest):
    with open(manifest, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                yield json.loads(line)


def cmd_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])
    s.close()


def cmd_small_data(folder, count, size):
    os.makedirs(folder, exist_ok=True)
    old = time.time() - 60
    for i in range(int(count)):
        p = os.path.join(folder, "f%05d.bin" % i)
        with open(p, "wb") as f:
            f.write(os.urandom(int(size)))  # random: no two files share a sha256, so nothing is deduplicated
        os.utime(p, (old, old))


def cmd_curl_config(out, url, *paths):
    # options after "next" start a new transfer; curl keeps the connection open between them
    with open(out, "w", encoding="utf-8") as f:
        for i, p in enumerate(paths):
            if i:
                f.write("next\n")
            f.write('url = "%s"\nnoproxy = "*"\nform = "purpose=user_data"\nform = "file=@%s"\noutput = "/dev/null"\n'
                    'write-out = "%%{http_code} %%{num_connects}\\n"\n' % (url, p))
            # "next" resets every option, the command line's too: a private CA must be named per transfer
            if os.environ.get("BENCH_CACERT"):
                f.write('cacert = "%s"\n' % os.environ["BENCH_CACERT"])


def cmd_big_manifest(manifest):
    intent = uploaded = None
    for e in lines(manifest):
        if e["event"] == "intent" and intent is None:
            intent = e
        elif e["event"] == "uploaded":
            uploaded = e
    if intent is None or uploaded is None:
        sys.exit("no intent/uploaded line in " + manifest)
    print(ts_ms(intent["ts"]), ts_ms(uploaded["ts"]), uploaded["upload_ms"], uploaded["prepare_ms"],
          uploaded["bytes"])


def cmd_small_manifest(manifest, last=None):
    stamps = sorted(ts_ms(e["ts"]) for e in lines(manifest) if e["event"] == "uploaded")
    if not stamps:
        sys.exit("no uploaded line in " + manifest)
    if last is not None:
        stamps = stamps[-int(last):]
    print(len(stamps), min(stamps), max(stamps))


def cmd_small_stages(manifest, launch, exit_ms, warm="250"):
    entries = list(lines(manifest))
    intents = sorted(ts_ms(e["ts"]) for e in entries if e["event"] == "intent")
    uploaded = sorted(ts_ms(e["ts"]) for e in entries if e["event"] == "uploaded")
    if not intents or not uploaded:
        sys.exit("no intent or uploaded line in " + manifest)
    w = uploaded[min(int(warm), len(uploaded)) - 1]
    print(intents[0] - int(launch), w - intents[0], uploaded[-1] - w, int(exit_ms) - uploaded[-1])


# measure key -> (label, unit, decimals); the order here is the order of the table
MEASURES = [
    ("big.fg.rate", "1 GiB: Filegate transfer rate (bytes / upload_ms)", "MB/s", 1),
    ("big.curl.rate", "1 GiB: curl -F rate (bytes / time_total)", "MB/s", 1),
    ("big.ratio", "1 GiB: Filegate / curl, per run", "x", 2),
    ("big.fg.start", "1 GiB: Filegate JVM + Camel start (launch -> first manifest line - prepare)", "ms", 0),
    ("big.fg.prepare", "1 GiB: Filegate prepare_ms (sha256 + checks)", "ms", 0),
    ("big.fg.upload", "1 GiB: Filegate upload_ms (transfer)", "ms", 0),
    ("big.fg.rest", "1 GiB: Filegate manifest + move + exit (remainder)", "ms", 0),
    ("big.fg.wall", "1 GiB: Filegate whole process", "ms", 0),
    ("big.curl.wall", "1 GiB: curl time_total", "ms", 0),
    ("big.fg.rss", "1 GiB: Filegate peak RSS (-Xmx128m)", "MiB", 0),
    ("small.fg.steady", "2,000 x 10 KiB: Filegate steady rate (first -> last uploaded ts)", "files/s", 1),
    ("small.fg.whole", "2,000 x 10 KiB: Filegate whole-process rate", "files/s", 1),
    ("small.fg.wall", "2,000 x 10 KiB: Filegate whole process", "s", 1),
    ("small.fg.rss", "2,000 x 10 KiB: Filegate peak RSS (-Xmx128m)", "MiB", 0),
    ("small.loop.rate", "2,000 x 10 KiB: one curl process per file", "files/s", 1),
    ("small.single.rate", "2,000 x 10 KiB: one curl process, one reused connection", "files/s", 1),
    ("small.single.conns", "2,000 x 10 KiB: connections opened by that one curl", "", 0),
    ("small.single.sessions", "2,000 x 10 KiB: TLS handshakes the sink saw from that one curl", "", 0),
    ("small.fg.conns", "2,000 x 10 KiB: connections the sink saw from Filegate (probe included)", "", 0),
    ("small.fg.sessions", "2,000 x 10 KiB: TLS handshakes the sink saw from Filegate (probe included)", "", 0),
]


def fmt(v, d):
    return ("%%.%df" % d) % v


def cmd_report(raw, meta, out):
    values = {}
    with open(raw, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 2:
                values.setdefault(parts[0], []).append(float(parts[1]))
    with open(meta, encoding="utf-8") as f:
        meta_text = f.read().rstrip("\n")

    measures = list(MEASURES)
    # one-off runs with another filegate.parallel-files, in the order they were made
    extra = sorted({k.split(".")[1] for k in values if k.startswith("small.fgp")}, key=lambda s: int(s[3:]))
    for tag in extra:
        n = tag[3:]
        measures.append(("small.%s.steady" % tag,
                         "2,000 x 10 KiB: Filegate steady rate, parallel-files=%s" % n, "files/s", 1))
        measures.append(("small.%s.whole" % tag,
                         "2,000 x 10 KiB: Filegate whole-process rate, parallel-files=%s" % n, "files/s", 1))

    if "small.warm.steady" in values:
        measures.append(("small.warm.steady", os.environ.get("BENCH_WARM_LABEL", "warm"), "files/s", 1))

    # labels say what run.sh measured (BIG_MIB / SMALL_FILES / SMALL_KIB may differ from the defaults)
    big = os.environ.get("BENCH_BIG_LABEL", "1 GiB")
    small = os.environ.get("BENCH_SMALL_LABEL", "2,000 x 10 KiB")
    measures = [(k, label.replace("1 GiB", big).replace("2,000 x 10 KiB", small), unit, d)
                for k, label, unit, d in measures]
    out_lines = [meta_text, "", "| measure | unit | median | min | max | runs |", "|---|---|---:|---:|---:|---:|"]
    med = {}
    for key, label, unit, d in measures:
        v = values.get(key)
        if not v:
            continue
        med[key] = statistics.median(v)
        out_lines.append("| %s | %s | %s | %s | %s | %d |" % (label, unit, fmt(med[key], d), fmt(min(v), d),
                                                             fmt(max(v), d), len(v)))

    def target(name, value, goal, ok):
        if value is None:
            return "| %s | n/a | %s | not measured |" % (name, goal)
        return "| %s | %s | %s | %s |" % (name, value, goal, "met" if ok else "**missed**")

    out_lines += ["", "| target (medians) | measured | goal | |", "|---|---:|---:|---|"]
    if "big.fg.rate" in med and "big.curl.rate" in med:
        r = med["big.fg.rate"] / med["big.curl.rate"]
        out_lines.append(target("1 GiB transfer: Filegate MB/s / curl MB/s", "%.2fx" % r, ">= 0.90x", r >= 0.9))
    if "big.fg.rss" in med:
        m = max(values["big.fg.rss"])
        out_lines.append(target("1 GiB: Filegate peak RSS (largest run)", "%.0f MiB" % m, "<= 256 MB",
                                m * 1024 * 1024 <= 256e6))
    if "small.fg.steady" in med and "small.loop.rate" in med:
        r = med["small.fg.steady"] / med["small.loop.rate"]
        out_lines.append(target("small files: Filegate steady / curl-per-file loop", "%.2fx" % r, ">= 5x", r >= 5))
    if "small.fg.steady" in med and "small.single.rate" in med:
        r = med["small.fg.steady"] / med["small.single.rate"]
        out_lines.append(target("small files: Filegate steady / one-connection curl", "%.2fx" % r, ">= 0.4x",
                                r >= 0.4))
    if "small.fg.whole" in med and "small.loop.rate" in med:
        out_lines.append("| small files: Filegate whole-process / curl-per-file loop (no target) | %.2fx | | |"
                         % (med["small.fg.whole"] / med["small.loop.rate"]))
    if "small.fg.whole" in med and "small.single.rate" in med:
        out_lines.append("| small files: Filegate whole-process / one-connection curl (no target) | %.2fx | | |"
                         % (med["small.fg.whole"] / med["small.single.rate"]))
    if "small.warm.steady" in med and "small.single.rate" in med:
        out_lines.append("| small files: Filegate warm rate (last files of a long run) / one-connection curl"
                         " (no target) | %.2fx | | |" % (med["small.warm.steady"] / med["small.single.rate"]))
    text = "\n".join(out_lines) + "\n"
    sys.stdout.write(text)
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"port": cmd_port, "small-data": cmd_small_data, "curl-config": cmd_curl_config,
     "big-manifest": cmd_big_manifest, "small-manifest": cmd_small_manifest,
     "small-stages": cmd_small_stages, "report": cmd_report}[cmd](*args)
