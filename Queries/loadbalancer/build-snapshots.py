#!/usr/bin/env python3
"""Regenerate PathProof's load balancer fixtures (Queries/loadbalancer/<stage>/*.json).

What it does
    Builds one VPC in us-east-1, Shop 10.60.0.0/16, with two public subnets (Shop-public-a in us-east-1a, Shop-public-b
    in us-east-1b; route table: 0.0.0.0/0 -> Shop-igw) and two private ones (Shop-app-a, Shop-app-b; local routes only),
    two web servers (web-a in Shop-app-a, web-b in Shop-app-b), an internet-facing Application Load Balancer web-alb
    (listener HTTP:80 -> web-tg, instance targets web-a and web-b on port 80) and an internet-facing Network Load
    Balancer api-nlb (listener TCP:8080 -> api-tg, instance targets web-a and web-b on port 8080, cross-zone load
    balancing off as AWS creates an NLB, client-IP preservation on). Then it breaks one thing per stage (and mends it
    again), with the real AWS CLI (`aws ec2 ...`, `aws elbv2 ...`) against moto's emulator on 127.0.0.1 (a free port,
    dummy credentials; the emulator, the CLI runner and the corrections C1-C9 are Queries/fixturelib.py's). After every
    stage it writes what the describe commands print (the seed's ten EC2 outputs, and the Elastic Load Balancing v2
    ones, saved as README.md's capture recipe saves them), after the corrections below. The tests only read the
    committed JSON.

Usage
    Queries/loadbalancer/build-snapshots.py            # rebuild every stage folder next to this script
    Queries/loadbalancer/build-snapshots.py --check    # only check the committed folders (no moto needed)
    Queries/loadbalancer/build-snapshots.py --raw DIR  # also keep moto's uncorrected dumps in DIR
    Queries/loadbalancer/build-snapshots.py --out DIR  # write the stage folders into DIR instead

Stages (us-east-1; each is the working network with one change)     expected answers: see README.md
    01-working                  internet -> web-alb (HTTP:80) -> web-a, web-b on tcp/80; internet -> api-nlb (TCP:8080)
    02-no-listener              web-alb's listener HTTP:80 deleted; a listener HTTP:8000 -> web-tg instead
    03-lb-sg-blocks             lb-sg loses its inbound tcp/80 from 0.0.0.0/0
    04-target-sg-blocks-lb      web-sg loses its inbound tcp/80 from lb-sg
    05-target-not-registered    web-a and web-b deregistered from web-tg (no target)
    06-nlb-not-cross-zone       web-a deregistered from api-tg: only web-b (us-east-1b) is left, cross-zone off
    07-nlb-client-ip            web-sg's tcp/8080 rule admits 10.60.0.0/16 (the nodes) instead of 0.0.0.0/0: with
                                client-IP preservation the targets see the client's address
    08-internal-lb              web-alb deleted and created again with the scheme `internal` (same name, subnets,
                                security group, listener and target group); built last (new ARN, new nodes)

Moto 5.2.1 deviations corrected here (besides fixturelib's C1-C9; each in correct_lb() or where the script drives
moto, with a comment saying what moto does and what AWS does instead):
    L8  the ARN of a network load balancer: moto prints "loadbalancer/app/<name>/<id>" (and "listener/app/…");
        AWS prints "net" there. Replaced everywhere (ARNs, the nodes' descriptions).
    L1  no network interfaces for a load balancer's nodes. AWS creates one per enabled zone, in the zone's subnet,
        described `ELB <type>/<name>/<id>`. Corrected in moto's state: the script creates them with
        `aws ec2 create-network-interface --description "ELB app/web-alb/<id>"` (the load balancer's security groups;
        moto picks the private address). In the JSON they get what AWS prints for a node: InterfaceType "interface"
        (ALB) or "network_load_balancer" (NLB), the private
        address host 100 (web-alb) or 200 (api-nlb) of the subnet (moto would draw any, the subnet's network address
        too), RequesterId "amazon-elb", RequesterManaged true, Status "in-use", an
        Attachment {AttachmentId "ela-attach-…", DeleteOnTermination false, DeviceIndex 1, InstanceOwnerId
        "amazon-aws", Status "attached"}, SourceDestCheck false, Groups [] for an NLB without security groups (moto
        gives such an interface the VPC's default group); and for an internet-facing load balancer the public address
        of the node (an Association {IpOwnerId "amazon-elb", PublicDnsName, PublicIp} on the interface and on its
        primary private address, the address in 3.208.0.0/12, an EC2 range of us-east-1, derived from the private
        address so that every stage of a run has the same one).
    L2  describe-load-balancers: State {"Code": "provisioning"} stays so; AWS reaches "active" within minutes.
        Written as "active".
    L3  describe-load-balancers: no "Scheme". AWS prints "internet-facing" or "internal"; written as created.
    L4  describe-load-balancers: DNSName "<name>-1.us-east-1.elb.amazonaws.com" for every load balancer. AWS prints
        "<name>-<hash>.us-east-1.elb.amazonaws.com" (an ALB), "<name>-<hash>.elb.us-east-1.amazonaws.com" (an NLB),
        with "internal-" in front for an internal one. Written so (the hash from the ARN's id).
    L5  describe-load-balancer-attributes of an ALB: "load_balancing.cross_zone.enabled" is "false". AWS prints
        "true" (it is always on for an ALB). Written "true".
    L6  describe-target-group-attributes of a TCP target group: no "preserve_client_ip.enabled". AWS prints "true"
        for a TCP/UDP target group of instances (the default). Added.
    L7  describe-listeners prints "SslPolicy" and "AlpnPolicy" on HTTP and TCP listeners; AWS prints them only on
        HTTPS/TLS listeners. Removed.

Checked and found to match AWS (no correction): describe-target-groups (TargetType "instance", Protocol, Port,
health check settings, VpcId; LoadBalancerArns after a listener forwards to it); describe-listeners' DefaultActions
[{Type "forward", TargetGroupArn}]; describe-rules' default rule (Priority "default", IsDefault true, Conditions []);
describe-target-health: {Target {Id, Port}, HealthCheckPort, TargetHealth {State "healthy"}} per registered target,
[] for a group without targets; an NLB's "load_balancing.cross_zone.enabled" "false"; a load balancer's
AvailabilityZones [{ZoneName, SubnetId}], SecurityGroups.

Cosmetic deviations left as moto prints them: fixturelib's list; describe-load-balancers: no LoadBalancerAddresses []
in AvailabilityZones, CanonicalHostedZoneId "Z2P70J7EXAMPLE"; describe-target-health without the target's
AvailabilityZone (AWS prints it only for "all" zones of IP targets); describe-target-group-attributes lists fewer
keys than AWS; the health-check settings of the target groups are moto's defaults.

Files per stage (besides the seed's ten describe-*.json): elbv2-load-balancers.json, elbv2-target-groups.json,
elbv2-listeners-<load balancer id>.json, elbv2-rules-<listener id>.json (the ALB's listeners),
elbv2-target-health-<target group id>.json, and the attributes as the corpus collector wraps them (the bare
`describe-*-attributes` output does not name its load balancer or target group): LoadBalancerAttributes.json
{"LoadBalancerAttributes": [{"LoadBalancerArn", "Attributes"}]} and TargetGroupAttributes.json
{"TargetGroupAttributes": [{"TargetGroupArn", "Attributes"}]}.
"""
import ipaddress
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # Queries/, where fixturelib.py is
import fixturelib  # the emulator, the CLI runner, corrections C1-C9, dumping and checking stages, the command line

