#!/usr/bin/env python3
"""Synthetic organisation for hubaudit's benchmark, written as a snapshot `hubaudit scan` reads.

    python3 Benchmarks/generate.py OUT --accounts 1000 --regions 1 [--seed 7] [--tgw]

Account 0 is the hub (shared services) in the first region; every other account is a spoke whose
first VPC in each region is peered to the hub VPC (every scope also has the transit-gateway listings,
empty, as `hubaudit collect` writes them). Per account and region: a default VPC (6 subnets)
and 3 workload VPCs (4 subnets, main + 2 route tables, 7 security groups with 2-40 rules each,
a flow log, a NACL, 2 instances with their interfaces), the AWS-managed prefix lists and entries.
Element names, order and namespace follow moto's bodies in examples/finance-hub (which match AWS's).

With --tgw the hub is a transit gateway instead of peerings (issue 12): in each region the hub
account owns a gateway with two route tables, the segmented design — every spoke's first VPC is
attached, associated with "spokes" (only the hub propagates there) and propagates into "hub" (the
hub's attachment is associated there). The hub's folder holds the owner's view (every attachment,
both tables, and per table its associations, propagations and routes, the propagated ones as AWS
reports them, at most 1,000 per search with additionalRoutesAvailable beyond); each spoke's holds
the shared gateway and its own attachment. VPC route tables send the hub's block (spokes) or
10.0.0.0/8 (hub) to the gateway. The peering defects become: no-route (a spoke without its route to
the hub), pending (an attachment pendingAcceptance), and overlap (two identical blocks propagated
into the hub table: one is not installed).

Planted defects (deterministic, counted in OUT/defects.json):
  - overlap:        every 29th spoke re-uses the block of the spoke before it (common-peer-overlap)
  - no-route:       every 13th spoke has no route back to the hub over its peering
  - open-ssh:       every 11th account has an app security group open to 0.0.0.0/0 on 22
  - no-flow-log:    every 7th account's second VPC has no flow log; every 17th has a FAILED one
  - pending:        every 19th spoke's peering is still pending-acceptance
"""
import argparse, json, os, random

NS = "http://ec2.amazonaws.com/doc/2016-11-15"
REGIONS = ["us-east-1", "eu-west-1", "us-west-2", "ap-southeast-2", "eu-central-1", "ca-central-1"]
TEMPLATE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples", "finance-hub", "111111111111", "us-east-1")
EMPTY = "<groups/>"


class Ids:
    def __init__(self): self.n = 0x1000

    def __call__(self, prefix):
        self.n += 0x9E3779B1  # spread the digits like real ids
        return f"{prefix}-{self.n & 0xFFFFFFFFFFFFFFFFF:017x}"


def body(action, container, items):
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<{action}Response xmlns="{NS}">'
            + (f"<{container}>{''.join(items)}</{container}>" if items else f"<{container}/>")
            + f"<requestId>request-id</requestId></{action}Response>")


def tags(pairs):
    if not pairs: return "<tagSet/>"
    return "<tagSet>" + "".join(f"<item><key>{k}</key><value>{v}</value></item>" for k, v in pairs) + "</tagSet>"


def block(index):
    """The index-th /22 of 10.0.0.0/8."""
    return f"10.{index >> 6 & 255}.{(index & 63) << 2}.0/22", f"10.{index >> 6 & 255}.{(index & 63) << 2}"


def vpc_item(account, vpc_id, cidr, ids, default=False, name=None):
    return (f"<item><ownerId>{account}</ownerId><instanceTenancy>default</instanceTenancy><ipv6CidrBlockAssociationSet/>"
            f"<cidrBlockAssociationSet><item><associationId>{ids('vpc-cidr-assoc')}</associationId><cidrBlock>{cidr}</cidrBlock>"
            f"<cidrBlockState><state>associated</state></cidrBlockState></item></cidrBlockAssociationSet>"
            f"<isDefault>{str(default).lower()}</isDefault>{tags([('Name', name)] if name else [])}<vpcId>{vpc_id}</vpcId>"
            f"<state>available</state><cidrBlock>{cidr}</cidrBlock><dhcpOptionsId>default</dhcpOptionsId></item>")


