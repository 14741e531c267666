//! ARNs of resources that must be in the Region the stack deploys to: the certificate of a domain (a load
//! balancer takes a certificate of its own Region), a regional web ACL (it protects resources of its Region), a
//! task definition and a cluster (ECS runs a service on those of its own Region). One template deploys to one
//! Region: with the spec's `region` each is held to it; without, they are held to each other. Read from the
//! JSON as written (a cluster ARN is turned into its name on reading); a malformed ARN is reported where it is
//! read, and a token is not checked.

use crate::diag::{join, Diagnostic, Report};
use crate::json::Value;
use crate::rules::ids;
use crate::token::is_token;

/// One region-bound ARN: where it is, its Region, the service it belongs to, and what it is for.
struct Bound<'a> {
    path: String,
    region: &'a str,
    service: Option<&'a str>,
    kind: Kind,
}

#[derive(Clone, Copy)]
enum Kind {
    Certificate,
    WebAcl,
    TaskDefinition,
    Cluster,
}

impl Kind {
    /// Why it must be in the stack's Region, and what to do, for `region`.
    fn why(self, region: &str) -> String {
        match self {
            Kind::Certificate => format!("a load balancer takes a certificate of its own Region: request or import it in {region}"),
            Kind::WebAcl => format!("a regional web ACL protects load balancers of its own Region: use one made in {region}"),
            Kind::TaskDefinition => format!("ECS runs a service with a task definition of its own Region: register it in {region}"),
            Kind::Cluster => format!("ECS puts a service in a cluster of its own Region: use one in {region}"),
        }
    }
}

fn arn_at(v: Option<&Value>) -> Option<&str> {
    let s = v?.as_str()?;
    if is_token(s) {
        return None;
    }
    ids::arn_region(s)
}

/// Checks the region-bound ARNs of the spec `value` against `region` (valid and known) or one another.
pub(super) fn check(value: &Value, region: Option<&str>, report: &mut Report) {
    let mut found: Vec<Bound> = Vec::new();
    if let Some(r) = arn_at(value.get("waf").and_then(|w| w.get("webAclArn"))) {
        found.push(Bound {
            path: "waf.webAclArn".into(),
            region: r,
            service: None,
            kind: Kind::WebAcl,
        });
    }
    for (name, s) in value
        .get("services")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let at = |key: &str| join(&join("services", name), key);
        let candidates = [
            (
                s.get("taskDefinition"),
                "taskDefinition",
                Kind::TaskDefinition,
            ),
            (s.get("cluster"), "cluster", Kind::Cluster),
            (
                s.get("domain").and_then(|d| d.get("certificateArn")),
                "domain.certificateArn",
                Kind::Certificate,
            ),
            (
                s.get("waf").and_then(|w| w.get("webAclArn")),
                "waf.webAclArn",
                Kind::WebAcl,
            ),
        ];
        for (v, key, kind) in candidates {
            if let Some(r) = arn_at(v) {
                found.push(Bound {
                    path: at(key),
                    region: r,
                    service: Some(name),
                    kind,
                });
            }
        }
    }
    let Some(first) = found.first() else { return };
    for b in &found {
        let (message, related) = match region {
            Some(stack) if b.region != stack => (
                format!(
                    "is in {}; the stack deploys to {stack} (region), and {}",
                    b.region,
                    b.kind.why(stack)
                ),
                Vec::new(),
            ),
            None if b.region != first.region => (
                format!(
                    "is in {}, and {} in {}: one template deploys to one Region, and {}",
                    b.region,
                    first.path,
                    first.region,
                    b.kind.why(first.region)
                ),
                first
                    .service
                    .filter(|s| Some(*s) != b.service)
                    .into_iter()
                    .collect(),
            ),
            _ => continue,
        };
        let d = Diagnostic::new(&b.path, "region", message);
        report.push_error(match (b.service, related.is_empty()) {
            (Some(name), true) => d.about(name),
            (service, _) => d.across(service, &related),
        });
    }
}

/// The spec's `region`, when given as text: a Region code, or a token (then nothing is checked against it).
pub(super) fn read(r: &mut super::read::Reader, v: &Value) -> Option<String> {
    let s = r.string(v, "region")?;
    if is_token(&s) {
        return None;
    }
    match ids::region(&s) {
        Ok(()) => Some(s),
        Err(why) => {
            r.report.error("region", "region", why);
            None
        }
    }
}
