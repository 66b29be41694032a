#!/usr/bin/env python3
"""Regenerate PathProof's transit gateway fixtures (Queries/transit/<stage>/*.json).

What it does
    Builds a hub transit gateway with three VPCs (Hub-A 10.11.0.0/16 and Hub-B 10.12.0.0/16 in us-east-1a, Hub-C
    10.13.0.0/16 in us-east-1b), one instance each, one transit gateway route table (Hub-tgw-rtb) that every
    attachment is associated with and propagates into, and a route to the other two VPCs via the transit gateway in
    each VPC's main route table. Then it breaks one thing per stage (and mends the previous one), with the real AWS
    CLI (`aws ec2 ...`) against moto's EC2 emulator on 127.0.0.1 (a free port, dummy credentials; the emulator, the
    CLI runner and the corrections C1-C8 are Queries/fixturelib.py's, which every builder shares). After every stage
    it writes what the describe commands print, one file per command, and for every transit gateway route table the
    outputs of search-transit-gateway-routes, get-transit-gateway-route-table-associations and
    get-transit-gateway-route-table-propagations in files named after the command and the table (those outputs do
    not say which table they describe). The tests only read the committed JSON.

Usage
    Queries/transit/build-snapshots.py            # rebuild every stage folder next to this script
    Queries/transit/build-snapshots.py --check    # only check the committed folders (no moto needed)
    Queries/transit/build-snapshots.py --raw DIR  # also keep moto's uncorrected dumps in DIR
    Queries/transit/build-snapshots.py --out DIR  # write the stage folders into DIR instead

Stages (us-east-1; each is the working hub with one defect)         expected reachability: see README.md
    01-working                  every instance pings every other one through Hub-tgw
    02-missing-association      Hub-C-attachment disassociated from Hub-tgw-rtb
    03-missing-route            Hub-C-attachment's propagation into Hub-tgw-rtb disabled: no route to 10.13.0.0/16
    04-blackhole-route          propagation back, and a static blackhole route 10.13.1.0/24 in Hub-tgw-rtb
    05-route-one-way            blackhole gone; Hub-B-rtb loses its route 10.11.0.0/16 -> Hub-tgw (B cannot answer A)
    06-zone-without-subnet      route back; a second subnet of Hub-C in us-east-1c with an instance, which
                                Hub-C-attachment has no subnet in (TGW_ROUTE_AZ_RESTRICTION)

Moto 5.2.1 deviations corrected here (besides fixturelib's C1-C8; each in correct_transit() with a comment):
    T1  create-transit-gateway-route --transit-gateway-attachment-id: moto forgets the attachment and prints
        "TransitGatewayAttachments": []; AWS lists [{ResourceId, TransitGatewayAttachmentId, ResourceType}].
        Filled in from the routes this script created. (No stage has such a route now; kept for the next one.)
    T2  search-transit-gateway-routes lists no propagated routes; AWS lists, for every enabled propagation of a
        VPC attachment, one route per CIDR block of the VPC ("Type": "propagated", "State": "active").
    T3  no network interfaces for VPC attachments; AWS puts one in every subnet of the attachment
        (InterfaceType transit_gateway, no security group, SourceDestCheck false, "Network Interface for
        Transit Gateway Attachment tgw-attach-..."). Added with a free address of the subnet (.250 down; AWS
        picks one at random) and ids derived from the attachment and subnet.
    T4  create-transit-gateway with DefaultRouteTableAssociation=disable and DefaultRouteTablePropagation=disable
        still makes a default route table and associates new attachments with it; AWS makes no default table
        then (and no AssociationDefaultRouteTableId / PropagationDefaultRouteTableId in Options). The table is
        dropped from describe-transit-gateway-route-tables and its per-table files are not written.
    T5  describe-transit-gateway-attachments keeps the first association forever (the phantom table's, also
        after associate-/disassociate-transit-gateway-route-table); AWS shows the current association, and no
        Association member when there is none. Rewritten from get-transit-gateway-route-table-associations,
        which moto gets right.
    T6  search-transit-gateway-routes prints no "AdditionalRoutesAvailable"; AWS prints false when it listed
        every route.
    T7  attachments tagged at creation have no Tags in describe-transit-gateway-attachments (moto keeps them in
        describe-transit-gateway-vpc-attachments only); AWS prints them in both.

Cosmetic deviations left as moto prints them: Options.TransitGatewayCidrBlocks [] and a VPC attachment
Options.SecurityGroupReferencingSupport "enable" (AWS's default for an attachment; no rule of the hub references
a group), CreationTime formats, moto's account 123456789012; fixturelib's list applies to the VPC outputs.
"""
import hashlib
import ipaddress
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # Queries/, where fixturelib.py is
import fixturelib  # the emulator, the CLI runner, corrections C1-C9, dumping and checking stages, the command line

