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

Moto 5.2.1 deviations corrected here (they matter to a reachability analysis; each correction is in
correct_snapshot() with a comment saying what moto prints and what AWS prints instead):
    C1  default security groups have no inbound rule; AWS gives every default SG an inbound rule
        allowing all traffic from the group itself (UserIdGroupPairs [{UserId, GroupId: itself}]).
    C2  the default VPC has no internet gateway; in AWS it has one attached, and its main route table
        has 0.0.0.0/0 -> that igw. An igw (id derived from the VPC id) and the route are added.
    C3  VPC peering RequesterVpcInfo/AccepterVpcInfo lack CidrBlockSet; AWS lists every IPv4 CIDR of
        the VPC there ([{"CidrBlock": ...}]).
    C4  Instances[].SecurityGroups is [] when the instance was launched with a network-interface
        specification (what --no-associate-public-ip-address makes, like the console does); AWS lists
        the primary ENI's groups there.
    C5  describe-instances prints "Association": {} on an ENI that has no public IP; AWS omits the key.
    C6  describe-network-interfaces: after an Elastic IP association the ENI's
        PrivateIpAddresses[].Association is missing; AWS repeats the association (AllocationId,
        AssociationId, IpOwnerId, PublicDnsName, PublicIp) on the private IP it maps to.
    C7  Elastic IPs are drawn from 127.0.0.0/8 (loopback); AWS allocates a public address of the
        region's pool. They are mapped (same address in every stage of a run) into 44.192.0.0/11, an
        Amazon EC2 range of us-east-1, everywhere they appear (addresses, instance PublicIpAddress /
        PublicDnsName, ENI associations); the ENI association's PublicDnsName, which moto prints as
        "ip-127-x-y-z.ec2.internal", becomes the instance's public DNS name as AWS prints it.
    C8  custom network ACLs lack the final rule-32767 "*" deny entries (both directions); AWS always
        prints them. A no-op in these stages (only default NACLs, which moto prints correctly), kept so
        that an added custom NACL comes out right.
    C9  10-inter-region-sg-reference: NextWork-2-sg (us-west-2) gets an inbound ICMP rule whose
        source is NextWork-1-sg, the peer VPC's group in us-east-1. AWS refuses such a rule
        (InvalidGroup.NotFound: a peer VPC's security group can only be referenced within a region),
        and so does moto, so the rule is added to the dumped JSON, in the shape AWS prints for a
        peer-VPC group reference: UserIdGroupPairs [{UserId, GroupId, VpcId, VpcPeeringConnectionId,
        PeeringStatus}]. (If a later moto accepts the call, the rule comes from moto instead.) The
        fixture stands for "the learner's intent", a rule that AWS would never let take effect.

Checked and found to match AWS (no correction): default NACL entries (100 allow + 32767 deny, both
directions, IPv4); peering Status {Code, Message}: "pending-acceptance"/"Pending Acceptance by
<account>", "active"/"Active", RequesterVpcInfo/AccepterVpcInfo CidrBlock, OwnerId, Region (the
inter-region peering shows the same pcx id in both regions); routes' State "active" and Origin
("CreateRouteTable" for the local route, "CreateRoute" for added ones), the local route per VPC CIDR;
main/explicit route table associations with AssociationState; instance State {Code 16, Name
"running"}, PrivateIpAddress, PublicIpAddress after the EIP association; describe-addresses
AllocationId, AssociationId, Domain, InstanceId, NetworkInterfaceId, NetworkInterfaceOwnerId,
PrivateIpAddress, PublicIp; security group IpPermissions/IpPermissionsEgress shapes (IpProtocol,
FromPort, ToPort, UserIdGroupPairs, IpRanges, Ipv6Ranges, PrefixListIds; ICMP as "icmp" -1/-1);
internet gateway attachment State "available"; subnets' AvailableIpAddressCount (251 - instances).

