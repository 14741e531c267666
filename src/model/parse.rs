//! Reads a spec and checks every rule, collecting every problem rather than stopping at the first: the shape
//! pass (shape.rs) reports unknown keys and wrong types against the generated schema, serde reads what is left
//! into the model (input.rs), and the rules here turn it into the `Spec` the synthesis takes.

use super::container::{check_arguments, read_env_and_secrets, Pairs};
use super::input::{self, Keyed, Text};
use super::read::{check, checked, checked_val, Reader};
use super::*;
use crate::diag::Quoted;
use crate::diag::{join, Diagnostic, Report};
use crate::json::{Map, Value};
use crate::rules::{fargate, ids, image, lambda, limits, names, tags, waf as waf_rules};
use crate::suggest::suggest;
use crate::token::is_token;
use serde::Deserialize;
use std::collections::hash_map::{Entry, HashMap};

/// Reads and checks a spec. The spec holds what could be read: it is whole only when `report` has no error.
pub fn parse(value: &Value, report: &mut Report) -> Spec {
    let empty = Spec {
        description: None,
        waf: None,
        web_acls: Vec::new(),
        helpers: Helpers::default(),
        services: Vec::new(),
    };
    let Some((read, pruned)) = super::shape::check(value, report) else {
        return empty;
    };
    let spec = match input::Spec::deserialize(read.as_ref()) {
        Ok(spec) => spec,
        // The shape pass left only what the model reads: a failure here is a bug in the core, and loud.
        Err(e) => {
            report.error(
                "",
                "internal",
                format!("the core could not read the spec it checked ({e}); please report this"),
            );
            return empty;
        }
    };
    let mut r = Reader { report, pruned };
    if let Some(d) = &spec.description {
        if d.len() > 1024 {
            r.report.error(
                "description",
                "too-long",
                format!("is {} bytes; CloudFormation allows 1024", d.len()),
            );
        }
    }
    let region = spec
        .region
        .as_ref()
        .and_then(|v| super::region::read(&mut r, v));
    let waf = spec.waf.as_ref().and_then(|v| read_waf(&mut r, v, "waf"));
    let web_acls = spec
        .web_acls
        .as_ref()
        .map(|v| read_web_acls(&mut r, v))
        .unwrap_or_default();
    let helpers = spec
        .helpers
        .as_ref()
        .map(|v| read_helpers(&mut r, v))
        .unwrap_or_default();
    let mut services = Vec::new();
    match &spec.services {
        // Said by the shape pass (required, or a wrong type).
        None => {}
        Some(list) if list.0.is_empty() && !r.written_under("services") => r.report.error(
            "services",
            "required",
            "must hold at least one service, e.g. { \"Web\": { \"image\": \"nginx:1.27\" } }",
        ),
        Some(list) => {
            let raw = value.get("services").and_then(Value::as_object);
            for (name, v) in &list.0 {
                let written = raw.and_then(|m| m.get(name)).and_then(Value::as_object);
                if let Some(s) = read_service(&mut r, name, v, written) {
                    services.push(s);
                }
            }
        }
    }
    super::region::check(value, region.as_deref(), r.report);
    let spec = Spec {
        description: spec.description,
        waf,
        web_acls,
        helpers,
        services,
    };
    if let Some(map) = value.as_object() {
        check_web_acl_names(&spec, map, r.report);
    }
    if r.report.is_ok() {
        check_clusters(&spec, r.report);
        super::domain::check_unique(&spec, r.report);
    }
    spec
}

/// The top-level `webAcls`: name → settings of a web ACL the template creates once.
fn read_web_acls(
    r: &mut Reader,
    acls: &Keyed<input::WebAclSettings>,
) -> Vec<(String, WebAclSettings)> {
    let mut out = Vec::new();
    for (name, v) in &acls.0 {
        let path = join("webAcls", name);
        if check(r, &path, "web-acl-name", names::web_acl_name(name)).is_none() {
            continue;
        }
        let given = input::WafSettings {
            web_acl_arn: None,
            web_acl: None,
            managed_rules: v.managed_rules.clone(),
            rate_limit: v.rate_limit.clone(),
            allow_only_from: v.allow_only_from.clone(),
        };
        if let Some(settings) = read_web_acl_settings(r, &given, &path) {
            out.push((name.clone(), settings));
        }
    }
    out
}

/// One service, with everything reported on the way about it (`Report::claim`).
fn read_service(
    r: &mut Reader,
    name: &str,
    v: &input::Service,
    written: Option<&crate::json::Map>,
) -> Option<Service> {
    let mark = r.report.mark();
    let service = read_service_fields(r, name, v, written);
    r.report.claim(mark, name);
    service
}

