"""The tgw-hub example: a transit-gateway hub, recorded from moto and post-edited (issue 12).

Used by record_examples.py (which records it and serves it with --serve --scenario tgw-hub);
examples/tgw-hub.md says what the organisation holds, what is planted and what was edited.

moto cannot attach a VPC of one account to another account's transit gateway (it has no RAM), so
the whole organisation is built in the network account and post_edit() then moves each VPC's
resources into the folder of the account that owns it in the story, and corrects moto's
transit-gateway artefacts.  Every edit is a textual cut/paste of whole `<item>` elements or a
rewrite of one element's text: the bodies otherwise stay as moto sent them.
"""
import json
import os
import re
import time

import record_examples as rec

SEED = 12
NETWORK = ("666666666666", "network")
SHARED = ("777777777777", "shared-services")
PAYMENTS = ("888888888888", "payments")
ANALYTICS = ("999999999999", "analytics")
ACCOUNTS = [NETWORK, SHARED, PAYMENTS, ANALYTICS]


# --------------------------------------------------------------------------- build (in moto)

def vpc_route_table(acct, vpc_id, name, subnet_ids, tgw_routes, tgw):
    rt = acct.ec2.create_route_table(VpcId=vpc_id, TagSpecifications=rec.tags("route-table", name)
                                     )["RouteTable"]["RouteTableId"]
    for s in subnet_ids:
        acct.ec2.associate_route_table(RouteTableId=rt, SubnetId=s)
    for cidr in tgw_routes:
        acct.ec2.create_route(RouteTableId=rt, DestinationCidrBlock=cidr, TransitGatewayId=tgw)
    return rt


def gateway(acct, name, auto_accept, defaults):
    flag = "enable" if defaults else "disable"
    return acct.ec2.create_transit_gateway(
        Description=name,
        Options={"AutoAcceptSharedAttachments": "enable" if auto_accept else "disable",
                 "DefaultRouteTableAssociation": flag, "DefaultRouteTablePropagation": flag},
        TagSpecifications=rec.tags("transit-gateway", name))["TransitGateway"]


def tgw_table(acct, tgw, name):
    return acct.ec2.create_transit_gateway_route_table(
        TransitGatewayId=tgw, TagSpecifications=rec.tags("transit-gateway-route-table", name)
    )["TransitGatewayRouteTable"]["TransitGatewayRouteTableId"]


def attach(acct, tgw, vpc_id, subnet_ids, name, appliance_mode=False):
    """A VPC attachment, tagged afterwards (moto ignores TagSpecifications on this call)."""
    att = acct.ec2.create_transit_gateway_vpc_attachment(
        TransitGatewayId=tgw, VpcId=vpc_id, SubnetIds=subnet_ids,
        Options={"ApplianceModeSupport": "enable" if appliance_mode else "disable"}
    )["TransitGatewayVpcAttachment"]["TransitGatewayAttachmentId"]
    rec.name_tag(acct, att, name)
    return att


def detach_from_moto_default(acct, default_rtb, att):
    """moto associates every new attachment with the gateway's default table, even when default
    association is disabled; AWS associates it with nothing.  Undo it (moto can only disassociate
    what it associated through the API, hence the associate first)."""
    acct.ec2.associate_transit_gateway_route_table(TransitGatewayRouteTableId=default_rtb,
                                                   TransitGatewayAttachmentId=att)
    acct.ec2.disassociate_transit_gateway_route_table(TransitGatewayRouteTableId=default_rtb,
                                                      TransitGatewayAttachmentId=att)


def associate(acct, rtb, att):
    acct.ec2.associate_transit_gateway_route_table(TransitGatewayRouteTableId=rtb,
                                                   TransitGatewayAttachmentId=att)


def propagate(acct, rtb, att):
    acct.ec2.enable_transit_gateway_route_table_propagation(TransitGatewayRouteTableId=rtb,
                                                            TransitGatewayAttachmentId=att)


