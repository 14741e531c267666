//! Which web ACL protects which service, and what is in it: one web ACL for the services that may share a load
//! balancer, composed of every one's WAF settings.
//!
//! Express Mode puts the services of one network (see `sharing`) behind shared load balancers, and a load
//! balancer holds one web ACL. So the services' settings are composed into one web ACL per network: each rule
//! a service asks for applies to that service's hosts only (a scope-down statement on the Host header,
//! lower-cased, against its `Endpoint` and its custom domain names), the rule of settings several services
//! share is one rule scoped to all their hosts, and the web ACL allows by default, so a service without WAF on
//! the same network is untouched. A setting source (the spec's top-level `waf`, a `webAcls` entry, a service's
//! own `waf`) that spans networks keeps one web ACL for all of them, as before: networks that share a source
//! share its web ACL.
//!
//! Compatibility: a web ACL whose services all have one setting source, with no other service on its load
//! balancers, is exactly the web ACL of that source as it always was (no scope-down, the same IDs and rule
//! names). A composed web ACL takes the logical ID of its first source (the top-level `waf`, else the first
//! `webAcls` entry used, else the first service's own), so that a service joining or leaving the network
//! changes its rules in place.

use super::cfn::{get_att, resource, retained};
use super::ids::{self, Scope};
use super::service::count;
use super::waf::{self, rule, visibility};
use super::{effective_waf, ServiceAcl};
use crate::json::Value;
use crate::model::{Service, Spec, Val, WebAclSettings};
use crate::rules::waf::{
    managed_group_wcus, DEFAULT_RATE_LIMIT, HOST_MATCH_WCUS, IP_SET_WCUS, RATE_BASED_WCUS,
};
use crate::value::{arr, empty, num, obj, text};
use petgraph::unionfind::UnionFind;
use std::collections::HashMap;

/// WAF takes rule names of at most this many characters (`Rule.Name`: 1–128 of `[0-9A-Za-z_-]`).
const MAX_RULE_NAME: usize = 128;

/// How a service is protected.
#[derive(Debug, Clone, PartialEq)]
pub enum Protection {
    /// By a web ACL of the user's, by ARN.
    Existing(String),
    /// By `Plan::acls[i]`.
    Created(usize),
}

/// One rule of a created web ACL, for the front doors to show which rules protect which service.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSummary {
    pub name: String,
    /// What it does, in words.
    pub what: String,
    /// The services it applies to (every service behind the web ACL when `scoped` is false).
    pub services: Vec<String>,
    pub scoped: bool,
    /// Its web ACL capacity units.
    pub wcus: u64,
}

/// A web ACL the template creates.
#[derive(Debug, Clone)]
pub struct Acl {
    pub id: String,
    /// Its entry in the associations' `WebAcls` (`Contribution::group`): its first source's key.
    pub group: String,
    /// The service whose own resource the web ACL is (a service's own `waf`), else shared by the stack.
    pub owner: Option<String>,
    /// The web ACL and its IP sets: (ID, the service that owns it if any, resource), IP sets first.
    pub resources: Vec<(String, Option<String>, Value)>,
    /// The services it protects, in the spec's order.
    pub services: Vec<String>,
    /// The other services on its load balancers (no WAF setting), which its default action lets through.
    pub unprotected: Vec<String>,
    pub rules: Vec<RuleSummary>,
    /// Capacity units of all its rules.
    pub wcus: u64,
    /// The web ACL as the user named it, or by the services it protects (for messages).
    pub label: String,
    /// The spec path its capacity findings go to.
    pub path: String,
}

/// Every created web ACL of a spec, and the protection of each service.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub acls: Vec<Acl>,
    of: HashMap<String, Protection>,
}

impl Plan {
    pub fn of(&self, service: &str) -> Option<&Protection> {
        self.of.get(service)
    }

    /// The created web ACL that protects `service`.
    pub fn acl_of(&self, service: &str) -> Option<&Acl> {
        match self.of(service)? {
            Protection::Created(i) => self.acls.get(*i),
            Protection::Existing(_) => None,
        }
    }
}