Fail = fixturelib.Fail

REGION = "us-east-1"
STAGES = ["01-working", "02-missing-association", "03-missing-route", "04-blackhole-route", "05-route-one-way",
          "06-zone-without-subnet"]
VPCS = {"A": ("10.11", "us-east-1a"), "B": ("10.12", "us-east-1a"), "C": ("10.13", "us-east-1b")}

# command -> the top-level key AWS prints
TRANSIT_DESCRIBE = {
    "describe-transit-gateways": "TransitGateways",
    "describe-transit-gateway-attachments": "TransitGatewayAttachments",
    "describe-transit-gateway-vpc-attachments": "TransitGatewayVpcAttachments",
    "describe-transit-gateway-route-tables": "TransitGatewayRouteTables",
}
# per transit gateway route table: command -> (extra arguments, the top-level key)
PER_TABLE = {
    "search-transit-gateway-routes": (["--filters", "Name=state,Values=active,blackhole"], "Routes"),
    "get-transit-gateway-route-table-associations": ([], "Associations"),
    "get-transit-gateway-route-table-propagations": ([], "TransitGatewayRouteTablePropagations"),
}


class Hub:
    """What the script built, and what the corrections need to know."""

    def __init__(self):
        self.ids = {}                 # name -> id
        self.static_routes = {}       # (table, cidr) -> attachment id (T1)
        self.attachment_tags = {}     # attachment id -> Tags (T7)
        self.phantom_tables = set()   # moto's default tables of a gateway without defaults (T4)


# --------------------------------------------------------------------------- building

def build_vpc(aws, hub, letter, ami):
    prefix, zone = VPCS[letter]
    name = f"Hub-{letter}"
    vpc = aws(REGION, "create-vpc", "--cidr-block", f"{prefix}.0.0/16",
              "--tag-specifications", fixturelib.tag_spec("vpc", name))["Vpc"]["VpcId"]
    subnet = aws(REGION, "create-subnet", "--vpc-id", vpc, "--cidr-block", f"{prefix}.1.0/24",
                 "--availability-zone", zone,
                 "--tag-specifications", fixturelib.tag_spec("subnet", f"{name}-subnet"))["Subnet"]["SubnetId"]
    main = aws(REGION, "describe-route-tables", "--filters", f"Name=vpc-id,Values={vpc}",
               "Name=association.main,Values=true")["RouteTables"][0]["RouteTableId"]
    acl = aws(REGION, "describe-network-acls", "--filters", f"Name=vpc-id,Values={vpc}",
              "Name=default,Values=true")["NetworkAcls"][0]["NetworkAclId"]
    default_sg = aws(REGION, "describe-security-groups", "--filters", f"Name=vpc-id,Values={vpc}",
                     "Name=group-name,Values=default")["SecurityGroups"][0]["GroupId"]
    for rid, tag in ((main, "rtb"), (acl, "acl-default"), (default_sg, "sg-default")):
        aws(REGION, "create-tags", "--resources", rid, "--tags", f"Key=Name,Value={name}-{tag}")
    sg = aws(REGION, "create-security-group", "--group-name", f"{name}-sg", "--description",
             f"ICMP and SSH from the hub's VPCs for {name}-instance", "--vpc-id", vpc,
             "--tag-specifications", fixturelib.tag_spec("security-group", f"{name}-sg"))["GroupId"]
    aws(REGION, "authorize-security-group-ingress", "--group-id", sg, "--ip-permissions",
        "IpProtocol=icmp,FromPort=-1,ToPort=-1,IpRanges=[{CidrIp=10.0.0.0/8}]",
        "IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=10.0.0.0/8}]")
    hub.ids.update({name: vpc, f"{name}-subnet": subnet, f"{name}-rtb": main, f"{name}-sg": sg})
    launch(aws, hub, f"{name}-instance", subnet, f"{prefix}.1.10", sg, ami)


