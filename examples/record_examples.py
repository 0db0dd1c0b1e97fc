#!/usr/bin/env python3
"""Record the example snapshots for hubaudit from a loopback moto server.

Usage:  python3 examples/record_examples.py [--out DIR]

DIR defaults to the folder this script lives in.  The script starts its own
`moto_server` (moto 5.2.1) on a free port of 127.0.0.1, builds two scenarios in
it, captures the RAW XML bodies of the Describe calls byte for byte (botocore's
`before-parse` event, nothing is re-serialised) and writes them as snapshot
folders, replacing any earlier copy:

    DIR/finance-hub/   DIR/peering-pair/   DIR/nightly/   DIR/tgw-hub/

Snapshot layout:  <snapshot>/<account-id>/<region>/<Action>.xml  (the raw body
of that call made with that account's credentials in that region; paginated
answers as <Action>.1.xml, <Action>.2.xml, ...), one
GetManagedPrefixListEntries.<pl-id>.xml per prefix list, the five transit-gateway listings
(DescribeTransitGateways, ...Attachments, ...VpcAttachments, ...PeeringAttachments,
...RouteTables) and, per transit-gateway route table the account owns,
GetTransitGatewayRouteTableAssociations.<tgw-rtb-id>.xml,
GetTransitGatewayRouteTablePropagations.<tgw-rtb-id>.xml and SearchTransitGatewayRoutes.<tgw-rtb-id>.xml
(filters type = static, propagated and state = active, blackhole; MaxResults 1000),
DescribeVpcAttribute.<vpc-id>.<attribute>.xml per VPC DescribeVpcs lists and DNS attribute
(enableDnsSupport, enableDnsHostnames), per VPC DescribeStaleSecurityGroups (VpcId, MaxResults 255:
moto 5.2.1 lacks it, so each VPC's call is a manifest failure HTTP500, as `hubaudit collect` records
it), and manifest.json.
moto's id generator is seeded (/moto-api/seed), so re-runs reproduce the same
resource ids; only timestamps (taken_at, launch/creation times) change.
Only 127.0.0.1 is ever contacted; the server is always killed at the end.
Account credentials come from STS AssumeRole into arn:aws:iam::<acct>:role/audit
(moto mints keys belonging to the role's account; roles are not validated).

finance-hub (seed 002; us-east-1; 111111111111 finance = hub,
222222222222 marketing, 333333333333 developer).  Finance is peered with
marketing and developer; marketing and developer are not connected.  Each
account keeps moto's default VPC 172.31.0.0/16 (unconnected, overlapping each
other: must NOT be flagged).  Planted defects:
  1. finance: subnet finance-db has no explicit route table; the VPC's main
     table has no peering routes -> missing return route for 10.20/10.30.
  2. finance: finance-db-sg admits tcp 5432 from 10.0.0.0/8 (over-broad
     private CIDR).
  3. finance: finance-admin-sg admits tcp 22 from 0.0.0.0/0 (internet admin
     port, attached to finance-server).
  4. marketing: route 10.30.0.0/16 to pcx marketing->developer, which was
     requested but never accepted (pending-acceptance).
  5. marketing: no flow logs at all.
  6. marketing: marketing-web-sg admits tcp 3389 from prefix list
     partner-ranges, which contains 0.0.0.0/0 (internet exposure hidden in a
     prefix list).
  7. marketing: legacy-ssh-sg admits tcp 22 from 0.0.0.0/0 but is attached to
     nothing (unused).
  8. developer: route 10.20.0.0/16 via the finance<->developer peering
     (transitive routing attempt through the hub).
  9. developer: flow log on VPC developer captures REJECT only.
 10. developer: developer-tools-sg admits tcp 0-1024 from 0.0.0.0/0 (a range
     containing 22).
 11. developer: VPC dev-sandbox 10.20.0.0/16 overlaps marketing 10.20.0.0/16
     and both are peered with the finance hub.
 12. finance<->marketing-archive (10.40.0.0/16, marketing's VPC being retired):
     an active peering with no route through it on either side (unused).
 13. marketing: archive-sg admits tcp 443 from marketing-web-sg across the
     marketing<->marketing-archive peering, which has since been deleted (a
     stale group reference).
 14. developer: sandbox-nacl (on sandbox-app) denies tcp 22 from 0.0.0.0/0 at
     rule 100 and allows all traffic at 110: 3389 stays open to the internet.
 15. developer (accepter of finance<->developer) does not allow DNS resolution
     from finance, and the developer VPC has DNS hostnames off: peering-dns
     findings under policies/finance-hub.yml (reports/finance-hub-policy.*),
     where finance<->marketing resolves both ways.
Correct on purpose: finance-app-sg (443 from the two peer CIDRs),
finance-vpn-sg (22 from prefix list corp-vpn, private ranges only), the
finance/marketing return routes, and dev-sandbox's flow log at SUBNET level
(sandbox-app, ALL) which must count as covered.

nightly/ holds two nights of finance-hub as a snapshot store: on the second night
the finance main table has its return routes (fixed) and finance-app-sg admits tcp 3306
from 0.0.0.0/0 (introduced).

peering-pair (seed 000; us-east-1; 444444444444 requester,
555555555555 accepter) must be CLEAN: default VPCs deleted, one active peering
10.0.0.0/16 <-> 172.16.0.0/16 with routes both ways on explicitly associated
tables, ICMP-only SGs from the peer CIDR, SSM/SSMMessages/EC2Messages
interface endpoints with SSM-Endpoint-SG (443 from the subnet), flow logs
(ALL) on both VPCs.

tgw-hub (seed 012; us-east-1; 666666666666 network owns hub-tgw, shared with
777777777777 shared-services = the hub VPC, 888888888888 payments and 999999999999
analytics, the spokes): the segmented design with one planted defect per transit-gateway
check, built by examples/tgw_hub.py.  moto has no RAM, so everything is built in the network
account and post-edited afterwards (owners, moto's TGW artefacts).  examples/tgw-hub.md
lists the organisation, the planted defects and EXACTLY what was edited; `--serve --scenario
tgw-hub` serves the organisation as moto holds it before those edits.

moto quirks visible in these snapshots:
  * a route whose target is a peering that is still pending-acceptance is
    reported with state `active` (moto never derives route state from the
    peering; in real AWS such a route also looks active until the peering's
    state matters).  hubaudit therefore joins routes with the peering's status
    from DescribeVpcPeeringConnections instead of trusting the route's state.
  * deleting a default VPC leaves its default network ACL behind
    (DescribeNetworkAcls in peering-pair shows an ACL whose vpcId and subnet
    associations no longer exist; moto offers no API call to remove it).
  * interface-endpoint ENIs get a random 10.x.x.x address outside their subnet
    (and, without the fix-up below, the default SG instead of the endpoint's).
  * each account gets its own random ids for the six AWS-managed prefix lists.
  * SearchTransitGatewayRoutes with MaxResults fails in moto 5.2.1 (it slices a dict: HTTP 500),
    and static routes come back without their attachment: the server is started through
    MOTO_LAUNCHER, which fixes both in moto (see there).
  * transit gateways: see examples/tgw-hub.md (default table created although disabled,
    every attachment reported as associated with it, VPC attachments listed as peering
    attachments, no propagated routes, attachment tags only through CreateTags).
"""
import argparse
import datetime
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import boto3
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.parsers import ResponseParserError

