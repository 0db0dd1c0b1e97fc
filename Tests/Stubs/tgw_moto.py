#!/usr/bin/env python3
"""moto (5.2.1) in this process on 127.0.0.1, holding one account (123456789012, moto's default for
the keys 'testing') with a transit gateway: two VPC attachments and a route table `spokes` with
spoke-1 associated, spoke-2 propagating, a static route to spoke-2 and a blackhole. For the
collect tests of the transit-gateway calls.

Usage: tgw_moto.py LOG — prints 'READY http://127.0.0.1:PORT' and serves until stdin closes. The
form body of every POST is appended to LOG, one line each (the test checks the Filters sent).

moto runs with examples/moto_fixes.py applied, as the examples were recorded: SearchTransitGatewayRoutes
with MaxResults answers HTTP 500 in moto 5.2.1, and static routes lose their attachment.
"""
import io
import json
import logging
import os
import sys
import threading

import boto3
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples"))
import moto_fixes  # noqa: E402  the examples' moto fixes, shared
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import make_server

LOG = sys.argv[1]
LOCK = threading.Lock()
logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no request lines on stderr

moto_fixes.apply()

moto_app = DomainDispatcherApplication(create_backend_app)


def app(environ, start_response):
    """moto, with each POST body logged first."""
    if environ.get("REQUEST_METHOD") == "POST":
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        environ["wsgi.input"] = io.BytesIO(body)
        with LOCK, open(LOG, "ab") as log:
            log.write(body.replace(b"\n", b" ") + b"\n")
    return moto_app(environ, start_response)


def build(endpoint):
    """The transit gateway; returns the ids the test checks."""
    ec2 = boto3.client("ec2", endpoint_url=endpoint, region_name="us-east-1",
                       aws_access_key_id="testing", aws_secret_access_key="testing")
    vpcs, subnets = [], []
    for i, az in enumerate(["us-east-1a", "us-east-1b"]):
        vpc = ec2.create_vpc(CidrBlock=f"10.{20 + i}.0.0/16")["Vpc"]["VpcId"]
        vpcs.append(vpc)
        subnets.append(ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.{20 + i}.1.0/24",
                                         AvailabilityZone=az)["Subnet"]["SubnetId"])
    tgw = ec2.create_transit_gateway(
        Description="hub", Options={"AutoAcceptSharedAttachments": "enable", "DefaultRouteTableAssociation": "disable",
                                    "DefaultRouteTablePropagation": "disable"},
    )["TransitGateway"]["TransitGatewayId"]
    attachments = []
    for i, (vpc, subnet) in enumerate(zip(vpcs, subnets)):
        attachment = ec2.create_transit_gateway_vpc_attachment(
            TransitGatewayId=tgw, VpcId=vpc, SubnetIds=[subnet],
            Options={"ApplianceModeSupport": "enable" if i == 0 else "disable"},
        )["TransitGatewayVpcAttachment"]["TransitGatewayAttachmentId"]
        attachments.append(attachment)
    table = ec2.create_transit_gateway_route_table(TransitGatewayId=tgw)["TransitGatewayRouteTable"]["TransitGatewayRouteTableId"]
    ec2.associate_transit_gateway_route_table(TransitGatewayRouteTableId=table, TransitGatewayAttachmentId=attachments[0])
    ec2.enable_transit_gateway_route_table_propagation(TransitGatewayRouteTableId=table,
                                                       TransitGatewayAttachmentId=attachments[1])
    ec2.create_transit_gateway_route(DestinationCidrBlock="10.21.0.0/16", TransitGatewayRouteTableId=table,
                                     TransitGatewayAttachmentId=attachments[1])
    ec2.create_transit_gateway_route(DestinationCidrBlock="10.99.0.0/16", TransitGatewayRouteTableId=table, Blackhole=True)
    return {"tgw": tgw, "table": table, "attachments": attachments, "vpcs": vpcs, "subnets": subnets}


def main():
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    endpoint = f"http://127.0.0.1:{server.server_port}"
    try:
        ids = build(endpoint)
        open(LOG, "wb").close()  # only hubaudit's requests from here on
        print(f"READY {endpoint} {json.dumps(ids, separators=(',', ':'))}", flush=True)
        sys.stdin.read()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