/// Where a created setting comes from, in the order that picks a composed web ACL's ID.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    Default,
    Named(usize),
    Own(usize),
}

struct Source<'a> {
    rank: Rank,
    /// `ServiceAcl::key`: services with equal keys share the source.
    key: String,
    settings: &'a WebAclSettings,
    services: Vec<&'a Service>,
    /// The ID, metric name, description and IP sets' words of the web ACL the source made alone.
    id: String,
    owner: Option<String>,
    metric: String,
    description: String,
    whose: String,
    label: String,
    path: String,
}

fn source<'a>(
    spec: &'a Spec,
    s: &'a Service,
    acl: &ServiceAcl<'a>,
    scope: &dyn Fn(&str) -> Scope,
    index: usize,
) -> Option<Source<'a>> {
    let (rank, settings, id, owner, metric, description, whose, label, path) = match acl {
        ServiceAcl::Existing(_) => return None,
        ServiceAcl::Own(settings) => {
            let id = scope(&s.name).id(ids::WEB_ACL);
            (
                Rank::Own(index),
                *settings,
                id,
                Some(s.name.clone()),
                format!("{}{}", s.name, ids::WEB_ACL),
                format!("Protects Express service {}", s.name),
                format!("the web ACL of Express service {}", s.name),
                format!("the web ACL of {}", s.name),
                format!("services.{}.waf", s.name),
            )
        }
        ServiceAcl::Named(name, settings) => {
            let id = ids::named_web_acl(name);
            let rank = spec
                .web_acls
                .iter()
                .position(|(n, _)| n == name)
                .unwrap_or(0);
            (
                Rank::Named(rank),
                *settings,
                id.clone(),
                None,
                id.clone(),
                format!("Protects the Express services that share web ACL {name}"),
                id,
                format!("web ACL {name}"),
                format!("webAcls.{name}"),
            )
        }
        ServiceAcl::Default(settings) => (
            Rank::Default,
            *settings,
            ids::DEFAULT_WEB_ACL.to_string(),
            None,
            ids::DEFAULT_WEB_ACL.to_string(),
            "Protects the Express services of this stack".to_string(),
            ids::DEFAULT_WEB_ACL.to_string(),
            "the stack's web ACL (waf)".to_string(),
            "waf".to_string(),
        ),
    };
    Some(Source {
        rank,
        key: acl.key(&s.name),
        settings,
        services: vec![s],
        id,
        owner,
        metric,
        description,
        whose,
        label,
        path,
    })
}