HOST = "127.0.0.1"
REGION = "us-east-1"
FORMAT = "hubaudit-snapshot/1"
COLLECTOR = "examples/record_examples.py (moto 5.2.1 on 127.0.0.1)"

DESCRIBE_ACTIONS = [
    "DescribeVpcs",
    "DescribeSubnets",
    "DescribeRouteTables",
    "DescribeSecurityGroups",
    "DescribeFlowLogs",
    "DescribeVpcPeeringConnections",
    "DescribeNetworkAcls",
    "DescribeVpcEndpoints",
    "DescribeManagedPrefixLists",
    "DescribeNetworkInterfaces",
    "DescribeInstances",
]
# Transit gateways (issue 12): listed per account and region like the others; only the gateway's
# owner lists its route tables, and for each of those the three per-table calls below.
TGW_ACTIONS = [
    "DescribeTransitGateways",
    "DescribeTransitGatewayAttachments",
    "DescribeTransitGatewayVpcAttachments",
    "DescribeTransitGatewayPeeringAttachments",
    "DescribeTransitGatewayRouteTables",
]
TGW_TABLE_ACTIONS = [
    "GetTransitGatewayRouteTableAssociations",
    "GetTransitGatewayRouteTablePropagations",
    "SearchTransitGatewayRoutes",
]
# SearchTransitGatewayRoutes requires filters: every static and propagated route, active or
# blackhole, up to the 1,000 one call returns (`AdditionalRoutesAvailable` says when more exist).
SEARCH_ROUTES_PARAMS = {
    "Filters": [{"Name": "type", "Values": ["static", "propagated"]},
                {"Name": "state", "Values": ["active", "blackhole"]}],
    "MaxResults": 1000,
}
# DescribeVpcAttribute answers one attribute per call: one file per VPC and attribute (rule peering-dns).
VPC_ATTRIBUTES = ["enableDnsSupport", "enableDnsHostnames"]
# A cross-check, per VPC, as `hubaudit collect` makes it: moto 5.2.1 lacks it (HTTP 500, an HTML page), so
# every VPC's call is recorded as failed with the code hubaudit collect records (HTTP500).
STALE_GROUPS_ACTION = "DescribeStaleSecurityGroups"
ALL_ACTIONS = (DESCRIBE_ACTIONS + ["GetManagedPrefixListEntries"] + TGW_ACTIONS + TGW_TABLE_ACTIONS
               + ["DescribeVpcAttribute", STALE_GROUPS_ACTION])

# never let boto3 wander off loopback (proxies, shared config, instance metadata)
for _var in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
    os.environ.pop(_var, None)
os.environ["NO_PROXY"] = os.environ["no_proxy"] = HOST
os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
# A path that does not exist: botocore reads no shared file (and does not depend on /dev/null).
os.environ["AWS_CONFIG_FILE"] = os.environ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/hubaudit-no-aws-config"
os.environ.pop("AWS_PROFILE", None)


# --------------------------------------------------------------------------- server

def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _http(url, method="GET"):
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    req = urllib.request.Request(url, method=method, data=b"" if method == "POST" else None)
    with opener.open(req, timeout=5) as r:
        return r.status


# moto_server with the two transit-gateway fixes of moto_fixes.py (beside this script) applied first.
MOTO_LAUNCHER = """
import sys
sys.path.insert(0, %r)
import moto_fixes
moto_fixes.apply()
from moto.server import main
sys.exit(main(sys.argv[1:]))
""" % os.path.dirname(os.path.abspath(__file__))


