//! The spec: what a user writes about their services, as read and checked from JSON.

mod container;
mod domain;
pub mod input;
mod parse;
mod read;
mod region;
mod shape;
mod sidecars;

pub use input::{
    Metric, DEFAULT_CONTAINER_INSIGHTS, DEFAULT_CONTAINER_PORT, DEFAULT_ESSENTIAL,
    DEFAULT_MIN_TASKS, DEFAULT_OUTPUT, DEFAULT_RETENTION_DAYS, DEFAULT_STREAM_PREFIX,
    DEFAULT_TARGET_VALUE, RETENTION_DAYS,
};
pub use parse::parse;

/// The tag rules on `{ key: value }` at `path` (for `check_tags`).
pub fn read_tags(
    report: &mut crate::diag::Report,
    v: &crate::json::Value,
    path: &str,
) -> Vec<(String, String)> {
    let schema = crate::schema::spec_schema();
    let Some(tags) = schema.pointer("/$defs/service/properties/tags") else {
        return Vec::new();
    };
    let Some((read, pruned)) = shape::check_with(v, tags, path, report) else {
        return Vec::new();
    };
    match <input::Keyed<input::Text> as serde::Deserialize>::deserialize(read.as_ref()) {
        Ok(tags) => parse::read_tags(&mut read::Reader { report, pruned }, &tags, path),
        Err(_) => Vec::new(),
    }
}

/// A value given literally, or a CDK token string to pass through unchecked.
#[derive(Debug, Clone, PartialEq)]
pub enum Val<T> {
    Known(T),
    Token(String),
}

impl<T: std::fmt::Display> std::fmt::Display for Val<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Val::Known(v) => v.fmt(f),
            Val::Token(t) => f.write_str(t),
        }
    }
}

/// A list given literally, or as one CDK token string (an encoded list).
pub type List = Val<Vec<String>>;

#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    pub description: Option<String>,
    /// The stack-wide WAF default for services that say nothing about WAF.
    pub waf: Option<Waf>,
    /// Web ACLs created once and shared by the services that name them, in the order written.
    pub web_acls: Vec<(String, WebAclSettings)>,
    /// Settings of the library's own functions (web ACL associations, custom domains).
    pub helpers: Helpers,
    /// In the order written.
    pub services: Vec<Service>,
}

/// The library's own functions, shared by a stack: their runtime, log key and network.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Helpers {
    /// One of `rules::lambda::NODE_RUNTIMES`; `None`: the newest.
    pub runtime: Option<String>,
    /// The KMS key (ARN or token) that encrypts their log groups.
    pub log_kms_key: Option<String>,
    /// Where they run: both given, or neither (outside any VPC).
    pub subnets: Option<List>,
    pub security_groups: Option<List>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// The key in `services`: the prefix of this service's logical IDs.
    pub name: String,
    /// `None` only with `task_definition` (its containers have the images).
    pub image: Option<String>,
    pub service_name: Option<String>,
    pub container_port: Option<Val<u64>>,
    pub command: Option<List>,
    pub environment: Vec<(String, String)>,
    pub secrets: Vec<(String, String)>,
    pub repository_credentials: Option<String>,
    pub cpu: Option<Val<u64>>,
    pub memory: Option<Val<u64>>,
    pub health_check_path: Option<String>,
    pub cluster: Option<Cluster>,
    pub network: Option<Network>,
    pub scaling: Option<Scaling>,
    pub logs: Option<Logs>,
    pub roles: Roles,
    /// `None`: inherit the stack-wide default.
    pub waf: Option<Waf>,
    pub tags: Vec<(String, String)>,
    pub output: bool,
    /// Containers beside the main one: the template then makes the task definition.
    pub sidecars: Vec<Sidecar>,
    /// A task definition of the user's (ARN or token), whose container `Main` Express serves.
    pub task_definition: Option<String>,
    /// Host names of the user's that reach the service.
    pub domain: Option<Domain>,
}