/// The web ACLs of `spec`. `scope` gives each service's IDs (the template's, or a fragment's); `compose`
/// false keeps one web ACL per setting source, unscoped (a front door that builds services one at a time,
/// and so cannot see a network whole).
pub fn plan(spec: &Spec, scope: &dyn Fn(&str) -> Scope, compose: bool) -> Plan {
    let mut plan = Plan::default();
    // Each service's place in the spec, for the spec's order (hashed: thousands of services).
    let place: HashMap<&str, usize> = spec
        .services
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.as_str(), i))
        .collect();
    let place_of = |name: &str| place.get(name).copied().unwrap_or(usize::MAX);
    let groups: Vec<Vec<&Service>> = if compose {
        crate::sharing::networks(spec)
            .into_iter()
            .map(|g| g.services)
            .collect()
    } else {
        spec.services.iter().map(|s| vec![s]).collect()
    };
    // Networks that share a setting source share its web ACL.
    let mut sets = UnionFind::<usize>::new(groups.len());
    let mut first_with: HashMap<String, usize> = HashMap::new();
    for (g, services) in groups.iter().enumerate() {
        for s in services {
            match effective_waf(spec, s) {
                Some(ServiceAcl::Existing(arn)) => {
                    plan.of
                        .insert(s.name.clone(), Protection::Existing(arn.to_string()));
                }
                Some(acl) => {
                    let other = *first_with.entry(acl.key(&s.name)).or_insert(g);
                    sets.union(g, other);
                }
                None => {}
            }
        }
    }
    let mut components: Vec<(usize, Vec<&Service>)> = Vec::new();
    for (g, services) in groups.iter().enumerate() {
        let root = sets.find_mut(g);
        match components.iter_mut().find(|(r, _)| *r == root) {
            Some((_, list)) => list.extend(services.iter().copied()),
            None => components.push((root, services.clone())),
        }
    }
    for (_, mut services) in components {
        // The spec's order, across the networks of a component.
        services.sort_by_key(|s| place_of(&s.name));
        let mut sources: Vec<Source> = Vec::new();
        let mut unprotected = Vec::new();
        for s in &services {
            match effective_waf(spec, s) {
                None => unprotected.push(s.name.clone()),
                Some(ServiceAcl::Existing(_)) => {}
                Some(acl) => match sources.iter_mut().find(|x| x.key == acl.key(&s.name)) {
                    Some(src) => src.services.push(s),
                    None => sources.extend(source(spec, s, &acl, scope, place_of(&s.name))),
                },
            }
        }
        if sources.is_empty() {
            continue;
        }
        sources.sort_by(|a, b| a.rank.cmp(&b.rank));
        let acl = if !compose || (sources.len() == 1 && unprotected.is_empty()) {
            // Every source alone (not composing), or one source for all: the web ACL as it always was.
            sources.into_iter().map(single).collect::<Vec<_>>()
        } else {
            composed(&place_of, &sources, unprotected, scope)
                .into_iter()
                .collect()
        };
        for a in acl {
            let index = plan.acls.len();
            for name in &a.services {
                plan.of.insert(name.clone(), Protection::Created(index));
            }
            plan.acls.push(a);
        }
    }
    plan
}

fn names(services: &[&Service]) -> Vec<String> {
    services.iter().map(|s| s.name.clone()).collect()
}

/// The web ACL of one source for all the services on its load balancers: no scope-down.
fn single(src: Source) -> Acl {
    let sets = waf::ip_sets(&src.id, &src.whose, src.settings);
    let set_ids: Vec<String> = sets.iter().map(|(i, _)| i.clone()).collect();
    let services = names(&src.services);
    let mut rules = Vec::new();
    let settings = src.settings;
    if !set_ids.is_empty() {
        rules.push(RuleSummary {
            name: "AllowOnlyListedIps".into(),
            what: allow_words(settings),
            services: services.clone(),
            scoped: false,
            wcus: IP_SET_WCUS * set_ids.len() as u64,
        });
    }
    rules.push(RuleSummary {
        name: "RateLimitPerIp".into(),
        what: rate_words(settings),
        services: services.clone(),
        scoped: false,
        wcus: RATE_BASED_WCUS,
    });
    for group in &settings.rules {
        rules.push(RuleSummary {
            name: group.clone(),
            what: format!("AWS managed rule group {group}"),
            services: services.clone(),
            scoped: false,
            wcus: managed_group_wcus(group),
        });
    }
    let acl = waf::web_acl(&src.metric, settings, &src.description, &set_ids);
    let mut resources: Vec<(String, Option<String>, Value)> = sets
        .into_iter()
        .map(|(id, r)| (id, src.owner.clone(), r))
        .collect();
    resources.push((src.id.clone(), src.owner.clone(), acl));
    Acl {
        wcus: rules.iter().map(|r| r.wcus).sum(),
        group: src.key,
        id: src.id,
        owner: src.owner,
        resources,
        services,
        unprotected: Vec::new(),
        rules,
        label: src.label,
        path: src.path,
    }
}

fn allow_words(settings: &WebAclSettings) -> String {
    let all: Vec<&str> = settings
        .allow_ipv4
        .iter()
        .chain(&settings.allow_ipv6)
        .map(String::as_str)
        .collect();
    format!("blocks requests from outside {}", all.join(", "))
}

