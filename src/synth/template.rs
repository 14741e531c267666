//! The standalone template: every service's fragment merged, shared resources once, within the limits
//! CloudFormation sets on one template.

use super::ids::Scope;
use super::outputs::{self, Url, MAX_OUTPUTS};
use super::{build_with, collect, firewall, Contribution, Fragment};
use crate::diag::{Diagnostic, Report};
use crate::json::{Map, Value};
use crate::model::Spec;
use crate::value::text;

pub const MAX_RESOURCES: usize = 500;
/// The largest template body CloudFormation takes inline; beyond it, the template must come from S3.
pub const MAX_INLINE_BYTES: usize = 51_200;
/// The largest template CloudFormation takes at all (from S3).
pub const MAX_BYTES: usize = 1_000_000;

/// A spec's template, its canonical text, and what each service's build made.
pub struct Synthesis {
    pub template: Value,
    pub text: String,
    /// Each service's, in the spec's order: what `explain` reads of synthesis, so that it does not build the
    /// services again.
    pub services: Vec<Made>,
    /// The web ACLs, as the template makes them (explain's, too).
    pub plan: firewall::Plan,
}

/// What building one service made for the template: its fragment without the resources' bodies (they are in
/// the template), and the IDs of those resources in the fragment's order.
pub struct Made {
    pub fragment: Fragment,
    pub ids: Vec<String>,
}

/// Builds the template of `spec` and its canonical text (measured against the limits, so made once here),
/// reporting the limits it would break.
pub fn build(spec: &Spec, report: &mut Report) -> Synthesis {
    let mut shared = Map::new();
    let mut own = Map::new();
    // Which service made each of its own IDs, to name both sides of a collision.
    let mut owners: Vec<(String, &str)> = Vec::new();
    let mut outputs = Map::new();
    let mut contributions: Vec<Contribution> = Vec::new();
    let mut urls: Vec<Url> = Vec::new();
    let mut made: Vec<Made> = Vec::with_capacity(spec.services.len());
    let plan = firewall::plan(spec, &|name| Scope::template(name), true);
    capacity(&plan, report);
    for s in &spec.services {
        let scope = Scope::template(&s.name);
        let mut fragment = build_with(spec, &plan, s, &scope, &|id| shared.contains_key(id));
        let resources = std::mem::take(&mut fragment.resources);
        let ids: Vec<String> = resources.keys().cloned().collect();
        contributions.extend(fragment.contributions.iter().cloned());
        outputs.append(&mut fragment.outputs);
        if s.output {
            urls.push(Url {
                label: s.name.clone(),
                url: super::cfn::https_url(&scope.id(super::ids::SERVICE)),
            });
        }
        for (id, resource) in resources {
            if fragment.shared.contains(&id) {
                if !shared.contains_key(&id) {
                    shared.insert(id, resource);
                }
            } else {
                // Looked up in the map first: a search of `owners` for every ID was quadratic in services.
                if own.contains_key(&id) {
                    if let Some((_, other)) = owners.iter().find(|(o, _)| *o == id) {
                        collision(report, &s.name, &id, &format!("service {other}"));
                    }
                }
                owners.push((id.clone(), &s.name));
                own.insert(id, resource);
            }
        }
        made.push(Made { fragment, ids });
    }
    // A service key can spell a shared ID (`Default` + `WebAcl`, or `Cluster…`): one would overwrite the other.
    for (id, name) in &owners {
        if shared.contains_key(id) {
            collision(report, name, id, "a resource shared by the services");
        }
    }
    // What the services contribute to shared resources (the web ACL associations), in the services' order.
    let mut targets: Vec<(&str, &str)> = Vec::new();
    for c in &contributions {
        if !targets.contains(&(c.resource.as_str(), c.property.as_str())) {
            targets.push((&c.resource, &c.property));
        }
    }
    for (resource, property) in targets {
        let to: Vec<&Contribution> = contributions
            .iter()
            .filter(|c| c.resource == resource && c.property == property)
            .collect();
        if let Some(Value::Object(props)) = shared
            .get_mut(resource)
            .and_then(|r| r.get_mut("Properties"))
        {
            props.insert(property.to_string(), collect(&to));
        }
    }
    if let Some(groups) = outputs::grouped(&urls, MAX_OUTPUTS) {
        outputs = groups;
    }
    shared.append(&mut own);
    let mut template = Map::new();
    template.insert("AWSTemplateFormatVersion".into(), text("2010-09-09"));
    let description = spec.description.clone().unwrap_or_else(|| {
        let n = spec.services.len();
        format!(
            "{n} Amazon ECS Express Mode service{} (cdk-express-service)",
            if n == 1 { "" } else { "s" }
        )
    });
    template.insert("Description".into(), text(&description));
    let (resources, outputs_len) = (shared.len(), outputs.len());
    template.insert("Resources".into(), Value::Object(shared));
    if !outputs.is_empty() {
        template.insert("Outputs".into(), Value::Object(outputs));
    }
    let template = Value::Object(template);
    let text = crate::json::template_json(&template);
    check_limits(text.len(), resources, outputs_len, spec, report);
    Synthesis {
        template,
        text,
        services: made,
        plan,
    }
}

