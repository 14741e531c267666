//! The traps only a whole template shows: how its other parts use the Express services. Each is a way the
//! seed's blog and the users after it went wrong (/work/shared/reference/express-mode.md, "Known pain").

use super::intrinsic::{self, function};
use crate::diag::{Diagnostic, Quoted, Report};
use crate::json::{Map, Value};
use std::collections::{HashMap, HashSet};

/// The attribute whose value is the load balancer Express Mode put a service behind (registry schema).
const LOAD_BALANCER_ARN: &str = "ECSManagedResourceArns.IngressPath.LoadBalancerArn";
/// Express services one load balancer serves at most (express-mode.md): the most a finding names beside one.
const SERVICES_PER_LOAD_BALANCER: usize = 25;

pub fn check(top: &Map, resources: &Map, services: &[String], report: &mut Report) {
    let mut task_definitions = Vec::new();
    let routing = Routing::of(resources);
    for id in services {
        super::task_definition::check(id, resources, &mut task_definitions, report);
        let props = resources.get(id).and_then(|r| r.get("Properties"));
        if let Some(cluster) = props.and_then(|p| p.get("Cluster")) {
            cluster_arn(id, cluster, resources, report);
        }
        internet_routes(id, resources, &routing, report);
    }
    urls_from_names(top, resources, services, report);
    waf_associations(resources, services, report);
}

/// A cluster given as an ARN: the documentation says name or ARN, but CloudFormation refuses an ARN at
/// deploy ("Invalid identifier: Unexpected number of separators", seen by the seed's blog and here).
fn cluster_arn(id: &str, cluster: &Value, resources: &Map, report: &mut Report) {
    let path = format!("Resources.{id}.Properties.Cluster");
    let of_template = intrinsic::get_att(cluster)
        .filter(|(c, att)| att == "Arn" && type_of(resources, c) == Some("AWS::ECS::Cluster"));
    let message = if let Some((c, _)) = of_template {
        format!("is the ARN of cluster {c} (Fn::GetAtt {c}.Arn); CloudFormation refuses a cluster ARN at deploy (\"Invalid identifier: Unexpected number of separators\"): use {{\"Ref\": \"{c}\"}}, which is the cluster's name")
    } else {
        let Some(text) = intrinsic::text(cluster).filter(|t| t.starts_with("arn:")) else {
            return;
        };
        let name = text
            .split_once(":cluster/")
            .map(|(_, name)| name)
            .filter(|n| !n.is_empty());
        let instead = match name {
            Some(n) if !crate::token::is_token(n) => format!("give its name, {}", Quoted(n)),
            _ => "give the cluster's name (a Ref of an AWS::ECS::Cluster is its name)".to_string(),
        };
        format!("is a cluster ARN; CloudFormation refuses one at deploy (\"Invalid identifier: Unexpected number of separators\"): {instead}")
    };
    report.push_error(Diagnostic::new(&path, "cluster-arn", message).about(id));
}

/// Values that build a service's URL from the name pattern the documentation showed,
/// `https://<service-name>.ecs.<region>.on.aws`: Express Mode's host names are `<2 letters>-<32 hex>.ecs.
/// <region>.on.aws`, unrelated to the name, so such a URL answers nothing of the service. Only the Endpoint
/// attribute has the host name. An error: a value that is always wrong, though the stack deploys.
fn urls_from_names(top: &Map, resources: &Map, services: &[String], report: &mut Report) {
    let mut found: Vec<(String, String)> = Vec::new();
    if let Some(outputs) = top.get("Outputs").and_then(Value::as_object) {
        for (id, output) in outputs {
            if let Some(v) = output.get("Value") {
                scan(v, &format!("Outputs.{id}.Value"), &mut found, 0);
            }
        }
    }
    for (id, resource) in resources {
        if let Some(v) = resource.get("Properties") {
            scan(v, &format!("Resources.{id}.Properties"), &mut found, 0);
        }
    }
    // The service whose name it is, when the template names one so; else the only one.
    let mut by_name: HashMap<String, &String> = HashMap::new();
    for s in services {
        let name = resources
            .get(s.as_str())
            .and_then(|r| r.pointer("/Properties/ServiceName"))
            .and_then(intrinsic::text);
        if let Some(name) = name {
            by_name.entry(name).or_insert(s);
        }
    }
    for (path, label) in found {
        let named = by_name.get(&label).copied();
        let service = named.or(match services {
            [only] => Some(only),
            _ => None,
        });
        let shown = service.map_or("<Service>", String::as_str);
        let message = format!("builds an Express service's URL from its name (https://<service-name>.ecs.<region>.on.aws), but the host name Express Mode gives a service is unrelated to its name, so this URL does not reach it: use the Endpoint attribute, {{\"Fn::Join\": [\"\", [\"https://\", {{\"Fn::GetAtt\": [\"{shown}\", \"Endpoint\"]}}]]}}");
        let d = Diagnostic::new(&path, "url-from-name", message);
        report.push_error(match service {
            Some(s) => d.about(s),
            None => d.across(None, &[]),
        });
    }
}

