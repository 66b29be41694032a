#!/usr/bin/env python3
"""Writes the Terraform plan and state fixtures of Queries/terraform/ in exactly the shape `terraform show -json`
prints (plans: format_version 1.2, planned_values, resource_changes with before/after/after_unknown, prior_state,
configuration with expressions and their references; state: values.root_module), with the AWS provider's attribute
names (hashicorp/aws 5.x). Each fixture is described below in Python; the seed plans start from the seed lab's state
(Queries/terraform/seed/<stage>/state.json, written by build-seed-state.py, which must run first).

  plans/seed-06-remove-peering-route.json  stage 06 with aws_route NextWork-1 10.2.0.0/16 -> peering deleted
  plans/seed-08-open-ssh.json              stage 08 plus aws_vpc_security_group_ingress_rule 0.0.0.0/0 tcp/22 on
                                           NextWork-1-sg (id unknown until apply)
  plans/new-network.json                   a new VPC (module.net, count and for_each instances), every id unknown until
                                           apply, linked through configuration references; a security group without
                                           egress blocks; an instance without private_ip; a transit gateway
  plans/unknown-address.json               an instance without private_ip in a subnet a security group rule splits
  plans/unknown-address-replace.json       that network deployed with the client at 10.40.1.10, the client replaced
                                           by one without private_ip
  state/transit-gateway.json               two VPCs through a transit gateway's default route table
  plans/transit-blackhole.json             that state plus a static blackhole route for one VPC
  plans/load-balancer.json                 a new internet-facing ALB (listener, target group, attachment)
  plans/transit-04-remove-blackhole.json   over the transit lab's stage 04 snapshot (Queries/transit): the static
                                           blackhole route 10.13.1.0/24 in Hub-tgw-rtb deleted
  plans/transit-01-remove-association.json over stage 01: Hub-C-attachment's association with Hub-tgw-rtb deleted
  plans/transit-01-remove-propagation.json over stage 01: Hub-C-attachment's propagation into Hub-tgw-rtb deleted
  plans/dataplane-01-remove-nat.json       over the data-plane lab's stage 01 snapshot (Queries/dataplane): Lab-nat
                                           deleted
  plans/corpus-lb-remove-listener.json     over the corpus scenario batfish-aws/test-load-balancer (its ids, written
                                           here; the corpus is not copied): test-lb's TCP:80 listener deleted
  plans/corpus-lb-update-subnets.json      over that scenario: test-lb updated in place, its subnets us-east-2a and 2c
                                           (was 2a and 2b)
  plans/corpus-lb-noop.json                over that scenario: test-lb as it is (no-op)
  plans/dataplane-vpn-01.json ... -12.json over the data-plane lab's stage 01 snapshot, the VPN to on premises as Terraform
                                           holds it (Lab-vgw and its attachment, Lab-cgw, Lab-vpn with its static route
                                           and tunnel telemetry, the route 192.168.0.0/16 -> Lab-vgw in Lab-rtb-private),
                                           changed as data-plane stages 09-12 change it: 01 nothing (a refresh); 09 the
                                           route replaced by route propagation; 10 the connection's static route
                                           172.16.0.0/12 instead; 11 both tunnels DOWN (refreshed telemetry); 12 the
                                           gateway's attachment deleted
  plans/dataplane-vpn-09-delete-connection.json  over stage 09: the connection, its route and the propagation deleted
  plans/dataplane-13-add-vpn.json          over stage 13 (Direct Connect): a new VPN connection to Lab-vgw beside it
  plans/dataplane-vpn-09-move-route.json   over stage 09: the connection's static route 172.16.0.0/12 instead
  plans/dataplane-vpn-replace.json         over stage 01: Lab-cgw's address changes, so the customer gateway, the VPN
                                           connection and its route are replaced (ids and tunnel status unknown until apply)
  state/transit-gateway-vpn.json           state/transit-gateway.json plus a customer gateway and a VPN connection to the
                                           transit gateway
  state/provider-semantics.json            default route table / network ACL / security group adoption, peering with
                                           accepter and peering routes, network ACL inline and separate rules, separate
                                           security group rules of both kinds, a main route table association, a
                                           transit gateway with attachments and routes

Standard library only. Run from the repository root: python3 Queries/terraform/build-plans.py
"""
import copy
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.join(ROOT, "Queries", "terraform")
PROVIDER = "registry.terraform.io/hashicorp/aws"
VERSION = "1.9.8"


def seed_state(stage):
    with open(os.path.join(HERE, "seed", stage, "state.json")) as handle:
        return json.load(handle)


def unknown_of(values, unknown):
    """after_unknown: true for each attribute unknown until apply, and {}/[] shapes for the known nested ones."""
    result = {}
    for key, value in values.items():
        if key in unknown:
            result[key] = True
        elif isinstance(value, dict):
            result[key] = {}
        elif isinstance(value, list):
            result[key] = [{} if isinstance(v, dict) else False for v in value]
    for key in unknown:
        result[key] = True
    return result


def change(resource, actions, before, after, unknown=()):
    entry = {k: resource[k] for k in ("address", "mode", "type", "name", "provider_name") if k in resource}
    for k in ("module_address", "index"):
        if k in resource:
            entry[k] = resource[k]
    entry["change"] = {"actions": actions, "before": before, "after": after,
                       "after_unknown": unknown_of(after or {}, unknown) if after is not None else {},
                       "before_sensitive": {} if before is not None else False,
                       "after_sensitive": {} if after is not None else False}
    return entry


def config_of(resources):
    """configuration.root_module with each resource's expressions (constant values, or references)."""
    root = {"resources": [], "module_calls": {}}
    for resource in resources:
        expressions = resource.pop("_expressions", None)
        if expressions is None:
            expressions = {k: {"constant_value": v} for k, v in resource["values"].items()
                           if v not in (None, "", [], {}) and k not in ("id", "arn", "owner_id", "tags_all")}
        module = resource.get("module_address")
        block = {"address": f"{resource['type']}.{resource['name']}", "mode": "managed", "type": resource["type"],
                 "name": resource["name"], "provider_config_key": "aws", "expressions": expressions, "schema_version": resource.get("schema_version", 0)}
        target = root
        if module:
            name = module.split(".")[1].split("[")[0]
            call = root["module_calls"].setdefault(name, {"source": f"./modules/{name}", "module": {"resources": []}})
            target = call["module"]
            block["provider_config_key"] = f"{name}:aws"
        if not any(b["address"] == block["address"] for b in target["resources"]):
            target["resources"].append(block)
    return {"provider_config": {"aws": {"name": "aws", "full_name": PROVIDER, "expressions": {"region": {"constant_value": "us-east-1"}}}},
            "root_module": root}


def modules_of(resources):
    """planned_values.root_module: root resources and child_modules by module address."""
    root = {"resources": [], "child_modules": []}
    children = {}
    for resource in resources:
        clean = {k: v for k, v in resource.items() if not k.startswith("_") and k != "module_address"}
        module = resource.get("module_address")
        if module:
            children.setdefault(module, {"resources": [], "address": module})["resources"].append(clean)
        else:
            root["resources"].append(clean)
    root["child_modules"] = list(children.values())
    if not root["child_modules"]:
        del root["child_modules"]
    return root


def plan(prior_resources, planned, changes, configuration_resources):
    document = {"format_version": "1.2", "terraform_version": VERSION,
                "planned_values": {"root_module": modules_of(planned)},
                "resource_changes": changes,
                "configuration": config_of(copy.deepcopy(configuration_resources))}
    if prior_resources is not None:
        document["prior_state"] = {"format_version": "1.0", "terraform_version": VERSION,
                                   "values": {"root_module": modules_of(prior_resources)}}
    return document


def resource(type_, name, values, module=None, index=None, expressions=None, schema_version=0):
    address = f"{type_}.{name}" + ("" if index is None else f"[{json.dumps(index)}]")
    entry = {"address": (f"{module}." if module else "") + address, "mode": "managed", "type": type_, "name": name,
             "provider_name": PROVIDER, "schema_version": schema_version, "values": values, "sensitive_values": {}}
    if index is not None:
        entry["index"] = index
    if module:
        entry["module_address"] = module
    if expressions is not None:
        entry["_expressions"] = expressions
    return entry


