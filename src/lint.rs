//! Warnings: a spec that is valid but does something a user would want to know about before deploying.

use crate::diag::Quoted;
use crate::diag::{join, Diagnostic, Report};
use crate::model::{Service, Spec, Val};
use crate::rules::{fargate, image, names};
use crate::synth::{effective_waf, ServiceAcl};
use crate::token::is_token;

/// The warnings of the services read, and the rules that compare services (they need the whole spec:
/// `complete`).
pub fn warnings(spec: &Spec, complete: bool, report: &mut Report) {
    for s in &spec.services {
        service(s, report);
    }
    // As for a service's log group (below): the key policy decides whether the helpers' log groups can be made.
    if spec.helpers.log_kms_key.is_some() {
        report.warn(
            "helpers.logKmsKey",
            "log-key-policy",
            "the key's policy must let CloudWatch Logs (logs.<region>.amazonaws.com) use it for this account's log groups, or creating the helpers' log groups fails at deploy",
        );
    }
    if complete {
        load_balancer_web_acls(spec, &|_| String::new(), true, report);
        execution_role_policies(spec, report);
        listener_certificates(spec, report);
        domain_role_policies(spec, report);
        load_balancer_targets(spec, report);
    }
}

/// Every task of the services on one load balancer is one of its targets, and ALB takes 1,000 (ELB quotas,
/// "Targets per Application Load Balancer", adjustable): past it, tasks scaled out cannot all be registered.
/// Counted from the services' maxTasks known at synthesis (a token counts as nothing).
pub fn load_balancer_targets(spec: &Spec, report: &mut Report) {
    const QUOTA: u64 = 1_000;
    for group in crate::sharing::networks(spec) {
        for services in group.load_balancers() {
            let max = |s: &Service| match s.scaling.as_ref().map(|c| c.effective().max) {
                Some(Val::Known(n)) => n,
                Some(Val::Token(_)) => 0,
                None => crate::model::DEFAULT_MIN_TASKS,
            };
            let total: u64 = services.iter().map(|s| max(s)).sum();
            if total <= QUOTA {
                continue;
            }
            let Some(largest) = services.iter().max_by_key(|s| max(s)) else {
                continue;
            };
            let others: Vec<&str> = services
                .iter()
                .filter(|s| s.name != largest.name)
                .map(|s| s.name.as_str())
                .collect();
            let whose = if others.is_empty() {
                String::new()
            } else {
                format!(" with {}", others.join(", "))
            };
            report.push_warning(
                Diagnostic::new(
                    &join(&join(&join("services", &largest.name), "scaling"), "maxTasks"),
                    "load-balancer-targets",
                    format!(
                        "a load balancer of {}{whose} would hold up to {total} tasks, each a target; ALB takes {QUOTA} targets unless the account's quota was raised (Targets per Application Load Balancer): raise it, or lower maxTasks",
                        group.label
                    ),
                )
                .across(Some(&largest.name), &others),
            );
        }
    }
}

/// Each service with a domain puts an inline policy (ModifyRule on its listener rule) on the shared
/// DomainNamesRole, and IAM holds 10,240 characters of inline policies in one role (docs/limits.md): past what
/// the shortest such policies fill, an error (the role's own policy not counted: never wrongly).
pub fn domain_role_policies(spec: &Spec, report: &mut Report) {
    use crate::rules::limits::ROLE_INLINE_POLICY_CHARS;
    let users: Vec<&str> = spec
        .services
        .iter()
        .filter(|s| s.domain.is_some())
        .map(|s| s.name.as_str())
        .collect();
    let each = crate::synth::rule_policy_min_chars();
    let total = users.len() * each;
    if total <= ROLE_INLINE_POLICY_CHARS {
        return;
    }
    let fit = ROLE_INLINE_POLICY_CHARS / each.max(1);
    report.push_error(
        Diagnostic::new(
            "services",
            "role-policy-size",
            format!(
                "{} services with a domain would put {} inline policies of at least {each} characters each ({total} in all) on the shared role DomainNamesRole; IAM holds at most {ROLE_INLINE_POLICY_CHARS} characters of inline policies in one role: give at most {fit} services of a stack a domain, or split the stack",
                users.len(),
                users.len()
            ),
        )
        .across(None, &users),
    );
}