/// What a task definition of the user's says instead of the service: the keys `written` in the service.
fn excluded_by_task_definition(r: &mut Reader, path: &str, written: &crate::json::Map) {
    let p = |key: &str| join(path, key);
    for key in input::EXCLUDED_BY_TASK_DEFINITION {
        let why = format!("cannot be combined with taskDefinition: Express Mode takes the {key} of its container Main from the task definition");
        match written.get(key) {
            None => {}
            // Each setting of `logs` at its own path: a front door names each as the setting it was given as.
            Some(Value::Object(settings)) if key == "logs" && !settings.is_empty() => {
                for setting in settings.keys() {
                    r.report
                        .error(&join(&p(key), setting), "exclusive", why.clone());
                }
            }
            Some(_) => r.report.error(&p(key), "exclusive", why),
        }
    }
    let roles = written.get("roles").and_then(Value::as_object);
    for key in input::ROLES_OF_TASK_DEFINITION {
        if roles.is_some_and(|m| m.contains_key(key)) {
            r.report.error(&join(&p("roles"), key), "exclusive", format!("cannot be combined with taskDefinition: the {key} role is the task definition's"));
        }
    }
}

fn read_service_fields(
    r: &mut Reader,
    name: &str,
    v: &input::Service,
    written: Option<&crate::json::Map>,
) -> Option<Service> {
    let path = join("services", name);
    let errors_before = r.report.errors.len();
    let shape_errors = r.pruned_under(&path);
    check(r, &path, "service-key", names::service_key(name));
    let p = |key: &str| join(&path, key);

    let task_definition = checked_val(
        r,
        v.task_definition.as_ref(),
        &p("taskDefinition"),
        "task-definition-arn",
        ids::task_definition_arn,
    );
    if task_definition.is_some() {
        if let Some(written) = written {
            excluded_by_task_definition(r, &path, written);
        }
    }
    let image = match &v.image {
        None if v.task_definition.is_some() || r.written(&p("taskDefinition")) => None,
        None if r.written(&p("image")) => None,
        None => {
            r.report.error(
                &p("image"),
                "required",
                "is required: the container image, e.g. \"nginx:1.27\" (or a taskDefinition of your own)",
            );
            None
        }
        Some(i) => checked(r, Some(i), &p("image"), "image-ref", image::image_ref),
    };
    let service_name = checked(
        r,
        v.service_name.as_ref(),
        &p("serviceName"),
        "service-name",
        names::service_name,
    );
    let container_port = v.container_port.clone();
    if let Some(Val::Known(port)) = container_port {
        if !(1..=65535).contains(&port) {
            r.report.error(
                &p("containerPort"),
                "port-range",
                format!("{port} is not a port; use 1–65535"),
            );
        }
    }
    let command = v.command.clone();
    check_arguments(r, &command, &p("command"));
    if let Some(Val::Known(c)) = &command {
        if c.is_empty() {
            r.report.error(
                &p("command"),
                "empty",
                "is empty; leave it out to use the image's command",
            );
        }
    }
    let (environment, secrets) = read_env_and_secrets(r, &v.environment, &v.secrets, &path);
    let repository_credentials = checked(
        r,
        v.repository_credentials.as_ref(),
        &p("repositoryCredentials"),
        "secret-ref",
        |s| ids::secrets_manager_arn(s, false).map(|_| ()),
    );
    let (cpu, memory) = read_size(r, v.cpu.clone(), v.memory.clone(), &path);
    let health_check_path = checked(
        r,
        v.health_check_path.as_ref(),
        &p("healthCheckPath"),
        "health-check-path",
        names::health_check_path,
    );
    let cluster = v
        .cluster
        .as_ref()
        .and_then(|c| read_cluster(r, c, &p("cluster")));
    let network = v
        .network
        .as_ref()
        .map(|n| read_network(r, n, &p("network")));
    if task_definition.is_some() && network.as_ref().is_some_and(|n| n.create_security_group) {
        r.report.error(
            &p("network.createSecurityGroup"),
            "exclusive",
            "cannot be used with taskDefinition: the port the group must let in is the task definition's; give securityGroups of your own",
        );
    }
    let scaling = v
        .scaling
        .as_ref()
        .and_then(|s| read_scaling(r, s, &p("scaling")));
    let logs = v.logs.as_ref().map(|l| read_logs(r, l, &p("logs")));
    let roles = v
        .roles
        .as_ref()
        .map(|roles| read_roles(r, roles, &p("roles")))
        .unwrap_or_default();
    let waf = v.waf.as_ref().and_then(|w| read_waf(r, w, &p("waf")));
    let tags = v
        .tags
        .as_ref()
        .map(|t| read_tags(r, t, &p("tags")))
        .unwrap_or_default();
    let domain = v
        .domain
        .as_ref()
        .and_then(|d| super::domain::read(r, d, &p("domain")));
    let output = v.output.unwrap_or(DEFAULT_OUTPUT);
    let task = super::sidecars::Task {
        main_port: match &container_port {
            Some(Val::Known(p)) => Some(*p),
            Some(Val::Token(_)) => None,
            None => Some(DEFAULT_CONTAINER_PORT),
        },
        cpu: known_size(&cpu, &memory).map(|(c, _)| c),
        memory: known_size(&cpu, &memory).map(|(_, m)| m),
    };
    let sidecars = match &v.sidecars {
        Some(list) if task_definition.is_none() => {
            super::sidecars::read(r, list, &p("sidecars"), &task)
        }
        _ => Vec::new(),
    };

    if let Some(prefix) = logs.as_ref().and_then(|l| l.stream_prefix.as_deref()) {
        check_stream_names(r, prefix, &sidecars, &p("logs.streamPrefix"));
    }
    if r.report.errors.len() == errors_before && !shape_errors {
        check_task_size(
            r,
            &path,
            image.as_deref(),
            &command,
            &environment,
            &secrets,
            &sidecars,
        );
    }
    if r.report.errors.len() > errors_before || shape_errors {
        return None;
    }
    if image.is_none() && task_definition.is_none() {
        return None;
    }
    Some(Service {
        name: name.to_string(),
        image,
        service_name,
        container_port,
        command,
        environment,
        secrets,
        repository_credentials,
        cpu,
        memory,
        health_check_path,
        cluster,
        network,
        scaling,
        logs,
        roles,
        waf,
        tags,
        output,
        sidecars,
        task_definition,
        domain,
    })
}

