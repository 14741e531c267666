//! The changes to Express services between two templates, flagging those that replace a service: a
//! replaced Express service gets a new generated URL, so every client of it breaks.

use crate::diag::Report;
use crate::json::{Map, Value};
use serde::Serialize;

/// The changes to Express services between two templates; `replaces` marks a new URL, `removals` counts
/// URLs gone.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct TemplateDiff {
    pub services: Vec<ServiceChange>,
    /// How many services are replaced (each gets a new URL).
    pub replacements: usize,
    /// How many services are removed.
    pub removals: usize,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ServiceChange {
    pub logical_id: String,
    pub change: Change,
    pub replaces: bool,
    pub properties: Vec<PropertyChange>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct PropertyChange {
    /// The property's name in the service's `Properties`.
    pub path: String,
    pub change: Change,
    pub replaces: bool,
    pub reason: String,
    /// The values that differ inside it, as paths from the property (`PrimaryContainer.Image`).
    pub fields: Vec<FieldChange>,
}

/// One value that differs: its path and both values as text (a string as itself, anything else as JSON,
/// a long one shortened); `None` where it is absent.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct FieldChange {
    pub path: String,
    /// The value in words where a path would hide it (`container Main image`).
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
}

/// At most this many field changes per property: a rewritten environment of hundreds stays readable.
const MAX_FIELDS: usize = 20;

fn shown(v: &Value) -> String {
    let text = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let n = text.chars().count();
    if n <= 80 {
        return text;
    }
    let start: String = text.chars().take(50).collect();
    let end: String = text.chars().skip(n - 20).collect();
    format!("{start} … {end} ({n} characters)")
}

/// The leaf values that differ between `a` and `b` under `path`: objects by key, lists of one length by index,
/// anything else whole.
fn fields(path: &str, a: Option<&Value>, b: Option<&Value>, out: &mut Vec<FieldChange>) {
    if out.len() > MAX_FIELDS || a == b {
        return;
    }
    let at = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    match (a, b) {
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            let mut keys: Vec<&String> = x.keys().collect();
            keys.extend(y.keys().filter(|k| !x.contains_key(k.as_str())));
            for k in keys {
                fields(&at(k), x.get(k.as_str()), y.get(k.as_str()), out);
            }
        }
        (Some(Value::Array(x)), Some(Value::Array(y))) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                fields(&format!("{path}[{i}]"), Some(p), Some(q), out);
            }
        }
        _ => out.push(FieldChange {
            path: path.to_string(),
            label: None,
            old: a.map(shown),
            new: b.map(shown),
        }),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Added,
    Removed,
    Modified,
}

fn change_of(path: &str, change: Change, replaces: bool, reason: &str) -> PropertyChange {
    PropertyChange {
        path: path.to_string(),
        change,
        replaces,
        reason: reason.to_string(),
        fields: Vec::new(),
    }
}

fn entry(
    id: &str,
    change: Change,
    replaces: bool,
    properties: Vec<PropertyChange>,
    reason: Option<&str>,
) -> ServiceChange {
    ServiceChange {
        logical_id: id.to_string(),
        change,
        replaces,
        properties,
        reason: reason.map(str::to_string),
    }
}

const SERVICE_TYPE: &str = "AWS::ECS::ExpressGatewayService";

/// Properties whose change replaces the service (the schema's createOnlyProperties).
pub const REPLACING: [&str; 4] = ["ServiceName", "Cluster", "InfrastructureRoleArn", "Tags"];

/// Properties of a referenced resource whose change replaces that resource, so changes its name or ARN.
const NAME_PROPERTIES: [(&str, &[&str]); 2] = [
    ("AWS::IAM::Role", &["RoleName", "Path"]),
    ("AWS::ECS::Cluster", &["ClusterName"]),
];

fn resources<'a>(t: &'a Value, which: &str, report: &mut Report) -> Option<&'a Map> {
    match t.get("Resources").and_then(Value::as_object) {
        Some(r) => Some(r),
        None => {
            report.error(
                which,
                "not-a-template",
                "is not a CloudFormation template: it has no Resources object",
            );
            None
        }
    }
}

/// The resource a value names by `Ref` or `Fn::GetAtt`, if any.
fn referenced(v: &Value) -> Option<&str> {
    v.get("Ref").and_then(Value::as_str).or_else(|| {
        v.get("Fn::GetAtt")
            .and_then(Value::as_array)
            .and_then(|a| a.first())
            .and_then(Value::as_str)
    })
}

