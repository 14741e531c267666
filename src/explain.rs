//! What Express Mode creates in the account for a spec, beyond the template, and why: the answer to
//! "what will I get?" before deploying.

pub use crate::graph::ManagedBy;
use crate::graph::ResourceGraph;
use crate::json::Value;
use crate::spec::{Cluster, Service, Spec, TaskRole, Val};
use crate::spec::{EffectiveScaling, Metric, Scaling, DEFAULT_MIN_TASKS, DEFAULT_TARGET_VALUE};
use crate::synth::service::{metric_name, task_size, DEFAULT_CONTAINER_PORT};
use crate::synth::{effective_waf, ServiceAcl};
use crate::value::{num, text};
use serde::Serialize;

pub use crate::sharing::SERVICES_PER_LOAD_BALANCER;

/// What Express Mode creates in the account for a spec, and why.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    pub services: Vec<ServiceExplanation>,
    /// The services grouped by the network whose load balancers they may share.
    pub load_balancers: Vec<LoadBalancerGroup>,
    /// How many Express services at most share one load balancer.
    pub services_per_load_balancer: usize,
    /// The template's resources.
    pub stack: Vec<StackResource>,
    pub graph: ResourceGraph,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ServiceExplanation {
    /// The service's key in `services`.
    pub name: String,
    pub items: Vec<ExplanationItem>,
}

/// One thing a service gets.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ExplanationItem {
    pub kind: ExplanationKind,
    pub title: String,
    pub detail: String,
    /// `ecs`: made by Express Mode in the account; `stack`: in the template.
    pub managed_by: ManagedBy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "kebab-case")]
pub enum ExplanationKind {
    Cluster,
    Roles,
    Containers,
    Deployment,
    LoadBalancer,
    Certificate,
    Dns,
    SecurityGroups,
    Scaling,
    Alarms,
    LogGroup,
    HealthCheck,
    Waf,
    Domain,
}

/// Services that Express Mode may put on the same load balancers (`count` of them, 25 services each).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct LoadBalancerGroup {
    pub network: String,
    pub services: Vec<String>,
    pub count: usize,
    /// The services expected behind each load balancer: 25 each in the spec's order (ECS fills them in the
    /// order the services are created).
    pub load_balancers: Vec<Vec<String>>,
    /// The web ACL that protects these load balancers, in words; `None` when the services have none.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub web_acl: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct StackResource {
    pub logical_id: String,
    #[serde(rename = "type")]
    pub resource_type: String,
}

fn item(
    kind: ExplanationKind,
    managed_by: ManagedBy,
    title: &str,
    detail: &str,
) -> ExplanationItem {
    ExplanationItem {
        kind,
        title: title.to_string(),
        detail: detail.to_string(),
        managed_by,
    }
}

fn shown(v: &Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), str::to_string)
}

