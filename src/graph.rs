//! The picture of what a spec makes: the template's resources and what ECS creates for them (routing per
//! service, the shared load balancers), as nodes in tiers and edges "feeds into". The playground only lays
//! it out; which resource is what, and how they connect, is decided here.

use crate::json::{Map, Value};
use crate::spec::{Service, Spec};
use crate::synth::ids::{self, Scope};
use crate::value::{arr, obj, text};

/// Tiers, top to bottom.
pub const TIERS: [&str; 6] = [
    "policies",
    "uses",
    "services",
    "routing",
    "load balancer",
    "firewall",
];

struct Node {
    id: String,
    tier: &'static str,
    title: String,
    sub: String,
    /// `stack` (in the template), `ecs` (made by Express Mode), `existing` (named by the spec).
    managed_by: &'static str,
    detail: String,
    /// A second half of the box (a service's target group and certificate share one).
    lower: Option<(&'static str, &'static str)>,
}

#[derive(Default)]
struct Graph {
    nodes: Vec<Node>,
    edges: Vec<(String, String)>,
}

impl Graph {
    fn node(&mut self, n: Node) {
        if !self.nodes.iter().any(|x| x.id == n.id) {
            self.nodes.push(n);
        }
    }

    fn edge(&mut self, from: &str, to: &str) {
        if !self.edges.iter().any(|(a, b)| a == from && b == to) {
            self.edges.push((from.to_string(), to.to_string()));
        }
    }
}

/// Every logical ID of `ids` that a value refers to, by `Ref`, `Fn::GetAtt` or `${Id}` in `Fn::Sub`.
fn refs_of(v: &Value, ids: &Map, out: &mut Vec<String>) {
    match v {
        Value::Array(items) => items.iter().for_each(|x| refs_of(x, ids, out)),
        Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("Ref", Value::String(id)) if ids.contains_key(id) => out.push(id.clone()),
                    ("Fn::GetAtt", Value::Array(a)) => {
                        if let Some(id) = a
                            .first()
                            .and_then(Value::as_str)
                            .filter(|id| ids.contains_key(id))
                        {
                            out.push(id.to_string());
                        }
                    }
                    ("Fn::Sub", Value::String(s)) => {
                        for part in s.split("${").skip(1) {
                            let name = part.split(['}', '.']).next().unwrap_or_default();
                            if ids.contains_key(name) {
                                out.push(name.to_string());
                            }
                        }
                    }
                    _ => refs_of(x, ids, out),
                }
            }
        }
        _ => {}
    }
}

fn resource_place(ty: &str) -> (&'static str, String) {
    match ty {
        "AWS::IAM::ManagedPolicy" | "AWS::IAM::Policy" => ("policies", "IAM policy".into()),
        "AWS::IAM::Role" => ("uses", "IAM role".into()),
        "AWS::Logs::LogGroup" => ("uses", "log group".into()),
        "AWS::ECS::Cluster" => ("uses", "ECS cluster".into()),
        "AWS::WAFv2::WebACL" => ("firewall", "WAF web ACL".into()),
        other => ("uses", other.trim_start_matches("AWS::").to_string()),
    }
}