Fail = fixturelib.Fail

REGION = "us-east-1"
STAGES = ["01-working", "02-no-listener", "03-lb-sg-blocks", "04-target-sg-blocks-lb", "05-target-not-registered",
          "06-nlb-not-cross-zone", "07-nlb-client-ip", "08-internal-lb"]

VPC_CIDR = "10.60.0.0/16"
SUBNETS = {"Shop-public-a": ("10.60.1.0/24", "us-east-1a"), "Shop-public-b": ("10.60.2.0/24", "us-east-1b"),
           "Shop-app-a": ("10.60.11.0/24", "us-east-1a"), "Shop-app-b": ("10.60.12.0/24", "us-east-1b")}
INSTANCES = {"web-a": ("Shop-app-a", "10.60.11.10"), "web-b": ("Shop-app-b", "10.60.12.10")}
NODE_HOSTS = {"web-alb": 100, "api-nlb": 200}     # the host number of each load balancer's nodes in their subnets
NODE_POOL = ipaddress.ip_network("3.208.0.0/12")  # ip-ranges.json: EC2, us-east-1 (L1)

# what the ELB v2 files hold: file stem prefix -> the top-level key
ELB_FILES = {"elbv2-load-balancers": "LoadBalancers", "elbv2-target-groups": "TargetGroups",
             "elbv2-listeners-": "Listeners", "elbv2-rules-": "Rules", "elbv2-target-health-": "TargetHealthDescriptions",
             "LoadBalancerAttributes": "LoadBalancerAttributes", "TargetGroupAttributes": "TargetGroupAttributes"}


