"""What PathProof's fixture builders share: Queries/seed, transit, dataplane and ipv6/build-snapshots.py.

Each builder replays one lab with the real AWS CLI (`aws ec2 ...`, awscli 1.x) against moto's EC2 emulator and
writes what the describe commands print, stage by stage. This module holds what they have in common: finding or
installing `aws` and `moto_server` (first those of .venv-fixtures, the virtual environment scripts/install-dependencies
makes with pinned versions), the emulator on 127.0.0.1 (started on a free port, stopped at the end, also on
failure), the CLI runner with dummy credentials, the corrections of moto's ten VPC outputs (C1-C9 below), dumping
a stage, the loading and checking of stage folders, and the command line every builder offers:

    Queries/<lab>/build-snapshots.py            # rebuild every stage folder next to the builder
    Queries/<lab>/build-snapshots.py --check    # only check the committed folders (no moto needed)
    Queries/<lab>/build-snapshots.py --raw DIR  # also keep moto's uncorrected dumps in DIR
    Queries/<lab>/build-snapshots.py --out DIR  # write (or, with --check, check) the stage folders in DIR instead

A builder imports it as a module, with Queries/ on the module search path:

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # Queries/, where fixturelib.py is
    import fixturelib

Python 3 standard library only.

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
    C9  a rule that neither AWS nor moto accepts but a stage is about (the builder records it in
        Run.injected_rules; only the seed builder has one): 10-inter-region-sg-reference's
        NextWork-2-sg (us-west-2) gets an inbound ICMP rule whose source is NextWork-1-sg, the peer
        VPC's group in us-east-1. AWS refuses such a rule (InvalidGroup.NotFound: a peer VPC's security
        group can only be referenced within a region), and so does moto, so the rule is added to the
        dumped JSON, in the shape AWS prints for a peer-VPC group reference: UserIdGroupPairs [{UserId,
        GroupId, VpcId, VpcPeeringConnectionId, PeeringStatus}]. (If a later moto accepts the call, the
        rule comes from moto instead.) The fixture stands for "the learner's intent", a rule that AWS
        would never let take effect.

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

MOTO_VERSION = "5.2.1"
ACCOUNT_FALLBACK = "123456789012"
DEFAULT_REGION = "us-east-1"  # the CLI runner's AWS_DEFAULT_REGION; every call names its region anyway

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


# The virtual environment scripts/install-dependencies makes, with the pinned awscli and moto[server]
FIXTURE_VENV = Path(__file__).resolve().parent.parent / ".venv-fixtures"


def ensure_tools():
    venv_tools = [str(FIXTURE_VENV / "bin" / name) for name in ("aws", "moto_server")]
    if all(os.access(tool, os.X_OK) for tool in venv_tools):
        return tuple(venv_tools)
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


def _listens(pid, port):
    """Whether process `pid` holds the socket listening on 127.0.0.1:`port` (Linux's /proc)."""
    try:
        inodes = set()
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
        with open("/proc/net/tcp") as table:
            next(table)
            for line in table:
                fields = line.split()
                local, state, inode = fields[1], fields[3], fields[9]
                if state == "0A" and int(local.split(":")[1], 16) == port and inode in inodes:
                    return True
    except OSError:
        return False
    return False


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
                        pass
                except OSError:
                    time.sleep(0.25)
                    continue
                # Another builder running at the same time may have drawn the same port: the server answering must
                # be this one (its process holds the listening socket), or this one will fail to bind and exit.
                if _listens(self.proc.pid, port):
                    self.port = port
                    return
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
            "AWS_DEFAULT_REGION": DEFAULT_REGION,
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



def pick_ami(aws, region):
    images = aws(region, "describe-images", "--owners", "amazon", "--filters",
                 "Name=name,Values=al2023-ami-2023*-kernel-6.1-x86_64")["Images"]
    if not images:
        images = aws(region, "describe-images", "--owners", "amazon")["Images"]
    return sorted(images, key=lambda i: i.get("Name", ""))[-1]["ImageId"]



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



def account_of(snap):
    """The account that owns the snapshot's VPCs (moto's when there is none)."""
    return next((v["OwnerId"] for v in snap["describe-vpcs"]["Vpcs"]), ACCOUNT_FALLBACK)


def correct_snapshot(snap, region, all_vpcs, run):
    """snap: {command: parsed JSON} for one region at one stage; returns the corrected dict."""
    account = account_of(snap)

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

    # C9: rules that neither AWS nor moto accepts, recorded by the builder (see the docstring).
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

def write_snapshot(folder, snap):
    folder.mkdir(parents=True, exist_ok=True)
    for cmd, data in snap.items():
        # exactly how `aws --output json` prints: json.dump(indent=4, ensure_ascii=False) + "\n"
        (folder / f"{cmd}.json").write_text(json.dumps(data, indent=4, ensure_ascii=False) + "\n",
                                            encoding="utf-8")



class StageDumper:
    """Dumps one region of a lab at each of its stages (`stage(name)`): the ten describe outputs, the lab's own
    `commands`, and what `more(snap)` asks for on their strength (say one output per transit gateway route table).
    Moto's output goes as it is into `raw` (if given), and corrected into `out`: C1-C9 on the ten outputs, the
    Elastic IP addresses that C7 replaced replaced in the lab's outputs too, then `correct(snap)`, the lab's own
    corrections (which return the snapshot)."""

    def __init__(self, aws, out, raw, run, region, commands, correct, more=None):
        self.aws, self.out, self.raw, self.run, self.region = aws, out, raw, run, region
        self.commands, self.correct, self.more = list(commands), correct, more

    def stage(self, name):
        snap = {cmd: self.aws(self.region, cmd) for cmd in list(DESCRIBE) + self.commands}
        if self.more is not None:
            snap.update(self.more(snap))
        if self.raw is not None:
            write_snapshot(self.raw / name, snap)
        write_snapshot(self.out / name, self.corrected(snap))
        print(f"  dumped {name}", file=sys.stderr)

    def corrected(self, snap):
        """`snap` (file stem -> output) with C1-C9, the Elastic IP mapping and the lab's own corrections (a copy)."""
        snap = json.loads(json.dumps(snap))
        vpc_part = {cmd: snap[cmd] for cmd in DESCRIBE}
        snap.update(correct_snapshot(vpc_part, self.region, {v["VpcId"]: v for v in vpc_part["describe-vpcs"]["Vpcs"]},
                                     self.run))
        # C7 replaced moto's Elastic IPs in the VPC outputs; a NAT gateway's appears in its own output too
        for moto_ip, public in self.run.eip_map.items():
            snap = replace_strings(snap, moto_ip, public)
            snap = replace_strings(snap, moto_ip.replace(".", "-"), public.replace(".", "-"))
        return self.correct(snap)


# --------------------------------------------------------------------------- checks

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



def check_stages(root, stages, load_stage, check_stage):
    """Checks every stage folder under root (the builders with one folder per stage use it as their check_tree)."""
    for stage in stages:
        try:
            check_stage(stage, load_stage(root / stage))
        except AssertionError as e:
            raise Fail(f"check failed in {root / stage}: {e}") from e
    print(f"checked {len(stages)} stage folders in {root}", file=sys.stderr)



# --------------------------------------------------------------------------- command line

def build_main(doc, prefix, here, stages, check_tree, labs):
    """The command line every fixture builder shares. --check checks the stage folders; otherwise starts moto,
    runs each lab on a fresh emulator, checks what was dumped, and only then replaces the stage folders (next to
    the builder, `here`, or in --out). `labs(aws, out, raw)` returns [(title, run)]: `run()` builds and dumps one
    lab."""
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="only check the stage folders (the committed ones, or those in --out)")
    ap.add_argument("--raw", type=Path, help="also write moto's uncorrected dumps into this folder")
    ap.add_argument("--out", type=Path,
                    help="write (with --check: check) the stage folders in this folder, not next to the script")
    args = ap.parse_args()
    target = args.out.resolve() if args.out is not None else here
    if args.check:
        check_tree(target)
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
        shutil.rmtree(target / stage, ignore_errors=True)
        shutil.copytree(out / stage, target / stage)
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"wrote {len(stages)} stages into {target}", file=sys.stderr)


def run_cli(main):
    """Runs a builder's main(): a kill or a closed terminal still runs the `finally` that stops moto_server."""
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda signum, _frame: sys.exit(128 + signum))
    try:
        main()
    except Fail as e:
        print(f"build-snapshots: {e}", file=sys.stderr)
        sys.exit(1)
