#!/usr/bin/env python3
"""Regenerate PathProof's dual-stack (IPv4 + IPv6) fixtures (Queries/ipv6/<stage>/*.json).

What it does
    Builds two dual-stack VPCs in us-east-1, each with an Amazon-provided IPv6 /56: Web 10.40.0.0/16 with a public
    subnet (route table: 0.0.0.0/0 and ::/0 -> an internet gateway) and a private one (route table: ::/0 -> an
    egress-only internet gateway, no IPv4 default route), and Data 10.41.0.0/16, peered with Web over IPv4 and IPv6.
    Three instances with one IPv6 address each: web (public, with an Elastic IP), app (private) and db (in Data).
    Then it breaks one thing per stage (and mends it again), with the real AWS CLI (`aws ec2 ...`) against moto's
    EC2 emulator on 127.0.0.1 (a free port, dummy credentials; the emulator, the CLI runner and the corrections
    C1-C9 are Queries/fixturelib.py's, which every builder shares). After every stage it writes what the describe
    commands print, one file per command (the seed's ten and describe-egress-only-internet-gateways), after the
    corrections below. The tests only read the committed JSON.

Usage
    Queries/ipv6/build-snapshots.py            # rebuild every stage folder next to this script
    Queries/ipv6/build-snapshots.py --check    # only check the committed folders (no moto needed)
    Queries/ipv6/build-snapshots.py --raw DIR  # also keep moto's uncorrected dumps in DIR
    Queries/ipv6/build-snapshots.py --out DIR  # write the stage folders into DIR instead

Stages (us-east-1; each is the working network with one change)     expected reachability: see README.md
    01-working                  everything works over IPv4 and IPv6
    02-no-ipv6-default-route    Web-rtb-public loses ::/0 -> Web-igw (its 0.0.0.0/0 -> Web-igw stays)
    03-sg-ipv4-only             web-sg loses its inbound IPv6 rules (tcp/443 from ::/0, ICMPv6 from ::/0); its IPv4
                                rules and its outbound rules stay
    04-eigw-route-missing       Web-rtb-private loses ::/0 -> Web-eigw
    05-nacl-ipv4-only           Web-private gets Web-private-acl: rule 100 allows all of 0.0.0.0/0 in both
                                directions, no IPv6 entry (IPv6 meets the 32768 deny)
    06-peering-no-ipv6-route    Data-rtb loses its route to Web's /56 (10.40.0.0/16 -> Web-Data-pcx stays)
    07-sg-icmp-not-icmpv6       db-sg's ICMPv6 rule from Web's /56 replaced by an ICMP (IPv4, "icmp") rule from
                                Web's /56, which AWS accepts and which matches no IPv6 packet
    08-eigw-deleted             Web-eigw deleted: Web-rtb-private's ::/0 route to it is a blackhole
    09-app-no-ipv6-address      app's interface loses its IPv6 address (unassign-ipv6-addresses)
  08 is built last: after 07 is mended the script makes 09 (and gives app the same address back), then 08, so that
  every stage keeps the ids and addresses of 01 (a deleted gateway cannot come back with its id).

Moto 5.2.1 deviations corrected here (besides fixturelib's C1-C9; each in correct_ipv6() or where the script
drives moto, with a comment saying what moto does and what AWS does instead):
    I1  moto draws a VPC's Amazon-provided /56 from 2400:6500::/32 (2400:6500:<random>:<random>00::/56), an Amazon
        range of Asia Pacific; AWS gives a us-east-1 VPC a /56 of 2600:1f18::/33 (EC2, us-east-1, in AWS's
        ip-ranges.json). Every /56 is moved into 2600:1f18::/33 (same low 23 bits of the /56 number, the same
        block in every stage of a run) and every IPv6 address and prefix inside it with it, wherever it appears
        (VPCs, subnets, routes, security-group rules, network interfaces, instances).
    I2  describe-vpcs: Ipv6CidrBlockAssociationSet[] lacks "NetworkBorderGroup" (AWS: the region, "us-east-1"),
        "Ipv6AddressAttribute" ("public") and "IpSource" ("amazon"), which AWS prints for an Amazon-provided block.
    I3  describe-subnets: Ipv6CidrBlockAssociationSet[].Ipv6CidrBlockState.State is the text
        "{'State': 'associated'}" (a Python dict printed as a string); AWS prints "associated". The entry also lacks
        "Ipv6AddressAttribute" ("public") and "IpSource" ("amazon"). (AWS prints no NetworkBorderGroup or Ipv6Pool
        on a subnet's association: SubnetIpv6CidrBlockAssociation has neither member.)
    I4  network ACLs of a dual-stack VPC lack their IPv6 entries. AWS gives the default ACL, in each direction, rule
        101 allowing all of ::/0 and rule 32768 ("*") denying all of ::/0, after the IPv4 100 and 32767; every custom
        ACL of such a VPC gets the 32768 deny of ::/0 in each direction (next to C8's 32767 deny of 0.0.0.0/0).
    I5  describe-vpc-peering-connections: RequesterVpcInfo / AccepterVpcInfo lack "Ipv6CidrBlockSet"; AWS lists the
        IPv6 blocks of a dual-stack VPC there ([{"Ipv6CidrBlock": ...}]).
    I6  run-instances ignores --ipv6-address-count (and the subnet's AssignIpv6AddressOnCreation): the instance gets
        no IPv6 address; AWS assigns one from the subnet's /64. Corrected in moto's state, not in the JSON: when the
        primary interface has no IPv6 address after the launch, the script gives it one with
        `assign-ipv6-addresses --ipv6-address-count 1` (moto picks a random address of the subnet's /64, as AWS does).
    I7  describe-network-interfaces: Ipv6Addresses[] entries lack "IsPrimaryIpv6"; AWS prints false for an address
        that is not the interface's primary IPv6 (describe-instances, which moto gets right, prints it).
    I8  describe-instances: no instance-level "Ipv6Address" ("the IPv6 address assigned to the instance", says the
        EC2 API reference); written as the first IPv6 address of the primary interface (DeviceIndex 0), when it has
        one. (No interface here has a primary IPv6 address enabled; IsPrimaryIpv6 is false everywhere.)
    I9  a route to a deleted egress-only internet gateway stays "active"; AWS shows it as "blackhole".
    I10 create-security-group in a dual-stack VPC: moto gives the new group an outbound rule for all of ::/0 besides
        the one for 0.0.0.0/0; AWS creates only the IPv4 rule. Corrected in moto's state: the script revokes the ::/0
        rule right after creating the group, and then adds it with authorize-security-group-egress as users of a
        dual-stack VPC do (which moto would refuse as a duplicate otherwise).

Checked and found to match AWS (no correction): the local IPv6 route {"DestinationIpv6CidrBlock": <the VPC's /56>,
"GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"} in every table of a dual-stack VPC; routes
with DestinationIpv6CidrBlock to an internet gateway, an egress-only internet gateway ("EgressOnlyInternetGatewayId")
and a peering connection; describe-egress-only-internet-gateways (EgressOnlyInternetGatewayId, Attachments
[{"State": "attached", VpcId}], Tags; a deleted gateway is no longer listed); VPCs' Ipv6Pool "Amazon" and
Ipv6CidrBlockState "associated"; subnets' AssignIpv6AddressOnCreation and Ipv6Native; security-group rules with
Ipv6Ranges [{CidrIpv6}], several ranges of one protocol and port range in one IpPermission; ICMPv6 rules print
"IpProtocol": "icmpv6" with FromPort/ToPort -1 for all types and codes (what AWS prints too, also for a rule
authorized as protocol "58": see the AWS CLI reference, authorize-security-group-ingress example 6); an "icmp" rule
with an IPv6 source is accepted (AWS accepts it too; it is ICMP for IPv4 and matches no ICMPv6 packet); the default
security group of a dual-stack VPC allows all outbound to 0.0.0.0/0 and ::/0; network-ACL entries with
Ipv6CidrBlock; describe-instances' Ipv6Addresses [{Ipv6Address, IsPrimaryIpv6: false}]; unassign-ipv6-addresses.

Cosmetic deviations left as moto prints them: fixturelib's list; describe-network-interfaces prints no
"Ipv6Native": false; CreationTime formats; moto's account 123456789012.

Naming: every resource has the Name tag of the brief (Web, Web-public, Web-private, Web-igw, Web-eigw,
Web-rtb-public, Web-rtb-private, web-sg, app-sg, web, app, Data, Data-db, Data-rtb, db-sg, db, Web-Data-pcx; and
web-eip, Web-private-acl in 05). The resources AWS creates with a VPC and the instances' interfaces are named too,
for the tests: Web-rtb-main, Web-acl-default, Web-sg-default (same for Data), web-eni, app-eni, db-eni.
"""
import ipaddress
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # Queries/, where fixturelib.py is
import fixturelib  # the emulator, the CLI runner, corrections C1-C9, dumping and checking stages, the command line

