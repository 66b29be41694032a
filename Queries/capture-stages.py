#!/usr/bin/env python3
"""Replay a lab against moto and run `pathproof capture` against the same emulator at chosen stages.

Used by PathProof's capture tests (Tests/CaptureTests): the lab's builder (Queries/<lab>/build-snapshots.py)
replays the lab with the AWS CLI against moto as usual, keeping moto's uncorrected dumps of each stage; at each
stage asked for, `pathproof capture` runs against the same emulator (AWS_ENDPOINT_URL, dummy credentials whose
secret parts are marker strings), so that the answers on the capture can be compared with those on the dump.

    Queries/capture-stages.py --pathproof BIN --lab LAB --out DIR --stage STAGE [--stage ...]
                              [--second-account STAGE] [--from-lab N]

writes DIR/raw/<stage>/ (moto's dumps, one folder per region for a stage in several), DIR/capture/<stage>/ (the
capture, every region of the stage) and DIR/logs/<stage>.{stdout,stderr} (what capture printed). With
--second-account STAGE, before that stage is captured, account 210987654321 (moto tells accounts apart by access key
id, and gives a role assumed from another account's profile one of its keys) gets a VPC with a subnet, and the
stage is captured with two profiles, one per account (the second assumes a role in it). The lab stops after
the last stage asked for. The load balancer lab (--lab loadbalancer) is compared corrected: moto's load balancer
outputs lack what AWS prints (the lab's L1-L8: the nodes' interfaces, Scheme, …), so its capture gets the corrections
its dump gets (correct_loadbalancer_capture) and the corrected dump is kept in DIR/corrected/<stage>; a Classic Load
Balancer (classic-web: web-b registered, cross-zone on) is created for each capture and deleted after it.
Python 3 standard library only; `aws` and `moto_server` as fixturelib finds them.
"""
import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

QUERIES = Path(__file__).resolve().parent
sys.path.insert(0, str(QUERIES))
import fixturelib  # noqa: E402

SECRET_MARKER = "pathproof-secret-marker-5ee0c2b1"
TOKEN_MARKER = "pathproof-token-marker-8d41f7a3"
SECOND_ACCOUNT = "210987654321"
FIRST_ACCOUNT = "123456789012"  # moto's account for the builders' access key id "testing"