/// The graph of `spec`, whose template is `template` and whose services share load balancers as `groups`
/// (service keys per load balancer group, in the order of the explanation's `loadBalancers`).
pub fn graph(spec: &Spec, template: &Value, groups: &[Vec<String>]) -> Value {
    let empty = Map::new();
    let resources = template
        .get("Resources")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let service_id = |s: &Service| Scope::template(&s.name).id(ids::SERVICE);
    let alb_of = |name: &str| {
        groups
            .iter()
            .position(|g| g.iter().any(|n| n == name))
            .map(|i| format!("alb:{i}"))
    };
    let key_of = |id: &str| {
        spec.services
            .iter()
            .find(|s| service_id(s) == id)
            .map(|s| s.name.clone())
    };
    let mut g = Graph::default();

    for (id, r) in resources {
        let ty = r.get("Type").and_then(Value::as_str).unwrap_or_default();
        let props = r.get("Properties").unwrap_or(&Value::Null);
        let mut refs = Vec::new();
        refs_of(props, resources, &mut refs);
        if let Some(key) = key_of(id) {
            g.node(Node {
                id: id.clone(),
                tier: "services",
                title: key,
                sub: "Express service".into(),
                managed_by: "stack",
                detail: format!("{id}: {ty}"),
                lower: None,
            });
            for from in &refs {
                g.edge(from, id);
            }
            match props.get("Cluster") {
                None => {
                    g.node(Node {
                        id: "cluster:default".into(),
                        tier: "uses",
                        title: "default".into(),
                        sub: "ECS cluster, made if missing".into(),
                        managed_by: "ecs",
                        detail: "The cluster named default: ECS creates it if it does not exist"
                            .into(),
                        lower: None,
                    });
                    g.edge("cluster:default", id);
                }
                Some(Value::String(name)) => {
                    let node_id = format!("cluster:{name}");
                    g.node(Node {
                        id: node_id.clone(),
                        tier: "uses",
                        title: name.clone(),
                        sub: "existing ECS cluster".into(),
                        managed_by: "existing",
                        detail: format!("The existing cluster {name}"),
                        lower: None,
                    });
                    g.edge(&node_id, id);
                }
                Some(_) => {}
            }
        } else if ty == "AWS::WAFv2::WebACLAssociation" {
            // Drawn as "this web ACL protects the service's load balancer".
            let Some(alb) = refs.iter().find_map(|t| key_of(t)).and_then(|k| alb_of(&k)) else {
                continue;
            };
            let mut acls: Vec<String> = refs
                .iter()
                .filter(|t| key_of(t).is_none())
                .cloned()
                .collect();
            if let Some(Value::String(arn)) = props.get("WebACLArn") {
                let name = arn.split('/').nth(2).unwrap_or(arn).to_string();
                let node_id = format!("ext:{arn}");
                g.node(Node {
                    id: node_id.clone(),
                    tier: "firewall",
                    title: name,
                    sub: "existing web ACL".into(),
                    managed_by: "existing",
                    detail: arn.clone(),
                    lower: None,
                });
                acls.push(node_id);
            }
            for acl in acls {
                g.edge(&acl, &alb);
            }
        } else {
            let (tier, what) = resource_place(ty);
            g.node(Node {
                id: id.clone(),
                tier,
                title: id.clone(),
                sub: what,
                managed_by: "stack",
                detail: format!("{id}: {ty}"),
                lower: None,
            });
            // A policy points at the role it is attached to; anything else is used by what refers to it.
            for to in &refs {
                if tier == "policies" {
                    g.edge(id, to);
                } else {
                    g.edge(to, id);
                }
            }
        }
    }

    for s in &spec.services {
        let route = format!("route:{}", s.name);
        g.node(Node {
            id: route.clone(),
            tier: "routing",
            title: "Target group".into(),
            sub: "host rule".into(),
            managed_by: "ecs",
            detail: format!(
                "For {}: a target group behind a host-header rule of the load balancer, and an ACM certificate for its HTTPS listener",
                s.name
            ),
            lower: Some(("Certificate", "ACM, HTTPS")),
        });
        g.edge(&service_id(s), &route);
        if let Some(alb) = alb_of(&s.name) {
            g.edge(&route, &alb);
        }
    }
    for (i, names) in groups.iter().enumerate() {
        let shared = match names.as_slice() {
            [one] => format!("for {one}"),
            _ => format!("shared by {}", names.join(", ")),
        };
        g.node(Node {
            id: format!("alb:{i}"),
            tier: "load balancer",
            title: "Load balancer (ALB)".into(),
            sub: shared.clone(),
            managed_by: "ecs",
            detail: format!("An Application Load Balancer {shared}"),
            lower: None,
        });
    }

    let known = |id: &str| g.nodes.iter().any(|n| n.id == id);
    let edges: Vec<Value> = g
        .edges
        .iter()
        .filter(|(a, b)| known(a) && known(b))
        .map(|(a, b)| obj(vec![("from", text(a)), ("to", text(b))]))
        .collect();
    let nodes: Vec<Value> = g
        .nodes
        .iter()
        .map(|n| {
            let mut pairs = vec![
                ("id", text(&n.id)),
                ("tier", text(n.tier)),
                ("title", text(&n.title)),
                ("sub", text(&n.sub)),
                ("managedBy", text(n.managed_by)),
                ("detail", text(&n.detail)),
            ];
            if let Some((title, sub)) = n.lower {
                pairs.push((
                    "lower",
                    obj(vec![("title", text(title)), ("sub", text(sub))]),
                ));
            }
            obj(pairs)
        })
        .collect();
    obj(vec![
        ("tiers", arr(TIERS.iter().map(|t| text(t)).collect())),
        ("nodes", arr(nodes)),
        ("edges", arr(edges)),
    ])
}
