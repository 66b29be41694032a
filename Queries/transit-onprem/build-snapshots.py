#!/usr/bin/env python3
"""Regenerate PathProof's on-premises-through-a-transit-gateway fixtures (Queries/transit-onprem/<stage>/*.json).

What it does
    Builds the hub of Queries/transit (Hub-A, Hub-B, Hub-C attached to Hub-tgw, one route table Hub-tgw-rtb; the
    transit builder's own functions and corrections T1-T7 are used as they are), then joins on premises to the hub:
    a customer gateway (Onprem-cgw, 198.51.100.7, BGP ASN 65000) and a Site-to-Site VPN connection to Hub-tgw
    (Onprem-vpn, static routing), whose transit gateway attachment (Onprem-vpn-attachment) is associated with
    Hub-tgw-rtb; a static route 192.168.0.0/16 -> Onprem-vpn-attachment in Hub-tgw-rtb; a route 192.168.0.0/16 ->
    Hub-tgw in every hub VPC's route table; Hub-A-sg also admits tcp/22 from 192.168.0.0/16 and 172.16.0.0/12.
    Then one defect per stage (the previous one mended), with the real AWS CLI (`aws ec2 ...`) against moto's EC2
    emulator on 127.0.0.1, as the other builders do (Queries/fixturelib.py). The tests only read the committed JSON.

Usage
    Queries/transit-onprem/build-snapshots.py            # rebuild every stage folder next to this script
    Queries/transit-onprem/build-snapshots.py --check    # only check the committed folders (no moto needed)
    Queries/transit-onprem/build-snapshots.py --raw DIR  # also keep moto's uncorrected dumps in DIR
    Queries/transit-onprem/build-snapshots.py --out DIR  # write the stage folders into DIR instead

Stages (us-east-1)                                              expected reachability: see README.md
    01-vpn-working        on premises (192.168.0.0/16) <-> Hub-A-instance by Onprem-vpn, both ways
    02-vpn-tunnels-down   both tunnels of Onprem-vpn DOWN (VgwTelemetry; no call changes it: written, O2)
    03-no-tgw-route       tunnels up; the static route 192.168.0.0/16 -> Onprem-vpn-attachment deleted
    04-no-vpc-route       route back; Hub-A-rtb loses 192.168.0.0/16 -> Hub-tgw
    05-dx-attachment      route back; a Direct Connect gateway (Onprem-dxgw) associated with Hub-tgw (allowed
                          prefixes: the three hub VPCs' blocks), a transit virtual interface on it (BGP up), its
                          attachment Onprem-dx-attachment associated with Hub-tgw-rtb and propagating into it, and
                          172.16.0.0/12 learned over BGP (a propagated route in search-transit-gateway-routes);
                          Hub-A-rtb routes 172.16.0.0/12 -> Hub-tgw (written, O3)

Moto 5.2.1 deviations corrected here (besides fixturelib's C1-C9 and the transit builder's T1-T7):
    O1  describe-vpn-connections prints no "Category", "Options", "Routes" or "VgwTelemetry"; AWS prints them.
        Written in AWS's shape: Options.StaticRoutesOnly true, no static routes (a connection to a transit
        gateway has its routes in the transit gateway route table, not in the connection), two tunnels UP.
    O2  (not moto's: a tunnel's state is not set by a call) 02-vpn-tunnels-down: both tunnels DOWN, "IPSEC IS DOWN".
    O3  Direct Connect is not emulated (moto answers 500), nor are Direct Connect gateway attachments of a
        transit gateway: 05-dx-attachment's `aws directconnect describe-direct-connect-gateways`,
        `describe-direct-connect-gateway-associations` and `describe-virtual-interfaces` outputs are written in
        their lowerCamelCase shape, the attachment (ResourceType "direct-connect-gateway", ResourceId the Direct
        Connect gateway's id) in describe-transit-gateway-attachments, its association and propagation in the
        route table's per-table outputs, and the BGP route 172.16.0.0/12 it propagates in
        search-transit-gateway-routes (Type "propagated", ResourceType "direct-connect-gateway"); Hub-A-rtb's
        route 172.16.0.0/12 -> Hub-tgw is added by create-route.
    O4  the VPN attachment has no "Association" in describe-transit-gateway-attachments: T5 of the transit
        builder writes it from get-transit-gateway-route-table-associations (moto's are right).
    O5  describe-transit-gateway-vpc-attachments lists the VPN attachment too (without SubnetIds); AWS lists VPC
        attachments only. Left out.
"""
import importlib.util
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # Queries/, where fixturelib.py is
import fixturelib  # noqa: E402

_spec = importlib.util.spec_from_file_location("transit_builder", HERE.parent / "transit" / "build-snapshots.py")
transit = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(transit)