def build(net):
    """The organisation, all of it in the network account (moto has no RAM). Returns
    (ids, owners): ids by label, and the story's owner account of every VPC."""
    ids, owners = {}, {}
    e = net.ec2

    hub = gateway(net, "hub-tgw", auto_accept=False, defaults=False)
    tgw = ids["network/tgw hub-tgw"] = hub["TransitGatewayId"]
    moto_default = hub["Options"]["AssociationDefaultRouteTableId"]   # moto's artefact, edited out
    spokes_rtb = ids["network/tgw-rtb spokes"] = tgw_table(net, tgw, "spokes")
    hub_rtb = ids["network/tgw-rtb hub"] = tgw_table(net, tgw, "hub")

    def spoke_vpc(owner, cidr, name):
        v = rec.vpc(net, cidr, name)
        owners[v] = owner
        ids[f"{owner[1]}/vpc {name}"] = v
        return v

    def sub(owner, v, cidr, name, az):
        s = rec.subnet(net, v, cidr, name, az=az)
        ids[f"{owner[1]}/subnet {name}"] = s
        return s

    # shared services: the hub VPC, attached in two AZs, appliance mode on (correct)
    ss = spoke_vpc(SHARED, "10.0.0.0/16", "shared-services")
    ss_a = sub(SHARED, ss, "10.0.1.0/24", "shared-services-a", "us-east-1a")
    ss_b = sub(SHARED, ss, "10.0.2.0/24", "shared-services-b", "us-east-1b")
    # payments: attached in us-east-1a only; payments-reporting sits in us-east-1c   (planted v)
    pay = spoke_vpc(PAYMENTS, "10.1.0.0/16", "payments")
    pay_a = sub(PAYMENTS, pay, "10.1.1.0/24", "payments-a", "us-east-1a")
    pay_c = sub(PAYMENTS, pay, "10.1.3.0/24", "payments-reporting", "us-east-1c")
    # analytics: attached in two AZs; analytics-b's table has no route back to the hub (planted i)
    ana = spoke_vpc(ANALYTICS, "10.2.0.0/16", "analytics")
    ana_a = sub(ANALYTICS, ana, "10.2.1.0/24", "analytics-a", "us-east-1a")
    ana_b = sub(ANALYTICS, ana, "10.2.2.0/24", "analytics-b", "us-east-1b")
    # payments-batch: attached, never associated                                        (planted iii)
    batch = spoke_vpc(PAYMENTS, "10.3.0.0/16", "payments-batch")
    batch_a = sub(PAYMENTS, batch, "10.3.1.0/24", "payments-batch-a", "us-east-1a")
    # analytics-sandbox: routes to the gateway, never attached                           (planted iv)
    sbx = spoke_vpc(ANALYTICS, "10.4.0.0/16", "analytics-sandbox")
    sbx_a = sub(ANALYTICS, sbx, "10.4.1.0/24", "analytics-sandbox-a", "us-east-1a")

    ids["shared-services/tgw-attach"] = ss_att = attach(net, tgw, ss, [ss_a, ss_b],
                                                        "shared-services", appliance_mode=True)
    ids["payments/tgw-attach"] = pay_att = attach(net, tgw, pay, [pay_a], "payments")
    ids["analytics/tgw-attach"] = ana_att = attach(net, tgw, ana, [ana_a, ana_b], "analytics")
    ids["payments/tgw-attach payments-batch"] = batch_att = attach(net, tgw, batch, [batch_a],
                                                                   "payments-batch")
    # analytics-dr: a standby copy of analytics with the same block, attached a moment later: of
    # the two identical propagations into the hub table, AWS keeps analytics' (planted viii)
    time.sleep(1.5)   # distinct creation times: the earlier attachment's route is the one kept
    dr = spoke_vpc(ANALYTICS, "10.2.0.0/16", "analytics-dr")
    dr_a = sub(ANALYTICS, dr, "10.2.1.0/24", "analytics-dr-a", "us-east-1a")
    ids["analytics/tgw-attach analytics-dr"] = dr_att = attach(net, tgw, dr, [dr_a], "analytics-dr")
    for att in (ss_att, pay_att, ana_att, batch_att, dr_att):
        detach_from_moto_default(net, moto_default, att)

    # the segmented design: spokes associate with "spokes" (only the hub propagates there), the
    # hub with "hub" (every spoke propagates there)
    associate(net, hub_rtb, ss_att)
    propagate(net, spokes_rtb, ss_att)
    for att in (pay_att, ana_att, dr_att):
        associate(net, spokes_rtb, att)
        propagate(net, hub_rtb, att)
    propagate(net, spokes_rtb, ana_att)              # planted vi: analytics into the spokes table
    e.create_transit_gateway_route(TransitGatewayRouteTableId=spokes_rtb,   # planted ii
                                   DestinationCidrBlock="10.50.0.0/16", Blackhole=True)

    # VPC route tables: each VPC sends the blocks it should reach to the gateway
    ids["shared-services/rtb shared-services-rt"] = vpc_route_table(
        net, ss, "shared-services-rt", [ss_a, ss_b], ["10.1.0.0/16", "10.2.0.0/16"], tgw)
    ids["payments/rtb payments-rt"] = vpc_route_table(
        net, pay, "payments-rt", [pay_a], ["10.0.0.0/16", "10.50.0.0/16"], tgw)   # 10.50: planted ii
    ids["payments/rtb payments-reporting-rt"] = vpc_route_table(
        net, pay, "payments-reporting-rt", [pay_c], ["10.0.0.0/16"], tgw)         # planted v
    ids["analytics/rtb analytics-rt"] = vpc_route_table(
        net, ana, "analytics-rt", [ana_a], ["10.0.0.0/16"], tgw)
    ids["analytics/rtb analytics-b-rt"] = vpc_route_table(
        net, ana, "analytics-b-rt", [ana_b], [], tgw)                              # planted i
    ids["payments/rtb payments-batch-rt"] = vpc_route_table(
        net, batch, "payments-batch-rt", [batch_a], ["10.0.0.0/16"], tgw)          # planted iii
    ids["analytics/rtb analytics-sandbox-rt"] = vpc_route_table(
        net, sbx, "analytics-sandbox-rt", [sbx_a], ["10.0.0.0/16"], tgw)           # planted iv
    ids["analytics/rtb analytics-dr-rt"] = vpc_route_table(
        net, dr, "analytics-dr-rt", [dr_a], [], tgw)
    for v in owners:
        rec.name_tag(net, rec.main_route_table(net, v), f"{ids_name(ids, v)}-main")

    # security groups: the spokes reach the hub's services on 443, the hub reaches the spokes' 8443
    sg = {}
    sg["shared-services-app-sg"] = rec.security_group(
        net, ss, "shared-services-app-sg", "hub services for the spokes",
        [rec.cidr_rule("tcp", 443, 443, "10.1.0.0/16", description="payments"),
         rec.cidr_rule("tcp", 443, 443, "10.2.0.0/16", description="analytics")])
    sg["payments-app-sg"] = rec.security_group(
        net, pay, "payments-app-sg", "payments api for the hub",
        [rec.cidr_rule("tcp", 8443, 8443, "10.0.0.0/16", description="shared services")])
    sg["analytics-app-sg"] = rec.security_group(
        net, ana, "analytics-app-sg", "analytics api for the hub",
        [rec.cidr_rule("tcp", 8443, 8443, "10.0.0.0/16", description="shared services")])
    owner_of_sg = {"shared-services-app-sg": SHARED, "payments-app-sg": PAYMENTS,
                   "analytics-app-sg": ANALYTICS}
    for k, v in sg.items():
        ids[f"{owner_of_sg[k][1]}/sg {k}"] = v

    # instances: the endpoints the reachability rules judge
    for label, subnet_id, group, owner in (
            ("shared-services-server", ss_a, "shared-services-app-sg", SHARED),
            ("payments-server", pay_a, "payments-app-sg", PAYMENTS),
            ("payments-reporting", pay_c, "payments-app-sg", PAYMENTS),
            ("analytics-server", ana_a, "analytics-app-sg", ANALYTICS),
            ("analytics-worker", ana_b, "analytics-app-sg", ANALYTICS)):
        ids[f"{owner[1]}/i {label}"] = rec.instance(net, subnet_id, [sg[group]], label)

    # flow logs (ALL) on every VPC of the story: nothing to flag there
    for v in owners:
        name = ids_name(ids, v)
        ids[f"{owners[v][1]}/fl {name}"] = rec.flow_log(net, "VPC", v, "ALL", name)

    # the legacy gateway: auto-accept, default association and propagation on, and a default
    # route to an inspection VPC whose attachment has appliance mode off (planted vii)
    legacy = gateway(net, "legacy-tgw", auto_accept=True, defaults=True)
    ltgw = ids["network/tgw legacy-tgw"] = legacy["TransitGatewayId"]
    ldefault = ids["network/tgw-rtb legacy default"] = legacy["Options"]["AssociationDefaultRouteTableId"]
    rec.name_tag(net, ldefault, "legacy-default")
    insp = ids["network/vpc inspection"] = rec.vpc(net, "10.99.0.0/16", "inspection")
    owners[insp] = NETWORK
    insp_a = ids["network/subnet inspection-a"] = rec.subnet(net, insp, "10.99.1.0/24", "inspection-a")
    ids["network/tgw-attach inspection"] = insp_att = attach(net, ltgw, insp, [insp_a], "inspection")
    propagate(net, ldefault, insp_att)      # AWS does this itself when default propagation is on
    e.create_transit_gateway_route(TransitGatewayRouteTableId=ldefault,
                                   DestinationCidrBlock="0.0.0.0/0", TransitGatewayAttachmentId=insp_att)
    rec.name_tag(net, rec.main_route_table(net, insp), "inspection-main")
    ids["network/fl inspection"] = rec.flow_log(net, "VPC", insp, "ALL", "inspection")

    ids["moto default table of hub-tgw (edited out)"] = moto_default
    return ids, owners