def launch(aws, hub, name, subnet, address, sg, ami):
    inst = aws(REGION, "run-instances", "--image-id", ami, "--instance-type", "t3.micro", "--count", "1",
               "--subnet-id", subnet, "--private-ip-address", address, "--security-group-ids", sg,
               "--no-associate-public-ip-address",
               "--tag-specifications", fixturelib.tag_spec("instance", name))["Instances"][0]
    aws(REGION, "wait", "instance-running", "--instance-ids", inst["InstanceId"])
    eni = inst["NetworkInterfaces"][0]["NetworkInterfaceId"]
    aws(REGION, "create-tags", "--resources", eni, "--tags", f"Key=Name,Value={name}-eni")
    hub.ids[name] = inst["InstanceId"]


def build_hub(aws, hub):
    ami = fixturelib.pick_ami(aws, REGION)
    for letter in VPCS:
        build_vpc(aws, hub, letter, ami)
    # the hub: no default route table; one table every attachment is associated with and propagates into
    tgw = aws(REGION, "create-transit-gateway", "--description", "Hub for Hub-A, Hub-B and Hub-C",
              "--options", "DefaultRouteTableAssociation=disable,DefaultRouteTablePropagation=disable",
              "--tag-specifications", fixturelib.tag_spec("transit-gateway", "Hub-tgw"))["TransitGateway"]
    hub.ids["Hub-tgw"] = tgw["TransitGatewayId"]
    if tgw["Options"].get("AssociationDefaultRouteTableId"):
        hub.phantom_tables.add(tgw["Options"]["AssociationDefaultRouteTableId"])
    rtb = aws(REGION, "create-transit-gateway-route-table", "--transit-gateway-id", hub.ids["Hub-tgw"],
              "--tag-specifications", fixturelib.tag_spec("transit-gateway-route-table", "Hub-tgw-rtb"))
    hub.ids["Hub-tgw-rtb"] = rtb["TransitGatewayRouteTable"]["TransitGatewayRouteTableId"]
    for letter in VPCS:
        name = f"Hub-{letter}-attachment"
        tags = [{"Key": "Name", "Value": name}]
        att = aws(REGION, "create-transit-gateway-vpc-attachment", "--transit-gateway-id", hub.ids["Hub-tgw"],
                  "--vpc-id", hub.ids[f"Hub-{letter}"], "--subnet-ids", hub.ids[f"Hub-{letter}-subnet"],
                  "--tag-specifications", fixturelib.tag_spec("transit-gateway-attachment", name))
        att = att["TransitGatewayVpcAttachment"]["TransitGatewayAttachmentId"]
        hub.ids[name] = att
        hub.attachment_tags[att] = tags
        table_op(aws, hub, "associate-transit-gateway-route-table", letter)
        table_op(aws, hub, "enable-transit-gateway-route-table-propagation", letter)
    for letter, (prefix, _) in VPCS.items():
        for other, (other_prefix, _) in VPCS.items():
            if other != letter:
                vpc_route(aws, hub, "create-route", letter, f"{other_prefix}.0.0/16")