Fail = fixturelib.Fail
REGION = transit.REGION
STAGES = ["01-vpn-working", "02-vpn-tunnels-down", "03-no-tgw-route", "04-no-vpc-route", "05-dx-attachment"]
ONPREM = "192.168.0.0/16"
DX_ONPREM = "172.16.0.0/12"
DXGW = "8a3e5c7d-2f4b-4e6a-9d1c-3b5e7f9a1c2d"
DX_ATTACHMENT = "tgw-attach-0d5c4b3a29181716f"
DESCRIBE = dict(transit.TRANSIT_DESCRIBE, **{"describe-vpn-connections": "VpnConnections",
                                            "describe-customer-gateways": "CustomerGateways"})
DIRECT_CONNECT = {"describe-direct-connect-gateways": "directConnectGateways",
                  "describe-direct-connect-gateway-associations": "directConnectGatewayAssociations",
                  "describe-virtual-interfaces": "virtualInterfaces"}


class Lab(transit.Hub):
    def __init__(self):
        super().__init__()
        self.stage = None


def build(aws, lab):
    transit.build_hub(aws, lab)
    sg = lab.ids["Hub-A-sg"]
    aws(REGION, "authorize-security-group-ingress", "--group-id", sg, "--ip-permissions",
        f"IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{{CidrIp={ONPREM}}},{{CidrIp={DX_ONPREM}}}]")
    cgw = aws(REGION, "create-customer-gateway", "--type", "ipsec.1", "--public-ip", "198.51.100.7", "--bgp-asn", "65000",
              "--tag-specifications", fixturelib.tag_spec("customer-gateway", "Onprem-cgw"))["CustomerGateway"]["CustomerGatewayId"]
    vpn = aws(REGION, "create-vpn-connection", "--type", "ipsec.1", "--customer-gateway-id", cgw,
              "--transit-gateway-id", lab.ids["Hub-tgw"], "--options", "StaticRoutesOnly=true",
              "--tag-specifications", fixturelib.tag_spec("vpn-connection", "Onprem-vpn"))["VpnConnection"]["VpnConnectionId"]
    lab.ids.update({"Onprem-cgw": cgw, "Onprem-vpn": vpn})
    (att,) = aws(REGION, "describe-transit-gateway-attachments", "--filters",
                 f"Name=resource-id,Values={vpn}")["TransitGatewayAttachments"]
    att = att["TransitGatewayAttachmentId"]
    aws(REGION, "create-tags", "--resources", att, "--tags", "Key=Name,Value=Onprem-vpn-attachment")
    lab.ids["Onprem-vpn-attachment"] = att
    lab.attachment_tags[att] = [{"Key": "Name", "Value": "Onprem-vpn-attachment"}]
    aws(REGION, "associate-transit-gateway-route-table", "--transit-gateway-route-table-id", lab.ids["Hub-tgw-rtb"],
        "--transit-gateway-attachment-id", att)
    tgw_route(aws, lab, "create-transit-gateway-route")
    for letter in transit.VPCS:
        vpc_route(aws, lab, "create-route", letter, ONPREM)


def tgw_route(aws, lab, command):
    args = ["--transit-gateway-route-table-id", lab.ids["Hub-tgw-rtb"], "--destination-cidr-block", ONPREM]
    if command == "create-transit-gateway-route":
        args += ["--transit-gateway-attachment-id", lab.ids["Onprem-vpn-attachment"]]
        lab.static_routes[(lab.ids["Hub-tgw-rtb"], ONPREM)] = lab.ids["Onprem-vpn-attachment"]
    aws(REGION, command, *args)


def vpc_route(aws, lab, command, letter, cidr):
    args = ["--route-table-id", lab.ids[f"Hub-{letter}-rtb"], "--destination-cidr-block", cidr]
    if command == "create-route":
        args += ["--transit-gateway-id", lab.ids["Hub-tgw"]]
    aws(REGION, command, *args)


def stages(aws, lab, dump):
    build(aws, lab)
    lab.stage = "01-vpn-working"
    dump.stage(lab.stage)

    lab.stage = "02-vpn-tunnels-down"  # O2
    dump.stage(lab.stage)

    lab.stage = "03-no-tgw-route"
    tgw_route(aws, lab, "delete-transit-gateway-route")
    lab.static_routes.pop((lab.ids["Hub-tgw-rtb"], ONPREM), None)
    dump.stage(lab.stage)

    lab.stage = "04-no-vpc-route"
    tgw_route(aws, lab, "create-transit-gateway-route")
    vpc_route(aws, lab, "delete-route", "A", ONPREM)
    dump.stage(lab.stage)

    lab.stage = "05-dx-attachment"
    vpc_route(aws, lab, "create-route", "A", ONPREM)
    vpc_route(aws, lab, "create-route", "A", DX_ONPREM)
    dump.stage(lab.stage)


