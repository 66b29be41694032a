#!/usr/bin/env python3
"""Regenerate PathProof's data-plane fixtures (Queries/dataplane/<stage>/*.json).

What it does
    Builds one VPC, Lab 10.20.0.0/16, with everything a private workload leaves its VPC by: a NAT gateway in the
    public subnet, an inspection appliance (a firewall instance with its source/destination check off) that an
    internet gateway route table and the subnets' route tables send traffic through, an S3 gateway endpoint, and a
    virtual private gateway with a Site-to-Site VPN connection to 192.168.0.0/16 on premises; and a peered VPC,
    Partner 10.30.0.0/16, whose default route points at the peering (which AWS does not carry further: no
    edge-to-edge routing). Then it breaks one thing per stage (and mends it again), with the real AWS CLI
    (`aws ec2 ...`) against moto's EC2 emulator on 127.0.0.1 (a free port, dummy credentials; the emulator, the CLI
    runner and the corrections C1-C8 are Queries/fixturelib.py's, which every builder shares). After every stage it
    writes what the describe commands print, one file per command, after the corrections below. The tests only
    read the committed JSON.

Usage
    Queries/dataplane/build-snapshots.py            # rebuild every stage folder next to this script
    Queries/dataplane/build-snapshots.py --check    # only check the committed folders (no moto needed)
    Queries/dataplane/build-snapshots.py --raw DIR  # also keep moto's uncorrected dumps in DIR
    Queries/dataplane/build-snapshots.py --out DIR  # write the stage folders into DIR instead

Stages (us-east-1; each is the working lab with one change)          expected reachability: see README.md
    01-working                   everything works
    02-nat-no-route              Lab-rtb-private loses its default route to Lab-nat
    03-nat-subnet-no-igw-route   Lab-rtb-public (the NAT gateway's subnet) loses its default route to Lab-igw
    04-nat-acl-blocks-responses  Lab-public gets a network ACL that lets no response from the internet in
    05-fw-source-dest-check-on   Lab-firewall's interface has its source/destination check on again
    06-fw-sg-blocks-lab-traffic  Lab-firewall-sg loses its rule for all traffic from Lab (only HTTPS from anywhere left)
    07-vpce-not-associated       Lab-s3-endpoint no longer serves Lab-rtb-private (S3 goes by the NAT gateway)
    08-vpce-not-associated-no-nat   and Lab-rtb-private has no default route either
    09-vpn-propagated-route      the static route to Lab-vgw replaced by route propagation from Lab-vgw
    10-vpn-no-static-route       Lab-vpn's static route is 172.16.0.0/12, not 192.168.0.0/16
    11-vpn-tunnels-down          both of Lab-vpn's tunnels are DOWN
    12-vgw-detached              Lab-vgw detached from Lab
    13-dx-private-vif            Lab-vpn deleted; a Direct Connect private virtual interface on Lab-vgw instead
    14-dx-vif-down               that virtual interface is down
    15-dx-gateway                the virtual interface on a Direct Connect gateway associated with Lab-vgw
    16-nat-deleted               Lab-nat deleted (its route becomes a blackhole); no VPN or Direct Connect link

Moto 5.2.1 deviations corrected here (besides fixturelib's C1-C8; each in correct_dataplane() with a comment):
    D1  a NAT gateway's network interface gets a random address outside its subnet, InterfaceType "interface",
        the default security group, SourceDestCheck true, Status "available", no Attachment and an empty
        Description. AWS gives it an address of its subnet, InterfaceType "nat_gateway", no security group,
        SourceDestCheck false, Status "in-use", an "ela-attach-..." Attachment (DeviceIndex 1, InstanceOwnerId
        "amazon-aws", DeleteOnTermination false, Status "attached"), RequesterManaged true and the Description
        "Interface for NAT Gateway nat-...". The address becomes <subnet>.100, everywhere it appears.
    D2  describe-prefix-lists prints no "Cidrs"; AWS lists the service's address ranges. Those of
        com.amazonaws.us-east-1.s3 and .dynamodb are written as AWS publishes them (ip-ranges.json). Moto also
        lists managed prefix lists (CloudFront, Ground Station, VPC Lattice), which AWS prints in
        describe-managed-prefix-lists, not here: they are left out.
    D3  describe-vpc-endpoints prints no "VpcEndpointType" and "PrivateDnsEnabled": true for a gateway endpoint;
        AWS prints "Gateway" and false.
    D4  modify-vpc-endpoint --add-/--remove-route-table-ids changes RouteTableIds but not the route tables; AWS
        adds (removes) the route DestinationPrefixListId <the service's list> -> the endpoint in each table.
    D5  describe-vpn-connections prints no "Category", "Options", "Routes" or "VgwTelemetry"
        (create-vpn-connection-route is not implemented); AWS prints them. Written in AWS's shape: Options.StaticRoutesOnly true (and the
        tunnel options AWS prints for a default connection), the stage's static routes (Source "static"), and
        one telemetry entry per tunnel (Status UP, or DOWN in 11-vpn-tunnels-down).
    D6  enable-vgw-route-propagation is not implemented; AWS lists "PropagatingVgws" and, in each propagating
        table, the VPN connection's routes with Origin "EnableVgwRoutePropagation". Written for
        09-vpn-propagated-route; every other table gets "PropagatingVgws": [] as AWS prints it.
    D7  routes to a detached virtual private gateway or a deleted NAT gateway stay "active"; AWS shows them as
        "blackhole".
    D8  describe-vpn-gateways prints no "AmazonSideAsn" for a gateway created without one; AWS prints 64512.
    D9  Direct Connect is not emulated (describe-virtual-interfaces answers 500): the Direct Connect outputs are
        written in the shape `aws directconnect describe-virtual-interfaces` (-direct-connect-gateways,
        -direct-connect-gateway-associations) prints, lowerCamelCase keys; empty lists where there is none.
    D10 an instance's own "SourceDestCheck" is not kept in step with its primary interface's after
        modify-network-interface-attribute; AWS reports the primary interface's value.

Cosmetic deviations left as moto prints them: fixturelib's list, moto's account 123456789012, CreationTime
formats, the VPN connection's CustomerGatewayConfiguration (moto's sample with a made-up pre-shared key).
"""
import copy
import ipaddress
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # Queries/, where fixturelib.py is
import fixturelib  # the emulator, the CLI runner, corrections C1-C9, dumping and checking stages, the command line