fn service_items(spec: &Spec, s: &Service) -> Vec<ExplanationItem> {
    let mut items = Vec::new();
    items.push(match &s.cluster {
        None => item(ExplanationKind::Cluster, ManagedBy::Ecs, "The default cluster", "Runs in the account's cluster named default, which ECS creates if it does not exist yet."),
        Some(Cluster::Existing(name)) => item(ExplanationKind::Cluster, ManagedBy::Ecs, &format!("Cluster {name}"), "An existing cluster; moving the service to another cluster replaces it (new URL)."),
        Some(Cluster::Create { name, container_insights }) => item(
            ExplanationKind::Cluster,
            ManagedBy::Stack,
            &format!("Cluster {name}, created by the template"),
            &format!("Container Insights {}.", if *container_insights { "on" } else { "off" }),
        ),
    });
    let roles = [
        (
            "infrastructure",
            s.roles.infrastructure.is_some(),
            "lets ECS manage the load balancer, certificate and scaling",
        ),
        (
            "execution",
            s.roles.execution.is_some(),
            "pulls the image, reads the secrets, writes logs",
        ),
    ];
    let mut lines: Vec<String> = roles
        .iter()
        .map(|(name, given, why)| {
            format!(
                "{name} role ({}) {why}",
                if *given {
                    "given"
                } else {
                    "created, shared by the spec's services"
                }
            )
        })
        .collect();
    lines.push(match &s.roles.task {
        Some(TaskRole::Existing(_)) => {
            "task role (given) holds the app's own AWS permissions".into()
        }
        Some(TaskRole::Create) => {
            "task role (created for this service) holds the app's own AWS permissions".into()
        }
        None => "no task role: the app has no AWS permissions of its own".into(),
    });
    items.push(item(
        ExplanationKind::Roles,
        ManagedBy::Stack,
        "IAM roles",
        &(lines.join("; ") + "."),
    ));
    let (cpu, memory) = task_size(s);
    let port = s
        .container_port
        .as_ref()
        .map_or(num(DEFAULT_CONTAINER_PORT), |p| match p {
            Val::Known(n) => num(*n),
            Val::Token(t) => text(t),
        });
    let canary = "Each deployment sends 5% of traffic to the new tasks first; if 4xx+5xx responses exceed 1% for 2 of 3 minutes it rolls back, else after a 3-minute bake it takes all traffic and stops the old tasks 3 minutes later.";
    let deployment = match (&s.task_definition, s.sidecars.is_empty()) {
        (Some(arn), _) => {
            items.push(item(ExplanationKind::Containers, ManagedBy::Existing, "Your task definition", &format!("{arn}: Express Mode serves its container Main (one named TCP port mapping); the image, size, logs and the task and execution roles are the task definition's.")));
            format!("An ECS service of your task definition. {canary}")
        }
        (None, false) => {
            let sidecars: Vec<String> = s
                .sidecars
                .iter()
                .map(|c| format!("{} ({}{})", c.name, c.image, if c.essential { "" } else { ", not essential" }))
                .collect();
            items.push(item(
                ExplanationKind::Containers,
                ManagedBy::Stack,
                &format!("A task definition of {} containers", s.sidecars.len() + 1),
                &format!(
                    "In the template: Main ({}, port {}, the one Express Mode serves) and the sidecars {}, in one network namespace, all logging to the service's log group. A change to any of them registers a new revision, deployed in place by a canary deployment.",
                    s.image.as_deref().unwrap_or_default(), shown(&port), sidecars.join(", ")
                ),
            ));
            format!("An ECS service of that task definition ({} CPU units, {} MiB for the task). {canary}", shown(&cpu), shown(&memory))
        }
        (None, true) => format!(
            "A task definition ({} CPU units, {} MiB, container port {}) and an ECS service. {canary}",
            shown(&cpu), shown(&memory), shown(&port)
        ),
    };
    items.push(item(
        ExplanationKind::Deployment,
        ManagedBy::Ecs,
        "A Fargate service with canary deployments",
        &deployment,
    ));
    items.push(item(
        ExplanationKind::LoadBalancer,
        ManagedBy::Ecs,
        "A shared Application Load Balancer",
        &format!(
            "In {}: internet-facing when the subnets are public, internal when private. Up to {SERVICES_PER_LOAD_BALANCER} Express services of one network share it, each reached through a host-header rule and its own target group.",
            crate::sharing::label(s)
        ),
    ));
    items.push(item(
        ExplanationKind::Certificate,
        ManagedBy::Ecs,
        "An ACM certificate",
        "For the service's generated domain, on the load balancer's HTTPS listener (port 443).",
    ));
    items.push(item(
        ExplanationKind::Dns,
        ManagedBy::Ecs,
        "A generated DNS name",
        &format!(
            "<2 letters>-<32 hex>.ecs.<region>.on.aws — unrelated to the service name and known only after deployment: {}.",
            if s.output { "read it from the Url output" } else { "read it with Fn::GetAtt Endpoint (output is off)" }
        ),
    ));
    let network = s.network.as_ref();
    let given = network.and_then(|n| n.security_groups.as_ref()).is_some();
    let created = network.filter(|n| n.create_security_group);
    let (managed_by, groups) = match (created, given) {
        (Some(n), _) => (
            ManagedBy::Stack,
            format!(
                "The template makes the tasks a security group{} that lets port {} in from {} (the VPC, where the load balancer is) and all traffic out; ECS creates the load balancer's group.",
                if given { ", beside the groups given," } else { "" },
                crate::synth::network::target_port(s),
                n.vpc_cidr.as_deref().unwrap_or("the VPC's range"),
            ),
        ),
        (None, true) => (
            ManagedBy::Existing,
            "The tasks use the security groups given: they must let the load balancer reach the container port (no AWS page says whether ECS adds a rule to them); ECS creates the load balancer's group.".to_string(),
        ),
        (None, false) => (
            ManagedBy::Ecs,
            "ECS creates security groups for the load balancer and for the tasks, letting only the load balancer reach the container port.".to_string(),
        ),
    };
    items.push(item(
        ExplanationKind::SecurityGroups,
        managed_by,
        "Security groups",
        &groups,
    ));
    let show = |v: &Val<u64>| v.to_string();
    // Without `scaling`, Express Mode's own target: one task, average CPU at 60%.
    let sc = s.scaling.as_ref().map_or(
        EffectiveScaling {
            min: Val::Known(DEFAULT_MIN_TASKS),
            max: Val::Known(DEFAULT_MIN_TASKS),
            metric: Metric::Cpu,
            target: Val::Known(DEFAULT_TARGET_VALUE),
        },
        Scaling::effective,
    );
    let (min, max, metric, target) = (
        show(&sc.min),
        show(&sc.max),
        metric_name(sc.metric),
        show(&sc.target),
    );
    items.push(item(
        ExplanationKind::Scaling,
        ManagedBy::Ecs,
        "Target tracking auto scaling",
        &format!("An Application Auto Scaling target of {min}–{max} tasks and a policy holding {metric} at {target}."),
    ));
    items.push(item(
        ExplanationKind::Alarms,
        ManagedBy::Ecs,
        "CloudWatch alarms",
        "The scaling policy's alarms, and the alarms that roll a deployment back.",
    ));
    items.push(match s.logs.as_ref() {
        None => item(ExplanationKind::LogGroup, ManagedBy::Ecs, "A log group made by ECS", "Kept forever unless you set a retention: give logs to create one with a retention in the template."),
        Some(l) => match &l.log_group {
            Some(name) => item(ExplanationKind::LogGroup, ManagedBy::Ecs, &format!("Log group {name}"), "An existing log group."),
            None => item(
                ExplanationKind::LogGroup,
                ManagedBy::Stack,
                "A log group created by the template",
                &format!("Retention {} days; kept when the stack is deleted.", l.retention_days.clone().unwrap_or(Val::Known(crate::DEFAULT_RETENTION_DAYS))),
            ),
        },
    });
    items.push(match &s.health_check_path {
        Some(p) => item(ExplanationKind::HealthCheck, ManagedBy::Ecs, &format!("Health check on {p}"), "The target group checks this path; unhealthy tasks are replaced."),
        None => item(ExplanationKind::HealthCheck, ManagedBy::Ecs, "Health check on /ping (Express Mode's default)", "Set healthCheckPath if the app does not answer /ping with 200, or its tasks will be replaced over and over."),
    });
    let kept = "associated with every load balancer of the service's network by the stack's WafAssociations custom resource, which takes it off a load balancer only once no service of the stack is behind it; the web ACL itself is kept when removed from the template (a load balancer may outlive the stack)";
    let created = |settings: &crate::spec::WebAclSettings, whose: &str| {
        let allowed: Vec<&str> = settings
            .allow_ipv4
            .iter()
            .chain(&settings.allow_ipv6)
            .map(String::as_str)
            .collect();
        let only = if allowed.is_empty() {
            String::new()
        } else {
            format!(
                "only requests from {} get through (all others are blocked), then ",
                allowed.join(", ")
            )
        };
        format!(
            "{whose}: {only}a rate limit per IP, then {}; {kept}.",
            settings.rules.join(", ")
        )
    };
    items.push(match effective_waf(spec, s) {
        None => item(ExplanationKind::Waf, ManagedBy::Stack, "No web ACL", "The template associates none (a web ACL associated earlier by hand stays on a shared load balancer until removed by hand)."),
        Some(ServiceAcl::Existing(arn)) => item(ExplanationKind::Waf, ManagedBy::Stack, "An existing web ACL", &format!("{arn}, {kept}.")),
        Some(ServiceAcl::Own(settings)) => item(ExplanationKind::Waf, ManagedBy::Stack, "A web ACL of its own", &created(settings, "Created for this service alone")),
        Some(ServiceAcl::Named(name, settings)) => item(ExplanationKind::Waf, ManagedBy::Stack, &format!("Web ACL {name}"), &created(settings, "Created once, shared by the services that name it")),
        Some(ServiceAcl::Default(settings)) => item(ExplanationKind::Waf, ManagedBy::Stack, "The stack's web ACL", &created(settings, "Created once for the services without a waf of their own")),
    });
    if let Some(d) = &s.domain {
        let names = d.names.join(", ");
        let certificate = match &d.certificate_arn {
            Some(arn) => format!("certificate {arn}"),
            None => {
                "a certificate made for them and validated by DNS in the hosted zone".to_string()
            }
        };
        let dns = match &d.hosted_zone {
            Some(z) => format!("The template writes their DNS records in hosted zone {} (a CNAME to the service's endpoint; an alias to the load balancer at the zone apex).", z.name),
            None => "DNS is yours: point each name at the service's endpoint (a CNAME; at a zone apex, an alias to the load balancer).".to_string(),
        };
        items.push(item(
            ExplanationKind::Domain,
            ManagedBy::Stack,
            &format!("Custom domain {names}"),
            &format!(
                "On the shared load balancer: the {certificate} on its HTTPS listener, and the names added by the DomainNames custom resource to the host-header condition of the listener rule Express Mode made for the service (beside its on.aws name; the rule itself stays Express's, which does not overwrite the change unless an Express update asks, so the resource runs again after every update of the service). {dns}"
            ),
        ));
    }
    items
}

