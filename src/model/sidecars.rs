//! A service's `sidecars`, and the rules that hold between its containers: names unique and `Main` kept for
//! the container Express serves, ports unique across the task (awsvpc: its containers share one network
//! namespace), the sidecars' cpu and memory within the task's with room left for `Main`, and `dependsOn`
//! naming containers of the task. The task definition these make is checked by ECS only at deploy time.

use super::input::{self, CONDITIONS, MIN_CONTAINER_MEMORY};
use super::read::Reader;
use super::{PortMapping, Sidecar, Val, MAIN_CONTAINER};
use crate::diag::{join, Quoted};
use crate::rules::{image, names};
use crate::token::is_token;

/// The containers of one task definition (Amazon ECS service quotas, "Containers per task definition": 10, not
/// adjustable): Main and 9 sidecars.
pub const MAX_CONTAINERS: usize = 10;
/// Conditions that wait for a container to exit, which ECS refuses on an essential container (ECS API,
/// `ContainerDependency.condition`: "This condition can't be set on an essential container").
const EXIT_CONDITIONS: [&str; 2] = ["COMPLETE", "SUCCESS"];

/// What the task's other settings are, for the rules across containers.
pub struct Task {
    pub main_port: Option<u64>,
    pub cpu: Option<u64>,
    pub memory: Option<u64>,
}

fn number(
    r: &mut Reader,
    v: Option<&Val<u64>>,
    path: &str,
    range: (u64, u64),
    code: &str,
) -> Option<Val<u64>> {
    let n = v?.clone();
    if let Val::Known(x) = n {
        if !(range.0..=range.1).contains(&x) {
            r.report.error(
                path,
                code,
                format!("{x} is out of range; use {}–{}", range.0, range.1),
            );
            return None;
        }
    }
    Some(n)
}

fn read_one(r: &mut Reader, v: &input::Sidecar, path: &str) -> Option<Sidecar> {
    let p = |k: &str| join(path, k);
    let before = r.report.errors.len();
    let shape_errors = r.pruned_under(path);
    let name = match &v.name {
        None => None,
        Some(n) => {
            let ok = names::container_name(n);
            if let Err(why) = &ok {
                r.report.error(&p("name"), "container-name", why.clone());
            } else if n == MAIN_CONTAINER {
                r.report.error(&p("name"), "container-name", format!("{} is the name Express Mode gives the service's own container; name the sidecar otherwise", Quoted(n)));
            }
            (ok.is_ok() && n != MAIN_CONTAINER).then(|| n.clone())
        }
    };
    let image = match &v.image {
        None => None,
        Some(i) => (is_token(i)
            || image::image_ref(i)
                .map_err(|why| r.report.error(&p("image"), "image-ref", why))
                .is_ok())
        .then(|| i.clone()),
    };
    let essential = v.essential.unwrap_or(super::DEFAULT_ESSENTIAL);
    let command = v.command.clone();
    super::container::check_arguments(r, &command, &p("command"));
    let (environment, secrets) =
        super::container::read_env_and_secrets(r, &v.environment, &v.secrets, path);
    let mut port_mappings = Vec::new();
    for (i, m) in v.port_mappings.iter().flatten().enumerate() {
        let Some(m) = m else { continue };
        let mp = format!("{}[{i}]", p("portMappings"));
        let port = match &m.container_port {
            None => None,
            v => number(
                r,
                v.as_ref(),
                &join(&mp, "containerPort"),
                (1, 65535),
                "port-range",
            ),
        };
        let protocol = match m.protocol.as_deref() {
            None if r.written(&join(&mp, "protocol")) => None,
            None => Some("tcp".to_string()),
            Some(p @ ("tcp" | "udp")) => Some(p.to_string()),
            Some(other) => {
                r.report.error(
                    &join(&mp, "protocol"),
                    "protocol",
                    format!(
                        "{} is not a protocol ECS maps; use tcp or udp",
                        Quoted(other)
                    ),
                );
                None
            }
        };
        if let (Some(container_port), Some(protocol)) = (port, protocol) {
            port_mappings.push(PortMapping {
                container_port,
                protocol,
            });
        }
    }
    let cpu = number(r, v.cpu.as_ref(), &p("cpu"), (0, 16384), "sidecar-size");
    let memory = number(
        r,
        v.memory.as_ref(),
        &p("memory"),
        (MIN_CONTAINER_MEMORY, 122_880),
        "sidecar-size",
    );
    let mut depends_on = Vec::new();
    for (i, d) in v.depends_on.iter().flatten().enumerate() {
        let Some(d) = d else { continue };
        let dp = format!("{}[{i}]", p("dependsOn"));
        let container = d.container.clone();
        let condition = match d.condition.as_deref() {
            None if r.written(&join(&dp, "condition")) => None,
            None => Some("START".to_string()),
            Some(c) if CONDITIONS.contains(&c) => Some(c.to_string()),
            Some(c) => {
                let why = if c == "HEALTHY" {
                    "HEALTHY needs a container health check, which a sidecar here has none of; "
                } else {
                    ""
                };
                r.report.error(
                    &join(&dp, "condition"),
                    "depends-on",
                    format!(
                        "{} is not a condition to wait for; {why}use {}",
                        Quoted(c),
                        CONDITIONS.join(", ")
                    ),
                );
                None
            }
        };
        if let (Some(container), Some(condition)) = (container, condition) {
            depends_on.push((container, condition));
        }
    }
    if r.report.errors.len() > before || shape_errors {
        return None;
    }
    Some(Sidecar {
        name: name?,
        image: image?,
        essential,
        command,
        environment,
        secrets,
        port_mappings,
        cpu,
        memory,
        depends_on,
    })
}

