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
pub mod rules;
pub mod schema;
pub mod spec;
mod suggest;
pub mod synth;
pub mod token;
mod value;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

use diag::Quoted;
pub use diag::Scope;
pub use diag::{Diagnostic, Report};
pub use diff::TemplateDiff;
pub use explain::Explanation;
use json::Value;
pub use json::{parse_json, template_json};
use serde::Serialize;
pub use spec::DEFAULT_RETENTION_DAYS;
pub use synth::Fragment;

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

/// Reads and checks a spec and builds its template; the spec when every check passed.
fn check(value: &Value) -> (Option<spec::Spec>, Option<(Value, String)>, Report) {
    let mut report = Report::default();
    let spec = spec::parse(value, &mut report);
    // Warnings about the services that could be read, even while others have errors.
    lint::warnings(&spec, report.is_ok(), &mut report);
    if !report.is_ok() {
        return (None, None, report);
    }
    let template = synth::template::build(&spec, &mut report);
    if report.is_ok() {
        (Some(spec), Some(template), report)
    } else {
        (None, None, report)
    }
}

/// Every error and warning of a spec.
pub fn validate(value: &Value) -> ValidationReport {
    check(value).2.into()
}

/// The checks that compare the services of one stack (scope `stack`), over a spec of all of them: what a
/// front door runs when it synthesizes each service alone (the construct), once all are known. Findings of
/// one service's own settings or of the standalone template are left out: the front door has its own.
pub fn check_stack(value: &Value) -> ValidationReport {
    let mut report = Report::default();
    let spec = spec::parse(value, &mut report);
    lint::warnings(&spec, report.is_ok(), &mut report);
    report.errors.retain(|d| d.scope == Scope::Stack);
    report.warnings.retain(|d| d.scope == Scope::Stack);
    report.into()
}

/// The rules on a service's tags, for tags given as `{ key: value }`: paths are `tags` and `tags.<key>`.
/// For tags a front door learns of apart from the spec (the construct: `Tags.of(...)`, the stack's tags).
pub fn check_tags(tags: &Value) -> ValidationReport {
    let mut report = Report::default();
    let tags = spec::read_tags(&mut report, tags, "tags");
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
        (Some(_), Some((template, json)), report) => Ok(SynthResult {
            json,
            template,
            warnings: report.warnings,
        }),
        (.., report) => Err(report),
    }
}

/// The fragment of service `name` of a spec (see docs/core-api.md).
pub fn synth_service(value: &Value, name: &str) -> Result<Fragment, Report> {
    let mut report = Report::default();
    let spec = spec::parse(value, &mut report);
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

/// What Express Mode creates in the account for a spec, and why.
pub fn explain(value: &Value) -> Result<Explanation, Report> {
    match check(value) {
        (Some(spec), Some((template, _)), _) => Ok(explain::explain(&spec, &template)),
        (.., report) => Err(report),
    }
}

/// The changes to Express services between two templates.
pub fn diff_templates(old: &Value, new: &Value) -> Result<TemplateDiff, Report> {
    diff::diff(old, new)
}