Fail = fixturelib.Fail

REGION = "us-east-1"
STAGES = ["01-working", "02-nat-no-route", "03-nat-subnet-no-igw-route", "04-nat-acl-blocks-responses",
          "05-fw-source-dest-check-on", "06-fw-sg-blocks-lab-traffic", "07-vpce-not-associated",
          "08-vpce-not-associated-no-nat", "09-vpn-propagated-route", "10-vpn-no-static-route",
          "11-vpn-tunnels-down", "12-vgw-detached", "13-dx-private-vif", "14-dx-vif-down", "15-dx-gateway",
          "16-nat-deleted"]

# command -> the top-level key AWS prints (besides the seed's ten)
EDGE_DESCRIBE = {
    "describe-nat-gateways": "NatGateways",
    "describe-vpc-endpoints": "VpcEndpoints",
    "describe-prefix-lists": "PrefixLists",
    "describe-vpn-gateways": "VpnGateways",
    "describe-vpn-connections": "VpnConnections",
    "describe-customer-gateways": "CustomerGateways",
}
# aws directconnect <command> -> the top-level key (D9: written, not asked of moto)
DIRECT_CONNECT = {
    "describe-virtual-interfaces": "virtualInterfaces",
    "describe-direct-connect-gateways": "directConnectGateways",
    "describe-direct-connect-gateway-associations": "directConnectGatewayAssociations",
}

# AWS's published ranges of the gateway-endpoint services in us-east-1 (ip-ranges.json, services S3 and DYNAMODB)
SERVICE_CIDRS = {
    "com.amazonaws.us-east-1.s3": ["3.5.0.0/19", "16.182.0.0/16", "18.34.0.0/19", "52.216.0.0/15", "54.231.0.0/16"],
    "com.amazonaws.us-east-1.dynamodb": ["3.218.180.0/22", "52.94.0.0/22", "52.119.224.0/20"],
}
ON_PREMISES = "192.168.0.0/16"
ACCOUNT = fixturelib.ACCOUNT_FALLBACK


class Lab:
    """What the script built, and what the corrections need to know about the current stage."""

    def __init__(self):
        self.ids = {}                    # Name -> id
        self.nat_addresses = {}          # NAT gateway id -> the address D1 gives its interface
        self.vpn_routes = [ON_PREMISES]  # D5: the static routes of Lab-vpn at this stage
        self.tunnels_up = True           # D5
        self.propagation = False         # D6
        self.direct_connect = None       # D9: None, "vif", "vif-down", "gateway"


# --------------------------------------------------------------------------- building

def create(aws, lab, name, command, key, id_key, *args, resource=None):
    spec = ["--tag-specifications", fixturelib.tag_spec(resource, name)] if resource else []
    result = aws(REGION, command, *args, *spec)[key]
    lab.ids[name] = result[id_key]
    if not resource:
        aws(REGION, "create-tags", "--resources", result[id_key], "--tags", f"Key=Name,Value={name}")
    return result[id_key]


def subnet(aws, lab, vpc, name, cidr):
    return create(aws, lab, name, "create-subnet", "Subnet", "SubnetId", "--vpc-id", lab.ids[vpc], "--cidr-block", cidr,
                  "--availability-zone", "us-east-1a", resource="subnet")


def route_table(aws, lab, vpc, name, subnet_name=None):
    rtb = create(aws, lab, name, "create-route-table", "RouteTable", "RouteTableId", "--vpc-id", lab.ids[vpc],
                 resource="route-table")
    if subnet_name:
        aws(REGION, "associate-route-table", "--route-table-id", rtb, "--subnet-id", lab.ids[subnet_name])
    return rtb


def route(aws, lab, command, table, cidr, *target):
    args = ["--route-table-id", lab.ids[table], "--destination-cidr-block", cidr]
    if command != "delete-route":
        args += list(target)
    aws(REGION, command, *args)


def group(aws, lab, vpc, name, description, *permissions):
    sg = aws(REGION, "create-security-group", "--group-name", name, "--description", description, "--vpc-id", lab.ids[vpc],
             "--tag-specifications", fixturelib.tag_spec("security-group", name))["GroupId"]
    lab.ids[name] = sg
    if permissions:
        aws(REGION, "authorize-security-group-ingress", "--group-id", sg, "--ip-permissions", *permissions)
    return sg


def launch(aws, lab, name, subnet_name, address, sg, ami):
    inst = aws(REGION, "run-instances", "--image-id", ami, "--instance-type", "t3.micro", "--count", "1",
               "--subnet-id", lab.ids[subnet_name], "--private-ip-address", address, "--security-group-ids", lab.ids[sg],
               "--no-associate-public-ip-address",
               "--tag-specifications", fixturelib.tag_spec("instance", name))["Instances"][0]
    aws(REGION, "wait", "instance-running", "--instance-ids", inst["InstanceId"])
    eni = inst["NetworkInterfaces"][0]["NetworkInterfaceId"]
    aws(REGION, "create-tags", "--resources", eni, "--tags", f"Key=Name,Value={name}-eni")
    lab.ids[name] = inst["InstanceId"]
    lab.ids[f"{name}-eni"] = eni