/// IAM attaches at most 10 managed policies to a role unless the account's quota was raised, and 20 at most
/// whatever the quota (docs/limits.md); the shared execution role holds the AWS task execution policy and one
/// grant policy per service with secrets. Past 10 a warning, past 20 an error: the role cannot be made.
pub fn execution_role_policies(spec: &Spec, report: &mut Report) {
    use crate::rules::limits::{ROLE_POLICIES_DEFAULT, ROLE_POLICIES_MAX};
    let users: Vec<&str> = spec
        .services
        .iter()
        .filter(|s| crate::synth::grants_secrets(s))
        .map(|s| s.name.as_str())
        .collect();
    let granted = users.len();
    let policies = granted + 1;
    if policies > ROLE_POLICIES_MAX {
        report.push_error(Diagnostic::new(
            "services",
            "execution-role-policies",
            format!(
                "{granted} services with secrets would attach {policies} managed policies to the shared execution role; IAM attaches at most {ROLE_POLICIES_MAX} to a role, whatever the quota: give {} of them an execution role of their own (roles.execution), or split the stack",
                policies - ROLE_POLICIES_MAX
            ),
        ).across(None, &users));
    } else if policies > ROLE_POLICIES_DEFAULT {
        report.push_warning(Diagnostic::new(
            "services",
            "execution-role-policies",
            format!(
                "{granted} services with secrets attach {policies} managed policies to the shared execution role; IAM's default quota is {ROLE_POLICIES_DEFAULT} per role: raise it (up to {ROLE_POLICIES_MAX}), or give some services an execution role of their own (roles.execution)"
            ),
        ).across(None, &users));
    }
}

/// What is valid but cannot work as meant at deploy: a load balancer in one subnet, a service that never runs
/// a task, a minimum that needs more Fargate vCPUs than accounts plausibly have (docs/limits.md).
fn deploy_limits(s: &Service, p: &dyn Fn(&str) -> String, report: &mut Report) {
    use crate::rules::limits::FARGATE_VCPU_WARNING;
    if let Some(Val::Known(subnets)) = s.network.as_ref().and_then(|n| n.subnets.as_ref()) {
        if subnets.len() == 1 {
            report.warn(
                &p("network.subnets"),
                "single-subnet",
                "has one subnet; the Application Load Balancer Express Mode puts in front of the service needs subnets in at least two Availability Zones, so creating it would fail: give a subnet of another Availability Zone too",
            );
        }
    }
    let Some(scaling) = &s.scaling else {
        return;
    };
    let e = scaling.effective();
    if let Val::Known(0) = e.max {
        report.warn(
            &p("scaling.maxTasks"),
            "no-tasks",
            "is 0, so the service never runs a task and its URL answers with errors; give maxTasks 1 or more",
        );
    }
    let cpu = match s.cpu {
        Some(Val::Known(c)) => Some(c),
        None if s.task_definition.is_none() => Some(crate::rules::fargate::DEFAULT.0),
        _ => None,
    };
    if let (Val::Known(min), Some(cpu)) = (&e.min, cpu) {
        let vcpus = min.saturating_mul(cpu) / 1024;
        if vcpus > FARGATE_VCPU_WARNING {
            report.warn(
                &p("scaling.minTasks"),
                "fargate-quota",
                format!("{min} tasks of {cpu} CPU units need {vcpus} Fargate vCPUs at all times; an account runs only as many as its quota (Fargate On-Demand vCPU resource count, per Region; new accounts start low): check it in Service Quotas and raise it before deploying"),
            );
        }
    }
}

/// The warning that any tag of a service deserves (`path`: its `tags`).
pub fn tags(tags: &[(String, String)], path: &str, report: &mut Report) {
    if !tags.is_empty() {
        report.warn(
            path,
            "tags-replace-service",
            "an Express service takes its tags at creation only: changing them later replaces the service, and its URL changes",
        );
    }
}