class MotoServer:
    """moto_server bound to 127.0.0.1 on a free port: start(), then stop() in a finally."""

    def __init__(self):
        self.port = free_port()
        self.endpoint = f"http://{HOST}:{self.port}"
        self.proc = None
        self.log = None

    def start(self):
        self.log = tempfile.NamedTemporaryFile(prefix="moto-", suffix=".log", delete=False)
        env = {k: v for k, v in os.environ.items() if k != "MOTO_ACCOUNT_ID"}
        self.proc = subprocess.Popen([sys.executable, "-c", MOTO_LAUNCHER, "-H", HOST, "-p", str(self.port)],
                                     stdout=self.log, stderr=subprocess.STDOUT, env=env)
        deadline = time.time() + 30
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"moto_server exited early (see {self.log.name})")
            try:
                if _http(self.endpoint + "/moto-api/") == 200:
                    return
            except OSError:
                pass
            if time.time() > deadline:
                raise RuntimeError("moto_server did not answer within 30 s")
            time.sleep(0.2)

    def reset(self, seed):
        """Wipe all state and seed moto's id generator, so re-runs give the same ids."""
        _http(self.endpoint + "/moto-api/reset", method="POST")
        _http(self.endpoint + f"/moto-api/seed?a={seed}", method="POST")

    def stop(self, ok=True):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.log is not None:
            self.log.close()
            if ok:
                os.unlink(self.log.name)
            else:
                print(f"moto log kept at {self.log.name}", file=sys.stderr)


# --------------------------------------------------------------------------- accounts

class Account:
    """Clients for one account (credentials from STS AssumeRole)."""

    def __init__(self, endpoint, account_id, name):
        self.id = account_id
        self.name = name
        self.endpoint = endpoint
        cfg = Config(retries={"max_attempts": 1, "mode": "standard"})
        sts = boto3.client("sts", endpoint_url=endpoint, region_name=REGION,
                           aws_access_key_id="testing", aws_secret_access_key="testing",
                           config=cfg)
        cr = sts.assume_role(RoleArn=f"arn:aws:iam::{account_id}:role/audit",
                             RoleSessionName="hubaudit-examples")["Credentials"]
        self.session = boto3.session.Session(aws_access_key_id=cr["AccessKeyId"],
                                             aws_secret_access_key=cr["SecretAccessKey"],
                                             aws_session_token=cr["SessionToken"],
                                             region_name=REGION)
        got = self.client("sts").get_caller_identity()["Account"]
        if got != account_id:
            raise RuntimeError(f"AssumeRole gave account {got}, wanted {account_id}")
        self.ec2 = self.client("ec2")
        self.logs = self.client("logs")
        self._ami = None

    def client(self, service, region=REGION):
        return self.session.client(service, endpoint_url=self.endpoint, region_name=region,
                                   config=Config(retries={"max_attempts": 1, "mode": "standard"}))

    def ami(self):
        if self._ami is None:
            images = self.ec2.describe_images(
                Owners=["amazon"], Filters=[{"Name": "architecture", "Values": ["x86_64"]}])
            self._ami = sorted(i["ImageId"] for i in images["Images"])[0]
        return self._ami


def tags(resource_type, name):
    return [{"ResourceType": resource_type, "Tags": [{"Key": "Name", "Value": name}]}]


def name_tag(acct, resource_id, name):
    """Name an auto-created resource (main route table) that TagSpecifications can't reach."""
    acct.ec2.create_tags(Resources=[resource_id], Tags=[{"Key": "Name", "Value": name}])


# --------------------------------------------------------------------------- builders

def vpc(acct, cidr, name):
    return acct.ec2.create_vpc(CidrBlock=cidr, TagSpecifications=tags("vpc", name))["Vpc"]["VpcId"]


def subnet(acct, vpc_id, cidr, name, az="us-east-1a"):
    return acct.ec2.create_subnet(VpcId=vpc_id, CidrBlock=cidr, AvailabilityZone=az,
                                  TagSpecifications=tags("subnet", name))["Subnet"]["SubnetId"]


def main_route_table(acct, vpc_id):
    rts = acct.ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc_id]},
                                                  {"Name": "association.main", "Values": ["true"]}])
    return rts["RouteTables"][0]["RouteTableId"]


def route_table(acct, vpc_id, name, subnet_id, routes):
    """Create a table, associate it explicitly with subnet_id, add {cidr: pcx} routes."""
    rt = acct.ec2.create_route_table(VpcId=vpc_id, TagSpecifications=tags("route-table", name)
                                     )["RouteTable"]["RouteTableId"]
    acct.ec2.associate_route_table(RouteTableId=rt, SubnetId=subnet_id)
    for cidr, pcx in routes.items():
        acct.ec2.create_route(RouteTableId=rt, DestinationCidrBlock=cidr,
                              VpcPeeringConnectionId=pcx)
    return rt


def security_group(acct, vpc_id, name, description, ingress):
    sg = acct.ec2.create_security_group(GroupName=name, Description=description, VpcId=vpc_id,
                                        TagSpecifications=tags("security-group", name))["GroupId"]
    if ingress:
        acct.ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=ingress)
    return sg


def cidr_rule(proto, from_port, to_port, *cidrs, description=None):
    ranges = [{"CidrIp": c, **({"Description": description} if description else {})}
              for c in cidrs]
    return {"IpProtocol": proto, "FromPort": from_port, "ToPort": to_port, "IpRanges": ranges}


def prefix_list_rule(proto, from_port, to_port, pl_id):
    return {"IpProtocol": proto, "FromPort": from_port, "ToPort": to_port,
            "PrefixListIds": [{"PrefixListId": pl_id}]}


def prefix_list(acct, name, entries):
    return acct.ec2.create_managed_prefix_list(
        PrefixListName=name, AddressFamily="IPv4", MaxEntries=10,
        Entries=[{"Cidr": c, "Description": d} for c, d in entries],
        TagSpecifications=tags("prefix-list", name))["PrefixList"]["PrefixListId"]