def ids_name(ids, vpc_id):
    for k, v in ids.items():
        if v == vpc_id and k.split("/", 1)[1].startswith("vpc "):
            return k.split("/", 1)[1][len("vpc "):]
    raise KeyError(vpc_id)


# --------------------------------------------------------------------------- post-edit

def split_items(body, list_tag):
    """(head, [item, ...], tail) of the top-level <item> elements of <list_tag>; items are kept
    byte for byte.  An empty list <list_tag/> gives ([], head, tail) around it."""
    empty = f"<{list_tag}/>"
    if empty in body:
        i = body.index(empty)
        return body[:i] + f"<{list_tag}>", [], f"</{list_tag}>" + body[i + len(empty):]
    start = body.index(f"<{list_tag}>") + len(list_tag) + 2
    end = body.index(f"</{list_tag}>", start)
    inner, items, depth, pos = body[start:end], [], 0, 0
    for m in re.finditer(r"<item>|</item>|<item/>", inner):
        if m.group() == "<item/>":
            if depth == 0:
                items.append(m.group())
            continue
        if m.group() == "<item>":
            if depth == 0:
                pos = m.start()
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                items.append(inner[pos:m.end()])
    return body[:start], items, body[end:]


def join_items(head, items, tail, list_tag):
    if not items and head.endswith(f"<{list_tag}>") and tail.startswith(f"</{list_tag}>"):
        return head[:-len(list_tag) - 2] + f"<{list_tag}/>" + tail[len(list_tag) + 3:]
    return head + "".join(items) + tail