class Lab:
    def __init__(self, aws):
        self.aws = aws
        self.ids = {}       # Name -> id (EC2) or ARN (ELB)
        self.schemes = {}   # load balancer name -> scheme as created (L3)
        self.nodes = {}     # load balancer ARN -> its node interfaces (L1)

    def elbv2(self, command, *args):
        """`aws elbv2 <command>` against the emulator (fixturelib's runner knows only `aws ec2`)."""
        aws = self.aws
        argv = [aws.aws_bin, "--endpoint-url", aws.server.endpoint, "--region", REGION, "--output", "json",
                "elbv2", command, *args]
        res = subprocess.run(argv, env=aws.env, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300)
        if res.returncode != 0:
            raise Fail(f"aws elbv2 {command} {' '.join(args)} exited {res.returncode}:\n{res.stderr}")
        return json.loads(res.stdout) if res.stdout.strip() else {}

    def ec2(self, command, *args):
        return self.aws(REGION, command, *args)


# --------------------------------------------------------------------------- building

def tag(lab, name, rid):
    lab.ec2("create-tags", "--resources", rid, "--tags", f"Key=Name,Value={name}")
    lab.ids[name] = rid


def ingress(lab, sg, *spec):
    lab.ec2("authorize-security-group-ingress", "--group-id", lab.ids[sg], "--ip-permissions", *spec)


def revoke(lab, sg, *spec):
    lab.ec2("revoke-security-group-ingress", "--group-id", lab.ids[sg], "--ip-permissions", *spec)


HTTP_FROM_ANYWHERE = "IpProtocol=tcp,FromPort=80,ToPort=80,IpRanges=[{CidrIp=0.0.0.0/0}]"
API_FROM_ANYWHERE = "IpProtocol=tcp,FromPort=8080,ToPort=8080,IpRanges=[{CidrIp=0.0.0.0/0}]"
API_FROM_VPC = f"IpProtocol=tcp,FromPort=8080,ToPort=8080,IpRanges=[{{CidrIp={VPC_CIDR}}}]"


def http_from_lb(lab):
    return f"IpProtocol=tcp,FromPort=80,ToPort=80,UserIdGroupPairs=[{{GroupId={lab.ids['lb-sg']}}}]"


def create_load_balancer(lab, name, kind, scheme, subnets, groups):
    args = ["--name", name, "--type", kind, "--scheme", scheme, "--subnets", *[lab.ids[s] for s in subnets]]
    if groups:
        args += ["--security-groups", *[lab.ids[g] for g in groups]]
    (lb,) = lab.elbv2("create-load-balancer", *args)["LoadBalancers"]
    arn = lb["LoadBalancerArn"]
    lab.ids[name] = arn
    lab.schemes[name] = scheme
    # L1: moto makes no node interfaces; AWS makes one per zone, in the zone's subnet, with the load balancer's groups
    path = arn.split(":loadbalancer/")[1]
    lab.nodes[arn] = []
    for subnet in subnets:
        # moto would draw any address of the subnet, the network address too (AWS reserves the first four and
        # the last): each load balancer's nodes take a fixed host number of their subnet
        host = ipaddress.ip_network(SUBNETS[subnet][0]).network_address + NODE_HOSTS[name]
        args = ["--subnet-id", lab.ids[subnet], "--description", f"ELB {path}", "--private-ip-address", str(host)]
        if groups:
            args += ["--groups", *[lab.ids[g] for g in groups]]
        eni = lab.ec2("create-network-interface", *args)["NetworkInterface"]["NetworkInterfaceId"]
        lab.nodes[arn].append(eni)
    return arn


def delete_load_balancer(lab, name):
    arn = lab.ids[name]
    for listener in lab.elbv2("describe-listeners", "--load-balancer-arn", arn)["Listeners"]:
        lab.elbv2("delete-listener", "--listener-arn", listener["ListenerArn"])
    lab.elbv2("delete-load-balancer", "--load-balancer-arn", arn)
    for eni in lab.nodes.pop(arn):  # AWS deletes the nodes' interfaces with the load balancer
        lab.ec2("delete-network-interface", "--network-interface-id", eni)