def elastic_ip(aws, lab, name):
    alloc = aws(REGION, "allocate-address", "--domain", "vpc",
                "--tag-specifications", fixturelib.tag_spec("elastic-ip", name))["AllocationId"]
    lab.ids[name] = alloc
    return alloc


def build_lab(aws, lab):
    ami = fixturelib.pick_ami(aws, REGION)
    for vpc, cidr in (("Lab", "10.20.0.0/16"), ("Partner", "10.30.0.0/16")):
        create(aws, lab, vpc, "create-vpc", "Vpc", "VpcId", "--cidr-block", cidr, resource="vpc")
        main = aws(REGION, "describe-route-tables", "--filters", f"Name=vpc-id,Values={lab.ids[vpc]}",
                   "Name=association.main,Values=true")["RouteTables"][0]["RouteTableId"]
        acl = aws(REGION, "describe-network-acls", "--filters", f"Name=vpc-id,Values={lab.ids[vpc]}",
                  "Name=default,Values=true")["NetworkAcls"][0]["NetworkAclId"]
        for rid, tag in ((main, "rtb-main"), (acl, "acl-default")):
            aws(REGION, "create-tags", "--resources", rid, "--tags", f"Key=Name,Value={vpc}-{tag}")
            lab.ids[f"{vpc}-{tag}"] = rid
    for name, cidr in (("Lab-public", "10.20.0.0/24"), ("Lab-private", "10.20.1.0/24"), ("Lab-firewall", "10.20.2.0/24"),
                       ("Lab-app", "10.20.3.0/24")):
        subnet(aws, lab, "Lab", name, cidr)
    subnet(aws, lab, "Partner", "Partner-subnet", "10.30.0.0/24")

    igw = create(aws, lab, "Lab-igw", "create-internet-gateway", "InternetGateway", "InternetGatewayId",
                 resource="internet-gateway")
    aws(REGION, "attach-internet-gateway", "--internet-gateway-id", igw, "--vpc-id", lab.ids["Lab"])

    group(aws, lab, "Lab", "Lab-app-sg", "The private workload: SSH from on premises, Postgres from Lab-app, ICMP from 10/8",
          f"IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{{CidrIp={ON_PREMISES}}}]",
          "IpProtocol=tcp,FromPort=5432,ToPort=5432,IpRanges=[{CidrIp=10.20.3.0/24}]",
          "IpProtocol=icmp,FromPort=-1,ToPort=-1,IpRanges=[{CidrIp=10.0.0.0/8}]")
    group(aws, lab, "Lab", "Lab-firewall-sg", "The inspection appliance: all of Lab, HTTPS from anywhere",
          "IpProtocol=-1,IpRanges=[{CidrIp=10.20.0.0/16}]",
          "IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=0.0.0.0/0}]")
    group(aws, lab, "Lab", "Lab-server-sg", "The public server behind the appliance: HTTPS from anywhere",
          "IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=0.0.0.0/0}]")
    group(aws, lab, "Partner", "Partner-sg", "ICMP and SSH from 10/8",
          "IpProtocol=icmp,FromPort=-1,ToPort=-1,IpRanges=[{CidrIp=10.0.0.0/8}]",
          "IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=10.0.0.0/8}]")
    launch(aws, lab, "Lab-app-instance", "Lab-private", "10.20.1.10", "Lab-app-sg", ami)
    launch(aws, lab, "Lab-firewall-instance", "Lab-firewall", "10.20.2.10", "Lab-firewall-sg", ami)
    launch(aws, lab, "Lab-server-instance", "Lab-app", "10.20.3.10", "Lab-server-sg", ami)
    launch(aws, lab, "Partner-instance", "Partner-subnet", "10.30.0.10", "Partner-sg", ami)
    aws(REGION, "modify-network-interface-attribute", "--network-interface-id", lab.ids["Lab-firewall-instance-eni"],
        "--no-source-dest-check")
    aws(REGION, "associate-address", "--instance-id", lab.ids["Lab-server-instance"],
        "--allocation-id", elastic_ip(aws, lab, "Lab-server-eip"))

    nat = aws(REGION, "create-nat-gateway", "--subnet-id", lab.ids["Lab-public"], "--allocation-id",
              elastic_ip(aws, lab, "Lab-nat-eip"), "--tag-specifications", fixturelib.tag_spec("natgateway", "Lab-nat"))
    lab.ids["Lab-nat"] = nat["NatGateway"]["NatGatewayId"]
    pcx = create(aws, lab, "Lab-Partner-peering", "create-vpc-peering-connection", "VpcPeeringConnection",
                 "VpcPeeringConnectionId", "--vpc-id", lab.ids["Lab"], "--peer-vpc-id", lab.ids["Partner"],
                 resource="vpc-peering-connection")
    aws(REGION, "accept-vpc-peering-connection", "--vpc-peering-connection-id", pcx)
    vgw = create(aws, lab, "Lab-vgw", "create-vpn-gateway", "VpnGateway", "VpnGatewayId", "--type", "ipsec.1",
                 resource="vpn-gateway")
    aws(REGION, "attach-vpn-gateway", "--vpn-gateway-id", vgw, "--vpc-id", lab.ids["Lab"])
    cgw = create(aws, lab, "Lab-cgw", "create-customer-gateway", "CustomerGateway", "CustomerGatewayId", "--type",
                 "ipsec.1", "--public-ip", "198.51.100.7", "--bgp-asn", "65000", resource="customer-gateway")
    create(aws, lab, "Lab-vpn", "create-vpn-connection", "VpnConnection", "VpnConnectionId", "--type", "ipsec.1",
           "--customer-gateway-id", cgw, "--vpn-gateway-id", vgw, "--options", "StaticRoutesOnly=true",
           resource="vpn-connection")

    # route tables: the public subnet (and the NAT gateway) to the internet; the private workload by the NAT gateway,
    # the S3 endpoint, the VPN and the peering, and to Lab-app through the appliance; the appliance's subnet to the
    # internet; Lab-app through the appliance for everything but Lab itself; the internet gateway's edge table
    # sends what comes in for Lab-app to the appliance
    fw = lab.ids["Lab-firewall-instance-eni"]
    route_table(aws, lab, "Lab", "Lab-rtb-public", "Lab-public")
    route(aws, lab, "create-route", "Lab-rtb-public", "0.0.0.0/0", "--gateway-id", igw)
    route_table(aws, lab, "Lab", "Lab-rtb-private", "Lab-private")
    route(aws, lab, "create-route", "Lab-rtb-private", "0.0.0.0/0", "--nat-gateway-id", lab.ids["Lab-nat"])
    route(aws, lab, "create-route", "Lab-rtb-private", "10.20.3.0/24", "--network-interface-id", fw)
    route(aws, lab, "create-route", "Lab-rtb-private", ON_PREMISES, "--gateway-id", vgw)
    route(aws, lab, "create-route", "Lab-rtb-private", "10.30.0.0/16", "--vpc-peering-connection-id", pcx)
    route_table(aws, lab, "Lab", "Lab-rtb-firewall", "Lab-firewall")
    route(aws, lab, "create-route", "Lab-rtb-firewall", "0.0.0.0/0", "--gateway-id", igw)
    route_table(aws, lab, "Lab", "Lab-rtb-app", "Lab-app")
    route(aws, lab, "create-route", "Lab-rtb-app", "0.0.0.0/0", "--network-interface-id", fw)
    route(aws, lab, "create-route", "Lab-rtb-app", "10.20.1.0/24", "--network-interface-id", fw)
    route_table(aws, lab, "Lab", "Lab-rtb-edge")
    aws(REGION, "associate-route-table", "--route-table-id", lab.ids["Lab-rtb-edge"], "--gateway-id", igw)
    route(aws, lab, "create-route", "Lab-rtb-edge", "10.20.3.0/24", "--network-interface-id", fw)
    route(aws, lab, "create-route", "Partner-rtb-main", "10.20.0.0/16", "--vpc-peering-connection-id", pcx)
    route(aws, lab, "create-route", "Partner-rtb-main", "0.0.0.0/0", "--vpc-peering-connection-id", pcx)
    create(aws, lab, "Lab-s3-endpoint", "create-vpc-endpoint", "VpcEndpoint", "VpcEndpointId", "--vpc-id", lab.ids["Lab"],
           "--vpc-endpoint-type", "Gateway", "--service-name", "com.amazonaws.us-east-1.s3",
           "--route-table-ids", lab.ids["Lab-rtb-private"], resource="vpc-endpoint")


