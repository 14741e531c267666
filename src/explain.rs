//! What Express Mode creates in the account for a spec, beyond the template, and why: the answer to
//! "what will I get?" before deploying.

pub use crate::graph::ManagedBy;
use crate::graph::ResourceGraph;
use crate::json::{Map, Value};
use crate::model::{EffectiveScaling, Metric, Scaling, DEFAULT_MIN_TASKS, DEFAULT_TARGET_VALUE};
use crate::model::{Service, Spec, Val};
use crate::synth::firewall::{Plan, Protection};
use crate::synth::ids::{self, Scope};
use crate::synth::service::{metric_name, task_size, DEFAULT_CONTAINER_PORT};
use crate::synth::template::{self, Synthesis};
use crate::synth::{effective_waf, Fragment, ServiceAcl};
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
#[serde(rename_all = "camelCase")]
pub struct ServiceExplanation {
    /// The service's key in `services`.
    pub name: String,
    /// Its Express service's logical ID in the template.
    pub logical_id: String,
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
    /// `ecs`: made by Express Mode in the account; `stack`: in the template; `existing`: given, made by
    /// neither.
    pub managed_by: ManagedBy,
    /// The template's resources it is about (logical IDs), read from the fragment synthesis makes: an item
    /// of the stack names them.
    pub resources: Vec<String>,
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

/// What synthesis made for one service: its fragment, with the IDs the template gives them, and its resources
/// as the template holds them. What `explain` says of a resource of the template is read here, so the two
/// cannot disagree.
struct Made<'a> {
    f: &'a Fragment,
    /// The IDs of the fragment's resources, in its order.
    ids: &'a [String],
    /// The template's resources.
    template: Option<&'a Map>,
    scope: Scope,
    service_id: String,
}

impl<'a> Made<'a> {
    fn new(s: &Service, made: &'a template::Made, template: Option<&'a Map>) -> Self {
        let scope = Scope::template(&s.name);
        let service_id = scope.id(ids::SERVICE);
        Made {
            f: &made.fragment,
            ids: &made.ids,
            template,
            scope,
            service_id,
        }
    }

    /// Whether the fragment made resource `id`.
    fn has(&self, id: &str) -> bool {
        self.ids.iter().any(|x| x == id)
    }

    fn resource(&self, id: &str) -> Option<&'a Value> {
        self.template.filter(|_| self.has(id))?.get(id)
    }

    fn props(&self, id: &str) -> Option<&Value> {
        self.resource(id).and_then(|r| r.get("Properties"))
    }

    /// The service's property `key`, else its task definition's (where the roles are with one).
    fn service_prop(&self, key: &str) -> Option<&Value> {
        let own = self.props(&self.service_id).and_then(|p| p.get(key));
        own.or_else(|| {
            self.task_definition()
                .and_then(|td| self.props(td))
                .and_then(|p| p.get(key))
        })
    }

    /// The resource of this fragment that `v` names by `Ref` or `Fn::GetAtt`.
    fn local<'b>(&'b self, v: Option<&'b Value>) -> Option<&'b str> {
        let v = v?;
        let id = v.get("Ref").and_then(Value::as_str).or_else(|| {
            v.get("Fn::GetAtt")
                .and_then(Value::as_array)
                .and_then(|a| a.first())
                .and_then(Value::as_str)
        })?;
        self.has(id).then_some(id)
    }

    fn task_definition(&self) -> Option<&str> {
        let v = self
            .props(&self.service_id)
            .and_then(|p| p.get("TaskDefinitionArn"));
        self.local(v)
    }

    /// The log group the service's containers write to: made by the template (its ID), given (its name), or
    /// none (Express Mode makes one).
    fn log_group(&self) -> Option<Result<&str, String>> {
        let v = self.f.attributes.get("logGroupName")?;
        Some(self.local(Some(v)).ok_or_else(|| shown(v)))
    }

    /// `start` and every resource of the fragment they reference, directly or not (never the service).
    fn reach(&self, start: Vec<String>) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut todo = start;
        while let Some(id) = todo.pop() {
            if id == self.service_id || out.contains(&id) || !self.has(&id) {
                continue;
            }
            if let Some(r) = self.resource(&id) {
                let mut found = Vec::new();
                refs(r, &mut found);
                todo.extend(found);
            }
            out.push(id);
        }
        out.sort_by_key(|id| self.ids.iter().position(|k| k == id));
        out
    }
}

