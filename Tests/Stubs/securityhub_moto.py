#!/usr/bin/env python3
"""moto (5.2.1) on 127.0.0.1 for the Security Hub export's end-to-end test.

Usage:
  securityhub_moto.py serve          prints 'READY http://127.0.0.1:PORT' and serves until stdin closes
  securityhub_moto.py findings URL ACCOUNT
                                     prints, as JSON, the findings moto holds for ACCOUNT in us-east-1
                                     (GetFindings, every page), read through boto3 with a role assumed
                                     in ACCOUNT, not through hubaudit's own client

moto serves an account to the credentials of a role assumed in it, so each account of a report is
exported with a profile that assumes a role there, as Security Hub requires of the default product ARN
(the caller's account is the findings' account).
"""
import json
import logging
import os
import sys
import threading

import boto3


def serve():
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = make_server("127.0.0.1", 0, DomainDispatcherApplication(create_backend_app), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        print(f"READY http://127.0.0.1:{server.server_port}", flush=True)
        sys.stdin.read()
    finally:
        server.shutdown()


def findings(endpoint, account):
    # The test blanks the AWS_* variables hubaudit must not see; to boto3 a blank one is a bad value.
    for name in [name for name, value in os.environ.items() if name.startswith("AWS_") and not value]:
        del os.environ[name]
    keys = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
    sts = boto3.client("sts", endpoint_url=endpoint, region_name="us-east-1", **keys)
    role = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/audit", RoleSessionName="check")["Credentials"]
    client = boto3.client("securityhub", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id=role["AccessKeyId"], aws_secret_access_key=role["SecretAccessKey"],
                          aws_session_token=role["SessionToken"])
    result, token = [], None
    while True:
        page = client.get_findings(MaxResults=100, **({"NextToken": token} if token else {}))
        result += page["Findings"]
        token = page.get("NextToken")
        if not token:
            break
    print(json.dumps(result))


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve()
    else:
        findings(sys.argv[2], sys.argv[3])
