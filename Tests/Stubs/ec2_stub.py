#!/usr/bin/env python3
"""A scripted EC2/STS endpoint on 127.0.0.1 for what moto cannot do: throttling then success,
HTTP 5xx, a request that hangs, an access-denied action, a malformed body, pagination.

Usage: ec2_stub.py SAMPLES_DIR   — prints 'READY http://127.0.0.1:PORT', serves until stdin closes.
GET /counts returns how many times each Action was called (JSON).

Account 111111111111 (the base keys, AccessKeyId 'stub') answers each action as SCRIPT says;
AssumeRole works into any account (keys 'ASIA<account>'), whose actions then all succeed.
"""
import json
import os
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SAMPLES = sys.argv[1]
# A missing fixture folder would surface later as "Empty reply from server": say what it is instead
# (the test reports the first line the stub prints when it is not READY).
if not os.path.isdir(SAMPLES):
    print(f"ec2_stub.py: the fixture folder {SAMPLES} does not exist", flush=True)
    sys.exit(2)
COUNTS = {}
LOCK = threading.Lock()
EC2_NS = "http://ec2.amazonaws.com/doc/2016-11-15/"
STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/"


def sample(name):
    with open(os.path.join(SAMPLES, name), "rb") as f:
        return f.read()


def ec2_error(code, message):
    return (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>{code}</Code>"
            f"<Message>{message}</Message></Error></Errors><RequestID>stub</RequestID></Response>").encode()


def empty(action):
    return f"<{action}Response xmlns=\"{EC2_NS}\"><requestId>stub</requestId></{action}Response>".encode()


# action -> function(call number) -> (status, body) or "hang"
SCRIPT = {
    "DescribeVpcs": lambda n: (503, ec2_error("RequestLimitExceeded", "Request limit exceeded.")) if n <= 2
    else (200, sample("DescribeVpcs.xml")),
    "DescribeSubnets": lambda n: (500, ec2_error("InternalError", "An internal error has occurred")),
    "DescribeRouteTables": lambda n: "hang",
    "DescribeSecurityGroups": lambda n: (403, ec2_error("UnauthorizedOperation", "You are not authorized to perform this operation.")),
    "DescribeFlowLogs": lambda n: (200, b"<?xml version=\"1.0\"?>\n<DescribeFlowLogsResponse><flowLogSet><item>"),
    "DescribeNetworkAcls": lambda n: (502, b"<html><body>Bad Gateway</body></html>") if n == 1
    else (200, sample("DescribeNetworkAcls.xml")),
}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        with LOCK:
            body = json.dumps(COUNTS).encode()
        self.reply(200, body)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("AWS4-HMAC-SHA256 Credential="):
            return self.reply(400, ec2_error("MissingAuthenticationToken", "unsigned request"))
        key = auth.split("Credential=")[1].split("/")[0]
        account = key[4:] if key.startswith("ASIA") else "111111111111"
        action = form.get("Action", "")
        with LOCK:
            COUNTS[action] = COUNTS.get(action, 0) + 1
            n = COUNTS[action]
        if action == "GetCallerIdentity":
            arn = f"arn:aws:sts::{account}:assumed-role/audit/hubaudit" if key.startswith("ASIA") else f"arn:aws:iam::{account}:user/stub"
            return self.reply(200, (f"<GetCallerIdentityResponse xmlns=\"{STS_NS}\"><GetCallerIdentityResult><Arn>{arn}</Arn>"
                                    f"<UserId>AIDSTUB</UserId><Account>{account}</Account></GetCallerIdentityResult>"
                                    "<ResponseMetadata><RequestId>stub</RequestId></ResponseMetadata></GetCallerIdentityResponse>").encode())
        if action == "AssumeRole":
            target = form["RoleArn"].split(":")[4]
            return self.reply(200, (f"<AssumeRoleResponse xmlns=\"{STS_NS}\"><AssumeRoleResult><Credentials>"
                                    f"<AccessKeyId>ASIA{target}</AccessKeyId><SecretAccessKey>s3cr3t-{target}</SecretAccessKey>"
                                    "<SessionToken>token</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials>"
                                    f"<AssumedRoleUser><AssumedRoleId>AROA:hubaudit</AssumedRoleId><Arn>arn:aws:sts::{target}:assumed-role/audit/hubaudit</Arn>"
                                    "</AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>stub</RequestId>"
                                    "</ResponseMetadata></AssumeRoleResponse>").encode())
        if action == "DescribeInstances":
            page = "DescribeInstances-page2.xml" if form.get("NextToken") else "DescribeInstances-page1.xml"
            return self.reply(200, sample(page))
        if account == "111111111111" and action in SCRIPT:
            answer = SCRIPT[action](n)
            if answer == "hang":
                time.sleep(30)
                return self.reply(200, empty(action))
            return self.reply(*answer)
        return self.reply(200, empty(action))


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"READY http://127.0.0.1:{server.server_address[1]}", flush=True)
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main()