def write(relative, document):
    path = os.path.join(HERE, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as handle:
        json.dump(document, handle, separators=(",", ":"))
        handle.write("\n")
    print(path)


def noop_plan(state, remove=(), add=()):
    """A plan over a state: resources in `remove` are deleted, `add` ones created, the rest no-op."""
    prior = state["values"]["root_module"]["resources"]
    planned, changes = [], []
    for r in prior:
        if r["address"] in remove:
            changes.append(change(r, ["delete"], r["values"], None))
        else:
            planned.append(r)
            changes.append(change(r, ["no-op"], r["values"], r["values"]))
    for r, unknown in add:
        planned.append(r)
        changes.append(change(r, ["create"], None, r["values"], unknown))
    return plan(copy.deepcopy(prior), planned, changes, copy.deepcopy(prior) + [copy.deepcopy(r) for r, _ in add])


def seed_plans():
    state = seed_state("06-ping-works")
    route = next(r["address"] for r in state["values"]["root_module"]["resources"]
                 if r["type"] == "aws_route" and r["values"]["destination_cidr_block"] == "10.2.0.0/16")
    write("plans/seed-06-remove-peering-route.json", noop_plan(state, remove={route}))

    state = seed_state("08-eic-elastic-ip-no-ssh-rule")
    group = next(r for r in state["values"]["root_module"]["resources"]
                 if r["type"] == "aws_security_group" and (r["values"]["tags"] or {}).get("Name") == "NextWork-1-sg")
    rule = resource("aws_vpc_security_group_ingress_rule", "ssh", {
        "cidr_ipv4": "0.0.0.0/0", "cidr_ipv6": None, "description": "SSH from anywhere", "from_port": 22, "ip_protocol": "tcp",
        "prefix_list_id": None, "referenced_security_group_id": None, "security_group_id": group["values"]["id"], "tags": None,
        "to_port": 22}, expressions={"cidr_ipv4": {"constant_value": "0.0.0.0/0"}, "from_port": {"constant_value": 22},
                                     "ip_protocol": {"constant_value": "tcp"}, "to_port": {"constant_value": 22},
                                     "security_group_id": {"references": [f"{group['address']}.id", group["address"]]}})
    write("plans/seed-08-open-ssh.json", noop_plan(state, add=[(rule, ["arn", "id", "security_group_rule_id", "tags_all"])]))


def ref(address):
    return {"references": [f"{address}.id", address]}


def new_network():
    m = "module.net"
    resources = []
    unknown = {}

    def add(r, unknown_attributes):
        resources.append(r)
        unknown[r["address"]] = unknown_attributes

    add(resource("aws_vpc", "this", {"cidr_block": "10.20.0.0/16", "enable_dns_support": True, "instance_tenancy": "default",
                                     "tags": {"Name": "plan-vpc"}}, module=m, index=0, schema_version=1,
                 expressions={"cidr_block": {"references": ["var.cidr"]}}),
        ["id", "arn", "default_network_acl_id", "default_route_table_id", "default_security_group_id", "main_route_table_id", "owner_id"])
    for key, (cidr, public) in {"a": ("10.20.1.0/24", True), "b": ("10.20.2.0/24", False)}.items():
        add(resource("aws_subnet", "this", {"availability_zone": "us-east-1a", "cidr_block": cidr, "map_public_ip_on_launch": public,
                                            "tags": {"Name": f"plan-{key}"}}, module=m, index=key, schema_version=1,
                     expressions={"vpc_id": {"references": ["aws_vpc.this[0].id", "aws_vpc.this[0]"]},
                                  "cidr_block": {"references": ["each.value"]}}),
            ["id", "arn", "vpc_id", "owner_id"])
    add(resource("aws_internet_gateway", "this", {"tags": {"Name": "plan-igw"}}, module=m,
                 expressions={"vpc_id": {"references": ["aws_vpc.this[0].id", "aws_vpc.this[0]"]}}), ["id", "arn", "vpc_id", "owner_id"])
    add(resource("aws_route_table", "public", {"tags": {"Name": "plan-public"}}, module=m,
                 expressions={"vpc_id": {"references": ["aws_vpc.this[0].id", "aws_vpc.this[0]"]}}), ["id", "arn", "vpc_id", "route", "owner_id"])
    add(resource("aws_route", "internet", {"destination_cidr_block": "0.0.0.0/0"}, module=m,
                 expressions={"route_table_id": ref("aws_route_table.public"), "gateway_id": ref("aws_internet_gateway.this"),
                              "destination_cidr_block": {"constant_value": "0.0.0.0/0"}}),
        ["id", "route_table_id", "gateway_id", "nat_gateway_id", "instance_id", "network_interface_id", "origin", "state"])
    add(resource("aws_route_table_association", "public", {}, module=m,
                 expressions={"route_table_id": ref("aws_route_table.public"),
                              "subnet_id": {"references": ['aws_subnet.this["a"].id', 'aws_subnet.this["a"]']}}),
        ["id", "route_table_id", "subnet_id"])
    # A security group with ingress blocks and no egress block: Terraform removes AWS's allow-all egress rule.
    add(resource("aws_security_group", "web", {"name": "plan-web", "description": "web", "tags": {"Name": "plan-web"},
                                               "ingress": [{"cidr_blocks": ["0.0.0.0/0"], "description": "", "from_port": 443,
                                                            "ipv6_cidr_blocks": [], "prefix_list_ids": [], "protocol": "tcp",
                                                            "security_groups": [], "self": False, "to_port": 443}],
                                               "revoke_rules_on_delete": False}, module=m, schema_version=1,
                 expressions={"vpc_id": {"references": ["aws_vpc.this[0].id", "aws_vpc.this[0]"]}, "name": {"constant_value": "plan-web"}}),
        ["id", "arn", "vpc_id", "egress", "owner_id", "name_prefix"])
    add(resource("aws_security_group", "app", {"name": "plan-app", "description": "app", "tags": {"Name": "plan-app"},
                                               "egress": [{"cidr_blocks": ["0.0.0.0/0"], "description": "", "from_port": 0,
                                                           "ipv6_cidr_blocks": [], "prefix_list_ids": [], "protocol": "-1",
                                                           "security_groups": [], "self": False, "to_port": 0}],
                                               "revoke_rules_on_delete": False}, module=m, schema_version=1,
                 expressions={"vpc_id": {"references": ["aws_vpc.this[0].id", "aws_vpc.this[0]"]}}),
        ["id", "arn", "vpc_id", "ingress", "owner_id", "name_prefix"])
    add(resource("aws_vpc_security_group_ingress_rule", "app_from_web", {"from_port": 8080, "to_port": 8080, "ip_protocol": "tcp"}, module=m,
                 expressions={"security_group_id": ref("aws_security_group.app"),
                              "referenced_security_group_id": ref("aws_security_group.web")}),
        ["id", "arn", "security_group_id", "referenced_security_group_id", "security_group_rule_id"])
    add(resource("aws_instance", "web", {"ami": "ami-0abcdef1234567890", "instance_type": "t3.micro", "source_dest_check": True,
                                         "tags": {"Name": "plan-web-1"}}, module=m, schema_version=1,
                 expressions={"subnet_id": {"references": ['aws_subnet.this["a"].id', 'aws_subnet.this["a"]']},
                              "vpc_security_group_ids": {"references": ["aws_security_group.web.id", "aws_security_group.web"]}}),
        ["id", "arn", "subnet_id", "vpc_security_group_ids", "private_ip", "public_ip", "primary_network_interface_id",
         "associate_public_ip_address", "instance_state", "security_groups"])
    add(resource("aws_instance", "app", {"ami": "ami-0abcdef1234567890", "instance_type": "t3.micro", "private_ip": "10.20.2.10",
                                         "source_dest_check": True, "tags": {"Name": "plan-app-1"}}, module=m, schema_version=1,
                 expressions={"subnet_id": {"references": ['aws_subnet.this["b"].id', 'aws_subnet.this["b"]']},
                              "vpc_security_group_ids": {"references": ["aws_security_group.app.id", "aws_security_group.app"]}}),
        ["id", "arn", "subnet_id", "vpc_security_group_ids", "public_ip", "primary_network_interface_id",
         "associate_public_ip_address", "instance_state", "security_groups"])
    add(resource("aws_ec2_transit_gateway", "hub", {"description": "hub", "tags": {"Name": "plan-tgw"}}), ["id", "arn", "owner_id"])
    add(resource("null_resource", "marker", {"triggers": None}), ["id"])
    changes = [change(r, ["create"], None, r["values"], unknown[r["address"]]) for r in resources]
    write("plans/new-network.json", plan(None, resources, changes, copy.deepcopy(resources)))


def unknown_address():
    """A client whose private IP AWS assigns, in a subnet a security group rule splits: whether the server admits
    it depends on the address."""
    resources, unknown = [], {}

    def add(r, attributes):
        resources.append(r)
        unknown[r["address"]] = attributes

    add(resource("aws_vpc", "main", {"cidr_block": "10.40.0.0/16", "tags": {"Name": "split-vpc"}}, schema_version=1),
        ["id", "arn", "default_network_acl_id", "default_route_table_id", "default_security_group_id", "main_route_table_id", "owner_id"])
    for name, cidr in (("clients", "10.40.1.0/24"), ("servers", "10.40.2.0/24")):
        add(resource("aws_subnet", name, {"availability_zone": "us-east-1a", "cidr_block": cidr, "map_public_ip_on_launch": False,
                                          "tags": {"Name": f"split-{name}"}}, schema_version=1,
                     expressions={"vpc_id": ref("aws_vpc.main")}), ["id", "arn", "vpc_id", "owner_id"])
    everything_out = [{"cidr_blocks": ["0.0.0.0/0"], "description": "", "from_port": 0, "ipv6_cidr_blocks": [], "prefix_list_ids": [],
                       "protocol": "-1", "security_groups": [], "self": False, "to_port": 0}]
    add(resource("aws_security_group", "client", {"name": "split-client", "egress": everything_out, "ingress": [], "tags": {"Name": "split-client"}},
                 schema_version=1, expressions={"vpc_id": ref("aws_vpc.main")}), ["id", "arn", "vpc_id", "owner_id"])
    add(resource("aws_security_group", "server", {"name": "split-server", "egress": everything_out, "tags": {"Name": "split-server"},
                                                  "ingress": [{"cidr_blocks": ["10.40.1.0/25"], "description": "the lower half only",
                                                               "from_port": 5432, "ipv6_cidr_blocks": [], "prefix_list_ids": [],
                                                               "protocol": "tcp", "security_groups": [], "self": False, "to_port": 5432}]},
                 schema_version=1, expressions={"vpc_id": ref("aws_vpc.main")}), ["id", "arn", "vpc_id", "owner_id"])
    add(resource("aws_instance", "client", {"ami": "ami-0abcdef1234567890", "instance_type": "t3.micro", "tags": {"Name": "split-client-1"}},
                 schema_version=1, expressions={"subnet_id": ref("aws_subnet.clients"), "vpc_security_group_ids": ref("aws_security_group.client")}),
        ["id", "arn", "private_ip", "public_ip", "primary_network_interface_id", "subnet_id", "vpc_security_group_ids", "instance_state"])
    add(resource("aws_instance", "server", {"ami": "ami-0abcdef1234567890", "instance_type": "t3.micro", "private_ip": "10.40.2.10",
                                            "tags": {"Name": "split-server-1"}},
                 schema_version=1, expressions={"subnet_id": ref("aws_subnet.servers"), "vpc_security_group_ids": ref("aws_security_group.server")}),
        ["id", "arn", "public_ip", "primary_network_interface_id", "subnet_id", "vpc_security_group_ids", "instance_state"])
    changes = [change(r, ["create"], None, r["values"], unknown[r["address"]]) for r in resources]
    write("plans/unknown-address.json", plan(None, resources, changes, copy.deepcopy(resources)))

    # The same network deployed with the client at 10.40.1.10, and a plan that replaces the client without a
    # private_ip: before apply the server admits it; after apply that depends on the address AWS assigns.
    prior = copy.deepcopy(resources)
    for r in prior:
        r.pop("_expressions", None)
        if r["address"] == "aws_instance.client":
            r["values"]["private_ip"] = "10.40.1.10"
    changes = []
    for before, after in zip(prior, resources):
        if after["address"] == "aws_instance.client":
            changes.append(change(after, ["delete", "create"], before["values"], after["values"], unknown[after["address"]]))
        else:
            changes.append(change(after, ["no-op"], before["values"], after["values"]))
    write("plans/unknown-address-replace.json", plan(prior, resources, changes, copy.deepcopy(resources)))


def transit_gateway():
    """Two VPCs joined by a transit gateway with its default route table (association and propagation by default),
    as state; and a plan over it adding a static blackhole route for one VPC's block."""
    owner = "123456789012"
    r = []
    everything_out = [{"cidr_blocks": ["0.0.0.0/0"], "description": "", "from_port": 0, "ipv6_cidr_blocks": [], "prefix_list_ids": [],
                       "protocol": "-1", "security_groups": [], "self": False, "to_port": 0}]
    icmp_in = [{"cidr_blocks": ["10.0.0.0/8"], "description": "", "from_port": -1, "ipv6_cidr_blocks": [], "prefix_list_ids": [],
                "protocol": "icmp", "security_groups": [], "self": False, "to_port": -1}]
    r.append(resource("aws_ec2_transit_gateway", "hub", {"id": "tgw-0e000000000000001", "arn": f"arn:aws:ec2:us-east-1:{owner}:transit-gateway/tgw-0e000000000000001",
                                                         "owner_id": owner, "default_route_table_association": "enable",
                                                         "default_route_table_propagation": "enable",
                                                         "association_default_route_table_id": "tgw-rtb-0e000000000000001",
                                                         "propagation_default_route_table_id": "tgw-rtb-0e000000000000001",
                                                         "tags": {"Name": "tgw-hub"}}))
    for n, (name, cidr) in enumerate((("a", "10.50.0.0/16"), ("b", "10.51.0.0/16")), start=1):
        vpc, subnet, rtb = f"vpc-0e00000000000000{n}", f"subnet-0e00000000000000{n}", f"rtb-0e00000000000000{n}"
        r.append(resource("aws_vpc", name, {"id": vpc, "cidr_block": cidr, "owner_id": owner, "main_route_table_id": rtb,
                                            "default_route_table_id": rtb, "default_network_acl_id": f"acl-0e00000000000000{n}",
                                            "default_security_group_id": f"sg-0e00000000000000{n}", "tags": {"Name": f"tgw-{name}"}}, schema_version=1))
        r.append(resource("aws_subnet", name, {"id": subnet, "vpc_id": vpc, "cidr_block": cidr.replace(".0.0/16", ".1.0/24"),
                                               "availability_zone": "us-east-1a", "map_public_ip_on_launch": False, "tags": {"Name": f"tgw-{name}-1"}}, schema_version=1))
        r.append(resource("aws_default_route_table", name, {"id": rtb, "default_route_table_id": rtb, "vpc_id": vpc, "propagating_vgws": [],
                                                            "tags": {"Name": f"tgw-{name}-main"},
                                                            "route": [{"cidr_block": "10.0.0.0/8", "transit_gateway_id": "tgw-0e000000000000001",
                                                                       "gateway_id": "", "nat_gateway_id": "", "vpc_peering_connection_id": "",
                                                                       "network_interface_id": "", "egress_only_gateway_id": "", "ipv6_cidr_block": "",
                                                                       "destination_prefix_list_id": "", "vpc_endpoint_id": "", "local_gateway_id": "",
                                                                       "carrier_gateway_id": "", "core_network_arn": ""}]}))
        r.append(resource("aws_security_group", name, {"id": f"sg-0e00000000000001{n}", "vpc_id": vpc, "name": f"tgw-{name}", "description": "",
                                                       "ingress": icmp_in, "egress": everything_out, "tags": {"Name": f"tgw-{name}"}}, schema_version=1))
        r.append(resource("aws_ec2_transit_gateway_vpc_attachment", name, {
            "id": f"tgw-attach-0e00000000000000{n}", "transit_gateway_id": "tgw-0e000000000000001", "vpc_id": vpc, "subnet_ids": [subnet],
            "transit_gateway_default_route_table_association": True, "transit_gateway_default_route_table_propagation": True,
            "ipv6_support": "disable", "tags": {"Name": f"tgw-attach-{name}"}}))
        r.append(resource("aws_instance", name, {"id": f"i-0e00000000000000{n}", "subnet_id": subnet, "private_ip": cidr.replace(".0.0/16", ".1.10"),
                                                 "public_ip": "", "primary_network_interface_id": f"eni-0e00000000000000{n}", "instance_state": "running",
                                                 "vpc_security_group_ids": [f"sg-0e00000000000001{n}"], "security_groups": [],
                                                 "source_dest_check": True, "tags": {"Name": f"tgw-{name}-instance"}}, schema_version=1))
    state = {"format_version": "1.0", "terraform_version": VERSION, "values": {"root_module": {"resources": r}}}
    write("state/transit-gateway.json", state)
    route = resource("aws_ec2_transit_gateway_route", "drop_b", {"destination_cidr_block": "10.51.0.0/16", "blackhole": True,
                                                                 "transit_gateway_attachment_id": None},
                     expressions={"destination_cidr_block": {"constant_value": "10.51.0.0/16"}, "blackhole": {"constant_value": True},
                                  "transit_gateway_route_table_id": {"references": ["aws_ec2_transit_gateway.hub.association_default_route_table_id",
                                                                                    "aws_ec2_transit_gateway.hub"]}})
    write("plans/transit-blackhole.json", noop_plan(state, add=[(route, ["id", "transit_gateway_route_table_id"])]))


def load_balancer():
    """A new internet-facing Application Load Balancer in two public subnets, listening on HTTP 80 and forwarding to
    an instance on 8080 (every id unknown until apply)."""
    resources, unknown = [], {}

    def add(r, attributes):
        resources.append(r)
        unknown[r["address"]] = attributes

    add(resource("aws_vpc", "main", {"cidr_block": "10.60.0.0/16", "tags": {"Name": "lb-vpc"}}, schema_version=1),
        ["id", "arn", "default_network_acl_id", "default_route_table_id", "default_security_group_id", "main_route_table_id", "owner_id"])
    for name, cidr, zone in (("a", "10.60.1.0/24", "us-east-1a"), ("b", "10.60.2.0/24", "us-east-1b")):
        add(resource("aws_subnet", name, {"availability_zone": zone, "cidr_block": cidr, "map_public_ip_on_launch": False, "tags": {"Name": f"lb-{name}"}},
                     schema_version=1, expressions={"vpc_id": ref("aws_vpc.main")}), ["id", "arn", "vpc_id", "owner_id"])
    add(resource("aws_internet_gateway", "main", {"tags": {"Name": "lb-igw"}}, expressions={"vpc_id": ref("aws_vpc.main")}), ["id", "arn", "vpc_id", "owner_id"])
    add(resource("aws_default_route_table", "main", {"route": [{"cidr_block": "0.0.0.0/0", "gateway_id": None}], "tags": {"Name": "lb-main"}},
                 expressions={"default_route_table_id": {"references": ["aws_vpc.main.default_route_table_id", "aws_vpc.main"]},
                              "route": [{"cidr_block": {"constant_value": "0.0.0.0/0"}, "gateway_id": ref("aws_internet_gateway.main")}]}),
        ["id", "arn", "vpc_id", "owner_id", "route"])
    add(resource("aws_security_group", "lb", {"name": "lb", "tags": {"Name": "lb"},
                                              "ingress": [{"cidr_blocks": ["0.0.0.0/0"], "description": "", "from_port": 80, "ipv6_cidr_blocks": [],
                                                           "prefix_list_ids": [], "protocol": "tcp", "security_groups": [], "self": False, "to_port": 80}],
                                              "egress": [{"cidr_blocks": ["10.60.0.0/16"], "description": "", "from_port": 0, "ipv6_cidr_blocks": [],
                                                          "prefix_list_ids": [], "protocol": "-1", "security_groups": [], "self": False, "to_port": 0}]},
                 schema_version=1, expressions={"vpc_id": ref("aws_vpc.main")}), ["id", "arn", "vpc_id", "owner_id"])
    add(resource("aws_security_group", "app", {"name": "app", "tags": {"Name": "lb-app"}, "ingress": [], "egress": []},
                 schema_version=1, expressions={"vpc_id": ref("aws_vpc.main")}), ["id", "arn", "vpc_id", "owner_id"])
    add(resource("aws_vpc_security_group_ingress_rule", "app_from_lb", {"ip_protocol": "tcp", "from_port": 8080, "to_port": 8080},
                 expressions={"security_group_id": ref("aws_security_group.app"), "referenced_security_group_id": ref("aws_security_group.lb")}),
        ["id", "arn", "security_group_id", "referenced_security_group_id", "security_group_rule_id"])
    add(resource("aws_instance", "app", {"ami": "ami-0abcdef1234567890", "instance_type": "t3.micro", "private_ip": "10.60.1.20", "tags": {"Name": "lb-app-1"}},
                 schema_version=1, expressions={"subnet_id": ref("aws_subnet.a"), "vpc_security_group_ids": ref("aws_security_group.app")}),
        ["id", "arn", "public_ip", "primary_network_interface_id", "subnet_id", "vpc_security_group_ids", "instance_state"])
    add(resource("aws_lb", "web", {"name": "web", "internal": False, "load_balancer_type": "application"},
                 expressions={"subnets": {"references": ["aws_subnet.a.id", "aws_subnet.a", "aws_subnet.b.id", "aws_subnet.b"]},
                              "security_groups": ref("aws_security_group.lb")}),
        ["id", "arn", "arn_suffix", "dns_name", "subnets", "security_groups", "vpc_id", "zone_id"])
    add(resource("aws_lb_target_group", "app", {"name": "app", "port": 8080, "protocol": "HTTP", "target_type": "instance"},
                 expressions={"vpc_id": ref("aws_vpc.main")}), ["id", "arn", "arn_suffix", "vpc_id"])
    add(resource("aws_lb_listener", "http", {"port": 80, "protocol": "HTTP", "default_action": [{"type": "forward", "order": None}]},
                 expressions={"load_balancer_arn": {"references": ["aws_lb.web.arn", "aws_lb.web"]},
                              "default_action": [{"type": {"constant_value": "forward"},
                                                  "target_group_arn": {"references": ["aws_lb_target_group.app.arn", "aws_lb_target_group.app"]}}]}),
        ["id", "arn", "load_balancer_arn", "default_action"])
    add(resource("aws_lb_target_group_attachment", "app", {"port": 8080},
                 expressions={"target_group_arn": {"references": ["aws_lb_target_group.app.arn", "aws_lb_target_group.app"]},
                              "target_id": ref("aws_instance.app")}), ["id", "target_group_arn", "target_id"])
    changes = [change(r, ["create"], None, r["values"], unknown[r["address"]]) for r in resources]
    write("plans/load-balancer.json", plan(None, resources, changes, copy.deepcopy(resources)))


def provider_semantics():
    """A state with what the corpus lacks (every id known, as in state)."""
    r = []
    owner = "123456789012"
    for name, vpc, cidr, rtb, acl, sg in (("left", "vpc-0a000000000000001", "10.30.0.0/16", "rtb-0a000000000000001", "acl-0a000000000000001", "sg-0a000000000000001"),
                                          ("right", "vpc-0b000000000000002", "10.31.0.0/16", "rtb-0b000000000000002", "acl-0b000000000000002", "sg-0b000000000000002")):
        r.append(resource("aws_vpc", name, {"id": vpc, "arn": f"arn:aws:ec2:us-east-1:{owner}:vpc/{vpc}", "cidr_block": cidr,
                                            "default_network_acl_id": acl, "default_route_table_id": rtb, "default_security_group_id": sg,
                                            "main_route_table_id": rtb, "owner_id": owner, "tags": {"Name": f"sem-{name}"}}, schema_version=1))
    r.append(resource("aws_subnet", "left", {"id": "subnet-0a000000000000001", "vpc_id": "vpc-0a000000000000001", "cidr_block": "10.30.1.0/24",
                                             "availability_zone": "us-east-1a", "map_public_ip_on_launch": False, "tags": {"Name": "sem-left-a"}}, schema_version=1))
    r.append(resource("aws_subnet", "right", {"id": "subnet-0b000000000000002", "vpc_id": "vpc-0b000000000000002", "cidr_block": "10.31.1.0/24",
                                              "availability_zone": "us-east-1b", "map_public_ip_on_launch": False, "tags": {"Name": "sem-right-a"}}, schema_version=1))
    # Adoption: the left VPC's main route table gets the peering route; the right VPC's main table is replaced by a
    # main route table association.
    r.append(resource("aws_default_route_table", "left", {"id": "rtb-0a000000000000001", "default_route_table_id": "rtb-0a000000000000001",
                                                          "vpc_id": "vpc-0a000000000000001", "propagating_vgws": [], "tags": {"Name": "sem-left-main"},
                                                          "route": []}))
    r.append(resource("aws_route", "left_to_right", {"id": "r-rtb-0a0000000000000011080289494", "route_table_id": "rtb-0a000000000000001",
                                                     "destination_cidr_block": "10.31.0.0/16", "vpc_peering_connection_id": "pcx-0c000000000000003",
                                                     "gateway_id": "", "nat_gateway_id": "", "transit_gateway_id": "", "network_interface_id": "",
                                                     "origin": "CreateRoute", "state": "active"}))
    r.append(resource("aws_route_table", "right", {"id": "rtb-0b000000000000099", "vpc_id": "vpc-0b000000000000002", "propagating_vgws": [],
                                                   "tags": {"Name": "sem-right-custom-main"},
                                                   "route": [{"cidr_block": "10.30.0.0/16", "vpc_peering_connection_id": "pcx-0c000000000000003",
                                                              "gateway_id": "", "nat_gateway_id": "", "transit_gateway_id": "",
                                                              "network_interface_id": "", "egress_only_gateway_id": "", "ipv6_cidr_block": "",
                                                              "destination_prefix_list_id": "", "vpc_endpoint_id": "", "local_gateway_id": "",
                                                              "carrier_gateway_id": "", "core_network_arn": ""}]}))
    r.append(resource("aws_main_route_table_association", "right", {"id": "rtbassoc-0b000000000000002", "vpc_id": "vpc-0b000000000000002",
                                                                    "route_table_id": "rtb-0b000000000000099", "original_route_table_id": "rtb-0b000000000000002"}))
    # Peering requested by left, accepted by an accepter resource.
    r.append(resource("aws_vpc_peering_connection", "lr", {"id": "pcx-0c000000000000003", "vpc_id": "vpc-0a000000000000001",
                                                           "peer_vpc_id": "vpc-0b000000000000002", "peer_owner_id": owner, "peer_region": "us-east-1",
                                                           "accept_status": "pending-acceptance", "auto_accept": False, "tags": {"Name": "sem-peering"}}))
    r.append(resource("aws_vpc_peering_connection_accepter", "lr", {"id": "pcx-0c000000000000003", "vpc_peering_connection_id": "pcx-0c000000000000003",
                                                                    "auto_accept": True, "accept_status": "active", "vpc_id": "vpc-0b000000000000002",
                                                                    "peer_vpc_id": "vpc-0a000000000000001", "peer_owner_id": owner, "peer_region": "us-east-1"}))
    r.append(resource("aws_vpc_peering_connection_options", "lr", {"id": "pcx-0c000000000000003", "vpc_peering_connection_id": "pcx-0c000000000000003",
                                                                   "accepter": [{"allow_remote_vpc_dns_resolution": True}], "requester": []}))
    # Network ACLs: the right VPC's default ACL adopted with inline rules (ICMP only from left, tcp/22), plus a
    # separate rule; the left one keeps AWS's allow-all.
    r.append(resource("aws_default_network_acl", "right", {
        "id": "acl-0b000000000000002", "default_network_acl_id": "acl-0b000000000000002", "vpc_id": "vpc-0b000000000000002",
        "subnet_ids": ["subnet-0b000000000000002"], "tags": {"Name": "sem-right-acl"},
        "ingress": [{"action": "allow", "cidr_block": "10.30.0.0/16", "from_port": 0, "icmp_code": -1, "icmp_type": -1, "ipv6_cidr_block": "",
                     "protocol": "icmp", "rule_no": 100, "to_port": 0},
                    {"action": "allow", "cidr_block": "10.30.0.0/16", "from_port": 22, "icmp_code": 0, "icmp_type": 0, "ipv6_cidr_block": "",
                     "protocol": "6", "rule_no": 110, "to_port": 22},
                    {"action": "allow", "cidr_block": "10.30.0.0/16", "from_port": 443, "icmp_code": 0, "icmp_type": 0, "ipv6_cidr_block": "",
                     "protocol": "tcp", "rule_no": 130, "to_port": 443}],
        "egress": [{"action": "allow", "cidr_block": "10.30.0.0/16", "from_port": 0, "icmp_code": 0, "icmp_type": 0, "ipv6_cidr_block": "",
                    "protocol": "-1", "rule_no": 100, "to_port": 0}]}))
    r.append(resource("aws_network_acl_rule", "right_deny_5432", {"id": "nacl-3344556677", "network_acl_id": "acl-0b000000000000002",
                                                                  "rule_number": 90, "egress": False, "protocol": "tcp", "rule_action": "deny",
                                                                  "cidr_block": "10.30.0.0/16", "from_port": 5432, "to_port": 5432,
                                                                  "icmp_type": None, "icmp_code": None, "ipv6_cidr_block": ""}))
    r.append(resource("aws_network_acl_rule", "right_allow_5432", {"id": "nacl-3344556688", "network_acl_id": "acl-0b000000000000002",
                                                                   "rule_number": 120, "egress": False, "protocol": "tcp", "rule_action": "allow",
                                                                   "cidr_block": "10.30.0.0/16", "from_port": 5432, "to_port": 5432,
                                                                   "icmp_type": None, "icmp_code": None, "ipv6_cidr_block": ""}))
    # Security groups: the left default group adopted with no rules (Terraform removes AWS's default ones); a
    # group with only separate rules of both kinds; a group mixing inline and separate rules.
    r.append(resource("aws_default_security_group", "left", {"id": "sg-0a000000000000001", "vpc_id": "vpc-0a000000000000001", "name": "default",
                                                             "ingress": [], "egress": [], "tags": {"Name": "sem-left-default"}}, schema_version=1))
    r.append(resource("aws_security_group", "client", {"id": "sg-0a000000000000010", "vpc_id": "vpc-0a000000000000001", "name": "sem-client",
                                                       "description": "client", "ingress": [],
                                                       "egress": [{"cidr_blocks": ["10.31.0.0/16"], "description": "", "from_port": 0,
                                                                   "ipv6_cidr_blocks": [], "prefix_list_ids": [], "protocol": "-1",
                                                                   "security_groups": [], "self": False, "to_port": 0}],
                                                       "tags": {"Name": "sem-client"}}, schema_version=1))
    r.append(resource("aws_security_group", "server", {"id": "sg-0b000000000000010", "vpc_id": "vpc-0b000000000000002", "name": "sem-server",
                                                       "description": "server", "ingress": [], "egress": [], "tags": {"Name": "sem-server"}}, schema_version=1))
    r.append(resource("aws_vpc_security_group_ingress_rule", "server_icmp", {"id": "sgr-0b000000000000011", "security_group_id": "sg-0b000000000000010",
                                                                             "ip_protocol": "icmp", "from_port": -1, "to_port": -1, "cidr_ipv4": "10.30.0.0/16",
                                                                             "cidr_ipv6": None, "prefix_list_id": None, "referenced_security_group_id": None}))
    r.append(resource("aws_vpc_security_group_ingress_rule", "server_5432", {"id": "sgr-0b000000000000012", "security_group_id": "sg-0b000000000000010",
                                                                             "ip_protocol": "tcp", "from_port": 5432, "to_port": 5432, "cidr_ipv4": "10.30.0.0/16",
                                                                             "cidr_ipv6": None, "prefix_list_id": None, "referenced_security_group_id": None}))
    r.append(resource("aws_vpc_security_group_egress_rule", "server_all", {"id": "sgr-0b000000000000013", "security_group_id": "sg-0b000000000000010",
                                                                           "ip_protocol": "-1", "from_port": None, "to_port": None, "cidr_ipv4": "10.30.0.0/16",
                                                                           "cidr_ipv6": None, "prefix_list_id": None, "referenced_security_group_id": None}))
    r.append(resource("aws_security_group", "mixed", {"id": "sg-0b000000000000020", "vpc_id": "vpc-0b000000000000002", "name": "sem-mixed",
                                                      "description": "mixed", "egress": [],
                                                      "ingress": [{"cidr_blocks": ["10.30.0.0/16"], "description": "", "from_port": 22,
                                                                   "ipv6_cidr_blocks": [], "prefix_list_ids": [], "protocol": "tcp",
                                                                   "security_groups": [], "self": False, "to_port": 22}],
                                                      "tags": {"Name": "sem-mixed"}}, schema_version=1))
    r.append(resource("aws_security_group_rule", "mixed_egress", {"id": "sgrule-1234567890", "security_group_id": "sg-0b000000000000020",
                                                                  "type": "egress", "protocol": "-1", "from_port": 0, "to_port": 0,
                                                                  "cidr_blocks": ["10.30.0.0/16"], "ipv6_cidr_blocks": [], "prefix_list_ids": [],
                                                                  "self": False, "source_security_group_id": None}, schema_version=2))
    # Instances: client in left, server (two groups) in right.
    r.append(resource("aws_instance", "client", {"id": "i-0a000000000000001", "subnet_id": "subnet-0a000000000000001", "private_ip": "10.30.1.10",
                                                 "public_ip": "", "primary_network_interface_id": "eni-0a000000000000001", "instance_state": "running",
                                                 "vpc_security_group_ids": ["sg-0a000000000000010"], "security_groups": [], "source_dest_check": True,
                                                 "associate_public_ip_address": False, "tags": {"Name": "sem-client"}}, schema_version=1))
    r.append(resource("aws_instance", "server", {"id": "i-0b000000000000001", "subnet_id": "subnet-0b000000000000002", "private_ip": "10.31.1.10",
                                                 "public_ip": "", "primary_network_interface_id": "eni-0b000000000000001", "instance_state": "running",
                                                 "vpc_security_group_ids": ["sg-0b000000000000010", "sg-0b000000000000020"], "security_groups": [],
                                                 "source_dest_check": True, "associate_public_ip_address": False, "tags": {"Name": "sem-server"}}, schema_version=1))
    # A managed prefix list (inline entry and a separate entry) that a server rule names.
    r.append(resource("aws_ec2_managed_prefix_list", "corp", {"id": "pl-0f000000000000001", "name": "sem-corp", "address_family": "IPv4",
                                                             "max_entries": 5, "entry": [{"cidr": "10.30.2.0/24", "description": "other"}],
                                                             "tags": {"Name": "sem-corp"}}))
    r.append(resource("aws_ec2_managed_prefix_list_entry", "client_subnet", {"id": "pl-0f000000000000001,10.30.1.0/24",
                                                                             "prefix_list_id": "pl-0f000000000000001", "cidr": "10.30.1.0/24",
                                                                             "description": "clients"}))
    r.append(resource("aws_vpc_security_group_ingress_rule", "server_https", {"id": "sgr-0b000000000000014", "security_group_id": "sg-0b000000000000010",
                                                                              "ip_protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_ipv4": None,
                                                                              "cidr_ipv6": None, "prefix_list_id": "pl-0f000000000000001",
                                                                              "referenced_security_group_id": None}))
    # A gateway endpoint for S3 in the left VPC's main route table, and a virtual private gateway attached to it.
    r.append(resource("aws_vpc_endpoint", "s3", {"id": "vpce-0a000000000000001", "vpc_id": "vpc-0a000000000000001",
                                                 "service_name": "com.amazonaws.us-east-1.s3", "vpc_endpoint_type": "Gateway", "state": "available",
                                                 "route_table_ids": [], "subnet_ids": [], "network_interface_ids": [],
                                                 "prefix_list_id": "pl-63a5400a", "tags": {"Name": "sem-s3"}}))
    r.append(resource("aws_vpc_endpoint_route_table_association", "s3_left", {"id": "a-vpce-0a0000000000000011234", "vpc_endpoint_id": "vpce-0a000000000000001",
                                                                              "route_table_id": "rtb-0a000000000000001"}))
    r.append(resource("aws_vpn_gateway", "left", {"id": "vgw-0a000000000000001", "vpc_id": "", "amazon_side_asn": "64512", "tags": {"Name": "sem-vgw"}}))
    r.append(resource("aws_vpn_gateway_attachment", "left", {"id": "vpn-attachment-1234", "vpn_gateway_id": "vgw-0a000000000000001",
                                                             "vpc_id": "vpc-0a000000000000001"}))
    # Types that do not change reachability: one warning each, never an error.
    r.append(resource("aws_flow_log", "left", {"id": "fl-0a000000000000001", "vpc_id": "vpc-0a000000000000001", "traffic_type": "ALL"}))
    r.append(resource("aws_flow_log", "right", {"id": "fl-0b000000000000001", "vpc_id": "vpc-0b000000000000002", "traffic_type": "ALL"}))
    # A transit gateway and an attachment of the left VPC (no route uses it).
    r.append(resource("aws_ec2_transit_gateway", "hub", {"id": "tgw-0d000000000000001", "description": "hub", "tags": {"Name": "sem-tgw"}}))
    r.append(resource("aws_ec2_transit_gateway_vpc_attachment", "left", {"id": "tgw-attach-0d000000000000001", "transit_gateway_id": "tgw-0d000000000000001",
                                                                         "vpc_id": "vpc-0a000000000000001", "subnet_ids": ["subnet-0a000000000000001"]}))
    for item in r:
        item.pop("_expressions", None)
    write("state/provider-semantics.json", {"format_version": "1.0", "terraform_version": VERSION,
                                            "values": {"root_module": {"resources": r}}})


def snapshot_json(lab, stage, name):
    with open(os.path.join(ROOT, "Queries", lab, stage, name)) as handle:
        return json.load(handle)


def named(items, name):
    return next(item for item in items if any(t["Key"] == "Name" and t["Value"] == name for t in item.get("Tags", [])))


def delete_plan(resources, deleted):
    """A plan over a captured snapshot whose state holds `resources` (with the snapshot's ids): `deleted` addresses are
    deleted, the rest no-op."""
    return noop_plan({"values": {"root_module": {"resources": resources}}}, remove=set(deleted))


def snapshot_plans():
    table = named(snapshot_json("transit", "04-blackhole-route", "describe-transit-gateway-route-tables.json")["TransitGatewayRouteTables"],
                  "Hub-tgw-rtb")["TransitGatewayRouteTableId"]
    route = resource("aws_ec2_transit_gateway_route", "blackhole", {
        "id": f"{table}_10.13.1.0/24", "blackhole": True, "destination_cidr_block": "10.13.1.0/24", "transit_gateway_attachment_id": "",
        "transit_gateway_route_table_id": table})
    write("plans/transit-04-remove-blackhole.json", delete_plan([route], [route["address"]]))

    table = named(snapshot_json("transit", "01-working", "describe-transit-gateway-route-tables.json")["TransitGatewayRouteTables"],
                  "Hub-tgw-rtb")["TransitGatewayRouteTableId"]
    attachment = named(snapshot_json("transit", "01-working", "describe-transit-gateway-attachments.json")["TransitGatewayAttachments"],
                       "Hub-C-attachment")
    values = {"id": f"{table}_{attachment['TransitGatewayAttachmentId']}", "resource_id": attachment["ResourceId"], "resource_type": "vpc",
              "transit_gateway_attachment_id": attachment["TransitGatewayAttachmentId"], "transit_gateway_route_table_id": table}
    association = resource("aws_ec2_transit_gateway_route_table_association", "hub_c", dict(values, replace_existing_association=False))
    write("plans/transit-01-remove-association.json", delete_plan([association], [association["address"]]))
    propagation = resource("aws_ec2_transit_gateway_route_table_propagation", "hub_c", values)
    write("plans/transit-01-remove-propagation.json", delete_plan([propagation], [propagation["address"]]))

    nat = named(snapshot_json("dataplane", "01-working", "describe-nat-gateways.json")["NatGateways"], "Lab-nat")
    address = nat["NatGatewayAddresses"][0]
    gateway = resource("aws_nat_gateway", "lab", {
        "id": nat["NatGatewayId"], "allocation_id": address["AllocationId"], "connectivity_type": "public",
        "network_interface_id": address["NetworkInterfaceId"], "private_ip": address["PrivateIp"], "public_ip": address["PublicIp"],
        "subnet_id": nat["SubnetId"], "tags": {"Name": "Lab-nat"}})
    write("plans/dataplane-01-remove-nat.json", delete_plan([gateway], [gateway["address"]]))

    prefix = "arn:aws:elasticloadbalancing:us-east-2:554773406868:"
    balancer = prefix + "loadbalancer/net/test-lb/725b996cb6be8fba"
    listener = resource("aws_lb_listener", "tcp_80", {
        "id": prefix + "listener/net/test-lb/725b996cb6be8fba/bad604160f6b5da7", "arn": prefix + "listener/net/test-lb/725b996cb6be8fba/bad604160f6b5da7",
        "load_balancer_arn": balancer, "port": 80, "protocol": "TCP",
        "default_action": [{"type": "forward", "order": 1, "target_group_arn": prefix + "targetgroup/test-lb-tg/8e891d8fcdf8ece8"}]})
    write("plans/corpus-lb-remove-listener.json", delete_plan([listener], [listener["address"]]))

    # test-lb updated in place: out of us-east-2b's subnet, into us-east-2c's (AWS keeps the us-east-2a node).
    lb_values = {"id": balancer, "arn": balancer, "name": "test-lb", "internal": True, "load_balancer_type": "network",
                 "ip_address_type": "ipv4", "security_groups": [], "subnets": ["subnet-0873d71031a560a88", "subnet-090fe152cd18ced20"],
                 "subnet_mapping": [{"subnet_id": "subnet-0873d71031a560a88", "allocation_id": "", "ipv6_address": "", "private_ipv4_address": "",
                                     "outpost_id": ""},
                                    {"subnet_id": "subnet-090fe152cd18ced20", "allocation_id": "", "ipv6_address": "", "private_ipv4_address": "",
                                     "outpost_id": ""}],
                 "vpc_id": "vpc-015b20578b48c1349", "enable_cross_zone_load_balancing": False, "tags": {}}
    old_lb = resource("aws_lb", "test", lb_values)
    moved = copy.deepcopy(lb_values)
    moved["subnets"] = ["subnet-0873d71031a560a88", "subnet-065a3676df7fa9fd9"]
    moved["subnet_mapping"] = None
    new_lb = resource("aws_lb", "test", moved)
    write("plans/corpus-lb-update-subnets.json",
          plan([copy.deepcopy(old_lb)], [copy.deepcopy(new_lb)],
               [change(old_lb, ["update"], old_lb["values"], new_lb["values"], ["subnet_mapping"])], [copy.deepcopy(new_lb)]))
    write("plans/corpus-lb-noop.json", delete_plan([old_lb], []))


def vpn_plans():
    """The data-plane lab's VPN (stage 01's ids) as Terraform state, and plans over the stage 01 snapshot that change it
    as stages 09-12 do; a plan that replaces the connection; a VPN connection to the transit gateway of
    state/transit-gateway.json."""
    stage = "01-working"
    vgw = snapshot_json("dataplane", stage, "describe-vpn-gateways.json")["VpnGateways"][0]
    cgw = snapshot_json("dataplane", stage, "describe-customer-gateways.json")["CustomerGateways"][0]
    vpn = snapshot_json("dataplane", stage, "describe-vpn-connections.json")["VpnConnections"][0]
    tables = snapshot_json("dataplane", stage, "describe-route-tables.json")["RouteTables"]
    private = named(tables, "Lab-rtb-private")["RouteTableId"]
    vpc = vgw["VpcAttachments"][0]["VpcId"]
    vgw_id, cgw_id, vpn_id = vgw["VpnGatewayId"], cgw["CustomerGatewayId"], vpn["VpnConnectionId"]
    arn = "arn:aws:ec2:us-east-1:123456789012:"
    telemetry = lambda status: [{"accepted_route_count": 0, "certificate_arn": "", "last_status_change": "2026-11-21T09:00:00Z",
                                 "outside_ip_address": t["OutsideIpAddress"], "status": status, "status_message": ""}
                                for t in vpn["VgwTelemetry"]]
    gateway = resource("aws_vpn_gateway", "lab", {"id": vgw_id, "arn": arn + "vpn-gateway/" + vgw_id, "amazon_side_asn": "64512",
                                                  "availability_zone": "", "vpc_id": "", "tags": {"Name": "Lab-vgw"}})
    attachment = resource("aws_vpn_gateway_attachment", "lab", {"id": f"vpn-attachment-{vgw_id[4:12]}", "vpc_id": vpc, "vpn_gateway_id": vgw_id})
    customer = resource("aws_customer_gateway", "lab", {"id": cgw_id, "arn": arn + "customer-gateway/" + cgw_id, "bgp_asn": "65000",
                                                        "certificate_arn": "", "device_name": "", "ip_address": "198.51.100.7",
                                                        "type": "ipsec.1", "tags": {"Name": "Lab-cgw"}})
    def connection_values(routes, status):
        return {"id": vpn_id, "arn": arn + "vpn-connection/" + vpn_id, "customer_gateway_id": cgw_id, "vpn_gateway_id": vgw_id,
                "transit_gateway_id": "", "transit_gateway_attachment_id": "", "type": "ipsec.1", "static_routes_only": True,
                "enable_acceleration": False, "tunnel1_address": vpn["VgwTelemetry"][0]["OutsideIpAddress"],
                "tunnel2_address": vpn["VgwTelemetry"][1]["OutsideIpAddress"],
                "routes": [{"destination_cidr_block": cidr, "source": "static", "state": "available"} for cidr in routes],
                "vgw_telemetry": telemetry(status), "tags": {"Name": "Lab-vpn"}}
    connection = resource("aws_vpn_connection", "lab", connection_values(["192.168.0.0/16"], "UP"))
    connection_route = resource("aws_vpn_connection_route", "onprem", {"id": f"192.168.0.0/16:{vpn_id}", "destination_cidr_block": "192.168.0.0/16",
                                                                      "vpn_connection_id": vpn_id})
    route = resource("aws_route", "private_onprem", {"id": f"r-{private}1080289494", "route_table_id": private, "destination_cidr_block": "192.168.0.0/16",
                                                      "gateway_id": vgw_id, "origin": "CreateRoute", "state": "active"})
    state = [gateway, attachment, customer, connection, connection_route, route]

    def over(state, planned, changes):
        return plan(copy.deepcopy(state), planned, changes, copy.deepcopy(planned))

    def unchanged(items):
        return [change(r, ["no-op"], r["values"], r["values"]) for r in items]

    write("plans/dataplane-vpn-01.json", over(state, copy.deepcopy(state), unchanged(state)))

    # 09: the static route to Lab-vgw replaced by route propagation from Lab-vgw.
    propagation = resource("aws_vpn_gateway_route_propagation", "private", {"route_table_id": private, "vpn_gateway_id": vgw_id},
                           expressions={"route_table_id": {"constant_value": private},
                                        "vpn_gateway_id": {"references": ["aws_vpn_gateway.lab.id", "aws_vpn_gateway.lab"]}})
    kept = [gateway, attachment, customer, connection, connection_route]
    write("plans/dataplane-vpn-09.json", over(state, copy.deepcopy(kept) + [copy.deepcopy(propagation)],
                                              unchanged(kept) + [change(route, ["delete"], route["values"], None),
                                                                 change(propagation, ["create"], None, propagation["values"], ["id"])]))

    # 10: the connection's static route is 172.16.0.0/12 (the route resource replaced; the connection's computed
    # routes still show the refreshed state until apply).
    new_route = resource("aws_vpn_connection_route", "onprem", {"destination_cidr_block": "172.16.0.0/12", "vpn_connection_id": vpn_id},
                         expressions={"destination_cidr_block": {"constant_value": "172.16.0.0/12"},
                                      "vpn_connection_id": {"references": ["aws_vpn_connection.lab.id", "aws_vpn_connection.lab"]}})
    kept = [gateway, attachment, customer, connection, route]
    write("plans/dataplane-vpn-10.json", over(state, copy.deepcopy(kept) + [copy.deepcopy(new_route)],
                                              unchanged(kept) + [change(connection_route, ["delete", "create"], connection_route["values"],
                                                                        new_route["values"], ["id"])]))

    # 11: both tunnels DOWN, as the refresh before the plan reads them.
    down = copy.deepcopy(connection)
    down["values"] = connection_values(["192.168.0.0/16"], "DOWN")
    refreshed = [gateway, attachment, customer, down, connection_route, route]
    write("plans/dataplane-vpn-11.json", over(refreshed, copy.deepcopy(refreshed), unchanged(refreshed)))

    # 12: Lab-vgw detached from Lab.
    kept = [gateway, customer, connection, connection_route, route]
    write("plans/dataplane-vpn-12.json", over(state, copy.deepcopy(kept),
                                              unchanged(kept) + [change(attachment, ["delete"], attachment["values"], None)]))

    # Over stage 09's snapshot (the route propagated): the connection, its route and the propagation deleted.
    propagated = resource("aws_vpn_gateway_route_propagation", "private", {"id": f"{vgw_id}_{private}", "route_table_id": private,
                                                                           "vpn_gateway_id": vgw_id})
    at_09 = [gateway, attachment, customer, connection, connection_route, propagated]
    kept = [gateway, attachment, customer]
    write("plans/dataplane-vpn-09-delete-connection.json",
          over(at_09, copy.deepcopy(kept), unchanged(kept) + [change(r, ["delete"], r["values"], None)
                                                             for r in (connection, connection_route, propagated)]))

    # Over stage 09's snapshot: the connection's static route 172.16.0.0/12 instead (propagated in its place).
    at_09 = [gateway, attachment, customer, connection, connection_route, propagated]
    kept = [gateway, attachment, customer, connection, propagated]
    write("plans/dataplane-vpn-09-move-route.json", over(at_09, copy.deepcopy(kept) + [copy.deepcopy(new_route)],
                                                        unchanged(kept) + [change(connection_route, ["delete", "create"], connection_route["values"],
                                                                                  new_route["values"], ["id"])]))

    # The customer gateway's address changes: it, the connection and the connection's route are replaced.
    new_customer = resource("aws_customer_gateway", "lab", dict(customer["values"], ip_address="198.51.100.8"),
                            expressions={"bgp_asn": {"constant_value": "65000"}, "ip_address": {"constant_value": "198.51.100.8"},
                                         "type": {"constant_value": "ipsec.1"}, "tags": {"constant_value": {"Name": "Lab-cgw"}}})
    del new_customer["values"]["id"], new_customer["values"]["arn"]
    new_connection = resource("aws_vpn_connection", "lab", {"customer_gateway_id": None, "vpn_gateway_id": vgw_id, "transit_gateway_id": None,
                                                            "type": "ipsec.1", "static_routes_only": True, "enable_acceleration": False,
                                                            "tags": {"Name": "Lab-vpn"}},
                              expressions={"customer_gateway_id": {"references": ["aws_customer_gateway.lab.id", "aws_customer_gateway.lab"]},
                                           "vpn_gateway_id": {"references": ["aws_vpn_gateway.lab.id", "aws_vpn_gateway.lab"]},
                                           "type": {"constant_value": "ipsec.1"}, "static_routes_only": {"constant_value": True},
                                           "tags": {"constant_value": {"Name": "Lab-vpn"}}})
    replaced_route = resource("aws_vpn_connection_route", "onprem", {"destination_cidr_block": "192.168.0.0/16", "vpn_connection_id": None},
                              expressions={"destination_cidr_block": {"constant_value": "192.168.0.0/16"},
                                           "vpn_connection_id": {"references": ["aws_vpn_connection.lab.id", "aws_vpn_connection.lab"]}})
    kept = [gateway, attachment, route]
    unknown_connection = ["id", "arn", "customer_gateway_id", "routes", "vgw_telemetry", "tunnel1_address", "tunnel2_address",
                          "transit_gateway_attachment_id"]
    write("plans/dataplane-vpn-replace.json", over(state, copy.deepcopy(kept) + copy.deepcopy([new_customer, new_connection, replaced_route]),
                                                   unchanged(kept) + [
                                                       change(customer, ["delete", "create"], customer["values"], new_customer["values"], ["id", "arn"]),
                                                       change(connection, ["delete", "create"], connection["values"], new_connection["values"], unknown_connection),
                                                       change(connection_route, ["delete", "create"], connection_route["values"], replaced_route["values"],
                                                              ["id", "vpn_connection_id"])]))

    # Over stage 13's snapshot (Direct Connect to Lab-vgw, the VPN deleted): a new VPN connection beside it.
    backup = resource("aws_vpn_connection", "backup", {"customer_gateway_id": cgw_id, "vpn_gateway_id": vgw_id, "transit_gateway_id": None,
                                                       "type": "ipsec.1", "static_routes_only": True, "enable_acceleration": False,
                                                       "tags": {"Name": "Lab-vpn-backup"}})
    backup_route = resource("aws_vpn_connection_route", "backup", {"destination_cidr_block": "192.168.0.0/16", "vpn_connection_id": None},
                            expressions={"destination_cidr_block": {"constant_value": "192.168.0.0/16"},
                                         "vpn_connection_id": {"references": ["aws_vpn_connection.backup.id", "aws_vpn_connection.backup"]}})
    write("plans/dataplane-13-add-vpn.json",
          plan([], [copy.deepcopy(backup), copy.deepcopy(backup_route)],
               [change(backup, ["create"], None, backup["values"], unknown_connection),
                change(backup_route, ["create"], None, backup_route["values"], ["id", "vpn_connection_id"])],
               [copy.deepcopy(backup), copy.deepcopy(backup_route)]))

    # A VPN connection to the transit gateway of state/transit-gateway.json.
    with open(os.path.join(HERE, "state", "transit-gateway.json")) as handle:
        transit = json.load(handle)
    resources = transit["values"]["root_module"]["resources"]
    resources.append(resource("aws_customer_gateway", "office", {"id": "cgw-0e000000000000001", "bgp_asn": "65010", "ip_address": "198.51.100.20",
                                                                 "type": "ipsec.1", "tags": {"Name": "tgw-office"}}))
    resources.append(resource("aws_vpn_connection", "office", {
        "id": "vpn-0e000000000000001", "customer_gateway_id": "cgw-0e000000000000001", "vpn_gateway_id": "",
        "transit_gateway_id": "tgw-0e000000000000001", "transit_gateway_attachment_id": "tgw-attach-0e0000000000000f1", "type": "ipsec.1",
        "static_routes_only": False, "tunnel1_address": "3.5.0.1", "tunnel2_address": "3.5.0.2", "routes": [],
        "vgw_telemetry": [{"accepted_route_count": 1, "certificate_arn": "", "last_status_change": "2026-11-21T09:00:00Z", "outside_ip_address": a,
                           "status": "UP", "status_message": "1 BGP ROUTES"} for a in ("3.5.0.1", "3.5.0.2")],
        "tags": {"Name": "tgw-office-vpn"}}))
    write("state/transit-gateway-vpn.json", transit)


if __name__ == "__main__":
    seed_plans()
    new_network()
    unknown_address()
    transit_gateway()
    load_balancer()
    provider_semantics()
    snapshot_plans()
    vpn_plans()
