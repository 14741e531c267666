//! From a checked spec to CloudFormation: a fragment per service, and the standalone template.

pub mod cfn;
pub mod ids;
mod roles;
pub mod service;
pub mod template;
mod waf;

use crate::diag::Diagnostic;
use crate::json::{Map, Value};
use crate::spec::{Cluster, Service, Spec, TaskRole, Val, Waf};
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
    pub warnings: Vec<Diagnostic>,
}

impl Fragment {
    fn add_shared(&mut self, id: &str, resource: Value) {
        self.resources.insert(id.to_string(), resource);
        self.shared.push(id.to_string());
    }
}

/// The web ACL a service ends up behind.
pub enum ServiceAcl<'a> {
    /// An existing web ACL, by ARN.
    Existing(&'a str),
    /// One the template creates for this service alone (its own `waf`): managed rule groups, rate limit.
    Own(&'a [String], Option<&'a Val<u64>>),
    /// The spec's shared one (its top-level `waf`).
    Default(&'a [String], Option<&'a Val<u64>>),
}

/// The service's own WAF setting, else the spec's default; `None` for no web ACL.
pub fn effective_waf<'a>(spec: &'a Spec, s: &'a Service) -> Option<ServiceAcl<'a>> {
    match (&s.waf, &spec.waf) {
        (Some(Waf::Managed { rules, rate_limit }), _) => {
            Some(ServiceAcl::Own(rules, rate_limit.as_ref()))
        }
        (Some(Waf::Existing(arn)), _) | (None, Some(Waf::Existing(arn))) => {
            Some(ServiceAcl::Existing(arn))
        }
        (None, Some(Waf::Managed { rules, rate_limit })) => {
            Some(ServiceAcl::Default(rules, rate_limit.as_ref()))
        }
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

/// Builds service `s` of `spec`; `scope` names its own resources.
pub fn build_service(spec: &Spec, s: &Service, scope: &Scope) -> Fragment {
    let mut f = Fragment::default();
    let service_id = scope.id(ids::SERVICE);
    let mut depends_on = Vec::new();

    let infrastructure_role = match &s.roles.infrastructure {
        Some(arn) => text(arn),
        None => {
            f.add_shared(ids::INFRASTRUCTURE_ROLE, roles::infrastructure_role());
            get_att(ids::INFRASTRUCTURE_ROLE, "Arn")
        }
    };
    let execution_role = match &s.roles.execution {
        Some(arn) => text(arn),
        None => {
            f.add_shared(ids::EXECUTION_ROLE, roles::execution_role());
            get_att(ids::EXECUTION_ROLE, "Arn")
        }
    };
    let cluster_name = match &s.cluster {
        Some(Cluster::Existing(name)) | Some(Cluster::Create { name, .. }) => Some(name),
        None => None,
    };
    let cluster = cluster_name.map(|name| match created_cluster(spec, name) {
        Some((id, insights)) => {
            f.add_shared(&id, service::cluster(name, insights));
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
    let log_group = s.logs.as_ref().map(|logs| match &logs.log_group {
        Some(name) => text(name),
        None => {
            let id = scope.id(ids::LOG_GROUP);
            let days = logs
                .retention_days
                .clone()
                .unwrap_or(Val::Known(crate::spec::DEFAULT_RETENTION_DAYS));
            resources.push((id.clone(), service::log_group(days)));
            r#ref(&id)
        }
    });
    let log_group_name = log_group.clone();

    let web_acl_arn = match effective_waf(spec, s) {
        Some(ServiceAcl::Existing(arn)) => Some(text(arn)),
        Some(ServiceAcl::Own(rules, rate_limit)) => {
            let id = scope.id(ids::WEB_ACL);
            // Its metrics are named after the service, not the local ID, so that ACLs report apart.
            let metric = format!("{}{}", s.name, ids::WEB_ACL);
            let description = format!("Protects Express service {}", s.name);
            resources.push((
                id.clone(),
                waf::web_acl(&metric, rules, rate_limit, &description),
            ));
            Some(get_att(&id, "Arn"))
        }
        Some(ServiceAcl::Default(rules, rate_limit)) => {
            let id = ids::DEFAULT_WEB_ACL;
            let description = "Protects the Express services of this stack";
            f.add_shared(id, waf::web_acl(id, rules, rate_limit, description));
            Some(get_att(id, "Arn"))
        }
        None => None,
    };

    let links = Links {
        cluster,
        infrastructure_role: infrastructure_role.clone(),
        execution_role: execution_role.clone(),
        task_role,
        log_group,
        depends_on,
    };
    resources.push((service_id.clone(), service::express_service(s, &links)));
    if let Some(arn) = &web_acl_arn {
        resources.push((
            scope.id(ids::WEB_ACL_ASSOCIATION),
            waf::association(&service_id, arn.clone()),
        ));
    }
    for (id, r) in resources {
        f.resources.insert(id, r);
    }

    let mut attributes = service::attributes(&service_id);
    attributes.insert("infrastructureRoleArn".into(), infrastructure_role);
    attributes.insert("executionRoleArn".into(), execution_role);
    if let Some(arn) = web_acl_arn {
        attributes.insert("webAclArn".into(), arn);
    }
    if let Some(name) = log_group_name {
        attributes.insert("logGroupName".into(), name);
    }
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