def table_op(aws, hub, command, letter):
    aws(REGION, command, "--transit-gateway-route-table-id", hub.ids["Hub-tgw-rtb"],
        "--transit-gateway-attachment-id", hub.ids[f"Hub-{letter}-attachment"])


def vpc_route(aws, hub, command, letter, cidr):
    args = ["--route-table-id", hub.ids[f"Hub-{letter}-rtb"], "--destination-cidr-block", cidr]
    if command == "create-route":
        args += ["--transit-gateway-id", hub.ids["Hub-tgw"]]
    aws(REGION, command, *args)


def stages(aws, hub, dump):
    build_hub(aws, hub)
    dump.stage("01-working")

    table_op(aws, hub, "disassociate-transit-gateway-route-table", "C")
    dump.stage("02-missing-association")

    table_op(aws, hub, "associate-transit-gateway-route-table", "C")
    table_op(aws, hub, "disable-transit-gateway-route-table-propagation", "C")
    dump.stage("03-missing-route")

    table_op(aws, hub, "enable-transit-gateway-route-table-propagation", "C")
    aws(REGION, "create-transit-gateway-route", "--transit-gateway-route-table-id", hub.ids["Hub-tgw-rtb"],
        "--destination-cidr-block", "10.13.1.0/24", "--blackhole")
    dump.stage("04-blackhole-route")

    aws(REGION, "delete-transit-gateway-route", "--transit-gateway-route-table-id", hub.ids["Hub-tgw-rtb"],
        "--destination-cidr-block", "10.13.1.0/24")
    vpc_route(aws, hub, "delete-route", "B", "10.11.0.0/16")
    dump.stage("05-route-one-way")

    vpc_route(aws, hub, "create-route", "B", "10.11.0.0/16")
    subnet = aws(REGION, "create-subnet", "--vpc-id", hub.ids["Hub-C"], "--cidr-block", "10.13.2.0/24",
                 "--availability-zone", "us-east-1c",
                 "--tag-specifications", fixturelib.tag_spec("subnet", "Hub-C-subnet-2"))["Subnet"]["SubnetId"]
    hub.ids["Hub-C-subnet-2"] = subnet
    launch(aws, hub, "Hub-C-instance-2", subnet, "10.13.2.10", hub.ids["Hub-C-sg"], fixturelib.pick_ami(aws, REGION))
    dump.stage("06-zone-without-subnet")


# --------------------------------------------------------------------------- corrections