/// Every ID a value names by `Ref` or `Fn::GetAtt` (and `DependsOn`).
fn refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("Ref", Value::String(id)) => out.push(id.clone()),
                    ("Fn::GetAtt", Value::Array(a)) => {
                        out.extend(a.first().and_then(Value::as_str).map(str::to_string));
                    }
                    _ => refs(x, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
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
        resources: Vec::new(),
    }
}

impl ExplanationItem {
    /// Names the template's resources it is about; an item with some is the stack's.
    fn of(mut self, resources: Vec<String>) -> Self {
        if !resources.is_empty() {
            self.managed_by = ManagedBy::Stack;
        }
        self.resources = resources;
        self
    }
}

fn shown(v: &Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), str::to_string)
}

fn service_items(spec: &Spec, plan: &Plan, s: &Service, made: Made) -> Vec<ExplanationItem> {
    let mut items = Vec::new();
    let cluster = made.service_prop("Cluster");
    items.push(match (made.local(cluster), cluster) {
        (Some(id), _) => {
            let props = made.props(id);
            let name = props.and_then(|p| p.get("ClusterName")).map(shown).unwrap_or_default();
            let insights = props
                .and_then(|p| p.get("ClusterSettings"))
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .find(|c| c.get("Name").and_then(Value::as_str) == Some("containerInsights"))
                .and_then(|c| c.get("Value"))
                .and_then(Value::as_str)
                == Some("enabled");
            item(
                ExplanationKind::Cluster,
                ManagedBy::Stack,
                &format!("Cluster {name}, created by the template"),
                &format!("Container Insights {}.", if insights { "on" } else { "off" }),
            )
            .of(vec![id.to_string()])
        }
        (None, Some(name)) => item(ExplanationKind::Cluster, ManagedBy::Ecs, &format!("Cluster {}", shown(name)), "An existing cluster; moving the service to another cluster replaces it (new URL)."),
        (None, None) => item(ExplanationKind::Cluster, ManagedBy::Ecs, "The default cluster", "Runs in the account's cluster named default, which ECS creates if it does not exist yet."),
    });
    let mut role_ids: Vec<String> = Vec::new();
    let mut lines: Vec<String> = Vec::new();
    for (name, key, why) in [
        (
            "infrastructure",
            "InfrastructureRoleArn",
            "lets ECS manage the load balancer, certificate and scaling",
        ),
        (
            "execution",
            "ExecutionRoleArn",
            "pulls the image, reads the secrets, writes logs",
        ),
        ("task", "TaskRoleArn", "holds the app's own AWS permissions"),
    ] {
        let v = made.service_prop(key);
        let how = match made.local(v) {
            Some(id) => {
                role_ids.push(id.to_string());
                if made.f.shared.iter().any(|x| x == id) {
                    "created, shared by the spec's services"
                } else {
                    "created for this service"
                }
            }
            None if v.is_some_and(|v| !v.is_null()) => "given",
            None if key == "TaskRoleArn" => {
                lines.push("no task role: the app has no AWS permissions of its own".into());
                continue;
            }
            None => "the task definition's",
        };
        lines.push(format!("{name} role ({how}) {why}"));
    }
    let policy = made.scope.id(ids::EXECUTION_POLICY);
    if made.resource(&policy).is_some() {
        lines.push("a policy on the execution role lets it read this service's secrets".into());
        role_ids.push(policy);
    }
    items.push(
        item(
            ExplanationKind::Roles,
            ManagedBy::Existing,
            "IAM roles",
            &(lines.join("; ") + "."),
        )
        .of(role_ids),
    );
    let (cpu, memory) = task_size(s);
    let port = s
        .container_port
        .as_ref()
        .map_or(num(DEFAULT_CONTAINER_PORT), |p| match p {
            Val::Known(n) => num(*n),
            Val::Token(t) => text(t),
        });
    let canary = "Each deployment sends 5% of traffic to the new tasks first; if 4xx+5xx responses exceed 1% for 2 of 3 minutes it rolls back, else after a 3-minute bake it takes all traffic and stops the old tasks 3 minutes later.";
    let task_definition = made.service_prop("TaskDefinitionArn");
    let deployment = match (made.task_definition(), task_definition) {
        (Some(id), _) => {
            let sidecars: Vec<String> = s
                .sidecars
                .iter()
                .map(|c| format!("{} ({}{})", c.name, c.image, if c.essential { "" } else { ", not essential" }))
                .collect();
            let containers = made
                .props(id)
                .and_then(|p| p.get("ContainerDefinitions"))
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            let logs = match made.log_group() {
                Some(Ok(group)) => format!("the log group {group}"),
                Some(Err(name)) => format!("the log group {name}"),
                None => "the service's log group".to_string(),
            };
            items.push(
                item(
                    ExplanationKind::Containers,
                    ManagedBy::Stack,
                    &format!("A task definition of {containers} containers"),
                    &format!(
                        "In the template: Main ({}, port {}, the one Express Mode serves) and the sidecars {}, in one network namespace, all logging to {logs}. A change to any of them registers a new revision, deployed in place by a canary deployment.",
                        s.image.as_deref().unwrap_or_default(), shown(&port), sidecars.join(", ")
                    ),
                )
                .of(vec![id.to_string()]),
            );
            format!("An ECS service of that task definition ({} CPU units, {} MiB for the task). {canary}", shown(&cpu), shown(&memory))
        }
        (None, Some(arn)) => {
            items.push(item(ExplanationKind::Containers, ManagedBy::Existing, "Your task definition", &format!("{}: Express Mode serves its container Main (one named TCP port mapping); the image, size, logs and the task and execution roles are the task definition's.", shown(arn))));
            format!("An ECS service of your task definition. {canary}")
        }
        (None, None) => format!(
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
    let created: Vec<String> = made
        .props(&made.service_id)
        .and_then(|p| p.get("NetworkConfiguration"))
        .and_then(|n| n.get("SecurityGroups"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|g| made.local(Some(g)))
        .map(str::to_string)
        .collect();
    items.push(if !created.is_empty() {
        item(
            ExplanationKind::SecurityGroups,
            ManagedBy::Stack,
            "Security groups",
            &format!(
                "The template makes the tasks a security group{} that lets port {} in from {} (the VPC, where the load balancer is) and all traffic out; ECS creates the load balancer's group.",
                if given { ", beside the groups given," } else { "" },
                crate::synth::network::target_port(s),
                network.and_then(|n| n.vpc_cidr.as_deref()).unwrap_or("the VPC's range"),
            ),
        )
        .of(created)
    } else if given {
        item(ExplanationKind::SecurityGroups, ManagedBy::Existing, "Security groups", "The tasks use the security groups given: they must let the load balancer reach the container port (no AWS page says whether ECS adds a rule to them); ECS creates the load balancer's group.")
    } else {
        item(ExplanationKind::SecurityGroups, ManagedBy::Ecs, "Security groups", "ECS creates security groups for the load balancer and for the tasks, letting only the load balancer reach the container port.")
    });
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
    items.push(match made.log_group() {
        None => item(ExplanationKind::LogGroup, ManagedBy::Ecs, "A log group made by ECS", "Kept forever unless you set a retention: give logs to create one with a retention in the template."),
        Some(Err(name)) => item(ExplanationKind::LogGroup, ManagedBy::Existing, &format!("Log group {name}"), "An existing log group."),
        Some(Ok(id)) => {
            let props = made.props(id);
            let days = props.and_then(|p| p.get("RetentionInDays")).map(shown).unwrap_or_default();
            let key = props
                .and_then(|p| p.get("KmsKeyId"))
                .map(|k| format!(", encrypted with key {}", shown(k)))
                .unwrap_or_default();
            let why = if s.logs.is_none() {
                " (made because the task definition's containers need a log group that exists; set logs to choose its retention)"
            } else {
                ""
            };
            item(
                ExplanationKind::LogGroup,
                ManagedBy::Stack,
                &format!("Log group {id}, created by the template"),
                &format!("Retention {days} days{key}; kept when the stack is deleted{why}."),
            )
            .of(vec![id.to_string()])
        }
    });
    items.push(match &s.health_check_path {
        Some(p) => item(ExplanationKind::HealthCheck, ManagedBy::Ecs, &format!("Health check on {p}"), "The target group checks this path; unhealthy tasks are replaced."),
        None => item(ExplanationKind::HealthCheck, ManagedBy::Ecs, "Health check on /ping (Express Mode's default)", "Set healthCheckPath if the app does not answer /ping with 200, or its tasks will be replaced over and over."),
    });
    let kept = "associated with every load balancer of the service's network by the stack's WafAssociations custom resource, which takes it off a load balancer only once no service of the stack is behind it; the web ACL itself is kept when removed from the template (a load balancer may outlive the stack)";
    let created = |settings: &crate::model::WebAclSettings, whose: &str| {
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
    // The web ACL the template makes, its IP sets, and the custom resource that associates it.
    let mut waf_start: Vec<String> = made
        .f
        .attributes
        .get("webAclArn")
        .and_then(|v| made.local(Some(v)))
        .map(str::to_string)
        .into_iter()
        .collect();
    waf_start.extend(made.f.contributions.iter().map(|c| c.resource.clone()));
    // A composed web ACL's IP sets are made by the service whose allow-list they hold.
    waf_start.extend(
        made.ids
            .iter()
            .filter(|id| {
                made.resource(id)
                    .and_then(|r| r.get("Type"))
                    .and_then(Value::as_str)
                    .is_some_and(|t| t.starts_with("AWS::WAFv2::"))
            })
            .cloned(),
    );
    let waf_ids = made.reach(waf_start);
    let composed = plan
        .acl_of(&s.name)
        .filter(|acl| acl.rules.iter().any(|r| r.scoped) || !acl.unprotected.is_empty());
    items.push(match (effective_waf(spec, s), composed) {
        (None, _) => {
            let beside = plan.acls.iter().find(|a| a.unprotected.contains(&s.name));
            match beside {
                Some(acl) => item(ExplanationKind::Waf, ManagedBy::Stack, "No WAF rules", &format!("Its load balancer holds {} ({}), whose rules apply to those services' hosts only: its default action lets this service's requests through.", acl.id, acl.label)),
                None => item(ExplanationKind::Waf, ManagedBy::Stack, "No web ACL", "The template associates none (a web ACL associated earlier by hand stays on a shared load balancer until removed by hand)."),
            }
        }
        (Some(_), Some(acl)) => {
            let rules: Vec<String> = acl
                .rules
                .iter()
                .filter(|r| r.services.contains(&s.name))
                .map(|r| format!("{} ({}{})", r.name, r.what, if r.services.len() > 1 { format!(", shared with {}", r.services.iter().filter(|n| **n != s.name).cloned().collect::<Vec<_>>().join(", ")) } else { String::new() }))
                .collect();
            let untouched = if acl.unprotected.is_empty() {
                String::new()
            } else {
                format!(" {} on the same load balancers, without WAF, are let through by its default action.", acl.unprotected.join(", "))
            };
            item(ExplanationKind::Waf, ManagedBy::Stack, &format!("Web ACL {} of its network", acl.id), &format!("One web ACL for {}, each rule scoped to the hosts of the services it names (the Host header, against each service's endpoint and custom domain names); this service's rules: {}.{untouched} It is {kept}.", acl.services.join(", "), rules.join("; ")))
        }
        (Some(ServiceAcl::Existing(arn)), None) => item(ExplanationKind::Waf, ManagedBy::Stack, "An existing web ACL", &format!("{arn}, {kept}.")),
        (Some(ServiceAcl::Own(settings)), None) => item(ExplanationKind::Waf, ManagedBy::Stack, "A web ACL of its own", &created(settings, "Created for this service alone")),
        (Some(ServiceAcl::Named(name, settings)), None) => item(ExplanationKind::Waf, ManagedBy::Stack, &format!("Web ACL {name}"), &created(settings, "Created once, shared by the services that name it")),
        (Some(ServiceAcl::Default(settings)), None) => item(ExplanationKind::Waf, ManagedBy::Stack, "The stack's web ACL", &created(settings, "Created once for the services without a waf of their own")),
    }.of(waf_ids));
    if let Some(d) = &s.domain {
        let names = d.names.join(", ");
        let own = [
            ids::CERTIFICATE,
            ids::LISTENER_CERTIFICATE,
            ids::DOMAIN_NAMES,
            ids::DOMAIN_NAMES_POLICY,
            ids::DNS_RECORDS,
        ]
        .iter()
        .map(|local| made.scope.id(local))
        .collect();
        let domain_ids = made.reach(own);
        let certificate_id = made.scope.id(ids::CERTIFICATE);
        let certificate = match (made.resource(&certificate_id), &d.certificate_arn) {
            (Some(_), _) => format!(
                "a certificate made for them ({certificate_id}) and validated by DNS in the hosted zone"
            ),
            (None, Some(arn)) => format!("the certificate {arn}"),
            (None, None) => "no certificate".to_string(),
        };
        let records = made.resource(&made.scope.id(ids::DNS_RECORDS)).is_some();
        let dns = match (&d.hosted_zone, records) {
            (Some(z), true) => format!("The template writes their DNS records in hosted zone {} (a CNAME to the service's endpoint; an alias to the load balancer at the zone apex).", z.name),
            _ => "DNS is yours: point each name at the service's endpoint (a CNAME; at a zone apex, an alias to the load balancer).".to_string(),
        };
        items.push(
            item(
                ExplanationKind::Domain,
                ManagedBy::Stack,
                &format!("Custom domain {names}"),
                &format!(
                    "On the shared load balancer: {certificate} on its HTTPS listener, and the names added by the DomainNames custom resource to the host-header condition of the listener rule Express Mode made for the service (beside its on.aws name; the rule itself stays Express's, which does not overwrite the change unless an Express update asks, so the resource runs again after every update of the service). {dns}"
                ),
            )
            .of(domain_ids),
        );
    }
    items
}

/// What Express Mode creates for a checked spec, read from its synthesis.
pub fn explain(spec: &Spec, synthesis: &Synthesis) -> Explanation {
    let template = &synthesis.template;
    let resources = template.get("Resources").and_then(Value::as_object);
    let plan = &synthesis.plan;
    let services = spec
        .services
        .iter()
        .zip(&synthesis.services)
        .map(|(s, made)| ServiceExplanation {
            name: s.name.clone(),
            logical_id: Scope::template(&s.name).id(ids::SERVICE),
            items: service_items(spec, plan, s, Made::new(s, made, resources)),
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
            web_acl: g.services.iter().find_map(|s| match plan.of(&s.name)? {
                Protection::Existing(arn) => Some(format!("web ACL {arn}")),
                Protection::Created(_) => plan.acl_of(&s.name).map(|acl| {
                    if acl.unprotected.is_empty() {
                        acl.label.clone()
                    } else {
                        format!("{} ({} without WAF)", acl.label, acl.unprotected.join(", "))
                    }
                }),
            }),
        })
        .collect();
    let graph = crate::graph::graph(spec, template, plan, &networks);
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