/// A custom domain: host names added to the load balancer rule Express manages for the service.
#[derive(Debug, Clone, PartialEq)]
pub struct Domain {
    /// 1–4 host names, as written.
    pub names: Vec<String>,
    /// A certificate of the user's (ARN or token); else one is created, validated in `hosted_zone`.
    pub certificate_arn: Option<String>,
    /// The names the given certificate covers, when known: checked to cover `names`.
    pub certificate_names: Option<Vec<String>>,
    /// Where the DNS records (and a created certificate's validation records) go.
    pub hosted_zone: Option<HostedZone>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HostedZone {
    /// Its ID or a token.
    pub id: String,
    /// Its domain name, known at synthesis (it tells an apex name, which takes no CNAME).
    pub name: String,
}

/// The name Express Mode gives the container it serves, in a task definition of its own or given.
pub const MAIN_CONTAINER: &str = "Main";

/// A container beside the main one, in the task definition the template makes.
#[derive(Debug, Clone, PartialEq)]
pub struct Sidecar {
    pub name: String,
    pub image: String,
    pub essential: bool,
    pub command: Option<List>,
    pub environment: Vec<(String, String)>,
    pub secrets: Vec<(String, String)>,
    pub port_mappings: Vec<PortMapping>,
    pub cpu: Option<Val<u64>>,
    pub memory: Option<Val<u64>>,
    /// (container, condition: START, COMPLETE or SUCCESS)
    pub depends_on: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PortMapping {
    pub container_port: Val<u64>,
    /// `tcp` or `udp`.
    pub protocol: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cluster {
    /// An existing cluster, by name (an ARN given is turned into its name) or token.
    Existing(String),
    /// A cluster the template creates.
    Create {
        name: String,
        container_insights: bool,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    pub subnets: Option<List>,
    pub security_groups: Option<List>,
    /// The subnets' VPC (an ID or a token), when the front door knows it.
    pub vpc: Option<String>,
    /// Whether the subnets are public (`Some(true)`) or private, when known.
    pub public: Option<bool>,
    /// A security group the template makes for the tasks, letting the container port in from `vpc_cidr`.
    pub create_security_group: bool,
    /// The VPC's IPv4 range (or a token).
    pub vpc_cidr: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scaling {
    pub min_tasks: Option<Val<u64>>,
    pub max_tasks: Option<Val<u64>>,
    pub metric: Metric,
    pub target_value: Option<Val<u64>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Logs {
    /// An existing log group's name; `None` creates one.
    pub log_group: Option<String>,
    pub stream_prefix: Option<String>,
    pub retention_days: Option<Val<u64>>,
    /// The KMS key ARN (or token) that encrypts the created log group.
    pub kms_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Roles {
    pub execution: Option<String>,
    pub infrastructure: Option<String>,
    pub task: Option<TaskRole>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TaskRole {
    Existing(String),
    /// `"create"`: a task role for this service alone, with no permissions until something grants them.
    Create,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Waf {
    Off,
    Existing(String),
    /// One of the spec's `webAcls`, by name.
    Named(String),
    Managed(WebAclSettings),
}

/// A web ACL the template creates: managed rule groups after a per-IP rate limit.
#[derive(Debug, Clone, PartialEq)]
pub struct WebAclSettings {
    pub rules: Vec<String>,
    pub rate_limit: Option<Val<u64>>,
    /// CIDRs the web ACL lets in (all others blocked), IPv4 and IPv6 apart; empty: everyone.
    pub allow_ipv4: Vec<String>,
    pub allow_ipv6: Vec<String>,
}

/// The scaling a service gets, its defaults filled in: (min, max, metric, target value).
pub struct EffectiveScaling {
    pub min: Val<u64>,
    pub max: Val<u64>,
    pub metric: Metric,
    pub target: Val<u64>,
}

impl Scaling {
    /// minTasks defaults to 1, maxTasks to minTasks, targetValue to 60.
    pub fn effective(&self) -> EffectiveScaling {
        let min = self
            .min_tasks
            .clone()
            .unwrap_or(Val::Known(DEFAULT_MIN_TASKS));
        let max = self.max_tasks.clone().unwrap_or_else(|| min.clone());
        let target = self
            .target_value
            .clone()
            .unwrap_or(Val::Known(DEFAULT_TARGET_VALUE));
        EffectiveScaling {
            min,
            max,
            metric: self.metric,
            target,
        }
    }
}

/// A spec the tests know is valid, read; a test fails with the errors otherwise.
#[cfg(test)]
pub(crate) fn valid(v: serde_json::Value) -> Spec {
    let mut report = crate::diag::Report::default();
    let spec = parse(&v, &mut report);
    assert!(report.is_ok(), "{:?}", report.errors);
    spec
}