Fail = fixturelib.Fail

REGION = "us-east-1"
STAGES = ["01-working", "02-no-ipv6-default-route", "03-sg-ipv4-only", "04-eigw-route-missing", "05-nacl-ipv4-only",
          "06-peering-no-ipv6-route", "07-sg-icmp-not-icmpv6", "08-eigw-deleted", "09-app-no-ipv6-address"]

# command -> the top-level key AWS prints (besides the seed's ten)
IPV6_DESCRIBE = {"describe-egress-only-internet-gateways": "EgressOnlyInternetGateways"}

VPCS = {"Web": "10.40.0.0/16", "Data": "10.41.0.0/16"}
# subnet -> (VPC, IPv4 block, the /64's number inside the VPC's /56: the two hex digits the console asks for)
SUBNETS = {"Web-public": ("Web", "10.40.1.0/24", 1), "Web-private": ("Web", "10.40.2.0/24", 2),
           "Data-db": ("Data", "10.41.1.0/24", 1)}
INSTANCES = {"web": ("Web-public", "10.40.1.10", "web-sg"), "app": ("Web-private", "10.40.2.10", "app-sg"),
             "db": ("Data-db", "10.41.1.10", "db-sg")}
MOTO_IPV6_POOL = ipaddress.ip_network("2400:6500::/32")     # moto's utils.random_ipv6_cidr
AWS_IPV6_POOL = ipaddress.ip_network("2600:1f18::/33")      # ip-ranges.json: EC2, us-east-1 (I1)

# Member order of the AWS shapes that the corrections add keys to (the EC2 service model's order, as `aws` prints)
ORDER = {
    "VpcIpv6CidrBlockAssociation": ["AssociationId", "Ipv6CidrBlock", "Ipv6CidrBlockState", "NetworkBorderGroup",
                                    "Ipv6Pool", "Ipv6AddressAttribute", "IpSource"],
    "SubnetIpv6CidrBlockAssociation": ["AssociationId", "Ipv6CidrBlock", "Ipv6CidrBlockState", "Ipv6AddressAttribute",
                                       "IpSource"],
    "NetworkAclEntry": ["CidrBlock", "Egress", "IcmpTypeCode", "Ipv6CidrBlock", "PortRange", "Protocol", "RuleAction",
                        "RuleNumber"],
    "NetworkInterfaceIpv6Address": ["Ipv6Address", "PublicIpv6DnsName", "IsPrimaryIpv6"],
}
fixturelib.ORDER.update(ORDER)  # the seed's `ordered` knows these shapes too


class Lab:
    """What the script built, and what the corrections need to know about it."""

    def __init__(self):
        self.ids = {}          # Name -> id
        self.moto_blocks = {}  # VPC name -> the /56 moto gave it
        self.block_map = {}    # moto's /56 (ip_network) -> the AWS /56 written instead (I1)
        self.ipv6 = {}         # instance name -> its IPv6 address as moto gave it

    def block(self, vpc):
        """A VPC's /56 as moto knows it (what the CLI calls must name)."""
        return self.moto_blocks[vpc]

    def subnet_block(self, subnet):
        vpc, _cidr, index = SUBNETS[subnet]
        net = ipaddress.ip_network(self.moto_blocks[vpc])
        return str(ipaddress.ip_network((int(net.network_address) + (index << 64), 64)))


