//! An `AWS::ECS::ExpressGatewayService`'s Properties read back into the spec model's words (the inverse of
//! `synth::service`), each setting's template path kept for the findings. What the model cannot hold — a
//! property the resource does not have, a value of the wrong kind, an entry without its name — is a finding
//! here, never dropped unsaid. Property names, and which are required: the CloudFormation registry schema of
//! the resource (`aws-ecs-expressgatewayservice.schema.json` as cfn-lint 1.58.0 ships it).

use super::intrinsic::{self, function};
use super::paths::Paths;
use crate::diag::{Diagnostic, Quoted};
use crate::json::{Map, Value};
use crate::suggest::suggest;

const SERVICE: [&str; 13] = [
    "ServiceName",
    "Cluster",
    "InfrastructureRoleArn",
    "ExecutionRoleArn",
    "TaskRoleArn",
    "Cpu",
    "Memory",
    "HealthCheckPath",
    "PrimaryContainer",
    "NetworkConfiguration",
    "ScalingTarget",
    "Tags",
    "TaskDefinitionArn",
];
/// The resource's read-only properties (the registry schema's readOnlyProperties): attributes to read with
/// Fn::GetAtt, which CloudFormation refuses as input.
const ATTRIBUTES: [&str; 7] = [
    "ActiveConfigurations",
    "CreatedAt",
    "ECSManagedResourceArns",
    "Endpoint",
    "ServiceArn",
    "Status",
    "UpdatedAt",
];
const CONTAINER: [&str; 7] = [
    "Image",
    "ContainerPort",
    "Command",
    "Environment",
    "Secrets",
    "RepositoryCredentials",
    "AwsLogsConfiguration",
];
const NETWORK: [&str; 2] = ["Subnets", "SecurityGroups"];
const SCALING: [&str; 4] = [
    "MinTaskCount",
    "MaxTaskCount",
    "AutoScalingMetric",
    "AutoScalingTargetValue",
];
const LOGS: [&str; 2] = ["LogGroup", "LogStreamPrefix"];
const CREDENTIALS: [&str; 1] = ["CredentialsParameter"];
/// AutoScalingMetric's values and the spec's words for them (`synth::service::metric_name`).
const METRICS: [(&str, &str); 3] = [
    ("AVERAGE_CPU", "cpu"),
    ("AVERAGE_MEMORY", "memory"),
    ("REQUEST_COUNT_PER_TARGET", "requests"),
];

/// One service read: its spec, where each setting came from, and what could not be read.
pub struct Read {
    pub spec: Value,
    pub paths: Paths,
    pub findings: Vec<Diagnostic>,
    /// Found by the reader, as warnings (a value not checked, an entry given twice).
    pub notes: Vec<Diagnostic>,
    /// Whether Properties could not be read at all (not an object): the model then has nothing to check.
    pub unreadable: bool,
    /// The logical ID ExecutionRoleArn refers to (`Fn::GetAtt [Role, Arn]` or `Ref`), when it refers to one.
    pub execution_role: Option<String>,
}

struct Reader<'a> {
    id: &'a str,
    paths: Paths,
    findings: Vec<Diagnostic>,
    notes: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn error(&mut self, path: &str, code: &str, message: String) {
        let d = Diagnostic::new(path, code, message).about(self.id);
        self.findings.push(d);
    }

    fn unchecked(&mut self, path: &str, what: &str) {
        let d = Diagnostic::new(
            path,
            "unchecked",
            format!(
                "is known only at deploy time ({what}), so {} cannot check what it holds",
                crate::template::LINT
            ),
        )
        .about(self.id);
        self.notes.push(d);
    }

    /// The object at `path`, its unknown keys reported; `None` (reported) when it is not an object.
    fn object<'v>(
        &mut self,
        v: &'v Value,
        path: &str,
        known: &[&str],
        what: &str,
    ) -> Option<&'v Map> {
        let Some(map) = v.as_object().filter(|_| function(v).is_none()) else {
            match function(v) {
                Some((name, _)) => self.unchecked(path, name),
                None => self.error(
                    path,
                    "wrong-type",
                    format!(
                        "is {}; {what} is an object of {}",
                        kind(v),
                        known.join(", ")
                    ),
                ),
            }
            return None;
        };
        for key in map.keys() {
            if known == SERVICE && ATTRIBUTES.contains(&key.as_str()) {
                self.error(
                    &format!("{path}.{key}"),
                    "unknown-property",
                    format!("{key} is an attribute of {what}, set by Express Mode and read with Fn::GetAtt; CloudFormation refuses it as a property: leave it out"),
                );
                continue;
            }
            if !known.contains(&key.as_str()) {
                let hint = match suggest(key, known.iter().copied()) {
                    Some(s) => format!("did you mean {s}? "),
                    None => String::new(),
                };
                self.error(
                    &format!("{path}.{key}"),
                    "unknown-property",
                    format!(
                        "{} is not a property of {what}, and CloudFormation refuses it; {hint}it has: {}",
                        Quoted(key),
                        known.join(", ")
                    ),
                );
            }
        }
        Some(map)
    }
}