def subnet_item(account, region, vpc_id, subnet_id, cidr, az, free, default, name):
    return (f"<item><availabilityZoneId>{az[1]}</availabilityZoneId><ownerId>{account}</ownerId>"
            f"<assignIpv6AddressOnCreation>false</assignIpv6AddressOnCreation><ipv6CidrBlockAssociationSet/>"
            f"{tags([('Name', name)] if name else [])}<subnetArn>arn:aws:ec2:{region}:{account}:subnet/{subnet_id}</subnetArn>"
            f"<ipv6Native>false</ipv6Native><privateDnsNameOptionsOnLaunch><hostnameType>ip-name</hostnameType>"
            f"<enableResourceNameDnsARecord>false</enableResourceNameDnsARecord><enableResourceNameDnsAAAARecord>false"
            f"</enableResourceNameDnsAAAARecord></privateDnsNameOptionsOnLaunch><subnetId>{subnet_id}</subnetId>"
            f"<state>available</state><vpcId>{vpc_id}</vpcId><cidrBlock>{cidr}</cidrBlock>"
            f"<availableIpAddressCount>{free}</availableIpAddressCount><availabilityZone>{az[0]}</availabilityZone>"
            f"<defaultForAz>{str(default).lower()}</defaultForAz><mapPublicIpOnLaunch>{str(default).lower()}</mapPublicIpOnLaunch></item>")


def route(cidr, target):
    kind, value = target
    origin = "CreateRouteTable" if value == "local" else "CreateRoute"
    if kind == "gatewayId":
        return f"<item><destinationCidrBlock>{cidr}</destinationCidrBlock><gatewayId>{value}</gatewayId><origin>{origin}</origin><state>active</state></item>"
    return f"<item><destinationCidrBlock>{cidr}</destinationCidrBlock><origin>{origin}</origin><state>active</state><{kind}>{value}</{kind}></item>"


def route_table_item(account, vpc_id, rtb_id, ids, routes, subnets=(), main=False, name=None):
    assoc = [f"<item><main>true</main><routeTableAssociationId>{ids('rtbassoc')}</routeTableAssociationId><routeTableId>{rtb_id}</routeTableId>"
             f"<associationState><state>associated</state></associationState></item>"] if main else []
    assoc += [f"<item><main>false</main><routeTableAssociationId>{ids('rtbassoc')}</routeTableAssociationId><routeTableId>{rtb_id}</routeTableId>"
              f"<subnetId>{s}</subnetId><associationState><state>associated</state></associationState></item>" for s in subnets]
    return (f"<item><associationSet>{''.join(assoc)}</associationSet><routeTableId>{rtb_id}</routeTableId>"
            f"<routeSet>{''.join(route(c, t) for c, t in routes)}</routeSet>{tags([('Name', name)] if name else [])}"
            f"<vpcId>{vpc_id}</vpcId><ownerId>{account}</ownerId></item>")


def permission(proto, port, cidrs, groups=(), pls=()):
    ports = "" if proto == "-1" else f"<fromPort>{port[0]}</fromPort><toPort>{port[1]}</toPort>"
    g = "".join(f"<item><groupId>{x}</groupId><userId>{u}</userId></item>" for x, u in groups)
    r = "".join(f"<item><description>{d}</description><cidrIp>{c}</cidrIp></item>" if d else f"<item><cidrIp>{c}</cidrIp></item>" for c, d in cidrs)
    p = "".join(f"<item><prefixListId>{x}</prefixListId></item>" for x in pls)
    return (f"<item><ipProtocol>{proto}</ipProtocol>{ports}" + (f"<groups>{g}</groups>" if g else "<groups/>")
            + (f"<ipRanges>{r}</ipRanges>" if r else "<ipRanges/>") + "<ipv6Ranges/>"
            + (f"<prefixListIds>{p}</prefixListIds>" if p else "<prefixListIds/>") + "</item>")


EGRESS_ALL = permission("-1", None, [("0.0.0.0/0", None)])


def sg_item(account, region, vpc_id, sg_id, name, description, ingress):
    return (f"<item><groupId>{sg_id}</groupId><ipPermissionsEgress>{EGRESS_ALL}</ipPermissionsEgress>"
            f"{tags([('Name', name)] if name != 'default' else [])}<vpcId>{vpc_id}</vpcId>"
            f"<securityGroupArn>arn:aws:ec2:{region}:{account}:security-group/{sg_id}</securityGroupArn><ownerId>{account}</ownerId>"
            f"<groupName>{name}</groupName><groupDescription>{description}</groupDescription>"
            + (f"<ipPermissions>{''.join(ingress)}</ipPermissions>" if ingress else "<ipPermissions/>") + "</item>")


