#!/usr/bin/env python3
"""MesoLive Monitor benchmarks, side by side with Microsoft's official JavaScript client.

One command:  python3 tests/bench/run.py            (about 15 minutes; --quick: about 5)

Builds the programs (MESOLIVE_BENCH=ON) into build-bench/, installs the Node peer with
`npm ci`, starts the flood source and every client itself on 127.0.0.1, repeats each
measurement (--repeats, default 3), prints a table of medians and ranges and writes every
sample to a JSON file (--out, default build-bench/bench-results.json). Ratios against the
official client are taken within the same repeat, then summarised.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
JS = os.path.join(HERE, "js")


def log(message):
    print(message, file=sys.stderr, flush=True)


def build(build_dir):
    subprocess.run(["cmake", "-S", ROOT, "-B", build_dir, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
                    "-DMESOLIVE_BENCH=ON"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["ninja", "-C", build_dir, "mesolive-events", "mesolive-monitor", "mesolive-hubsim", "mesolive-bench-hub",
                    "mesolive-bench-client"], check=True, stdout=subprocess.DEVNULL)
    lock = os.path.join(JS, "package-lock.json")
    stamp = os.path.join(JS, "node_modules", ".package-lock.json")
    if not os.path.exists(stamp) or os.path.getmtime(stamp) < os.path.getmtime(lock):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=JS, check=True,
                       stdout=subprocess.DEVNULL)


class Hub:
    """The flood source: the project's simulator (mesolive-bench-hub)."""

    def __init__(self, bins, *args):
        self.process = subprocess.Popen([bins["hub"], *map(str, args)], stdout=subprocess.PIPE, text=True)
        self.url = self.process.stdout.readline().strip()
        if not self.url.startswith("http"):
            raise RuntimeError("the hub did not start")
        self.instance = re.match(r"(https?://[^/]+)", self.url).group(1)

    def close(self):
        self.process.kill()
        self.process.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def run_json(command, timeout=600, env=None):
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=timeout,
                            env=env)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise RuntimeError("%s failed (%d): %s" % (command[0], result.returncode, result.stderr[-2000:]))
    return json.loads(lines[-1])


def offscreen_env():
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def dump_rate(bins, hub, events):
    """mesolive-events dump writing to /dev/null: the rate at which it writes, read from
    /proc/PID/io (wchar), from its first write to its last."""
    with open(os.devnull, "wb") as null:
        # JSON: the bench hub's pre-serialised flood is JSON text (MessagePack clients get
        # none of it), and the official client it is compared with speaks JSON too.
        process = subprocess.Popen([bins["events"], "dump", "--instance", hub.instance, "--api-key", "bench",
                                    "--format", "jsonl", "--protocol", "json"], stdout=null, stderr=subprocess.PIPE)
    io_path = "/proc/%d/io" % process.pid
    first = last = None
    previous = 0
    deadline = time.monotonic() + 600
    try:
        while time.monotonic() < deadline:
            try:
                with open(io_path) as f:
                    wchar = int(re.search(r"wchar: (\d+)", f.read()).group(1))
            except (OSError, AttributeError):
                break
            now = time.monotonic()
            if wchar != previous:
                if first is None:
                    first = now
                last = now
                previous = wchar
            elif last is not None and now - last > 2.0:
                break
            time.sleep(0.002)
    finally:
        process.kill()
        process.wait()
    if first is None or last is None or last <= first:
        raise RuntimeError("dump wrote nothing: %s" % process.stderr.read().decode()[-2000:])
    seconds = last - first
    return {"events": events, "seconds": seconds, "rate": (events - 1) / seconds, "bytes_written": previous,
            "bytes_per_event": previous / events}