fn rate_words(settings: &WebAclSettings) -> String {
    let limit = match &settings.rate_limit {
        Some(Val::Known(n)) => n.to_string(),
        Some(Val::Token(t)) => t.clone(),
        None => DEFAULT_RATE_LIMIT.to_string(),
    };
    format!("blocks an IP past {limit} requests in 5 minutes")
}

/// A rule's name: `base`, and when it is for some of the web ACL's services only, their keys (cut to WAF's
/// 128 characters, with a hash of the whole list then, so that names stay apart).
fn rule_name(base: &str, services: &[String], scoped: bool) -> String {
    if !scoped {
        return base.to_string();
    }
    let full = format!("{base}-{}", services.join("-"));
    if full.len() <= MAX_RULE_NAME {
        return full;
    }
    let hash = format!("{:08x}", fnv(&full) as u32);
    let keep = MAX_RULE_NAME - hash.len() - 1;
    format!("{}-{hash}", full.get(..keep).unwrap_or(&full))
}

fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The host names a service answers to: its Endpoint (known at deploy) and its custom domain names.
fn hosts(s: &Service, scope: &dyn Fn(&str) -> Scope) -> Vec<Value> {
    let mut out = vec![host_match(
        get_att(&scope(&s.name).id(ids::SERVICE), "Endpoint"),
        "EXACTLY",
    )];
    for name in s.domain.iter().flat_map(|d| &d.names) {
        // A token (the construct's) is the app's value: left as it is.
        let lower = if crate::token::is_token(name) {
            name.clone()
        } else {
            name.to_ascii_lowercase()
        };
        out.push(match lower.strip_prefix('*') {
            // A wildcard name: every host that ends with its domain (`.example.com`).
            Some(rest) => host_match(text(rest), "ENDS_WITH"),
            None => host_match(text(&lower), "EXACTLY"),
        });
    }
    out
}

/// The Host header, lower-cased, matched against `host`.
fn host_match(host: Value, position: &str) -> Value {
    obj(vec![(
        "ByteMatchStatement",
        obj(vec![
            (
                "FieldToMatch",
                obj(vec![("SingleHeader", obj(vec![("Name", text("host"))]))]),
            ),
            ("PositionalConstraint", text(position)),
            ("SearchString", host),
            (
                "TextTransformations",
                arr(vec![obj(vec![
                    ("Priority", num(0)),
                    ("Type", text("LOWERCASE")),
                ])]),
            ),
        ]),
    )])
}

/// One of the statements, or all of them (`Or`/`And` need two or more).
fn either(mut statements: Vec<Value>, combinator: &str) -> Value {
    if statements.len() == 1 {
        return statements.pop().unwrap_or_else(empty);
    }
    obj(vec![(
        combinator,
        obj(vec![("Statements", arr(statements))]),
    )])
}

/// A rule of the composed web ACL, before its priority is known.
struct Planned {
    base: String,
    what: String,
    services: Vec<String>,
    /// Its statement given the scope-down statement of its services (`None`: unscoped).
    statement: Box<dyn Fn(Option<Value>) -> Value>,
    block: bool,
    wcus: u64,
}