def flow_log_item(account, vpc_id, fl_id, name, status="SUCCESS"):
    return (f"<item><creationTime>2026-11-23T11:13:26.000Z</creationTime><deliverLogsPermissionArn>arn:aws:iam::{account}:role/flow-logs"
            f"</deliverLogsPermissionArn><deliverLogsStatus>{status}</deliverLogsStatus><flowLogId>{fl_id}</flowLogId>"
            f"<flowLogStatus>ACTIVE</flowLogStatus><logGroupName>/org/flow-logs/{name}</logGroupName><resourceId>{vpc_id}</resourceId>"
            f"<trafficType>ALL</trafficType><logDestinationType>cloud-watch-logs</logDestinationType><logFormat>${{version}} "
            f"${{account-id}} ${{interface-id}} ${{srcaddr}} ${{dstaddr}} ${{srcport}} ${{dstport}} ${{protocol}} ${{packets}} ${{bytes}} "
            f"${{start}} ${{end}} ${{action}} ${{log-status}}</logFormat>{tags([('Name', name)])}<maxAggregationInterval>600"
            f"</maxAggregationInterval></item>")


PEERING_OPTIONS = ("<peeringOptions><allowDnsResolutionFromRemoteVpc>false</allowDnsResolutionFromRemoteVpc>"
                   "<allowEgressFromLocalClassicLinkToRemoteVpc>false</allowEgressFromLocalClassicLinkToRemoteVpc>"
                   "<allowEgressFromLocalVpcToRemoteClassicLink>false</allowEgressFromLocalVpcToRemoteClassicLink></peeringOptions>")


def peering_item(p):
    def side(s):
        cidr = f"<cidrBlock>{s['cidr']}</cidrBlock>" if p["status"] == "active" else ""
        return f"{cidr}<ownerId>{s['account']}</ownerId>{PEERING_OPTIONS}<vpcId>{s['vpc']}</vpcId><region>{s['region']}</region>"
    message = "Active" if p["status"] == "active" else "Pending Acceptance by " + p["accepter"]["account"]
    return (f"<item><accepterVpcInfo>{side(p['accepter'])}</accepterVpcInfo><requesterVpcInfo>{side(p['requester'])}</requesterVpcInfo>"
            f"<status><code>{p['status']}</code><message>{message}</message></status>{tags([('Name', p['name'])])}"
            f"<vpcPeeringConnectionId>{p['id']}</vpcPeeringConnectionId></item>")


def nacl_item(account, vpc_id, acl_id, subnets, ids):
    assoc = "".join(f"<item><networkAclAssociationId>{ids('aclassoc')}</networkAclAssociationId><networkAclId>{acl_id}</networkAclId>"
                    f"<subnetId>{s}</subnetId></item>" for s in subnets)
    entries = "".join(f"<item><cidrBlock>0.0.0.0/0</cidrBlock><egress>{e}</egress><protocol>-1</protocol><ruleAction>{a}</ruleAction>"
                      f"<ruleNumber>{n}</ruleNumber></item>" for e in ("true", "false") for a, n in (("allow", 100), ("deny", 32767)))
    return (f"<item><associationSet>{assoc}</associationSet><entrySet>{entries}</entrySet><default>true</default>"
            f"<networkAclId>{acl_id}</networkAclId><tagSet/><vpcId>{vpc_id}</vpcId><ownerId>{account}</ownerId></item>")


# The transit-gateway listings every scope has (empty where no gateway is): without them a scan
# cannot tell that there is no gateway, and the rules that need them are not evaluated.
TGW_LISTINGS = [("DescribeTransitGateways", "transitGatewaySet"), ("DescribeTransitGatewayAttachments", "transitGatewayAttachments"),
                ("DescribeTransitGatewayVpcAttachments", "transitGatewayVpcAttachments"),
                ("DescribeTransitGatewayPeeringAttachments", "transitGatewayPeeringAttachments"),
                ("DescribeTransitGatewayRouteTables", "transitGatewayRouteTables")]


