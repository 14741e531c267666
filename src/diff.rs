//! The changes to Express services between two templates, flagging those that replace a service: a
//! replaced Express service gets a new generated URL, so every client of it breaks.

use crate::diag::Report;
use crate::json::{Map, Value};
use crate::value::{arr, num, obj, text};

fn change_of(path: &str, change: &str, replaces: bool, reason: &str) -> Value {
    obj(vec![
        ("path", text(path)),
        ("change", text(change)),
        ("replaces", Value::Bool(replaces)),
        ("reason", text(reason)),
    ])
}

fn entry(
    id: &str,
    change: &str,
    replaces: bool,
    properties: Vec<Value>,
    reason: Option<&str>,
) -> Value {
    let mut pairs = vec![
        ("logicalId", text(id)),
        ("change", text(change)),
        ("replaces", Value::Bool(replaces)),
        ("properties", arr(properties)),
    ];
    if let Some(r) = reason {
        pairs.push(("reason", text(r)));
    }
    obj(pairs)
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

fn property_changes(id: &str, old: &Map, new: &Map) -> Vec<Value> {
    let empty = Map::new();
    let props = |r: &Map| {
        r.get(id)
            .and_then(|x| x.get("Properties"))
            .and_then(Value::as_object)
            .unwrap_or(&empty)
            .clone()
    };
    let (op, np) = (props(old), props(new));
    let mut keys: Vec<&String> = op.keys().collect();
    keys.extend(np.keys().filter(|k| !op.contains_key(k)));
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
                    out.push(change_of(key, "modified", true, &why));
                }
                continue;
            }
            (Some(_), Some(_)) => "modified",
            (None, Some(_)) => "added",
            (Some(_), None) => "removed",
            (None, None) => continue,
        };
        let reason = if replacing {
            format!("{key} can only be set at creation: changing it replaces the service, which gets a new URL")
        } else if key == "ScalingTarget" {
            "ScalingTarget changes scale the service without a deployment".to_string()
        } else {
            format!("{key} is updated in place by a canary deployment")
        };
        out.push(change_of(key, change, replacing, &reason));
    }
    out
}

pub fn diff(old: &Value, new: &Value) -> Result<Value, Report> {
    let mut report = Report::default();
    let (o, n) = (
        resources(old, "old", &mut report),
        resources(new, "new", &mut report),
    );
    let (Some(old_r), Some(new_r)) = (o, n) else {
        return Err(report);
    };
    let is_service = |r: &Value| r.get("Type").and_then(Value::as_str) == Some(SERVICE_TYPE);
    let mut ids: Vec<&String> = old_r
        .iter()
        .filter(|(_, r)| is_service(r))
        .map(|(id, _)| id)
        .collect();
    let added: Vec<&String> = new_r
        .iter()
        .filter(|(id, r)| is_service(r) && !ids.contains(id))
        .map(|(id, _)| id)
        .collect();
    ids.extend(added);
    let mut services = Vec::new();
    let (mut replacements, mut removals): (u64, u64) = (0, 0);
    for id in ids {
        let (in_old, in_new) = (
            old_r.get(id).is_some_and(is_service),
            new_r.get(id).is_some_and(is_service),
        );
        let entry =
            match (in_old, in_new) {
                (true, false) => {
                    removals += 1;
                    entry(
                id,
                "removed",
                false,
                Vec::new(),
                Some("the service is deleted (or its logical ID renamed): its URL stops working"),
            )
                }
                (false, true) => entry(
                    id,
                    "added",
                    false,
                    Vec::new(),
                    Some("a new service, with a new URL"),
                ),
                _ => {
                    let props = property_changes(id, old_r, new_r);
                    if props.is_empty() {
                        continue;
                    }
                    let replaces = props
                        .iter()
                        .any(|p| p.get("replaces") == Some(&Value::Bool(true)));
                    replacements += u64::from(replaces);
                    entry(id, "modified", replaces, props, None)
                }
            };
        services.push(entry);
    }
    Ok(obj(vec![
        ("services", arr(services)),
        ("replacements", num(replacements)),
        ("removals", num(removals)),
    ]))
}