/// Every value under `v` that, read as text, is a URL or host name on the name pattern: its path and the label
/// before `.ecs.` (the name it was built from). Deep values stop at 64 levels (a template is a few deep).
fn scan(v: &Value, path: &str, found: &mut Vec<(String, String)>, depth: usize) {
    if depth > 64 {
        return;
    }
    let joined = matches!(function(v), Some(("Fn::Join" | "Fn::Sub", _)));
    if v.is_string() || joined {
        if let Some(label) = intrinsic::text(v).and_then(|t| name_pattern(&t)) {
            found.push((path.to_string(), label));
        }
        if v.is_string() {
            return;
        }
    }
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                scan(item, &format!("{path}[{i}]"), found, depth + 1);
            }
        }
        Value::Object(map) if !joined => {
            for (k, item) in map {
                scan(item, &format!("{path}.{k}"), found, depth + 1);
            }
        }
        _ => {}
    }
}

/// The label before `.ecs.` of a host `<label>.ecs.<region>.on.aws` in `text`, unless it is one Express
/// Mode gives (`<2 letters>-<32 hex>`: a real endpoint written out) or the Endpoint attribute itself. A host is
/// one word: text around it (a function's code, a sentence) does not make one.
fn name_pattern(text: &str) -> Option<String> {
    let apart = |c: char| c.is_whitespace() || "/\"'`(),;=<>|".contains(c);
    let mut rest = text;
    while let Some(at) = rest.find(".ecs.") {
        let before = rest.get(..at).unwrap_or_default();
        let after = rest.get(at + 5..).unwrap_or_default();
        rest = after;
        let region = after.split(apart).next().unwrap_or_default();
        if !region.ends_with("on.aws")
            && !region.contains(".on.aws.")
            && !region.contains(".on.aws:")
        {
            continue;
        }
        let label = before.rsplit(apart).next().unwrap_or_default();
        let endpoint = label.len() == 35
            && label
                .get(..2)
                .is_some_and(|p| p.chars().all(|c| c.is_ascii_lowercase()))
            && label.get(2..3) == Some("-")
            && label
                .get(3..)
                .is_some_and(|h| h.chars().all(|c| c.is_ascii_hexdigit()));
        if !endpoint && !label.is_empty() && !label.contains("Fn::GetAtt") {
            return Some(label.to_string());
        }
    }
    None
}

