//! ARNs of resources that must be in the Region the stack deploys to: the certificate of a domain (a load
//! balancer takes a certificate of its own Region), a regional web ACL (it protects resources of its Region), a
//! task definition and a cluster (ECS runs a service on those of its own Region). With the spec's `region`
//! each is held to it; without, a service's are held to each other. Read from the
//! JSON as written (a cluster ARN is turned into its name on reading); a malformed ARN is reported where it is
//! read, and a token is not checked.

use crate::diag::{join, Diagnostic, Report};
use crate::json::Value;
use crate::rules::ids;
use crate::token::is_token;

/// One region-bound ARN: where it is, its Region, and what it is for.
struct Bound<'a> {
    path: String,
    region: &'a str,
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
    /// Whether `arn` is well formed for its kind (a malformed one is reported where it is read).
    fn valid(self, arn: &str) -> bool {
        match self {
            Kind::Certificate => ids::certificate_arn(arn).is_ok(),
            Kind::WebAcl => ids::web_acl_arn(arn).is_ok(),
            Kind::TaskDefinition => ids::task_definition_arn(arn).is_ok(),
            Kind::Cluster => ids::cluster_name(arn).is_ok(),
        }
    }

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

fn arn_at(v: Option<&Value>, kind: Kind) -> Option<&str> {
    let s = v?.as_str()?;
    if is_token(s) || !kind.valid(s) {
        return None;
    }
    ids::arn_region(s)
}

/// Checks the region-bound ARNs of the spec `value` against `region` (valid and known), else those of each
/// service against one another (its own, and the top-level web ACL it inherits). Services are not held to
/// each other: `check_stack` reads services of several stacks, which may deploy to different Regions.
pub(super) fn check(value: &Value, region: Option<&str>, report: &mut Report) {
    let top = arn_at(
        value.get("waf").and_then(|w| w.get("webAclArn")),
        Kind::WebAcl,
    )
    .map(|r| Bound {
        path: "waf.webAclArn".into(),
        region: r,
        kind: Kind::WebAcl,
    });
    if let (Some(stack), Some(b)) = (region, &top) {
        if b.region != stack {
            report.error(&b.path, "region", against_stack(b, stack));
        }
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
        let own = candidates.into_iter().filter_map(|(v, key, kind)| {
            arn_at(v, kind).map(|r| Bound {
                path: at(key),
                region: r,
                kind,
            })
        });
        // The top-level web ACL protects the services that say nothing about WAF.
        let inherited = top.as_ref().filter(|_| s.get("waf").is_none());
        let mut found: Vec<&Bound> = Vec::new();
        let own: Vec<Bound> = own.collect();
        found.extend(inherited);
        found.extend(own.iter());
        let Some(first) = found.first() else { continue };
        for b in &own {
            let message = match region {
                Some(stack) if b.region != stack => against_stack(b, stack),
                None if b.region != first.region => format!(
                    "is in {}, and {} in {}: a service, its load balancer and its tasks are in one Region, and {}",
                    b.region,
                    first.path,
                    first.region,
                    b.kind.why(first.region)
                ),
                _ => continue,
            };
            report.push_error(Diagnostic::new(&b.path, "region", message).about(name));
        }
    }
}

fn against_stack(b: &Bound, stack: &str) -> String {
    format!(
        "is in {}; the stack deploys to {stack}, and {}",
        b.region,
        b.kind.why(stack)
    )
}

/// The spec's `region`, when given as text: a Region code, or a token (then nothing is checked against it).
pub(super) fn read(r: &mut super::read::Reader, v: &super::Val<String>) -> Option<String> {
    let super::Val::Known(s) = v else {
        return None;
    };
    if is_token(s) {
        return None;
    }
    match ids::region(s) {
        Ok(()) => Some(s.clone()),
        Err(why) => {
            r.report.error("region", "region", why);
            None
        }
    }
}