/// cpu and memory, checked as a Fargate pair.
fn read_size(
    r: &mut Reader,
    cpu: Option<Val<u64>>,
    memory: Option<Val<u64>>,
    path: &str,
) -> (Option<Val<u64>>, Option<Val<u64>>) {
    match (&cpu, &memory) {
        (Some(Val::Known(c)), _) if !fargate::is_cpu(*c) => {
            r.report.error(
                &join(path, "cpu"),
                "fargate-cpu",
                format!(
                    "{c} is not a Fargate CPU size; valid: {}",
                    fargate::cpus_text()
                ),
            );
        }
        (Some(Val::Known(c)), Some(Val::Known(m))) if !fargate::pairs(*c, *m) => {
            r.report.error(
                &join(path, "memory"),
                "fargate-pair",
                format!(
                    "{m} MiB is not valid with cpu {c}; valid: {}",
                    fargate::memories_text(*c)
                ),
            );
        }
        (Some(Val::Token(_)), None) if !r.written(&join(path, "memory")) => {
            r.report.error(
                &join(path, "memory"),
                "fargate-pair",
                "is required when cpu comes from a token (the template states both)",
            );
        }
        (None, Some(Val::Token(_))) if !r.written(&join(path, "cpu")) => {
            r.report.error(
                &join(path, "cpu"),
                "fargate-pair",
                "is required when memory comes from a token (the template states both)",
            );
        }
        (None, Some(Val::Known(m)))
            if fargate::default_cpu(*m).is_none() && !r.written(&join(path, "cpu")) =>
        {
            r.report.error(&join(path, "memory"), "fargate-pair", format!("{m} MiB fits no Fargate CPU size; e.g. 512, 1024, 2048 (cpu 256) or 2048–8192 (cpu 1024)"));
        }
        _ => {}
    }
    (cpu, memory)
}

fn read_cluster(r: &mut Reader, v: &input::Cluster, path: &str) -> Option<Cluster> {
    match v {
        input::Cluster::Existing(s) if is_token(s) => Some(Cluster::Existing(s.clone())),
        input::Cluster::Existing(s) => {
            check(r, path, "cluster", ids::cluster_name(s)).map(Cluster::Existing)
        }
        input::Cluster::Create(c) => {
            let at = join(path, "clusterName");
            let name = match &c.cluster_name {
                None => None,
                // The name makes the cluster's logical ID, which a token would change at every renumbering.
                Some(n) if is_token(n) => {
                    r.report.error(
                        &at,
                        "cluster",
                        "must be known at synthesis: it makes the cluster's logical ID",
                    );
                    None
                }
                Some(n) => check(r, &at, "cluster", ids::check_cluster_name(n)).map(|()| n.clone()),
            };
            if name.as_deref() == Some("default") {
                r.report.error(&at, "cluster", "\"default\" is the account's default cluster; write cluster: \"default\" to use it, or create one with another name");
                return None;
            }
            if r.written(&join(path, "containerInsights")) {
                return None;
            }
            Some(Cluster::Create {
                name: name?,
                container_insights: c.container_insights.unwrap_or(DEFAULT_CONTAINER_INSIGHTS),
            })
        }
    }
}

fn read_id_list(
    r: &mut Reader,
    list: Option<&List>,
    path: &str,
    max: usize,
    rule: fn(&str) -> Result<(), String>,
    code: &str,
) -> Option<List> {
    let list = list?.clone();
    if let Val::Known(items) = &list {
        if items.is_empty() || items.len() > max {
            r.report.error(
                path,
                code,
                format!("has {} entries; give 1–{max}, or leave it out", items.len()),
            );
            // Checking each of thousands of entries (pairwise for duplicates) would add nothing but time.
            return None;
        }
        for (i, item) in items.iter().enumerate() {
            if !is_token(item) {
                check(r, &format!("{path}[{i}]"), code, rule(item));
            }
            if items.iter().take(i).any(|x| x == item) {
                r.report.error(
                    &format!("{path}[{i}]"),
                    code,
                    format!("{item} is listed twice", item = Quoted(item)),
                );
            }
        }
    }
    Some(list)
}