def endpoint_tables(aws, lab, option):
    aws(REGION, "modify-vpc-endpoint", "--vpc-endpoint-id", lab.ids["Lab-s3-endpoint"], option, lab.ids["Lab-rtb-private"])


def stages(aws, lab, dump):
    build_lab(aws, lab)
    dump.stage("01-working")

    route(aws, lab, "delete-route", "Lab-rtb-private", "0.0.0.0/0")
    dump.stage("02-nat-no-route")
    route(aws, lab, "create-route", "Lab-rtb-private", "0.0.0.0/0", "--nat-gateway-id", lab.ids["Lab-nat"])

    route(aws, lab, "delete-route", "Lab-rtb-public", "0.0.0.0/0")
    dump.stage("03-nat-subnet-no-igw-route")
    route(aws, lab, "create-route", "Lab-rtb-public", "0.0.0.0/0", "--gateway-id", lab.ids["Lab-igw"])

    # the public subnet lets in only what Lab sends, HTTPS and SSH: not the internet's answers to the NAT gateway
    acl = create(aws, lab, "Lab-public-acl", "create-network-acl", "NetworkAcl", "NetworkAclId", "--vpc-id", lab.ids["Lab"],
                 resource="network-acl")
    for number, egress, proto, ports, cidr in ((100, False, "-1", None, "10.20.0.0/16"), (110, False, "tcp", "443", "0.0.0.0/0"),
                                               (120, False, "tcp", "22", "0.0.0.0/0"), (100, True, "-1", None, "0.0.0.0/0")):
        args = ["--network-acl-id", acl, "--ingress" if not egress else "--egress", "--rule-number", str(number),
                "--protocol", proto, "--cidr-block", cidr, "--rule-action", "allow"]
        if ports:
            args += ["--port-range", f"From={ports},To={ports}"]
        aws(REGION, "create-network-acl-entry", *args)
    association = public_acl_association(aws, lab)
    aws(REGION, "replace-network-acl-association", "--association-id", association, "--network-acl-id", acl)
    dump.stage("04-nat-acl-blocks-responses")
    aws(REGION, "replace-network-acl-association", "--association-id", public_acl_association(aws, lab),
        "--network-acl-id", lab.ids["Lab-acl-default"])
    aws(REGION, "delete-network-acl", "--network-acl-id", acl)
    del lab.ids["Lab-public-acl"]

    fw = lab.ids["Lab-firewall-instance-eni"]
    aws(REGION, "modify-network-interface-attribute", "--network-interface-id", fw, "--source-dest-check")
    dump.stage("05-fw-source-dest-check-on")
    aws(REGION, "modify-network-interface-attribute", "--network-interface-id", fw, "--no-source-dest-check")

    lab_traffic = "IpProtocol=-1,IpRanges=[{CidrIp=10.20.0.0/16}]"
    aws(REGION, "revoke-security-group-ingress", "--group-id", lab.ids["Lab-firewall-sg"], "--ip-permissions", lab_traffic)
    dump.stage("06-fw-sg-blocks-lab-traffic")
    aws(REGION, "authorize-security-group-ingress", "--group-id", lab.ids["Lab-firewall-sg"], "--ip-permissions", lab_traffic)

    endpoint_tables(aws, lab, "--remove-route-table-ids")
    dump.stage("07-vpce-not-associated")
    route(aws, lab, "delete-route", "Lab-rtb-private", "0.0.0.0/0")
    dump.stage("08-vpce-not-associated-no-nat")
    route(aws, lab, "create-route", "Lab-rtb-private", "0.0.0.0/0", "--nat-gateway-id", lab.ids["Lab-nat"])
    endpoint_tables(aws, lab, "--add-route-table-ids")

    route(aws, lab, "delete-route", "Lab-rtb-private", ON_PREMISES)
    lab.propagation = True
    dump.stage("09-vpn-propagated-route")
    lab.propagation = False
    route(aws, lab, "create-route", "Lab-rtb-private", ON_PREMISES, "--gateway-id", lab.ids["Lab-vgw"])

    lab.vpn_routes = ["172.16.0.0/12"]
    dump.stage("10-vpn-no-static-route")
    lab.vpn_routes = [ON_PREMISES]

    lab.tunnels_up = False
    dump.stage("11-vpn-tunnels-down")
    lab.tunnels_up = True

    aws(REGION, "detach-vpn-gateway", "--vpn-gateway-id", lab.ids["Lab-vgw"], "--vpc-id", lab.ids["Lab"])
    dump.stage("12-vgw-detached")
    aws(REGION, "attach-vpn-gateway", "--vpn-gateway-id", lab.ids["Lab-vgw"], "--vpc-id", lab.ids["Lab"])

    aws(REGION, "delete-vpn-connection", "--vpn-connection-id", lab.ids["Lab-vpn"])
    for state, name in (("vif", "13-dx-private-vif"), ("vif-down", "14-dx-vif-down"), ("gateway", "15-dx-gateway")):
        lab.direct_connect = state
        dump.stage(name)

    lab.direct_connect = None
    aws(REGION, "delete-nat-gateway", "--nat-gateway-id", lab.ids["Lab-nat"])
    dump.stage("16-nat-deleted")