def tgw_item(account, region, tgw_id, rtb_ids):
    return (f"<item><transitGatewayId>{tgw_id}</transitGatewayId><transitGatewayArn>arn:aws:ec2:{region}:{account}:transit-gateway/"
            f"{tgw_id}</transitGatewayArn><state>available</state><ownerId>{account}</ownerId><description>hub</description>"
            f"<creationTime>2026-11-23T11:13:26.000Z</creationTime><options><amazonSideAsn>64512</amazonSideAsn><transitGatewayCidrBlocks/>"
            f"<autoAcceptSharedAttachments>disable</autoAcceptSharedAttachments><defaultRouteTableAssociation>disable"
            f"</defaultRouteTableAssociation><defaultRouteTablePropagation>disable</defaultRouteTablePropagation><vpnEcmpSupport>enable"
            f"</vpnEcmpSupport><dnsSupport>enable</dnsSupport><multicastSupport>disable</multicastSupport></options>"
            f"{tags([('Name', 'hub-tgw')])}</item>")


def tgw_attachment_item(t, a):
    """DescribeTransitGatewayAttachments: the attachment `a` of gateway `t`, associated where the plan says."""
    association = (f"<association><transitGatewayRouteTableId>{a['table']}</transitGatewayRouteTableId><state>associated</state>"
                   f"</association>") if a["state"] == "available" else ""
    return (f"<item><transitGatewayAttachmentId>{a['id']}</transitGatewayAttachmentId><transitGatewayId>{t['id']}</transitGatewayId>"
            f"<transitGatewayOwnerId>{t['account']}</transitGatewayOwnerId><resourceOwnerId>{a['account']}</resourceOwnerId>"
            f"<resourceType>vpc</resourceType><resourceId>{a['vpc']}</resourceId><state>{a['state']}</state>{association}"
            f"<creationTime>{a['created']}</creationTime>{tags([('Name', a['name'])])}</item>")


def tgw_vpc_attachment_item(t, a):
    subnets = "".join(f"<item>{s}</item>" for s in a["subnets"])
    return (f"<item><transitGatewayAttachmentId>{a['id']}</transitGatewayAttachmentId><transitGatewayId>{t['id']}</transitGatewayId>"
            f"<vpcId>{a['vpc']}</vpcId><vpcOwnerId>{a['account']}</vpcOwnerId><state>{a['state']}</state><subnetIds>{subnets}</subnetIds>"
            f"<creationTime>{a['created']}</creationTime><options><dnsSupport>enable</dnsSupport><securityGroupReferencingSupport>enable"
            f"</securityGroupReferencingSupport><ipv6Support>disable</ipv6Support><applianceModeSupport>disable</applianceModeSupport>"
            f"</options>{tags([('Name', a['name'])])}</item>")


def tgw_route_table_item(t, rtb_id, name):
    return (f"<item><transitGatewayRouteTableId>{rtb_id}</transitGatewayRouteTableId><transitGatewayId>{t['id']}</transitGatewayId>"
            f"<state>available</state><defaultAssociationRouteTable>false</defaultAssociationRouteTable><defaultPropagationRouteTable>"
            f"false</defaultPropagationRouteTable><creationTime>2026-11-23T11:13:26.000Z</creationTime>{tags([('Name', name)])}</item>")


def tgw_link_item(a, state):
    """An item of GetTransitGatewayRouteTableAssociations or ...Propagations."""
    return (f"<item><transitGatewayAttachmentId>{a['id']}</transitGatewayAttachmentId><resourceId>{a['vpc']}</resourceId>"
            f"<resourceType>vpc</resourceType><state>{state}</state></item>")


def tgw_propagated_route_item(a):
    return (f"<item><destinationCidrBlock>{a['cidr']}</destinationCidrBlock><transitGatewayAttachments><item><resourceId>{a['vpc']}"
            f"</resourceId><transitGatewayAttachmentId>{a['id']}</transitGatewayAttachmentId><resourceType>vpc</resourceType></item>"
            f"</transitGatewayAttachments><type>propagated</type><state>active</state></item>")


