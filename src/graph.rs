//! The picture of what a spec makes: the template's resources and what ECS creates for them (routing per
//! service, the shared load balancers), as nodes in tiers and edges "feeds into". The playground only lays
//! it out; which resource is what, and how they connect, is decided here.

use crate::json::{Map, Value};
use crate::spec::{Service, Spec};
use crate::synth::ids::{self, Scope};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// Tiers, top to bottom.
pub const TIERS: [&str; 6] = [
    "policies",
    "uses",
    "services",
    "routing",
    "load balancer",
    "firewall",
];

/// Who makes and owns a thing: the template (`stack`), Express Mode (`ecs`), or nobody here (`existing`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum ManagedBy {
    Stack,
    Ecs,
    Existing,
}

/// What the spec makes, as boxes in tiers (top to bottom) and "feeds into" edges, for a diagram.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ResourceGraph {
    pub tiers: Vec<String>,
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
}

/// One box of the picture.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct GraphNode {
    pub id: String,
    /// One of `tiers`.
    pub tier: String,
    pub title: String,
    pub sub: String,
    pub managed_by: ManagedBy,
    pub detail: String,
    /// A second half of the box (a service's target group and certificate share one).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub lower: Option<BoxHalf>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct BoxHalf {
    pub title: String,
    pub sub: String,
}

/// `from` feeds into `to` (node IDs).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct GraphEdge {
    pub from: String,
    pub to: String,
}

/// One box of the picture, as handed to `Graph::node`.
struct Node<'a> {
    id: &'a str,
    tier: &'static str,
    title: &'a str,
    sub: &'a str,
    managed_by: ManagedBy,
    detail: &'a str,
    lower: Option<(&'static str, &'static str)>,
}

#[derive(Default)]
struct Graph {
    nodes: Vec<GraphNode>,
    node_ids: HashSet<String>,
    edges: Vec<GraphEdge>,
    edge_set: HashSet<GraphEdge>,
}

impl Graph {
    fn node(&mut self, n: Node) {
        if !self.node_ids.insert(n.id.to_string()) {
            return;
        }
        self.nodes.push(GraphNode {
            id: n.id.to_string(),
            tier: n.tier.to_string(),
            title: n.title.to_string(),
            sub: n.sub.to_string(),
            managed_by: n.managed_by,
            detail: n.detail.to_string(),
            lower: n.lower.map(|(title, sub)| BoxHalf {
                title: title.to_string(),
                sub: sub.to_string(),
            }),
        });
    }

    fn edge(&mut self, from: &str, to: &str) {
        let e = GraphEdge {
            from: from.to_string(),
            to: to.to_string(),
        };
        if self.edge_set.insert(e.clone()) {
            self.edges.push(e);
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
                            .filter(|id| ids.contains_key(*id))
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
pub fn graph(spec: &Spec, template: &Value, groups: &[Vec<String>]) -> ResourceGraph {
    let empty = Map::new();
    let resources = template
        .get("Resources")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let service_id = |s: &Service| Scope::template(&s.name).id(ids::SERVICE);
    // Made once and hashed: looked up for every resource, which with hundreds of services made explain()
    // quadratic.
    let service_ids: HashMap<String, &str> = spec
        .services
        .iter()
        .map(|s| (service_id(s), s.name.as_str()))
        .collect();
    let groups_of: HashMap<&str, usize> = groups
        .iter()
        .enumerate()
        .flat_map(|(i, g)| g.iter().map(move |n| (n.as_str(), i)))
        .collect();
    let alb_of = |name: &str| groups_of.get(name).map(|i| format!("alb:{i}"));
    let key_of = |id: &str| service_ids.get(id).map(|name| name.to_string());
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
                managed_by: ManagedBy::Stack,
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
                        managed_by: ManagedBy::Ecs,
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
                        managed_by: ManagedBy::Existing,
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
                    managed_by: ManagedBy::Existing,
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
                managed_by: ManagedBy::Stack,
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
            managed_by: ManagedBy::Ecs,
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
            managed_by: ManagedBy::Ecs,
            detail: &format!("An Application Load Balancer {shared}"),
            lower: None,
        });
    }

    let edges = g
        .edges
        .into_iter()
        .filter(|e| g.node_ids.contains(&e.from) && g.node_ids.contains(&e.to))
        .collect();
    ResourceGraph {
        tiers: TIERS.iter().map(|t| t.to_string()).collect(),
        nodes: g.nodes,
        edges,
    }
}