class Folder:
    """One account's recorded bodies, edited in memory and written back by save()."""

    def __init__(self, root, account):
        self.dir = os.path.join(root, account, rec.REGION)
        self.bodies = {}

    def get(self, name):
        if name not in self.bodies:
            with open(os.path.join(self.dir, name), encoding="utf-8") as f:
                self.bodies[name] = f.read()
        return self.bodies[name]

    def set(self, name, body):
        self.bodies[name] = body

    def remove(self, name):
        os.unlink(os.path.join(self.dir, name))
        self.bodies.pop(name, None)

    def save(self):
        for name, body in self.bodies.items():
            with open(os.path.join(self.dir, name), "w", encoding="utf-8", newline="") as f:
                f.write(body)


def text_of(item, tag):
    m = re.search(f"<{tag}>([^<]*)</{tag}>", item)
    return m.group(1) if m else None


def set_text(item, tag, value):
    return re.sub(f"<{tag}>[^<]*</{tag}>", f"<{tag}>{value}</{tag}>", item)


# file -> its list element; an item names its VPC by vpcId (a flow log: resourceId)
MOVED_LISTINGS = {
    "DescribeVpcs.xml": "vpcSet",
    "DescribeSubnets.xml": "subnetSet",
    "DescribeRouteTables.xml": "routeTableSet",
    "DescribeSecurityGroups.xml": "securityGroupInfo",
    "DescribeNetworkAcls.xml": "networkAclSet",
    "DescribeNetworkInterfaces.xml": "networkInterfaceSet",
    "DescribeInstances.xml": "reservationSet",
    "DescribeFlowLogs.xml": "flowLogSet",
}


def vpc_of(item, listing):
    if listing == "flowLogSet":
        return text_of(item, "resourceId")
    return text_of(item, "vpcId")