/// `subnets` (1–16) and `securityGroups` (1–5) under `path`: what ECS's awsvpc network configuration takes,
/// for a service's tasks and for the helpers' functions alike.
fn read_placement(
    r: &mut Reader,
    subnets: &Option<List>,
    groups: &Option<List>,
    path: &str,
) -> (Option<List>, Option<List>) {
    let subnets = read_id_list(
        r,
        subnets.as_ref(),
        &join(path, "subnets"),
        16,
        ids::subnet_id,
        "subnet-id",
    );
    let groups = read_id_list(
        r,
        groups.as_ref(),
        &join(path, "securityGroups"),
        5,
        ids::security_group_id,
        "security-group-id",
    );
    (subnets, groups)
}

fn read_network(r: &mut Reader, v: &input::Network, path: &str) -> Network {
    let p = |k: &str| join(path, k);
    let (subnets, security_groups) = read_placement(r, &v.subnets, &v.security_groups, path);
    let vpc = checked_val(r, v.vpc.as_ref(), &p("vpc"), "vpc-id", ids::vpc_id);
    let public = v.public;
    let create_security_group = v.create_security_group.unwrap_or(false);
    let vpc_cidr = checked_val(
        r,
        v.vpc_cidr.as_ref(),
        &p("vpcCidr"),
        "vpc-cidr",
        ids::vpc_cidr,
    );
    if create_security_group {
        for (key, given) in [
            ("vpc", v.vpc.is_some() || r.written(&p("vpc"))),
            ("vpcCidr", v.vpc_cidr.is_some() || r.written(&p("vpcCidr"))),
        ] {
            if !given {
                r.report.error(
                    &p(key),
                    "required",
                    "is needed by createSecurityGroup (the group belongs to the VPC and lets its range in); give it, or leave createSecurityGroup out",
                );
            }
        }
        match &security_groups {
            Some(Val::Token(_)) => r.report.error(
                &p("securityGroups"),
                "security-groups-token",
                "is one token, to which createSecurityGroup cannot add its group; give the groups as a list, or leave createSecurityGroup out",
            ),
            // Express takes up to 5 groups (the ECS API's limit for awsvpc tasks).
            Some(Val::Known(groups)) if groups.len() >= 5 => r.report.error(
                &p("securityGroups"),
                "too-many",
                format!("has {} groups and createSecurityGroup adds one: a task takes at most 5; give at most 4", groups.len()),
            ),
            _ => {}
        }
    }
    Network {
        subnets,
        security_groups,
        vpc,
        public,
        create_security_group,
        vpc_cidr,
    }
}

/// The top-level `helpers`: the library's functions' runtime, log key and network.
fn read_helpers(r: &mut Reader, v: &input::Helpers) -> Helpers {
    let path = "helpers";
    let p = |k: &str| join(path, k);
    let runtime = checked(
        r,
        v.runtime.as_ref(),
        &p("runtime"),
        "runtime",
        lambda::node_runtime,
    );
    let log_kms_key = checked_val(
        r,
        v.log_kms_key.as_ref(),
        &p("logKmsKey"),
        "kms-key-arn",
        ids::kms_key_arn,
    );
    // Lambda's VpcConfig takes the same counts (botocore's Lambda model, SubnetIds and SecurityGroupIds), and a
    // function in a VPC needs both.
    let (subnets, security_groups) = read_placement(r, &v.subnets, &v.security_groups, path);
    let given = |r: &Reader, key: &str, v: bool| v || r.written(&p(key));
    let has_subnets = given(r, "subnets", v.subnets.is_some());
    let has_groups = given(r, "securityGroups", v.security_groups.is_some());
    for (key, other, missing) in [
        ("subnets", "securityGroups", has_subnets && !has_groups),
        ("securityGroups", "subnets", has_groups && !has_subnets),
    ] {
        if missing {
            r.report.error(
                &p(other),
                "required",
                format!("is needed with {key}: a function in a VPC runs in its subnets with its security groups; give both, or neither"),
            );
        }
    }
    Helpers {
        runtime,
        log_kms_key,
        subnets,
        security_groups,
    }
}

