#!/usr/bin/env python3
"""The flood a real hub sends: CPU per event and peak memory, side by side.

One command:  python3 tests/bench/flood.py          (--events 2000000 --repeats 1 for the targets)

A real hub keeps in its history every event it sends, so a client that catches up from the
history after subscribing reads the flood back; the project's simulator (mesolive-hubsim)
does the same, and is the source here. For each protocol (JSON, MessagePack) each client
receives the same flood of N events from a fresh hub, and the figures are the client
process's own: CPU seconds (user + system, from wait4) per million events and peak RSS
(ru_maxrss, which counts mapped files as well as the heap). Each run checks that the
client got every flood event exactly once.

  dump      mesolive-events dump --format jsonl, its output read by this script
  official  Microsoft's @microsoft/signalr (Node), with -protocol-msgpack for MessagePack
  app       mesolive-monitor itself (offscreen): the live models and the store writing;
            done when its store holds the flood, checked in the store afterwards

Prints a table of medians (min-max) and writes every sample to --out (JSON).
"""
import argparse
import glob
import json
import os
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from run import JS, ROOT, build, log  # noqa: E402

SEQ = re.compile(rb'"EventSeqId":(\d+)')


class Hub:
    """mesolive-hubsim with no background activity: the flood starts at the first subscribe."""

    def __init__(self, bins, events):
        self.process = subprocess.Popen([bins["hubsim"], "--port", "0", "--rate", "0", "--flood", str(events)],
                                        stdout=subprocess.PIPE, text=True)
        self.url = self.process.stdout.readline().strip()
        if not self.url.startswith("http"):
            raise RuntimeError("the hub did not start")
        self.instance = re.match(r"(https?://[^/]+)", self.url).group(1)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.process.kill()
        self.process.wait()


def finish(process, stop_signal=None):
    """Stops `process` (unless it exits by itself) and returns its resource usage."""
    if stop_signal is not None and process.poll() is None:
        process.send_signal(stop_signal)
    try:
        _, status, usage = os.wait4(process.pid, 0)
    except ChildProcessError:
        raise RuntimeError("the client was already reaped")
    process.returncode = os.waitstatus_to_exitcode(status)
    return {"cpu_s": usage.ru_utime + usage.ru_stime, "user_s": usage.ru_utime, "system_s": usage.ru_stime,
            "peak_rss_mb": usage.ru_maxrss / 1024}


def run_dump(bins, hub, events, protocol):
    """Reads dump's lines as they come: done when every flood EventSeqId was printed and a
    second passed with nothing more (a duplicate would come then)."""
    process = subprocess.Popen([bins["events"], "dump", "--instance", hub.instance, "--api-key", "bench",
                                "--format", "jsonl", "--protocol", protocol], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, bufsize=1 << 20)
    os.set_blocking(process.stdout.fileno(), False)
    seen = set()
    lines = 0
    pending = b""
    quiet_since = None
    deadline = time.monotonic() + 1800
    while time.monotonic() < deadline:
        chunk = process.stdout.read(1 << 20)
        if chunk:
            quiet_since = None
            pending += chunk
            complete, _, pending = pending.rpartition(b"\n")
            for match in SEQ.finditer(complete):
                seen.add(int(match.group(1)))
            lines += complete.count(b"\n") + 1 if complete else 0
            continue
        if process.poll() is not None:
            break
        if len(seen) >= events:
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since > 1.0:
                break
        time.sleep(0.01)
    usage = finish(process, signal.SIGTERM)
    # The flood is the last `events` EventSeqIds; what the hub pushed on connect comes first.
    flood_first = max(seen) - events + 1 if seen else 0
    got = sum(1 for seq in seen if seq >= flood_first)
    return dict(usage, events=got, lines=lines, duplicates=lines - len(seen), complete=got == events)


