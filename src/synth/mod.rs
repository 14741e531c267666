//! From a checked spec to CloudFormation: a fragment per service, and the standalone template.

pub mod cfn;
pub mod composition;
mod domain;
pub mod firewall;
pub use domain::rule_policy_min_chars;
pub mod ids;
mod lambda;
pub mod metrics;
pub mod network;
pub mod outputs;
mod roles;
pub mod service;
mod task;
pub mod template;
mod waf;

use crate::diag::Diagnostic;
use crate::json::{Map, Value};
use crate::model::{Cluster, Helpers, Service, Spec, TaskRole, Waf, WebAclSettings};
use crate::value::{obj, text};
use cfn::{get_att, r#ref};
use ids::Scope;
use serde::Serialize;
use service::Links;

/// One service's CloudFormation with local IDs (see docs/core-api.md); `shared` IDs are the same for every
/// service of a stack.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Fragment {
    /// Resources by local ID.
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(type = "{ [localId: string]: JsonObject }")
    )]
    pub resources: Map,
    /// IDs of `resources` that are the same for every service of a stack.
    pub shared: Vec<String>,
    /// Outputs by local ID.
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(type = "{ [localId: string]: JsonObject }")
    )]
    pub outputs: Map,
    /// Expressions the construct exposes (`url`, `serviceArn`, role ARNs, …), by name.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "{ [name: string]: Json }"))]
    pub attributes: Map,
    /// IDs of `resources` a front door may leave out while nothing else uses them (a task role nothing was
    /// granted to): a reference to one left out is then nothing, and the property holding it is left out.
    pub optional: Vec<String>,
    /// What this service adds to shared resources that collect a value from every service.
    pub contributions: Vec<Contribution>,
    /// Its CloudWatch metrics by name (`cpuUtilization`, `requestCount`, …; see `synth::metrics`).
    #[cfg_attr(target_arch = "wasm32", tsify(type = "{ [name: string]: MetricDef }"))]
    pub metrics: Map,
    pub warnings: Vec<Diagnostic>,
}

/// A value a service adds to a shared resource that collects from every service: the resource's list
/// property `property` holds one entry per `group` (services with the same group share it), made of the
/// fields of `entry` and a list `members` of the values of the group's services, in the services' order.
/// In the fragment the property is an empty list.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Contribution {
    /// The shared resource's ID.
    pub resource: String,
    /// The name of its property (under `Properties`) that holds the entries.
    pub property: String,
    /// Services with the same group add to the same entry.
    pub group: String,
    /// The entry's fields besides `members`, the same for every service of the group.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "JsonObject"))]
    pub entry: Map,
    /// The entry's field that lists the values.
    pub members: String,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Json"))]
    pub value: Value,
}

impl Fragment {
    /// Adds shared resource `id`, made by `make` unless `built_before` says the template being built holds
    /// it already (an earlier service made it): then `null` stands for it, keeping the fragment's order.
    fn add_shared(&mut self, id: &str, built_before: Before, make: impl FnOnce() -> Value) {
        let resource = if built_before(id) {
            Value::Null
        } else {
            make()
        };
        self.resources.insert(id.to_string(), resource);
        self.shared.push(id.to_string());
    }