def live(bins, events):
    samples = {}
    for name in ("ceiling", "qwebsocket", "dump", "models", "official"):
        with Hub(bins, "--flood", events) as hub:
            if name == "ceiling":
                result = run_json(["node", os.path.join(JS, "raw-reader.js"), "live", hub.url, str(events)])
            elif name == "qwebsocket":
                # QWebSocket alone, counting: the ceiling of any client built on it.
                result = run_json([bins["client"], "socket", "--hub", hub.url, "--events", str(events)],
                                  env=offscreen_env())
            elif name == "dump":
                result = dump_rate(bins, hub, events)
            elif name == "models":
                result = run_json([bins["client"], "models", "--hub", hub.url, "--events", str(events)],
                                  env=offscreen_env())
            else:
                result = run_json(["node", os.path.join(JS, "peer.js"), "live", hub.url, str(events)])
        samples[name] = result
        log("  live %-8s %10.0f events/s" % (name, result["rate"]))
    return samples


def history(bins, events):
    samples = {}
    with Hub(bins, "--seed-history", events) as hub:
        for name in ("ceiling", "ours", "official"):
            if name == "ceiling":
                result = run_json(["node", os.path.join(JS, "raw-reader.js"), "history", hub.url, str(events)])
            elif name == "ours":
                result = run_json([bins["client"], "history", "--hub", hub.url, "--events", str(events)],
                                  env=offscreen_env())
            else:
                result = run_json(["node", os.path.join(JS, "peer.js"), "history", hub.url, str(events)])
            samples[name] = result
            log("  history %-8s %10.0f events/s (%d events)" % (name, result["rate"], result["events"]))
    return samples


