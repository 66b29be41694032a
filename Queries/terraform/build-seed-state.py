#!/usr/bin/env python3
"""Writes Queries/terraform/seed/<stage>/state.json: for every stage of the seed lab (Queries/seed), the state of a
Terraform configuration that manages the lab's resources, exactly as `terraform show -json` prints a state
(format_version 1.0, values.root_module.resources[] with address/mode/type/name/provider_name/schema_version/values),
with the AWS provider's attribute names and shapes (hashicorp/aws 5.x).

The description of each stage is the stage's own describe-* JSON: every resource of the tutorial (not the account's
default VPC, which the configuration does not manage) becomes the resource Terraform would hold for it, with the same
ids, so that the tests can check that both inputs answer alike:

- VPC -> aws_vpc; subnet -> aws_subnet; internet gateway -> aws_internet_gateway
- the VPC's main route table -> aws_default_route_table (adoption); other tables -> aws_route_table with its inline
  `route` blocks for gateway routes, an aws_route for each peering route, an aws_route_table_association per subnet
- the default network ACL -> aws_default_network_acl (ingress/egress blocks, subnet_ids)
- the default security group -> aws_default_security_group; other groups -> aws_security_group with inline
  ingress/egress blocks
- peering connection -> aws_vpc_peering_connection; across regions also aws_vpc_peering_connection_accepter
- instance -> aws_instance; Elastic IP -> aws_eip

Standard library only. Run from the repository root: python3 Queries/terraform/build-seed-state.py
"""
import glob
import json
import os
import re
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED = os.path.join(ROOT, "Queries", "seed")
OUT = os.path.join(ROOT, "Queries", "terraform", "seed")
PROVIDER = "registry.terraform.io/hashicorp/aws"


def load_stage(stage):
    data = {}
    for path in sorted(glob.glob(os.path.join(SEED, stage, "**", "*.json"), recursive=True)):
        with open(path) as handle:
            document = json.load(handle)
        for key, items in document.items():
            if isinstance(items, list):
                data.setdefault(key, []).extend(items)
    return data


def name_tag(item, key="Tags"):
    for tag in item.get(key) or []:
        if tag["Key"] == "Name":
            return tag["Value"]
    return None


def tags(item, key="Tags"):
    result = {tag["Key"]: tag["Value"] for tag in item.get(key) or []}
    return result or None


def resource_name(text):
    return re.sub(r"[^a-z0-9_]", "_", text.lower())


def dedupe(resources):
    seen = set()
    result = []
    for resource in resources:
        if resource["address"] in seen:
            continue
        seen.add(resource["address"])
        result.append(resource)
    return result


def resource(type_, name, values, schema_version=0):
    return {"address": f"{type_}.{name}", "mode": "managed", "type": type_, "name": name, "provider_name": PROVIDER,
            "schema_version": schema_version, "values": values, "sensitive_values": {}}


def region_of(zone):
    return zone[:-1] if zone else None


def sg_rules(permissions, group_id):
    """Inline ingress/egress blocks as the provider stores them: one block per permission and source kind."""
    blocks = []
    for permission in permissions:
        protocol = permission["IpProtocol"]
        if protocol == "-1":
            from_port, to_port = 0, 0
        else:
            from_port, to_port = permission.get("FromPort", 0), permission.get("ToPort", 0)
        base = {"description": "", "from_port": from_port, "to_port": to_port, "protocol": protocol,
                "cidr_blocks": [], "ipv6_cidr_blocks": [], "prefix_list_ids": [], "security_groups": [], "self": False}
        cidrs = [entry["CidrIp"] for entry in permission.get("IpRanges", [])]
        ipv6 = [entry["CidrIpv6"] for entry in permission.get("Ipv6Ranges", [])]
        lists = [entry["PrefixListId"] for entry in permission.get("PrefixListIds", [])]
        groups = [pair["GroupId"] for pair in permission.get("UserIdGroupPairs", []) if pair["GroupId"] != group_id]
        self_ref = any(pair["GroupId"] == group_id for pair in permission.get("UserIdGroupPairs", []))
        block = dict(base, cidr_blocks=cidrs, ipv6_cidr_blocks=ipv6, prefix_list_ids=lists, security_groups=groups, self=self_ref)
        blocks.append(block)
    return blocks


def acl_rules(entries, egress):
    blocks = []
    for entry in entries:
        if entry["Egress"] != egress or entry["RuleNumber"] == 32767:
            continue
        port = entry.get("PortRange") or {}
        icmp = entry.get("IcmpTypeCode") or {}
        blocks.append({"action": entry["RuleAction"], "cidr_block": entry.get("CidrBlock", ""),
                       "from_port": port.get("From", 0), "icmp_code": icmp.get("Code", 0), "icmp_type": icmp.get("Type", 0),
                       "ipv6_cidr_block": entry.get("Ipv6CidrBlock", ""), "protocol": entry["Protocol"],
                       "rule_no": entry["RuleNumber"], "to_port": port.get("To", 0)})
    return blocks