def forward(lab, group):
    return f"Type=forward,TargetGroupArn={lab.ids[group]}"


def build(lab):
    ami = fixturelib.pick_ami(lab.aws, REGION)
    vpc = lab.ec2("create-vpc", "--cidr-block", VPC_CIDR, "--tag-specifications",
                  fixturelib.tag_spec("vpc", "Shop"))["Vpc"]["VpcId"]
    lab.ids["Shop"] = vpc
    for name, (cidr, zone) in SUBNETS.items():
        lab.ids[name] = lab.ec2("create-subnet", "--vpc-id", vpc, "--cidr-block", cidr, "--availability-zone", zone,
                                "--tag-specifications", fixturelib.tag_spec("subnet", name))["Subnet"]["SubnetId"]
    igw = lab.ec2("create-internet-gateway", "--tag-specifications",
                  fixturelib.tag_spec("internet-gateway", "Shop-igw"))["InternetGateway"]["InternetGatewayId"]
    lab.ids["Shop-igw"] = igw
    lab.ec2("attach-internet-gateway", "--internet-gateway-id", igw, "--vpc-id", vpc)
    for table, subnets in (("Shop-rtb-public", ("Shop-public-a", "Shop-public-b")),
                           ("Shop-rtb-app", ("Shop-app-a", "Shop-app-b"))):
        rtb = lab.ec2("create-route-table", "--vpc-id", vpc, "--tag-specifications",
                      fixturelib.tag_spec("route-table", table))["RouteTable"]["RouteTableId"]
        lab.ids[table] = rtb
        for subnet in subnets:
            lab.ec2("associate-route-table", "--route-table-id", rtb, "--subnet-id", lab.ids[subnet])
    lab.ec2("create-route", "--route-table-id", lab.ids["Shop-rtb-public"], "--destination-cidr-block", "0.0.0.0/0",
            "--gateway-id", igw)
    main = lab.ec2("describe-route-tables", "--filters", f"Name=vpc-id,Values={vpc}",
                   "Name=association.main,Values=true")["RouteTables"][0]["RouteTableId"]
    tag(lab, "Shop-rtb-main", main)
    for sg, what in (("lb-sg", "web-alb: HTTP from the internet"), ("web-sg", "web servers")):
        lab.ids[sg] = lab.ec2("create-security-group", "--group-name", sg, "--description", what, "--vpc-id", vpc,
                              "--tag-specifications", fixturelib.tag_spec("security-group", sg))["GroupId"]
    ingress(lab, "lb-sg", HTTP_FROM_ANYWHERE)
    ingress(lab, "web-sg", http_from_lb(lab))
    ingress(lab, "web-sg", API_FROM_ANYWHERE)
    for name, (subnet, address) in INSTANCES.items():
        inst = lab.ec2("run-instances", "--image-id", ami, "--instance-type", "t3.micro", "--count", "1",
                       "--subnet-id", lab.ids[subnet], "--private-ip-address", address,
                       "--security-group-ids", lab.ids["web-sg"], "--no-associate-public-ip-address",
                       "--tag-specifications", fixturelib.tag_spec("instance", name))["Instances"][0]
        lab.ec2("wait", "instance-running", "--instance-ids", inst["InstanceId"])
        lab.ids[name] = inst["InstanceId"]
        tag(lab, f"{name}-eni", inst["NetworkInterfaces"][0]["NetworkInterfaceId"])

    lab.ids["web-tg"] = lab.elbv2("create-target-group", "--name", "web-tg", "--protocol", "HTTP", "--port", "80",
                                  "--vpc-id", vpc, "--target-type", "instance")["TargetGroups"][0]["TargetGroupArn"]
    lab.ids["api-tg"] = lab.elbv2("create-target-group", "--name", "api-tg", "--protocol", "TCP", "--port", "8080",
                                  "--vpc-id", vpc, "--target-type", "instance")["TargetGroups"][0]["TargetGroupArn"]
    for group in ("web-tg", "api-tg"):
        lab.elbv2("register-targets", "--target-group-arn", lab.ids[group], "--targets",
                  f"Id={lab.ids['web-a']}", f"Id={lab.ids['web-b']}")
    create_web_alb(lab, "internet-facing")
    nlb = create_load_balancer(lab, "api-nlb", "network", "internet-facing", ("Shop-public-a", "Shop-public-b"), ())
    lab.elbv2("create-listener", "--load-balancer-arn", nlb, "--protocol", "TCP", "--port", "8080",
              "--default-actions", forward(lab, "api-tg"))


