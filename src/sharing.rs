//! Which services Express Mode may put on one load balancer. It packs up to 25 services of one network (a
//! VPC and kind of subnet: public subnets get an internet-facing load balancer, private ones an internal
//! one) behind one ALB and adds ALBs beyond that; whether it also shares across clusters is not documented,
//! so clusters are not told apart. The spec may not say which VPC subnets belong to: services are then in
//! one network when they share a subnet, and every service without subnets is in the default VPC's.

use crate::model::{Service, Spec, Val};
use petgraph::unionfind::UnionFind;
use std::collections::HashMap;

/// Express Mode puts at most this many services on one load balancer.
pub const SERVICES_PER_LOAD_BALANCER: usize = 25;

/// Services that may share load balancers, in the spec's order.
#[derive(Debug, Clone)]
pub struct NetworkGroup<'a> {
    pub label: String,
    pub services: Vec<&'a Service>,
}

impl<'a> NetworkGroup<'a> {
    /// The load balancers Express Mode is expected to make for the group: services in the spec's order,
    /// 25 per load balancer (the order ECS actually fills them in is its own: creation time).
    pub fn load_balancers(&self) -> impl Iterator<Item = &[&'a Service]> {
        self.services.chunks(SERVICES_PER_LOAD_BALANCER)
    }
}

/// What ties a service to a network: services with a key in common are in one network.
fn keys(s: &Service) -> Vec<String> {
    let Some(network) = &s.network else {
        return vec!["default".into()];
    };
    let mut keys = match &network.subnets {
        None => return vec!["default".into()],
        Some(Val::Known(list)) => list.iter().map(|id| format!("subnet:{id}")).collect(),
        Some(Val::Token(t)) => vec![format!("subnets:{t}")],
    };
    if let Some(vpc) = &network.vpc {
        // Of unknown kind: it may share with the VPC's public and its private services.
        match network.public {
            Some(public) => keys.push(format!("vpc:{vpc}:{public}")),
            None => keys.extend([format!("vpc:{vpc}:true"), format!("vpc:{vpc}:false")]),
        }
    }
    keys
}

/// Where a service's network is, in words.
pub fn label(s: &Service) -> String {
    let Some(network) = s.network.as_ref().filter(|n| n.subnets.is_some()) else {
        return "the default VPC's public subnets".into();
    };
    let kind = match network.public {
        Some(true) => "public subnets",
        Some(false) => "private subnets",
        None => "subnets",
    };
    let known = |list: &[String]| !list.iter().any(|s| crate::token::is_token(s));
    match (&network.vpc, &network.subnets) {
        (Some(vpc), _) if !crate::token::is_token(vpc) => format!("the {kind} of {vpc}"),
        (_, Some(Val::Known(list))) if known(list) => format!("{kind} {}", list.join(", ")),
        (Some(_), _) => format!("the {kind} of the app's VPC"),
        _ => format!("the {kind} given by the app"),
    }
}

/// The spec's services grouped by network, groups in the order of their first service. Linear in the
/// number of services and subnets (petgraph's union-find over the keys), so it serves thousands of services.
pub fn networks(spec: &Spec) -> Vec<NetworkGroup<'_>> {
    let mut sets = UnionFind::<usize>::new(spec.services.len());
    let mut first_with: HashMap<String, usize> = HashMap::new();
    for (i, s) in spec.services.iter().enumerate() {
        for key in keys(s) {
            let other = *first_with.entry(key).or_insert(i);
            sets.union(i, other);
        }
    }
    let mut groups: Vec<NetworkGroup> = Vec::new();
    let mut group_of_set: HashMap<usize, usize> = HashMap::new();
    for (i, s) in spec.services.iter().enumerate() {
        // A group is made, and named, by the first of its services met in the spec's order.
        let g = *group_of_set.entry(sets.find_mut(i)).or_insert_with(|| {
            groups.push(NetworkGroup {
                label: label(s),
                services: Vec::new(),
            });
            groups.len() - 1
        });
        if let Some(group) = groups.get_mut(g) {
            group.services.push(s);
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    use crate::model::valid as spec;

    fn grouped(v: serde_json::Value) -> Vec<Vec<String>> {
        networks(&spec(v))
            .into_iter()
            .map(|g| g.services.iter().map(|s| s.name.clone()).collect())
            .collect()
    }

    const A: &str = "subnet-0000000a";
    const B: &str = "subnet-0000000b";
    const C: &str = "subnet-0000000c";

    #[test]
    fn services_without_subnets_share_the_default_vpc() {
        let g = grouped(json!({"services": {"A": {"image": "a:1"}, "B": {"image": "b:1"}}}));
        assert_eq!(g, [["A", "B"]]);
    }

    #[test]
    fn a_shared_subnet_joins_networks_even_through_a_third_service() {
        let g = grouped(json!({"services": {
            "A": {"image": "a:1", "network": {"subnets": [A]}},
            "B": {"image": "b:1", "network": {"subnets": [C]}},
            "C": {"image": "c:1", "network": {"subnets": [B, C]}},
            "D": {"image": "d:1", "network": {"subnets": [A, B]}},
            "E": {"image": "e:1"}
        }}));
        assert_eq!(g, [vec!["A", "B", "C", "D"], vec!["E"]]);
    }

    #[test]
    fn a_vpc_and_kind_join_services_on_different_subnets_and_keep_public_from_private() {
        let g = grouped(json!({"services": {
            "A": {"image": "a:1", "network": {"subnets": [A], "vpc": "vpc-00000001", "public": true}},
            "B": {"image": "b:1", "network": {"subnets": [B], "vpc": "vpc-00000001", "public": false}},
            "C": {"image": "c:1", "network": {"subnets": [C], "vpc": "vpc-00000001", "public": true}},
            "D": {"image": "d:1", "network": {"subnets": [C, B], "vpc": "vpc-00000002", "public": true}}
        }}));
        // D shares subnet C with the public services and B with the private one: all may meet.
        assert_eq!(g, [["A", "B", "C", "D"]]);
        let g = grouped(json!({"services": {
            "A": {"image": "a:1", "network": {"subnets": [A], "vpc": "vpc-00000001", "public": true}},
            "B": {"image": "b:1", "network": {"subnets": [B], "vpc": "vpc-00000001", "public": false}},
            "C": {"image": "c:1", "network": {"subnets": [C], "vpc": "vpc-00000001", "public": true}}
        }}));
        assert_eq!(g, [vec!["A", "C"], vec!["B"]]);
    }

    #[test]
    fn fifty_one_services_expect_three_load_balancers() {
        let services: serde_json::Map<_, _> = (0..51)
            .map(|i| (format!("S{i}"), json!({"image": "nginx:1.27"})))
            .collect();
        let spec = spec(json!({ "services": services }));
        let groups = networks(&spec);
        let sizes: Vec<usize> = groups[0].load_balancers().map(<[_]>::len).collect();
        assert_eq!(sizes, [25, 25, 1]);
        assert_eq!(groups[0].label, "the default VPC's public subnets");
    }
}