fn read_scaling(r: &mut Reader, v: &input::Scaling, path: &str) -> Option<Scaling> {
    let p = |k: &str| join(path, k);
    let min_tasks = v.min_tasks.clone();
    let max_tasks = v.max_tasks.clone();
    let metric = match v.metric.as_deref() {
        None if r.written(&p("metric")) => None,
        None => Some(Metric::Cpu),
        Some(name) => match Metric::named(name) {
            Some(m) => Some(m),
            None => {
                let hint = suggest(name, Metric::NAMES)
                    .map(|s| format!(" (did you mean {s}?)", s = Quoted(s)))
                    .unwrap_or_default();
                r.report.error(
                    &p("metric"),
                    "scaling-metric",
                    format!(
                        "{other} is not a metric; valid: {}{hint}",
                        Metric::NAMES.join(", "),
                        other = Quoted(name)
                    ),
                );
                None
            }
        },
    };
    let target_value = v.target_value.clone();
    for (key, n) in [("minTasks", &min_tasks), ("maxTasks", &max_tasks)] {
        if let Some(Val::Known(n)) = n {
            check(r, &p(key), "task-count-limit", limits::task_count(*n));
        }
    }
    let min = match &min_tasks {
        Some(Val::Known(n)) => Some(*n),
        Some(Val::Token(_)) => None,
        None if r.written(&p("minTasks")) => None,
        None => Some(DEFAULT_MIN_TASKS),
    };
    if let (Some(min), Some(Val::Known(max))) = (min, &max_tasks) {
        if min > *max {
            let which = if min_tasks.is_none() {
                "minTasks (default 1)"
            } else {
                "minTasks"
            };
            r.report.error(
                &p("maxTasks"),
                "scaling-range",
                format!("{max} is less than {which} {min}; maxTasks must be ≥ minTasks"),
            );
        }
    }
    if let (Some(metric), Some(Val::Known(t))) = (metric, &target_value) {
        match metric {
            Metric::Cpu | Metric::Memory if !(1..=100).contains(t) => {
                r.report.error(
                    &p("targetValue"),
                    "scaling-target",
                    format!(
                        "{t} is not a percentage; use 1–100 for the {} metric",
                        if metric == Metric::Cpu {
                            "cpu"
                        } else {
                            "memory"
                        }
                    ),
                );
            }
            Metric::Requests if *t == 0 => {
                r.report.error(
                    &p("targetValue"),
                    "scaling-target",
                    "0 requests per target cannot be held; use 1 or more",
                );
            }
            Metric::Requests if *t > limits::MAX_INT32 => {
                r.report.error(
                    &p("targetValue"),
                    "scaling-target",
                    format!(
                        "{t} is more than the 32-bit integer ECS takes as a target value; use 1–{}",
                        limits::MAX_INT32
                    ),
                );
            }
            _ => {}
        }
    }
    Some(Scaling {
        min_tasks,
        max_tasks,
        metric: metric?,
        target_value,
    })
}

fn read_logs(r: &mut Reader, v: &input::Logs, path: &str) -> Logs {
    let p = |k: &str| join(path, k);
    let log_group = checked(
        r,
        v.log_group.as_ref(),
        &p("logGroup"),
        "log-group",
        ids::log_group_name,
    );
    let stream_prefix = checked(
        r,
        v.stream_prefix.as_ref(),
        &p("streamPrefix"),
        "stream-prefix",
        |s| {
            if s.is_empty() || s.contains(':') || s.contains('*') || s.len() > 512 {
                Err(format!(
                    "{s} is not a stream prefix: use 1–512 characters without : or *",
                    s = Quoted(s)
                ))
            } else {
                Ok(())
            }
        },
    );
    let retention_days = match &v.retention_days {
        Some(Val::Known(d)) if !RETENTION_DAYS.contains(d) => {
            let valid: Vec<String> = RETENTION_DAYS.iter().map(u64::to_string).collect();
            r.report.error(
                &p("retentionDays"),
                "retention-days",
                format!(
                    "{d} is not a retention CloudWatch Logs offers; valid: {}",
                    valid.join(", ")
                ),
            );
            None
        }
        other => other.clone(),
    };
    let given = |r: &Reader, key: &str, v: bool| v || r.written(&p(key));
    if log_group.is_some() && given(r, "retentionDays", v.retention_days.is_some()) {
        r.report.error(&p("retentionDays"), "exclusive", "applies only to a log group the template creates; leave it out with logGroup (set retention on that log group), or drop logGroup");
    }
    let kms_key = checked_val(
        r,
        v.kms_key.as_ref(),
        &p("kmsKey"),
        "kms-key-arn",
        ids::kms_key_arn,
    );
    if log_group.is_some() && given(r, "kmsKey", v.kms_key.is_some()) {
        r.report.error(&p("kmsKey"), "exclusive", "applies only to a log group the template creates; leave it out with logGroup (encrypt that log group itself), or drop logGroup");
    }
    Logs {
        log_group,
        stream_prefix,
        retention_days,
        kms_key,
    }
}

fn read_roles(r: &mut Reader, v: &input::Roles, path: &str) -> Roles {
    let p = |k: &str| join(path, k);
    let execution = checked(
        r,
        v.execution.as_ref(),
        &p("execution"),
        "role-arn",
        ids::role_arn,
    );
    let infrastructure = checked(
        r,
        v.infrastructure.as_ref(),
        &p("infrastructure"),
        "role-arn",
        ids::role_arn,
    );
    let task = match v.task.as_deref() {
        Some("create") => Some(TaskRole::Create),
        Some(_) => checked(r, v.task.as_ref(), &p("task"), "role-arn", ids::role_arn)
            .map(TaskRole::Existing),
        None => None,
    };
    Roles {
        execution,
        infrastructure,
        task,
    }
}