def create_web_alb(lab, scheme):
    alb = create_load_balancer(lab, "web-alb", "application", scheme, ("Shop-public-a", "Shop-public-b"), ("lb-sg",))
    lab.ids["web-alb-listener"] = lab.elbv2("create-listener", "--load-balancer-arn", alb, "--protocol", "HTTP",
                                            "--port", "80", "--default-actions",
                                            forward(lab, "web-tg"))["Listeners"][0]["ListenerArn"]


def stages(lab, dump):
    build(lab)
    dump.stage("01-working")

    lab.elbv2("delete-listener", "--listener-arn", lab.ids["web-alb-listener"])
    other = lab.elbv2("create-listener", "--load-balancer-arn", lab.ids["web-alb"], "--protocol", "HTTP",
                      "--port", "8000", "--default-actions", forward(lab, "web-tg"))["Listeners"][0]["ListenerArn"]
    dump.stage("02-no-listener")
    lab.elbv2("delete-listener", "--listener-arn", other)
    lab.ids["web-alb-listener"] = lab.elbv2("create-listener", "--load-balancer-arn", lab.ids["web-alb"],
                                            "--protocol", "HTTP", "--port", "80", "--default-actions",
                                            forward(lab, "web-tg"))["Listeners"][0]["ListenerArn"]

    revoke(lab, "lb-sg", HTTP_FROM_ANYWHERE)
    dump.stage("03-lb-sg-blocks")
    ingress(lab, "lb-sg", HTTP_FROM_ANYWHERE)

    revoke(lab, "web-sg", http_from_lb(lab))
    dump.stage("04-target-sg-blocks-lb")
    ingress(lab, "web-sg", http_from_lb(lab))

    both = [f"Id={lab.ids['web-a']}", f"Id={lab.ids['web-b']}"]
    lab.elbv2("deregister-targets", "--target-group-arn", lab.ids["web-tg"], "--targets", *both)
    dump.stage("05-target-not-registered")
    lab.elbv2("register-targets", "--target-group-arn", lab.ids["web-tg"], "--targets", *both)

    lab.elbv2("deregister-targets", "--target-group-arn", lab.ids["api-tg"], "--targets", f"Id={lab.ids['web-a']}")
    dump.stage("06-nlb-not-cross-zone")
    lab.elbv2("register-targets", "--target-group-arn", lab.ids["api-tg"], "--targets", f"Id={lab.ids['web-a']}")

    revoke(lab, "web-sg", API_FROM_ANYWHERE)
    ingress(lab, "web-sg", API_FROM_VPC)
    dump.stage("07-nlb-client-ip")
    revoke(lab, "web-sg", API_FROM_VPC)
    ingress(lab, "web-sg", API_FROM_ANYWHERE)

    delete_load_balancer(lab, "web-alb")
    create_web_alb(lab, "internal")
    dump.stage("08-internal-lb")


# --------------------------------------------------------------------------- dumping the ELB v2 outputs

def elb_outputs(lab):
    """What README.md's capture recipe saves, file stem -> the output (the attributes wrapped with their ARNs)."""
    out = {"elbv2-load-balancers": lab.elbv2("describe-load-balancers"),
           "elbv2-target-groups": lab.elbv2("describe-target-groups")}
    lb_attributes, tg_attributes = [], []
    for lb in out["elbv2-load-balancers"]["LoadBalancers"]:
        arn = lb["LoadBalancerArn"]
        listeners = lab.elbv2("describe-listeners", "--load-balancer-arn", arn)
        out[f"elbv2-listeners-{arn.split('/')[-1]}"] = listeners
        if lb["Type"] == "application":
            for listener in listeners["Listeners"]:
                out[f"elbv2-rules-{listener['ListenerArn'].split('/')[-1]}"] = \
                    lab.elbv2("describe-rules", "--listener-arn", listener["ListenerArn"])
        attributes = lab.elbv2("describe-load-balancer-attributes", "--load-balancer-arn", arn)["Attributes"]
        lb_attributes.append({"LoadBalancerArn": arn, "Attributes": attributes})
    for group in out["elbv2-target-groups"]["TargetGroups"]:
        arn = group["TargetGroupArn"]
        out[f"elbv2-target-health-{arn.split('/')[-1]}"] = lab.elbv2("describe-target-health", "--target-group-arn", arn)
        attributes = lab.elbv2("describe-target-group-attributes", "--target-group-arn", arn)["Attributes"]
        tg_attributes.append({"TargetGroupArn": arn, "Attributes": attributes})
    out["LoadBalancerAttributes"] = {"LoadBalancerAttributes": lb_attributes}
    out["TargetGroupAttributes"] = {"TargetGroupAttributes": tg_attributes}
    return out


