//! Logical IDs. They are a contract: renaming one replaces the resource in users' stacks (for the service,
//! a new URL). Golden templates pin them.

/// Shared by every service of a spec (or of a CDK stack).
pub const INFRASTRUCTURE_ROLE: &str = "InfrastructureRole";
pub const EXECUTION_ROLE: &str = "ExecutionRole";
/// The web ACL of the spec's top-level `waf`.
pub const DEFAULT_WEB_ACL: &str = "DefaultWebAcl";
/// The custom resource that associates the web ACLs with the services' load balancers, its function, the
/// function's role and log group.
pub const WAF_ASSOCIATIONS: &str = "WafAssociations";
pub const WAF_ASSOCIATIONS_FUNCTION: &str = "WafAssociationsFunction";
pub const WAF_ASSOCIATIONS_ROLE: &str = "WafAssociationsRole";
pub const WAF_ASSOCIATIONS_LOGS: &str = "WafAssociationsLogs";
/// The function that adds custom host names to the services' listener rules, its role and log group.
pub const DOMAIN_NAMES_FUNCTION: &str = "DomainNamesFunction";
pub const DOMAIN_NAMES_ROLE: &str = "DomainNamesRole";
pub const DOMAIN_NAMES_LOGS: &str = "DomainNamesLogs";
/// Grouped service URLs, when one output per service would pass CloudFormation's limit: `ServiceUrls1`, ….
pub const URL_GROUP_OUTPUT: &str = "ServiceUrls";
/// The same in a CDK stack, where the construct makes them (`url_outputs`): `ExpressServiceUrls1`, …, a fixed
/// prefix a user finds them by among the stack's other outputs.
pub const STACK_URL_GROUP_OUTPUT: &str = "ExpressServiceUrls";

/// The web ACL of one of the spec's `webAcls`.
pub fn named_web_acl(name: &str) -> String {
    format!("{name}WebAcl")
}

/// A service's own resources, as local IDs; the standalone template prefixes them with the service's key.
pub const SERVICE: &str = "Service";
pub const TASK_ROLE: &str = "TaskRole";
pub const EXECUTION_POLICY: &str = "ExecutionPolicy";
pub const LOG_GROUP: &str = "LogGroup";
pub const TASK_DEFINITION: &str = "TaskDefinition";
pub const WEB_ACL: &str = "WebAcl";
pub const SECURITY_GROUP: &str = "SecurityGroup";
/// A custom domain's certificate (when created), its place on the listener, the custom resource that adds
/// the names to the service's listener rule, its grant on that rule, and the DNS records.
pub const CERTIFICATE: &str = "Certificate";
pub const LISTENER_CERTIFICATE: &str = "ListenerCertificate";
pub const DOMAIN_NAMES: &str = "DomainNames";
pub const DOMAIN_NAMES_POLICY: &str = "DomainNamesPolicy";
pub const DNS_RECORDS: &str = "DnsRecords";
pub const URL_OUTPUT: &str = "Url";

/// A created cluster's ID: `Cluster` and the letters and digits of its name, the first upper-cased.
pub fn cluster_id(name: &str) -> String {
    let mut id = String::from("Cluster");
    let mut chars = name.chars().filter(char::is_ascii_alphanumeric);
    if let Some(first) = chars.next() {
        id.push(first.to_ascii_uppercase());
    }
    id.extend(chars);
    id
}

/// Maps a service's local IDs to the IDs it gets in the output: unchanged in a fragment, prefixed by the
/// service's key in a standalone template.
#[derive(Debug, Clone)]
pub struct Scope {
    prefix: String,
}

impl Scope {
    pub fn fragment() -> Self {
        Scope {
            prefix: String::new(),
        }
    }

    pub fn template(service_key: &str) -> Self {
        Scope {
            prefix: service_key.to_string(),
        }
    }

    pub fn id(&self, local: &str) -> String {
        format!("{}{local}", self.prefix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cluster_ids_are_alphanumeric() {
        assert_eq!(cluster_id("express-apps_1"), "ClusterExpressapps1");
        assert_eq!(cluster_id("apps"), "ClusterApps");
    }
}