def instance(acct, subnet_id, sg_ids, name):
    r = acct.ec2.run_instances(ImageId=acct.ami(), MinCount=1, MaxCount=1,
                               InstanceType="t3.micro", SubnetId=subnet_id,
                               SecurityGroupIds=sg_ids, TagSpecifications=tags("instance", name))
    return r["Instances"][0]["InstanceId"]


def flow_log(acct, resource_type, resource_id, traffic, name):
    group = f"/hubaudit/flow-logs/{name}"
    acct.logs.create_log_group(logGroupName=group)
    r = acct.ec2.create_flow_logs(
        ResourceType=resource_type, ResourceIds=[resource_id], TrafficType=traffic,
        LogDestinationType="cloud-watch-logs", LogGroupName=group,
        DeliverLogsPermissionArn=f"arn:aws:iam::{acct.id}:role/flow-logs",
        TagSpecifications=tags("vpc-flow-log", name))
    if r.get("Unsuccessful"):
        raise RuntimeError(f"CreateFlowLogs failed: {r['Unsuccessful']}")
    return r["FlowLogIds"][0]


def peering(requester, vpc_id, accepter, peer_vpc_id, name, accept=True):
    """Cross-account peering requested by `requester`, accepted with `accepter`'s credentials."""
    pcx = requester.ec2.create_vpc_peering_connection(
        VpcId=vpc_id, PeerVpcId=peer_vpc_id, PeerOwnerId=accepter.id,
        TagSpecifications=tags("vpc-peering-connection", name)
    )["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    if accept:
        accepter.ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)
    return pcx


def delete_default_vpc(acct):
    """Delete the account's default VPC (subnets first). Returns a note if moto refused."""
    vpcs = acct.ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"]
    notes = []
    for v in vpcs:
        vid = v["VpcId"]
        try:
            igws = acct.ec2.describe_internet_gateways(
                Filters=[{"Name": "attachment.vpc-id", "Values": [vid]}])["InternetGateways"]
            for igw in igws:
                acct.ec2.detach_internet_gateway(InternetGatewayId=igw["InternetGatewayId"],
                                                 VpcId=vid)
                acct.ec2.delete_internet_gateway(InternetGatewayId=igw["InternetGatewayId"])
            subs = acct.ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vid]}])
            for s in subs["Subnets"]:
                acct.ec2.delete_subnet(SubnetId=s["SubnetId"])
            acct.ec2.delete_vpc(VpcId=vid)
        except ClientError as e:
            notes.append(f"{acct.id}: could not delete default VPC {vid}: {e}")
    return notes


# --------------------------------------------------------------------------- recording

class Recorder:
    """Calls Describe actions and writes the raw bodies into <root>/<acct>/<region>/."""

    def __init__(self, root):
        self.root = root
        self.pages = {}
        self.failures = []

    @staticmethod
    def _capturing(client):
        box = {}

        def before_parse(operation_model, response_dict, **kw):
            box["status"] = response_dict["status_code"]
            box["body"] = response_dict["body"]   # bytes exactly as received

        client.meta.events.register("before-parse", before_parse)
        return box

    def record(self, acct, region, action, file_stem=None, **params):
        """Call `action` (following nextToken), write <stem>.xml or <stem>.N.xml.
        Returns the list of parsed pages, or None if the call failed."""
        client = acct.client("ec2", region)
        box = self._capturing(client)
        method = getattr(client, xform_name(action))      # DescribeVpcs -> describe_vpcs
        stem = file_stem or action
        bodies, parsed_pages = [], []
        token = None
        while True:
            box.clear()
            kwargs = dict(params)
            if token:
                kwargs["NextToken"] = token
            try:
                parsed = method(**kwargs)
            except ClientError as e:
                err = e.response.get("Error", {})
                status = e.response.get("ResponseMetadata", {}).get("HTTPStatusCode", box.get("status"))
                code, message = err.get("Code", "Unknown"), err.get("Message", str(e))
                body = box.get("body") or b""
                if b"<Errors>" not in body and b"<ErrorResponse" not in body:
                    # No AWS error body (moto's HTML page): recorded as hubaudit collect records it.
                    code, message = f"HTTP{status}", f"HTTP status {status} without an AWS error body"
                self.failures.append({
                    "account": acct.id, "region": region, "action": stem,
                    "code": code, "message": message, "http_status": status,
                })
                return None
            except ResponseParserError:
                # A body botocore cannot parse (moto's HTML page for an action it lacks): recorded as
                # hubaudit collect records it.
                status = box.get("status")
                self.failures.append({
                    "account": acct.id, "region": region, "action": stem, "code": f"HTTP{status}",
                    "message": f"HTTP status {status} without an AWS error body", "http_status": status,
                })
                return None
            bodies.append(box["body"])
            parsed_pages.append(parsed)
            token = parsed.get("NextToken")
            if not token:
                break
        folder = os.path.join(self.root, acct.id, region)
        os.makedirs(folder, exist_ok=True)
        if len(bodies) == 1:
            names = [f"{stem}.xml"]
        else:
            names = [f"{stem}.{i}.xml" for i in range(1, len(bodies) + 1)]
            self.pages[f"{acct.id}/{region}/{stem}"] = len(bodies)
        for n, body in zip(names, bodies):
            with open(os.path.join(folder, n), "wb") as f:
                f.write(body)
        return parsed_pages

    def collect(self, acct, region=REGION):
        for action in DESCRIBE_ACTIONS:
            pages = self.record(acct, region, action)
            if action == "DescribeVpcs" and pages:
                for page in pages:
                    for v in page.get("Vpcs", []):
                        for attribute in VPC_ATTRIBUTES:
                            self.record(acct, region, "DescribeVpcAttribute",
                                        file_stem=f"DescribeVpcAttribute.{v['VpcId']}.{attribute}",
                                        VpcId=v["VpcId"], Attribute=attribute)
                        self.record(acct, region, STALE_GROUPS_ACTION,
                                    file_stem=f"{STALE_GROUPS_ACTION}.{v['VpcId']}", VpcId=v["VpcId"], MaxResults=255)
            if action == "DescribeManagedPrefixLists" and pages:
                for page in pages:
                    for pl in page.get("PrefixLists", []):
                        pid = pl["PrefixListId"]
                        self.record(acct, region, "GetManagedPrefixListEntries",
                                    file_stem=f"GetManagedPrefixListEntries.{pid}",
                                    PrefixListId=pid)
        for action in TGW_ACTIONS:
            pages = self.record(acct, region, action)
            if action == "DescribeTransitGatewayRouteTables" and pages:
                for page in pages:
                    for table in page.get("TransitGatewayRouteTables", []):
                        self.record_tgw_route_table(acct, region, table["TransitGatewayRouteTableId"])

    def record_tgw_route_table(self, acct, region, table_id):
        """The owner's three per-table calls, one file each: <Action>.<tgw-rtb-id>.xml."""
        for action in TGW_TABLE_ACTIONS:
            params = dict(SEARCH_ROUTES_PARAMS) if action == "SearchTransitGatewayRoutes" else {}
            self.record(acct, region, action, file_stem=f"{action}.{table_id}",
                        TransitGatewayRouteTableId=table_id, **params)