fn service(s: &Service, report: &mut Report) {
    let path = join("services", &s.name);
    let p = |k: &str| join(&path, k);
    let mark = report.mark();
    tags(&s.tags, &p("tags"), report);
    deploy_limits(s, &p, report);
    let images = s.image.iter().map(|i| (p("image"), i)).chain(
        s.sidecars
            .iter()
            .enumerate()
            .map(|(n, c)| (format!("{}[{n}].image", p("sidecars")), &c.image)),
    );
    for (path, image) in images {
        // A token image (an ECR repository's URI) may still end in a literal path and tag after its last
        // token (`${Token[…]}/shop:latest`): that part is checked, and shown.
        let (literal, shown) = match image.rfind("]}") {
            Some(end) if is_token(image) => match image.get(end + 2..) {
                Some(tail)
                    if tail.contains('/') || tail.starts_with(':') || tail.starts_with('@') =>
                {
                    (format!("repository{tail}"), format!("…{tail}"))
                }
                _ => continue,
            },
            _ => (image.clone(), image.clone()),
        };
        if let Some(why) = image::mutable_tag(&literal) {
            report.warn(
                &path,
                "image-not-pinned",
                format!("{} {why}: what runs can change without a deployment and cannot be rolled back; pin a version tag or a digest", Quoted(&shown)),
            );
        }
    }
    for (name, _) in &s.environment {
        if names::looks_secret(name) {
            report.warn(
                &join(&p("environment"), name),
                "plain-secret",
                format!("{name} looks like a secret but is plain text, readable in the template and the console; move it to secrets", name = Quoted(name)),
            );
        }
    }
    if s.roles.execution.is_some() && (!s.secrets.is_empty() || s.repository_credentials.is_some())
    {
        report.warn(
            &p("roles.execution"),
            "execution-role-grants",
            "is given, so no read grant is made: that role must be allowed to read this service's secrets and registry credentials",
        );
    }
    // CloudWatch Logs encrypts with a customer key only if the key policy lets its Regional service principal
    // use it (CloudWatch Logs User Guide, "Encrypt log data in CloudWatch Logs using AWS KMS"). The construct
    // adds that statement to a key of the app (`logsKeyStatement`) and then drops this warning.
    if s.logs.as_ref().is_some_and(|l| l.kms_key.is_some()) {
        report.warn(
            &p("logs.kmsKey"),
            "log-key-policy",
            "the key's policy must let CloudWatch Logs (logs.<region>.amazonaws.com) use it for this account's log groups, or creating the log group fails at deploy",
        );
    }
    if let Some(Val::Known(cpu)) = s.cpu {
        if fargate::UNVERIFIED_CPUS.contains(&cpu) {
            report.warn(
                &p("cpu"),
                "size-unverified",
                format!("cpu {cpu} is a Fargate size that Express Mode has not been seen to accept; 4096 is the largest known to work"),
            );
        }
    }
    report.claim(mark, &s.name);
}

/// Express Mode puts up to 25 services of one network on one load balancer, and a load balancer holds one
/// web ACL (the last association wins, silently). A stack composes its services' settings into one web ACL
/// per network (`synth::firewall`), which lets its services without WAF through; what cannot be composed is an
/// error, as deploying would leave some services unprotected or protected by the wrong rules: a web ACL given
/// by ARN (its rules are not the template's to change) beside any other setting, and services of two stacks on
/// one load balancer with created web ACLs (each stack makes and associates its own), or with one beside a
/// service of another stack without WAF (its rules may be unscoped).
///
/// `stack_of` names each service's stack when the spec spans the stacks of an app (`check_stack`); services
/// of several stacks on one load balancer get a warning even when they agree (each stack's associations are
/// its own). There the web ACLs are the construct's, one per `ExpressWaf` value, named for the user: messages
/// say whose they are instead.
pub fn shared_load_balancers(spec: &Spec, stack_of: &dyn Fn(&str) -> String, report: &mut Report) {
    load_balancer_web_acls(spec, stack_of, false, report);
}