/// Why a reference that reads the same in both templates still points at a new resource, if it does.
fn referenced_replacement(v: &Value, old: &Map, new: &Map) -> Option<String> {
    let id = referenced(v)?;
    let (o, n) = (old.get(id)?, new.get(id)?);
    if o.get("Type") != n.get("Type") {
        return Some(format!("{id} changes type, so it is replaced"));
    }
    let ty = n.get("Type").and_then(Value::as_str)?;
    let (_, props) = NAME_PROPERTIES.iter().find(|(t, _)| *t == ty)?;
    props.iter().find_map(|p| {
        let get = |r: &Value| r.get("Properties").and_then(|x| x.get(p)).cloned();
        (get(o) != get(n)).then(|| format!("{id}'s {p} changes, so it is replaced with a new ARN"))
    })
}

const TASK_DEFINITION: &str = "TaskDefinitionArn";

/// A task definition of the template referenced the same way in both, whose properties change: CloudFormation
/// registers a new revision (a new ARN), and the service deploys it in place.
fn new_revision(key: &str, v: &Value, old: &Map, new: &Map) -> Option<String> {
    if key != TASK_DEFINITION {
        return None;
    }
    let id = referenced(v)?;
    let props = |m: &Map| m.get(id).and_then(|r| r.get("Properties")).cloned();
    (props(old) != props(new)).then(|| {
        format!("{id} changes, so CloudFormation registers a new revision and the service rolls it out by a canary deployment, in place (not a replacement: same URL)")
    })
}

/// The container definitions of a task definition's properties, by name.
fn containers(props: Option<&Value>) -> Vec<(&str, &Value)> {
    props
        .and_then(|p| p.get("ContainerDefinitions"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|c| (c.get("Name").and_then(Value::as_str).unwrap_or_default(), c))
        .collect()
}

/// What differs between two versions of task definition `id`: each container matched by name (one added
/// beside the others does not shift them), then its other properties.
fn find<'a>(list: &[(&str, &'a Value)], name: &str) -> Option<&'a Value> {
    list.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

fn task_definition_fields(id: &str, old: &Map, new: &Map, out: &mut Vec<FieldChange>) {
    let (op, np) = (
        old.get(id).and_then(|r| r.get("Properties")),
        new.get(id).and_then(|r| r.get("Properties")),
    );
    let (oc, nc) = (containers(op), containers(np));
    let mut names: Vec<&str> = oc.iter().map(|(n, _)| *n).collect();
    names.extend(
        nc.iter()
            .map(|(n, _)| *n)
            .filter(|n| !oc.iter().any(|(o, _)| o == n)),
    );
    for name in names {
        let path = format!("{id}.ContainerDefinitions[{name}]");
        let start = out.len();
        fields(&path, find(&oc, name), find(&nc, name), out);
        for f in out.iter_mut().skip(start) {
            f.label = if f.path == path {
                Some(format!("container {name}"))
            } else if f.path == format!("{path}.Image") {
                Some(format!("container {name} image"))
            } else {
                None
            };
        }
    }
    let empty = Map::new();
    let (om, nm) = (
        op.and_then(Value::as_object).unwrap_or(&empty),
        np.and_then(Value::as_object).unwrap_or(&empty),
    );
    let mut keys: Vec<&String> = om.keys().collect();
    keys.extend(nm.keys().filter(|k| !om.contains_key(k.as_str())));
    for k in keys.into_iter().filter(|k| *k != "ContainerDefinitions") {
        fields(&format!("{id}.{k}"), om.get(k), nm.get(k), out);
    }
}

/// Words for the paths a reader looks for: the image of the service's own container.
fn label(path: &str) -> Option<String> {
    (path == "PrimaryContainer.Image")
        .then(|| format!("container {} image", crate::model::MAIN_CONTAINER))
}

fn property_changes<'a>(id: &str, old: &'a Map, new: &'a Map) -> Vec<PropertyChange> {
    let empty = Map::new();
    let props = |r: &'a Map| {
        r.get(id)
            .and_then(|x| x.get("Properties"))
            .and_then(Value::as_object)
    };
    let (op, np) = (props(old).unwrap_or(&empty), props(new).unwrap_or(&empty));
    let mut keys: Vec<&String> = op.keys().collect();
    keys.extend(np.keys().filter(|k| !op.contains_key(k.as_str())));
    let mut out = Vec::new();
    for key in keys {
        let (o, n) = (op.get(key), np.get(key));
        let replacing = REPLACING.contains(&key.as_str());
        let change = match (o, n) {
            (Some(a), Some(b)) if a == b => {
                if let Some(why) = replacing
                    .then(|| referenced_replacement(a, old, new))
                    .flatten()
                {
                    out.push(change_of(key, Change::Modified, true, &why));
                } else if let Some(why) = new_revision(key, a, old, new) {
                    let mut c = change_of(key, Change::Modified, false, &why);
                    if let Some(id) = referenced(a) {
                        task_definition_fields(id, old, new, &mut c.fields);
                    }
                    c.fields.truncate(MAX_FIELDS);
                    out.push(c);
                }
                continue;
            }
            (Some(_), Some(_)) => Change::Modified,
            (None, Some(_)) => Change::Added,
            (Some(_), None) => Change::Removed,
            (None, None) => continue,
        };
        let reason = if replacing {
            format!("{key} can only be set at creation: changing it replaces the service, which gets a new URL")
        } else if key == "NetworkConfiguration" {
            // The schema marks it updatable; one AWS sample (aws-samples/redcap-on-aws) says a move between public
            // and private subnets needed a replacement. Unsettled: said, not counted as a replacement.
            "NetworkConfiguration is updated in place; a move between public and private subnets may replace the service (a new URL): one AWS sample says so, the schema says updatable".to_string()
        } else if key == "ScalingTarget" {
            "ScalingTarget changes scale the service without a deployment".to_string()
        } else if key == TASK_DEFINITION {
            "TaskDefinitionArn is updated in place: a canary deployment of the other task definition".to_string()
        } else {
            format!("{key} is updated in place by a canary deployment")
        };
        let mut c = change_of(key, change, replacing, &reason);
        fields(key, o, n, &mut c.fields);
        for f in &mut c.fields {
            f.label = label(&f.path);
        }
        c.fields.truncate(MAX_FIELDS);
        out.push(c);
    }
    out
}