def write_snapshot(root, accounts, build, taken_at=None):
    """Build a scenario, collect every account, write manifest.json. Returns build's ids.
    taken_at overrides the recording time (the nightly store names snapshots by it)."""
    if os.path.exists(root):
        shutil.rmtree(root)
    os.makedirs(root)
    ids = build()
    taken_at = taken_at or datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    rec = Recorder(root)
    for acct in accounts:
        rec.collect(acct, REGION)
    manifest = {
        "format": FORMAT,
        "taken_at": taken_at,
        "collector": COLLECTOR,
        "accounts": [{"id": a.id, "name": a.name, "regions": [REGION]} for a in accounts],
        "actions": ALL_ACTIONS,
        "pages": rec.pages,
        "failures": rec.failures,
    }
    with open(os.path.join(root, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2, ensure_ascii=False)
        f.write("\n")
    if rec.failures:
        print(f"WARNING {root}: {len(rec.failures)} failed call(s)", file=sys.stderr)
    return ids


# --------------------------------------------------------------------------- scenario 1

def finance_hub(endpoint, out_dir, folder="finance-hub", next_night=False, taken_at=None):
    """The finance hub. With next_night, the same organisation a day later: the finance main
    table has been given its return routes (two findings resolved) and the finance app tier now
    admits MySQL from the internet (one finding introduced)."""
    fin = Account(endpoint, "111111111111", "finance")
    mkt = Account(endpoint, "222222222222", "marketing")
    dev = Account(endpoint, "333333333333", "developer")

    def build():
        ids = {}
        # VPCs and subnets (default VPCs stay as moto created them)
        ids["finance/vpc"] = fin_vpc = vpc(fin, "10.10.0.0/16", "finance")
        ids["marketing/vpc"] = mkt_vpc = vpc(mkt, "10.20.0.0/16", "marketing")
        ids["developer/vpc"] = dev_vpc = vpc(dev, "10.30.0.0/16", "developer")
        ids["developer/vpc dev-sandbox"] = sbx_vpc = vpc(dev, "10.20.0.0/16", "dev-sandbox")
        fin_app = subnet(fin, fin_vpc, "10.10.1.0/24", "finance-app")
        fin_db = subnet(fin, fin_vpc, "10.10.2.0/24", "finance-db", az="us-east-1b")
        mkt_app = subnet(mkt, mkt_vpc, "10.20.1.0/24", "marketing-app")
        dev_app = subnet(dev, dev_vpc, "10.30.1.0/24", "developer-app")
        sbx_app = subnet(dev, sbx_vpc, "10.20.8.0/24", "sandbox-app")
        ids.update({"finance/subnet finance-app": fin_app, "finance/subnet finance-db": fin_db,
                    "marketing/subnet marketing-app": mkt_app,
                    "developer/subnet developer-app": dev_app,
                    "developer/subnet sandbox-app": sbx_app})

        # peerings: finance requests, the other account accepts; marketing->developer pending
        ids["pcx finance<->marketing"] = pcx_fm = peering(fin, fin_vpc, mkt, mkt_vpc,
                                                          "finance<->marketing")
        ids["pcx finance<->developer"] = pcx_fd = peering(fin, fin_vpc, dev, dev_vpc,
                                                          "finance<->developer")
        ids["pcx finance<->dev-sandbox"] = pcx_fs = peering(fin, fin_vpc, dev, sbx_vpc,
                                                            "finance<->dev-sandbox")
        ids["pcx marketing->developer (pending)"] = pcx_md = peering(
            mkt, mkt_vpc, dev, dev_vpc, "marketing->developer", accept=False)

        # route tables
        ids["finance/rtb finance-app-rt"] = route_table(
            fin, fin_vpc, "finance-app-rt", fin_app,
            {"10.20.0.0/16": pcx_fm, "10.30.0.0/16": pcx_fd})
        ids["finance/rtb main (finance-db)"] = fin_main = main_route_table(fin, fin_vpc)
        name_tag(fin, fin_main, "finance-main")          # planted: no peering routes here
        ids["marketing/rtb marketing-rt"] = route_table(
            mkt, mkt_vpc, "marketing-rt", mkt_app,
            {"10.10.0.0/16": pcx_fm, "10.30.0.0/16": pcx_md})   # planted: pending pcx
        ids["developer/rtb developer-rt"] = route_table(
            dev, dev_vpc, "developer-rt", dev_app,
            {"10.10.0.0/16": pcx_fd, "10.20.0.0/16": pcx_fd})   # planted: transitive
        ids["developer/rtb sandbox-rt"] = route_table(
            dev, sbx_vpc, "sandbox-rt", sbx_app, {"10.10.0.0/16": pcx_fs})
        for acct, vid, label in ((mkt, mkt_vpc, "marketing"), (dev, dev_vpc, "developer"),
                                 (dev, sbx_vpc, "dev-sandbox")):
            name_tag(acct, main_route_table(acct, vid), f"{label}-main")

        # prefix lists
        ids["finance/pl corp-vpn"] = corp_vpn = prefix_list(
            fin, "corp-vpn", [("192.168.10.0/24", "office"), ("192.168.11.0/24", "vpn")])
        ids["marketing/pl partner-ranges"] = partners = prefix_list(
            mkt, "partner-ranges", [("203.0.113.0/24", "partner-a"), ("0.0.0.0/0", "partner-b")])

        # security groups
        sg = {}
        sg["finance-app-sg"] = security_group(fin, fin_vpc, "finance-app-sg", "finance app tier", [
            cidr_rule("tcp", 443, 443, "10.20.0.0/16", description="marketing"),
            cidr_rule("tcp", 443, 443, "10.30.0.0/16", description="developer")])
        sg["finance-db-sg"] = security_group(fin, fin_vpc, "finance-db-sg", "finance database", [
            cidr_rule("tcp", 5432, 5432, "10.0.0.0/8")])
        sg["finance-admin-sg"] = security_group(fin, fin_vpc, "finance-admin-sg", "admin access", [
            cidr_rule("tcp", 22, 22, "0.0.0.0/0")])
        sg["finance-vpn-sg"] = security_group(fin, fin_vpc, "finance-vpn-sg", "ssh from corp vpn", [
            prefix_list_rule("tcp", 22, 22, corp_vpn)])
        sg["marketing-web-sg"] = security_group(mkt, mkt_vpc, "marketing-web-sg", "partner rdp", [
            prefix_list_rule("tcp", 3389, 3389, partners)])
        sg["legacy-ssh-sg"] = security_group(mkt, mkt_vpc, "legacy-ssh-sg", "legacy, unused", [
            cidr_rule("tcp", 22, 22, "0.0.0.0/0")])
        sg["developer-tools-sg"] = security_group(dev, dev_vpc, "developer-tools-sg",
                                                  "developer tools", [
            cidr_rule("tcp", 0, 1024, "0.0.0.0/0")])
        for k, v in sg.items():
            owner = {"finance": "finance", "marketing": "marketing", "legacy": "marketing",
                     "developer": "developer"}[k.split("-")[0]]
            ids[f"{owner}/sg {k}"] = v

        # instances
        ids["finance/i finance-server"] = instance(
            fin, fin_app, [sg["finance-app-sg"], sg["finance-admin-sg"], sg["finance-vpn-sg"]],
            "finance-server")
        ids["finance/i finance-db"] = instance(fin, fin_db, [sg["finance-db-sg"]], "finance-db")
        ids["marketing/i marketing-server"] = instance(mkt, mkt_app, [sg["marketing-web-sg"]],
                                                       "marketing-server")
        ids["developer/i developer-server"] = instance(dev, dev_app, [sg["developer-tools-sg"]],
                                                       "developer-server")

        # flow logs (marketing: none)
        ids["finance/fl vpc ALL"] = flow_log(fin, "VPC", fin_vpc, "ALL", "finance-vpc")
        ids["developer/fl vpc REJECT"] = flow_log(dev, "VPC", dev_vpc, "REJECT", "developer-vpc")
        ids["developer/fl subnet sandbox-app ALL"] = flow_log(dev, "Subnet", sbx_app, "ALL",
                                                              "sandbox-app-subnet")

        # Issue 13's peering checks, built last so that every id above stays what it was.
        # marketing-archive: a VPC being retired, with no subnets yet.
        ids["marketing/vpc marketing-archive"] = arc_vpc = vpc(mkt, "10.40.0.0/16", "marketing-archive")
        ids["pcx finance<->marketing-archive (unused)"] = peering(    # planted: no route either side
            fin, fin_vpc, mkt, arc_vpc, "finance<->marketing-archive")
        pcx_ma = peering(mkt, mkt_vpc, mkt, arc_vpc, "marketing<->marketing-archive")
        ids["pcx marketing<->marketing-archive (deleted)"] = pcx_ma
        sg["archive-sg"] = security_group(mkt, arc_vpc, "archive-sg", "archive replication", [{
            "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
            "UserIdGroupPairs": [{"GroupId": sg["marketing-web-sg"], "UserId": mkt.id,
                                  "VpcPeeringConnectionId": pcx_ma}]}])
        ids["marketing/sg archive-sg"] = sg["archive-sg"]
        mkt.ec2.delete_vpc_peering_connection(VpcPeeringConnectionId=pcx_ma)  # planted: stale reference
        # developer: sandbox-nacl on sandbox-app denies ssh from anywhere first, then admits all
        # traffic: rule order leaves 3389 (and every other port) open to the internet.
        ids["developer/acl sandbox-nacl"] = nacl = dev.ec2.create_network_acl(
            VpcId=sbx_vpc, TagSpecifications=tags("network-acl", "sandbox-nacl"))["NetworkAcl"]["NetworkAclId"]
        for number, action, ports, egress in ((100, "deny", (22, 22), False), (110, "allow", None, False),
                                               (100, "allow", None, True)):
            entry = {"NetworkAclId": nacl, "RuleNumber": number, "RuleAction": action, "Egress": egress,
                     "CidrBlock": "0.0.0.0/0", "Protocol": "6" if ports else "-1"}
            if ports:
                entry["PortRange"] = {"From": ports[0], "To": ports[1]}
            dev.ec2.create_network_acl_entry(**entry)
        current = dev.ec2.describe_network_acls(
            Filters=[{"Name": "association.subnet-id", "Values": [sbx_app]}])["NetworkAcls"][0]
        association = next(a["NetworkAclAssociationId"] for a in current["Associations"] if a["SubnetId"] == sbx_app)
        dev.ec2.replace_network_acl_association(AssociationId=association, NetworkAclId=nacl)
        # DNS across the hub's peerings (rule peering-dns, with policies/finance-hub.yml's hubs):
        # hostnames on in the working VPCs (moto starts them off, as AWS does for a new VPC) but
        # developer's (planted), private resolution allowed on both sides of every peering of the
        # hub but one: developer, the accepter of finance<->developer, never allowed finance to
        # resolve its hosts (planted).
        for acct, vid in ((fin, fin_vpc), (mkt, mkt_vpc), (dev, sbx_vpc)):
            acct.ec2.modify_vpc_attribute(VpcId=vid, EnableDnsHostnames={"Value": True})
        allow = {"AllowDnsResolutionFromRemoteVpc": True}
        for pcx, accepter in ((pcx_fm, mkt), (pcx_fd, None), (pcx_fs, dev),
                              (ids["pcx finance<->marketing-archive (unused)"], mkt)):
            fin.ec2.modify_vpc_peering_connection_options(VpcPeeringConnectionId=pcx,
                                                          RequesterPeeringConnectionOptions=allow)
            if accepter:
                accepter.ec2.modify_vpc_peering_connection_options(VpcPeeringConnectionId=pcx,
                                                                   AccepterPeeringConnectionOptions=allow)
        if next_night:
            for cidr, pcx in (("10.20.0.0/16", pcx_fm), ("10.30.0.0/16", pcx_fd)):   # fixed
                fin.ec2.create_route(RouteTableId=fin_main, DestinationCidrBlock=cidr,
                                     VpcPeeringConnectionId=pcx)
            fin.ec2.authorize_security_group_ingress(                                  # introduced
                GroupId=sg["finance-app-sg"], IpPermissions=[cidr_rule("tcp", 3306, 3306, "0.0.0.0/0")])
        return ids

    return write_snapshot(os.path.join(out_dir, folder), [fin, mkt, dev], build, taken_at)


# --------------------------------------------------------------------------- scenario 2

def peering_pair(endpoint, out_dir, notes):
    req = Account(endpoint, "444444444444", "requester")
    acc = Account(endpoint, "555555555555", "accepter")

    def build():
        ids = {}
        ids["requester/vpc"] = req_vpc = vpc(req, "10.0.0.0/16", "Requester-VPC")
        ids["accepter/vpc"] = acc_vpc = vpc(acc, "172.16.0.0/16", "Accepter-VPC")
        for a, v in ((req, req_vpc), (acc, acc_vpc)):
            a.ec2.modify_vpc_attribute(VpcId=v, EnableDnsHostnames={"Value": True})
        ids["requester/subnet"] = req_sub = subnet(req, req_vpc, "10.0.0.0/28",
                                                   "Requester-Subnet-1")
        ids["accepter/subnet"] = acc_sub = subnet(acc, acc_vpc, "172.16.0.0/28",
                                                  "Accepter-Subnet-1")

        ids["pcx requester<->accepter"] = pcx = peering(req, req_vpc, acc, acc_vpc,
                                                        "requester<->accepter")
        ids["requester/rtb requester-rt"] = route_table(req, req_vpc, "requester-rt", req_sub,
                                                        {"172.16.0.0/16": pcx})
        ids["accepter/rtb accepter-rt"] = route_table(acc, acc_vpc, "accepter-rt", acc_sub,
                                                      {"10.0.0.0/16": pcx})
        name_tag(req, main_route_table(req, req_vpc), "Requester-VPC-main")
        name_tag(acc, main_route_table(acc, acc_vpc), "Accepter-VPC-main")

        ids["requester/sg Test-SG-Requester"] = sg_req = security_group(
            req, req_vpc, "Test-SG-Requester", "ICMP from the accepter VPC",
            [cidr_rule("icmp", -1, -1, "172.16.0.0/16")])
        ids["requester/sg SSM-Endpoint-SG"] = sg_ssm = security_group(
            req, req_vpc, "SSM-Endpoint-SG", "HTTPS to the SSM endpoints",
            [cidr_rule("tcp", 443, 443, "10.0.0.0/28")])
        ids["accepter/sg Test-SG-Accepter"] = sg_acc = security_group(
            acc, acc_vpc, "Test-SG-Accepter", "ICMP from the requester VPC",
            [cidr_rule("icmp", -1, -1, "10.0.0.0/16")])

        for svc in ("ssm", "ssmmessages", "ec2messages"):
            ep = req.ec2.create_vpc_endpoint(
                VpcId=req_vpc, ServiceName=f"com.amazonaws.{REGION}.{svc}",
                VpcEndpointType="Interface", SubnetIds=[req_sub], SecurityGroupIds=[sg_ssm],
                PrivateDnsEnabled=True, TagSpecifications=tags("vpc-endpoint", f"{svc}-endpoint")
            )["VpcEndpoint"]
            ids[f"requester/vpce {svc}"] = ep["VpcEndpointId"]
            # moto gives the endpoint's ENI the VPC's default SG and no description; AWS puts
            # the endpoint's groups on it and describes it as below.  Align the ENI with AWS.
            for eni in ep.get("NetworkInterfaceIds", []):
                req.ec2.modify_network_interface_attribute(NetworkInterfaceId=eni, Groups=[sg_ssm])
                req.ec2.modify_network_interface_attribute(
                    NetworkInterfaceId=eni,
                    Description={"Value": f"VPC Endpoint Interface {ep['VpcEndpointId']}"})

        ids["requester/fl vpc ALL"] = flow_log(req, "VPC", req_vpc, "ALL", "requester-vpc")
        ids["accepter/fl vpc ALL"] = flow_log(acc, "VPC", acc_vpc, "ALL", "accepter-vpc")
        ids["requester/i requester-instance"] = instance(req, req_sub, [sg_req],
                                                         "requester-instance")
        ids["accepter/i accepter-instance"] = instance(acc, acc_sub, [sg_acc],
                                                       "accepter-instance")

        # Delete the default VPCs last: moto marks a new subnet DefaultForAz (and
        # MapPublicIpOnLaunch) when its AZ has no other subnet, so deleting them first
        # would make Requester-/Accepter-Subnet-1 look like public default subnets.
        for a in (req, acc):
            notes.extend(delete_default_vpc(a))
        return ids

    return write_snapshot(os.path.join(out_dir, "peering-pair"), [req, acc], build)


# --------------------------------------------------------------------------- main

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=here, help="folder to write the snapshots into "
                                                "(default: %(default)s)")
    ap.add_argument("--serve", action="store_true",
                    help="build finance-hub in moto (same seed and ids as examples/finance-hub), print "
                         "'READY <endpoint>' and serve it until standard input closes: for `hubaudit collect` tests")
    ap.add_argument("--scenario", choices=["finance-hub", "tgw-hub"], default="finance-hub",
                    help="with --serve: the organisation to serve (tgw-hub: as moto holds it, before "
                         "examples/tgw-hub's post-edits)")
    ap.add_argument("--extra-instances", type=int, default=0,
                    help="with --serve: launch this many more instances in developer-app (to make "
                         "DescribeInstances paginate)")
    args = ap.parse_args()
    if args.serve:
        serve(args.scenario, args.extra_instances)
        return
    os.makedirs(args.out, exist_ok=True)
    notes = []
    moto = MotoServer()
    ok = False
    try:
        moto.start()
        print(f"moto_server on {moto.endpoint}")
        moto.reset(seed=2)           # seed 002
        ids1 = finance_hub(moto.endpoint, args.out)
        moto.reset(seed=0)           # seed 000
        ids2 = peering_pair(moto.endpoint, args.out, notes)
        # A store of two nightly snapshots of the finance hub (same seed, so the same ids):
        # `hubaudit scan --store examples/nightly` and `hubaudit diff` show what changed.
        nightly = os.path.join(args.out, "nightly")
        for night, stamp, taken in ((False, "2026-11-22T020000Z", "2026-11-22T02:00:00Z"),
                                    (True, "2026-11-23T020000Z", "2026-11-23T02:00:00Z")):
            moto.reset(seed=2)
            finance_hub(moto.endpoint, nightly, folder=stamp, next_night=night, taken_at=taken)
        ok = True
    finally:
        moto.stop(ok)          # always kill the server we started
    # tgw-hub in a server of its own: moto's ids depend on what the process did before the reset
    # (the nightly finance hub, recorded after other scenarios, has ids of its own), and
    # `--serve --scenario tgw-hub` builds it in a fresh server: the same ids only if recorded so.
    moto, ok = MotoServer(), False
    try:
        moto.start()
        moto.reset(seed=tgw_hub.SEED)
        ids3, edits = tgw_hub.record(moto.endpoint, args.out, notes)
        ok = True
    finally:
        moto.stop(ok)
    for title, ids in (("finance-hub", ids1), ("peering-pair", ids2), ("tgw-hub", ids3)):
        print(f"\n{title}:")
        for k, v in ids.items():
            print(f"  {k:40s} {v}")
    print("\ntgw-hub post-edits:")
    for e in edits:
        print("  -", e)
    for n in notes:
        print("NOTE:", n, file=sys.stderr)


