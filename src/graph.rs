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

/// One box of the picture, as handed to `Graph::node`.
struct Node<'a> {
    id: &'a str,
    tier: &'static str,
    title: &'a str,
    sub: &'a str,
    /// `stack` (in the template), `ecs` (made by Express Mode), `existing` (named by the spec).
    managed_by: &'static str,
    detail: &'a str,
    /// A second half of the box (a service's target group and certificate share one).
    lower: Option<(&'static str, &'static str)>,
}

#[derive(Default)]
struct Graph {
    /// Node IDs and the nodes as JSON, in the order first added.
    nodes: Vec<(String, Value)>,
    edges: Vec<(String, String)>,
}

impl Graph {
    fn node(&mut self, n: Node) {
        if self.nodes.iter().any(|(id, _)| id == n.id) {
            return;
        }
        let mut pairs = vec![
            ("id", text(n.id)),
            ("tier", text(n.tier)),
            ("title", text(n.title)),
            ("sub", text(n.sub)),
            ("managedBy", text(n.managed_by)),
            ("detail", text(n.detail)),
        ];
        if let Some((title, sub)) = n.lower {
            pairs.push((
                "lower",
                obj(vec![("title", text(title)), ("sub", text(sub))]),
            ));
        }
        self.nodes.push((n.id.to_string(), obj(pairs)));
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
                        for part in s.split('$').filter_map(|p| p.strip_prefix('{')) {
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
        // strip_prefix, not trim_start_matches: that one links str's panic formatting (9 KB of the module).
        other => (
            "uses",
            other.strip_prefix("AWS::").unwrap_or(other).to_string(),
        ),
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
    // Made once: looked up for every resource, which with hundreds of services made explain() quadratic in
    // allocations.
    let service_ids: Vec<(String, &str)> = spec
        .services
        .iter()
        .map(|s| (service_id(s), s.name.as_str()))
        .collect();
    let alb_of = |name: &str| {
        groups
            .iter()
            .position(|g| g.iter().any(|n| n == name))
            .map(|i| format!("alb:{i}"))
    };
    let key_of = |id: &str| {
        service_ids
            .iter()
            .find(|(sid, _)| sid == id)
            .map(|(_, name)| name.to_string())
    };
    let mut g = Graph::default();

    for (id, r) in resources {
        let ty = r.get("Type").and_then(Value::as_str).unwrap_or_default();
        let props = r.get("Properties").unwrap_or(&Value::Null);
        let mut refs = Vec::new();
        refs_of(props, resources, &mut refs);
        if let Some(key) = key_of(id) {
            g.node(Node {
                id,
                tier: "services",
                title: &key,
                sub: "Express service",
                managed_by: "stack",
                detail: &format!("{id}: {ty}"),
                lower: None,
            });
            for from in &refs {
                g.edge(from, id);
            }
            match props.get("Cluster") {
                None => {
                    g.node(Node {
                        id: "cluster:default",
                        tier: "uses",
                        title: "default",
                        sub: "ECS cluster, made if missing",
                        managed_by: "ecs",
                        detail: "The cluster named default: ECS creates it if it does not exist",
                        lower: None,
                    });
                    g.edge("cluster:default", id);
                }
                Some(Value::String(name)) => {
                    let node_id = format!("cluster:{name}");
                    g.node(Node {
                        id: &node_id,
                        tier: "uses",
                        title: name,
                        sub: "existing ECS cluster",
                        managed_by: "existing",
                        detail: &format!("The existing cluster {name}"),
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
                    id: &node_id,
                    tier: "firewall",
                    title: &name,
                    sub: "existing web ACL",
                    managed_by: "existing",
                    detail: arn,
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
                id,
                tier,
                title: id,
                sub: &what,
                managed_by: "stack",
                detail: &format!("{id}: {ty}"),
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
            id: &route,
            tier: "routing",
            title: "Target group",
            sub: "host rule",
            managed_by: "ecs",
            detail: &format!(
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
            id: &format!("alb:{i}"),
            tier: "load balancer",
            title: "Load balancer (ALB)",
            sub: &shared,
            managed_by: "ecs",
            detail: &format!("An Application Load Balancer {shared}"),
            lower: None,
        });
    }

    let known = |id: &str| g.nodes.iter().any(|(n, _)| n == id);
    let edges: Vec<Value> = g
        .edges
        .iter()
        .filter(|(a, b)| known(a) && known(b))
        .map(|(a, b)| obj(vec![("from", text(a)), ("to", text(b))]))
        .collect();
    obj(vec![
        ("tiers", arr(TIERS.iter().map(|t| text(t)).collect())),
        ("nodes", arr(g.nodes.into_iter().map(|(_, n)| n).collect())),
        ("edges", arr(edges)),
    ])
}