/// A property's value, `None` when absent or `{"Ref": "AWS::NoValue"}` (CloudFormation's way to leave it out).
fn get<'v>(map: &'v Map, key: &str) -> Option<&'v Value> {
    map.get(key)
        .filter(|v| intrinsic::reference(v) != Some("AWS::NoValue"))
}

pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A string slot: text (tokens for intrinsics), or the value as written for the model to say it is wrong.
fn text(v: &Value) -> Value {
    intrinsic::text(v).map_or_else(|| v.clone(), Value::String)
}

/// A number slot; a whole number written with a fraction (`60.0`) is that number.
fn number(v: &Value) -> Value {
    match v.as_f64() {
        Some(f) if v.is_f64() && f.fract() == 0.0 && (0.0..9e15).contains(&f) => {
            Value::from(f as u64)
        }
        _ => intrinsic::number(v),
    }
}

fn list(v: &Value) -> Value {
    intrinsic::list(v).unwrap_or_else(|| v.clone())
}

/// The spec of service `id` (logical ID) from its Properties (`props`: absent when the resource has none).
pub fn service(id: &str, resource: &str, props: Option<&Value>) -> Read {
    let base = match props {
        Some(_) => format!("{resource}.Properties"),
        None => resource.to_string(),
    };
    let mut r = Reader {
        id,
        paths: Paths::new(&base),
        findings: Vec::new(),
        notes: Vec::new(),
    };
    let mut spec = Map::new();
    // The template's own outputs are its business: the model makes none for what it reads.
    spec.insert("output".into(), Value::Bool(false));
    let what = "AWS::ECS::ExpressGatewayService";
    let props = props.and_then(|p| r.object(p, &base, &SERVICE, what));
    let unreadable = props.is_none() && base.ends_with(".Properties");
    let empty = Map::new();
    let props = props.unwrap_or(&empty);
    if get(props, "InfrastructureRoleArn").is_none() && r.findings.is_empty() {
        r.error(&base, "required", "needs InfrastructureRoleArn: the ARN of a role trusted by ecs.amazonaws.com with the managed policy AmazonECSInfrastructureRoleforExpressGatewayServices (CloudFormation requires it)".into());
    }
    let p = |k: &str| format!("{base}.{k}");
    let mut roles = Map::new();
    for (key, field, is_role, is_number) in [
        ("ServiceName", "serviceName", false, false),
        ("Cluster", "cluster", false, false),
        ("InfrastructureRoleArn", "infrastructure", true, false),
        ("ExecutionRoleArn", "execution", true, false),
        ("TaskRoleArn", "task", true, false),
        ("Cpu", "cpu", false, true),
        ("Memory", "memory", false, true),
        ("HealthCheckPath", "healthCheckPath", false, false),
        ("TaskDefinitionArn", "taskDefinition", false, false),
    ] {
        let Some(v) = get(props, key) else { continue };
        let value = if is_number { number(v) } else { text(v) };
        if is_role {
            // "create" is the spec's word for a role the template makes, not an ARN.
            if value.as_str() == Some("create") {
                r.error(
                    &p(key),
                    "role-arn",
                    format!(
                        "{} is not a role ARN; expected arn:aws:iam::<account>:role/<name>",
                        Quoted("create")
                    ),
                );
                continue;
            }
            roles.insert(field.into(), value);
            r.paths.add(&format!("roles.{field}"), &p(key));
        } else {
            spec.insert(field.into(), value);
            r.paths.add(field, &p(key));
        }
    }
    // A size known only at deploy has nothing to check; alone, the model would ask for its partner, which only
    // the template the core writes needs (it states both).
    let token = |spec: &Map, k: &str| {
        spec.get(k)
            .and_then(Value::as_str)
            .is_some_and(crate::token::is_token)
    };
    for (size, partner) in [("cpu", "memory"), ("memory", "cpu")] {
        if token(&spec, size) && !spec.contains_key(partner) {
            spec.remove(size);
        }
    }
    if !roles.is_empty() {
        spec.insert("roles".into(), Value::Object(roles));
    }
    if let Some(c) = get(props, "PrimaryContainer") {
        r.paths.add("image", &p("PrimaryContainer"));
        container(&mut r, c, &p("PrimaryContainer"), &mut spec);
    }
    if let Some(n) = get(props, "NetworkConfiguration") {
        let path = p("NetworkConfiguration");
        r.paths.add("network", &path);
        let what = "NetworkConfiguration";
        if let Some(n) = r.object(n, &path, &NETWORK, what) {
            let mut network = Map::new();
            for (key, field) in [("Subnets", "subnets"), ("SecurityGroups", "securityGroups")] {
                if let Some(v) = get(n, key) {
                    network.insert(field.into(), list(v));
                    r.paths
                        .add(&format!("network.{field}"), &format!("{path}.{key}"));
                }
            }
            spec.insert("network".into(), Value::Object(network));
        }
    }
    if let Some(s) = get(props, "ScalingTarget") {
        scaling(&mut r, s, &p("ScalingTarget"), &mut spec);
    }
    if let Some(t) = get(props, "Tags") {
        let tags = pairs(&mut r, t, &p("Tags"), ("Key", "Value"), "tags");
        spec.insert("tags".into(), Value::Object(tags));
    }
    let execution_role = get(props, "ExecutionRoleArn").and_then(|v| {
        let id = intrinsic::get_att(v)
            .map(|(id, _)| id)
            .or(intrinsic::reference(v));
        id.map(str::to_string)
    });
    Read {
        spec: Value::Object(spec),
        paths: r.paths,
        findings: r.findings,
        notes: r.notes,
        unreadable,
        execution_role,
    }
}