    /// Adds the shared resources `make` makes together, named `ids` in its order: made only when the template
    /// being built lacks them (a Lambda function's code and role, for every service with WAF, were a third of
    /// such a template's synthesis).
    fn add_shared_set(
        &mut self,
        ids: &[&str],
        built_before: Before,
        make: impl FnOnce() -> Vec<(&'static str, Value)>,
    ) {
        if ids.iter().all(|id| built_before(id)) {
            for id in ids {
                self.add_shared(id, built_before, || Value::Null);
            }
        } else {
            for (id, resource) in make() {
                self.add_shared(id, built_before, || resource);
            }
        }
    }

    /// With the helpers' log groups encrypted by a key: the key policy statement CloudWatch Logs needs, for
    /// a front door that can add it to a key of the app (`helpersLogsKeyStatement`).
    fn helpers_key_statement(&mut self, helpers: &Helpers) {
        if helpers.log_kms_key.is_some() {
            self.attributes.insert(
                "helpersLogsKeyStatement".into(),
                service::logs_key_statement(),
            );
        }
    }
}

/// Whether a template being built holds shared resource `id` already: its later services then do not build
/// it again (the shared roles built per service were a sixth of a template's synthesis once the metrics were
/// gone, bench/results/profile-core.md).
pub type Before<'a> = &'a dyn Fn(&str) -> bool;

/// The entries of every contribution to one resource property, as the front doors build them.
pub fn collect(contributions: &[&Contribution]) -> Value {
    let mut entries: Vec<(&str, Map)> = Vec::new();
    for c in contributions {
        if !entries.iter().any(|(g, _)| *g == c.group) {
            let mut entry = c.entry.clone();
            entry.insert(c.members.clone(), Value::Array(Vec::new()));
            entries.push((&c.group, entry));
        }
        let members = entries
            .iter_mut()
            .find(|(g, _)| *g == c.group)
            .and_then(|(_, e)| e.get_mut(&c.members));
        if let Some(Value::Array(list)) = members {
            list.push(c.value.clone());
        }
    }
    Value::Array(entries.into_iter().map(|(_, e)| Value::Object(e)).collect())
}

/// The web ACL a service ends up behind.
pub enum ServiceAcl<'a> {
    /// An existing web ACL, by ARN.
    Existing(&'a str),
    /// One the template creates for this service alone (its own `waf`).
    Own(&'a WebAclSettings),
    /// One of the spec's `webAcls`, by name.
    Named(&'a str, &'a WebAclSettings),
    /// The spec's shared one (its top-level `waf`).
    Default(&'a WebAclSettings),
}

impl ServiceAcl<'_> {
    /// Services with equal keys are behind the same web ACL (two services' own web ACLs differ).
    pub fn key(&self, service: &str) -> String {
        match self {
            ServiceAcl::Existing(arn) => format!("arn:{arn}"),
            ServiceAcl::Own(_) => format!("own:{service}"),
            ServiceAcl::Named(name, _) => format!("named:{name}"),
            ServiceAcl::Default(_) => "default".into(),
        }
    }

    /// The web ACL in words, for messages.
    pub fn describe(&self) -> String {
        match self {
            ServiceAcl::Existing(arn) => format!("web ACL {arn}"),
            ServiceAcl::Own(_) => "its own web ACL".into(),
            ServiceAcl::Named(name, _) => format!("web ACL {name}"),
            ServiceAcl::Default(_) => "the default web ACL".into(),
        }
    }
}

/// The service's own WAF setting, else the spec's default; `None` for no web ACL.
pub fn effective_waf<'a>(spec: &'a Spec, s: &'a Service) -> Option<ServiceAcl<'a>> {
    let named = |name: &'a str| {
        spec.web_acls
            .iter()
            .find(|(n, _)| n == name)
            .map(|(n, settings)| ServiceAcl::Named(n, settings))
    };
    match (&s.waf, &spec.waf) {
        (Some(Waf::Managed(settings)), _) => Some(ServiceAcl::Own(settings)),
        (Some(Waf::Existing(arn)), _) | (None, Some(Waf::Existing(arn))) => {
            Some(ServiceAcl::Existing(arn))
        }
        (Some(Waf::Named(name)), _) | (None, Some(Waf::Named(name))) => named(name),
        (None, Some(Waf::Managed(settings))) => Some(ServiceAcl::Default(settings)),
        (Some(Waf::Off), _) | (None, Some(Waf::Off)) | (None, None) => None,
    }
}

/// Whether the core attaches a grant policy for this service's secrets to the shared execution role
/// (secrets given as tokens are granted by the construct, not here).
pub fn grants_secrets(s: &Service) -> bool {
    s.roles.execution.is_none() && roles::execution_policy(s, ids::EXECUTION_ROLE).is_some()
}

/// The ID of the cluster a service names, when the spec creates it (by any service).
fn created_cluster(spec: &Spec, name: &str) -> Option<(String, bool)> {
    spec.services.iter().find_map(|s| match &s.cluster {
        Some(Cluster::Create {
            name: n,
            container_insights,
        }) if n == name => Some((ids::cluster_id(n), *container_insights)),
        _ => None,
    })
}

/// Builds service `s` of `spec` alone, as a front door that builds services one at a time does: each WAF
/// setting its own web ACL (see `firewall::plan`); `scope` names its own resources.
pub fn build_service(spec: &Spec, s: &Service, scope: &Scope) -> Fragment {
    let own = scope.clone();
    let plan = firewall::plan(spec, &|_| own.clone(), false);
    let mut f = build_with(spec, &plan, s, scope, &|_| false);
    // What only a front door that makes constructs reads: the service's own attributes first, then those
    // of the resources around it.
    let service_id = scope.id(ids::SERVICE);
    let mut attributes = service::attributes(&service_id);
    attributes.append(&mut f.attributes);
    f.attributes = attributes;
    f.metrics = metrics::of_service(&service_id);
    f
}

/// Builds service `s` of `spec` with the web ACLs of `plan`; `scope` names its own resources. Without the
/// service's metrics and the attributes every service has alike (`build_service` adds them): the template
/// and `explain` read neither, and they were a third of a template's synthesis (bench/results/profile-core.md).
/// Shared resources `built_before` names are `null` in `resources` (see `Fragment::add_shared`).
pub fn build_with(
    spec: &Spec,
    plan: &firewall::Plan,
    s: &Service,
    scope: &Scope,
    built_before: Before,
) -> Fragment {
    let mut f = Fragment::default();
    let service_id = scope.id(ids::SERVICE);
    let mut depends_on = Vec::new();

    let infrastructure_role = match &s.roles.infrastructure {
        Some(arn) => text(arn),
        None => {
            f.add_shared(
                ids::INFRASTRUCTURE_ROLE,
                built_before,
                roles::infrastructure_role,
            );
            get_att(ids::INFRASTRUCTURE_ROLE, "Arn")
        }
    };
    // A task definition of the user's has its own execution role: the shared one is not needed.
    let execution_role = match (&s.roles.execution, &s.task_definition) {
        (_, Some(_)) => Value::Null,
        (Some(arn), None) => text(arn),
        (None, None) => {
            f.add_shared(ids::EXECUTION_ROLE, built_before, roles::execution_role);
            get_att(ids::EXECUTION_ROLE, "Arn")
        }
    };
    let cluster_name = match &s.cluster {
        Some(Cluster::Existing(name)) | Some(Cluster::Create { name, .. }) => Some(name),
        None => None,
    };
    let cluster = cluster_name.map(|name| match created_cluster(spec, name) {
        Some((id, insights)) => {
            f.add_shared(&id, built_before, || service::cluster(name, insights));
            r#ref(&id)
        }
        None => text(name),
    });

    let mut resources: Vec<(String, Value)> = Vec::new();
    let task_role = match &s.roles.task {
        Some(TaskRole::Existing(arn)) => Some(text(arn)),
        Some(TaskRole::Create) => {
            let id = scope.id(ids::TASK_ROLE);
            resources.push((id.clone(), roles::task_role(s)));
            // Made by the construct only once something is granted to it: a role per service would
            // double the resources of a stack (450 services: 902 of CloudFormation's 500).
            f.optional.push(id.clone());
            f.attributes
                .insert("taskRoleArn".into(), get_att(&id, "Arn"));
            Some(get_att(&id, "Arn"))
        }
        None => None,
    };
    if s.roles.execution.is_none() {
        if let Some(policy) = roles::execution_policy(s, ids::EXECUTION_ROLE) {
            let id = scope.id(ids::EXECUTION_POLICY);
            depends_on.push(id.clone());
            resources.push((id, policy));
        }
    }
    // The task definition's containers need a log group that exists: Express makes one only for its own.
    let needs_logs = s.logs.is_some() || !s.sidecars.is_empty();
    let log_group = needs_logs.then(
        || match s.logs.as_ref().and_then(|l| l.log_group.as_ref()) {
            Some(name) => text(name),
            None => {
                let id = scope.id(ids::LOG_GROUP);
                let days = s
                    .logs
                    .as_ref()
                    .and_then(|l| l.retention_days.clone())
                    .unwrap_or(crate::model::Val::Known(
                        crate::model::DEFAULT_RETENTION_DAYS,
                    ));
                let key = s.logs.as_ref().and_then(|l| l.kms_key.as_deref());
                resources.push((id.clone(), service::log_group(days, key)));
                if key.is_some() {
                    f.attributes
                        .insert("logsKeyStatement".into(), service::logs_key_statement());
                }
                r#ref(&id)
            }
        },
    );
    let log_group_name = log_group.clone();

    let web_acl_arn = match plan.of(&s.name) {
        Some(firewall::Protection::Existing(arn)) => Some((format!("arn:{arn}"), text(arn))),
        Some(firewall::Protection::Created(_)) => plan.acl_of(&s.name).map(|acl| {
            for (id, owner, resource) in &acl.resources {
                match owner {
                    None => f.add_shared(id, built_before, || resource.clone()),
                    Some(o) if *o == s.name => resources.push((id.clone(), resource.clone())),
                    // Another service's own: that service's fragment makes it.
                    Some(_) => {}
                }
            }
            (acl.group.clone(), get_att(&acl.id, "Arn"))
        }),
        None => None,
    };
    if let Some((group, arn)) = &web_acl_arn {
        f.add_shared_set(&waf::ASSOCIATIONS_IDS, built_before, || {
            waf::associations_resources(&spec.helpers)
        });
        f.helpers_key_statement(&spec.helpers);
        f.contributions
            .push(waf::association(group.clone(), arn.clone(), &service_id));
    }
    let web_acl_arn = web_acl_arn.map(|(_, arn)| arn);

    let security_group = s.network.as_ref().and_then(|n| {
        let (vpc, cidr) = (n.vpc.as_deref()?, n.vpc_cidr.as_deref()?);
        n.create_security_group.then(|| {
            let id = scope.id(ids::SECURITY_GROUP);
            resources.push((id.clone(), network::security_group(s, vpc, cidr)));
            // Made by the construct only once `connections` is used: a group per service would add a resource
            // per service to the stack, and Express makes the tasks' group itself without one.
            f.optional.push(id.clone());
            let group = get_att(&id, "GroupId");
            f.attributes.insert("securityGroupId".into(), group.clone());
            group
        })
    });

    let mut links = Links {
        task_definition: s.task_definition.as_deref().map(text),
        cluster,
        infrastructure_role: infrastructure_role.clone(),
        execution_role: execution_role.clone(),
        task_role,
        log_group,
        security_group,
        depends_on,
    };
    if !s.sidecars.is_empty() {
        let id = scope.id(ids::TASK_DEFINITION);
        resources.push((id.clone(), task::task_definition(s, &links)));
        links.task_definition = Some(r#ref(&id));
    }
    resources.push((service_id.clone(), service::express_service(s, &links)));
    if let Some(d) = &s.domain {
        f.add_shared_set(&domain::SHARED_IDS, built_before, || {
            domain::shared_resources(&spec.helpers)
        });
        f.helpers_key_statement(&spec.helpers);
        resources.extend(domain::resources(d, &s.name, &service_id, &|local| {
            scope.id(local)
        }));
    }
    for (id, r) in resources {
        f.resources.insert(id, r);
    }

    let mut attributes = Map::new();
    attributes.insert("infrastructureRoleArn".into(), infrastructure_role);
    if !execution_role.is_null() {
        attributes.insert("executionRoleArn".into(), execution_role);
    }
    if let Some(arn) = web_acl_arn {
        attributes.insert("webAclArn".into(), arn);
    }
    if let Some(name) = log_group_name {
        attributes.insert("logGroupName".into(), name);
    }
    // The port the load balancer sends to (the spec's, or its default), for a front door's connections.
    attributes.insert("containerPort".into(), network::target_port(s));
    attributes.append(&mut f.attributes);
    f.attributes = attributes;
    if s.output {
        f.outputs.insert(
            scope.id(ids::URL_OUTPUT),
            obj(vec![
                (
                    "Description",
                    text(&format!("The HTTPS URL of Express service {}", s.name)),
                ),
                ("Value", cfn::https_url(&service_id)),
            ]),
        );
    }
    f
}