def public_acl_association(aws, lab):
    acls = aws(REGION, "describe-network-acls", "--filters", f"Name=association.subnet-id,Values={lab.ids['Lab-public']}")
    for acl in acls["NetworkAcls"]:
        for association in acl["Associations"]:
            if association.get("SubnetId") == lab.ids["Lab-public"]:
                return association["NetworkAclAssociationId"]
    raise Fail("Lab-public has no network ACL association")


# --------------------------------------------------------------------------- corrections

def correct_dataplane(snap, lab):
    """snap: {command: parsed JSON} of one stage (the seed's outputs already corrected); returns it corrected."""
    subnets = {s["SubnetId"]: s for s in snap["describe-subnets"]["Subnets"]}

    # D1: moto gives a NAT gateway's interface a random address outside its subnet and describes it as an
    # ordinary interface. AWS takes an address of the subnet and describes the interface as the NAT gateway's.
    for nat in snap["describe-nat-gateways"]["NatGateways"]:
        wanted = lab.nat_addresses.setdefault(
            nat["NatGatewayId"], str(ipaddress.ip_network(subnets[nat["SubnetId"]]["CidrBlock"]).network_address + 100))
        for address in nat["NatGatewayAddresses"]:
            moto_ip = address.get("PrivateIp")
            if moto_ip and moto_ip != wanted:
                snap = fixturelib.replace_strings(snap, moto_ip, wanted)
                snap = fixturelib.replace_strings(snap, moto_ip.replace(".", "-"), wanted.replace(".", "-"))
    for nat in snap["describe-nat-gateways"]["NatGateways"]:
        for address in nat["NatGatewayAddresses"]:
            address.setdefault("IsPrimary", True)
            address.setdefault("Status", "succeeded" if nat["State"] != "deleted" else "disassociated")
            for eni in snap["describe-network-interfaces"]["NetworkInterfaces"]:
                if eni["NetworkInterfaceId"] != address.get("NetworkInterfaceId"):
                    continue
                eni.update({"InterfaceType": "nat_gateway", "Groups": [], "SourceDestCheck": False, "Status": "in-use",
                            "RequesterManaged": True, "Description": f"Interface for NAT Gateway {nat['NatGatewayId']}",
                            "Attachment": {"AttachmentId": "ela-attach-" + eni["NetworkInterfaceId"][4:12],
                                           "DeleteOnTermination": False, "DeviceIndex": 1,
                                           "InstanceOwnerId": "amazon-aws", "Status": "attached"}})
    if any(n["State"] == "deleted" for n in snap["describe-nat-gateways"]["NatGateways"]):
        # a deleted NAT gateway's interface and Elastic IP association are gone
        gone = {a.get("NetworkInterfaceId") for n in snap["describe-nat-gateways"]["NatGateways"] if n["State"] == "deleted"
                for a in n["NatGatewayAddresses"]}
        snap["describe-network-interfaces"]["NetworkInterfaces"] = [
            e for e in snap["describe-network-interfaces"]["NetworkInterfaces"] if e["NetworkInterfaceId"] not in gone]
        for address in snap["describe-addresses"]["Addresses"]:
            if address.get("NetworkInterfaceId") in gone:
                for key in ("AssociationId", "NetworkInterfaceId", "NetworkInterfaceOwnerId", "PrivateIpAddress", "InstanceId"):
                    address.pop(key, None)

    # D2: describe-prefix-lists prints no Cidrs; AWS lists each service's ranges.
    for prefix_list in snap["describe-prefix-lists"]["PrefixLists"]:
        if prefix_list["PrefixListName"] in SERVICE_CIDRS:
            prefix_list["Cidrs"] = SERVICE_CIDRS[prefix_list["PrefixListName"]]
    snap["describe-prefix-lists"]["PrefixLists"] = [p for p in snap["describe-prefix-lists"]["PrefixLists"] if "Cidrs" in p]

    # D3: gateway endpoints: VpcEndpointType "Gateway", PrivateDnsEnabled false.
    for endpoint in snap["describe-vpc-endpoints"]["VpcEndpoints"]:
        endpoint.setdefault("VpcEndpointType", "Gateway")
        if endpoint["VpcEndpointType"] == "Gateway":
            endpoint["PrivateDnsEnabled"] = False

    # D4: the route tables of a gateway endpoint have its route, the others do not.
    lists = {p["PrefixListName"]: p["PrefixListId"] for p in snap["describe-prefix-lists"]["PrefixLists"]}
    for endpoint in snap["describe-vpc-endpoints"]["VpcEndpoints"]:
        served = set(endpoint["RouteTableIds"])
        for table in snap["describe-route-tables"]["RouteTables"]:
            routes = [r for r in table["Routes"] if r.get("GatewayId") != endpoint["VpcEndpointId"]]
            if table["RouteTableId"] in served:
                routes.append(fixturelib.ordered({"DestinationPrefixListId": lists[endpoint["ServiceName"]],
                                            "GatewayId": endpoint["VpcEndpointId"], "Origin": "CreateRoute",
                                            "State": "active"}, "Route"))
            table["Routes"] = routes

    # D5: VPN connections in AWS's shape: options, static routes, tunnel telemetry.
    for connection in snap["describe-vpn-connections"]["VpnConnections"]:
        deleted = connection["State"] == "deleted"
        connection["Category"] = "VPN"
        connection["Options"] = {"EnableAcceleration": False, "StaticRoutesOnly": True,
                                 "LocalIpv4NetworkCidr": "0.0.0.0/0", "RemoteIpv4NetworkCidr": "0.0.0.0/0",
                                 "OutsideIpAddressType": "PublicIpv4", "TunnelInsideIpVersion": "ipv4"}
        connection["Routes"] = [{"DestinationCidrBlock": cidr, "Source": "static", "State": "deleted" if deleted else "available"}
                                for cidr in lab.vpn_routes]
        status = "UP" if lab.tunnels_up and not deleted else "DOWN"
        connection["VgwTelemetry"] = [
            {"AcceptedRouteCount": 0, "LastStatusChange": "2026-11-21T09:00:00.000Z", "OutsideIpAddress": outside,
             "Status": status, "StatusMessage": "" if status == "UP" else "IPSEC IS DOWN"}
            for outside in ("52.2.144.13", "52.2.144.14")]

    # D6: route propagation from the virtual private gateway, and PropagatingVgws as AWS prints it.
    for table in snap["describe-route-tables"]["RouteTables"]:
        table["PropagatingVgws"] = []
        if lab.propagation and table["RouteTableId"] == lab.ids["Lab-rtb-private"]:
            table["PropagatingVgws"] = [{"GatewayId": lab.ids["Lab-vgw"]}]
            for cidr in lab.vpn_routes:
                table["Routes"].append(fixturelib.ordered({"DestinationCidrBlock": cidr, "GatewayId": lab.ids["Lab-vgw"],
                                                     "Origin": "EnableVgwRoutePropagation", "State": "active"}, "Route"))

    # D7: routes to a detached virtual private gateway or a deleted NAT gateway are blackholes.
    detached = {g["VpnGatewayId"] for g in snap["describe-vpn-gateways"]["VpnGateways"]
                if not any(a["State"] == "attached" for a in g["VpcAttachments"])}
    deleted = {n["NatGatewayId"] for n in snap["describe-nat-gateways"]["NatGateways"] if n["State"] == "deleted"}
    for table in snap["describe-route-tables"]["RouteTables"]:
        for entry in table["Routes"]:
            if entry.get("GatewayId") in detached or entry.get("NatGatewayId") in deleted:
                entry["State"] = "blackhole"

    # D8: AmazonSideAsn 64512 (AWS's default).
    for gateway in snap["describe-vpn-gateways"]["VpnGateways"]:
        gateway.setdefault("AmazonSideAsn", 64512)

    # D10: an instance's SourceDestCheck is its primary interface's.
    checks = {e["NetworkInterfaceId"]: e["SourceDestCheck"] for e in snap["describe-network-interfaces"]["NetworkInterfaces"]}
    for instance in fixturelib.instances(snap):
        for eni in instance.get("NetworkInterfaces", []):
            if eni["NetworkInterfaceId"] in checks:
                eni["SourceDestCheck"] = checks[eni["NetworkInterfaceId"]]
                if eni.get("Attachment", {}).get("DeviceIndex") == 0:
                    instance["SourceDestCheck"] = checks[eni["NetworkInterfaceId"]]

    # D9: Direct Connect, written in the shape `aws directconnect` prints.
    snap.update(direct_connect(lab))
    return snap