/// `AWS::WAFv2::WebACLAssociation`s of the load balancers Express Mode put services behind: one load balancer
/// serves up to 25 services of a network and holds one web ACL, so an association of another ACL silently
/// replaces an earlier one, deleting one service's association strips the ACL from all, and past 25 services a
/// new load balancer appears that nothing associates (express-mode.md, "WAF"). An error where two of the
/// template's associations give different ACLs to services that may share a load balancer (one is silently
/// lost), else a warning.
fn waf_associations(resources: &Map, services: &[String], report: &mut Report) {
    let express: HashSet<&str> = services.iter().map(String::as_str).collect();
    let mut found: Vec<(&str, &str, Option<&Value>)> = Vec::new();
    for (id, resource) in resources {
        if resource.get("Type").and_then(Value::as_str) != Some("AWS::WAFv2::WebACLAssociation") {
            continue;
        }
        let props = resource.get("Properties");
        let target = props
            .and_then(|p| p.get("ResourceArn"))
            .and_then(intrinsic::get_att)
            .filter(|(s, att)| att == LOAD_BALANCER_ARN && express.contains(s));
        if let Some((service, _)) = target {
            found.push((id, service, props.and_then(|p| p.get("WebACLArn"))));
        }
    }
    // Services whose NetworkConfiguration is written the same may share a load balancer: grouped by it, each
    // group's services (named up to what one load balancer holds) and whether its ACLs differ.
    let network = |s: &str| {
        let net = resources
            .get(s)
            .and_then(|r| r.pointer("/Properties/NetworkConfiguration"));
        net.map(Value::to_string).unwrap_or_default()
    };
    struct Group<'a> {
        services: HashSet<&'a str>,
        named: Vec<&'a str>,
        acl: Option<&'a Value>,
        differ: bool,
    }
    let mut groups: HashMap<String, Group> = HashMap::new();
    let mut keys = Vec::with_capacity(found.len());
    for (_, service, acl) in &found {
        let key = network(service);
        let g = groups.entry(key.clone()).or_insert_with(|| Group {
            services: HashSet::new(),
            named: Vec::new(),
            acl: *acl,
            differ: false,
        });
        if g.services.insert(service) && g.named.len() < SERVICES_PER_LOAD_BALANCER {
            g.named.push(service);
        }
        g.differ |= g.acl != *acl;
        keys.push(key);
    }
    for ((id, service, _), key) in found.iter().zip(keys) {
        let Some(g) = groups.get(&key) else { continue };
        let others: Vec<&str> = g
            .named
            .iter()
            .copied()
            .filter(|o| o != service)
            .take(SERVICES_PER_LOAD_BALANCER - 1)
            .collect();
        let more = g.services.len().saturating_sub(others.len() + 1);
        let with = match (others.as_slice(), more) {
            ([], _) => String::new(),
            (list, 0) => format!(" (with {}, associated here too)", list.join(", ")),
            (list, more) => format!(
                " (with {} and {more} more, associated here too)",
                list.join(", ")
            ),
        };
        let what = if g.differ {
            format!("associates a web ACL with the load balancer of {service}, which it may share{with} with another web ACL: a load balancer holds one, and each association silently replaces the last, leaving services unprotected or under the wrong rules.")
        } else {
            format!("associates a web ACL with the load balancer of {service}, which Express Mode shares among up to 25 services of its network{with}: deleting this association strips the ACL from every service on it, and past 25 services a new load balancer appears that nothing associates.")
        };
        let message = format!("{what} Associate per load balancer instead, as this project's waf does (ExpressService's waf prop, or waf in a spec): one custom resource keeps every load balancer of the stack's services associated with the one web ACL of their network");
        let path = format!("Resources.{id}.Properties.ResourceArn");
        let d = Diagnostic::new(&path, "waf-association-per-service", message)
            .across(Some(service), &others);
        if g.differ {
            report.push_error(d);
        } else {
            report.push_warning(d);
        }
    }
}

/// A service in subnets of a VPC the template makes with an internet gateway must wait for the VPC's
/// internet routes: else CloudFormation may create it, and Express Mode its load balancer, before they exist,
/// and the first deploy fails ("mixed subnet type": express-mode.md, "First deploy in a new VPC"; AWS's Aspire
/// integration added the dependency for Express services). CDK's own load balancers wait for their subnets'
/// `internetConnectivityEstablished`: their route table associations and default routes (aws-cdk-lib
/// elasticloadbalancingv2 base-load-balancer; `vpc.internetConnectivityEstablished` alone is only the
/// internet gateway, seen in a synthesized template).
/// The template's own network, indexed once: which VPC each subnet is in, the internet gateways attached to
/// each VPC, each subnet's route table associations and each table's default routes.
#[derive(Default)]
struct Routing<'a> {
    vpc_of: HashMap<&'a str, &'a str>,
    gateways: HashMap<&'a str, Vec<&'a Value>>,
    associations: HashMap<&'a str, Vec<(&'a str, &'a str)>>,
    default_routes: HashMap<&'a str, Vec<(&'a str, Option<&'a Value>)>>,
}

