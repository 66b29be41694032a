#!/usr/bin/env python3
"""Regenerate PathProof's example-network fixtures (Queries/seed/<stage>/describe-*.json).

What it does
    Replays the NextWork "VPC Peering" tutorial (two VPCs 10.1.0.0/16 and 10.2.0.0/16, a peering
    connection, routes, EC2 Instance Connect failing without a public IP, an Elastic IP, an SSH rule,
    ping failing until NextWork-2-sg allows ICMP) and then an inter-region variant of it, with the
    real AWS CLI (`aws ec2 ...`, awscli 1.x) against moto's EC2 emulator, which this script starts on
    127.0.0.1 on a free port (and on no other address) with dummy credentials. After every stage it
    runs the ten describe-* commands below and writes what `aws ec2 <command> --output json` prints,
    one file per command, into the stage's folder, after the corrections listed below. The server is
    stopped at the end, also on failure. The Swift tests only read the committed JSON.

Usage
    Queries/seed/build-snapshots.py            # rebuild every stage folder next to this script
    Queries/seed/build-snapshots.py --check    # only check the committed folders (no moto needed)
    Queries/seed/build-snapshots.py --raw DIR  # also keep moto's uncorrected dumps in DIR
    Queries/seed/build-snapshots.py --out DIR  # write the stage folders into DIR instead

    Needs python3 (standard library only), `aws` and `moto_server`; when either is missing it
    pip-installs `awscli` and `moto[server]` (moto pinned to the version the corrections were
    checked against). Resource ids and timestamps are random on every run: the tests find
    resources by their Name tags. The new folders replace the old ones only after every check passed.

Stages (cumulative, us-east-1)                       see README.md for the expected reachability
    01-no-peering  02-peering-pending  03-peering-active-no-routes  04-route-one-way
    05-routes-sg-blocks-icmp  06-ping-works  07-eic-no-public-ip  08-eic-elastic-ip-no-ssh-rule
    09-eic-works
  then a fresh emulator, NextWork-1 in us-east-1 and NextWork-2 in us-west-2, one folder per region:
    10-inter-region-sg-reference/{us-east-1,us-west-2}  11-inter-region-works/{us-east-1,us-west-2}

Moto 5.2.1 deviations: the corrections C1-C9 of the ten outputs are Queries/fixturelib.py's, which every
fixture builder shares (its docstring lists them, what was checked and found to match AWS, and the cosmetic
deviations left as moto prints them). C9 is this lab's: the cross-region security-group reference of stage 10,
which inter_region_lab() records in Run.injected_rules.

What moto could not do: see C9 (the cross-region security-group reference; AWS cannot either).

Naming: the tutorial's resources carry the Name tags the brief of these fixtures fixed
(NextWork-1, NextWork-1-subnet-public1, NextWork-1-igw, NextWork-1-rtb-public, NextWork-1-sg,
NextWork-1-instance, NextWork-peering, NextWork-1-eip, same for -2). The resources AWS creates with a
VPC (main route table, default NACL, default SG) and the instances' ENIs get Name tags too, so that
tests can find them: NextWork-1-rtb-main, NextWork-1-acl-default, NextWork-1-sg-default,
NextWork-1-instance-eni. The default VPC and its resources stay unnamed, as in a real account.
"""
import ipaddress
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # Queries/, where fixturelib.py is
from fixturelib import (DESCRIBE, Fail, Run, build_main, correct_snapshot, instances, named, ordered, pick_ami,
                        run_cli, tag_spec, write_snapshot)

HERE = Path(__file__).resolve().parent

EIC_RANGE_US_EAST_1 = "18.206.107.24/29"  # EC2_INSTANCE_CONNECT, us-east-1 (AWS ip-ranges.json)