/// The sidecars at `path` (a list), checked alone and against each other and the task.
pub fn read(
    r: &mut Reader,
    list: &[Option<input::Sidecar>],
    path: &str,
    task: &Task,
) -> Vec<Sidecar> {
    if list.is_empty() {
        r.report.error(
            path,
            "empty",
            "is empty; leave it out for a service of one container",
        );
    }
    if list.len() >= MAX_CONTAINERS {
        r.report.error(
            path,
            "too-many",
            format!(
                "has {} sidecars; a task definition holds at most {MAX_CONTAINERS} containers, {MAIN_CONTAINER} and {} sidecars",
                list.len(),
                MAX_CONTAINERS - 1
            ),
        );
        // Reading each of thousands of entries (names checked pairwise) would add nothing but time.
        if list.len() > 10 * MAX_CONTAINERS {
            return Vec::new();
        }
    }
    let read: Vec<(usize, Sidecar)> = list
        .iter()
        .enumerate()
        .filter_map(|(i, v)| read_one(r, v.as_ref()?, &format!("{path}[{i}]")).map(|s| (i, s)))
        .collect();
    let at = |i: usize, k: &str| join(&format!("{path}[{i}]"), k);
    let mut names: Vec<&str> = vec![MAIN_CONTAINER];
    let mut ports: Vec<(u64, String)> = task
        .main_port
        .map(|p| (p, MAIN_CONTAINER.to_string()))
        .into_iter()
        .collect();
    for (i, s) in &read {
        if names.contains(&s.name.as_str()) {
            r.report.error(
                &at(*i, "name"),
                "container-name",
                format!(
                    "{} is the name of another sidecar; names are unique in a task",
                    Quoted(&s.name)
                ),
            );
        }
        names.push(&s.name);
        for (j, m) in s.port_mappings.iter().enumerate() {
            let Val::Known(port) = m.container_port else {
                continue;
            };
            // Containers of an awsvpc task share one network namespace: two cannot listen on one port.
            if let Some((_, other)) = ports.iter().find(|(p, _)| *p == port) {
                r.report.error(&format!("{}[{j}].containerPort", at(*i, "portMappings")), "port-clash", format!("{port} is already the port of container {other}; containers of a task share one network, so each port once"));
            }
            ports.push((port, s.name.clone()));
        }
    }
    for (i, s) in &read {
        for (j, (container, condition)) in s.depends_on.iter().enumerate() {
            let dp = format!("{}[{j}].container", at(*i, "dependsOn"));
            // Main is always essential; a sidecar unless it says otherwise.
            let essential = if container == MAIN_CONTAINER {
                Some(true)
            } else {
                read.iter()
                    .find(|(_, o)| &o.name == container)
                    .map(|(_, o)| o.essential)
            };
            if EXIT_CONDITIONS.contains(&condition.as_str()) && essential == Some(true) {
                let fix = if container == MAIN_CONTAINER {
                    format!(" ({MAIN_CONTAINER} always is); use START")
                } else {
                    format!("; use START, or make {container} essential: false")
                };
                r.report.error(
                    &format!("{}[{j}].condition", at(*i, "dependsOn")),
                    "depends-on",
                    format!("{condition} waits for container {container} to exit, which ECS refuses on an essential container{fix}"),
                );
            }
            if container == &s.name {
                r.report.error(
                    &dp,
                    "depends-on",
                    format!("{} is this sidecar itself", Quoted(container)),
                );
            } else if !names.contains(&container.as_str()) {
                r.report.error(
                    &dp,
                    "depends-on",
                    format!(
                        "{} is no container of the task; its containers are {}",
                        Quoted(container),
                        names.join(", ")
                    ),
                );
            }
        }
    }
    if read.len() < MAX_CONTAINERS {
        check_cycles(r, &read, path);
    }
    let total = |f: fn(&Sidecar) -> Option<&Val<u64>>| -> Option<u64> {
        read.iter()
            .map(|(_, s)| match f(s) {
                Some(Val::Known(n)) => Some(*n),
                None => Some(0),
                Some(Val::Token(_)) => None,
            })
            .sum()
    };
    if let (Some(cpu), Some(task)) = (total(|s| s.cpu.as_ref()), task.cpu) {
        if cpu > task {
            r.report.error(path, "sidecar-size", format!("the sidecars ask for {cpu} CPU units; the task has {task} (cpu), and Main shares what is left"));
        }
    }
    if let (Some(memory), Some(task)) = (total(|s| s.memory.as_ref()), task.memory) {
        if memory + MIN_CONTAINER_MEMORY > task {
            r.report.error(path, "sidecar-size", format!("the sidecars take {memory} MiB of the task's {task} (memory), which leaves Main less than the {MIN_CONTAINER_MEMORY} MiB ECS gives a container: raise memory or lower the sidecars'"));
        }
    }
    read.into_iter().map(|(_, s)| s).collect()
}