impl<'a> Routing<'a> {
    fn of(resources: &'a Map) -> Self {
        let mut r = Routing::default();
        let vpc = |v: Option<&'a Value>| {
            v.and_then(intrinsic::reference)
                .filter(|v| type_of(resources, v) == Some("AWS::EC2::VPC"))
        };
        for (id, p) in of_type(resources, "AWS::EC2::Subnet") {
            if let Some(v) = vpc(p.get("VpcId")) {
                r.vpc_of.insert(id, v);
            }
        }
        for (_, p) in of_type(resources, "AWS::EC2::VPCGatewayAttachment") {
            if let (Some(v), Some(g)) = (vpc(p.get("VpcId")), p.get("InternetGatewayId")) {
                r.gateways.entry(v).or_default().push(g);
            }
        }
        for (id, p) in of_type(resources, "AWS::EC2::SubnetRouteTableAssociation") {
            let subnet = p.get("SubnetId").and_then(intrinsic::reference);
            let table = p.get("RouteTableId").and_then(intrinsic::reference);
            if let (Some(subnet), Some(table)) = (subnet, table) {
                r.associations.entry(subnet).or_default().push((id, table));
            }
        }
        for (id, p) in of_type(resources, "AWS::EC2::Route") {
            let table = p.get("RouteTableId").and_then(intrinsic::reference);
            let default =
                p.get("DestinationCidrBlock").and_then(Value::as_str) == Some("0.0.0.0/0");
            if let (Some(table), true) = (table, default) {
                r.default_routes
                    .entry(table)
                    .or_default()
                    .push((id, p.get("GatewayId")));
            }
        }
        r
    }
}

/// A service in subnets of a VPC the template makes with an internet gateway must wait for the VPC's
/// internet routes: else CloudFormation may create it, and Express Mode its load balancer, before they exist,
/// and the first deploy fails ("mixed subnet type": express-mode.md, "First deploy in a new VPC"; AWS's Aspire
/// integration added the dependency for Express services). CDK's own load balancers wait for their subnets'
/// `internetConnectivityEstablished`: their route table associations and default routes (aws-cdk-lib
/// elasticloadbalancingv2 base-load-balancer; `vpc.internetConnectivityEstablished` alone is only the
/// internet gateway, seen in a synthesized template).
fn internet_routes(id: &str, resources: &Map, routing: &Routing, report: &mut Report) {
    let Some(subnets) = resources
        .get(id)
        .and_then(|r| r.pointer("/Properties/NetworkConfiguration/Subnets"))
        .and_then(Value::as_array)
    else {
        return;
    };
    let mut needed: Vec<&str> = Vec::new();
    let mut vpcs: Vec<&str> = Vec::new();
    for subnet in subnets.iter().filter_map(intrinsic::reference) {
        let Some(vpc) = routing.vpc_of.get(subnet) else {
            continue;
        };
        let Some(gateways) = routing.gateways.get(vpc) else {
            continue;
        };
        // The subnet's route table associations and their default routes to the gateway (what CDK's
        // `selectSubnets(...).internetConnectivityEstablished` holds). A subnet without one is private: its load
        // balancer is internal, and no public route can be missing.
        let mut wanted: Vec<&str> = Vec::new();
        for (association, table) in routing.associations.get(subnet).into_iter().flatten() {
            let routes: Vec<&str> = routing
                .default_routes
                .get(table)
                .into_iter()
                .flatten()
                .filter(|(_, g)| g.is_some_and(|g| gateways.contains(&g)))
                .map(|(r, _)| *r)
                .collect();
            if !routes.is_empty() {
                wanted.push(association);
                wanted.extend(routes);
            }
        }
        if !wanted.is_empty() && !vpcs.contains(vpc) {
            vpcs.push(vpc);
        }
        for w in wanted {
            if !needed.contains(&w) {
                needed.push(w);
            }
        }
    }
    if needed.is_empty() {
        return;
    }
    let reached = dependencies(id, resources);
    let missing: Vec<&str> = needed
        .into_iter()
        .filter(|n| !reached.contains(*n))
        .collect();
    if missing.is_empty() {
        return;
    }
    let resource = resources.get(id);
    let path = match resource.and_then(|r| r.get("DependsOn")) {
        Some(_) => format!("Resources.{id}.DependsOn"),
        None => format!("Resources.{id}"),
    };
    let list: Vec<String> = missing.iter().map(|m| format!("\"{m}\"")).collect();
    let message = format!("runs in subnets of {}, which this template makes with an internet gateway, but does not wait for their internet routes ({}): CloudFormation may create the service, and Express Mode its load balancer, before the routes exist, and the first deploy fails (\"mixed subnet type\"). Add \"DependsOn\": [{}] to the service; in CDK, service.node.addDependency(vpc.selectSubnets(...).internetConnectivityEstablished) for its subnets, which is what CDK's own load balancers wait for", vpcs.join(", "), missing.join(", "), list.join(", "));
    report.push_warning(Diagnostic::new(&path, "no-internet-route-dependency", message).about(id));
}