SAME_REGION_STAGES = [
    "01-no-peering",
    "02-peering-pending",
    "03-peering-active-no-routes",
    "04-route-one-way",
    "05-routes-sg-blocks-icmp",
    "06-ping-works",
    "07-eic-no-public-ip",
    "08-eic-elastic-ip-no-ssh-rule",
    "09-eic-works",
]
INTER_REGION_STAGES = ["10-inter-region-sg-reference", "11-inter-region-works"]
REGION_A, REGION_B = "us-east-1", "us-west-2"


# --------------------------------------------------------------------------- the tutorial's steps

def build_nextwork_vpc(aws, region, n, az):
    """What the console's "VPC and more" wizard makes with 1 AZ, 1 public subnet, no NAT, no
    endpoints, plus the security group and the instance the tutorial launches into it."""
    name = f"NextWork-{n}"
    vpc = aws(region, "create-vpc", "--cidr-block", f"10.{n}.0.0/16",
              "--tag-specifications", tag_spec("vpc", name))["Vpc"]["VpcId"]
    aws(region, "modify-vpc-attribute", "--vpc-id", vpc, "--enable-dns-hostnames", '{"Value":true}')
    subnet = aws(region, "create-subnet", "--vpc-id", vpc, "--cidr-block", f"10.{n}.0.0/24",
                 "--availability-zone", az,
                 "--tag-specifications", tag_spec("subnet", f"{name}-subnet-public1"))["Subnet"]["SubnetId"]
    igw = aws(region, "create-internet-gateway", "--tag-specifications",
              tag_spec("internet-gateway", f"{name}-igw"))["InternetGateway"]["InternetGatewayId"]
    aws(region, "attach-internet-gateway", "--internet-gateway-id", igw, "--vpc-id", vpc)
    rtb = aws(region, "create-route-table", "--vpc-id", vpc, "--tag-specifications",
              tag_spec("route-table", f"{name}-rtb-public"))["RouteTable"]["RouteTableId"]
    aws(region, "create-route", "--route-table-id", rtb, "--destination-cidr-block", "0.0.0.0/0",
        "--gateway-id", igw)
    aws(region, "associate-route-table", "--route-table-id", rtb, "--subnet-id", subnet)

    # the resources AWS made with the VPC: named for the tests, otherwise left as they are
    main_rtb = aws(region, "describe-route-tables", "--filters", f"Name=vpc-id,Values={vpc}",
                   "Name=association.main,Values=true")["RouteTables"][0]["RouteTableId"]
    acl = aws(region, "describe-network-acls", "--filters", f"Name=vpc-id,Values={vpc}",
              "Name=default,Values=true")["NetworkAcls"][0]["NetworkAclId"]
    default_sg = aws(region, "describe-security-groups", "--filters", f"Name=vpc-id,Values={vpc}",
                     "Name=group-name,Values=default")["SecurityGroups"][0]["GroupId"]
    for rid, tag in ((main_rtb, "rtb-main"), (acl, "acl-default"), (default_sg, "sg-default")):
        aws(region, "create-tags", "--resources", rid, "--tags", f"Key=Name,Value={name}-{tag}")

    # a new security group: all outbound allowed, no inbound rule
    sg = aws(region, "create-security-group", "--group-name", f"{name}-sg",
             "--description", f"Security group for {name}-instance", "--vpc-id", vpc,
             "--tag-specifications", tag_spec("security-group", f"{name}-sg"))["GroupId"]
    # no key pair (EC2 Instance Connect), no public IP (the wizard's public subnet does not
    # auto-assign one, and the console launch passes AssociatePublicIpAddress=false)
    inst = aws(region, "run-instances", "--image-id", pick_ami(aws, region),
               "--instance-type", "t2.micro", "--count", "1", "--subnet-id", subnet,
               "--private-ip-address", f"10.{n}.0.10", "--security-group-ids", sg,
               "--no-associate-public-ip-address",
               "--tag-specifications", tag_spec("instance", f"{name}-instance"))["Instances"][0]
    iid = inst["InstanceId"]
    aws(region, "wait", "instance-running", "--instance-ids", iid)
    eni = inst["NetworkInterfaces"][0]["NetworkInterfaceId"]
    aws(region, "create-tags", "--resources", eni, "--tags", f"Key=Name,Value={name}-instance-eni")
    return {"vpc": vpc, "subnet": subnet, "igw": igw, "rtb": rtb, "sg": sg, "instance": iid,
            "eni": eni}