/// Sidecars that wait for each other (a → b → a) never start: each cycle is reported once, at the
/// `dependsOn` entry of its first sidecar that leads into it.
fn check_cycles(r: &mut Reader, read: &[(usize, Sidecar)], path: &str) {
    let sidecar = |name: &str| read.iter().find(|(_, s)| s.name == name);
    let mut reported: Vec<&str> = Vec::new();
    for (at, start) in read {
        if reported.contains(&start.name.as_str()) {
            continue;
        }
        // Depth-first from `start`: the path as (sidecar, index of the dependsOn entry taken), and the next
        // entry to try of each sidecar on it.
        let mut stack: Vec<(&Sidecar, usize)> = vec![(start, 0)];
        let mut taken: Vec<(&Sidecar, usize)> = Vec::new();
        let mut visited: Vec<&str> = vec![&start.name];
        let mut cycle = None;
        while let Some((node, next)) = stack.pop() {
            taken.truncate(stack.len());
            let step = node
                .depends_on
                .iter()
                .enumerate()
                .skip(next)
                .find_map(|(j, (c, _))| {
                    sidecar(c)
                        .filter(|(_, t)| t.name != node.name)
                        .map(|(_, t)| (j, t))
                });
            let Some((j, target)) = step else { continue };
            stack.push((node, j + 1));
            taken.push((node, j));
            if target.name == start.name {
                cycle = Some(taken.clone());
                break;
            }
            // A sidecar explored once from `start` and not back to it will not lead back later.
            if !visited.contains(&target.name.as_str()) {
                visited.push(&target.name);
                stack.push((target, 0));
            }
        }
        let Some(cycle) = cycle else { continue };
        let names: Vec<&str> = cycle.iter().map(|(s, _)| s.name.as_str()).collect();
        let steps: Vec<String> = names
            .iter()
            .zip(names.iter().skip(1).chain(names.first()))
            .enumerate()
            .map(|(k, (from, to))| {
                if k == 0 {
                    format!("{from} waits for {to}")
                } else {
                    format!("{from} for {to}")
                }
            })
            .collect();
        let entry = cycle.first().map_or(0, |(_, j)| *j);
        r.report.error(
            &format!("{path}[{at}].dependsOn[{entry}].container"),
            "depends-on",
            format!(
                "{}: containers that wait for each other never start; break the cycle",
                steps.join(", ")
            ),
        );
        reported.extend(names);
    }
}