class LabDone(Exception):
    """Raised after the last stage asked for: the rest of the lab is not replayed."""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pathproof", required=True)
    ap.add_argument("--lab", required=True, choices=["seed", "transit", "dataplane", "ipv6", "loadbalancer"])
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--stage", action="append", required=True)
    ap.add_argument("--second-account")
    ap.add_argument("--from-lab", type=int, default=0,
                    help="skip the builder's first N labs (the seed builder's second lab is its inter-region one)")
    args = ap.parse_args()
    wanted = list(args.stage)
    out = args.out.resolve()
    tmp = Path(tempfile.mkdtemp(prefix="pathproof-capture-stages-"))
    aws_bin, moto_bin = fixturelib.ensure_tools()
    state = {"server": None, "left": set(wanted)}

    def capture(stage, regions, dumper=None):
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update({
            "PATH": f"{Path(aws_bin).parent}{os.pathsep}{env.get('PATH', '')}",
            "AWS_ENDPOINT_URL": state["server"].endpoint,
            "AWS_DEFAULT_REGION": regions[0],
            "AWS_CONFIG_FILE": str(tmp / "no-config"),
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_MAX_ATTEMPTS": "1",  # moto answers Direct Connect with HTTP 500: no retries
            # The AWS CLI caches an assumed role's credentials under ~/.aws/cli/cache for an hour: a key of an
            # earlier run's moto server would name no account in this one. A home of this run's own.
            "HOME": str(tmp / "home"),
        })
        (tmp / "home").mkdir(exist_ok=True)
        argv = [args.pathproof, "capture", "--out", str(out / "capture" / stage)]
        for region in regions:
            argv += ["--region", region]
        if stage == args.second_account:
            # moto tells accounts apart by access key; assuming a role in another account gives one of its keys
            (tmp / "credentials").write_text(
                f"[first]\naws_access_key_id = testing\naws_secret_access_key = {SECRET_MARKER}\n"
                f"aws_session_token = {TOKEN_MARKER}\n")
            (tmp / "config").write_text(
                f"[profile first]\nregion = {regions[0]}\n"
                f"[profile second]\nrole_arn = arn:aws:iam::{SECOND_ACCOUNT}:role/network-reader\n"
                f"source_profile = first\nregion = {regions[0]}\n")
            env["AWS_SHARED_CREDENTIALS_FILE"] = str(tmp / "credentials")
            env["AWS_CONFIG_FILE"] = str(tmp / "config")
            vpc = run_aws(aws_bin, env, regions[0], "--profile", "second", "create-vpc", "--cidr-block", "10.77.0.0/16")
            vpc_id = vpc.split('"VpcId": "')[1].split('"')[0]
            run_aws(aws_bin, env, regions[0], "--profile", "second", "create-subnet", "--vpc-id", vpc_id,
                    "--cidr-block", "10.77.1.0/24")
            argv += ["--profile", "first", "--profile", "second"]
        else:
            env.update({"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": SECRET_MARKER,
                        "AWS_SESSION_TOKEN": TOKEN_MARKER,
                        "AWS_SHARED_CREDENTIALS_FILE": str(tmp / "no-credentials")})
        if args.lab == "loadbalancer":
            # A Classic Load Balancer beside the lab's (the lab has none), with web-b registered and cross-zone load
            # balancing on (the API's default is off), captured with this stage and deleted after it. moto makes no
            # node interfaces for it, so no path runs through it and the lab's answers stay the dump's.
            add_classic_load_balancer(aws_bin, env, regions[0], dumper)
        (out / "logs").mkdir(parents=True, exist_ok=True)
        result = subprocess.run(argv, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=900)
        (out / "logs" / f"{stage}.stdout").write_text(result.stdout)
        (out / "logs" / f"{stage}.stderr").write_text(result.stderr)
        if result.returncode != 0:
            raise fixturelib.Fail(f"pathproof capture exited {result.returncode}:\n{result.stderr}")
        correct_capture(out / "capture" / stage)
        if args.lab == "loadbalancer":
            # moto's load balancer outputs lack facts AWS prints (the lab's L1-L8, such as the nodes' interfaces and
            # Scheme): the capture gets the corrections the dump got, and the corrected dump is kept beside it.
            delete_classic_load_balancer(aws_bin, env, regions[0])
            correct_loadbalancer_capture(out / "capture" / stage, dumper)
            shutil.copytree(dumper.out / stage, out / "corrected" / stage)
        print(f"  captured {stage}", file=sys.stderr)
        state["left"].discard(stage)
        if not state["left"]:
            raise LabDone()

    def wrap(original, regions_of):
        def stage(self, name, *rest):
            original(self, name, *rest)
            if name in state["left"]:
                capture(name, regions_of(self, rest), self)
        return stage

    # The builder's main() hands its labs to build_main: run them here instead, each on its own emulator.
    def run_labs(doc, prefix, here, stages, check_tree, labs):
        unknown = [s for s in wanted if s not in stages]
        if unknown:
            raise fixturelib.Fail(f"no stage {unknown} in the {args.lab} lab")
        server = fixturelib.MotoServer(moto_bin, str(tmp))
        state["server"] = server
        aws = fixturelib.Aws(aws_bin, server, str(tmp))
        try:
            for _title, run in labs(aws, tmp / "corrected", out / "raw")[args.from_lab:]:
                server.start()
                try:
                    run()
                except LabDone:
                    return
                finally:
                    server.stop()
                if not state["left"]:
                    return
        finally:
            server.stop()
        if state["left"]:
            raise fixturelib.Fail(f"the lab never reached {sorted(state['left'])}")

    fixturelib.build_main = run_labs
    fixturelib.StageDumper.stage = wrap(fixturelib.StageDumper.stage, lambda self, rest: [self.region])
    spec = importlib.util.spec_from_file_location(f"{args.lab}_builder", QUERIES / args.lab / "build-snapshots.py")
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    if hasattr(builder, "Dumper"):  # the seed lab's own dumper: stage(name, regions)
        builder.Dumper.stage = wrap(builder.Dumper.stage, lambda self, rest: list(rest[0]))
    try:
        builder.main()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def correct_capture(folder):
    """The one moto deviation a capture meets that the builders' outputs do not (they never ask for it): moto 5.2.1's
    describe-transit-gateway-peering-attachments lists every attachment, VPC attachments too, without the
    RequesterTgwInfo and AccepterTgwInfo every peering attachment has in AWS (a file AWS could not print, which the
    reader rightly refuses). The entries without RequesterTgwInfo are dropped; nothing else is touched."""
    import json
    for path in folder.rglob("describe-transit-gateway-peering-attachments.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        data["TransitGatewayPeeringAttachments"] = [a for a in data.get("TransitGatewayPeeringAttachments", [])
                                                    if "RequesterTgwInfo" in a]
        path.write_text(json.dumps(data, indent=4, ensure_ascii=False) + "\n", encoding="utf-8")


CLASSIC_NAME = "classic-web"


def cli(aws_bin, env, region, service, command, *rest):
    result = subprocess.run([aws_bin, "--region", region, "--output", "json", service, command, *rest], env=env,
                            capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300)
    if result.returncode != 0:
        raise fixturelib.Fail(f"aws {service} {command} exited {result.returncode}:\n{result.stderr}")
    return json.loads(result.stdout) if result.stdout.strip() else {}


def elb(aws_bin, env, region, command, *rest):
    return cli(aws_bin, env, region, "elb", command, *rest)


