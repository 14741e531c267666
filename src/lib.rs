//! cdk-express-service core: a spec of container services in, CloudFormation for Amazon ECS Express Mode
//! out. Pure Rust; `wasm.rs` is the only JS-aware file. See docs/core-api.md for the contract.

// Input must never reach a panic: no unwrap, expect, panic or unchecked indexing outside tests.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod diag;
pub mod diff;
pub mod explain;
mod graph;
pub mod json;
mod lint;
pub mod model;
pub mod rules;
pub mod schema;
pub mod sharing;
mod suggest;
pub mod synth;
pub mod template;
pub mod token;
mod value;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

use diag::Quoted;
pub use diag::Scope;
pub use diag::{Diagnostic, Report};
pub use diff::TemplateDiff;
pub use explain::Explanation;
pub use json::{parse_json, template_json};
use json::{Map, Value};
pub use model::DEFAULT_RETENTION_DAYS;
use serde::Serialize;
pub use synth::composition::{ServiceResource, SharedChanges};
pub use synth::outputs::{url_outputs, UrlOutputs};
use synth::template::Synthesis;
pub use synth::Fragment;
pub use template::{lint_template, LintFinding, TemplateLint, TemplateSection, TEMPLATE_KEYS};

/// The core's version (the crate's).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Every error and warning of a spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ValidationReport {
    /// Whether the spec has no error (warnings allowed).
    pub valid: bool,
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

impl From<Report> for ValidationReport {
    fn from(r: Report) -> Self {
        ValidationReport {
            valid: r.errors.is_empty(),
            errors: r.errors,
            warnings: r.warnings,
        }
    }
}

/// A whole spec as one template: as an object and as its canonical text (the same bytes everywhere).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct SynthResult {
    #[cfg_attr(target_arch = "wasm32", tsify(type = "JsonObject"))]
    pub template: Value,
    /// The template's canonical text: 2-space indentation, keys in order, a final newline.
    pub json: String,
    pub warnings: Vec<Diagnostic>,
}

/// Reads and checks a spec and builds its template; the spec and its synthesis when every check passed.
fn check(value: &Value) -> (Option<(model::Spec, Synthesis)>, Report) {
    let mut report = Report::default();
    let spec = model::parse(value, &mut report);
    // Warnings about the services that could be read, even while others have errors.
    lint::warnings(&spec, report.is_ok(), &mut report);
    if !report.is_ok() {
        warnings_despite_errors(value, &spec, &mut report);
        return (None, report);
    }
    let synthesis = synth::template::build(&spec, &mut report);
    if report.is_ok() {
        (Some((spec, synthesis)), report)
    } else {
        (None, report)
    }
}

/// Warnings whose rule decides them from a setting's default when the setting is left out: not said of a
/// service read without its task size.
const SIZE_WARNINGS: [&str; 2] = ["fargate-quota", "size-unverified"];
const SIZE_SETTINGS: [&str; 4] = ["cpu", "memory", "sidecars", "taskDefinition"];

/// The warnings of services the reader set aside for their errors, so that a user sees every finding at
/// once rather than new warnings after each fix: each such service is read again without its settings in
/// error (a whole top-level setting each, e.g. `scaling` for `scaling.maxTasks`), and its own warnings are
/// kept. Nothing is said of a service whose error is about it as a whole (its key, its type, a missing
/// image), and the rules that compare services wait for a spec without errors.
fn warnings_despite_errors(value: &Value, spec: &model::Spec, report: &mut Report) {
    let Some(services) = value.get("services").and_then(Value::as_object) else {
        return;
    };
    for (name, v) in services {
        let (Some(fields), false) = (v.as_object(), spec.services.iter().any(|s| s.name == *name))
        else {
            continue;
        };
        let prefix = diag::join("services", name);
        let mut dropped: Vec<&str> = Vec::new();
        let mut whole = false;
        for d in report
            .errors
            .iter()
            .filter(|d| d.service.as_deref() == Some(name.as_str()))
        {
            let key = d
                .path
                .strip_prefix(&prefix)
                .and_then(|rest| rest.strip_prefix('.'))
                .and_then(|rest| rest.split(['.', '[']).next())
                .filter(|key| fields.contains_key(*key));
            match key {
                Some(key) => dropped.push(key),
                None => whole = true,
            }
        }
        if whole || dropped.is_empty() {
            continue;
        }
        let mut rest = fields.clone();
        for key in &dropped {
            rest.remove(*key);
        }
        let mut one = Map::new();
        one.insert(name.clone(), Value::Object(rest));
        let mut wrapper = Map::new();
        wrapper.insert("services".into(), Value::Object(one));
        let mut own = Report::default();
        let read = model::parse(&Value::Object(wrapper), &mut own);
        if !own.is_ok() {
            continue;
        }
        lint::warnings(&read, false, &mut own);
        let size_dropped = dropped.iter().any(|k| SIZE_SETTINGS.contains(k));
        for w in own.warnings {
            let about_size = size_dropped && SIZE_WARNINGS.contains(&w.code.as_str());
            if w.service.as_deref() == Some(name.as_str())
                && !about_size
                && !report.warnings.contains(&w)
            {
                report.push_warning(w);
            }
        }
    }
}