def direct_connect(lab):
    dxgw = "5f2d8a1c-3b4e-4f6a-9c7d-2e1b0a9f8d7c"
    interfaces, gateways, associations = [], [], []
    if lab.direct_connect:
        on_gateway = lab.direct_connect == "gateway"
        state = "down" if lab.direct_connect == "vif-down" else "available"
        interface = {
            "ownerAccount": ACCOUNT, "virtualInterfaceId": "dxvif-ffg1a2b3", "location": "EqDC2",
            "connectionId": "dxcon-fg5a6b7c", "virtualInterfaceType": "private", "virtualInterfaceName": "Lab-dx-vif",
            "vlan": 101, "asn": 65000, "amazonSideAsn": 64512, "authKey": "", "amazonAddress": "169.254.255.1/30",
            "customerAddress": "169.254.255.2/30", "addressFamily": "ipv4", "virtualInterfaceState": state,
            "customerRouterConfig": "", "mtu": 1500, "jumboFrameCapable": False,
            "virtualGatewayId": "" if on_gateway else lab.ids["Lab-vgw"], "directConnectGatewayId": dxgw if on_gateway else "",
            "routeFilterPrefixes": [],
            "bgpPeers": [{"bgpPeerId": "dxpeer-fg1h2i3j", "asn": 65000, "authKey": "", "addressFamily": "ipv4",
                          "amazonAddress": "169.254.255.1/30", "customerAddress": "169.254.255.2/30",
                          "bgpPeerState": "available", "bgpStatus": "down" if state == "down" else "up",
                          "awsDeviceV2": "EqDC2-123h49s71dabc"}],
            "region": REGION, "awsDeviceV2": "EqDC2-123h49s71dabc", "tags": [{"key": "Name", "value": "Lab-dx-vif"}]}
        interfaces.append(interface)
        if on_gateway:
            gateways.append({"directConnectGatewayId": dxgw, "directConnectGatewayName": "Lab-dxgw", "amazonSideAsn": 64512,
                             "ownerAccount": ACCOUNT, "directConnectGatewayState": "available"})
            associations.append({"directConnectGatewayId": dxgw, "directConnectGatewayOwnerAccount": ACCOUNT,
                                 "associationState": "associated",
                                 "associatedGateway": {"id": lab.ids["Lab-vgw"], "type": "virtualPrivateGateway",
                                                       "ownerAccount": ACCOUNT, "region": REGION},
                                 "associationId": "2d4f6a8c-1e3b-4d5f-8a7c-9b0e1f2a3b4c",
                                 "allowedPrefixesToDirectConnectGateway": [{"cidr": "10.20.0.0/16"}],
                                 "virtualGatewayId": lab.ids["Lab-vgw"], "virtualGatewayRegion": REGION,
                                 "virtualGatewayOwnerAccount": ACCOUNT})
    return {"describe-virtual-interfaces": {"virtualInterfaces": interfaces},
            "describe-direct-connect-gateways": {"directConnectGateways": gateways},
            "describe-direct-connect-gateway-associations": {"directConnectGatewayAssociations": associations}}