def write_tgw_owner(folder, t):
    """The owner's view of gateway `t`: the five listings and the three calls per route table."""
    attachments = [a for a in t["attachments"] if a["state"] == "available"]
    write(folder, "DescribeTransitGateways", "transitGatewaySet", [tgw_item(t["account"], t["region"], t["id"], [])])
    write(folder, "DescribeTransitGatewayAttachments", "transitGatewayAttachments", [tgw_attachment_item(t, a) for a in t["attachments"]])
    write(folder, "DescribeTransitGatewayVpcAttachments", "transitGatewayVpcAttachments",
          [tgw_vpc_attachment_item(t, a) for a in t["attachments"]])
    write(folder, "DescribeTransitGatewayPeeringAttachments", "transitGatewayPeeringAttachments", [])
    write(folder, "DescribeTransitGatewayRouteTables", "transitGatewayRouteTables",
          [tgw_route_table_item(t, t["spokes"], "spokes"), tgw_route_table_item(t, t["hub"], "hub")])
    for table in (t["spokes"], t["hub"]):
        associated = [a for a in attachments if a["table"] == table]
        propagating = [a for a in attachments if a["propagates"] == table]
        routes, seen = [], set()
        for a in propagating:  # of two identical blocks, the first propagated is installed
            if a["cidr"] not in seen:
                seen.add(a["cidr"])
                routes.append(tgw_propagated_route_item(a))
        write(folder, "GetTransitGatewayRouteTableAssociations", "associations",
              [tgw_link_item(a, "associated") for a in associated], suffix=f".{table}")
        write(folder, "GetTransitGatewayRouteTablePropagations", "transitGatewayRouteTablePropagations",
              [tgw_link_item(a, "enabled") for a in propagating], suffix=f".{table}")
        more = "true" if len(routes) > 1000 else "false"
        with open(os.path.join(folder, f"SearchTransitGatewayRoutes.{table}.xml"), "w") as f:
            f.write(body("SearchTransitGatewayRoutes", "routeSet", routes[:1000])
                    .replace("<requestId>", f"<additionalRoutesAvailable>{more}</additionalRoutesAvailable><requestId>"))


def write_tgw_spoke(folder, t, own):
    """A spoke's view: the shared gateway (owner: the hub account) and its own attachments."""
    write(folder, "DescribeTransitGateways", "transitGatewaySet", [tgw_item(t["account"], t["region"], t["id"], [])])
    write(folder, "DescribeTransitGatewayAttachments", "transitGatewayAttachments", [tgw_attachment_item(t, a) for a in own])
    write(folder, "DescribeTransitGatewayVpcAttachments", "transitGatewayVpcAttachments", [tgw_vpc_attachment_item(t, a) for a in own])
    write(folder, "DescribeTransitGatewayPeeringAttachments", "transitGatewayPeeringAttachments", [])
    write(folder, "DescribeTransitGatewayRouteTables", "transitGatewayRouteTables", [])


def load_templates():
    """One instance reservation and one interface item from moto's bodies, with their ids to replace."""
    def first_item(name, container):
        text = open(os.path.join(TEMPLATE_DIR, name)).read()
        start = text.index(f"<{container}>") + len(container) + 2
        depth, i = 0, start
        while True:  # the first top-level <item>…</item>
            if text.startswith("<item>", i): depth += 1; i += 6
            elif text.startswith("</item>", i):
                depth -= 1; i += 7
                if depth == 0: return text[start:i]
            else: i += 1
    return first_item("DescribeInstances.xml", "reservationSet"), first_item("DescribeNetworkInterfaces.xml", "networkInterfaceSet")


