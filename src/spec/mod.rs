//! The spec: what a user writes about their services, as read and checked from JSON.

mod parse;
mod read;

pub use parse::{parse, DEFAULT_RETENTION_DAYS, RETENTION_DAYS};

/// A value given literally, or a CDK token string to pass through unchecked.
#[derive(Debug, Clone, PartialEq)]
pub enum Val<T> {
    Known(T),
    Token(String),
}

/// A list given literally, or as one CDK token string (an encoded list).
pub type List = Val<Vec<String>>;

#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    pub description: Option<String>,
    /// The stack-wide WAF default for services that say nothing about WAF.
    pub waf: Option<Waf>,
    /// In the order written.
    pub services: Vec<Service>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// The key in `services`: the prefix of this service's logical IDs.
    pub name: String,
    pub image: String,
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    Cpu,
    Memory,
    Requests,
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
    pub retention_days: Option<u64>,
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
    Managed {
        rules: Vec<String>,
        rate_limit: Option<u64>,
    },
}