# --------------------------------------------------------------------------- checks

def load_stage(folder):
    return fixturelib.load_stage(folder, dict(list(fixturelib.DESCRIBE.items()) + list(EDGE_DESCRIBE.items()) + list(DIRECT_CONNECT.items())))


def routes_of(snap, table):
    rtb = fixturelib.named(snap["describe-route-tables"]["RouteTables"], table)
    return {(r.get("DestinationCidrBlock") or r.get("DestinationPrefixListId")):
            (r.get("GatewayId") or r.get("NatGatewayId") or r.get("NetworkInterfaceId") or r.get("VpcPeeringConnectionId"),
             r["State"], r["Origin"]) for r in rtb["Routes"]}


def check_stage(stage, snap):
    where = stage
    named, k = fixturelib.named, STAGES.index(stage)
    ids = {}
    for key, items in (("describe-vpcs", "Vpcs"), ("describe-subnets", "Subnets"), ("describe-internet-gateways", "InternetGateways"),
                       ("describe-vpn-gateways", "VpnGateways"), ("describe-vpc-endpoints", "VpcEndpoints")):
        for item in snap[key][items]:
            for tag in item.get("Tags") or []:
                if tag["Key"] == "Name":
                    ids[tag["Value"]] = item
    lab, igw, vgw = ids["Lab"]["VpcId"], ids["Lab-igw"]["InternetGatewayId"], ids["Lab-vgw"]["VpnGatewayId"]
    (nat,) = snap["describe-nat-gateways"]["NatGateways"]
    assert named([nat], "Lab-nat") is nat and nat["State"] == ("deleted" if stage == "16-nat-deleted" else "available"), where
    nat_id = nat["NatGatewayId"]
    (address,) = nat["NatGatewayAddresses"]
    assert address["PrivateIp"] == "10.20.0.100" and ipaddress.ip_address(address["PublicIp"]).is_global, f"{where}: D1/C7"
    nat_enis = [e for e in snap["describe-network-interfaces"]["NetworkInterfaces"] if e.get("InterfaceType") == "nat_gateway"]
    if nat["State"] == "available":
        (eni,) = nat_enis
        assert eni["NetworkInterfaceId"] == address["NetworkInterfaceId"] and eni["PrivateIpAddress"] == "10.20.0.100", where
        assert not eni["Groups"] and eni["SourceDestCheck"] is False and eni["Status"] == "in-use", f"{where}: D1"
        assert eni["PrivateIpAddresses"][0]["Association"]["PublicIp"] == address["PublicIp"], f"{where}: C6"
    else:
        assert not nat_enis, where

    fw = named(fixturelib.instances(snap), "Lab-firewall-instance")
    fw_eni = named(snap["describe-network-interfaces"]["NetworkInterfaces"], "Lab-firewall-instance-eni")
    assert fw_eni["SourceDestCheck"] is (k == 4) and fw["SourceDestCheck"] is (k == 4), f"{where}: source/dest check"
    server = named(fixturelib.instances(snap), "Lab-server-instance")
    assert ipaddress.ip_address(server["PublicIpAddress"]).is_global and server["PrivateIpAddress"] == "10.20.3.10", where
    for name, ip in (("Lab-app-instance", "10.20.1.10"), ("Lab-firewall-instance", "10.20.2.10"), ("Partner-instance", "10.30.0.10")):
        inst = named(fixturelib.instances(snap), name)
        assert inst["State"]["Name"] == "running" and inst["PrivateIpAddress"] == ip and "PublicIpAddress" not in inst, where

    fw_sg = named(snap["describe-security-groups"]["SecurityGroups"], "Lab-firewall-sg")
    https = any(p["IpProtocol"] == "tcp" and p.get("FromPort") == 443 for p in fw_sg["IpPermissions"])
    lab_traffic = any(p["IpProtocol"] == "-1" and p["IpRanges"] == [{"CidrIp": "10.20.0.0/16"}] for p in fw_sg["IpPermissions"])
    assert https and lab_traffic is (k != 5), f"{where}: Lab-firewall-sg"

    prefix_lists = {p["PrefixListName"]: p for p in snap["describe-prefix-lists"]["PrefixLists"]}
    s3 = prefix_lists["com.amazonaws.us-east-1.s3"]
    assert s3["Cidrs"] == SERVICE_CIDRS["com.amazonaws.us-east-1.s3"], f"{where}: D2"
    endpoint = ids["Lab-s3-endpoint"]
    assert endpoint["VpcEndpointType"] == "Gateway" and endpoint["State"] == "available", f"{where}: D3"
    associated = k not in (6, 7)
    assert endpoint["RouteTableIds"] == ([named(snap["describe-route-tables"]["RouteTables"], "Lab-rtb-private")["RouteTableId"]]
                                         if associated else []), where

    private = routes_of(snap, "Lab-rtb-private")
    nat_route = private.get("0.0.0.0/0")
    if k in (1, 7):
        assert nat_route is None, f"{where}: Lab-rtb-private default route"
    else:
        assert nat_route == (nat_id, "blackhole" if k == 15 else "active", "CreateRoute"), f"{where}: D7 {nat_route}"
    assert (private.get(s3["PrefixListId"]) == (endpoint["VpcEndpointId"], "active", "CreateRoute")) is associated, f"{where}: D4"
    vpn_route = private.get(ON_PREMISES)
    if k == 8:
        assert vpn_route == (vgw, "active", "EnableVgwRoutePropagation"), f"{where}: D6"
    else:
        assert vpn_route == (vgw, "blackhole" if k == 11 else "active", "CreateRoute"), f"{where}: D7 {vpn_route}"
    assert private["10.20.3.0/24"][0] == fw_eni["NetworkInterfaceId"], where
    public = routes_of(snap, "Lab-rtb-public")
    assert (public.get("0.0.0.0/0") == (igw, "active", "CreateRoute")) is (k != 2), f"{where}: Lab-rtb-public"
    edge = named(snap["describe-route-tables"]["RouteTables"], "Lab-rtb-edge")
    assert [a.get("GatewayId") for a in edge["Associations"]] == [igw], f"{where}: edge association"
    assert routes_of(snap, "Lab-rtb-edge")["10.20.3.0/24"][0] == fw_eni["NetworkInterfaceId"], where
    partner = routes_of(snap, "Partner-rtb-main")
    assert partner["0.0.0.0/0"][0].startswith("pcx-") and partner["10.20.0.0/16"][0].startswith("pcx-"), where

    acl_subnets = {s: a for a in snap["describe-network-acls"]["NetworkAcls"] for s in (x["SubnetId"] for x in a["Associations"])}
    public_acl = acl_subnets[ids["Lab-public"]["SubnetId"]]
    assert (named([public_acl], "Lab-public-acl") is public_acl) if k == 3 else public_acl["IsDefault"], f"{where}: Lab-public ACL"

    attachment = ids["Lab-vgw"]["VpcAttachments"]
    assert attachment == [{"VpcId": lab, "State": "detached" if k == 11 else "attached"}], f"{where}: {attachment}"
    (connection,) = snap["describe-vpn-connections"]["VpnConnections"]
    assert connection["State"] == ("deleted" if k >= 12 else "available"), where
    assert [r["DestinationCidrBlock"] for r in connection["Routes"]] == (["172.16.0.0/12"] if k == 9 else [ON_PREMISES]), f"{where}: D5"
    assert {t["Status"] for t in connection["VgwTelemetry"]} == ({"DOWN"} if k == 10 or k >= 12 else {"UP"}), f"{where}: D5"
    vifs = snap["describe-virtual-interfaces"]["virtualInterfaces"]
    assert len(vifs) == (1 if 12 <= k <= 14 else 0), f"{where}: D9"
    if vifs:
        assert vifs[0]["virtualInterfaceState"] == ("down" if k == 13 else "available"), where
        assert bool(vifs[0]["directConnectGatewayId"]) is (k == 14), where
    assert len(snap["describe-direct-connect-gateway-associations"]["directConnectGatewayAssociations"]) == (1 if k == 14 else 0), where
    text = json.dumps(snap)
    assert '"127.' not in text and "-127-" not in text, f"{where}: loopback public address left (C7)"


def check_tree(root):
    fixturelib.check_stages(root, STAGES, load_stage, check_stage)


# --------------------------------------------------------------------------- main

def main():
    def labs(aws, out, raw):
        lab = Lab()
        dump = fixturelib.StageDumper(aws, out, raw, fixturelib.Run(), REGION, EDGE_DESCRIBE,
                                      lambda snap: correct_dataplane(snap, lab))
        return [(None, lambda: stages(aws, lab, dump))]
    fixturelib.build_main(__doc__, "pathproof-dataplane-", HERE, STAGES, check_tree, labs)


if __name__ == "__main__":
    fixturelib.run_cli(main)