# --------------------------------------------------------------------------- building

def tag(aws, lab, name, rid):
    aws(REGION, "create-tags", "--resources", rid, "--tags", f"Key=Name,Value={name}")
    lab.ids[name] = rid


def aws_block_for(moto_block, taken):
    """I1: the us-east-1 /56 written for one of moto's 2400:6500::/32 blocks: the /56 number's low 23 bits kept."""
    net = ipaddress.ip_network(moto_block)
    if net.prefixlen != 56 or not net.subnet_of(MOTO_IPV6_POOL):
        raise Fail(f"moto gave a VPC the IPv6 block {moto_block}, not a /56 of {MOTO_IPV6_POOL}: check I1")
    number = (int(net.network_address) >> 72) & ((1 << 23) - 1)
    while True:
        new = ipaddress.ip_network((int(AWS_IPV6_POOL.network_address) | (number << 72), 56))
        if new not in taken:
            return new
        number = (number + 1) % (1 << 23)


def build_vpc(aws, lab, name):
    vpc = aws(REGION, "create-vpc", "--cidr-block", VPCS[name], "--amazon-provided-ipv6-cidr-block",
              "--tag-specifications", fixturelib.tag_spec("vpc", name))["Vpc"]["VpcId"]
    lab.ids[name] = vpc
    # AWS associates the Amazon-provided block shortly after create-vpc ("associating"): read it back
    (assoc,) = aws(REGION, "describe-vpcs", "--vpc-ids", vpc)["Vpcs"][0]["Ipv6CidrBlockAssociationSet"]
    if assoc["Ipv6CidrBlockState"]["State"] != "associated":
        raise Fail(f"{name}'s IPv6 block is {assoc['Ipv6CidrBlockState']}")
    lab.moto_blocks[name] = assoc["Ipv6CidrBlock"]
    moto_net = ipaddress.ip_network(assoc["Ipv6CidrBlock"])
    lab.block_map[moto_net] = aws_block_for(moto_net, set(lab.block_map.values()))
    main = aws(REGION, "describe-route-tables", "--filters", f"Name=vpc-id,Values={vpc}",
               "Name=association.main,Values=true")["RouteTables"][0]["RouteTableId"]
    acl = aws(REGION, "describe-network-acls", "--filters", f"Name=vpc-id,Values={vpc}",
              "Name=default,Values=true")["NetworkAcls"][0]["NetworkAclId"]
    default_sg = aws(REGION, "describe-security-groups", "--filters", f"Name=vpc-id,Values={vpc}",
                     "Name=group-name,Values=default")["SecurityGroups"][0]["GroupId"]
    for rid, suffix in ((main, "rtb-main"), (acl, "acl-default"), (default_sg, "sg-default")):
        tag(aws, lab, f"{name}-{suffix}", rid)


def build_subnet(aws, lab, name):
    vpc, cidr, _index = SUBNETS[name]
    subnet = aws(REGION, "create-subnet", "--vpc-id", lab.ids[vpc], "--cidr-block", cidr,
                 "--ipv6-cidr-block", lab.subnet_block(name), "--availability-zone", "us-east-1a",
                 "--tag-specifications", fixturelib.tag_spec("subnet", name))["Subnet"]["SubnetId"]
    lab.ids[name] = subnet
    # instances launched here get an IPv6 address without asking (the console's "Auto-assign IPv6 address")
    aws(REGION, "modify-subnet-attribute", "--subnet-id", subnet, "--assign-ipv6-address-on-creation")


def build_route_table(aws, lab, name, vpc, subnet, routes):
    rtb = aws(REGION, "create-route-table", "--vpc-id", lab.ids[vpc],
              "--tag-specifications", fixturelib.tag_spec("route-table", name))["RouteTable"]["RouteTableId"]
    lab.ids[name] = rtb
    aws(REGION, "associate-route-table", "--route-table-id", rtb, "--subnet-id", lab.ids[subnet])
    for destination, target in routes:
        route(aws, lab, "create-route", name, destination, target)


def route(aws, lab, command, table, destination, target=None):
    """create-route / delete-route / replace-route; destination an IPv4 or IPv6 block, target a Name."""
    family = "--destination-ipv6-cidr-block" if ":" in destination else "--destination-cidr-block"
    args = ["--route-table-id", lab.ids[table], family, destination]
    if target is not None:
        rid = lab.ids[target]
        option = {"igw-": "--gateway-id", "eigw": "--egress-only-internet-gateway-id",
                  "pcx-": "--vpc-peering-connection-id"}[rid[:4]]
        args += [option, rid]
    aws(REGION, command, *args)


def build_group(aws, lab, name, vpc, description, inbound):
    sg = aws(REGION, "create-security-group", "--group-name", name, "--description", description,
             "--vpc-id", lab.ids[vpc], "--tag-specifications", fixturelib.tag_spec("security-group", name))["GroupId"]
    lab.ids[name] = sg
    all_ipv6 = "IpProtocol=-1,Ipv6Ranges=[{CidrIpv6=::/0}]"
    egress = aws(REGION, "describe-security-groups", "--group-ids", sg)["SecurityGroups"][0]["IpPermissionsEgress"]
    if any(r["CidrIpv6"] == "::/0" for perm in egress for r in perm.get("Ipv6Ranges", [])):
        # I10: moto gave the new group an outbound rule for ::/0, which AWS does not: take it away (AWS's state)
        aws(REGION, "revoke-security-group-egress", "--group-id", sg, "--ip-permissions", all_ipv6)
    aws(REGION, "authorize-security-group-ingress", "--group-id", sg, "--ip-permissions", *inbound)
    # a new group allows all outbound IPv4 only: the IPv6 counterpart is added, as users of a dual-stack VPC do
    aws(REGION, "authorize-security-group-egress", "--group-id", sg, "--ip-permissions", all_ipv6)