/// Every error and warning of a spec.
pub fn validate(value: &Value) -> ValidationReport {
    check(value).1.into()
}

/// The checks that compare the services of one stack (scope `stack`), over a spec of all of them: what a
/// front door runs when it synthesizes each service alone (the construct), once all are known. Findings of
/// one service's own settings or of the standalone template are left out: the front door has its own.
///
/// `stacks` gives the stack of each service (by key) when they are spread over the stacks of one app: what
/// one stack shares (its execution role, its template's limits) is then checked per stack, and what the
/// account shares (service names in a cluster, load balancers) across all of them.
pub fn check_stack(value: &Value, stacks: Option<&Value>) -> ValidationReport {
    let mut report = Report::default();
    if stacks.is_some_and(|v| !v.is_object()) {
        let d = Diagnostic::new(
            "stacks",
            "wrong-type",
            "expected an object of service key: stack name",
        );
        report.push_error(d.across(None, &[]));
    }
    let spec = model::parse(value, &mut report);
    if report.errors.iter().all(|d| d.scope == Scope::Stack) {
        let stack_of = |name: &str| {
            stacks
                .and_then(|m| m.get(name))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        lint::shared_load_balancers(&spec, &stack_of, &mut report);
        lint::listener_certificates(&spec, &mut report);
        for part in per_stack(&spec, stacks) {
            lint::execution_role_policies(&part, &mut report);
            synth::template::build(&part, &mut report);
        }
    }
    report.errors.retain(|d| d.scope == Scope::Stack);
    report.warnings.retain(|d| d.scope == Scope::Stack);
    report.into()
}

/// The spec's services split by stack, in the order of each stack's first service.
fn per_stack(spec: &model::Spec, stacks: Option<&Value>) -> Vec<model::Spec> {
    let stack_of = |name: &str| {
        stacks
            .and_then(|m| m.get(name))
            .and_then(Value::as_str)
            .unwrap_or_default()
    };
    let mut parts: Vec<(&str, model::Spec)> = Vec::new();
    for s in &spec.services {
        let stack = stack_of(&s.name);
        if !parts.iter().any(|(name, _)| *name == stack) {
            let part = model::Spec {
                description: spec.description.clone(),
                waf: spec.waf.clone(),
                web_acls: spec.web_acls.clone(),
                helpers: spec.helpers.clone(),
                services: Vec::new(),
            };
            parts.push((stack, part));
        }
        if let Some((_, part)) = parts.iter_mut().find(|(name, _)| *name == stack) {
            part.services.push(s.clone());
        }
    }
    parts.into_iter().map(|(_, part)| part).collect()
}

/// Express Mode's rules on what a front door sees of a task definition of the user's (see
/// `rules::task_definition`).
pub fn check_task_definition(value: &Value) -> ValidationReport {
    rules::task_definition::check_task_definition(value).into()
}

/// The metrics of a service known only by its ARN (a string, maybe a token): ECS's, by name; an error
/// (path `arn`) when a literal ARN is not an ECS service's, `arn:…:ecs:<region>:<account>:service/<cluster>/<name>`.
pub fn imported_service_metrics(arn: &Value) -> Result<Map, Report> {
    if let Some(s) = arn.as_str().filter(|s| !token::is_token(s)) {
        let ok = rules::ids::arn(s, "ecs", true).is_ok_and(|a| {
            let parts: Vec<&str> = a.resource.split('/').collect();
            parts.len() == 3
                && parts.first() == Some(&"service")
                && parts.iter().all(|p| !p.is_empty())
        });
        if !ok {
            let mut report = Report::default();
            report.error(
                "arn",
                "service-arn",
                format!("{} is not an ECS service ARN; expected arn:aws:ecs:<region>:<account>:service/<cluster>/<name>", Quoted(s)),
            );
            return Err(report);
        }
    }
    Ok(synth::metrics::of_arn(arn))
}

/// The rules on a service's tags, for tags given as `{ key: value }`: paths are `tags` and `tags.<key>`.
/// For tags a front door learns of apart from the spec (the construct: `Tags.of(...)`, the stack's tags).
pub fn check_tags(tags: &Value) -> ValidationReport {
    let mut report = Report::default();
    let tags = model::read_tags(&mut report, tags, "tags");
    lint::tags(&tags, "tags", &mut report);
    report.into()
}

/// The problems of JSON text as the core reads it (syntax, a key written twice, nesting past 128), each with
/// its line and column; empty when the core reads it. For a front door that parses JSON itself, e.g. with
/// `JSON.parse`, which keeps the last of two equal keys silently.
pub fn check_json(text: &str) -> Vec<Diagnostic> {
    parse_json(text, "").err().into_iter().collect()
}

/// The whole spec as one CloudFormation template.
pub fn synth_template(value: &Value) -> Result<SynthResult, Report> {
    match check(value) {
        (Some((_, synthesis)), report) => Ok(SynthResult {
            json: synthesis.text,
            template: synthesis.template,
            warnings: report.warnings,
        }),
        (None, report) => Err(report),
    }
}

/// What a front door that made each service of `value` from its own fragment (the construct) must change on
/// the stack's shared resources for the stack to hold the whole spec's web ACLs (one per network): see
/// `SharedChanges`. The spec's errors instead when it has no template.
pub fn shared_changes(value: &Value) -> SharedChanges {
    match check(value) {
        (Some((spec, synthesis)), _) => {
            synth::composition::shared_changes(&spec, &synthesis.template)
        }
        (None, report) => SharedChanges {
            errors: report.errors,
            ..SharedChanges::default()
        },
    }
}

/// The fragment of service `name` of a spec (see docs/core-api.md).
pub fn synth_service(value: &Value, name: &str) -> Result<Fragment, Report> {
    let mut report = Report::default();
    let spec = model::parse(value, &mut report);
    lint::warnings(&spec, report.is_ok(), &mut report);
    if !report.is_ok() {
        return Err(report);
    }
    let Some(service) = spec.services.iter().find(|s| s.name == name) else {
        let known: Vec<&str> = spec.services.iter().map(|s| s.name.as_str()).collect();
        report.error(
            "services",
            "unknown-service",
            format!(
                "has no service {}; it has: {}",
                Quoted(name),
                known.join(", ")
            ),
        );
        return Err(report);
    };
    let mut fragment = synth::build_service(&spec, service, &synth::ids::Scope::fragment());
    fragment.warnings = report
        .warnings
        .into_iter()
        .filter(|w| w.service.as_deref() == Some(name))
        .collect();
    Ok(fragment)
}

/// A whole spec's template and what Express Mode creates for it, from one reading of the spec: what the
/// playground shows after every keystroke.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct SynthExplained {
    pub synth: SynthResult,
    pub explanation: Explanation,
}

/// `synth_template` and `explain` of one spec at once.
pub fn synth_explain(value: &Value) -> Result<SynthExplained, Report> {
    match check(value) {
        (Some((spec, synthesis)), report) => Ok(SynthExplained {
            explanation: explain::explain(&spec, &synthesis),
            synth: SynthResult {
                json: synthesis.text,
                template: synthesis.template,
                warnings: report.warnings,
            },
        }),
        (None, report) => Err(report),
    }
}

/// What Express Mode creates in the account for a spec, and why.
pub fn explain(value: &Value) -> Result<Explanation, Report> {
    match check(value) {
        (Some((spec, synthesis)), _) => Ok(explain::explain(&spec, &synthesis)),
        (None, report) => Err(report),
    }
}

/// The changes to Express services between two templates.
pub fn diff_templates(old: &Value, new: &Value) -> Result<TemplateDiff, Report> {
    diff::diff(old, new)
}