def run_official(hub, events, protocol):
    process = subprocess.Popen(["node", os.path.join(JS, "peer.js"), "live", hub.url, str(events), protocol],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    usage = finish(process)
    out = process.stdout.read().decode()
    lines = [line for line in out.splitlines() if line.startswith("{")]
    if process.returncode != 0 or not lines:
        raise RuntimeError("peer.js failed: %s" % process.stderr.read().decode()[-2000:])
    result = json.loads(lines[-1])
    return dict(usage, events=result["events"], duplicates=result["duplicates"], complete=result["events"] == events)


def stored(home, events):
    """(rows, distinct EventSeqIds, distinct EventSeqIds of the flood) in the app's store, or
    None. The flood is the last `events` EventSeqIds; what the hub pushed on connect comes first."""
    for path in glob.glob(os.path.join(home, "data", "**", "*.sqlite"), recursive=True):
        try:
            with sqlite3.connect("file:%s?mode=ro" % path, uri=True, timeout=0.5) as db:
                rows, distinct, highest = db.execute(
                    "SELECT count(*), count(DISTINCT seq_id), max(seq_id) FROM events").fetchone()
                flood = db.execute("SELECT count(DISTINCT seq_id) FROM events WHERE seq_id > ?",
                                   ((highest or 0) - events,)).fetchone()[0]
                return rows, distinct, flood
        except sqlite3.Error:
            return None
    return None


def run_app(bins, hub, events, protocol):
    home = tempfile.mkdtemp(prefix="mesolive-flood-home-")
    os.makedirs(os.path.join(home, "config", "MesoLive"))
    with open(os.path.join(home, "config", "MesoLive", "MesoLive Monitor.conf"), "w") as f:
        f.write("[connection]\nprotocol=%s\n" % protocol)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=home, XDG_CONFIG_HOME=os.path.join(home, "config"),
               XDG_DATA_HOME=os.path.join(home, "data"), MESOLIVE_INSTANCE=hub.instance, MESOLIVE_API_KEY="bench",
               DBUS_SESSION_BUS_ADDRESS="")
    process = subprocess.Popen([bins["monitor"]], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 3600
    previous = None
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(1.0)
        now = stored(home, events)
        # Done once the store holds a flood's worth and a second passed with nothing more.
        if now and previous == now and now[0] >= events:
            break
        previous = now or previous
    usage = finish(process, signal.SIGTERM)
    rows, distinct, flood = stored(home, events) or previous or (0, 0, 0)
    shutil.rmtree(home, ignore_errors=True)
    return dict(usage, events=flood, duplicates=rows - distinct, complete=flood == events)


CLIENTS = ("dump", "official", "app")
PROTOCOLS = ("json", "messagepack")


def measure(bins, client, protocol, events):
    with Hub(bins, events) as hub:
        if client == "dump":
            return run_dump(bins, hub, events, protocol)
        if client == "official":
            return run_official(hub, events, protocol)
        return run_app(bins, hub, events, protocol)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", default=os.path.join(ROOT, "build-bench"))
    parser.add_argument("--events", type=int, default=1000000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--clients", default=",".join(CLIENTS))
    parser.add_argument("--protocols", default=",".join(PROTOCOLS))
    parser.add_argument("--out")
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()
    if not args.no_build:
        build(args.build_dir)
    b = args.build_dir
    bins = {"hubsim": os.path.join(b, "app/hubsim/mesolive-hubsim"), "events": os.path.join(b, "app/cli/mesolive-events"),
            "monitor": os.path.join(b, "app/monitor/mesolive-monitor")}
    clients = args.clients.split(",")
    protocols = args.protocols.split(",")

    samples = {}
    for repeat in range(args.repeats):
        for protocol in protocols:
            for client in clients:
                result = measure(bins, client, protocol, args.events)
                result["cpu_s_per_million"] = result["cpu_s"] / args.events * 1e6
                samples.setdefault((protocol, client), []).append(result)
                log("  %d/%d %-11s %-8s %6.2f s CPU per million (user %.2f, system %.2f), peak RSS %4.0f MB, "
                    "%d events, %d duplicates%s" % (
                        repeat + 1, args.repeats, protocol, client, result["cpu_s_per_million"], result["user_s"],
                        result["system_s"], result["peak_rss_mb"], result["events"], result["duplicates"],
                        "" if result["complete"] else "  INCOMPLETE"))

    def median(protocol, client, key):
        values = [s[key] for s in samples.get((protocol, client), [])]
        return (statistics.median(values), min(values), max(values)) if values else None

    print("\n%d events a run, %d run(s) each: median (min-max)" % (args.events, args.repeats))
    print("| protocol | client | CPU s per million events | ratio to official | peak RSS MB | exactly once |")
    print("| --- | --- | --- | --- | --- | --- |")
    for protocol in protocols:
        official = median(protocol, "official", "cpu_s_per_million")
        for client in clients:
            cpu = median(protocol, client, "cpu_s_per_million")
            rss = median(protocol, client, "peak_rss_mb")
            runs = samples[(protocol, client)]
            exact = all(s["complete"] and s["duplicates"] == 0 for s in runs)
            ratio = "%.2f" % (cpu[0] / official[0]) if official and client != "official" else ""
            print("| %s | %s | %.2f (%.2f-%.2f) | %s | %.0f (%.0f-%.0f) | %s |" % (
                protocol, client, cpu[0], cpu[1], cpu[2], ratio, rss[0], rss[1], rss[2], "yes" if exact else "NO"))
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"events": args.events, "samples": {"%s/%s" % k: v for k, v in samples.items()}}, f, indent=1)


if __name__ == "__main__":
    main()
