#!/usr/bin/env python3
"""A local EC2/STS-compatible endpoint for measuring `hubaudit collect` at scale.

Answers every call after a fixed latency with real response bodies (the files of one account and
region of a snapshot: moto's bodies from examples/finance-hub by default), over HTTP/1.1 with
keep-alive, for hundreds of concurrent connections. With --throttle it enforces EC2's request token
bucket per account and region for Describe*/Get*/Search* actions (bucket 100, refill 20 per second)
and answers RequestLimitExceeded when a bucket is empty, as EC2 does.

Accounts: AssumeRole mints an access key that carries the role's account (ASIA + 12 digits + 4
letters), so every later request names its account in its SigV4 Credential; the region comes from the
credential scope. Signatures are not checked: this measures the client, not the server.

Bodies: for a call of action A, the first of `A.<value>.xml` for a value of one of its parameters (a
prefix list's entries, a transit-gateway route table's routes, a VPC's attribute), then `A.xml`;
without one the call is answered with EC2's UnsupportedOperation error (400), which the collector
records as a failed call, as it would on AWS.

Only 127.0.0.1 is bound. GET /__stats returns the counters as JSON (requests, by action, throttled,
connections accepted) and POST /__reset zeroes them. The server stops after --max-seconds.
"""
import argparse
import asyncio
import itertools
import json
import os
import re
import time
import urllib.parse

STS_ASSUME_ROLE = """<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <Credentials>
      <AccessKeyId>{key}</AccessKeyId>
      <SecretAccessKey>benchmarksecretbenchmarksecretbenchmark0</SecretAccessKey>
      <SessionToken>benchmark-session-token</SessionToken>
      <Expiration>2099-01-01T00:00:00Z</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <AssumedRoleId>AROABENCHMARK:{session}</AssumedRoleId>
      <Arn>arn:aws:sts::{account}:assumed-role/{role}/{session}</Arn>
    </AssumedRoleUser>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>{request_id}</RequestId></ResponseMetadata>
</AssumeRoleResponse>
"""

STS_CALLER_IDENTITY = """<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:sts::{account}:assumed-role/benchmark/hubaudit</Arn>
    <UserId>AROABENCHMARK:hubaudit</UserId>
    <Account>{account}</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>{request_id}</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>
"""

EC2_ERROR = """<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors><RequestID>{request_id}</RequestID></Response>
"""

CREDENTIAL = re.compile(rb"Credential=([A-Z0-9]+)/\d{8}/([a-z0-9-]+)/([a-z0-9]+)/aws4_request")
ROLE_ARN = re.compile(r"^arn:aws:iam::(\d{12}):role/([\w+=,.@/-]{1,64})$")
DEFAULT_ACCOUNT = "000000000000"