def node_public_address(private):
    """L1: the same public address for the same node, from its private address, inside NODE_POOL."""
    o = [int(x) for x in private.split(".")]
    return str(ipaddress.ip_address(int(NODE_POOL.network_address) + (o[2] << 8) + o[3] + (o[1] << 16) % NODE_POOL.num_addresses))


def correct_lb(snap, lab):
    # L8: moto's ARN of a network load balancer reads "loadbalancer/app/<name>/<id>" (its listeners' "listener/app/…");
    # AWS's reads "net": everywhere (ARNs, the nodes' descriptions "ELB net/<name>/<id>")
    for lb in snap["elbv2-load-balancers"]["LoadBalancers"]:
        if lb["Type"] == "network":
            path = lb["LoadBalancerArn"].split(":loadbalancer/")[1]
            if path.startswith("app/"):
                snap = fixturelib.replace_strings(snap, f"/{path}", f"/net/{path[4:]}")
                snap = fixturelib.replace_strings(snap, f"ELB {path}", f"ELB net/{path[4:]}")
    load_balancers = snap["elbv2-load-balancers"]["LoadBalancers"]
    by_path = {lb["LoadBalancerArn"].split(":loadbalancer/")[1]: lb for lb in load_balancers}
    for lb in load_balancers:
        arn = lb["LoadBalancerArn"]
        # L2: moto leaves a new load balancer "provisioning"; AWS's is "active" within minutes
        lb["State"] = {"Code": "active"}
        # L3: moto prints no Scheme; AWS prints how it was created. Put where AWS prints it (after CreatedTime)
        scheme = lab.schemes[lb["LoadBalancerName"]]
        if "Scheme" not in lb:
            items = list(lb.items())
            at = [k for k, _ in items].index("VpcId")
            lb.clear()
            lb.update(items[:at] + [("Scheme", scheme)] + items[at:])
        # L4: moto's DNSName is "<name>-1.us-east-1.elb.amazonaws.com"; AWS's carries a hash, and "internal-"
        digest = arn.split("/")[-1][:8]
        prefix = "internal-" if scheme == "internal" else ""
        lb["DNSName"] = (f"{prefix}{lb['LoadBalancerName']}-{int(digest, 16)}.{REGION}.elb.amazonaws.com"
                         if lb["Type"] == "application"
                         else f"{prefix}{lb['LoadBalancerName']}-{digest}.elb.{REGION}.amazonaws.com")
    # L5: an ALB's cross-zone load balancing is always on; moto prints "false"
    types = {lb["LoadBalancerArn"]: lb["Type"] for lb in load_balancers}
    for entry in snap["LoadBalancerAttributes"]["LoadBalancerAttributes"]:
        if types[entry["LoadBalancerArn"]] == "application":
            for attribute in entry["Attributes"]:
                if attribute["Key"] == "load_balancing.cross_zone.enabled":
                    attribute["Value"] = "true"
    # L6: a TCP target group of instances has client-IP preservation on, which AWS prints
    protocols = {g["TargetGroupArn"]: (g["Protocol"], g["TargetType"]) for g in snap["elbv2-target-groups"]["TargetGroups"]}
    for entry in snap["TargetGroupAttributes"]["TargetGroupAttributes"]:
        protocol, kind = protocols[entry["TargetGroupArn"]]
        if protocol in ("TCP", "UDP", "TCP_UDP") and kind == "instance" and \
                not any(a["Key"] == "preserve_client_ip.enabled" for a in entry["Attributes"]):
            entry["Attributes"].append({"Key": "preserve_client_ip.enabled", "Value": "true"})
    # L7: SslPolicy / AlpnPolicy belong to HTTPS and TLS listeners only
    for stem, output in snap.items():
        if stem.startswith("elbv2-listeners-"):
            for listener in output["Listeners"]:
                if listener["Protocol"] in ("HTTP", "TCP", "UDP", "TCP_UDP"):
                    listener.pop("SslPolicy", None)
                    listener.pop("AlpnPolicy", None)
    # L1: the nodes' interfaces as AWS prints them
    account = fixturelib.account_of(snap)
    for eni in snap["describe-network-interfaces"]["NetworkInterfaces"]:
        description = eni.get("Description", "")
        if not description.startswith("ELB "):
            continue
        lb = by_path.get(description[4:])
        if lb is None:
            raise Fail(f"{eni['NetworkInterfaceId']} is described {description!r}, which names no load balancer")
        network = lb["Type"] == "network"
        eni["InterfaceType"] = "network_load_balancer" if network else "interface"
        eni["RequesterId"] = "amazon-elb"
        eni["RequesterManaged"] = True
        eni["Status"] = "in-use"
        eni["SourceDestCheck"] = False
        eni["Attachment"] = {"AttachmentId": "ela-attach-" + eni["NetworkInterfaceId"][4:12], "DeleteOnTermination": False,
                             "DeviceIndex": 1, "InstanceOwnerId": "amazon-aws", "Status": "attached"}
        if not lb.get("SecurityGroups"):
            eni["Groups"] = []
        eni.pop("Association", None)
        if lb.get("Scheme") == "internet-facing":
            public = node_public_address(eni["PrivateIpAddress"])
            association = {"IpOwnerId": "amazon-elb", "PublicDnsName": fixturelib.public_dns_name(public, REGION),
                           "PublicIp": public}
            eni["Association"] = dict(association)
            for pip in eni["PrivateIpAddresses"]:
                if pip.get("Primary"):
                    pip["Association"] = dict(association)
                    reordered = fixturelib.ordered(pip, "NetworkInterfacePrivateIpAddress")
                    pip.clear()
                    pip.update(reordered)
        eni["OwnerId"] = eni.get("OwnerId", account)
    return snap