def write(folder, action, container, items, suffix=""):
    with open(os.path.join(folder, f"{action}{suffix}.xml"), "w") as f:
        f.write(body(action, container, items))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--accounts", type=int, default=100)
    ap.add_argument("--regions", type=int, default=2)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--tgw", action="store_true", help="a transit-gateway hub instead of peerings (see above)")
    a = ap.parse_args()
    rng, ids = random.Random(a.seed), Ids()
    regions = REGIONS[:a.regions]
    accounts = [str(100000000000 + i) for i in range(a.accounts)]
    reservation, interface = load_templates()
    defects = {"overlap": 0, "no-route": 0, "open-ssh": 0, "no-flow-log": 0, "failed-flow-log": 0, "pending": 0}
    if a.tgw: defects["tgw-attachments"] = 0
    os.makedirs(a.out, exist_ok=True)

    # Plan: addresses and peerings first (both sides of a peering are written).
    hub_account, hub_region = accounts[0], regions[0]
    plan, next_block = {}, 0
    for ai, account in enumerate(accounts):
        for region in regions:
            vpcs = []
            for v in range(3):
                index = next_block - 3 if (ai % 29 == 28 and v == 0) else next_block
                if ai % 29 == 28 and v == 0: defects["overlap"] += 1
                next_block += 1
                vpcs.append({"id": ids("vpc"), "block": block(index)})
            if a.tgw: vpcs[0]["subnets"] = [ids("subnet") for _ in range(4)]  # the attachment names them before they are written
            plan[account, region] = {"default": ids("vpc"), "vpcs": vpcs, "peerings": []}
    hub = plan[hub_account, hub_region]
    hub_vpc = hub["vpcs"][0]
    gateways = {}
    if a.tgw:
        for region in regions:
            t = gateways[region] = {"id": ids("tgw"), "account": hub_account, "region": region, "spokes": ids("tgw-rtb"),
                                    "hub": ids("tgw-rtb"), "attachments": []}
            for ai, account in enumerate(accounts):
                vpc = plan[account, region]["vpcs"][0]
                is_hub = ai == 0
                state = "pendingAcceptance" if ai % 19 == 18 else "available"
                defects["pending"] += state != "available"
                t["attachments"].append({
                    "id": ids("tgw-attach"), "account": account, "vpc": vpc["id"], "cidr": vpc["block"][0], "subnets": vpc["subnets"][:3],
                    "state": state, "name": "hub" if is_hub else f"spoke-{ai}", "table": t["hub"] if is_hub else t["spokes"],
                    "propagates": t["spokes"] if is_hub else t["hub"], "no_route": not is_hub and ai % 13 == 12,
                    "created": f"2026-11-23T{ai // 3600 % 24:02d}:{ai // 60 % 60:02d}:{ai % 60:02d}.000Z"})
                defects["no-route"] += t["attachments"][-1]["no_route"]
                defects["tgw-attachments"] += 1
    for ai, account in enumerate(accounts[1:] if not a.tgw else [], start=1):
        for region in regions:
            spoke = plan[account, region]["vpcs"][0]
            status = "pending-acceptance" if ai % 19 == 18 else "active"
            defects["pending"] += status != "active"
            p = {"id": ids("pcx"), "status": status, "name": f"hub&lt;-&gt;{account}-{region}",
                 "requester": {"account": hub_account, "region": hub_region, "vpc": hub_vpc["id"], "cidr": hub_vpc["block"][0]},
                 "accepter": {"account": account, "region": region, "vpc": spoke["id"], "cidr": spoke["block"][0]},
                 "no_route": ai % 13 == 12}
            defects["no-route"] += p["no_route"]
            hub["peerings"].append(p)
            plan[account, region]["peerings"].append(p)

    total = 0
    for ai, account in enumerate(accounts):
        for region in regions:
            folder = os.path.join(a.out, account, region)
            os.makedirs(folder, exist_ok=True)
            scope = plan[account, region]
            azs = [(f"{region}{c}", f"{region[:2]}{region.split('-')[1][0]}{region[-1]}-az{n + 1}") for n, c in enumerate("abcdef")]
            vpc_items, subnet_items, rtb_items, sg_items, fl_items, acl_items, inst_items, eni_items = ([] for _ in range(8))
            is_hub = (account, region) == (hub_account, hub_region)
            # Default VPC: 172.31.0.0/16, six /20 subnets, a main table, a default group.
            dvpc = scope["default"]
            vpc_items.append(vpc_item(account, dvpc, "172.31.0.0/16", ids, default=True))
            dsubnets = [ids("subnet") for _ in range(6)]
            for n, s in enumerate(dsubnets):
                subnet_items.append(subnet_item(account, region, dvpc, s, f"172.31.{n * 16}.0/20", azs[n], 4091, True, None))
            rtb_items.append(route_table_item(account, dvpc, ids("rtb"), ids, [("172.31.0.0/16", ("gatewayId", "local")),
                                                                                ("0.0.0.0/0", ("gatewayId", ids("igw")))], main=True))
            sg_items.append(sg_item(account, region, dvpc, ids("sg"), "default", "default VPC security group", []))
            acl_items.append(nacl_item(account, dvpc, ids("acl"), dsubnets, ids))
            for v, vpc in enumerate(scope["vpcs"]):
                cidr, prefix = vpc["block"]
                name = f"{'hub' if is_hub and v == 0 else 'app'}-{account[-4:]}-{v}"
                vpc_items.append(vpc_item(account, vpc["id"], cidr, ids, name=name))
                third = int(prefix.split(".")[2])
                subnets = vpc.get("subnets") or [ids("subnet") for _ in range(4)]
                for n, s in enumerate(subnets):
                    subnet_items.append(subnet_item(account, region, vpc["id"], s, f"{'.'.join(prefix.split('.')[:2])}.{third + n}.0/24", azs[n % 3], 250, False, f"{name}-{n}"))
                peer_routes = []
                if v == 0 and a.tgw:
                    t = gateways[region]
                    mine = next(x for x in t["attachments"] if x["vpc"] == vpc["id"])
                    if is_hub: peer_routes.append(("10.0.0.0/8", ("transitGatewayId", t["id"])))
                    elif not mine["no_route"]: peer_routes.append((plan[hub_account, region]["vpcs"][0]["block"][0], ("transitGatewayId", t["id"])))
                if v == 0:
                    for p in scope["peerings"]:
                        if p["no_route"] and not is_hub: continue
                        other = p["accepter"] if is_hub else p["requester"]
                        peer_routes.append((other["cidr"], ("vpcPeeringConnectionId", p["id"])))
                local = (cidr, ("gatewayId", "local"))
                rtb_items.append(route_table_item(account, vpc["id"], ids("rtb"), ids, [local], main=True, name=f"{name}-main"))
                rtb_items.append(route_table_item(account, vpc["id"], ids("rtb"), ids, [local, ("0.0.0.0/0", ("gatewayId", ids("igw")))],
                                                  subnets[:2], name=f"{name}-public"))
                rtb_items.append(route_table_item(account, vpc["id"], ids("rtb"), ids, [local, ("0.0.0.0/0", ("natGatewayId", ids("nat")))]
                                                  + peer_routes, subnets[2:], name=f"{name}-private"))
                # Security groups: default + 6 tiers with 2-40 rules each.
                groups = [ids("sg") for _ in range(6)]
                sg_items.append(sg_item(account, region, vpc["id"], ids("sg"), "default", "default VPC security group", []))
                for g, sg in enumerate(groups):
                    rules = []
                    for r in range(rng.randint(2, 40)):
                        port = rng.choice([443, 80, 8080, 5432, 3306, 6379, 9200, 8443, 2049])
                        cidrs = [(f"10.{rng.randrange(256)}.{rng.randrange(0, 256, 4)}.0/22", rng.choice([None, "partner range"]))
                                 for _ in range(rng.randint(1, 4))]
                        rules.append(permission("tcp", (port, port), cidrs, groups=[(groups[(g + 1) % 6], account)] if r % 5 == 0 else ()))
                    if g == 1 and v == 0 and ai % 11 == 10:
                        rules.append(permission("tcp", (22, 22), [("0.0.0.0/0", None)]))
                        defects["open-ssh"] += 1
                    sg_items.append(sg_item(account, region, vpc["id"], sg, f"{name}-tier{g}", f"{name} tier {g}", rules))
                if v == 1 and ai % 7 == 6:
                    defects["no-flow-log"] += 1
                else:
                    failed = v == 2 and ai % 17 == 16
                    defects["failed-flow-log"] += failed
                    fl_items.append(flow_log_item(account, vpc["id"], ids("fl"), name, "FAILED" if failed else "SUCCESS"))
                acl_items.append(nacl_item(account, vpc["id"], ids("acl"), subnets, ids))
                for n in range(2):  # two instances, each with its interface, from moto's own bodies
                    inst, eni, ip = ids("i"), ids("eni"), f"{'.'.join(prefix.split('.')[:2])}.{third + 2}.{10 + n}"
                    swap = {"r-38995ddbbf29302e8": ids("r"), "i-851794f71e85cd366": inst, "eni-046eaaf2480824e7f": eni,
                            "subnet-b909441f76dda15e7": subnets[2], "vpc-ef359c86558accdd3": vpc["id"], "10.10.1.4": ip,
                            "111111111111": account, "us-east-1": region, "sg-d6bb4ec8c36d27c21": groups[0],
                            "sg-d57a34de847d48232": groups[1], "sg-8b46ace7f97169a82": groups[2], "ip-10-10-1-4": "ip-" + ip.replace(".", "-")}
                    for text, out in ((reservation, inst_items), (interface, eni_items)):
                        for old, new in swap.items(): text = text.replace(old, new)
                        out.append(text)
            peer_items = [peering_item(p) for p in scope["peerings"]]
            write(folder, "DescribeVpcs", "vpcSet", vpc_items)
            write(folder, "DescribeSubnets", "subnetSet", subnet_items)
            write(folder, "DescribeRouteTables", "routeTableSet", rtb_items)
            write(folder, "DescribeSecurityGroups", "securityGroupInfo", sg_items)
            write(folder, "DescribeFlowLogs", "flowLogSet", fl_items)
            write(folder, "DescribeVpcPeeringConnections", "vpcPeeringConnectionSet", peer_items)
            write(folder, "DescribeNetworkAcls", "networkAclSet", acl_items)
            write(folder, "DescribeVpcEndpoints", "vpcEndpointSet", [])
            write(folder, "DescribeInstances", "reservationSet", inst_items)
            write(folder, "DescribeNetworkInterfaces", "networkInterfaceSet", eni_items)
            lists = []
            for pl_name, entries in ((f"com.amazonaws.{region}.s3", ["3.5.0.0/19", "52.216.0.0/15", "54.231.0.0/16"]),
                                     (f"com.amazonaws.{region}.dynamodb", ["3.218.180.0/22", "52.94.0.0/22"])):
                pl = ids("pl")
                lists.append(f"<item><prefixListId>{pl}</prefixListId><addressFamily>IPv4</addressFamily><state>create-complete</state>"
                             f"<prefixListArn>arn:aws:ec2:{region}:AWS:prefix-list/{pl}</prefixListArn><prefixListName>{pl_name}"
                             f"</prefixListName><tagSet/><ownerId>AWS</ownerId></item>")
                write(folder, "GetManagedPrefixListEntries", "entrySet",
                      [f"<item><cidr>{c}</cidr><description>default</description></item>" for c in entries], suffix=f".{pl}")
            write(folder, "DescribeManagedPrefixLists", "prefixListSet", lists)
            # The per-VPC calls `collect` makes: both DNS attributes (on, as AWS's defaults for the
            # default VPC and the usual setting for the others) and the stale-group cross-check (none).
            for vpc_id in [dvpc] + [v["id"] for v in scope["vpcs"]]:
                for attribute in ("enableDnsSupport", "enableDnsHostnames"):
                    with open(os.path.join(folder, f"DescribeVpcAttribute.{vpc_id}.{attribute}.xml"), "w") as f:
                        f.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<DescribeVpcAttributeResponse xmlns="{NS}">'
                                f"<requestId>request-id</requestId><vpcId>{vpc_id}</vpcId><{attribute}><value>true</value>"
                                f"</{attribute}></DescribeVpcAttributeResponse>")
                write(folder, "DescribeStaleSecurityGroups", "staleSecurityGroupSet", [], suffix=f".{vpc_id}")
            if a.tgw:
                t = gateways[region]
                if account == hub_account: write_tgw_owner(folder, t)
                else: write_tgw_spoke(folder, t, [x for x in t["attachments"] if x["account"] == account])
            else:  # collected and empty, as `hubaudit collect` writes them where no gateway is
                for action, container in TGW_LISTINGS: write(folder, action, container, [])
    manifest = {"format": "hubaudit-snapshot/1", "taken_at": "2026-11-23T02:00:00Z",
                "collector": f"Benchmarks/generate.py --accounts {a.accounts} --regions {a.regions} --seed {a.seed}" + (" --tgw" if a.tgw else ""),
                "accounts": [{"id": acc, "name": "hub" if i == 0 else f"spoke-{i}", "regions": regions} for i, acc in enumerate(accounts)],
                "actions": ["DescribeVpcs", "DescribeSubnets", "DescribeRouteTables", "DescribeSecurityGroups", "DescribeFlowLogs",
                            "DescribeVpcPeeringConnections", "DescribeNetworkAcls", "DescribeVpcEndpoints", "DescribeManagedPrefixLists",
                            "DescribeNetworkInterfaces", "DescribeInstances", "GetManagedPrefixListEntries"]
                + [action for action, _ in TGW_LISTINGS]
                + ["GetTransitGatewayRouteTableAssociations", "GetTransitGatewayRouteTablePropagations", "SearchTransitGatewayRoutes",
                   "DescribeVpcAttribute", "DescribeStaleSecurityGroups"],
                "pages": {}, "failures": []}
    with open(os.path.join(a.out, "manifest.json"), "w") as f: json.dump(manifest, f, indent=2)
    with open(os.path.join(a.out, "defects.json"), "w") as f: json.dump(defects, f, indent=2)
    print(json.dumps({"accounts": a.accounts, "regions": a.regions, "tgw": a.tgw, "defects": defects}))


if __name__ == "__main__":
    main()