def build(stage):
    data = load_stage(stage)
    default_vpcs = {vpc["VpcId"] for vpc in data.get("Vpcs", []) if vpc.get("IsDefault")}
    resources = []
    names = {}
    vpcs = [vpc for vpc in data.get("Vpcs", []) if vpc["VpcId"] not in default_vpcs]
    subnets = [s for s in data.get("Subnets", []) if s["VpcId"] not in default_vpcs]
    zone_of_vpc = {s["VpcId"]: s.get("AvailabilityZone") for s in subnets}
    tables = [t for t in data.get("RouteTables", []) if t["VpcId"] not in default_vpcs]
    acls = [a for a in data.get("NetworkAcls", []) if a["VpcId"] not in default_vpcs]
    groups = [g for g in data.get("SecurityGroups", []) if g.get("VpcId") not in default_vpcs]

    def main_table(vpc_id):
        return next(t["RouteTableId"] for t in tables if t["VpcId"] == vpc_id
                    and any(a.get("Main") for a in t.get("Associations", [])))

    def default_acl(vpc_id):
        return next(a["NetworkAclId"] for a in acls if a["VpcId"] == vpc_id and a.get("IsDefault"))

    def default_group(vpc_id):
        return next(g["GroupId"] for g in groups if g.get("VpcId") == vpc_id and g.get("GroupName") == "default")

    for vpc in vpcs:
        name = resource_name(name_tag(vpc) or vpc["VpcId"])
        names[vpc["VpcId"]] = f"aws_vpc.{name}"
        region = region_of(zone_of_vpc.get(vpc["VpcId"]))
        resources.append(resource("aws_vpc", name, {
            "arn": f"arn:aws:ec2:{region}:{vpc['OwnerId']}:vpc/{vpc['VpcId']}", "assign_generated_ipv6_cidr_block": False,
            "cidr_block": vpc["CidrBlock"], "default_network_acl_id": default_acl(vpc["VpcId"]),
            "default_route_table_id": main_table(vpc["VpcId"]), "default_security_group_id": default_group(vpc["VpcId"]),
            "dhcp_options_id": vpc.get("DhcpOptionsId", ""), "enable_dns_hostnames": False, "enable_dns_support": True,
            "enable_network_address_usage_metrics": False, "id": vpc["VpcId"], "instance_tenancy": vpc.get("InstanceTenancy", "default"),
            "ipv4_ipam_pool_id": None, "ipv4_netmask_length": None, "ipv6_association_id": "", "ipv6_cidr_block": "",
            "ipv6_cidr_block_network_border_group": "", "ipv6_ipam_pool_id": "", "ipv6_netmask_length": 0,
            "main_route_table_id": main_table(vpc["VpcId"]), "owner_id": vpc["OwnerId"], "tags": tags(vpc), "tags_all": tags(vpc) or {},
        }, schema_version=1))
    for subnet in subnets:
        name = resource_name(name_tag(subnet) or subnet["SubnetId"])
        names[subnet["SubnetId"]] = f"aws_subnet.{name}"
        resources.append(resource("aws_subnet", name, {
            "arn": subnet.get("SubnetArn", ""), "assign_ipv6_address_on_creation": False, "availability_zone": subnet["AvailabilityZone"],
            "availability_zone_id": subnet.get("AvailabilityZoneId", ""), "cidr_block": subnet["CidrBlock"], "id": subnet["SubnetId"],
            "ipv6_cidr_block": "", "map_public_ip_on_launch": subnet.get("MapPublicIpOnLaunch", False), "owner_id": subnet.get("OwnerId", ""),
            "tags": tags(subnet), "tags_all": tags(subnet) or {}, "vpc_id": subnet["VpcId"],
        }, schema_version=1))
    for gateway in data.get("InternetGateways", []):
        attached = [a["VpcId"] for a in gateway.get("Attachments", [])]
        if any(v in default_vpcs for v in attached):
            continue
        name = resource_name(name_tag(gateway) or gateway["InternetGatewayId"])
        resources.append(resource("aws_internet_gateway", name, {
            "arn": "", "id": gateway["InternetGatewayId"], "owner_id": gateway.get("OwnerId", ""), "tags": tags(gateway),
            "tags_all": tags(gateway) or {}, "vpc_id": attached[0] if attached else "",
        }))
    peerings = {}
    for connection in data.get("VpcPeeringConnections", []):
        peerings.setdefault(connection["VpcPeeringConnectionId"], connection)
    for connection in peerings.values():
        requester, accepter = connection["RequesterVpcInfo"], connection["AccepterVpcInfo"]
        name = resource_name(name_tag(connection) or connection["VpcPeeringConnectionId"])
        status = connection["Status"]["Code"]
        cross_region = requester.get("Region") != accepter.get("Region")
        resources.append(resource("aws_vpc_peering_connection", name, {
            "accept_status": status, "accepter": [], "auto_accept": None, "id": connection["VpcPeeringConnectionId"],
            "peer_owner_id": accepter.get("OwnerId", ""), "peer_region": accepter.get("Region", ""), "peer_vpc_id": accepter["VpcId"],
            "requester": [], "tags": tags(connection), "tags_all": tags(connection) or {}, "timeouts": None, "vpc_id": requester["VpcId"],
        }))
        if cross_region and status == "active":
            resources.append(resource("aws_vpc_peering_connection_accepter", name, {
                "accept_status": status, "accepter": [], "auto_accept": True, "id": connection["VpcPeeringConnectionId"],
                "peer_owner_id": requester.get("OwnerId", ""), "peer_region": requester.get("Region", ""),
                "peer_vpc_id": requester["VpcId"], "requester": [], "tags": tags(connection), "tags_all": tags(connection) or {},
                "timeouts": None, "vpc_id": accepter["VpcId"], "vpc_peering_connection_id": connection["VpcPeeringConnectionId"],
            }))
    for table in tables:
        table_name = resource_name(name_tag(table) or table["RouteTableId"])
        is_main = any(a.get("Main") for a in table.get("Associations", []))
        inline = []
        for route in table.get("Routes", []):
            if route.get("GatewayId") == "local":
                continue
            if route.get("VpcPeeringConnectionId"):
                destination = route["DestinationCidrBlock"]
                resources.append(resource("aws_route", f"{table_name}_{resource_name(destination)}", {
                    "carrier_gateway_id": "", "core_network_arn": "", "destination_cidr_block": destination,
                    "destination_ipv6_cidr_block": "", "destination_prefix_list_id": "", "egress_only_gateway_id": "",
                    "gateway_id": "", "id": f"r-{table['RouteTableId']}{zlib.crc32(destination.encode())}", "instance_id": "",
                    "instance_owner_id": "", "local_gateway_id": "", "nat_gateway_id": "", "network_interface_id": "",
                    "origin": "CreateRoute", "route_table_id": table["RouteTableId"], "state": "active", "timeouts": None,
                    "transit_gateway_id": "", "vpc_endpoint_id": "", "vpc_peering_connection_id": route["VpcPeeringConnectionId"],
                }))
                continue
            inline.append({"carrier_gateway_id": "", "cidr_block": route.get("DestinationCidrBlock", ""), "core_network_arn": "",
                           "destination_prefix_list_id": "", "egress_only_gateway_id": "", "gateway_id": route.get("GatewayId", ""),
                           "ipv6_cidr_block": route.get("DestinationIpv6CidrBlock", ""), "local_gateway_id": "",
                           "nat_gateway_id": route.get("NatGatewayId", ""), "network_interface_id": route.get("NetworkInterfaceId", ""),
                           "transit_gateway_id": "", "vpc_endpoint_id": "", "vpc_peering_connection_id": ""})
        if is_main:
            resources.append(resource("aws_default_route_table", table_name, {
                "arn": "", "default_route_table_id": table["RouteTableId"], "id": table["RouteTableId"], "owner_id": table.get("OwnerId", ""),
                "propagating_vgws": [], "route": inline, "tags": tags(table), "tags_all": tags(table) or {}, "timeouts": None,
                "vpc_id": table["VpcId"],
            }))
        else:
            resources.append(resource("aws_route_table", table_name, {
                "arn": "", "id": table["RouteTableId"], "owner_id": table.get("OwnerId", ""), "propagating_vgws": [], "route": inline,
                "tags": tags(table), "tags_all": tags(table) or {}, "timeouts": None, "vpc_id": table["VpcId"],
            }))
        for association in table.get("Associations", []):
            if association.get("SubnetId"):
                subnet_name = names[association["SubnetId"]].split(".")[1]
                resources.append(resource("aws_route_table_association", subnet_name, {
                    "gateway_id": "", "id": association["RouteTableAssociationId"], "route_table_id": table["RouteTableId"],
                    "subnet_id": association["SubnetId"], "timeouts": None,
                }))
    for acl in acls:
        name = resource_name(name_tag(acl) or acl["NetworkAclId"])
        subnet_ids = sorted(a["SubnetId"] for a in acl.get("Associations", []))
        values = {"arn": "", "egress": acl_rules(acl["Entries"], True), "id": acl["NetworkAclId"],
                  "ingress": acl_rules(acl["Entries"], False), "owner_id": acl.get("OwnerId", ""), "subnet_ids": subnet_ids,
                  "tags": tags(acl), "tags_all": tags(acl) or {}, "vpc_id": acl["VpcId"]}
        if acl.get("IsDefault"):
            values["default_network_acl_id"] = acl["NetworkAclId"]
            resources.append(resource("aws_default_network_acl", name, values))
        else:
            resources.append(resource("aws_network_acl", name, values))
    for group in groups:
        name = resource_name(name_tag(group) or group["GroupId"])
        values = {"arn": group.get("SecurityGroupArn", ""), "description": group.get("Description", ""),
                  "egress": sg_rules(group.get("IpPermissionsEgress", []), group["GroupId"]), "id": group["GroupId"],
                  "ingress": sg_rules(group.get("IpPermissions", []), group["GroupId"]), "name": group.get("GroupName", ""),
                  "name_prefix": "", "owner_id": group.get("OwnerId", ""), "revoke_rules_on_delete": False,
                  "tags": tags(group), "tags_all": tags(group) or {}, "timeouts": None, "vpc_id": group["VpcId"]}
        if group.get("GroupName") == "default":
            resources.append(resource("aws_default_security_group", name, values, schema_version=1))
        else:
            resources.append(resource("aws_security_group", name, values, schema_version=1))
    eips = {a.get("InstanceId"): a for a in data.get("Addresses", [])}
    for reservation in data.get("Reservations", []):
        for instance in reservation["Instances"]:
            if instance.get("VpcId") in default_vpcs:
                continue
            name = resource_name(name_tag(instance) or instance["InstanceId"])
            primary = next((i for i in instance.get("NetworkInterfaces", []) if i["Attachment"]["DeviceIndex"] == 0), {})
            eip = eips.get(instance["InstanceId"])
            public_ip = instance.get("PublicIpAddress", "")
            resources.append(resource("aws_instance", name, {
                "ami": instance.get("ImageId", ""), "arn": "", "associate_public_ip_address": bool(public_ip) and eip is None,
                "availability_zone": instance.get("Placement", {}).get("AvailabilityZone", ""), "id": instance["InstanceId"],
                "instance_state": instance["State"]["Name"], "instance_type": instance.get("InstanceType", ""),
                "ipv6_address_count": 0, "ipv6_addresses": [], "key_name": instance.get("KeyName", ""),
                "primary_network_interface_id": primary.get("NetworkInterfaceId", ""), "private_dns": instance.get("PrivateDnsName", ""),
                "private_ip": instance.get("PrivateIpAddress", ""), "public_dns": instance.get("PublicDnsName", ""), "public_ip": public_ip,
                "secondary_private_ips": [], "security_groups": [],
                "source_dest_check": instance.get("SourceDestCheck", True), "subnet_id": instance["SubnetId"],
                "tags": tags(instance), "tags_all": tags(instance) or {}, "tenancy": "default", "timeouts": None,
                "vpc_security_group_ids": sorted(g["GroupId"] for g in instance.get("SecurityGroups", [])),
            }, schema_version=1))
    for address in data.get("Addresses", []):
        name = resource_name(name_tag(address) or address["AllocationId"])
        resources.append(resource("aws_eip", name, {
            "address": None, "allocation_id": address["AllocationId"], "associate_with_private_ip": None,
            "association_id": address.get("AssociationId", ""), "carrier_ip": "", "customer_owned_ip": "", "domain": "vpc",
            "id": address["AllocationId"], "instance": address.get("InstanceId", ""), "network_border_group": "",
            "network_interface": address.get("NetworkInterfaceId", ""), "private_dns": "", "private_ip": address.get("PrivateIpAddress", ""),
            "public_dns": "", "public_ip": address["PublicIp"], "public_ipv4_pool": "amazon", "tags": tags(address),
            "tags_all": tags(address) or {}, "timeouts": None, "vpc": True,
        }))
    return {"format_version": "1.0", "terraform_version": "1.9.8",
            "values": {"root_module": {"resources": dedupe(resources)}}}


def main():
    stages = sorted(d for d in os.listdir(SEED) if os.path.isdir(os.path.join(SEED, d)) and d[:2].isdigit())
    for stage in stages:
        state = build(stage)
        folder = os.path.join(OUT, stage)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "state.json"), "w") as handle:
            json.dump(state, handle, separators=(",", ":"), sort_keys=False)
            handle.write("\n")
        print(folder, len(state["values"]["root_module"]["resources"]), "resources")


if __name__ == "__main__":
    main()