fn container(r: &mut Reader, v: &Value, path: &str, spec: &mut Map) {
    let Some(c) = r.object(v, path, &CONTAINER, "PrimaryContainer") else {
        return;
    };
    let p = |k: &str| format!("{path}.{k}");
    for (key, field, is_number, is_list) in [
        ("Image", "image", false, false),
        ("ContainerPort", "containerPort", true, false),
        ("Command", "command", false, true),
    ] {
        let Some(v) = get(c, key) else { continue };
        let value = match (is_number, is_list) {
            (true, _) => number(v),
            (_, true) => list(v),
            _ => text(v),
        };
        spec.insert(field.into(), value);
        r.paths.add(field, &p(key));
    }
    if let Some(e) = get(c, "Environment") {
        let env = pairs(r, e, &p("Environment"), ("Name", "Value"), "environment");
        spec.insert("environment".into(), Value::Object(env));
    }
    if let Some(s) = get(c, "Secrets") {
        let secrets = pairs(r, s, &p("Secrets"), ("Name", "ValueFrom"), "secrets");
        spec.insert("secrets".into(), Value::Object(secrets));
    }
    if let Some(v) = get(c, "RepositoryCredentials") {
        let path = p("RepositoryCredentials");
        if let Some(m) = r.object(v, &path, &CREDENTIALS, "RepositoryCredentials") {
            match get(m, "CredentialsParameter") {
                Some(v) => {
                    spec.insert("repositoryCredentials".into(), text(v));
                    r.paths.add("repositoryCredentials", &format!("{path}.CredentialsParameter"));
                }
                None => r.error(&path, "required", "needs CredentialsParameter: the ARN of the Secrets Manager secret with the registry's credentials".into()),
            }
        }
    }
    if let Some(v) = get(c, "AwsLogsConfiguration") {
        let path = p("AwsLogsConfiguration");
        r.paths.add("logs", &path);
        if let Some(m) = r.object(v, &path, &LOGS, "AwsLogsConfiguration") {
            let mut logs = Map::new();
            for (key, field) in [
                ("LogGroup", "logGroup"),
                ("LogStreamPrefix", "streamPrefix"),
            ] {
                match get(m, key) {
                    Some(v) => {
                        logs.insert(field.into(), text(v));
                        r.paths.add(&format!("logs.{field}"), &format!("{path}.{key}"));
                    }
                    // Both are required when the object is given (the registry schema).
                    None => r.error(&path, "required", format!("needs {key}: CloudFormation requires LogGroup and LogStreamPrefix in AwsLogsConfiguration")),
                }
            }
            spec.insert("logs".into(), Value::Object(logs));
        }
    }
}

