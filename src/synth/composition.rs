//! What a front door that makes each service's fragment on its own (the construct) must change on a stack's
//! shared resources once its services are all known, so that the stack holds one web ACL per network, as the
//! whole spec's template does: the composed web ACLs' rules, the associations' entries, the web ACLs (and IP
//! sets) the services' fragments made that the composition took out, and which web ACL protects each service.
//! Said in neutral terms (local IDs, properties, expressions), for the front door to apply generically.

use super::firewall;
use super::ids::{self, Scope};
use crate::diag::Diagnostic;
use crate::json::{Map, Value};
use crate::model::Spec;
use serde::Serialize;
use std::collections::BTreeMap;

/// The resource type of the web ACLs, whose rules the composition decides.
const WEB_ACL: &str = "AWS::WAFv2::WebACL";
/// The properties of a web ACL the composition decides.
const WEB_ACL_PROPERTIES: [&str; 2] = ["Description", "Rules"];
/// The property of the associations that lists each web ACL with its load balancers, and an entry's fields.
const ASSOCIATIONS_PROPERTY: &str = "WebAcls";
const ENTRY_WEB_ACL: &str = "WebAclArn";
const ENTRY_LOAD_BALANCERS: &str = "LoadBalancerArns";

/// A resource of a service's own, as the template's expressions name it: the service (its key) and the
/// resource's local ID in that service's fragment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ServiceResource {
    pub service: String,
    pub local_id: String,
}

/// What to change on the shared resources of a stack whose services' fragments were made one at a time.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct SharedChanges {
    /// By local ID of a shared resource (made by the services' fragments): properties to set, each top-level
    /// key replacing that property. Expressions in the fragment's form; a local ID they name is a shared
    /// resource's, or one of `serviceResources`. A resource the front door does not hold is left alone.
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(type = "{ [localId: string]: { [property: string]: Json } }")
    )]
    pub replace: Map,
    /// Local IDs of shared resources to take out.
    pub remove: Vec<String>,
    /// The local IDs the expressions give services' own resources, and which resource of which service each is.
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(type = "{ [localId: string]: ServiceResource }")
    )]
    pub service_resources: BTreeMap<String, ServiceResource>,
    /// By service key: attributes of the service that change (`webAclArn`), as expressions.
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(type = "{ [serviceKey: string]: { [name: string]: Json } }")
    )]
    pub service_attributes: Map,
    /// The spec's errors, when it has no template (nothing to change then).
    pub errors: Vec<Diagnostic>,
}

/// The changes for `spec`, whose whole template is `template` (`Resources` by ID).
pub fn shared_changes(spec: &Spec, template: &Value) -> SharedChanges {
    let empty = Map::new();
    let resources = template
        .get("Resources")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let mut changes = SharedChanges::default();
    for (id, r) in resources {
        if r.get("Type").and_then(Value::as_str) != Some(WEB_ACL) {
            continue;
        }
        let properties = r.get("Properties");
        let set: Map = WEB_ACL_PROPERTIES
            .iter()
            .filter_map(|p| Some((p.to_string(), properties?.get(*p)?.clone())))
            .collect();
        changes.replace.insert(id.clone(), Value::Object(set));
    }
    // The services' own resources, as the template names them.
    let service_ids: Vec<(String, &str)> = spec
        .services
        .iter()
        .map(|s| (Scope::template(&s.name).id(ids::SERVICE), s.name.as_str()))
        .collect();
    for (id, key) in &service_ids {
        changes.service_resources.insert(
            id.clone(),
            ServiceResource {
                service: key.to_string(),
                local_id: ids::SERVICE.to_string(),
            },
        );
    }
    if let Some(entries) = resources
        .get(ids::WAF_ASSOCIATIONS)
        .and_then(|r| r.get("Properties"))
        .and_then(|p| p.get(ASSOCIATIONS_PROPERTY))
    {
        let mut set = Map::new();
        set.insert(ASSOCIATIONS_PROPERTY.to_string(), entries.clone());
        changes
            .replace
            .insert(ids::WAF_ASSOCIATIONS.to_string(), Value::Object(set));
        // Each service's web ACL: the entry that lists its load balancer.
        let list = entries.as_array().map(Vec::as_slice).unwrap_or(&[]);
        for (id, key) in &service_ids {
            let entry = list.iter().find(|e| {
                e.get(ENTRY_LOAD_BALANCERS)
                    .is_some_and(|lbs| names_resource(lbs, id))
            });
            if let Some(arn) = entry.and_then(|e| e.get(ENTRY_WEB_ACL)) {
                let mut attributes = Map::new();
                attributes.insert("webAclArn".to_string(), arn.clone());
                changes
                    .service_attributes
                    .insert(key.to_string(), Value::Object(attributes));
            }
        }
    }
    // The web ACLs and IP sets the services' fragments made (each value's own, shared by the stack) that
    // the whole template does not hold.
    let own = Scope::fragment();
    for acl in firewall::plan(spec, &|_| own.clone(), false).acls {
        for (id, owner, _) in acl.resources {
            if owner.is_none() && !resources.contains_key(&id) && !changes.remove.contains(&id) {
                changes.remove.push(id);
            }
        }
    }
    changes
}

/// Whether `value` holds a `Ref` or `Fn::GetAtt` of the resource `id`.
fn names_resource(value: &Value, id: &str) -> bool {
    match value {
        Value::Array(items) => items.iter().any(|v| names_resource(v, id)),
        Value::Object(o) => {
            let direct = o.get("Ref").and_then(Value::as_str) == Some(id)
                || o.get("Fn::GetAtt")
                    .and_then(Value::as_array)
                    .and_then(|a| a.first())
                    .and_then(Value::as_str)
                    == Some(id);
            direct || o.values().any(|v| names_resource(v, id))
        }
        _ => false,
    }
}