/// One web ACL for every source of a component: each source's rules scoped to its services' hosts, a managed
/// group or an allow-list several services have being one rule for all of them.
fn composed(
    place_of: &dyn Fn(&str) -> usize,
    sources: &[Source],
    unprotected: Vec<String>,
    scope: &dyn Fn(&str) -> Scope,
) -> Option<Acl> {
    let first = sources.first()?;
    let all: Vec<&Service> = sources.iter().flat_map(|s| s.services.clone()).collect();
    let behind = all.len() + unprotected.len();
    let host_list: HashMap<&str, Vec<Value>> = all
        .iter()
        .map(|s| (s.name.as_str(), hosts(s, scope)))
        .collect();
    let mut planned: Vec<Planned> = Vec::new();
    let mut resources: Vec<(String, Option<String>, Value)> = Vec::new();

    // Allow-lists: one rule per distinct list, its IP sets those its first source made alone.
    let mut lists: Vec<(&WebAclSettings, Vec<&Service>, Vec<String>)> = Vec::new();
    for src in sources {
        let s = src.settings;
        if s.allow_ipv4.is_empty() && s.allow_ipv6.is_empty() {
            continue;
        }
        let same =
            |o: &WebAclSettings| o.allow_ipv4 == s.allow_ipv4 && o.allow_ipv6 == s.allow_ipv6;
        match lists.iter_mut().find(|(o, ..)| same(o)) {
            Some((_, services, _)) => services.extend(src.services.iter().copied()),
            None => {
                let sets = waf::ip_sets(&src.id, &src.whose, s);
                let set_ids: Vec<String> = sets.iter().map(|(i, _)| i.clone()).collect();
                resources.extend(sets.into_iter().map(|(id, r)| (id, src.owner.clone(), r)));
                lists.push((s, src.services.clone(), set_ids));
            }
        }
    }
    for (settings, services, set_ids) in lists {
        let listed = waf::ip_set_references(&set_ids);
        let not_listed = obj(vec![(
            "NotStatement",
            obj(vec![("Statement", either(listed, "OrStatement"))]),
        )]);
        planned.push(Planned {
            base: "AllowOnlyListedIps".into(),
            what: allow_words(settings),
            services: names(&services),
            statement: Box::new(move |scope| match scope {
                None => not_listed.clone(),
                Some(hosts) => either(vec![not_listed.clone(), hosts], "AndStatement"),
            }),
            block: true,
            wcus: IP_SET_WCUS * set_ids.len() as u64,
        });
    }
    // Rate limits: one per source, as a shared web ACL counted an IP's requests to all its services.
    for src in sources {
        let limit = src
            .settings
            .rate_limit
            .as_ref()
            .map_or(num(DEFAULT_RATE_LIMIT), count);
        planned.push(Planned {
            base: "RateLimitPerIp".into(),
            what: rate_words(src.settings),
            services: names(&src.services),
            statement: Box::new(move |scope| {
                let mut fields = vec![("Limit", limit.clone()), ("AggregateKeyType", text("IP"))];
                fields.extend(scope.map(|s| ("ScopeDownStatement", s)));
                obj(vec![("RateBasedStatement", obj(fields))])
            }),
            block: true,
            wcus: RATE_BASED_WCUS,
        });
    }
    // Managed rule groups: one rule per group, for every service that asks for it.
    let mut groups: Vec<(&str, Vec<&Service>)> = Vec::new();
    for src in sources {
        for g in &src.settings.rules {
            match groups.iter_mut().find(|(n, _)| n == g) {
                Some((_, services)) => services.extend(src.services.iter().copied()),
                None => groups.push((g, src.services.clone())),
            }
        }
    }
    for (group, services) in groups {
        let name = group.to_string();
        planned.push(Planned {
            base: name.clone(),
            what: format!("AWS managed rule group {group}"),
            services: names(&services),
            statement: Box::new(move |scope| {
                let mut fields = vec![("VendorName", text("AWS")), ("Name", text(&name))];
                fields.extend(scope.map(|s| ("ScopeDownStatement", s)));
                obj(vec![("ManagedRuleGroupStatement", obj(fields))])
            }),
            block: false,
            wcus: managed_group_wcus(group),
        });
    }

    // The spec's order.
    let order = |list: &mut Vec<String>| {
        list.sort_by_key(|n| place_of(n));
    };
    let mut rules = Vec::new();
    let mut summaries = Vec::new();
    for (priority, mut p) in (0u64..).zip(planned) {
        order(&mut p.services);
        let scoped = p.services.len() < behind;
        let mut wcus = p.wcus;
        let scope_down = scoped.then(|| {
            let statements: Vec<Value> = p
                .services
                .iter()
                .flat_map(|n| host_list.get(n.as_str()).cloned().unwrap_or_default())
                .collect();
            wcus += HOST_MATCH_WCUS * statements.len() as u64;
            either(statements, "OrStatement")
        });
        let name = rule_name(&p.base, &p.services, scoped);
        let action = if p.block {
            ("Action", obj(vec![("Block", empty())]))
        } else {
            ("OverrideAction", obj(vec![("None", empty())]))
        };
        rules.push(rule(&name, priority, action, (p.statement)(scope_down)));
        summaries.push(RuleSummary {
            name,
            what: p.what,
            services: p.services,
            scoped,
            wcus,
        });
    }
    let mut protected: Vec<String> = sources.iter().flat_map(|s| names(&s.services)).collect();
    order(&mut protected);
    let acl = resource(
        "AWS::WAFv2::WebACL",
        retained(),
        obj(vec![
            (
                "Description",
                text("Protects the Express services of one network, each rule those it names"),
            ),
            ("Scope", text("REGIONAL")),
            ("DefaultAction", obj(vec![("Allow", empty())])),
            ("VisibilityConfig", visibility(&first.metric)),
            ("Rules", arr(rules)),
        ]),
    );
    resources.push((first.id.clone(), first.owner.clone(), acl));
    Some(Acl {
        wcus: summaries.iter().map(|r| r.wcus).sum(),
        group: first.key.clone(),
        id: first.id.clone(),
        owner: first.owner.clone(),
        resources,
        label: format!("the web ACL of {}", protected.join(", ")),
        path: first.path.clone(),
        services: protected,
        unprotected,
        rules: summaries,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    use crate::model::valid as spec;

    #[test]
    fn a_rule_for_many_services_keeps_to_wafs_128_characters_and_stays_apart() {
        let many: Vec<String> = (0..40).map(|i| format!("Service{i}")).collect();
        let a = rule_name("AWSManagedRulesCommonRuleSet", &many, true);
        assert_eq!(a.len(), 128);
        let mut other = many.clone();
        other[39] = "Other".into();
        let b = rule_name("AWSManagedRulesCommonRuleSet", &other, true);
        assert_eq!(b.len(), 128);
        assert_ne!(a, b);
        assert_eq!(rule_name("RateLimitPerIp", &many, false), "RateLimitPerIp");
        assert_eq!(
            rule_name("RateLimitPerIp", &many[..2], true),
            "RateLimitPerIp-Service0-Service1"
        );
    }

    #[test]
    fn each_setting_alone_without_composing_and_one_web_acl_per_network_with() {
        let s = spec(json!({ "services": {
            "A": { "image": "nginx:1", "waf": {} },
            "B": { "image": "nginx:1", "waf": { "rateLimit": 100 } },
            "C": { "image": "nginx:1" },
            "D": { "image": "nginx:1", "network": { "subnets": ["subnet-12345678", "subnet-87654321"] }, "waf": {} }
        }}));
        let alone = plan(&s, &|n| Scope::template(n), false);
        let ids: Vec<&str> = alone.acls.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["AWebAcl", "BWebAcl", "DWebAcl"]);
        assert!(alone.acls.iter().all(|a| a.rules.iter().all(|r| !r.scoped)));
        let composed = plan(&s, &|n| Scope::template(n), true);
        let ids: Vec<&str> = composed.acls.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["AWebAcl", "DWebAcl"]);
        let first = &composed.acls[0];
        assert_eq!(first.services, ["A", "B"]);
        assert_eq!(first.unprotected, ["C"]);
        let names: Vec<&str> = first.rules.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "RateLimitPerIp-A",
                "RateLimitPerIp-B",
                "AWSManagedRulesCommonRuleSet-A-B",
                "AWSManagedRulesKnownBadInputsRuleSet-A-B",
                "AWSManagedRulesAmazonIpReputationList-A-B"
            ]
        );
        // 925 of managed groups, two rate limits, and a host match per service in each rule's scope-down.
        assert_eq!(first.wcus, 925 + 2 * 2 + 12 * (1 + 1 + 2 * 3));
        assert_eq!(composed.of("C"), None);
        assert_eq!(composed.of("B"), Some(&Protection::Created(0)));
        // D alone in its network: its web ACL as it always was.
        assert!(composed.acls[1].rules.iter().all(|r| !r.scoped));
    }
}