class TokenBucket:
    """EC2's request token bucket for one account and region: `capacity` tokens, `refill` per second."""

    def __init__(self, capacity, refill):
        self.capacity, self.refill = capacity, refill
        self.tokens, self.stamp = float(capacity), time.monotonic()

    def take(self):
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.refill)
        self.stamp = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class Endpoint:
    def __init__(self, bodies, latency, throttle, capacity, refill):
        self.bodies = bodies
        self.latency = latency
        self.throttle = throttle
        self.capacity, self.refill = capacity, refill
        self.buckets = {}
        self.reset()

    def reset(self):
        self.stats = {"requests": 0, "throttled": 0, "connections": 0, "errors": 0, "by_action": {},
                      "in_flight_max": 0}
        self.in_flight = 0

    def body_for(self, action, params):
        values = sorted(v for k, v in params.items() if k not in ("Action", "Version") and re.fullmatch(r"[A-Za-z0-9-]{1,128}", v))
        # `A.<id>` (a prefix list's entries), then `A.<id>.<qualifier>` (a VPC's attribute), then `A`.
        names = [f"{action}.{v}" for v in values] + [f"{action}.{a}.{b}" for a, b in itertools.permutations(values, 2)]
        for name in names:
            if name in self.bodies:
                return self.bodies[name]
        if action in self.bodies:
            return self.bodies[action]
        # A per-resource call whose resource the bodies do not hold: answer with one of its kind.
        return next((body for name, body in self.bodies.items() if name.startswith(action + ".")), None)

    def answer(self, headers, body):
        params = dict(urllib.parse.parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        action = params.get("Action", "")
        request_id = f"bench-{self.stats['requests']:08d}"
        self.stats["by_action"][action] = self.stats["by_action"].get(action, 0) + 1
        match = CREDENTIAL.search(headers.get(b"authorization", b""))
        key, region, service = (match.group(1).decode(), match.group(2).decode(), match.group(3).decode()) if match \
            else ("", "us-east-1", "")
        account = key[4:16] if key.startswith("ASIA") and key[4:16].isdigit() else DEFAULT_ACCOUNT
        if service == "sts" or action in ("AssumeRole", "GetCallerIdentity"):
            if action == "AssumeRole":
                arn = ROLE_ARN.match(params.get("RoleArn", ""))
                if not arn:
                    return 400, EC2_ERROR.format(code="ValidationError", message="bad RoleArn", request_id=request_id)
                session = re.sub(r"[^\w+=,.@-]", "", params.get("RoleSessionName", "hubaudit"))[:64] or "hubaudit"
                return 200, STS_ASSUME_ROLE.format(key=f"ASIA{arn.group(1)}BNCH", account=arn.group(1),
                                                   role=arn.group(2), session=session, request_id=request_id)
            return 200, STS_CALLER_IDENTITY.format(account=account, request_id=request_id)
        if self.throttle and action.startswith(("Describe", "Get", "Search")):
            bucket = self.buckets.setdefault((account, region), TokenBucket(self.capacity, self.refill))
            if not bucket.take():
                self.stats["throttled"] += 1
                return 503, EC2_ERROR.format(code="RequestLimitExceeded", message="Request limit exceeded.",
                                             request_id=request_id)
        template = self.body_for(action, params)
        if template is None:
            self.stats["errors"] += 1
            return 400, EC2_ERROR.format(code="UnsupportedOperation", message=f"{action} is not served here",
                                         request_id=request_id)
        return 200, template

    async def serve(self, reader, writer):
        self.stats["connections"] += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.split(b"\r\n")
                method, target = lines[0].split(b" ")[:2]
                headers = {}
                for line in lines[1:]:
                    if b":" in line:
                        name, value = line.split(b":", 1)
                        headers[name.strip().lower()] = value.strip()
                length = int(headers.get(b"content-length", b"0"))
                body = await reader.readexactly(length) if length else b""
                if target == b"/__stats":
                    status, text = 200, json.dumps(self.stats, sort_keys=True)
                elif target == b"/__reset":
                    self.reset()
                    status, text = 200, "{}"
                else:
                    self.stats["requests"] += 1
                    self.in_flight += 1
                    self.stats["in_flight_max"] = max(self.stats["in_flight_max"], self.in_flight)
                    try:
                        await asyncio.sleep(self.latency)
                        status, text = self.answer(headers, body)
                    finally:
                        self.in_flight -= 1
                payload = text.encode()
                reason = {200: "OK", 400: "Bad Request", 503: "Service Unavailable"}[status]
                writer.write(b"HTTP/1.1 %d %s\r\nContent-Type: text/xml;charset=UTF-8\r\nContent-Length: %d\r\n"
                             b"x-amzn-requestid: bench\r\n\r\n" % (status, reason.encode(), len(payload)) + payload)
                await writer.drain()
                if headers.get(b"connection", b"").lower() == b"close":
                    break
        except (asyncio.IncompleteReadError, ConnectionResetError, BrokenPipeError, ValueError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()


def load_bodies(folder):
    bodies = {}
    for name in sorted(os.listdir(folder)):
        if name.endswith(".xml") and not re.search(r"\.\d+\.xml$", name):
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                bodies[name[:-4]] = handle.read()
    if not bodies:
        raise SystemExit(f"collect_endpoint: no response bodies in {folder}")
    return bodies


async def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=0, help="0: any free port (printed on the first line)")
    parser.add_argument("--bodies", default=os.path.join(here, "..", "examples", "finance-hub", "111111111111", "us-east-1"))
    parser.add_argument("--latency", type=float, default=0.05, help="seconds before each answer (default 0.05)")
    parser.add_argument("--throttle", action="store_true", help="enforce EC2's token bucket per account and region")
    parser.add_argument("--bucket", type=int, default=100)
    parser.add_argument("--refill", type=float, default=20.0)
    parser.add_argument("--max-seconds", type=float, default=1800, help="stop after this long (default 1800)")
    args = parser.parse_args()
    endpoint = Endpoint(load_bodies(args.bodies), args.latency, args.throttle, args.bucket, args.refill)
    server = await asyncio.start_server(endpoint.serve, "127.0.0.1", args.port, backlog=1024, limit=1 << 20)
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        try:
            await asyncio.wait_for(server.serve_forever(), timeout=args.max_seconds)
        except asyncio.TimeoutError:
            pass


if __name__ == "__main__":
    asyncio.run(main())