const DOMAIN_NAMES_TYPE: &str = "Custom::ExpressDomainNames";

/// The host names of each service's custom domain (the custom resource that edits its listener rule), by
/// the service's ID: indexed once, so the diff stays linear.
fn domain_names(resources: &Map) -> std::collections::HashMap<&str, &Value> {
    resources
        .values()
        .filter(|r| r.get("Type").and_then(Value::as_str) == Some(DOMAIN_NAMES_TYPE))
        .filter_map(|r| {
            let props = r.get("Properties")?;
            Some((
                referenced(props.get("ListenerRuleArn")?)?,
                props.get("HostNames")?,
            ))
        })
        .collect()
}

/// A change of the service's custom domain: not a property of the service (it is updated in place, same
/// generated URL), but what its users reach it by.
fn domain_change(
    id: &str,
    old: &std::collections::HashMap<&str, &Value>,
    new: &std::collections::HashMap<&str, &Value>,
) -> Option<PropertyChange> {
    let (o, n) = (old.get(id).copied(), new.get(id).copied());
    let shown = |v: Option<&Value>| {
        v.and_then(Value::as_array).map_or_else(
            || "none".to_string(),
            |a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        )
    };
    let change = match (o, n) {
        (Some(a), Some(b)) if a == b => return None,
        (None, None) => return None,
        (Some(_), Some(_)) => Change::Modified,
        (None, Some(_)) => Change::Added,
        (Some(_), None) => Change::Removed,
    };
    Some(change_of(
        "(custom domain)",
        change,
        false,
        &format!(
            "the host names that reach the service change: {} → {} (the names move in its listener rule; removed names stop reaching it; the generated URL stays)",
            shown(o),
            shown(n)
        ),
    ))
}

pub fn diff(old: &Value, new: &Value) -> Result<TemplateDiff, Report> {
    let mut report = Report::default();
    let (o, n) = (
        resources(old, "old", &mut report),
        resources(new, "new", &mut report),
    );
    let (Some(old_r), Some(new_r)) = (o, n) else {
        return Err(report);
    };
    let is_service = |r: &Value| r.get("Type").and_then(Value::as_str) == Some(SERVICE_TYPE);
    // The old template's services in order, then the new one's that it lacks; lookups are hashed (the maps
    // are indexed), so two templates of tens of thousands of resources compare in linear time.
    let ids = old_r
        .iter()
        .filter(|(_, r)| is_service(r))
        .chain(
            new_r
                .iter()
                .filter(|(id, r)| is_service(r) && !old_r.get(id.as_str()).is_some_and(is_service)),
        )
        .map(|(id, _)| id);
    let (old_domains, new_domains) = (domain_names(old_r), domain_names(new_r));
    let mut out = TemplateDiff::default();
    for id in ids {
        let (in_old, in_new) = (
            old_r.get(id).is_some_and(is_service),
            new_r.get(id).is_some_and(is_service),
        );
        let entry = match (in_old, in_new) {
            (true, false) => {
                out.removals += 1;
                entry(
                    id,
                    Change::Removed,
                    false,
                    Vec::new(),
                    Some(
                        "the service is deleted (or its logical ID renamed): its URL stops working",
                    ),
                )
            }
            (false, true) => entry(
                id,
                Change::Added,
                false,
                Vec::new(),
                Some("a new service, with a new URL"),
            ),
            _ => {
                let mut props = property_changes(id, old_r, new_r);
                props.extend(domain_change(id, &old_domains, &new_domains));
                if props.is_empty() {
                    continue;
                }
                let replaces = props.iter().any(|p| p.replaces);
                out.replacements += usize::from(replaces);
                entry(id, Change::Modified, replaces, props, None)
            }
        };
        out.services.push(entry);
    }
    Ok(out)
}
