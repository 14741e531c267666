//! The picture of what a spec makes: the template's resources and what ECS creates for them (routing per
//! service, the shared load balancers), as nodes in tiers and edges "feeds into". The playground only lays
//! it out; which resource is what, and how they connect, is decided here.

use crate::json::{Map, Value};
use crate::model::{Service, Spec};
use crate::sharing::NetworkGroup;
use crate::synth::firewall::{Plan, Protection};
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
        "AWS::ECS::TaskDefinition" => ("uses", "task definition".into()),
        "AWS::WAFv2::WebACL" => ("firewall", "WAF web ACL".into()),
        "AWS::EC2::SecurityGroup" => ("uses", "the tasks' security group".into()),
        "AWS::CertificateManager::Certificate" => ("uses", "ACM certificate".into()),
        // A custom domain hangs off the service (it needs the service's listener and rule): drawn below it.
        "AWS::ElasticLoadBalancingV2::ListenerCertificate" => {
            ("routing", "certificate on the listener".into())
        }
        "Custom::ExpressDomainNames" => ("routing", "host names in the listener rule".into()),
        "AWS::Route53::RecordSetGroup" => ("routing", "DNS records".into()),
        // strip_prefix, not trim_start_matches: that one links str's panic formatting (9 KB of the module).
        other => (
            "uses",
            other.strip_prefix("AWS::").unwrap_or(other).to_string(),
        ),
    }
}

/// A web ACL node's ID, and the ARN of an existing web ACL.
type AclNode = (String, Option<String>);

/// The web ACL node that protects a network's load balancers: the template's web ACL, or an existing one.
fn acl_node(plan: &Plan, services: &[&Service]) -> Option<AclNode> {
    services.iter().find_map(|s| match plan.of(&s.name)? {
        Protection::Existing(arn) => Some((format!("ext:{arn}"), Some(arn.clone()))),
        Protection::Created(_) => plan.acl_of(&s.name).map(|acl| (acl.id.clone(), None)),
    })
}

/// A created web ACL's box detail: each rule and the services it applies to.
fn acl_detail(plan: &Plan, id: &str, ty: &str) -> Option<String> {
    let acl = plan.acls.iter().find(|a| a.id == id)?;
    let rules: Vec<String> = acl
        .rules
        .iter()
        .map(|r| {
            let whom = if r.scoped {
                r.services.join(", ")
            } else {
                "all its services".to_string()
            };
            format!("{} for {whom}", r.name)
        })
        .collect();
    Some(format!(
        "{id}: {ty}, {} capacity units; {}",
        acl.wcus,
        rules.join("; ")
    ))
}

/// The graph of `spec`, whose template is `template` and whose services share load balancers by `networks`
/// (each network's load balancers numbered on from the previous network's: `alb:0`, `alb:1`, …).
pub fn graph(
    spec: &Spec,
    template: &Value,
    plan: &Plan,
    networks: &[NetworkGroup],
) -> ResourceGraph {
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
    // Each expected load balancer, with the services behind it and its web ACL node.
    let mut albs: Vec<(Vec<&str>, Option<AclNode>)> = Vec::new();
    let mut alb_of_service: HashMap<&str, usize> = HashMap::new();
    for group in networks {
        let acl = acl_node(plan, &group.services);
        for lb in group.load_balancers() {
            let names: Vec<&str> = lb.iter().map(|s| s.name.as_str()).collect();
            for n in &names {
                alb_of_service.insert(n, albs.len());
            }
            albs.push((names, acl.clone()));
        }
    }
    let alb_of = |name: &str| alb_of_service.get(name).map(|i| format!("alb:{i}"));
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
        } else if [
            ids::WAF_ASSOCIATIONS_FUNCTION,
            ids::WAF_ASSOCIATIONS_ROLE,
            ids::WAF_ASSOCIATIONS_LOGS,
            ids::DOMAIN_NAMES_FUNCTION,
            ids::DOMAIN_NAMES_ROLE,
            ids::DOMAIN_NAMES_LOGS,
        ]
        .contains(&id.as_str())
        {
            // The custom resource's own machinery: drawn as part of it.
            continue;
        } else if id == ids::WAF_ASSOCIATIONS {
            g.node(Node {
                id,
                tier: "firewall",
                title: "WAF associations",
                sub: "custom resource",
                managed_by: ManagedBy::Stack,
                detail: &format!("{id}: associates each web ACL with the load balancers of its services, and takes it off one only when no service of the stack is behind it (a Lambda function, its role and log group)"),
                lower: None,
            });
        } else {
            let (tier, what) = resource_place(ty);
            // A task definition is drawn with its containers (Main first).
            let containers: Vec<&str> = props
                .get("ContainerDefinitions")
                .and_then(Value::as_array)
                .map(|list| {
                    list.iter()
                        .filter_map(|c| c.get("Name").and_then(Value::as_str))
                        .collect()
                })
                .unwrap_or_default();
            let (sub, detail) = if containers.is_empty() {
                let detail = acl_detail(plan, id, ty).unwrap_or_else(|| format!("{id}: {ty}"));
                (what, detail)
            } else {
                (
                    containers.join(" + "),
                    format!("{id}: {ty}, containers {}", containers.join(", ")),
                )
            };
            g.node(Node {
                id,
                tier,
                title: id,
                sub: &sub,
                managed_by: ManagedBy::Stack,
                detail: &detail,
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
    for (i, (names, acl)) in albs.iter().enumerate() {
        let shared = match names.as_slice() {
            [one] => format!("for {one}"),
            _ => format!("shared by {}", names.join(", ")),
        };
        let alb = format!("alb:{i}");
        g.node(Node {
            id: &alb,
            tier: "load balancer",
            title: "Load balancer (ALB)",
            sub: &shared,
            managed_by: ManagedBy::Ecs,
            detail: &format!("An Application Load Balancer {shared}"),
            lower: None,
        });
        let Some((acl, existing)) = acl else { continue };
        if let Some(arn) = existing {
            g.node(Node {
                id: acl,
                tier: "firewall",
                title: arn.split('/').nth(2).unwrap_or(arn),
                sub: "existing web ACL",
                managed_by: ManagedBy::Existing,
                detail: arn,
                lower: None,
            });
        }
        // Drawn as "this web ACL protects the load balancer", associated by the custom resource.
        g.edge(acl, &alb);
        g.edge(ids::WAF_ASSOCIATIONS, &alb);
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