/// `shared_load_balancers`; `user_names`: the spec's `webAcls` names are the user's (the standalone template).
fn load_balancer_web_acls(
    spec: &Spec,
    stack_of: &dyn Fn(&str) -> String,
    user_names: bool,
    report: &mut Report,
) {
    let first_stack = spec.services.first().map(|f| stack_of(&f.name));
    let stacks_apart = spec
        .services
        .iter()
        .any(|s| Some(stack_of(&s.name)) != first_stack);
    // Created settings of one stack never clash: they are composed into one web ACL per network, which lets
    // the stack's services without WAF through. A web ACL by ARN cannot be composed, and two stacks each make
    // and associate their own.
    let waf_key = |s: &Service| {
        let stack = stack_of(&s.name);
        match effective_waf(spec, s) {
            Some(acl @ ServiceAcl::Existing(_)) => acl.key(&s.name),
            Some(_) => format!("created@{stack}"),
            None => format!("none@{stack}"),
        }
    };
    let clash = |a: &String, b: &String| {
        let composed = |x: &String, y: &String| {
            x.strip_prefix("created@")
                .is_some_and(|stack| y.strip_prefix("none@") == Some(stack))
        };
        let none = |x: &String| x.starts_with("none@");
        let fine = a == b || composed(a, b) || composed(b, a) || (none(a) && none(b));
        !fine
    };
    let describe = |s: &Service| {
        let what = match effective_waf(spec, s) {
            None => "no web ACL".to_string(),
            Some(ServiceAcl::Existing(arn)) => format!("web ACL {arn} (given by ARN)"),
            Some(ServiceAcl::Own(_)) if user_names => "WAF settings of its own".to_string(),
            Some(ServiceAcl::Own(_)) => format!("the web ACL of {}", s.name),
            // The front door names web ACLs for the user (one per setting): say whose they are instead.
            Some(ServiceAcl::Named(name, _)) if !user_names => {
                let with: Vec<&str> = spec
                    .services
                    .iter()
                    .filter(|o| stack_of(&o.name) == stack_of(&s.name))
                    .filter(|o| matches!(effective_waf(spec, o), Some(ServiceAcl::Named(n, _)) if n == name))
                    .map(|o| o.name.as_str())
                    .collect();
                format!("the web ACL of {}", with.join(", "))
            }
            Some(ServiceAcl::Named(name, _)) => format!("web ACL {name}"),
            Some(ServiceAcl::Default(_)) => "the stack's WAF settings (waf)".to_string(),
        };
        if stacks_apart {
            format!("{what} (stack {})", stack_of(&s.name))
        } else {
            what
        }
    };
    let way_out = |a: &Service, b: &Service| {
        let existing =
            |s: &Service| matches!(effective_waf(spec, s), Some(ServiceAcl::Existing(_)));
        if stack_of(&a.name) != stack_of(&b.name) {
            "each stack makes and associates its own web ACLs, so two stacks' services on one load balancer need one web ACL: give both that web ACL by ARN, or keep the services of one network in one stack, where their settings are composed into one web ACL"
        } else if existing(a) || existing(b) {
            "the template cannot add rules to a web ACL given by ARN: give both services that web ACL, or give both WAF settings instead (each service's rules then apply to its own hosts), or put them in different networks"
        } else {
            "give them one WAF setting, or put them in different networks"
        }
    };
    for group in crate::sharing::networks(spec) {
        let mut members = group.services.iter();
        let Some(first) = members.next() else {
            continue;
        };
        // Each service against the settings of the services before it, the first given a web ACL by ARN
        // counted first (the one that cannot be composed): one error per service that clashes.
        let arn = group
            .services
            .iter()
            .find(|s| matches!(effective_waf(spec, s), Some(ServiceAcl::Existing(_))));
        let mut seen: Vec<(String, &Service)> = arn.map(|a| (waf_key(a), *a)).into_iter().collect();
        let mut clashed = false;
        for s in &group.services {
            if arn.is_some_and(|a| a.name == s.name) {
                continue;
            }
            let key = waf_key(s);
            let against = seen
                .iter()
                .find(|(k, _)| k.starts_with("arn:") && clash(k, &key))
                .or_else(|| seen.iter().find(|(k, _)| clash(k, &key)));
            if let Some((_, other)) = against {
                clashed = true;
                report.push_error(Diagnostic::new(
                    &join(&join("services", &s.name), "waf"),
                    "waf-shared-load-balancer",
                    format!(
                        "{} has {} but {} has {}, and Express Mode may put both on one load balancer ({}), which holds one web ACL: the last association would win for both; {}",
                        s.name, describe(s), other.name, describe(other), group.label, way_out(s, other)
                    ),
                ).across(Some(&s.name), &[&other.name]));
            }
            if !seen.iter().any(|(k, _)| *k == key) {
                seen.push((key, s));
            }
        }
        let other_stack = members.find(|s| stack_of(&s.name) != stack_of(&first.name));
        if let (false, Some(s), false) = (clashed, other_stack, waf_key(first).starts_with("none@"))
        {
            report.push_warning(Diagnostic::new(
                &join(&join("services", &s.name), "waf"),
                "waf-across-stacks",
                format!(
                    "{} (stack {}) and {} (stack {}) may share a load balancer ({}) and each stack associates the web ACL with it: when the last of one stack's services leaves that load balancer, its stack takes the web ACL off, and the other's services are unprotected until their stack deploys again. Keep the services of one network in one stack where you can",
                    s.name, stack_of(&s.name), first.name, stack_of(&first.name), group.label
                ),
            ).across(Some(&s.name), &[&first.name]));
        }
    }
}