fn read_waf(r: &mut Reader, v: &input::Waf, path: &str) -> Option<Waf> {
    let settings = match v {
        input::Waf::Off(false) => return Some(Waf::Off),
        input::Waf::Off(true) => {
            r.report.error(path, "waf", "true is not a WAF setting; use {} for a web ACL with the default managed rules, { webAclArn } for an existing one, or false");
            return None;
        }
        input::Waf::Settings(settings) => settings,
    };
    let given = [
        ("managedRules", settings.managed_rules.is_some()),
        ("rateLimit", settings.rate_limit.is_some()),
        ("allowOnlyFrom", settings.allow_only_from.is_some()),
        ("webAclArn", settings.web_acl_arn.is_some()),
        ("webAcl", settings.web_acl.is_some()),
    ]
    .map(|(key, v)| (key, v || r.written(&join(path, key))));
    let exclusive = |r: &mut Reader, chosen: &str, what: &str| {
        for (key, written) in given {
            if key != chosen && written {
                r.report.error(
                    &join(path, key),
                    "exclusive",
                    format!("cannot be combined with {chosen} ({what})"),
                );
            }
        }
    };
    if given[3].1 {
        exclusive(r, "webAclArn", "an existing web ACL");
        return checked(
            r,
            settings.web_acl_arn.as_ref(),
            &join(path, "webAclArn"),
            "web-acl-arn",
            ids::web_acl_arn,
        )
        .map(Waf::Existing);
    }
    if given[4].1 {
        exclusive(r, "webAcl", "one of the spec's webAcls");
        return settings.web_acl.clone().map(Waf::Named);
    }
    read_web_acl_settings(r, settings, path).map(Waf::Managed)
}

/// `{ managedRules?, rateLimit?, allowOnlyFrom? }`: a web ACL the template creates.
fn read_web_acl_settings(
    r: &mut Reader,
    v: &input::WafSettings,
    path: &str,
) -> Option<WebAclSettings> {
    let rules_path = join(path, "managedRules");
    let rules = match &v.managed_rules {
        None if r.written(&rules_path) => None,
        None => Some(
            waf_rules::DEFAULT_RULE_GROUPS
                .iter()
                .map(|s| s.to_string())
                .collect(),
        ),
        Some(Val::Known(list)) => {
            let mut ok = true;
            for (i, rule) in list.iter().enumerate() {
                let rp = format!("{rules_path}[{i}]");
                if !waf_rules::MANAGED_RULE_GROUPS.contains(&rule.as_str()) {
                    ok = false;
                    let hint = suggest(rule, waf_rules::MANAGED_RULE_GROUPS)
                        .map(|s| format!("did you mean {s}? ", s = Quoted(s)))
                        .unwrap_or_default();
                    r.report.error(&rp, "managed-rule", format!("{rule} is not an AWS managed rule group usable without settings; {hint}valid: {}", waf_rules::MANAGED_RULE_GROUPS.join(", "), rule = Quoted(rule)));
                } else if list.iter().take(i).any(|x| x == rule) {
                    ok = false;
                    r.report.error(
                        &rp,
                        "managed-rule",
                        format!("{rule} is listed twice", rule = Quoted(rule)),
                    );
                }
            }
            ok.then(|| list.clone())
        }
        Some(Val::Token(_)) => {
            r.report.error(
                &rules_path,
                "managed-rule",
                "must be a list known at synthesis",
            );
            None
        }
    };
    let rate_limit = match &v.rate_limit {
        Some(Val::Known(n)) => check(
            r,
            &join(path, "rateLimit"),
            "rate-limit",
            waf_rules::rate_limit(*n),
        )
        .map(|()| Val::Known(*n)),
        other => other.clone(),
    };
    let (mut allow_ipv4, mut allow_ipv6) = (Vec::new(), Vec::new());
    let allow_path = join(path, "allowOnlyFrom");
    match &v.allow_only_from {
        None => {}
        Some(Val::Token(_)) => r.report.error(
            &allow_path,
            "allow-list",
            "must be a list known at synthesis: IPv4 and IPv6 ranges go to separate IP sets",
        ),
        Some(Val::Known(list)) if list.is_empty() => r.report.error(
            &allow_path,
            "allow-list",
            "is empty, which would let no one in; leave it out to let everyone in",
        ),
        Some(Val::Known(list)) => {
            let mut seen = std::collections::HashSet::new();
            for (i, cidr) in list.iter().enumerate() {
                let cp = format!("{allow_path}[{i}]");
                if !seen.insert(cidr.as_str()) {
                    r.report.error(
                        &cp,
                        "allow-list",
                        format!("{} is listed twice", Quoted(cidr)),
                    );
                    continue;
                }
                match waf_rules::allow_cidr(cidr) {
                    Ok(true) => allow_ipv4.push(cidr.clone()),
                    Ok(false) => allow_ipv6.push(cidr.clone()),
                    Err(why) => r.report.error(&cp, "allow-list", why),
                }
            }
            for (version, n) in [("IPv4", allow_ipv4.len()), ("IPv6", allow_ipv6.len())] {
                if n > waf_rules::MAX_IP_SET_ADDRESSES {
                    r.report.error(
                        &allow_path,
                        "allow-list",
                        format!(
                            "has {n} {version} ranges; a WAF IP set holds at most {}, and the {version} ranges go to one set: merge neighbouring ranges into wider ones",
                            waf_rules::MAX_IP_SET_ADDRESSES
                        ),
                    );
                }
            }
        }
    }
    Some(WebAclSettings {
        rules: rules?,
        rate_limit,
        allow_ipv4,
        allow_ipv6,
    })
}