fn scaling(r: &mut Reader, v: &Value, path: &str, spec: &mut Map) {
    r.paths.add("scaling", path);
    let Some(s) = r.object(v, path, &SCALING, "ScalingTarget") else {
        return;
    };
    let mut scaling = Map::new();
    for (key, field) in [
        ("MinTaskCount", "minTasks"),
        ("MaxTaskCount", "maxTasks"),
        ("AutoScalingTargetValue", "targetValue"),
    ] {
        if let Some(v) = get(s, key) {
            scaling.insert(field.into(), number(v));
            r.paths
                .add(&format!("scaling.{field}"), &format!("{path}.{key}"));
        }
    }
    if let Some(v) = get(s, "AutoScalingMetric") {
        let mpath = format!("{path}.AutoScalingMetric");
        match v.as_str() {
            Some(m) => match METRICS.iter().find(|(cfn, _)| *cfn == m) {
                Some((_, word)) => {
                    scaling.insert("metric".into(), Value::String(word.to_string()));
                    r.paths.add("scaling.metric", &mpath);
                }
                None => {
                    let names: Vec<&str> = METRICS.iter().map(|(cfn, _)| *cfn).collect();
                    r.error(
                        &mpath,
                        "scaling-metric",
                        format!(
                            "{} is not a metric Express Mode scales on; use one of {}",
                            Quoted(m),
                            names.join(", ")
                        ),
                    );
                }
            },
            None if function(v).is_some() => r.unchecked(&mpath, function(v).map_or("", |f| f.0)),
            None => r.error(
                &mpath,
                "wrong-type",
                format!(
                    "is {}; expected one of AVERAGE_CPU, AVERAGE_MEMORY, REQUEST_COUNT_PER_TARGET",
                    kind(v)
                ),
            ),
        }
    }
    spec.insert("scaling".into(), Value::Object(scaling));
}

/// A list of `{name, value}` entries (Environment, Secrets, Tags) as the spec's `{ name: value }`, each entry's
/// place kept under `field.<name>`.
fn pairs(
    r: &mut Reader,
    v: &Value,
    path: &str,
    (name_key, value_key): (&'static str, &'static str),
    field: &str,
) -> Map {
    let mut out = Map::new();
    let Some(items) = v.as_array() else {
        match function(v) {
            Some((f, _)) => r.unchecked(path, f),
            None => r.error(
                path,
                "wrong-type",
                format!(
                    "is {}; expected a list of {{ {name_key}, {value_key} }}",
                    kind(v)
                ),
            ),
        }
        return out;
    };
    r.paths.add(field, path);
    let known = [name_key, value_key];
    let mut first: Vec<(String, usize)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let ipath = format!("{path}[{i}]");
        let Some(entry) = r.object(item, &ipath, &known, &format!("an entry of {field}")) else {
            continue;
        };
        let name = match get(entry, name_key) {
            Some(Value::String(n)) => n.clone(),
            Some(n) if function(n).is_some() => {
                r.unchecked(
                    &format!("{ipath}.{name_key}"),
                    function(n).map_or("", |f| f.0),
                );
                continue;
            }
            Some(n) => {
                r.error(
                    &format!("{ipath}.{name_key}"),
                    "wrong-type",
                    format!("is {}; expected a string", kind(n)),
                );
                continue;
            }
            None => {
                r.error(&ipath, "required", format!("needs {name_key}"));
                continue;
            }
        };
        let value = match get(entry, value_key) {
            Some(v) => text(v),
            None => {
                r.error(&ipath, "required", format!("needs {value_key}"));
                continue;
            }
        };
        if let Some((_, j)) = first.iter().find(|(n, _)| *n == name) {
            // A resource's tag keys are unique, each with one value (AWS tagging: "Tag naming limits and
            // requirements"): refused. Two variables of one name: which value the container sees is not
            // documented, so a warning.
            let (why, error) = match field {
                "tags" => ("a tag key is unique on a resource, so AWS refuses it", true),
                _ => ("which value the container gets is not documented", false),
            };
            let d = Diagnostic::new(
                &format!("{ipath}.{name_key}"),
                "duplicate-name",
                format!(
                    "{} is given twice, at [{j}] and [{i}]: {why}; keep one",
                    Quoted(&name)
                ),
            )
            .about(r.id);
            if error {
                r.findings.push(d);
            } else {
                r.notes.push(d);
            }
            continue;
        }
        first.push((name.clone(), i));
        let spec_path = crate::diag::join(field, &name);
        r.paths.add_entry(&spec_path, &ipath, name_key, value_key);
        out.insert(name, value);
    }
    out
}