/// What custom domains put on a shared load balancer's HTTPS listener: ALB takes 25 certificates besides the
/// default one (ELB quotas, "Certificates per Application Load Balancer", adjustable), and each Express service
/// of the load balancer brings one for its generated name; and one certificate on the listener is one entry, so
/// removing one service's takes it off for another service that gave the same certificate.
pub fn listener_certificates(spec: &Spec, report: &mut Report) {
    const QUOTA: usize = 25;
    for group in crate::sharing::networks(spec) {
        for services in group.load_balancers() {
            let with_domain: Vec<&Service> = services
                .iter()
                .copied()
                .filter(|s| s.domain.is_some())
                .collect();
            let Some(first) = with_domain.first() else {
                continue;
            };
            let total = services.len() - 1 + with_domain.len();
            if total > QUOTA {
                let names: Vec<&str> = with_domain.iter().map(|s| s.name.as_str()).collect();
                report.push_warning(Diagnostic::new(
                    &join(&join("services", &first.name), "domain"),
                    "listener-certificates",
                    format!(
                        "a load balancer of {} would hold {total} certificates besides its default: {} of its {} Express services' own and {} of custom domains ({}); ALB takes {QUOTA} unless the account's quota was raised: raise it (Certificates per Application Load Balancer), or move services to another network",
                        group.label, services.len() - 1, services.len(), with_domain.len(), names.join(", ")
                    ),
                ).across(Some(&first.name), names.get(1..).unwrap_or_default()));
            }
            let mut seen: Vec<(&str, &str)> = Vec::new();
            for s in &with_domain {
                let Some(arn) = s.domain.as_ref().and_then(|d| d.certificate_arn.as_deref()) else {
                    continue;
                };
                match seen.iter().find(|(a, _)| *a == arn) {
                    Some((_, other)) => report.push_warning(Diagnostic::new(
                        &join(&join(&join("services", &s.name), "domain"), "certificateArn"),
                        "shared-certificate",
                        format!(
                            "is also the certificate of {other}, and both may be on one load balancer ({}): its listener holds the certificate once, so removing one service's domain takes it off for the other until that one deploys again; give each service its own certificate",
                            group.label
                        ),
                    ).across(Some(&s.name), &[other])),
                    None => seen.push((arn, &s.name)),
                }
            }
        }
    }
}
