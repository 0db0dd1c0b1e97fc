#!/usr/bin/env python3
"""botocore's EC2 response parser on a snapshot's files: what a Python auditor pays to decode them.

    python3 Benchmarks/botocore_bench.py SNAPSHOT [--max-mb N]

Each file's bytes are parsed with the operation's output shape (one process, one core), as botocore
does for a live response. Prints one JSON line like hubbench's; --max-mb parses only the first N MB
of files (sorted by path) when the whole snapshot would take too long.
"""
import json, os, resource, sys, time
import botocore.parsers, botocore.session

root = sys.argv[1]
max_bytes = int(sys.argv[sys.argv.index("--max-mb") + 1]) * 1_000_000 if "--max-mb" in sys.argv else None
model = botocore.session.get_session().get_service_model("ec2")
parser = botocore.parsers.create_parser("ec2")
shapes = {}
files = sorted(os.path.join(d, f) for d, _, names in os.walk(root) for f in names if f.endswith(".xml"))
for action in {os.path.basename(p).split(".")[0] for p in files}:
    shapes[action] = model.operation_model(action).output_shape
count, total, start, cpu = 0, 0, time.perf_counter(), time.process_time()
for path in files:  # each file read and parsed, nothing kept: as a streaming auditor would
    if max_bytes is not None and total >= max_bytes: break
    with open(path, "rb") as f: body = f.read()
    parser.parse({"body": body, "headers": {}, "status_code": 200}, shapes[os.path.basename(path).split(".")[0]])
    count, total = count + 1, total + len(body)
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"stage": "botocore", "seconds": seconds, "bytes": total, "files": count, "threads": 1, "cpu_seconds": cpu,
                  "maxrss_kb": usage.ru_maxrss, "all_files": count == len(files)}))