def add_classic_load_balancer(aws_bin, env, region, dumper):
    """The Classic Load Balancer the load balancer lab's capture also holds: in Shop-public-a and -b, HTTP:80 to the
    instances' port 80, web-b registered, cross-zone on."""
    def ec2(command, *rest):
        return cli(aws_bin, env, region, "ec2", command, *rest)
    subnets = [s["SubnetId"] for s in ec2("describe-subnets")["Subnets"]
               if {"Key": "Name", "Value": "Shop-public-a"} in s.get("Tags", [])
               or {"Key": "Name", "Value": "Shop-public-b"} in s.get("Tags", [])]
    web_b = [i["InstanceId"] for r in ec2("describe-instances")["Reservations"] for i in r["Instances"]
             if {"Key": "Name", "Value": "web-b"} in i.get("Tags", [])]
    assert len(subnets) == 2 and len(web_b) == 1, (subnets, web_b)
    elb(aws_bin, env, region, "create-load-balancer", "--load-balancer-name", CLASSIC_NAME, "--listeners",
        "Protocol=HTTP,LoadBalancerPort=80,InstanceProtocol=HTTP,InstancePort=80", "--subnets", *subnets)
    elb(aws_bin, env, region, "register-instances-with-load-balancer", "--load-balancer-name", CLASSIC_NAME,
        "--instances", *web_b)
    elb(aws_bin, env, region, "modify-load-balancer-attributes", "--load-balancer-name", CLASSIC_NAME,
        "--load-balancer-attributes", "CrossZoneLoadBalancing={Enabled=true}")


def delete_classic_load_balancer(aws_bin, env, region):
    elb(aws_bin, env, region, "delete-load-balancer", "--load-balancer-name", CLASSIC_NAME)


def correct_loadbalancer_capture(folder, dumper):
    """The load balancer lab's capture, corrected as its dump is (fixturelib's C1-C9 and the lab's L1-L8, by the
    dumper's own corrections). The capture saves each load balancer's and target group's attributes bare, in a file
    named by the last part of the ARN; the lab's corrections take them wrapped with their ARNs, as its dump saves
    them: wrapped for the corrections, then bare again. C1 gives each default security group its inbound rule from
    itself; AWS lists that rule in describe-security-group-rules too, so the capture's gets it (moto lists none)."""
    snap = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.json") if p.name != "capture.json"}
    bare = {}
    for output, list_key, arn_key, prefix, wrapper in (
            ("elbv2-load-balancers", "LoadBalancers", "LoadBalancerArn", "elbv2-load-balancer-attributes-", "LoadBalancerAttributes"),
            ("elbv2-target-groups", "TargetGroups", "TargetGroupArn", "elbv2-target-group-attributes-", "TargetGroupAttributes")):
        arns = {item[arn_key].split("/")[-1]: item[arn_key] for item in snap[output][list_key]}
        entries = []
        for stem in [s for s in snap if s.startswith(prefix)]:
            resource = stem[len(prefix):]
            entries.append({arn_key: arns[resource], "Attributes": snap.pop(stem)["Attributes"]})
            bare[(wrapper, resource)] = stem
        snap[wrapper] = {wrapper: entries}
    corrected = dumper.corrected(snap)
    for wrapper, arn_key in (("LoadBalancerAttributes", "LoadBalancerArn"), ("TargetGroupAttributes", "TargetGroupArn")):
        for entry in corrected.pop(wrapper)[wrapper]:
            corrected[bare[(wrapper, entry[arn_key].split("/")[-1])]] = {"Attributes": entry["Attributes"]}
    rules = corrected["describe-security-group-rules"]["SecurityGroupRules"]
    for group in corrected["describe-security-groups"]["SecurityGroups"]:
        if group["GroupName"] != "default":
            continue
        listed = any(not r["IsEgress"] and r.get("GroupId") == group["GroupId"]
                     and r.get("ReferencedGroupInfo", {}).get("GroupId") == group["GroupId"] for r in rules)
        if not listed:
            rules.append({"SecurityGroupRuleId": "sgr-" + group["GroupId"][3:], "GroupId": group["GroupId"],
                          "GroupOwnerId": group["OwnerId"], "IsEgress": False, "IpProtocol": "-1", "FromPort": -1,
                          "ToPort": -1, "ReferencedGroupInfo": {"GroupId": group["GroupId"], "UserId": group["OwnerId"]},
                          "Tags": []})
    for path in folder.glob("*.json"):
        if path.name != "capture.json":
            path.unlink()
    for stem, output in corrected.items():
        (folder / f"{stem}.json").write_text(json.dumps(output, indent=4, ensure_ascii=False) + "\n", encoding="utf-8")


def run_aws(aws_bin, env, region, profile_option, profile, command, *rest):
    result = subprocess.run([aws_bin, profile_option, profile, "--region", region, "--output", "json", "ec2", command,
                             *rest], env=env,
                            capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300)
    if result.returncode != 0:
        raise fixturelib.Fail(f"aws ec2 {command} exited {result.returncode}:\n{result.stderr}")
    return result.stdout


if __name__ == "__main__":
    fixturelib.run_cli(main)
