#!/usr/bin/env python3
"""Collection throughput: `hubaudit collect` against the local endpoint (collect_endpoint.py).

For each --concurrency, one collect of --accounts x --regions through the endpoint at --latency:
calls per second against the bound (concurrency / latency), the client's CPU per call (user +
system over the whole run, from the child's rusage), peak RSS, connections opened (keep-alive:
far fewer than calls), calls the endpoint throttled, and calls the collector recorded as failed.
Prints one JSON object per run, then the table.

--transport picks the client: `hubaudit` (default: the product's binary, AsyncHTTPClient), or
`urlsession` / `ahc` (Benchmarks' hubbench-collect: the same collector over URLSession, the product's
transport before, or over the product's AsyncHTTPClient transport, in one binary); a comma-separated list runs each in turn, concurrency by concurrency.
"""
import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def accounts_file(folder, accounts, regions):
    path = os.path.join(folder, "accounts.yml")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("accounts:\n")
        for index in range(accounts):
            account = f"{100000000000 + index:012d}"
            handle.write(f'  - account_id: "{account}"\n    name: acct-{index}\n    role: HubAuditRead\n'
                         f"    regions: [{', '.join(regions)}]\n")
    return path


def stats(port, path="/__stats", data=None):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", data=data, timeout=10) as response:
        return json.loads(response.read())


THROTTLING = {"RequestLimitExceeded", "Throttling", "ThrottlingException", "EC2ThrottledException"}


def failures(out):
    """The manifest's failed calls: (throttling, other). moto's bodies hold no DescribeStaleSecurityGroups
    answer (moto lacks the call), so the endpoint refuses it as AWS would a call it does not serve."""
    manifest = os.path.join(out, "latest", "manifest.json")
    if not os.path.exists(manifest):
        return None, None
    with open(manifest, encoding="utf-8") as handle:
        failed = json.load(handle).get("failures") or []
    throttled = sum(1 for f in failed if f.get("code") in THROTTLING)
    return throttled, len(failed) - throttled