pub(crate) fn read_tags(r: &mut Reader, v: &Keyed<Text>, path: &str) -> Vec<(String, String)> {
    let list: Pairs = v.0.iter().map(|(k, t)| (k.clone(), t.0.clone())).collect();
    if list.len() > tags::MAX_TAGS {
        r.report.error(
            path,
            "tag-count",
            format!(
                "has {} tags; an Express service takes at most {}",
                list.len(),
                tags::MAX_TAGS
            ),
        );
    }
    for (k, value) in &list {
        let tp = join(path, k);
        if !is_token(k) {
            check(r, &tp, "tag-key", tags::key(k));
        }
        if !is_token(value) {
            check(r, &tp, "tag-value", tags::value(value));
        }
    }
    list
}

/// ECS names a container's log stream `<prefix>/<container name>/<task ID>` (Amazon ECS Developer Guide, awslogs
/// driver, `awslogs-stream-prefix`; the task ID has 32 characters), and CloudWatch Logs takes a stream name of at
/// most 512 (`LogStreamName`): the prefix leaves room for the task's longest container name.
fn check_stream_names(r: &mut Reader, prefix: &str, sidecars: &[Sidecar], path: &str) {
    const MAX_STREAM_NAME: usize = 512;
    const TASK_ID: usize = 32;
    if is_token(prefix) {
        return;
    }
    let longest = sidecars
        .iter()
        .map(|c| c.name.as_str())
        .chain([MAIN_CONTAINER])
        .max_by_key(|n| n.len())
        .unwrap_or(MAIN_CONTAINER);
    let total = prefix.len() + 1 + longest.len() + 1 + TASK_ID;
    if total > MAX_STREAM_NAME {
        let room = MAX_STREAM_NAME.saturating_sub(longest.len() + 2 + TASK_ID);
        r.report.error(
            path,
            "stream-prefix",
            format!(
                "{} makes log stream names of {total} characters (with /{longest}/ and the {TASK_ID}-character task ID); CloudWatch Logs takes at most {MAX_STREAM_NAME}: use at most {room}",
                crate::rules::domains::with_length(prefix)
            ),
        );
    }
}

/// The container definitions a service's task would have, measured against the size ECS registers: the
/// bytes of what the spec puts in them (images, commands, environment, secrets), a lower bound of the whole
/// (tokens and the fixed settings not counted), so that the error is never wrong. Named at the largest part.
fn check_task_size(
    r: &mut Reader,
    path: &str,
    image: Option<&str>,
    command: &Option<List>,
    environment: &[(String, String)],
    secrets: &[(String, String)],
    sidecars: &[Sidecar],
) {
    let text = |s: &str| {
        if is_token(s) {
            0
        } else {
            limits::str_bytes(s)
        }
    };
    let list = |c: &Option<List>| match c {
        Some(Val::Known(items)) => items.iter().map(|i| text(i) + 1).sum(),
        _ => 0,
    };
    // `{"name":…,"value":…},` per pair.
    let pairs = |list: &[(String, String)], value: &str| -> usize {
        list.iter()
            .map(|(k, v)| text(k) + text(v) + "{\"name\":,\"\":},".len() + value.len())
            .sum()
    };
    // Each part's setting (a sidecar by its index) and size; its path is made only for an error.
    let mut parts: Vec<(&str, Option<usize>, usize)> = vec![
        ("image", None, image.map_or(0, text)),
        ("command", None, list(command)),
        ("environment", None, pairs(environment, "value")),
        ("secrets", None, pairs(secrets, "valueFrom")),
    ];
    for (i, c) in sidecars.iter().enumerate() {
        let size = text(&c.image)
            + list(&c.command)
            + pairs(&c.environment, "value")
            + pairs(&c.secrets, "valueFrom");
        parts.push(("sidecars", Some(i), size));
    }
    let total: usize = parts.iter().map(|(.., n)| n).sum();
    if total <= limits::MAX_TASK_DEFINITION_BYTES {
        return;
    }
    let Some((key, index, bytes)) = parts.iter().max_by_key(|(.., n)| *n) else {
        return;
    };
    let largest = match index {
        Some(i) => format!("{}[{i}]", join(path, key)),
        None => join(path, key),
    };
    r.report.error(
        &largest,
        "task-definition-size",
        format!(
            "makes the task's container definitions at least {total} bytes ({bytes} of them here); ECS registers a task definition of at most {} bytes (64 KiB): move large values into the image, a file in S3 or a secret",
            limits::MAX_TASK_DEFINITION_BYTES
        ),
    );
}