# --------------------------------------------------------------------------- corrections

def correct(snap, lab, account):
    # O5: describe-transit-gateway-vpc-attachments lists only VPC attachments in AWS; moto lists the VPN one too.
    vpc_attachments = snap["describe-transit-gateway-vpc-attachments"]["TransitGatewayVpcAttachments"]
    vpc_attachments[:] = [a for a in vpc_attachments if a.get("ResourceType", "vpc") == "vpc" and "VpcId" in a]
    snap = transit.correct_transit(snap, lab, account)
    # O1: VPN connections in AWS's shape; O2: the tunnels of 02 DOWN.
    down = lab.stage == "02-vpn-tunnels-down"
    for connection in snap["describe-vpn-connections"]["VpnConnections"]:
        connection["Category"] = "VPN"
        connection["Options"] = {"EnableAcceleration": False, "StaticRoutesOnly": True,
                                 "LocalIpv4NetworkCidr": "0.0.0.0/0", "RemoteIpv4NetworkCidr": "0.0.0.0/0",
                                 "OutsideIpAddressType": "PublicIpv4", "TunnelInsideIpVersion": "ipv4"}
        connection["Routes"] = []
        connection["VgwTelemetry"] = [
            {"AcceptedRouteCount": 0, "LastStatusChange": "2026-12-01T09:00:00.000Z", "OutsideIpAddress": outside,
             "Status": "DOWN" if down else "UP", "StatusMessage": "IPSEC IS DOWN" if down else ""}
            for outside in ("52.3.144.13", "52.3.144.14")]
    # O3: Direct Connect in 05.
    dx = lab.stage == "05-dx-attachment"
    table = lab.ids["Hub-tgw-rtb"]
    snap.update({cmd: {key: []} for cmd, key in DIRECT_CONNECT.items()})
    if dx:
        snap["describe-direct-connect-gateways"]["directConnectGateways"] = [{
            "directConnectGatewayId": DXGW, "directConnectGatewayName": "Onprem-dxgw", "amazonSideAsn": 64512,
            "ownerAccount": account, "directConnectGatewayState": "available"}]
        snap["describe-direct-connect-gateway-associations"]["directConnectGatewayAssociations"] = [{
            "directConnectGatewayId": DXGW, "directConnectGatewayOwnerAccount": account, "associationState": "associated",
            "associatedGateway": {"id": lab.ids["Hub-tgw"], "type": "transitGateway", "ownerAccount": account, "region": REGION},
            "associationId": "6b8d0f2a-4c6e-4a8b-9d0f-2a4c6e8a0b2d",
            "allowedPrefixesToDirectConnectGateway": [{"cidr": f"{p}.0.0/16"} for p, _ in transit.VPCS.values()]}]
        snap["describe-virtual-interfaces"]["virtualInterfaces"] = [{
            "ownerAccount": account, "virtualInterfaceId": "dxvif-ffh2b3c4", "location": "EqDC2",
            "connectionId": "dxcon-fh6b7c8d", "virtualInterfaceType": "transit", "virtualInterfaceName": "Onprem-dx-vif",
            "vlan": 102, "asn": 65000, "amazonSideAsn": 64512, "authKey": "", "amazonAddress": "169.254.254.1/30",
            "customerAddress": "169.254.254.2/30", "addressFamily": "ipv4", "virtualInterfaceState": "available",
            "customerRouterConfig": "", "mtu": 8500, "jumboFrameCapable": True, "virtualGatewayId": "",
            "directConnectGatewayId": DXGW, "routeFilterPrefixes": [],
            "bgpPeers": [{"bgpPeerId": "dxpeer-fh2i3j4k", "asn": 65000, "authKey": "", "addressFamily": "ipv4",
                          "amazonAddress": "169.254.254.1/30", "customerAddress": "169.254.254.2/30",
                          "bgpPeerState": "available", "bgpStatus": "up", "awsDeviceV2": "EqDC2-123h49s71dabc"}],
            "region": REGION, "awsDeviceV2": "EqDC2-123h49s71dabc", "tags": [{"key": "Name", "value": "Onprem-dx-vif"}]}]
        snap["describe-transit-gateway-attachments"]["TransitGatewayAttachments"].append({
            "TransitGatewayAttachmentId": DX_ATTACHMENT, "TransitGatewayId": lab.ids["Hub-tgw"], "TransitGatewayOwnerId": account,
            "ResourceOwnerId": account, "ResourceType": "direct-connect-gateway", "ResourceId": DXGW, "State": "available",
            "Association": {"TransitGatewayRouteTableId": table, "State": "associated"},
            "CreationTime": "2026-12-01T09:00:00+00:00", "Tags": [{"Key": "Name", "Value": "Onprem-dx-attachment"}]})
        snap[f"get-transit-gateway-route-table-associations-{table}"]["Associations"].append({
            "TransitGatewayAttachmentId": DX_ATTACHMENT, "ResourceId": DXGW, "ResourceType": "direct-connect-gateway",
            "State": "associated"})
        snap[f"get-transit-gateway-route-table-propagations-{table}"]["TransitGatewayRouteTablePropagations"].append({
            "TransitGatewayAttachmentId": DX_ATTACHMENT, "ResourceId": DXGW, "ResourceType": "direct-connect-gateway",
            "State": "enabled"})
        snap[f"search-transit-gateway-routes-{table}"]["Routes"].append({
            "DestinationCidrBlock": DX_ONPREM,
            "TransitGatewayAttachments": [{"ResourceId": DXGW, "TransitGatewayAttachmentId": DX_ATTACHMENT,
                                           "ResourceType": "direct-connect-gateway"}],
            "Type": "propagated", "State": "active"})
    return snap


