//! A task definition of the template's that an Express service runs (`TaskDefinitionArn: {"Ref": …}`; Ref of an
//! `AWS::ECS::TaskDefinition` is its ARN): Express Mode's rules on it (`rules::task_definition`: a container
//! `Main` with one named TCP port mapping), and the model's rules on what it shares with a spec — each
//! container's image, the task's Fargate size — read through the model so that its codes and words are the
//! same as for a spec.

use super::intrinsic;
use crate::diag::{Diagnostic, Report};
use crate::json::{Map, Value};
use crate::model::MAIN_CONTAINER;

/// The model's rules that hold for any task definition's containers and size.
const SHARED_RULES: [&str; 5] = [
    "image-ref",
    "image-not-pinned",
    "fargate-cpu",
    "fargate-pair",
    "size-unverified",
];

/// The task definition `service` runs, when the template makes it and it was not checked for another service
/// (`checked`).
pub fn check(service: &str, resources: &Map, checked: &mut Vec<String>, report: &mut Report) {
    let Some(id) = resources
        .get(service)
        .and_then(|r| r.pointer("/Properties/TaskDefinitionArn"))
        .and_then(intrinsic::reference)
    else {
        return;
    };
    let Some(td) = resources
        .get(id)
        .filter(|r| r.get("Type").and_then(Value::as_str) == Some("AWS::ECS::TaskDefinition"))
        .and_then(|r| r.get("Properties"))
        .and_then(Value::as_object)
    else {
        return;
    };
    let Some(containers) = td.get("ContainerDefinitions").and_then(Value::as_array) else {
        return;
    };
    if checked.iter().any(|c| c == id) {
        return;
    }
    checked.push(id.to_string());
    let base = format!("Resources.{id}.Properties");
    let defs = format!("{base}.ContainerDefinitions");
    express_rules(service, containers, &defs, report);
    shared_rules(service, td, containers, &base, report);
}

/// `rules::task_definition` over what the template shows; nothing when a container's name is known only at
/// deploy time (Main may be that one).
fn express_rules(service: &str, containers: &[Value], defs: &str, report: &mut Report) {
    let mut seen = Vec::new();
    for c in containers {
        let Some(name) = c.get("Name").and_then(Value::as_str) else {
            return;
        };
        let mappings: Vec<Value> = c
            .get("PortMappings")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|m| {
                // A name or protocol from an intrinsic is there: taken as given, and as TCP.
                let text = |k: &str| m.get(k).and_then(intrinsic::text).map(Value::String);
                let mut out = Map::new();
                out.insert("name".into(), text("Name").unwrap_or(Value::Null));
                let protocol = m
                    .get("Protocol")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                out.insert(
                    "protocol".into(),
                    protocol.map_or(Value::Null, Value::String),
                );
                Value::Object(out)
            })
            .collect();
        let mut out = Map::new();
        out.insert("name".into(), Value::String(name.to_string()));
        out.insert("portMappings".into(), Value::Array(mappings));
        seen.push(Value::Object(out));
    }
    let main = containers
        .iter()
        .position(|c| c.get("Name").and_then(Value::as_str) == Some(MAIN_CONTAINER));
    let mut input = Map::new();
    input.insert("containers".into(), Value::Array(seen));
    let found = crate::rules::task_definition::check_task_definition(&Value::Object(input));
    for mut d in found.errors {
        d.path = match main {
            Some(i) => format!("{defs}[{i}].PortMappings"),
            None => defs.to_string(),
        };
        report.push_error(d.about(service));
    }
}

/// Each container's image and the task's size through the model, as a spec of one service per container.
fn shared_rules(service: &str, td: &Map, containers: &[Value], base: &str, report: &mut Report) {
    let mut services = Map::new();
    for (i, c) in containers.iter().enumerate() {
        let mut spec = Map::new();
        spec.insert("output".into(), Value::Bool(false));
        if let Some(image) = c.get("Image").and_then(intrinsic::text) {
            spec.insert("image".into(), Value::String(image));
        } else {
            // A container without an image is CloudFormation's to refuse; the model only needs one to read.
            spec.insert("image".into(), Value::String("${Token[Image]}".into()));
        }
        // The size when both are literal (one known only at deploy has nothing to compare with).
        let size = (td.get("Cpu"), td.get("Memory"));
        if let (0, (Some(cpu), Some(memory))) = (i, size) {
            let (cpu, memory) = (intrinsic::number(cpu), intrinsic::number(memory));
            if cpu.is_number() && memory.is_number() {
                spec.insert("cpu".into(), cpu);
                spec.insert("memory".into(), memory);
            }
        }
        services.insert(format!("C{i}"), Value::Object(spec));
    }
    let mut spec = Map::new();
    spec.insert("services".into(), Value::Object(services));
    let found = crate::validate(&Value::Object(spec));
    for (list, error) in [(found.errors, true), (found.warnings, false)] {
        for d in list {
            if !SHARED_RULES.contains(&d.code.as_str()) {
                continue;
            }
            let Some((i, setting)) = d
                .path
                .strip_prefix("services.C")
                .and_then(|rest| rest.split_once('.'))
            else {
                continue;
            };
            let path = match setting {
                "cpu" => format!("{base}.Cpu"),
                "memory" => format!("{base}.Memory"),
                "image" => format!("{base}.ContainerDefinitions[{i}].Image"),
                _ => continue,
            };
            let d = Diagnostic { path, ..d }.about(service);
            if error {
                report.push_error(d);
            } else {
                report.push_warning(d);
            }
        }
    }
}
