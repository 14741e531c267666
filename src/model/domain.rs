//! Reading a service's `domain` and the rule across services (one name, one service).

use super::input;
use super::read::{checked, checked_val, Reader};
use super::{Domain, HostedZone, Spec};
use crate::diag::{join, Diagnostic, Quoted, Report};
use crate::rules::{domains, ids};
use crate::token::is_token;
use std::collections::HashMap;

pub(super) fn read(r: &mut Reader, v: &input::Domain, path: &str) -> Option<Domain> {
    let p = |k: &str| join(path, k);
    let errors_before = r.report.errors.len();
    let names = match &v.names {
        None => Vec::new(),
        Some(list) => read_names(r, list, &p("names"), true),
    };
    let certificate_arn = checked_val(
        r,
        v.certificate_arn.as_ref(),
        &p("certificateArn"),
        "certificate-arn",
        ids::certificate_arn,
    );
    let zone_id = checked_val(
        r,
        v.hosted_zone_id.as_ref(),
        &p("hostedZoneId"),
        "hosted-zone-id",
        ids::hosted_zone_id,
    );
    let zone_name = checked(
        r,
        v.hosted_zone_name.as_ref(),
        &p("hostedZoneName"),
        "hosted-zone-name",
        |s| domains::host_name(s.trim_end_matches('.')),
    );
    let certificate_names = v
        .certificate_names
        .as_ref()
        .map(|list| read_names(r, list, &p("certificateNames"), false));
    if zone_name.as_deref().is_some_and(is_token) {
        r.report.error(&p("hostedZoneName"), "token", "must be known at synthesis: it tells which names are the zone's apex (an alias record, not a CNAME) and which are outside the zone");
    }
    match (&zone_id, &zone_name) {
        (Some(_), None) => r.report.error(&p("hostedZoneName"), "required", "is needed with hostedZoneId: it tells which names are the zone's apex and that every name is in the zone"),
        (None, Some(_)) => r.report.error(&p("hostedZoneId"), "required", "is needed with hostedZoneName: the records go into the zone by its ID"),
        _ => {}
    }
    let given_arn = v.certificate_arn.is_some() || r.written(&p("certificateArn"));
    let given_zone = v.hosted_zone_id.is_some() || r.written(&p("hostedZoneId"));
    if certificate_arn.is_none() && zone_id.is_none() && !given_arn && !given_zone {
        r.report.error(path, "domain-certificate", "needs a certificate for its names: give one, or the hosted zone of the names to create one validated by DNS there");
    }
    if certificate_names.is_some() && !given_arn {
        r.report.error(&p("certificateNames"), "exclusive", "describes a given certificateArn; without one the certificate is created for exactly the names");
    }
    if r.report.errors.len() > errors_before {
        return None;
    }
    if certificate_arn.is_none() {
        check_certificate_first_name(r, &names, &p("names"));
    }
    for (i, name) in names.iter().enumerate() {
        let at = format!("{}[{i}]", p("names"));
        if let Some(zone) = &zone_name {
            if !domains::in_zone(name, zone) {
                r.report.error(&at, "domain-zone", format!("{} is not in hosted zone {}; give a name under it, or the zone that holds it", Quoted(name), Quoted(zone)));
            }
        }
        if let Some(covered) = &certificate_names {
            if !covered.iter().any(|c| domains::covers(c, name)) {
                r.report.error(&at, "domain-certificate", format!("{} is not covered by the certificate, which covers {}; give a certificate for it", Quoted(name), covered.join(", ")));
            }
        }
    }
    if r.report.errors.len() > errors_before {
        return None;
    }
    Some(Domain {
        names,
        certificate_arn,
        certificate_names,
        hosted_zone: zone_id.zip(zone_name).map(|(id, name)| HostedZone {
            id,
            name: name.trim_end_matches('.').to_string(),
        }),
    })
}

/// A certificate created for `names` takes the first as its common name, which ACM limits to 64 characters (the
/// others are Subject Alternative Names, of up to 253).
fn check_certificate_first_name(r: &mut Reader, names: &[String], path: &str) {
    let Some(first) = names.first() else { return };
    if first.len() <= domains::MAX_CERTIFICATE_FIRST_NAME {
        return;
    }
    let max = domains::MAX_CERTIFICATE_FIRST_NAME;
    let fix = match names.iter().find(|n| n.len() <= max) {
        Some(short) => format!("put a name of at most {max} characters first ({})", Quoted(short)),
        None => format!("add a name of at most {max} characters first (e.g. the parent domain), or give a certificateArn of your own"),
    };
    r.report.error(
        &format!("{path}[0]"),
        "certificate-name",
        format!(
            "{} is longer than ACM takes as the common name of the certificate created for the names, the first of them ({max} characters): {fix}",
            domains::with_length(first)
        ),
    );
}

/// Host names, each valid and listed once; 1–4 of them when they go to the listener rule (`rule`).
fn read_names(r: &mut Reader, v: &super::List, path: &str, rule: bool) -> Vec<String> {
    let super::Val::Known(list) = v.clone() else {
        r.report.error(path, "token", "must be known at synthesis: the names are checked, and each becomes a record and a rule value");
        return Vec::new();
    };
    if list.is_empty() || (rule && list.len() > domains::MAX_NAMES) {
        r.report.error(path, "domain-names", if rule { format!("has {} names; give 1–{} (an ALB rule takes 5 condition values, and Express's own host name keeps one)", list.len(), domains::MAX_NAMES) } else { "is empty; list the names the certificate covers".to_string() });
    }
    for (i, name) in list.iter().enumerate() {
        let at = format!("{path}[{i}]");
        if is_token(name) {
            r.report.error(&at, "token", "must be known at synthesis");
        } else if let Err(why) = domains::host_name(name) {
            r.report.error(&at, "host-name", why);
        } else if let Err(why) = if rule {
            domains::host_header_value(name)
        } else {
            Ok(())
        } {
            r.report.error(&at, "host-name", why);
        } else if list.iter().take(i).any(|n| n.eq_ignore_ascii_case(name)) {
            r.report.error(
                &at,
                "host-name",
                format!("{} is listed twice", Quoted(name)),
            );
        }
    }
    list
}

/// A host name reaches one service: two rules with one name on one load balancer would split its traffic,
/// and two records for one name clash.
pub(super) fn check_unique(spec: &Spec, report: &mut Report) {
    let mut owner: HashMap<String, &str> = HashMap::new();
    for s in &spec.services {
        let Some(d) = &s.domain else { continue };
        for (i, name) in d.names.iter().enumerate() {
            match owner.get(&name.to_ascii_lowercase()) {
                Some(first) => report.push_error(
                    Diagnostic::new(
                        &format!("services.{}.domain.names[{i}]", s.name),
                        "domain-taken",
                        format!(
                            "{} is also a name of service {first}; a host name reaches one service",
                            Quoted(name)
                        ),
                    )
                    .across(Some(&s.name), &[first]),
                ),
                None => {
                    owner.insert(name.to_ascii_lowercase(), &s.name);
                }
            }
        }
    }
}