def correct_transit(snap, hub, account):
    """snap: {file stem: parsed JSON} of one stage (VPC outputs already corrected); returns it corrected."""
    vpcs = {v["VpcId"]: v for v in snap["describe-vpcs"]["Vpcs"]}
    subnets = {s["SubnetId"]: s for s in snap["describe-subnets"]["Subnets"]}

    # T4: a gateway created with both defaults disabled has no default route table in AWS; moto makes one.
    tables = snap["describe-transit-gateway-route-tables"]["TransitGatewayRouteTables"]
    snap["describe-transit-gateway-route-tables"]["TransitGatewayRouteTables"] = \
        [t for t in tables if t["TransitGatewayRouteTableId"] not in hub.phantom_tables]
    for gateway in snap["describe-transit-gateways"]["TransitGateways"]:
        options = gateway.get("Options", {})
        if options.get("DefaultRouteTableAssociation") == "disable":
            options.pop("AssociationDefaultRouteTableId", None)
        if options.get("DefaultRouteTablePropagation") == "disable":
            options.pop("PropagationDefaultRouteTableId", None)
    for stem in [s for s in snap if any(t in s for t in hub.phantom_tables)]:
        del snap[stem]

    # T5: the current association of every attachment, from the per-table association outputs (moto's are right).
    associated = {}
    for stem, data in snap.items():
        if stem.startswith("get-transit-gateway-route-table-associations-"):
            table = stem[len("get-transit-gateway-route-table-associations-"):]
            for assoc in data["Associations"]:
                if assoc.get("State") == "associated":
                    associated[assoc["TransitGatewayAttachmentId"]] = table
    for att in snap["describe-transit-gateway-attachments"]["TransitGatewayAttachments"]:
        att.pop("Association", None)
        table = associated.get(att["TransitGatewayAttachmentId"])
        if table:
            att["Association"] = {"TransitGatewayRouteTableId": table, "State": "associated"}
        # T7: tags given at creation are printed here too in AWS.
        if "Tags" not in att and att["TransitGatewayAttachmentId"] in hub.attachment_tags:
            att["Tags"] = hub.attachment_tags[att["TransitGatewayAttachmentId"]]
        order = ["TransitGatewayAttachmentId", "TransitGatewayId", "TransitGatewayOwnerId", "ResourceOwnerId",
                 "ResourceType", "ResourceId", "State", "Association", "CreationTime", "Tags"]
        reordered = {k: att[k] for k in order if k in att}
        reordered.update({k: v for k, v in att.items() if k not in reordered})
        att.clear()
        att.update(reordered)

    attachments = {a["TransitGatewayAttachmentId"]: a
                   for a in snap["describe-transit-gateway-attachments"]["TransitGatewayAttachments"]}
    for stem, data in snap.items():
        if not stem.startswith("search-transit-gateway-routes-"):
            continue
        table = stem[len("search-transit-gateway-routes-"):]
        routes = data["Routes"]
        # T1: a static route to an attachment lists it in AWS; moto prints an empty list.
        for route in routes:
            target = hub.static_routes.get((table, route.get("DestinationCidrBlock")))
            if route.get("State") == "active" and not route.get("TransitGatewayAttachments") and target:
                att = attachments[target]
                route["TransitGatewayAttachments"] = [{"ResourceId": att["ResourceId"], "TransitGatewayAttachmentId": target,
                                                       "ResourceType": att["ResourceType"]}]
        # T2: the propagated routes: every CIDR block of every VPC whose attachment propagates into the table.
        propagations = snap.get(f"get-transit-gateway-route-table-propagations-{table}", {}).get(
            "TransitGatewayRouteTablePropagations", [])
        for prop in propagations:
            if prop.get("State") != "enabled" or prop.get("ResourceType") != "vpc":
                continue
            vpc = vpcs[prop["ResourceId"]]
            for assoc in vpc.get("CidrBlockAssociationSet", []):
                if assoc.get("CidrBlockState", {}).get("State") != "associated":
                    continue
                cidr = assoc["CidrBlock"]
                if any(r.get("DestinationCidrBlock") == cidr and r.get("Type") == "propagated" for r in routes):
                    continue
                routes.append({"DestinationCidrBlock": cidr,
                               "TransitGatewayAttachments": [{"ResourceId": prop["ResourceId"],
                                                              "TransitGatewayAttachmentId": prop["TransitGatewayAttachmentId"],
                                                              "ResourceType": "vpc"}],
                               "Type": "propagated", "State": "active"})
        routes.sort(key=lambda r: (ipaddress.ip_network(r["DestinationCidrBlock"]).network_address,
                                   ipaddress.ip_network(r["DestinationCidrBlock"]).prefixlen))
        # T6: AWS says whether it listed every route.
        data.setdefault("AdditionalRoutesAvailable", False)

    # T3: the attachments' network interfaces, one per subnet.
    enis = snap["describe-network-interfaces"]["NetworkInterfaces"]
    used = {p["PrivateIpAddress"] for e in enis for p in e.get("PrivateIpAddresses", [])}
    for att in snap["describe-transit-gateway-vpc-attachments"]["TransitGatewayVpcAttachments"]:
        if att.get("State") == "deleted":
            continue
        for subnet_id in att["SubnetIds"]:
            desc = f"Network Interface for Transit Gateway Attachment {att['TransitGatewayAttachmentId']}"
            if any(e.get("Description") == desc and e["SubnetId"] == subnet_id for e in enis):
                continue
            subnet = subnets[subnet_id]
            net = ipaddress.ip_network(subnet["CidrBlock"])
            address = next(str(a) for a in reversed(list(net.hosts())) if int(a) - int(net.network_address) <= 250
                           and str(a) not in used)
            used.add(address)
            digest = hashlib.sha256(f"{att['TransitGatewayAttachmentId']}/{subnet_id}".encode()).hexdigest()
            enis.append({
                "Attachment": {"AttachmentId": "ela-attach-" + digest[17:25], "DeleteOnTermination": False,
                               "DeviceIndex": 1, "InstanceOwnerId": "amazon-aws", "Status": "attached"},
                "AvailabilityZone": subnet["AvailabilityZone"], "Description": desc, "Groups": [],
                "InterfaceType": "transit_gateway", "Ipv6Addresses": [],
                "MacAddress": "0a:" + ":".join(digest[25 + 2 * i:27 + 2 * i] for i in range(5)),
                "NetworkInterfaceId": "eni-" + digest[:17], "OwnerId": account,
                "PrivateIpAddress": address, "PrivateIpAddresses": [{"Primary": True, "PrivateIpAddress": address}],
                "RequesterId": "amazon-aws", "RequesterManaged": True, "SourceDestCheck": False, "Status": "in-use",
                "SubnetId": subnet_id, "TagSet": [], "VpcId": att["VpcId"]})
    return snap