pub fn explain(spec: &Spec, template: &Value) -> Explanation {
    let services = spec
        .services
        .iter()
        .map(|s| ServiceExplanation {
            name: s.name.clone(),
            items: service_items(spec, s),
        })
        .collect();
    // Grouped as lint groups them for its WAF rule (which has made sure each group has one WAF setting).
    let networks = crate::sharing::networks(spec);
    let names = |list: &[&Service]| list.iter().map(|s| s.name.clone()).collect();
    let load_balancers: Vec<LoadBalancerGroup> = networks
        .iter()
        .map(|g| LoadBalancerGroup {
            network: g.label.clone(),
            services: names(&g.services),
            count: g.load_balancers().count(),
            load_balancers: g.load_balancers().map(names).collect(),
            web_acl: g
                .services
                .first()
                .and_then(|s| effective_waf(spec, s))
                .map(|acl| acl.describe()),
        })
        .collect();
    let graph = crate::graph::graph(spec, template, &networks);
    let stack = template
        .get("Resources")
        .and_then(Value::as_object)
        .map(|r| {
            r.iter()
                .map(|(id, res)| StackResource {
                    logical_id: id.clone(),
                    resource_type: res
                        .get("Type")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string(),
                })
                .collect()
        })
        .unwrap_or_default();
    Explanation {
        services,
        load_balancers,
        services_per_load_balancer: SERVICES_PER_LOAD_BALANCER,
        stack,
        graph,
    }
}