def memory(bins, events):
    samples = {}
    for label, rows in (("bounded", 10000), ("unbounded", 0)):
        with Hub(bins, "--flood", events) as hub:
            result = run_json([bins["client"], "models", "--hub", hub.url, "--events", str(events), "--max-rows",
                               str(rows)], env=offscreen_env())
        samples[label] = result
        log("  memory %-9s %7.0f bytes/retained event (%d retained, raw JSON %.0f), peak RSS %d MiB" % (
            label, result["bytes_per_retained"], result["retained"], result["raw_json_bytes"],
            result["peak_rss_kib"] // 1024))
    return samples


def latency(bins, seconds):
    samples = {}
    for rate in (1000, 10000):
        events = int(rate * seconds)
        with Hub(bins, "--flood", events, "--flood-rate", rate) as hub:
            result = run_json([bins["client"], "models", "--hub", hub.url, "--events", str(events)],
                              env=offscreen_env())
        samples[str(rate)] = result
        log("  latency %5d/s p50 %.0f ms p99 %.0f ms" % (rate, result["p50_ms"], result["p99_ms"]))
    with Hub(bins, "--flood", 100000) as hub:
        result = run_json([bins["client"], "models", "--hub", hub.url, "--events", "100000"], env=offscreen_env())
    samples["stall"] = result
    log("  longest UI-thread stall in a 100,000-event flood: %.0f ms" % result["max_stall_ms"])
    return samples


def csv_export(bins, events, work):
    result = run_json([bins["client"], "csv", "--events", str(events), "--dir", work], timeout=1800,
                      env=offscreen_env())
    log("  csv %.1f MB/s (writer alone %.1f MB/s)" % (result["mb_per_s"], result["writer_mb_per_s"]))
    return result


def cold_start(bins):
    home = tempfile.mkdtemp(prefix="mesolive-bench-home-")
    try:
        env = offscreen_env()
        env.update({"HOME": home, "XDG_CONFIG_HOME": os.path.join(home, ".config"),
                    "XDG_DATA_HOME": os.path.join(home, ".local/share"), "MESOLIVE_STARTUP_TIMING": "1",
                    "MESOLIVE_SCREENSHOT": os.path.join(home, "shot.png"), "MESOLIVE_SCREENSHOT_DELAY_MS": "0"})
        began = time.monotonic()
        result = subprocess.run([bins["monitor"], "--demo"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=env, timeout=120)
        wall = (time.monotonic() - began) * 1000
        match = re.search(r"first paint after (\d+) ms", result.stderr)
        if not match:
            raise RuntimeError("no startup timing: %s" % result.stderr[-2000:])
        sample = {"first_paint_ms": int(match.group(1)), "to_exit_ms": wall}
        log("  cold start: first paint %d ms (process %.0f ms)" % (sample["first_paint_ms"], wall))
        return sample
    finally:
        shutil.rmtree(home, ignore_errors=True)


def instructions(bins):
    """Instructions per event for framing + parsing + dispatch (callgrind): the difference
    between two runs, so that start-up and set-up cancel out."""
    if not shutil.which("valgrind"):
        return None
    counts = {}
    for events in (10000, 30000):
        out = tempfile.mktemp(prefix="callgrind-")
        subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out, bins["client"], "decode",
                        "--events", str(events)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
                       env=offscreen_env())
        with open(out) as f:
            text = f.read()
        os.remove(out)
        counts[events] = int(re.search(r"^summary: (\d+)", text, re.M).group(1))
    per_event = (counts[30000] - counts[10000]) / 20000
    log("  instructions per event (framing + parsing + dispatch): %.0f" % per_event)
    return {"instructions_per_event": per_event}


def summary(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "samples": values}


def fmt(s, digits=0, unit=""):
    if s is None:
        return "n/a"
    f = "%%.%df" % digits
    return (f % s["median"]) + unit + " (" + (f % s["min"]) + "–" + (f % s["max"]) + ")"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", default=os.path.join(ROOT, "build-bench"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="smaller runs (live 500k, memory 200k, CSV 200k events)")
    parser.add_argument("--only", default="live,history,memory,latency,csv,start,instructions")
    parser.add_argument("--out")
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()
    only = set(args.only.split(","))
    if not args.no_build:
        build(args.build_dir)
    b = args.build_dir
    bins = {"hub": os.path.join(b, "tests/bench/mesolive-bench-hub"),
            "client": os.path.join(b, "tests/bench/mesolive-bench-client"),
            "events": os.path.join(b, "app/cli/mesolive-events"),
            "monitor": os.path.join(b, "app/monitor/mesolive-monitor")}
    # Long enough to be steady: at 200,000 events the counting reader was done in 0.2-0.4 s
    # and its "ceiling" (460,000 events/s) was start-up (TCP window, the JIT), a third of
    # the 1-1.3 million it reaches after the first second.
    live_events = 500000 if args.quick else 2000000
    memory_events = 200000 if args.quick else 1000000
    csv_events = 200000 if args.quick else 1000000
    work = os.path.join(b, "bench-work")
    os.makedirs(work, exist_ok=True)

    runs = []
    single = {}
    if "instructions" in only:
        single["instructions"] = instructions(bins)
    if "csv" in only:
        log("csv export of %d stored events" % csv_events)
        single["csv"] = [csv_export(bins, csv_events, work) for _ in range(args.repeats)]
    for repeat in range(args.repeats):
        log("repeat %d/%d" % (repeat + 1, args.repeats))
        run = {}
        if "live" in only:
            run["live"] = live(bins, live_events)
        if "history" in only:
            run["history"] = history(bins, 200000)
        if "memory" in only:
            run["memory"] = memory(bins, memory_events)
        if "latency" in only:
            run["latency"] = latency(bins, 10)
        if "start" in only:
            run["start"] = cold_start(bins)
        runs.append(run)

    def pick(path):
        out = []
        for run in runs:
            node = run
            try:
                for key in path:
                    node = node[key]
            except (KeyError, TypeError):
                continue
            out.append(node)
        return out

    def ratio(a, b):
        out = []
        for run in runs:
            try:
                out.append(run[a[0]][a[1]]["rate"] / run[b[0]][b[1]]["rate"])
            except KeyError:
                pass
        return out

    table = []
    add = lambda name, s, digits=0, unit="", target="": table.append((name, fmt(s, digits, unit), target))
    if "live" in only:
        add("1. live: source ceiling (counting reader), events/s", summary(pick(["live", "ceiling", "rate"])))
        add("1. live: QWebSocket alone (counting, C++), events/s", summary(pick(["live", "qwebsocket", "rate"])))
        add("1a. live: mesolive-events dump > /dev/null, events/s", summary(pick(["live", "dump", "rate"])))
        add("1b. live: GUI live models (offscreen), events/s", summary(pick(["live", "models", "rate"])))
        add("1c. live: official @microsoft/signalr, events/s", summary(pick(["live", "official", "rate"])))
        add("1a/1c ratio", summary(ratio(("live", "dump"), ("live", "official"))), 2, "x", ">= 3x")
        add("1b/1c ratio", summary(ratio(("live", "models"), ("live", "official"))), 2, "x", ">= 1x")
    if "history" in only:
        add("2. history: source ceiling, events/s", summary(pick(["history", "ceiling", "rate"])))
        add("2. history: ours (HistoryReplay), events/s", summary(pick(["history", "ours", "rate"])))
        add("2. history: official, events/s", summary(pick(["history", "official", "rate"])))
        add("2. ours/official ratio", summary(ratio(("history", "ours"), ("history", "official"))), 2, "x", ">= 2x")
    if single.get("instructions"):
        table.append(("3. instructions per event (framing+parsing+dispatch)",
                      "%.0f" % single["instructions"]["instructions_per_event"], "report"))
    if "memory" in only:
        for label in ("bounded", "unbounded"):
            add("4. memory %s: bytes per retained event" % label,
                summary(pick(["memory", label, "bytes_per_retained"])))
            add("4. memory %s: beyond raw JSON, bytes" % label,
                summary(pick(["memory", label, "beyond_raw_bytes"])), 0, "", "<= 1024")
            add("4. memory %s: peak RSS, MiB" % label,
                summary([v / 1024 for v in pick(["memory", label, "peak_rss_kib"])]))
        add("4. raw JSON per event, bytes", summary(pick(["memory", "bounded", "raw_json_bytes"])))
    if "latency" in only:
        for rate in ("1000", "10000"):
            add("5. latency p50 at %s/s, ms" % rate, summary(pick(["latency", rate, "p50_ms"])))
            add("5. latency p99 at %s/s, ms" % rate, summary(pick(["latency", rate, "p99_ms"])), 0, "",
                "<= 50" if rate == "10000" else "")
        add("5. longest UI-thread stall, 100k flood, ms", summary(pick(["latency", "stall", "max_stall_ms"])), 0, "",
            "<= 50")
    if single.get("csv"):
        add("6. CSV export, MB/s", summary([s["mb_per_s"] for s in single["csv"]]), 1, "", ">= 100")
        add("6. CSV writer alone (in memory), MB/s", summary([s["writer_mb_per_s"] for s in single["csv"]]), 1)
    if "start" in only:
        add("7. cold start --demo to first paint, ms", summary(pick(["start", "first_paint_ms"])), 0, "", "<= 500")

    width = max(len(row[0]) for row in table) if table else 10
    print("%-*s  %-34s  %s" % (width, "figure", "median (min–max)", "target"))
    for name, value, target in table:
        print("%-*s  %-34s  %s" % (width, name, value, target))
    out = args.out or os.path.join(b, "bench-results.json")
    with open(os.path.splitext(out)[0] + ".md", "w") as f:
        f.write("| figure | median (min–max) | target |\n| --- | --- | --- |\n")
        for name, value, target in table:
            f.write("| %s | %s | %s |\n" % (name, value, target))
    with open(out, "w") as f:
        json.dump({"runs": runs, "single": single, "table": table,
                   "when": time.strftime("%Y-%m-%d %H:%M:%S")}, f, indent=1)
    log("results: %s" % out)


if __name__ == "__main__":
    main()