# --------------------------------------------------------------------------- checks

def load_stage(folder):
    snap = fixturelib.load_stage(folder, fixturelib.DESCRIBE)
    for stem, data in snap.items():
        for prefix, key in ELB_FILES.items():
            if stem == prefix or (prefix.endswith("-") and stem.startswith(prefix)):
                if list(data) != [key]:
                    raise Fail(f"{folder}/{stem}.json: top-level keys {list(data)}, expected [{key!r}]")
    for stem in ("elbv2-load-balancers", "elbv2-target-groups", "LoadBalancerAttributes", "TargetGroupAttributes"):
        if stem not in snap:
            raise Fail(f"{folder}/{stem}.json: missing")
    return snap


def check_stage(stage, snap):
    where = stage
    k = STAGES.index(stage)
    lbs = {lb["LoadBalancerName"]: lb for lb in snap["elbv2-load-balancers"]["LoadBalancers"]}
    assert set(lbs) == {"web-alb", "api-nlb"}, where
    groups = {g["TargetGroupName"]: g for g in snap["elbv2-target-groups"]["TargetGroups"]}
    assert set(groups) == {"web-tg", "api-tg"}, where
    for name, lb in lbs.items():
        assert lb["State"] == {"Code": "active"}, f"{where}: {name} L2"
        want = "internal" if (name == "web-alb" and stage == "08-internal-lb") else "internet-facing"
        assert lb["Scheme"] == want, f"{where}: {name} L3"
        assert ("internal-" in lb["DNSName"]) is (want == "internal") and not lb["DNSName"].split("internal-")[-1].startswith(f"{name}-1."), f"{where}: L4"
        assert [z["ZoneName"] for z in lb["AvailabilityZones"]] == ["us-east-1a", "us-east-1b"], where
        path = lb["LoadBalancerArn"].split(":loadbalancer/")[1]
        assert path.startswith("app/" if name == "web-alb" else "net/"), f"{where}: {path} (L8)"
        nodes = [e for e in snap["describe-network-interfaces"]["NetworkInterfaces"] if e.get("Description") == f"ELB {path}"]
        assert sorted(e["SubnetId"] for e in nodes) == sorted(z["SubnetId"] for z in lb["AvailabilityZones"]), \
            f"{where}: {name}'s nodes (L1)"
        for node in nodes:
            assert node["RequesterId"] == "amazon-elb" and node["Attachment"]["InstanceOwnerId"] == "amazon-aws", where
            assert ("Association" in node) is (want == "internet-facing"), f"{where}: {name} node public address"
            if name == "web-alb":
                assert [g["GroupName"] for g in node["Groups"]] == ["lb-sg"], where
            else:
                assert node["Groups"] == [] and node["InterfaceType"] == "network_load_balancer", where
        listeners = [l for stem, out in snap.items() if stem == f"elbv2-listeners-{lb['LoadBalancerArn'].split('/')[-1]}"
                     for l in out["Listeners"]]
        ports = [(l["Protocol"], l["Port"]) for l in listeners]
        if name == "web-alb":
            assert ports == ([("HTTP", 8000)] if stage == "02-no-listener" else [("HTTP", 80)]), f"{where}: {ports}"
            for l in listeners:
                assert f"elbv2-rules-{l['ListenerArn'].split('/')[-1]}" in snap, f"{where}: no rules for {l['ListenerArn']}"
        else:
            assert ports == [("TCP", 8080)], where
        for l in listeners:
            assert "SslPolicy" not in l, f"{where}: L7"
    instances = {fixturelib.named(fixturelib.instances(snap), n)["InstanceId"]: n for n in INSTANCES}
    def targets(group):
        health = snap[f"elbv2-target-health-{groups[group]['TargetGroupArn'].split('/')[-1]}"]["TargetHealthDescriptions"]
        assert all(t["TargetHealth"]["State"] == "healthy" for t in health), where
        return sorted(instances[t["Target"]["Id"]] for t in health)
    assert targets("web-tg") == ([] if k == 4 else ["web-a", "web-b"]), f"{where}: web-tg"
    assert targets("api-tg") == (["web-b"] if k == 5 else ["web-a", "web-b"]), f"{where}: api-tg"
    cross = {e["LoadBalancerArn"]: {a["Key"]: a["Value"] for a in e["Attributes"]}
             for e in snap["LoadBalancerAttributes"]["LoadBalancerAttributes"]}
    assert cross[lbs["web-alb"]["LoadBalancerArn"]]["load_balancing.cross_zone.enabled"] == "true", f"{where}: L5"
    assert cross[lbs["api-nlb"]["LoadBalancerArn"]]["load_balancing.cross_zone.enabled"] == "false", where
    tga = {e["TargetGroupArn"]: {a["Key"]: a["Value"] for a in e["Attributes"]}
           for e in snap["TargetGroupAttributes"]["TargetGroupAttributes"]}
    assert tga[groups["api-tg"]["TargetGroupArn"]]["preserve_client_ip.enabled"] == "true", f"{where}: L6"

    sgs = {g["GroupName"]: g for g in snap["describe-security-groups"]["SecurityGroups"] if g["GroupName"] != "default"}
    def inbound(sg):
        return sorted((p["IpProtocol"], p.get("FromPort"), [r["CidrIp"] for r in p["IpRanges"]],
                       [pair["GroupId"] for pair in p["UserIdGroupPairs"]]) for p in sgs[sg]["IpPermissions"])
    lb_sg = sgs["lb-sg"]["GroupId"]
    assert inbound("lb-sg") == ([] if k == 2 else [("tcp", 80, ["0.0.0.0/0"], [])]), f"{where}: lb-sg {inbound('lb-sg')}"
    web = [("tcp", 80, [], [lb_sg])] if k != 3 else []
    web.append(("tcp", 8080, [VPC_CIDR if k == 6 else "0.0.0.0/0"], []))
    assert inbound("web-sg") == sorted(web), f"{where}: web-sg {inbound('web-sg')}"
    text = json.dumps(snap)
    assert '"127.' not in text and "-127-" not in text, f"{where}: loopback address left"


def check_tree(root):
    fixturelib.check_stages(root, STAGES, load_stage, check_stage)


# --------------------------------------------------------------------------- main

def main():
    def labs(aws, out, raw):
        lab = Lab(aws)
        dump = fixturelib.StageDumper(aws, out, raw, fixturelib.Run(), REGION, [], lambda snap: correct_lb(snap, lab),
                                      more=lambda _snap: elb_outputs(lab))
        return [(None, lambda: stages(lab, dump))]
    fixturelib.build_main(__doc__, "pathproof-loadbalancer-", HERE, STAGES, check_tree, labs)


if __name__ == "__main__":
    fixturelib.run_cli(main)