fn type_of<'a>(resources: &'a Map, id: &str) -> Option<&'a str> {
    resources.get(id)?.get("Type")?.as_str()
}

/// The resources of a type with their Properties.
fn of_type<'a>(resources: &'a Map, kind: &'a str) -> impl Iterator<Item = (&'a str, &'a Map)> + 'a {
    resources.iter().filter_map(move |(id, r)| {
        let props = r.get("Properties")?.as_object()?;
        (r.get("Type")?.as_str()? == kind).then_some((id.as_str(), props))
    })
}

/// Every resource `id` waits for in CloudFormation's order: its DependsOn and the resources its properties
/// refer to (Ref, Fn::GetAtt, Fn::Sub), transitively.
fn dependencies(id: &str, resources: &Map) -> HashSet<String> {
    let mut seen: HashSet<String> = HashSet::new();
    let mut todo = vec![id.to_string()];
    while let Some(next) = todo.pop() {
        let Some(r) = resources.get(&next) else {
            continue;
        };
        let mut direct: Vec<String> = Vec::new();
        match r.get("DependsOn") {
            Some(Value::String(d)) => direct.push(d.clone()),
            Some(Value::Array(list)) => {
                direct.extend(list.iter().filter_map(Value::as_str).map(str::to_string))
            }
            _ => {}
        }
        if let Some(p) = r.get("Properties") {
            references(p, &mut direct, 0);
        }
        for d in direct {
            if resources.contains_key(&d) && seen.insert(d.clone()) {
                todo.push(d);
            }
        }
    }
    seen
}

/// The logical IDs a value refers to.
fn references(v: &Value, out: &mut Vec<String>, depth: usize) {
    if depth > 64 {
        return;
    }
    if let Some(r) = intrinsic::reference(v) {
        out.push(r.to_string());
    } else if let Some((r, _)) = intrinsic::get_att(v) {
        out.push(r.to_string());
    } else if let Some(("Fn::Sub", arg)) = function(v) {
        let text = match arg {
            Value::Array(a) => a.first().and_then(Value::as_str).unwrap_or_default(),
            _ => arg.as_str().unwrap_or_default(),
        };
        for part in text.split("${").skip(1) {
            if let Some(name) = part.split('}').next().filter(|n| !n.starts_with('!')) {
                out.push(name.split('.').next().unwrap_or(name).to_string());
            }
        }
    }
    match v {
        Value::Array(items) => items.iter().for_each(|i| references(i, out, depth + 1)),
        Value::Object(map) => map.values().for_each(|i| references(i, out, depth + 1)),
        _ => {}
    }
}