Cosmetic deviations left as moto prints them (no effect on reachability):
    - owner/account id is moto's 123456789012; AMIs are moto's catalogue; MAC addresses 02:00:00:..
    - describe-vpcs: DhcpOptionsId "default" (AWS: dopt-...), Ipv6CidrBlockAssociationSet [] printed
      (AWS omits it without IPv6), no BlockPublicAccessStates.
    - describe-subnets: no EnableDns64, MapCustomerOwnedIpOnLaunch, BlockPublicAccessStates.
    - describe-route-tables: no "PropagatingVgws": [].
    - describe-vpc-peering-connections: no ExpirationTime on a pending-acceptance connection. For the
      inter-region connection the Name tag shows in both regions (in AWS each side carries its own
      tags; the accepter would have to name it too).
    - describe-instances: no "PublicDnsName": "" on an instance without a public IP (AWS prints the
      empty string); StateReason {"Code": "", "Message": ""} on running instances (AWS omits it),
      HibernationOptions {} (AWS {"Configured": false}), root device /dev/sda1 in
      BlockDeviceMappings but RootDeviceName /dev/xvda, no CpuOptions, EnaSupport, PlatformDetails,
      MaintenanceOptions, PrivateDnsNameOptions...; ENI Attachment.DeleteOnTermination false (the
      console launch sets true); PrivateIpAddresses[].PrivateDnsName missing.
    - describe-network-interfaces: RequesterId on instance ENIs; in us-west-2 PrivateDnsName
      "ip-10-2-0-10.ec2.internal" (AWS: ip-10-2-0-10.us-west-2.compute.internal).
    - describe-addresses: no PublicIpv4Pool "amazon", NetworkBorderGroup.

What moto could not do: see C9 (the cross-region security-group reference; AWS cannot either).

Naming: the tutorial's resources carry the Name tags the brief of these fixtures fixed
(NextWork-1, NextWork-1-subnet-public1, NextWork-1-igw, NextWork-1-rtb-public, NextWork-1-sg,
NextWork-1-instance, NextWork-peering, NextWork-1-eip, same for -2). The resources AWS creates with a
VPC (main route table, default NACL, default SG) and the instances' ENIs get Name tags too, so that
tests can find them: NextWork-1-rtb-main, NextWork-1-acl-default, NextWork-1-sg-default,
NextWork-1-instance-eni. The default VPC and its resources stay unnamed, as in a real account.
"""
import argparse
import hashlib
import ipaddress
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
MOTO_VERSION = "5.2.1"
ACCOUNT_FALLBACK = "123456789012"

# command -> the top-level key AWS prints
DESCRIBE = {
    "describe-vpcs": "Vpcs",
    "describe-subnets": "Subnets",
    "describe-route-tables": "RouteTables",
    "describe-vpc-peering-connections": "VpcPeeringConnections",
    "describe-security-groups": "SecurityGroups",
    "describe-network-acls": "NetworkAcls",
    "describe-internet-gateways": "InternetGateways",
    "describe-instances": "Reservations",
    "describe-network-interfaces": "NetworkInterfaces",
    "describe-addresses": "Addresses",
}

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

# Member order of the AWS shapes that corrections add keys to (the order `aws` prints them in,
# which is the order of the EC2 service model).
ORDER = {
    "UserIdGroupPair": ["Description", "UserId", "GroupName", "GroupId", "VpcId",
                        "VpcPeeringConnectionId", "PeeringStatus"],
    "IpPermission": ["IpProtocol", "FromPort", "ToPort", "UserIdGroupPairs", "IpRanges",
                     "Ipv6Ranges", "PrefixListIds"],
    "VpcPeeringConnectionVpcInfo": ["CidrBlock", "Ipv6CidrBlockSet", "CidrBlockSet", "OwnerId",
                                    "PeeringOptions", "VpcId", "Region"],
    "NetworkInterfacePrivateIpAddress": ["Association", "Primary", "PrivateDnsName",
                                         "PrivateIpAddress"],
    "NetworkInterfaceAssociation": ["AllocationId", "AssociationId", "IpOwnerId", "PublicDnsName",
                                    "PublicIp", "CustomerOwnedIp", "CarrierIp"],
    "Route": ["DestinationCidrBlock", "DestinationIpv6CidrBlock", "DestinationPrefixListId",
              "EgressOnlyInternetGatewayId", "GatewayId", "InstanceId", "InstanceOwnerId",
              "NatGatewayId", "TransitGatewayId", "LocalGatewayId", "CarrierGatewayId",
              "NetworkInterfaceId", "Origin", "State", "VpcPeeringConnectionId"],
}


class Fail(Exception):
    pass


def ordered(d, shape):
    """d's keys in the order AWS prints them for `shape`; unknown keys keep their place at the end."""
    order = ORDER[shape]
    known = [k for k in order if k in d]
    rest = [k for k in d if k not in order]
    return {k: d[k] for k in known + rest}