/// Each web ACL's capacity units against WAF's maximum (an error) and what its base price covers (a warning);
/// figures and sources in `rules::waf` and docs/limits.md.
fn capacity(plan: &firewall::Plan, report: &mut Report) {
    use crate::rules::waf::{BASE_PRICE_WCUS, MAX_WEB_ACL_WCUS};
    for acl in &plan.acls {
        let wcus = acl.wcus;
        if wcus <= BASE_PRICE_WCUS {
            continue;
        }
        let mut parts: Vec<&firewall::RuleSummary> = acl.rules.iter().collect();
        parts.sort_by_key(|r| std::cmp::Reverse(r.wcus));
        let largest: Vec<String> = parts
            .iter()
            .take(3)
            .map(|r| format!("{} {}", r.name, r.wcus))
            .collect();
        let others: Vec<&str> = acl.services.iter().skip(1).map(String::as_str).collect();
        let first = acl.services.first().map(String::as_str);
        let d = if wcus > MAX_WEB_ACL_WCUS {
            Diagnostic::new(
                &acl.path,
                "waf-capacity",
                format!(
                    "{} would need {wcus} web ACL capacity units (largest rules: {}); WAF allows {MAX_WEB_ACL_WCUS} in one web ACL: ask for fewer managed rule groups, give services the same settings (one rule then serves them all), or move services to another network",
                    acl.label,
                    largest.join(", ")
                ),
            )
        } else {
            Diagnostic::new(
                &acl.path,
                "waf-capacity",
                format!(
                    "{} needs {wcus} web ACL capacity units (largest rules: {}); WAF's base price covers {BASE_PRICE_WCUS} per web ACL, and each 500 more are billed per million requests: ask for fewer managed rule groups, or give services the same settings",
                    acl.label,
                    largest.join(", ")
                ),
            )
        }
        .across(first, &others);
        if wcus > MAX_WEB_ACL_WCUS {
            report.push_error(d);
        } else {
            report.push_warning(d);
        }
    }
}

fn collision(report: &mut Report, service: &str, id: &str, other: &str) {
    report.push_error(
        Diagnostic::new(
            &format!("services.{service}"),
            "logical-id",
            format!("makes the logical ID {id}, which {other} makes too: rename the service (its key prefixes its logical IDs)"),
        )
        .template_only(Some(service)),
    );
}

fn check_limits(bytes: usize, resources: usize, outputs: usize, spec: &Spec, report: &mut Report) {
    // About all the services of the stack: a front door that builds them one by one hears of it too.
    let across = |d: Diagnostic| d.across(None, &[]);
    if resources > MAX_RESOURCES {
        report.push_error(across(Diagnostic::new(
            "services",
            "template-limit",
            format!(
                "the template would hold {resources} resources; CloudFormation allows {MAX_RESOURCES} in one template: split the {} services across specs (stacks)",
                spec.services.len()
            ),
        )));
    }
    if outputs > MAX_OUTPUTS {
        report.push_error(across(Diagnostic::new(
            "services",
            "template-limit",
            format!(
                "the template would hold {outputs} outputs; CloudFormation allows {MAX_OUTPUTS}: set \"output\": false on {} services, or split the spec",
                outputs - MAX_OUTPUTS
            ),
        )));
    }
    if bytes > MAX_BYTES {
        report.error("", "template-limit", format!("the template is {bytes} bytes; CloudFormation takes at most {MAX_BYTES}: split the spec"));
    } else if bytes > MAX_INLINE_BYTES {
        report.warn(
            "",
            "template-size",
            format!("the template is {bytes} bytes, over the {MAX_INLINE_BYTES} CloudFormation takes inline: deploy it from an S3 bucket (aws cloudformation deploy --s3-bucket …)"),
        );
    }
}