/// The task's cpu and memory when known at synthesis, defaults filled in as the template states them.
fn known_size(cpu: &Option<Val<u64>>, memory: &Option<Val<u64>>) -> Option<(u64, u64)> {
    match (cpu, memory) {
        (Some(Val::Known(c)), Some(Val::Known(m))) => Some((*c, *m)),
        (Some(Val::Known(c)), None) => Some((*c, fargate::default_memory(*c)?)),
        (None, Some(Val::Known(m))) => Some((fargate::default_cpu(*m)?, *m)),
        (None, None) => Some(fargate::DEFAULT),
        _ => None,
    }
}

/// Every `{ "webAcl": name }` names one of `webAcls` (the top-level default included).
fn check_web_acl_names(spec: &Spec, map: &Map, report: &mut Report) {
    let known: Vec<&str> = spec.web_acls.iter().map(|(n, _)| n.as_str()).collect();
    // A name whose entry had errors was reported there; only names missing from the spec are reported here.
    let written = |name: &str| {
        map.get("webAcls")
            .and_then(Value::as_object)
            .is_some_and(|m| m.contains_key(name))
    };
    let uses = spec
        .services
        .iter()
        .map(|s| (join(&join("services", &s.name), "waf.webAcl"), &s.waf))
        .chain(std::iter::once(("waf.webAcl".to_string(), &spec.waf)));
    for (path, waf) in uses {
        let Some(Waf::Named(name)) = waf else {
            continue;
        };
        if written(name) {
            continue;
        }
        let hint = suggest(name, known.iter().copied())
            .map(|s| format!("did you mean {s}? ", s = Quoted(s)))
            .unwrap_or_default();
        let listed = if known.is_empty() {
            "the spec has no webAcls; add one, e.g. \"webAcls\": { \"Public\": {} }".to_string()
        } else {
            format!("the spec's webAcls are {}", known.join(", "))
        };
        report.error(
            &path,
            "unknown-web-acl",
            format!(
                "{} is not one of the spec's webAcls; {hint}{listed}",
                Quoted(name)
            ),
        );
    }
}

/// Rules across services: a cluster created by several agrees with itself, and names do not clash.
fn check_clusters(spec: &Spec, report: &mut Report) {
    let mut seen: Vec<(&str, bool, &str)> = Vec::new();
    for s in &spec.services {
        if let Some(Cluster::Create {
            name,
            container_insights,
        }) = &s.cluster
        {
            match seen.iter().find(|(n, ..)| n == name) {
                Some((_, insights, first)) if insights != container_insights => report.push_error(
                    Diagnostic::new(
                        &format!("services.{}.cluster.containerInsights", s.name),
                        "cluster",
                        format!("cluster {} is also created by service {first} with containerInsights {insights}; one cluster has one setting", Quoted(name)),
                    )
                    .across(Some(&s.name), &[first]),
                ),
                Some(_) => {}
                None => seen.push((name, *container_insights, &s.name)),
            }
        }
    }
    // ECS service names are unique within a cluster.
    fn cluster_of(s: &Service) -> &str {
        match &s.cluster {
            Some(Cluster::Existing(n) | Cluster::Create { name: n, .. }) => n,
            None => "default",
        }
    }
    let mut named: HashMap<(&str, &str), &str> = HashMap::new();
    for s in &spec.services {
        let Some(name) = s.service_name.as_deref().filter(|n| !is_token(n)) else {
            continue;
        };
        match named.entry((cluster_of(s), name)) {
            Entry::Vacant(e) => {
                e.insert(&s.name);
            }
            Entry::Occupied(e) => report.push_error(
                Diagnostic::new(
                    &format!("services.{}.serviceName", s.name),
                    "service-name",
                    format!("{} is also the name of service {} in the same cluster; names are unique in a cluster", Quoted(name), e.get()),
                )
                .across(Some(&s.name), &[e.get()]),
            ),
        }
    }
    let mut ids: Vec<(String, &str, &str)> = Vec::new();
    for (name, _, service) in &seen {
        let id = crate::synth::ids::cluster_id(name);
        if let Some((_, other, by)) = ids.iter().find(|(i, ..)| *i == id) {
            report.push_error(
                Diagnostic::new(
                    "services",
                    "cluster",
                    format!(
                        "clusters {} and {} would share the logical ID {id}; rename one",
                        Quoted(other),
                        Quoted(name)
                    ),
                )
                .across(None, &[by, service]),
            );
        }
        ids.push((id, name, service));
    }
}