# --------------------------------------------------------------------------- dumping

class Dumper:
    def __init__(self, aws, out, raw, run):
        self.aws, self.out, self.raw, self.run = aws, out, raw, run

    def stage(self, name, regions):
        """Dump every region of one stage; one region -> out/name, several -> out/name/<region>."""
        snaps = {r: {cmd: self.aws(r, cmd) for cmd in DESCRIBE} for r in regions}
        all_vpcs = {v["VpcId"]: v for s in snaps.values() for v in s["describe-vpcs"]["Vpcs"]}
        for region, snap in snaps.items():
            rel = Path(name) if len(regions) == 1 else Path(name) / region
            if self.raw is not None:
                write_snapshot(self.raw / rel, snap)
            write_snapshot(self.out / rel, correct_snapshot(json.loads(json.dumps(snap)), region,
                                                            all_vpcs, self.run))
        print(f"  dumped {name}", file=sys.stderr)



def same_region_lab(aws, dump):
    r = REGION_A
    one = build_nextwork_vpc(aws, r, 1, "us-east-1a")
    two = build_nextwork_vpc(aws, r, 2, "us-east-1a")
    dump.stage("01-no-peering", [r])

    pcx = aws(r, "create-vpc-peering-connection", "--vpc-id", one["vpc"], "--peer-vpc-id", two["vpc"],
              "--tag-specifications", tag_spec("vpc-peering-connection", "NextWork-peering"))
    pcx = pcx["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    dump.stage("02-peering-pending", [r])

    aws(r, "accept-vpc-peering-connection", "--vpc-peering-connection-id", pcx)
    dump.stage("03-peering-active-no-routes", [r])

    aws(r, "create-route", "--route-table-id", one["rtb"], "--destination-cidr-block", "10.2.0.0/16",
        "--vpc-peering-connection-id", pcx)
    dump.stage("04-route-one-way", [r])

    aws(r, "create-route", "--route-table-id", two["rtb"], "--destination-cidr-block", "10.1.0.0/16",
        "--vpc-peering-connection-id", pcx)
    dump.stage("05-routes-sg-blocks-icmp", [r])

    # console: Type "All ICMP - IPv4", Source 10.1.0.0/16
    aws(r, "authorize-security-group-ingress", "--group-id", two["sg"], "--ip-permissions",
        "IpProtocol=icmp,FromPort=-1,ToPort=-1,IpRanges=[{CidrIp=10.1.0.0/16}]")
    dump.stage("06-ping-works", [r])

    # nothing changes: the same state, looked at from EC2 Instance Connect's side
    dump.stage("07-eic-no-public-ip", [r])

    alloc = aws(r, "allocate-address", "--domain", "vpc",
                "--tag-specifications", tag_spec("elastic-ip", "NextWork-1-eip"))["AllocationId"]
    aws(r, "associate-address", "--instance-id", one["instance"], "--allocation-id", alloc)
    dump.stage("08-eic-elastic-ip-no-ssh-rule", [r])

    aws(r, "authorize-security-group-ingress", "--group-id", one["sg"], "--ip-permissions",
        f"IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{{CidrIp={EIC_RANGE_US_EAST_1}}}]")
    dump.stage("09-eic-works", [r])


def inter_region_lab(aws, dump, run):
    a, b = REGION_A, REGION_B
    one = build_nextwork_vpc(aws, a, 1, "us-east-1a")
    two = build_nextwork_vpc(aws, b, 2, "us-west-2a")
    pcx = aws(a, "create-vpc-peering-connection", "--vpc-id", one["vpc"], "--peer-vpc-id", two["vpc"],
              "--peer-region", b,
              "--tag-specifications", tag_spec("vpc-peering-connection", "NextWork-peering"))
    pcx = pcx["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    # an inter-region request is accepted in the accepter's region
    aws(b, "accept-vpc-peering-connection", "--vpc-peering-connection-id", pcx)
    aws(a, "create-route", "--route-table-id", one["rtb"], "--destination-cidr-block", "10.2.0.0/16",
        "--vpc-peering-connection-id", pcx)
    aws(b, "create-route", "--route-table-id", two["rtb"], "--destination-cidr-block", "10.1.0.0/16",
        "--vpc-peering-connection-id", pcx)

    # NextWork-2-sg: ICMP from the peer's security group NextWork-1-sg (in the other region)
    code, _out, err = aws.run(b, "authorize-security-group-ingress", "--group-id", two["sg"],
                              "--ip-permissions",
                              "IpProtocol=icmp,FromPort=-1,ToPort=-1,UserIdGroupPairs="
                              f"[{{GroupId={one['sg']},VpcId={one['vpc']},VpcPeeringConnectionId={pcx}}}]")
    moto_accepted = code == 0
    if not moto_accepted:
        if "InvalidGroup.NotFound" not in err:
            raise Fail(f"unexpected refusal of the cross-region SG reference:\n{err}")
        # C9: moto refuses like AWS does; add the rule to the dumped JSON instead (see header)
        account = aws(b, "describe-security-groups", "--group-ids", two["sg"])["SecurityGroups"][0]["OwnerId"]
        perm = ordered({
            "IpProtocol": "icmp", "FromPort": -1, "ToPort": -1,
            "UserIdGroupPairs": [ordered({"UserId": account, "GroupId": one["sg"], "VpcId": one["vpc"],
                                          "VpcPeeringConnectionId": pcx, "PeeringStatus": "active"},
                                         "UserIdGroupPair")],
            "IpRanges": [], "Ipv6Ranges": [], "PrefixListIds": []}, "IpPermission")
        run.injected_rules.append((b, two["sg"], perm))
        print("  moto refused the cross-region security-group reference (as AWS does): "
              "added to the JSON by post-processing (C9)", file=sys.stderr)
    dump.stage("10-inter-region-sg-reference", [a, b])

    # the fix: the peer VPC's CIDR block instead of its security group
    run.injected_rules.clear()
    if moto_accepted:
        aws(b, "revoke-security-group-ingress", "--group-id", two["sg"], "--ip-permissions",
            f"IpProtocol=icmp,FromPort=-1,ToPort=-1,UserIdGroupPairs=[{{GroupId={one['sg']}}}]")
    aws(b, "authorize-security-group-ingress", "--group-id", two["sg"], "--ip-permissions",
        "IpProtocol=icmp,FromPort=-1,ToPort=-1,IpRanges=[{CidrIp=10.1.0.0/16}]")
    dump.stage("11-inter-region-works", [a, b])


# --------------------------------------------------------------------------- checks

def load_snapshot(folder):
    snap = {}
    for cmd, key in DESCRIBE.items():
        path = folder / f"{cmd}.json"
        if not path.is_file():
            raise Fail(f"{path}: missing")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as e:
            raise Fail(f"{path}: not valid JSON: {e}")
        if list(data) != [key]:
            raise Fail(f"{path}: top-level keys {list(data)}, expected [{key!r}]")
        snap[cmd] = data
    return snap




def check_snapshot(stage, region, snap):
    """Invariants of every stage, then what the stage is about."""
    where = f"{stage} ({region})"
    ns = [1, 2] if not stage.startswith(("10-", "11-")) else ([1] if region == REGION_A else [2])
    ids = {}
    for n in ns:
        p = f"NextWork-{n}"
        vpc = named(snap["describe-vpcs"]["Vpcs"], p)
        subnet = named(snap["describe-subnets"]["Subnets"], f"{p}-subnet-public1")
        inst = named(instances(snap), f"{p}-instance")
        rtb = named(snap["describe-route-tables"]["RouteTables"], f"{p}-rtb-public")
        main = named(snap["describe-route-tables"]["RouteTables"], f"{p}-rtb-main")
        sg = named(snap["describe-security-groups"]["SecurityGroups"], f"{p}-sg")
        igw = named(snap["describe-internet-gateways"]["InternetGateways"], f"{p}-igw")
        named(snap["describe-network-acls"]["NetworkAcls"], f"{p}-acl-default")
        named(snap["describe-security-groups"]["SecurityGroups"], f"{p}-sg-default")
        eni = named(snap["describe-network-interfaces"]["NetworkInterfaces"], f"{p}-instance-eni")
        assert vpc["CidrBlock"] == f"10.{n}.0.0/16", where
        assert subnet["CidrBlock"] == f"10.{n}.0.0/24" and subnet["VpcId"] == vpc["VpcId"], where
        assert subnet["MapPublicIpOnLaunch"] is False, where
        assert inst["State"]["Name"] == "running", f"{where}: {p}-instance is {inst['State']}"
        assert inst["PrivateIpAddress"] == f"10.{n}.0.10" and inst["SubnetId"] == subnet["SubnetId"], where
        assert inst["SecurityGroups"] == [{"GroupId": sg["GroupId"], "GroupName": f"{p}-sg"}], where
        assert eni["Attachment"]["InstanceId"] == inst["InstanceId"], where
        assert [a["SubnetId"] for a in rtb["Associations"]] == [subnet["SubnetId"]], where
        assert [(a.get("Main"), a.get("SubnetId")) for a in main["Associations"]] == [(True, None)], where
        assert [(r["DestinationCidrBlock"], r.get("GatewayId")) for r in main["Routes"]] == \
            [(f"10.{n}.0.0/16", "local")], f"{where}: main route table has more than the local route"
        assert igw["Attachments"] == [{"State": "available", "VpcId": vpc["VpcId"]}], where
        routes = {r["DestinationCidrBlock"]: r for r in rtb["Routes"]}
        assert routes[f"10.{n}.0.0/16"]["GatewayId"] == "local", where
        assert routes["0.0.0.0/0"]["GatewayId"] == igw["InternetGatewayId"], where
        assert all(r["State"] == "active" and r["Origin"] in ("CreateRouteTable", "CreateRoute")
                   for r in rtb["Routes"]), where
        assert sg["IpPermissionsEgress"][0]["IpProtocol"] == "-1" and \
            sg["IpPermissionsEgress"][0]["IpRanges"] == [{"CidrIp": "0.0.0.0/0"}], where
        ids[n] = dict(vpc=vpc, inst=inst, rtb=rtb, sg=sg, eni=eni, routes=routes)

    # every default SG allows its own members (C1); every NACL ends in 32767 deny (C8)
    for sg in snap["describe-security-groups"]["SecurityGroups"]:
        if sg["GroupName"] == "default":
            assert any(p.get("GroupId") == sg["GroupId"] for perm in sg["IpPermissions"]
                       for p in perm["UserIdGroupPairs"]), f"{where}: {sg['GroupId']} lacks self rule"
    for acl in snap["describe-network-acls"]["NetworkAcls"]:
        for eg in (True, False):
            last = [e for e in acl["Entries"] if e["Egress"] == eg][-1]
            assert (last["RuleNumber"], last["RuleAction"]) == (32767, "deny"), where
    default_vpcs = [v for v in snap["describe-vpcs"]["Vpcs"] if v["IsDefault"]]
    assert len(default_vpcs) == 1, where
    assert any(att["VpcId"] == default_vpcs[0]["VpcId"] for g in snap["describe-internet-gateways"]
               ["InternetGateways"] for att in g["Attachments"]), f"{where}: default VPC without igw (C2)"
    text = json.dumps(snap)
    assert '"127.' not in text and "-127-" not in text, f"{where}: loopback public address left (C7)"
    assert '"Association": {}' not in text, f"{where}: empty Association left (C5)"

    pcxs = snap["describe-vpc-peering-connections"]["VpcPeeringConnections"]
    addrs = snap["describe-addresses"]["Addresses"]
    order = SAME_REGION_STAGES + INTER_REGION_STAGES
    k = order.index(stage)

    def rules(n):
        return ids[n]["sg"]["IpPermissions"]

    if stage.startswith(("10-", "11-")):
        n = ns[0]
        other = 3 - n
        assert len(pcxs) == 1, where
        pcx = pcxs[0]
        assert pcx["Status"] == {"Code": "active", "Message": "Active"}, where
        assert pcx["RequesterVpcInfo"]["Region"] == REGION_A and pcx["AccepterVpcInfo"]["Region"] == REGION_B
        assert pcx["RequesterVpcInfo"]["CidrBlockSet"] == [{"CidrBlock": "10.1.0.0/16"}], where
        assert pcx["AccepterVpcInfo"]["CidrBlockSet"] == [{"CidrBlock": "10.2.0.0/16"}], where
        assert ids[n]["routes"][f"10.{other}.0.0/16"]["VpcPeeringConnectionId"] == \
            pcx["VpcPeeringConnectionId"], where
        assert addrs == [] and "PublicIpAddress" not in ids[n]["inst"], where
        if n == 1:
            assert rules(1) == [], where
        if n == 2:
            want = {"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1}
            (perm,) = rules(2)
            assert {x: perm[x] for x in want} == want, where
            if stage.startswith("10-"):
                (pair,) = perm["UserIdGroupPairs"]
                assert perm["IpRanges"] == [] and pair["VpcPeeringConnectionId"] == \
                    pcx["VpcPeeringConnectionId"] and pair["VpcId"] == pcx["RequesterVpcInfo"]["VpcId"], where
            else:
                assert perm["UserIdGroupPairs"] == [] and perm["IpRanges"] == [{"CidrIp": "10.1.0.0/16"}]
        return

    # same-region stages
    if k == 0:
        assert pcxs == [], where
    else:
        (pcx,) = pcxs
        want = {"Code": "pending-acceptance", "Message": "Pending Acceptance by " +
                ids[1]["vpc"]["OwnerId"]} if k == 1 else {"Code": "active", "Message": "Active"}
        assert pcx["Status"] == want, f"{where}: {pcx['Status']}"
        assert named(pcxs, "NextWork-peering") is pcx
        assert pcx["RequesterVpcInfo"]["VpcId"] == ids[1]["vpc"]["VpcId"], where
        assert pcx["AccepterVpcInfo"]["VpcId"] == ids[2]["vpc"]["VpcId"], where
        for side, n in (("RequesterVpcInfo", 1), ("AccepterVpcInfo", 2)):
            info = pcx[side]
            assert info["CidrBlock"] == f"10.{n}.0.0/16" and info["Region"] == REGION_A, where
            assert info["CidrBlockSet"] == [{"CidrBlock": f"10.{n}.0.0/16"}], where
    pcx_id = pcxs[0]["VpcPeeringConnectionId"] if pcxs else None
    r1 = ids[1]["routes"].get("10.2.0.0/16")
    r2 = ids[2]["routes"].get("10.1.0.0/16")
    assert (r1 is not None) == (k >= 3) and (r2 is not None) == (k >= 4), f"{where}: peering routes"
    assert r1 is None or r1["VpcPeeringConnectionId"] == pcx_id
    assert r2 is None or r2["VpcPeeringConnectionId"] == pcx_id
    if k < 5:
        assert rules(2) == [], where
    else:
        assert rules(2) == [{"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "UserIdGroupPairs": [],
                             "IpRanges": [{"CidrIp": "10.1.0.0/16"}], "Ipv6Ranges": [],
                             "PrefixListIds": []}], where
    if k < 8:
        assert rules(1) == [], where
    else:
        assert rules(1) == [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "UserIdGroupPairs": [],
                             "IpRanges": [{"CidrIp": EIC_RANGE_US_EAST_1}], "Ipv6Ranges": [],
                             "PrefixListIds": []}], where
    i1, i2, eni1 = ids[1]["inst"], ids[2]["inst"], ids[1]["eni"]
    assert "PublicIpAddress" not in i2 and "Association" not in ids[2]["eni"], where
    if k < 7:
        assert addrs == [] and "PublicIpAddress" not in i1 and "Association" not in eni1, where
    else:
        (addr,) = addrs
        assert named(addrs, "NextWork-1-eip") is addr
        ip = addr["PublicIp"]
        assert ipaddress.ip_address(ip).is_global, where
        assert addr["InstanceId"] == i1["InstanceId"] and addr["PrivateIpAddress"] == "10.1.0.10"
        assert addr["NetworkInterfaceId"] == eni1["NetworkInterfaceId"] and addr["Domain"] == "vpc"
        assert i1["PublicIpAddress"] == ip and i1["NetworkInterfaces"][0]["Association"]["PublicIp"] == ip
        assert i1["NetworkInterfaces"][0]["PrivateIpAddresses"][0]["Association"]["PublicIp"] == ip
        for assoc in (eni1["Association"], eni1["PrivateIpAddresses"][0]["Association"]):
            assert (assoc["PublicIp"], assoc["AllocationId"], assoc["AssociationId"]) == \
                (ip, addr["AllocationId"], addr["AssociationId"]), where


def snapshot_folders(root):
    for stage in SAME_REGION_STAGES:
        yield stage, REGION_A, root / stage
    for stage in INTER_REGION_STAGES:
        for region in (REGION_A, REGION_B):
            yield stage, region, root / stage / region


def check_tree(root):
    seen_eips = set()
    for stage, region, folder in snapshot_folders(root):
        snap = load_snapshot(folder)
        try:
            check_snapshot(stage, region, snap)
        except AssertionError as e:
            raise Fail(f"check failed in {folder}: {e}") from e
        seen_eips.update(a["PublicIp"] for a in snap["describe-addresses"]["Addresses"])
    if len(seen_eips) != 1:
        raise Fail(f"expected one Elastic IP across stages 08-09, saw {sorted(seen_eips)}")
    # stages 10 and 11: both regions see the same peering connection
    for stage in INTER_REGION_STAGES:
        ids = {load_snapshot(root / stage / r)["describe-vpc-peering-connections"]
               ["VpcPeeringConnections"][0]["VpcPeeringConnectionId"] for r in (REGION_A, REGION_B)}
        if len(ids) != 1:
            raise Fail(f"{stage}: the two regions show different peering ids {ids}")
    print(f"checked {sum(1 for _ in snapshot_folders(root))} snapshot folders in {root}", file=sys.stderr)


# --------------------------------------------------------------------------- main

def main():
    def labs(aws, out, raw):
        run = Run()
        dump = Dumper(aws, out, raw, run)
        return [(f"same-region lab ({REGION_A})", lambda: same_region_lab(aws, dump)),
                (f"inter-region lab ({REGION_A} -> {REGION_B}), fresh emulator", lambda: inter_region_lab(aws, dump, run))]
    build_main(__doc__, "pathproof-seed-", HERE, SAME_REGION_STAGES + INTER_REGION_STAGES, check_tree, labs)


if __name__ == "__main__":
    run_cli(main)
