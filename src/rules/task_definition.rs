//! Express Mode's rules on a task definition of the user's, over what a front door can see of it (the
//! construct: an `ecs.FargateTaskDefinition`): Express serves the container `Main`, by its one named TCP port
//! mapping. Errors at path `taskDefinition`; never for what cannot be seen (an ARN alone is not checked).

use crate::diag::Report;
use crate::json::Value;
use crate::model::MAIN_CONTAINER;
use serde::Deserialize;

/// What a front door sees of a task definition: `{ containers: [{ name, portMappings: [{ name?, protocol? }] }] }`.
#[derive(Debug, Deserialize)]
pub struct SeenTaskDefinition {
    #[serde(default)]
    pub containers: Vec<SeenContainer>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeenContainer {
    pub name: String,
    #[serde(default)]
    pub port_mappings: Vec<SeenPortMapping>,
}

#[derive(Debug, Deserialize)]
pub struct SeenPortMapping {
    pub name: Option<String>,
    pub protocol: Option<String>,
}

/// The rules over `value`, a `SeenTaskDefinition` as JSON; input of another shape is one `wrong-type` error.
pub fn check_task_definition(value: &Value) -> Report {
    let mut report = Report::default();
    match SeenTaskDefinition::deserialize(value) {
        Ok(seen) => check(&seen, &mut report),
        Err(e) => report.error(
            "taskDefinition",
            "wrong-type",
            format!("expected {{ containers: [{{ name, portMappings: [{{ name?, protocol? }}] }}] }}: {e}"),
        ),
    }
    report
}

fn check(seen: &SeenTaskDefinition, report: &mut Report) {
    let Some(main) = seen.containers.iter().find(|c| c.name == MAIN_CONTAINER) else {
        let names: Vec<&str> = seen.containers.iter().map(|c| c.name.as_str()).collect();
        let has = if names.is_empty() {
            "none".to_string()
        } else {
            names.join(", ")
        };
        report.error(
            "taskDefinition",
            "task-definition",
            format!("has no container named {MAIN_CONTAINER} (it has {has}); Express Mode serves the container named {MAIN_CONTAINER}"),
        );
        return;
    };
    let named = main
        .port_mappings
        .iter()
        .filter(|m| m.name.is_some())
        .filter(|m| {
            m.protocol
                .as_deref()
                .is_none_or(|p| p.eq_ignore_ascii_case("tcp"))
        })
        .count();
    if named != 1 {
        report.error(
            "taskDefinition",
            "task-definition",
            format!("container {MAIN_CONTAINER} has {named} named TCP port mappings; Express Mode routes to exactly one: give it a name, e.g. {{ name: \"http\", containerPort: 8080 }}"),
        );
    }
}