def launch(aws, lab, name, ami):
    subnet, address, sg = INSTANCES[name]
    inst = aws(REGION, "run-instances", "--image-id", ami, "--instance-type", "t3.micro", "--count", "1",
               "--subnet-id", lab.ids[subnet], "--private-ip-address", address, "--security-group-ids", lab.ids[sg],
               "--no-associate-public-ip-address", "--ipv6-address-count", "1",
               "--tag-specifications", fixturelib.tag_spec("instance", name))["Instances"][0]
    aws(REGION, "wait", "instance-running", "--instance-ids", inst["InstanceId"])
    lab.ids[name] = inst["InstanceId"]
    eni = inst["NetworkInterfaces"][0]
    tag(aws, lab, f"{name}-eni", eni["NetworkInterfaceId"])
    addresses = [a["Ipv6Address"] for a in eni.get("Ipv6Addresses", [])]
    if not addresses:
        # I6: moto ignored --ipv6-address-count; AWS would have assigned one address of the subnet's /64
        addresses = aws(REGION, "assign-ipv6-addresses", "--network-interface-id", eni["NetworkInterfaceId"],
                        "--ipv6-address-count", "1")["AssignedIpv6Addresses"]
    (lab.ipv6[name],) = addresses


def build(aws, lab):
    ami = fixturelib.pick_ami(aws, REGION)
    for name in VPCS:
        build_vpc(aws, lab, name)
    for name in SUBNETS:
        build_subnet(aws, lab, name)
    igw = aws(REGION, "create-internet-gateway", "--tag-specifications",
              fixturelib.tag_spec("internet-gateway", "Web-igw"))["InternetGateway"]["InternetGatewayId"]
    lab.ids["Web-igw"] = igw
    aws(REGION, "attach-internet-gateway", "--internet-gateway-id", igw, "--vpc-id", lab.ids["Web"])
    create_eigw(aws, lab)
    pcx = aws(REGION, "create-vpc-peering-connection", "--vpc-id", lab.ids["Web"], "--peer-vpc-id", lab.ids["Data"],
              "--tag-specifications", fixturelib.tag_spec("vpc-peering-connection", "Web-Data-pcx"))
    lab.ids["Web-Data-pcx"] = pcx["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    aws(REGION, "accept-vpc-peering-connection", "--vpc-peering-connection-id", lab.ids["Web-Data-pcx"])

    web6, data6 = lab.block("Web"), lab.block("Data")
    build_route_table(aws, lab, "Web-rtb-public", "Web", "Web-public", [("0.0.0.0/0", "Web-igw"), ("::/0", "Web-igw")])
    build_route_table(aws, lab, "Web-rtb-private", "Web", "Web-private",
                      [("::/0", "Web-eigw"), ("10.41.0.0/16", "Web-Data-pcx"), (data6, "Web-Data-pcx")])
    build_route_table(aws, lab, "Data-rtb", "Data", "Data-db",
                      [("10.40.0.0/16", "Web-Data-pcx"), (web6, "Web-Data-pcx")])

    build_group(aws, lab, "web-sg", "Web", "web: HTTPS from anywhere (IPv4 and IPv6), ICMPv6 from anywhere, ICMP from 10/8", [
        "IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=0.0.0.0/0}],Ipv6Ranges=[{CidrIpv6=::/0}]",
        "IpProtocol=icmpv6,FromPort=-1,ToPort=-1,Ipv6Ranges=[{CidrIpv6=::/0}]",
        "IpProtocol=icmp,FromPort=-1,ToPort=-1,IpRanges=[{CidrIp=10.0.0.0/8}]"])
    build_group(aws, lab, "app-sg", "Web", "app: ICMPv6 from anywhere, Postgres from Data, ICMP from 10/8", [
        "IpProtocol=icmpv6,FromPort=-1,ToPort=-1,Ipv6Ranges=[{CidrIpv6=::/0}]",
        f"IpProtocol=tcp,FromPort=5432,ToPort=5432,Ipv6Ranges=[{{CidrIpv6={data6}}}]",
        "IpProtocol=icmp,FromPort=-1,ToPort=-1,IpRanges=[{CidrIp=10.0.0.0/8}]"])
    build_group(aws, lab, "db-sg", "Data", "db: ICMPv6 and Postgres from Web over IPv6, ICMP from Web", [
        db_icmpv6(lab),
        "IpProtocol=icmp,FromPort=-1,ToPort=-1,IpRanges=[{CidrIp=10.40.0.0/16}]",
        f"IpProtocol=tcp,FromPort=5432,ToPort=5432,Ipv6Ranges=[{{CidrIpv6={web6}}}]"])
    for name in INSTANCES:
        launch(aws, lab, name, ami)
    alloc = aws(REGION, "allocate-address", "--domain", "vpc",
                "--tag-specifications", fixturelib.tag_spec("elastic-ip", "web-eip"))["AllocationId"]
    lab.ids["web-eip"] = alloc
    aws(REGION, "associate-address", "--instance-id", lab.ids["web"], "--allocation-id", alloc)


def create_eigw(aws, lab):
    lab.ids["Web-eigw"] = aws(REGION, "create-egress-only-internet-gateway", "--vpc-id", lab.ids["Web"],
                              "--tag-specifications", fixturelib.tag_spec("egress-only-internet-gateway", "Web-eigw"))[
        "EgressOnlyInternetGateway"]["EgressOnlyInternetGatewayId"]


def db_icmpv6(lab):
    return f"IpProtocol=icmpv6,FromPort=-1,ToPort=-1,Ipv6Ranges=[{{CidrIpv6={lab.block('Web')}}}]"


def web_sg_ipv6_inbound():
    return ["IpProtocol=tcp,FromPort=443,ToPort=443,Ipv6Ranges=[{CidrIpv6=::/0}]",
            "IpProtocol=icmpv6,FromPort=-1,ToPort=-1,Ipv6Ranges=[{CidrIpv6=::/0}]"]


def acl_association(aws, lab, subnet):
    acls = aws(REGION, "describe-network-acls", "--filters", f"Name=association.subnet-id,Values={lab.ids[subnet]}")
    for acl in acls["NetworkAcls"]:
        for association in acl["Associations"]:
            if association.get("SubnetId") == lab.ids[subnet]:
                return association["NetworkAclAssociationId"]
    raise Fail(f"{subnet} has no network ACL association")


def stages(aws, lab, dump):
    build(aws, lab)
    dump.stage("01-working")

    route(aws, lab, "delete-route", "Web-rtb-public", "::/0")
    dump.stage("02-no-ipv6-default-route")
    route(aws, lab, "create-route", "Web-rtb-public", "::/0", "Web-igw")

    sg = lab.ids["web-sg"]
    aws(REGION, "revoke-security-group-ingress", "--group-id", sg, "--ip-permissions", *web_sg_ipv6_inbound())
    dump.stage("03-sg-ipv4-only")
    aws(REGION, "authorize-security-group-ingress", "--group-id", sg, "--ip-permissions", *web_sg_ipv6_inbound())

    route(aws, lab, "delete-route", "Web-rtb-private", "::/0")
    dump.stage("04-eigw-route-missing")
    route(aws, lab, "create-route", "Web-rtb-private", "::/0", "Web-eigw")

    # a custom ACL written with IPv4 in mind: everything of 0.0.0.0/0 allowed both ways, nothing said of IPv6
    acl = aws(REGION, "create-network-acl", "--vpc-id", lab.ids["Web"],
              "--tag-specifications", fixturelib.tag_spec("network-acl", "Web-private-acl"))["NetworkAcl"]["NetworkAclId"]
    lab.ids["Web-private-acl"] = acl
    for direction in ("--ingress", "--egress"):
        aws(REGION, "create-network-acl-entry", "--network-acl-id", acl, direction, "--rule-number", "100",
            "--protocol", "-1", "--cidr-block", "0.0.0.0/0", "--rule-action", "allow")
    aws(REGION, "replace-network-acl-association", "--association-id", acl_association(aws, lab, "Web-private"),
        "--network-acl-id", acl)
    dump.stage("05-nacl-ipv4-only")
    aws(REGION, "replace-network-acl-association", "--association-id", acl_association(aws, lab, "Web-private"),
        "--network-acl-id", lab.ids["Web-acl-default"])
    aws(REGION, "delete-network-acl", "--network-acl-id", acl)
    del lab.ids["Web-private-acl"]

    route(aws, lab, "delete-route", "Data-rtb", lab.block("Web"))
    dump.stage("06-peering-no-ipv6-route")
    route(aws, lab, "create-route", "Data-rtb", lab.block("Web"), "Web-Data-pcx")

    # "All ICMP - IPv4" picked where "All ICMP - IPv6" was meant: AWS takes the rule, which no IPv6 packet matches
    icmp4_from_web6 = f"IpProtocol=icmp,FromPort=-1,ToPort=-1,Ipv6Ranges=[{{CidrIpv6={lab.block('Web')}}}]"
    aws(REGION, "revoke-security-group-ingress", "--group-id", lab.ids["db-sg"], "--ip-permissions", db_icmpv6(lab))
    aws(REGION, "authorize-security-group-ingress", "--group-id", lab.ids["db-sg"], "--ip-permissions", icmp4_from_web6)
    dump.stage("07-sg-icmp-not-icmpv6")
    aws(REGION, "revoke-security-group-ingress", "--group-id", lab.ids["db-sg"], "--ip-permissions", icmp4_from_web6)
    aws(REGION, "authorize-security-group-ingress", "--group-id", lab.ids["db-sg"], "--ip-permissions", db_icmpv6(lab))

    # 09 before 08 (see the header): app's address goes, and comes back the same
    eni = lab.ids["app-eni"]
    aws(REGION, "unassign-ipv6-addresses", "--network-interface-id", eni, "--ipv6-addresses", lab.ipv6["app"])
    dump.stage("09-app-no-ipv6-address")
    aws(REGION, "assign-ipv6-addresses", "--network-interface-id", eni, "--ipv6-addresses", lab.ipv6["app"])

    aws(REGION, "delete-egress-only-internet-gateway", "--egress-only-internet-gateway-id", lab.ids["Web-eigw"])
    dump.stage("08-eigw-deleted")


# --------------------------------------------------------------------------- corrections

def map_ipv6(obj, block_map):
    """I1: every IPv6 address or prefix (a string) inside one of moto's /56 blocks, moved into its AWS block."""
    if isinstance(obj, dict):
        return {k: map_ipv6(v, block_map) for k, v in obj.items()}
    if isinstance(obj, list):
        return [map_ipv6(v, block_map) for v in obj]
    if not isinstance(obj, str) or ":" not in obj or not obj[:1].isalnum():
        return obj
    try:
        net = ipaddress.ip_network(obj, strict=False) if "/" in obj else None
        addr = ipaddress.ip_address(obj) if net is None else net.network_address
    except ValueError:
        return obj
    if addr.version != 6:
        return obj
    for moto, new in block_map.items():
        if addr in moto and (net is None or net.prefixlen >= 56):
            moved = ipaddress.ip_address(int(addr) - int(moto.network_address) + int(new.network_address))
            return f"{moved}/{net.prefixlen}" if net is not None else str(moved)
    return obj


def correct_ipv6(snap, lab):
    """snap: {command: parsed JSON} of one stage (the seed's outputs already corrected); returns it corrected."""
    snap = map_ipv6(snap, lab.block_map)  # I1 (first: the corrections below compare AWS's blocks)

    # I2: an Amazon-provided VPC block: NetworkBorderGroup (the region), public, allocated by Amazon
    dual_stack = {}
    for vpc in snap["describe-vpcs"]["Vpcs"]:
        assocs = vpc.get("Ipv6CidrBlockAssociationSet") or []
        for i, assoc in enumerate(assocs):
            assoc.setdefault("NetworkBorderGroup", REGION)
            assoc.setdefault("Ipv6AddressAttribute", "public")
            assoc.setdefault("IpSource", "amazon")
            assocs[i] = fixturelib.ordered(assoc, "VpcIpv6CidrBlockAssociation")
        blocks = [a["Ipv6CidrBlock"] for a in assocs if a["Ipv6CidrBlockState"]["State"] == "associated"]
        if blocks:
            dual_stack[vpc["VpcId"]] = blocks

    # I3: a subnet's block is "associated" (moto prints a dict as text), public, allocated by Amazon
    for subnet in snap["describe-subnets"]["Subnets"]:
        assocs = subnet.get("Ipv6CidrBlockAssociationSet") or []
        for i, assoc in enumerate(assocs):
            state = assoc.get("Ipv6CidrBlockState", {})
            if "associated" in str(state.get("State")):
                state["State"] = "associated"
            assoc.setdefault("Ipv6AddressAttribute", "public")
            assoc.setdefault("IpSource", "amazon")
            assocs[i] = fixturelib.ordered(assoc, "SubnetIpv6CidrBlockAssociation")

    # I4: the IPv6 entries of a dual-stack VPC's network ACLs: default ACL 101 allow ::/0 and, every ACL, 32768 deny
    for acl in snap["describe-network-acls"]["NetworkAcls"]:
        if acl["VpcId"] not in dual_stack:
            continue
        for egress in (True, False):
            have = {e["RuleNumber"] for e in acl["Entries"] if e["Egress"] == egress and e.get("Ipv6CidrBlock")}
            wanted = ([(101, "allow")] if acl["IsDefault"] else []) + [(32768, "deny")]
            for number, action in wanted:
                if number not in have:
                    acl["Entries"].append(fixturelib.ordered({"Egress": egress, "Ipv6CidrBlock": "::/0", "Protocol": "-1",
                                                   "RuleAction": action, "RuleNumber": number}, "NetworkAclEntry"))
        acl["Entries"].sort(key=lambda e: (not e["Egress"], e["RuleNumber"]))

    # I5: the peering's sides list their VPC's IPv6 blocks
    for pcx in snap["describe-vpc-peering-connections"]["VpcPeeringConnections"]:
        for side in ("RequesterVpcInfo", "AccepterVpcInfo"):
            info = pcx.get(side)
            if info and "Ipv6CidrBlockSet" not in info and info.get("VpcId") in dual_stack:
                info["Ipv6CidrBlockSet"] = [{"Ipv6CidrBlock": b} for b in dual_stack[info["VpcId"]]]
                pcx[side] = fixturelib.ordered(info, "VpcPeeringConnectionVpcInfo")

    # I7: describe-network-interfaces says which IPv6 address is primary (none here)
    for eni in snap["describe-network-interfaces"]["NetworkInterfaces"]:
        addresses = eni.get("Ipv6Addresses") or []
        for i, address in enumerate(addresses):
            address.setdefault("IsPrimaryIpv6", False)
            addresses[i] = fixturelib.ordered(address, "NetworkInterfaceIpv6Address")

    # I8: the instance's IPv6 address: the first of its primary interface's
    for inst in fixturelib.instances(snap):
        primary = [ni for ni in inst.get("NetworkInterfaces", []) if ni.get("Attachment", {}).get("DeviceIndex") == 0]
        addresses = primary[0].get("Ipv6Addresses") if primary else None
        if addresses and "Ipv6Address" not in inst:
            keys = list(inst)
            at = keys.index("InstanceId") if "InstanceId" in keys else len(keys)
            items = list(inst.items())
            items.insert(at, ("Ipv6Address", addresses[0]["Ipv6Address"]))
            inst.clear()
            inst.update(items)

    # I9: a route to an egress-only internet gateway that is gone is a blackhole
    live = {g["EgressOnlyInternetGatewayId"] for g in snap["describe-egress-only-internet-gateways"]
            ["EgressOnlyInternetGateways"]}
    for table in snap["describe-route-tables"]["RouteTables"]:
        for entry in table["Routes"]:
            if entry.get("EgressOnlyInternetGatewayId") and entry["EgressOnlyInternetGatewayId"] not in live:
                entry["State"] = "blackhole"
    return snap


# --------------------------------------------------------------------------- checks

def load_stage(folder):
    return fixturelib.load_stage(folder, dict(list(fixturelib.DESCRIBE.items()) + list(IPV6_DESCRIBE.items())))


def by_name(snap):
    """Name tag -> resource, over every output."""
    found = {}
    for cmd, key in list(fixturelib.DESCRIBE.items()) + list(IPV6_DESCRIBE.items()):
        items = fixturelib.instances(snap) if cmd == "describe-instances" else snap[cmd][key]
        for item in items:
            for t in item.get("Tags") or item.get("TagSet") or []:
                if t["Key"] == "Name":
                    if t["Value"] in found:
                        raise AssertionError(f"two resources named {t['Value']}")
                    found[t["Value"]] = item
    return found


def routes_of(table):
    return {(r.get("DestinationCidrBlock") or r.get("DestinationIpv6CidrBlock")):
            (r.get("GatewayId") or r.get("EgressOnlyInternetGatewayId") or r.get("VpcPeeringConnectionId"), r["State"])
            for r in table["Routes"]}


def inbound(sg):
    """{(protocol, from, to): set of sources} of a security group's inbound rules."""
    rules = {}
    for p in sg["IpPermissions"]:
        key = (p["IpProtocol"], p.get("FromPort"), p.get("ToPort"))
        rules.setdefault(key, set()).update([r["CidrIp"] for r in p["IpRanges"]] + [r["CidrIpv6"] for r in p["Ipv6Ranges"]])
    return rules


def check_stage(stage, snap):
    where, k = stage, STAGES.index(stage)
    n = by_name(snap)
    vpc_block = {}
    for vpc, cidr in VPCS.items():
        v = n[vpc]
        (assoc,) = v["Ipv6CidrBlockAssociationSet"]
        block = ipaddress.ip_network(assoc["Ipv6CidrBlock"])
        assert v["CidrBlock"] == cidr and block.prefixlen == 56 and block.subnet_of(AWS_IPV6_POOL), f"{where}: {vpc} I1"
        assert assoc["Ipv6CidrBlockState"] == {"State": "associated"} and assoc["Ipv6Pool"] == "Amazon", where
        assert (assoc["NetworkBorderGroup"], assoc["Ipv6AddressAttribute"], assoc["IpSource"]) == \
            (REGION, "public", "amazon"), f"{where}: {vpc} I2"
        vpc_block[vpc] = block
        for table in snap["describe-route-tables"]["RouteTables"]:
            if table["VpcId"] == v["VpcId"]:
                assert {"DestinationIpv6CidrBlock": str(block), "GatewayId": "local", "Origin": "CreateRouteTable",
                        "State": "active"} in table["Routes"], f"{where}: {table['RouteTableId']} lacks the local IPv6 route"
        default_acl = n[f"{vpc}-acl-default"]
        assert default_acl["IsDefault"] and default_acl["VpcId"] == v["VpcId"], where
        for egress in (True, False):
            entries = [(e["RuleNumber"], e.get("CidrBlock") or e.get("Ipv6CidrBlock"), e["RuleAction"])
                       for e in default_acl["Entries"] if e["Egress"] == egress]
            assert entries == [(100, "0.0.0.0/0", "allow"), (101, "::/0", "allow"), (32767, "0.0.0.0/0", "deny"),
                               (32768, "::/0", "deny")], f"{where}: {vpc}-acl-default {entries} (I4)"
        sg_default = n[f"{vpc}-sg-default"]
        assert sg_default["IpPermissionsEgress"][0]["Ipv6Ranges"] == [{"CidrIpv6": "::/0"}], where
    for name, (vpc, cidr, index) in SUBNETS.items():
        s = n[name]
        (assoc,) = s["Ipv6CidrBlockAssociationSet"]
        block = ipaddress.ip_network(assoc["Ipv6CidrBlock"])
        assert s["CidrBlock"] == cidr and s["VpcId"] == n[vpc]["VpcId"], where
        assert block.prefixlen == 64 and block.subnet_of(vpc_block[vpc]) and \
            (int(block.network_address) >> 64) & 0xff == index, f"{where}: {name} {block}"
        assert assoc["Ipv6CidrBlockState"] == {"State": "associated"}, f"{where}: {name} I3"
        assert s["AssignIpv6AddressOnCreation"] is True and s["Ipv6Native"] is False, where

    pcx = n["Web-Data-pcx"]
    assert pcx["Status"] == {"Code": "active", "Message": "Active"}, where
    for side, vpc in (("RequesterVpcInfo", "Web"), ("AccepterVpcInfo", "Data")):
        assert pcx[side]["VpcId"] == n[vpc]["VpcId"], where
        assert pcx[side]["CidrBlockSet"] == [{"CidrBlock": VPCS[vpc]}], f"{where}: C3"
        assert pcx[side]["Ipv6CidrBlockSet"] == [{"Ipv6CidrBlock": str(vpc_block[vpc])}], f"{where}: I5"
    igw = n["Web-igw"]
    assert igw["Attachments"] == [{"State": "available", "VpcId": n["Web"]["VpcId"]}], where
    eigws = snap["describe-egress-only-internet-gateways"]["EgressOnlyInternetGateways"]
    if stage == "08-eigw-deleted":
        assert eigws == [], where
    else:
        (eigw,) = eigws
        assert n["Web-eigw"] is eigw and eigw["Attachments"] == [{"State": "attached", "VpcId": n["Web"]["VpcId"]}], where

    # instances: one IPv6 address each, inside their subnet's /64 (app none in 09); web's Elastic IP
    for name, (subnet, address, sg) in INSTANCES.items():
        inst, eni = n[name], n[f"{name}-eni"]
        assert inst["State"]["Name"] == "running" and inst["PrivateIpAddress"] == address, where
        assert inst["SecurityGroups"] == [{"GroupId": n[sg]["GroupId"], "GroupName": sg}], where
        assert eni["Attachment"]["InstanceId"] == inst["InstanceId"], where
        block = ipaddress.ip_network(n[subnet]["Ipv6CidrBlockAssociationSet"][0]["Ipv6CidrBlock"])
        if name == "app" and stage == "09-app-no-ipv6-address":
            assert eni["Ipv6Addresses"] == [] and inst["NetworkInterfaces"][0]["Ipv6Addresses"] == [], where
            assert "Ipv6Address" not in inst, where
            continue
        (v6,) = eni["Ipv6Addresses"]
        assert v6["IsPrimaryIpv6"] is False and ipaddress.ip_address(v6["Ipv6Address"]) in block, f"{where}: {name} I7"
        assert inst["NetworkInterfaces"][0]["Ipv6Addresses"] == [v6], where
        assert inst["Ipv6Address"] == v6["Ipv6Address"], f"{where}: {name} I8"
    (eip,) = snap["describe-addresses"]["Addresses"]
    assert ipaddress.ip_address(eip["PublicIp"]).is_global and eip["InstanceId"] == n["web"]["InstanceId"], where
    assert n["web"]["PublicIpAddress"] == eip["PublicIp"], where
    assert "PublicIpAddress" not in n["app"] and "PublicIpAddress" not in n["db"], where

    # route tables
    web6, data6 = str(vpc_block["Web"]), str(vpc_block["Data"])
    igw_id, pcx_id = igw["InternetGatewayId"], pcx["VpcPeeringConnectionId"]
    public = routes_of(n["Web-rtb-public"])
    assert public["0.0.0.0/0"] == (igw_id, "active"), where
    assert (public.get("::/0") == (igw_id, "active")) is (k != 1), f"{where}: Web-rtb-public ::/0"
    private = routes_of(n["Web-rtb-private"])
    assert "0.0.0.0/0" not in private, where
    assert private["10.41.0.0/16"] == (pcx_id, "active") and private[data6] == (pcx_id, "active"), where
    if k == 3:
        assert "::/0" not in private, where
    else:
        assert private["::/0"][0].startswith("eigw-") and private["::/0"][1] == \
            ("blackhole" if stage == "08-eigw-deleted" else "active"), f"{where}: Web-rtb-private ::/0 {private['::/0']} (I9)"
    data = routes_of(n["Data-rtb"])
    assert data["10.40.0.0/16"] == (pcx_id, "active"), where
    assert (data.get(web6) == (pcx_id, "active")) is (k != 5), f"{where}: Data-rtb {web6}"
    for table, subnet in (("Web-rtb-public", "Web-public"), ("Web-rtb-private", "Web-private"), ("Data-rtb", "Data-db")):
        assert [a.get("SubnetId") for a in n[table]["Associations"]] == [n[subnet]["SubnetId"]], where

    # security groups
    def egress_all(sg):
        (perm,) = sg["IpPermissionsEgress"]
        return perm["IpProtocol"] == "-1" and perm["IpRanges"] == [{"CidrIp": "0.0.0.0/0"}] and \
            perm["Ipv6Ranges"] == [{"CidrIpv6": "::/0"}]
    for sg in ("web-sg", "app-sg", "db-sg"):
        assert egress_all(n[sg]), f"{where}: {sg} outbound (I10)"
    web_in = {("tcp", 443, 443): {"0.0.0.0/0", "::/0"}, ("icmpv6", -1, -1): {"::/0"}, ("icmp", -1, -1): {"10.0.0.0/8"}}
    if k == 2:
        web_in = {("tcp", 443, 443): {"0.0.0.0/0"}, ("icmp", -1, -1): {"10.0.0.0/8"}}
    assert inbound(n["web-sg"]) == web_in, f"{where}: web-sg {inbound(n['web-sg'])}"
    assert inbound(n["app-sg"]) == {("icmpv6", -1, -1): {"::/0"}, ("tcp", 5432, 5432): {data6},
                                    ("icmp", -1, -1): {"10.0.0.0/8"}}, where
    db_in = {("icmpv6", -1, -1): {web6}, ("icmp", -1, -1): {"10.40.0.0/16"}, ("tcp", 5432, 5432): {web6}}
    if k == 6:
        db_in = {("icmp", -1, -1): {"10.40.0.0/16", web6}, ("tcp", 5432, 5432): {web6}}
    assert inbound(n["db-sg"]) == db_in, f"{where}: db-sg {inbound(n['db-sg'])}"

    # network ACLs: the defaults everywhere, but Web-private-acl on Web-private in 05
    acl_of = {a["SubnetId"]: acl for acl in snap["describe-network-acls"]["NetworkAcls"] for a in acl["Associations"]}
    for subnet, (vpc, _c, _i) in SUBNETS.items():
        want = "Web-private-acl" if (k == 4 and subnet == "Web-private") else f"{vpc}-acl-default"
        assert acl_of[n[subnet]["SubnetId"]] is n[want], f"{where}: {subnet}'s ACL"
    if k == 4:
        for egress in (True, False):
            entries = [(e["RuleNumber"], e.get("CidrBlock") or e.get("Ipv6CidrBlock"), e["RuleAction"])
                       for e in n["Web-private-acl"]["Entries"] if e["Egress"] == egress]
            assert entries == [(100, "0.0.0.0/0", "allow"), (32767, "0.0.0.0/0", "deny"), (32768, "::/0", "deny")], \
                f"{where}: Web-private-acl {entries} (C8, I4)"
    else:
        assert "Web-private-acl" not in n, where

    text = json.dumps(snap)
    assert "2400:6500:" not in text, f"{where}: a moto IPv6 block left (I1)"
    assert "{'State'" not in text, f"{where}: I3"
    assert '"127.' not in text and "-127-" not in text, f"{where}: loopback public address left (C7)"
    return n


ID_KEY = {"describe-vpcs": "VpcId", "describe-subnets": "SubnetId", "describe-route-tables": "RouteTableId",
          "describe-vpc-peering-connections": "VpcPeeringConnectionId", "describe-security-groups": "GroupId",
          "describe-network-acls": "NetworkAclId", "describe-internet-gateways": "InternetGatewayId",
          "describe-instances": "InstanceId", "describe-network-interfaces": "NetworkInterfaceId",
          "describe-addresses": "AllocationId", "describe-egress-only-internet-gateways": "EgressOnlyInternetGatewayId"}


def check_tree(root):
    fixturelib.check_stages(root, STAGES, load_stage, check_stage)
    # every stage is 01 with one change: the same resources (ids) and addresses throughout
    def key_facts(folder):
        snap = load_stage(folder)
        n = by_name(snap)
        ids = {name: item[ID_KEY[cmd]] for cmd, key in list(fixturelib.DESCRIBE.items()) + list(IPV6_DESCRIBE.items())
               for item in (fixturelib.instances(snap) if cmd == "describe-instances" else snap[cmd][key])
               for name in [t["Value"] for t in item.get("Tags") or item.get("TagSet") or [] if t["Key"] == "Name"]}
        addresses = {name: n[f"{name}-eni"]["Ipv6Addresses"] for name in INSTANCES}
        return ids, addresses
    first_ids, first_addresses = key_facts(root / STAGES[0])
    for stage in STAGES[1:]:
        ids, addresses = key_facts(root / stage)
        for name, rid in first_ids.items():
            if not (stage == "08-eigw-deleted" and name == "Web-eigw") and ids.get(name) != rid:
                raise Fail(f"{stage}: {name} is {ids.get(name)}, in {STAGES[0]} {rid}")
        for name, addrs in first_addresses.items():
            if addrs != addresses[name] and not (stage == "09-app-no-ipv6-address" and name == "app"):
                raise Fail(f"{stage}: {name}'s IPv6 addresses changed")


# --------------------------------------------------------------------------- main

def main():
    def labs(aws, out, raw):
        lab = Lab()
        dump = fixturelib.StageDumper(aws, out, raw, fixturelib.Run(), REGION, IPV6_DESCRIBE,
                                      lambda snap: correct_ipv6(snap, lab))
        return [(None, lambda: stages(aws, lab, dump))]
    fixturelib.build_main(__doc__, "pathproof-ipv6-", HERE, STAGES, check_tree, labs)


if __name__ == "__main__":
    fixturelib.run_cli(main)