def post_edit(root, ids, owners):
    """Move each VPC's resources to its owner's folder and correct moto's TGW artefacts.
    Returns the edits made, one line each (printed by record_examples.py; examples/tgw-hub.md says the same)."""
    net_id = NETWORK[0]
    folders = {a: Folder(root, a) for a, _ in ACCOUNTS}
    net = folders[net_id]
    edits = []

    # 1. VPC resources to their owners (ownerId and ARNs rewritten to the owner's account)
    for name, listing in MOVED_LISTINGS.items():
        head, items, tail = split_items(net.get(name), listing)
        kept = []
        for item in items:
            owner = owners.get(vpc_of(item, listing), NETWORK)[0]
            if owner == net_id:
                kept.append(item)
                continue
            h, its, t = split_items(folders[owner].get(name), listing)
            folders[owner].set(name, join_items(h, its + [item.replace(net_id, owner)], t, listing))
        net.set(name, join_items(head, kept, tail, listing))
    edits.append("moved the VPCs' items of " + ", ".join(n[:-4] for n in MOVED_LISTINGS)
                 + " to their owner's folder, account id 666666666666 -> owner in them")
    # DescribeVpcAttribute files are one per VPC and name only the VPC: whole files move, bytes unchanged.
    moved = 0
    for name in sorted(os.listdir(net.dir)):
        if name.startswith("DescribeVpcAttribute."):
            owner = owners.get(name.split(".")[1], NETWORK)[0]
            if owner != net_id:
                os.replace(os.path.join(net.dir, name), os.path.join(folders[owner].dir, name))
                moved += 1
    edits.append(f"moved {moved} DescribeVpcAttribute files (one per VPC and attribute) to their VPC owner's folder, unchanged")

    hub_tgw, moto_default = ids["network/tgw hub-tgw"], ids["moto default table of hub-tgw (edited out)"]
    attachments = {}   # attachment id -> owner account
    _, items, _ = split_items(net.get("DescribeTransitGatewayAttachments.xml"), "transitGatewayAttachments")
    for item in items:
        attachments[text_of(item, "transitGatewayAttachmentId")] = owners[text_of(item, "resourceId")][0]

    # 2. the real associations, from the per-table listings moto got right
    association = {}
    for table in tables_of(net):
        if table == moto_default:
            continue
        _, items, _ = split_items(net.get(f"GetTransitGatewayRouteTableAssociations.{table}.xml"), "associations")
        for item in items:
            association[text_of(item, "transitGatewayAttachmentId")] = table

    # 3. moto's default table of hub-tgw (default association/propagation disabled): gone
    head, items, tail = split_items(net.get("DescribeTransitGatewayRouteTables.xml"), "transitGatewayRouteTables")
    items = [i for i in items if text_of(i, "transitGatewayRouteTableId") != moto_default]
    net.set("DescribeTransitGatewayRouteTables.xml", join_items(head, items, tail, "transitGatewayRouteTables"))
    for action in rec.TGW_TABLE_ACTIONS:
        net.remove(f"{action}.{moto_default}.xml")
    head, items, tail = split_items(net.get("DescribeTransitGateways.xml"), "transitGatewaySet")
    items = [re.sub(f"<(association|propagation)DefaultRouteTableId>{moto_default}</\\1DefaultRouteTableId>", "", i)
             if text_of(i, "transitGatewayId") == hub_tgw else i for i in items]
    net.set("DescribeTransitGateways.xml", join_items(head, items, tail, "transitGatewaySet"))
    edits.append(f"removed hub-tgw's default route table {moto_default} (moto creates it although default "
                 "association and propagation are disabled): its DescribeTransitGatewayRouteTables item, its three "
                 "per-table files, and associationDefaultRouteTableId/propagationDefaultRouteTableId in hub-tgw's options")

    # 4. attachments: the association each really has, owners, spokes' own listings
    def fix_attachment(item):
        att = text_of(item, "transitGatewayAttachmentId")
        owner = attachments[att]
        item = set_text(item, "resourceOwnerId", owner)
        item = set_text(item, "vpcOwnerId", owner)
        if att in association:
            item = set_text(item, "transitGatewayRouteTableId", association[att])
        else:
            item = re.sub(r"<association>.*?</association>", "", item)
        return item

    for name, listing in (("DescribeTransitGatewayAttachments.xml", "transitGatewayAttachments"),
                          ("DescribeTransitGatewayVpcAttachments.xml", "transitGatewayVpcAttachments")):
        head, items, tail = split_items(net.get(name), listing)
        items = [fix_attachment(i) for i in items]
        net.set(name, join_items(head, items, tail, listing))
        for owner in folders:
            if owner == net_id:
                continue
            mine = [i for i in items if attachments[text_of(i, "transitGatewayAttachmentId")] == owner]
            h, its, t = split_items(folders[owner].get(name), listing)
            folders[owner].set(name, join_items(h, its + mine, t, listing))
    edits.append("DescribeTransitGatewayAttachments and DescribeTransitGatewayVpcAttachments: resourceOwnerId / "
                 "vpcOwnerId set to the VPC's owner; association set to the table GetTransitGatewayRouteTableAssociations "
                 "names (moto reports its default table for every attachment), removed for payments-batch (associated "
                 "with none); each spoke account's listings hold copies of its own attachments")

    # 5. VPC attachments are not peering attachments
    for folder in folders.values():
        head, _, tail = split_items(folder.get("DescribeTransitGatewayPeeringAttachments.xml"),
                                    "transitGatewayPeeringAttachments")
        folder.set("DescribeTransitGatewayPeeringAttachments.xml",
                   join_items(head, [], tail, "transitGatewayPeeringAttachments"))
    edits.append("DescribeTransitGatewayPeeringAttachments: emptied (moto lists the VPC attachments there too)")

    # (static routes name their attachment: record_examples.MOTO_LAUNCHER fixes moto's empty list)

    # 6. the spokes see the shared gateway (RAM), not its route tables
    _, gws, _ = split_items(net.get("DescribeTransitGateways.xml"), "transitGatewaySet")
    shared = [g for g in gws if text_of(g, "transitGatewayId") == hub_tgw]
    for owner, folder in folders.items():
        if owner != net_id:
            h, its, t = split_items(folder.get("DescribeTransitGateways.xml"), "transitGatewaySet")
            folder.set("DescribeTransitGateways.xml", join_items(h, its + shared, t, "transitGatewaySet"))
    edits.append("DescribeTransitGateways of each spoke account: a copy of hub-tgw's item (shared through RAM; owner stays 666666666666)")

    for folder in folders.values():
        folder.save()

    manifest_path = os.path.join(root, "manifest.json")
    with open(manifest_path, encoding="utf-8") as f:
        manifest = json.load(f)
    manifest["collector"] = rec.COLLECTOR + ", post-edited by examples/tgw_hub.py (see examples/tgw-hub.md)"
    # 7. each VPC's DescribeStaleSecurityGroups (refused by moto) belongs to the VPC's owner, like its files
    prefix = rec.STALE_GROUPS_ACTION + "."
    for failure in manifest.get("failures", []):
        if failure["action"].startswith(prefix):
            failure["account"] = owners.get(failure["action"][len(prefix):], NETWORK)[0]
    manifest["failures"] = sorted(manifest.get("failures", []), key=lambda f: (f["account"], f["region"], f["action"]))
    with open(manifest_path, "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2, ensure_ascii=False)
        f.write("\n")
    return edits


def tables_of(folder):
    _, items, _ = split_items(folder.get("DescribeTransitGatewayRouteTables.xml"), "transitGatewayRouteTables")
    return [text_of(i, "transitGatewayRouteTableId") for i in items]


# --------------------------------------------------------------------------- entry points

def accounts(endpoint):
    """Every account's client, each touched once in a fixed order, so that moto creates the
    default VPCs (and spends the seeded ids on them) before anything else."""
    accts = [rec.Account(endpoint, a, n) for a, n in ACCOUNTS]
    for a in accts:
        a.ec2.describe_vpcs()
    return accts


def build_in_moto(accts, notes):
    """The organisation as moto holds it (before post-editing): returns (ids, owners). The
    default VPCs are deleted last (see peering_pair: moto would otherwise make the new subnets
    default-for-AZ)."""
    ids, owners = build(accts[0])
    for a in accts:
        notes.extend(rec.delete_default_vpc(a))
    return ids, owners


def record(endpoint, out_dir, notes):
    """examples/tgw-hub: build, record every account, post-edit. Returns (ids, edits)."""
    accts = accounts(endpoint)
    state = {}

    def build_all():
        ids, state["owners"] = build_in_moto(accts, notes)
        return ids

    root = os.path.join(out_dir, "tgw-hub")
    ids = rec.write_snapshot(root, accts, build_all)
    return ids, post_edit(root, ids, state["owners"])