def serve(scenario, extra_instances):
    """An organisation, live on loopback, until our standard input closes: finance-hub (as
    recorded), or tgw-hub as moto holds it (everything in the network account: the spoke
    accounts' ownership and the corrections of examples/tgw-hub are post-edits of the recording)."""
    import tempfile
    moto = MotoServer()
    ok = False
    try:
        moto.start()
        if scenario == "tgw-hub":
            moto.reset(seed=tgw_hub.SEED)
            tgw_hub.build_in_moto(tgw_hub.accounts(moto.endpoint), [])
        else:
            moto.reset(seed=2)
            with tempfile.TemporaryDirectory() as scratch:
                finance_hub(moto.endpoint, scratch)
        if extra_instances and scenario == "finance-hub":
            dev = Account(moto.endpoint, "333333333333", "developer")
            subnets = dev.ec2.describe_subnets(Filters=[{"Name": "tag:Name", "Values": ["developer-app"]}])["Subnets"]
            for n in range(extra_instances):
                instance(dev, subnets[0]["SubnetId"], [], f"developer-batch-{n}")
        print(f"READY {moto.endpoint}", flush=True)
        sys.stdin.read()
        ok = True
    finally:
        moto.stop(ok)


if __name__ == "__main__":
    import tgw_hub       # examples/tgw_hub.py, next to this script (it imports this module)
    main()
