//! The task definition of a service with sidecars: Fargate, awsvpc, the service's size and roles, its own
//! container as `Main` (the one Express Mode serves: one named TCP port mapping), then the sidecars, every
//! container logging to the service's log group.

use super::cfn::{r#ref, resource};
use super::service::{
    container_settings, count, list, pairs, task_size, Links, DEFAULT_CONTAINER_PORT,
    DEFAULT_STREAM_PREFIX,
};
use crate::json::Value;
use crate::model::{Service, Sidecar, MAIN_CONTAINER};
use crate::value::{arr, num, obj, text};

/// The name of Main's port mapping: Express Mode routes to the one named TCP mapping of `Main`.
pub const MAIN_PORT_NAME: &str = "http";

fn logs(group: &Value, prefix: &str) -> Value {
    obj(vec![
        ("LogDriver", text("awslogs")),
        (
            "Options",
            obj(vec![
                ("awslogs-group", group.clone()),
                ("awslogs-region", r#ref("AWS::Region")),
                ("awslogs-stream-prefix", text(prefix)),
            ]),
        ),
    ])
}

fn main_container(s: &Service, log: &Value) -> Value {
    let port = s
        .container_port
        .as_ref()
        .map_or(num(DEFAULT_CONTAINER_PORT), count);
    let mut c = vec![
        ("Name", text(MAIN_CONTAINER)),
        ("Image", text(s.image.as_deref().unwrap_or_default())),
        ("Essential", Value::Bool(true)),
        (
            "PortMappings",
            arr(vec![obj(vec![
                ("Name", text(MAIN_PORT_NAME)),
                ("ContainerPort", port),
                ("Protocol", text("tcp")),
            ])]),
        ),
    ];
    c.extend(container_settings(s));
    c.push(("LogConfiguration", log.clone()));
    obj(c)
}

fn sidecar(c: &Sidecar, log: &Value) -> Value {
    let mut out = vec![
        ("Name", text(&c.name)),
        ("Image", text(&c.image)),
        ("Essential", Value::Bool(c.essential)),
    ];
    if let Some(command) = &c.command {
        out.push(("Command", list(command)));
    }
    if !c.environment.is_empty() {
        out.push(("Environment", pairs(&c.environment, "Value")));
    }
    if !c.secrets.is_empty() {
        out.push(("Secrets", pairs(&c.secrets, "ValueFrom")));
    }
    if !c.port_mappings.is_empty() {
        let ports = c.port_mappings.iter().map(|m| {
            obj(vec![
                ("ContainerPort", count(&m.container_port)),
                ("Protocol", text(&m.protocol)),
            ])
        });
        out.push(("PortMappings", arr(ports.collect())));
    }
    if let Some(cpu) = &c.cpu {
        out.push(("Cpu", count(cpu)));
    }
    if let Some(memory) = &c.memory {
        out.push(("Memory", count(memory)));
    }
    if !c.depends_on.is_empty() {
        let deps = c.depends_on.iter().map(|(name, condition)| {
            obj(vec![
                ("ContainerName", text(name)),
                ("Condition", text(condition)),
            ])
        });
        out.push(("DependsOn", arr(deps.collect())));
    }
    out.push(("LogConfiguration", log.clone()));
    obj(out)
}

/// The task definition of `s` (which has sidecars); `links.log_group` is where every container logs.
pub fn task_definition(s: &Service, links: &Links) -> Value {
    let prefix = s
        .logs
        .as_ref()
        .and_then(|l| l.stream_prefix.as_deref())
        .unwrap_or(DEFAULT_STREAM_PREFIX);
    let log = logs(links.log_group.as_ref().unwrap_or(&Value::Null), prefix);
    let mut containers = vec![main_container(s, &log)];
    containers.extend(s.sidecars.iter().map(|c| sidecar(c, &log)));
    let (cpu, memory) = task_size(s);
    let mut p = vec![
        ("RequiresCompatibilities", arr(vec![text("FARGATE")])),
        ("NetworkMode", text("awsvpc")),
        ("Cpu", cpu),
        ("Memory", memory),
        ("ExecutionRoleArn", links.execution_role.clone()),
    ];
    if let Some(task) = &links.task_role {
        p.push(("TaskRoleArn", task.clone()));
    }
    p.push(("ContainerDefinitions", arr(containers)));
    resource("AWS::ECS::TaskDefinition", vec![], obj(p))
}