# --------------------------------------------------------------------------- tools and server

def find_tool(name, extra_dirs=()):
    found = shutil.which(name)
    if found:
        return found
    dirs = [*extra_dirs, sysconfig.get_path("scripts"), os.path.dirname(sys.executable),
            os.path.expanduser("~/.local/bin")]
    for d in dirs:
        cand = os.path.join(d, name)
        if d and os.path.isfile(cand) and os.access(cand, os.X_OK):
            return cand
    return None


def ensure_tools():
    aws, moto = find_tool("aws"), find_tool("moto_server")
    if aws and moto:
        return aws, moto
    pkgs = ["awscli", f"moto[server]=={MOTO_VERSION}"]
    print(f"`aws` or `moto_server` missing: pip install {' '.join(pkgs)}", file=sys.stderr)
    venv_bin = []
    if subprocess.call([sys.executable, "-m", "pip", "install", "--quiet", *pkgs]) != 0:
        # e.g. an externally managed system Python: install into a private virtual environment
        venv = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "pathproof-seed-venv"
        subprocess.check_call([sys.executable, "-m", "venv", str(venv)])
        subprocess.check_call([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", *pkgs])
        venv_bin = [str(venv / "bin")]
    aws, moto = find_tool("aws", venv_bin), find_tool("moto_server", venv_bin)
    if not (aws and moto):
        raise Fail("awscli and moto[server] were installed but `aws` / `moto_server` cannot be found")
    return aws, moto


class MotoServer:
    """moto_server bound to 127.0.0.1 on a free port. stop() ends it (and only it)."""

    def __init__(self, moto_bin, logdir):
        self.moto_bin, self.logdir = moto_bin, logdir
        self.proc, self.port, self._log = None, None, None

    def start(self):
        for _ in range(5):
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
                s.bind(("127.0.0.1", 0))
                port = s.getsockname()[1]
            self._log = open(os.path.join(self.logdir, f"moto-{port}.log"), "wb")
            self.proc = subprocess.Popen([self.moto_bin, "-H", "127.0.0.1", "-p", str(port)],
                                         stdin=subprocess.DEVNULL, stdout=self._log,
                                         stderr=subprocess.STDOUT)
            deadline = time.time() + 60
            while time.time() < deadline and self.proc.poll() is None:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/moto-api/data.json", timeout=2):
                        self.port = port
                        return
                except OSError:
                    time.sleep(0.25)
            self.stop()  # exited (port taken meanwhile?) or never answered: try another port
        raise Fail(f"moto_server did not start; logs in {self.logdir}")

    def stop(self):
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.terminate()
                try:
                    self.proc.wait(15)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
            self.proc = None
        if self._log is not None:
            self._log.close()
            self._log = None

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"


class Aws:
    """Runs `aws ec2 ...` against the emulator, with dummy credentials and no user configuration."""

    def __init__(self, aws_bin, server, tmp):
        self.aws_bin, self.server = aws_bin, server
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        self.env.update({
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_SESSION_TOKEN": "testing",
            "AWS_DEFAULT_REGION": REGION_A,
            "AWS_CONFIG_FILE": os.path.join(tmp, "no-config"),
            "AWS_SHARED_CREDENTIALS_FILE": os.path.join(tmp, "no-credentials"),
            "AWS_EC2_METADATA_DISABLED": "true",
        })

    def run(self, region, command, *args):
        """Returns (exit code, stdout, stderr)."""
        argv = [self.aws_bin, "--endpoint-url", self.server.endpoint, "--region", region,
                "--output", "json", "ec2", command, *args]
        res = subprocess.run(argv, env=self.env, capture_output=True, text=True,
                             stdin=subprocess.DEVNULL, timeout=300)
        return res.returncode, res.stdout, res.stderr

    def __call__(self, region, command, *args):
        code, out, err = self.run(region, command, *args)
        if code != 0:
            raise Fail(f"aws --region {region} ec2 {command} {' '.join(args)} exited {code}:\n{err}")
        return json.loads(out) if out.strip() else {}


def tag_spec(resource_type, name):
    return f"ResourceType={resource_type},Tags=[{{Key=Name,Value={name}}}]"


# --------------------------------------------------------------------------- the tutorial's steps

def pick_ami(aws, region):
    images = aws(region, "describe-images", "--owners", "amazon", "--filters",
                 "Name=name,Values=al2023-ami-2023*-kernel-6.1-x86_64")["Images"]
    if not images:
        images = aws(region, "describe-images", "--owners", "amazon")["Images"]
    return sorted(images, key=lambda i: i.get("Name", ""))[-1]["ImageId"]


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


# --------------------------------------------------------------------------- corrections

class Run:
    """State shared by the corrections of one run (so that every stage maps alike)."""

    def __init__(self):
        self.eip_map = {}          # moto's 127.x.y.z elastic IP -> the public address written
        self.injected_rules = []   # (region, group_id, IpPermission) added by C9


def walk(obj):
    """Every dict inside obj (obj included)."""
    if isinstance(obj, dict):
        yield obj
        for v in obj.values():
            yield from walk(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from walk(v)


def replace_strings(obj, old, new):
    if isinstance(obj, dict):
        return {k: replace_strings(v, old, new) for k, v in obj.items()}
    if isinstance(obj, list):
        return [replace_strings(v, old, new) for v in obj]
    if isinstance(obj, str) and old in obj:
        return obj.replace(old, new)
    return obj


def public_address_for(run, moto_ip):
    """The same public address for the same moto address, all stages of a run alike."""
    if moto_ip not in run.eip_map:
        o = [int(x) for x in moto_ip.split(".")]
        cand = ipaddress.ip_address(f"44.{192 + o[1] % 32}.{o[2]}.{o[3]}")
        pool = ipaddress.ip_network("44.192.0.0/11")
        while str(cand) in run.eip_map.values() or int(cand) % 256 in (0, 255):
            cand = cand + 1 if cand + 1 in pool else pool.network_address + 1
        run.eip_map[moto_ip] = str(cand)
    return run.eip_map[moto_ip]


def public_dns_name(ip, region):
    dashed = ip.replace(".", "-")
    if region == "us-east-1":
        return f"ec2-{dashed}.compute-1.amazonaws.com"
    return f"ec2-{dashed}.{region}.compute.amazonaws.com"


def correct_snapshot(snap, region, all_vpcs, run):
    """snap: {command: parsed JSON} for one region at one stage; returns the corrected dict."""
    account = next((v["OwnerId"] for v in snap["describe-vpcs"]["Vpcs"]), ACCOUNT_FALLBACK)

    # C7: moto allocates Elastic IPs from 127.0.0.0/8 (utils.random_ip). AWS allocates a public
    # IPv4 address from the region's Amazon pool. Replace each one, everywhere it appears (also
    # inside public DNS names "ec2-127-a-b-c..." / "ip-127-a-b-c..."), by one in 44.192.0.0/11.
    for addr in snap["describe-addresses"]["Addresses"]:
        ip = addr.get("PublicIp", "")
        if ip.startswith("127."):
            new = public_address_for(run, ip)
            snap = replace_strings(snap, ip, new)
            snap = replace_strings(snap, ip.replace(".", "-"), new.replace(".", "-"))
    # C7 (cont.): moto names the ENI association's PublicDnsName "ip-<public ip>.ec2.internal";
    # AWS prints the public DNS name there, the same as the instance's PublicDnsName.
    for d in walk(snap):
        assoc = d.get("Association")
        if isinstance(assoc, dict) and assoc.get("PublicIp") and \
                str(assoc.get("PublicDnsName", "")).startswith("ip-"):
            assoc["PublicDnsName"] = public_dns_name(assoc["PublicIp"], region)

    # C5: moto prints "Association": {} on instance ENIs (and their private IPs) without a public
    # IP. AWS omits the Association key when there is no public address.
    for d in walk(snap["describe-instances"]):
        if d.get("Association") == {}:
            del d["Association"]

    # C4: launched with a network-interface specification, moto leaves Instances[].SecurityGroups
    # empty. AWS lists there the security groups of the primary network interface (DeviceIndex 0).
    for res in snap["describe-instances"]["Reservations"]:
        for inst in res["Instances"]:
            if not inst.get("SecurityGroups"):
                primary = [ni for ni in inst.get("NetworkInterfaces", [])
                           if ni.get("Attachment", {}).get("DeviceIndex") == 0]
                if primary:
                    inst["SecurityGroups"] = [{"GroupId": g["GroupId"], "GroupName": g["GroupName"]}
                                              for g in primary[0].get("Groups", [])]

    # C6: after associate-address, moto's describe-network-interfaces prints the association on
    # the ENI but not on PrivateIpAddresses[]. AWS prints it on the private IP it is mapped to
    # (the primary one, unless associate-address named another).
    eip_by_private = {(a.get("NetworkInterfaceId"), a.get("PrivateIpAddress")): a
                      for a in snap["describe-addresses"]["Addresses"] if a.get("AssociationId")}
    for eni in snap["describe-network-interfaces"]["NetworkInterfaces"]:
        for pip in eni.get("PrivateIpAddresses", []):
            if "Association" in pip:
                continue
            addr = eip_by_private.get((eni["NetworkInterfaceId"], pip.get("PrivateIpAddress")))
            if addr is None:
                continue
            assoc = {"AllocationId": addr["AllocationId"], "AssociationId": addr["AssociationId"],
                     "IpOwnerId": addr.get("NetworkInterfaceOwnerId", account),
                     "PublicDnsName": eni.get("Association", {}).get("PublicDnsName")
                     or public_dns_name(addr["PublicIp"], region),
                     "PublicIp": addr["PublicIp"]}
            pip["Association"] = ordered(assoc, "NetworkInterfaceAssociation")
            reordered = ordered(pip, "NetworkInterfacePrivateIpAddress")
            pip.clear()
            pip.update(reordered)

    # C1: moto's default security groups have no inbound rule. AWS creates every VPC's default
    # security group with one inbound rule: all traffic (-1) from members of the group itself.
    for sg in snap["describe-security-groups"]["SecurityGroups"]:
        if sg["GroupName"] == "default" and not any(
                pair.get("GroupId") == sg["GroupId"]
                for perm in sg.get("IpPermissions", []) for pair in perm.get("UserIdGroupPairs", [])):
            sg["IpPermissions"].insert(0, ordered({
                "IpProtocol": "-1",
                "UserIdGroupPairs": [ordered({"UserId": sg.get("OwnerId", account),
                                              "GroupId": sg["GroupId"]}, "UserIdGroupPair")],
                "IpRanges": [], "Ipv6Ranges": [], "PrefixListIds": []}, "IpPermission"))

    # C9: the cross-region security-group reference that neither AWS nor moto accepts (see header).
    for rule_region, group_id, perm in run.injected_rules:
        if rule_region != region:
            continue
        for sg in snap["describe-security-groups"]["SecurityGroups"]:
            if sg["GroupId"] == group_id and perm not in sg["IpPermissions"]:
                sg["IpPermissions"].append(perm)

    # C2: moto's default VPC has no internet gateway. In AWS every default VPC comes with an
    # attached internet gateway (untagged), and its main route table routes 0.0.0.0/0 to it.
    for vpc in snap["describe-vpcs"]["Vpcs"]:
        if not vpc.get("IsDefault"):
            continue
        igws = snap["describe-internet-gateways"]["InternetGateways"]
        if any(att.get("VpcId") == vpc["VpcId"] for g in igws for att in g.get("Attachments", [])):
            continue
        igw_id = "igw-" + hashlib.sha256(vpc["VpcId"].encode()).hexdigest()[:17]
        igws.insert(0, {"Attachments": [{"State": "available", "VpcId": vpc["VpcId"]}],
                        "InternetGatewayId": igw_id, "OwnerId": vpc.get("OwnerId", account),
                        "Tags": []})
        for rtb in snap["describe-route-tables"]["RouteTables"]:
            if rtb["VpcId"] == vpc["VpcId"] and any(a.get("Main") for a in rtb["Associations"]) \
                    and not any(r.get("DestinationCidrBlock") == "0.0.0.0/0" for r in rtb["Routes"]):
                rtb["Routes"].append(ordered({"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": igw_id,
                                              "Origin": "CreateRoute", "State": "active"}, "Route"))

    # C3: moto's RequesterVpcInfo / AccepterVpcInfo have no CidrBlockSet. AWS lists every IPv4
    # CIDR block of that VPC in CidrBlockSet ([{"CidrBlock": ...}]), also for a peer in another
    # region. all_vpcs holds the VPCs of every region dumped at this stage.
    for pcx in snap["describe-vpc-peering-connections"]["VpcPeeringConnections"]:
        for side in ("RequesterVpcInfo", "AccepterVpcInfo"):
            info = pcx.get(side)
            if not info or "CidrBlockSet" in info:
                continue
            vpc = all_vpcs.get(info.get("VpcId"))
            cidrs = [a["CidrBlock"] for a in (vpc or {}).get("CidrBlockAssociationSet", [])
                     if a.get("CidrBlockState", {}).get("State") == "associated"] \
                or [info["CidrBlock"]]
            info["CidrBlockSet"] = [{"CidrBlock": c} for c in cidrs]
            pcx[side] = ordered(info, "VpcPeeringConnectionVpcInfo")

    # C8: moto's custom (non-default) network ACLs lack the rule-32767 "*" deny entries. AWS
    # prints, for every NACL, RuleNumber 32767, Protocol "-1", CidrBlock 0.0.0.0/0, RuleAction
    # "deny", once with Egress true and once with Egress false (last in each direction).
    for acl in snap["describe-network-acls"]["NetworkAcls"]:
        for egress in (True, False):
            if not any(e["RuleNumber"] == 32767 and e["Egress"] == egress and e.get("CidrBlock")
                       for e in acl["Entries"]):
                acl["Entries"].append({"CidrBlock": "0.0.0.0/0", "Egress": egress, "Protocol": "-1",
                                       "RuleAction": "deny", "RuleNumber": 32767})
        acl["Entries"].sort(key=lambda e: (not e["Egress"], e["RuleNumber"]))
    return snap


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


def write_snapshot(folder, snap):
    folder.mkdir(parents=True, exist_ok=True)
    for cmd, data in snap.items():
        # exactly how `aws --output json` prints: json.dump(indent=4, ensure_ascii=False) + "\n"
        (folder / f"{cmd}.json").write_text(json.dumps(data, indent=4, ensure_ascii=False) + "\n",
                                            encoding="utf-8")


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


def load_stage(folder, describe):
    """A stage folder's outputs: every `describe` command's file, valid JSON with AWS's one top-level key (other
    files are read too, and kept)."""
    snap = {}
    for path in sorted(folder.glob("*.json")):
        try:
            snap[path.stem] = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as e:
            raise Fail(f"{path}: not valid JSON: {e}")
    for cmd, key in describe.items():
        if cmd not in snap:
            raise Fail(f"{folder}/{cmd}.json: missing")
        if list(snap[cmd]) != [key]:
            raise Fail(f"{folder}/{cmd}.json: top-level keys {list(snap[cmd])}, expected [{key!r}]")
    return snap


def named(items, name):
    found = [i for i in items if {"Key": "Name", "Value": name} in (i.get("Tags") or i.get("TagSet") or [])]
    if len(found) != 1:
        raise Fail(f"{len(found)} resources named {name!r}, expected 1")
    return found[0]


def instances(snap):
    return [i for r in snap["describe-instances"]["Reservations"] for i in r["Instances"]]


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

def check_stages(root, stages, load_stage, check_stage):
    """Checks every stage folder under root (the builders with one folder per stage use it as their check_tree)."""
    for stage in stages:
        try:
            check_stage(stage, load_stage(root / stage))
        except AssertionError as e:
            raise Fail(f"check failed in {root / stage}: {e}") from e
    print(f"checked {len(stages)} stage folders in {root}", file=sys.stderr)


def build_main(doc, prefix, here, stages, check_tree, labs):
    """The command line every fixture builder shares. --check checks the committed stage folders; otherwise
    starts moto, runs each lab on a fresh emulator, checks what was dumped, and only then replaces the stage
    folders next to the script. `labs(aws, out, raw)` returns [(title, run)]: `run()` builds and dumps one lab."""
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="only check the committed stage folders")
    ap.add_argument("--raw", type=Path, help="also write moto's uncorrected dumps into this folder")
    args = ap.parse_args()
    if args.check:
        check_tree(here)
        return
    aws_bin, moto_bin = ensure_tools()
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    out = tmp / "out"
    server = MotoServer(moto_bin, str(tmp))
    aws = Aws(aws_bin, server, str(tmp))
    try:
        for title, run in labs(aws, out, args.raw):
            if title:
                print(title, file=sys.stderr)
            server.start()
            run()
            server.stop()
        check_tree(out)
    except BaseException:
        print(f"build-snapshots: failed; moto's logs and the partial dumps are in {tmp}", file=sys.stderr)
        raise
    finally:
        server.stop()
    for stage in stages:
        shutil.rmtree(here / stage, ignore_errors=True)
        shutil.copytree(out / stage, here / stage)
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"wrote {len(stages)} stages into {here}", file=sys.stderr)


def run_cli(main):
    """Runs a builder's main(): a kill or a closed terminal still runs the `finally` that stops moto_server."""
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda signum, _frame: sys.exit(128 + signum))
    try:
        main()
    except Fail as e:
        print(f"build-snapshots: {e}", file=sys.stderr)
        sys.exit(1)


def main():
    def labs(aws, out, raw):
        run = Run()
        dump = Dumper(aws, out, raw, run)
        return [(f"same-region lab ({REGION_A})", lambda: same_region_lab(aws, dump)),
                (f"inter-region lab ({REGION_A} -> {REGION_B}), fresh emulator", lambda: inter_region_lab(aws, dump, run))]
    build_main(__doc__, "pathproof-seed-", HERE, SAME_REGION_STAGES + INTER_REGION_STAGES, check_tree, labs)


if __name__ == "__main__":
    run_cli(main)