def cpu_seconds(pid):
    """user + system CPU seconds of a running process (the endpoint), from /proc."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(command, port, accounts_path, concurrency, extra, endpoint_pid):
    out = tempfile.mkdtemp(prefix="hubaudit-collect-bench-")
    env = dict(os.environ, AWS_ACCESS_KEY_ID="AKIABENCHMARK0000000", AWS_SECRET_ACCESS_KEY="benchmark",
               AWS_REGION="us-east-1")
    env.pop("AWS_PROFILE", None)
    stats(port, "/__reset", data=b"")
    endpoint_cpu = cpu_seconds(endpoint_pid)
    started = time.monotonic()
    # stderr to a file, not a pipe: a collect that notes thousands of refused calls would fill a
    # pipe nobody reads until the child exits, and block on it.
    with tempfile.TemporaryFile() as log:
        child = subprocess.Popen(command + ["collect", "--accounts", accounts_path, "--endpoint-url", f"http://127.0.0.1:{port}",
                                  "--out", out, "--concurrency", str(concurrency)] + extra,
                                 env=env, stdout=subprocess.DEVNULL, stderr=log)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.monotonic() - started
        log.seek(0)
        stderr = log.read().decode(errors="replace")
    # The endpoint is one Python thread: near 1 CPU second a second it, not the client, bounds the run.
    endpoint_cpu = cpu_seconds(endpoint_pid) - endpoint_cpu
    server = stats(port)
    throttled_failures, other_failures = failures(out)
    shutil.rmtree(out, ignore_errors=True)
    calls = server["requests"]
    cpu = usage.ru_utime + usage.ru_stime
    return {
        "concurrency": concurrency, "exit": os.waitstatus_to_exitcode(status), "wall_s": round(wall, 2), "calls": calls,
        "calls_per_s": round(calls / wall, 1) if wall else 0, "user_s": round(usage.ru_utime, 2),
        "system_s": round(usage.ru_stime, 2), "cpu_ms_per_call": round(1000 * cpu / calls, 3) if calls else None,
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1), "endpoint_cpu_s": round(endpoint_cpu, 2), "connections": server["connections"],
        "in_flight_max": server["in_flight_max"], "throttled": server["throttled"],
        "throttling_failures": throttled_failures, "other_failures": other_failures, "stderr_tail": stderr.strip().splitlines()[-1:] if stderr else [],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hubaudit", default=os.path.join(ROOT, ".build", "release", "hubaudit"))
    parser.add_argument("--hubbench-collect", default=os.path.join(HERE, ".build-bench", "release", "hubbench-collect"))
    parser.add_argument("--transport", default="hubaudit", help="hubaudit, urlsession or ahc (comma-separated: each in turn)")
    parser.add_argument("--accounts", type=int, default=200)
    parser.add_argument("--regions", default="us-east-1,us-east-2,eu-west-1,ap-southeast-2")
    parser.add_argument("--concurrency", default="8,64,256")
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--throttle", action="store_true")
    parser.add_argument("--bodies", help="response bodies folder (default: collect_endpoint.py's)")
    parser.add_argument("collect_args", nargs="*", help="more `hubaudit collect` arguments, after --")
    args = parser.parse_args()
    commands = {}
    for transport in args.transport.split(","):
        if transport == "hubaudit":
            if not os.path.exists(args.hubaudit):
                sys.exit(f"collect_bench: {args.hubaudit} not found: swift build -c release --product hubaudit")
            commands[transport] = [args.hubaudit]
        elif transport in ("urlsession", "ahc"):
            if not os.path.exists(args.hubbench_collect):
                sys.exit(f"collect_bench: {args.hubbench_collect} not found: swift build -c release --package-path Benchmarks "
                         "--scratch-path Benchmarks/.build-bench --product hubbench-collect")
            # hubbench-collect drops the `collect` that run() puts first.
            commands[transport] = [args.hubbench_collect, "--transport", transport]
        else:
            sys.exit(f"collect_bench: --transport: hubaudit, urlsession or ahc, not {transport}")
    folder = tempfile.mkdtemp(prefix="hubaudit-collect-bench-accounts-")
    accounts_path = accounts_file(folder, args.accounts, args.regions.split(","))
    command = [sys.executable, os.path.join(HERE, "collect_endpoint.py"), "--latency", str(args.latency)]
    command += ["--throttle"] if args.throttle else []
    command += ["--bodies", args.bodies] if args.bodies else []
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        port = int(server.stdout.readline())
        rows = []
        for concurrency, transport in ((int(c), t) for c in args.concurrency.split(",") for t in commands):
            row = run(commands[transport], port, accounts_path, concurrency, args.collect_args, server.pid)
            row["transport"] = transport
            row["bound_calls_per_s"] = round(concurrency / args.latency, 1)
            row["of_bound"] = round(row["calls_per_s"] / row["bound_calls_per_s"], 3)
            print(json.dumps(row, sort_keys=True), flush=True)
            rows.append(row)
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)
    scopes = args.accounts * len(args.regions.split(","))
    print(f"\n{args.accounts} accounts x {len(args.regions.split(','))} regions ({scopes} scopes), latency "
          f"{args.latency * 1000:.0f} ms{', throttled (bucket 100, 20/s)' if args.throttle else ''}\n")
    print("| transport | concurrency | calls | wall s | calls/s | bound | of bound | CPU ms/call | user s | sys s | peak RSS MB | connections "
          "| endpoint CPU s | throttled answers | failed by throttling | other failed calls |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['transport']} | {r['concurrency']} | {r['calls']} | {r['wall_s']} | {r['calls_per_s']} | {r['bound_calls_per_s']} | "
              f"{r['of_bound'] * 100:.0f} % | {r['cpu_ms_per_call']} | {r['user_s']} | {r['system_s']} | {r['peak_rss_mb']} | "
              f"{r['connections']} | {r['endpoint_cpu_s']} | {r['throttled']} | {r['throttling_failures']} | {r['other_failures']} |")


if __name__ == "__main__":
    main()