# --------------------------------------------------------------------------- dumping

def per_table_outputs(aws):
    """For every transit gateway route table of a stage, the outputs of PER_TABLE, named after command and table."""
    def more(snap):
        outputs = {}
        for table in snap["describe-transit-gateway-route-tables"]["TransitGatewayRouteTables"]:
            tid = table["TransitGatewayRouteTableId"]
            for cmd, (args, _key) in PER_TABLE.items():
                outputs[f"{cmd}-{tid}"] = aws(REGION, cmd, "--transit-gateway-route-table-id", tid, *args)
        return outputs
    return more


# --------------------------------------------------------------------------- checks

def load_stage(folder):
    return fixturelib.load_stage(folder, dict(list(fixturelib.DESCRIBE.items()) + list(TRANSIT_DESCRIBE.items())))


def check_stage(stage, snap):
    where = stage
    named = fixturelib.named
    k = STAGES.index(stage)
    (tgw,) = snap["describe-transit-gateways"]["TransitGateways"]
    assert named([tgw], "Hub-tgw") is tgw and tgw["State"] == "available", where
    assert "AssociationDefaultRouteTableId" not in tgw["Options"], f"{where}: default route table left (T4)"
    (table,) = snap["describe-transit-gateway-route-tables"]["TransitGatewayRouteTables"]
    assert named([table], "Hub-tgw-rtb") is table, where
    tid = table["TransitGatewayRouteTableId"]
    atts = {fixturelib.named(snap["describe-transit-gateway-attachments"]["TransitGatewayAttachments"], f"Hub-{x}-attachment")
            ["TransitGatewayAttachmentId"]: x for x in VPCS}
    vpc_atts = snap["describe-transit-gateway-vpc-attachments"]["TransitGatewayVpcAttachments"]
    assert len(vpc_atts) == 3 and all(a["State"] == "available" and len(a["SubnetIds"]) == 1 for a in vpc_atts), where
    associations = {a["TransitGatewayAttachmentId"] for a in snap[f"get-transit-gateway-route-table-associations-{tid}"]
                    ["Associations"] if a["State"] == "associated"}
    want = set(atts) if k != 1 else {a for a, x in atts.items() if x != "C"}
    assert associations == want, f"{where}: associations {associations}"
    for att in snap["describe-transit-gateway-attachments"]["TransitGatewayAttachments"]:
        got = att.get("Association", {}).get("TransitGatewayRouteTableId")
        assert got == (tid if att["TransitGatewayAttachmentId"] in want else None), f"{where}: T5 {att}"
    propagations = {p["TransitGatewayAttachmentId"] for p in snap[f"get-transit-gateway-route-table-propagations-{tid}"]
                    ["TransitGatewayRouteTablePropagations"] if p["State"] == "enabled"}
    want = set(atts) if k != 2 else {a for a, x in atts.items() if x != "C"}
    assert propagations == want, f"{where}: propagations {propagations}"
    routes = {(r["DestinationCidrBlock"], r["Type"], r["State"],
               tuple(a["TransitGatewayAttachmentId"] for a in r.get("TransitGatewayAttachments", [])))
              for r in snap[f"search-transit-gateway-routes-{tid}"]["Routes"]}
    want = {(f"{VPCS[x][0]}.0.0/16", "propagated", "active", (a,)) for a, x in atts.items() if a in propagations}
    if k == 3:
        want.add(("10.13.1.0/24", "static", "blackhole", ()))
    assert routes == want, f"{where}: routes {routes}"
    enis = [e for e in snap["describe-network-interfaces"]["NetworkInterfaces"] if e.get("InterfaceType") == "transit_gateway"]
    assert len(enis) == 3 and all(not e["Groups"] and not e["SourceDestCheck"] for e in enis), f"{where}: T3"
    for letter, (prefix, zone) in VPCS.items():
        rtb = named(snap["describe-route-tables"]["RouteTables"], f"Hub-{letter}-rtb")
        got = {(r["DestinationCidrBlock"], r.get("GatewayId") or r.get("TransitGatewayId")) for r in rtb["Routes"]}
        want = {(f"{prefix}.0.0/16", "local")} | {(f"{VPCS[o][0]}.0.0/16", tgw["TransitGatewayId"]) for o in VPCS if o != letter}
        if k == 4 and letter == "B":
            want.discard(("10.11.0.0/16", tgw["TransitGatewayId"]))
        assert got == want, f"{where}: Hub-{letter}-rtb routes {got}"
        inst = named(fixturelib.instances(snap), f"Hub-{letter}-instance")
        assert inst["State"]["Name"] == "running" and inst["PrivateIpAddress"] == f"{prefix}.1.10", where
        subnet = named(snap["describe-subnets"]["Subnets"], f"Hub-{letter}-subnet")
        assert subnet["AvailabilityZone"] == zone, where
    extra = [s for s in snap["describe-subnets"]["Subnets"] if {"Key": "Name", "Value": "Hub-C-subnet-2"} in (s.get("Tags") or [])]
    assert (len(extra) == 1) == (k == 5), f"{where}: Hub-C-subnet-2"
    if k == 5:
        assert extra[0]["AvailabilityZone"] == "us-east-1c" and \
            extra[0]["SubnetId"] not in [s for a in vpc_atts for s in a["SubnetIds"]], where
        assert named(fixturelib.instances(snap), "Hub-C-instance-2")["PrivateIpAddress"] == "10.13.2.10", where
    text = json.dumps(snap)
    assert '"Association": {}' not in text, f"{where}: empty Association left (C5)"


def check_tree(root):
    fixturelib.check_stages(root, STAGES, load_stage, check_stage)


# --------------------------------------------------------------------------- main

def main():
    def labs(aws, out, raw):
        hub = Hub()
        dump = fixturelib.StageDumper(aws, out, raw, fixturelib.Run(), REGION, TRANSIT_DESCRIBE,
                                      lambda snap: correct_transit(snap, hub, fixturelib.account_of(snap)),
                                      more=per_table_outputs(aws))
        return [(None, lambda: stages(aws, hub, dump))]
    fixturelib.build_main(__doc__, "pathproof-transit-", HERE, STAGES, check_tree, labs)


if __name__ == "__main__":
    fixturelib.run_cli(main)