# --------------------------------------------------------------------------- checks

def load_stage(folder):
    return fixturelib.load_stage(folder, dict(list(fixturelib.DESCRIBE.items()) + list(DESCRIBE.items()) + list(DIRECT_CONNECT.items())))


def check_stage(stage, snap):
    where, k, named = stage, STAGES.index(stage), fixturelib.named
    (tgw,) = snap["describe-transit-gateways"]["TransitGateways"]
    (table,) = snap["describe-transit-gateway-route-tables"]["TransitGatewayRouteTables"]
    tid = table["TransitGatewayRouteTableId"]
    (connection,) = snap["describe-vpn-connections"]["VpnConnections"]
    assert named([connection], "Onprem-vpn") and connection["TransitGatewayId"] == tgw["TransitGatewayId"], where
    assert connection["State"] == "available" and "VpnGatewayId" not in connection, where
    assert {t["Status"] for t in connection["VgwTelemetry"]} == ({"DOWN"} if k == 1 else {"UP"}), f"{where}: O2"
    attachments = snap["describe-transit-gateway-attachments"]["TransitGatewayAttachments"]
    vpn = named(attachments, "Onprem-vpn-attachment")
    assert vpn["ResourceType"] == "vpn" and vpn["ResourceId"] == connection["VpnConnectionId"], where
    assert vpn.get("Association", {}).get("TransitGatewayRouteTableId") == tid, f"{where}: O4"
    routes = {(r["DestinationCidrBlock"], r["Type"], tuple(a["TransitGatewayAttachmentId"] for a in r.get("TransitGatewayAttachments", [])))
              for r in snap[f"search-transit-gateway-routes-{tid}"]["Routes"]}
    assert ((ONPREM, "static", (vpn["TransitGatewayAttachmentId"],)) in routes) == (k != 2), f"{where}: routes {routes}"
    assert ((DX_ONPREM, "propagated", (DX_ATTACHMENT,)) in routes) == (k == 4), f"{where}: routes {routes}"
    assert (DX_ATTACHMENT in [a["TransitGatewayAttachmentId"] for a in attachments]) == (k == 4), where
    assert bool(snap["describe-virtual-interfaces"]["virtualInterfaces"]) == (k == 4), where
    for letter in transit.VPCS:
        rtb = named(snap["describe-route-tables"]["RouteTables"], f"Hub-{letter}-rtb")
        got = {r["DestinationCidrBlock"] for r in rtb["Routes"] if r.get("TransitGatewayId") == tgw["TransitGatewayId"]}
        assert (ONPREM in got) == (not (k == 3 and letter == "A")), f"{where}: Hub-{letter}-rtb {got}"
        assert (DX_ONPREM in got) == (k == 4 and letter == "A"), f"{where}: Hub-{letter}-rtb {got}"
    sg = named(snap["describe-security-groups"]["SecurityGroups"], "Hub-A-sg")
    ranges = {r["CidrIp"] for p in sg["IpPermissions"] if p.get("FromPort") == 22 for r in p.get("IpRanges", [])}
    assert {ONPREM, DX_ONPREM} <= ranges, f"{where}: Hub-A-sg {ranges}"


def check_tree(root):
    fixturelib.check_stages(root, STAGES, load_stage, check_stage)


def main():
    def labs(aws, out, raw):
        lab = Lab()
        dump = fixturelib.StageDumper(aws, out, raw, fixturelib.Run(), REGION, list(DESCRIBE),
                                      lambda snap: correct(snap, lab, fixturelib.account_of(snap)),
                                      more=transit.per_table_outputs(aws))
        return [(None, lambda: stages(aws, lab, dump))]
    fixturelib.build_main(__doc__, "pathproof-transit-onprem-", HERE, STAGES, check_tree, labs)


if __name__ == "__main__":
    fixturelib.run_cli(main)
