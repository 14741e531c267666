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

#[cfg(target_arch = "wasm32")]
mod alloc;
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

pub use diag::{Diagnostic, Report};
use json::Value;
pub use json::{parse_json, template_json};
pub use spec::DEFAULT_RETENTION_DAYS;

/// The core's version (the crate's).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A result with the warnings found on the way.
#[derive(Debug, Clone)]
pub struct Synth {
    pub value: Value,
    pub warnings: Vec<Diagnostic>,
}

/// Reads and checks a spec and builds its template; the spec when every check passed.
fn check(value: &Value) -> (Option<spec::Spec>, Option<Value>, Report) {
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
pub fn validate(value: &Value) -> Report {
    check(value).2
}

/// The whole spec as one CloudFormation template.
pub fn synth_template(value: &Value) -> Result<Synth, Report> {
    match check(value) {
        (Some(_), Some(template), report) => Ok(Synth {
            value: template,
            warnings: report.warnings,
        }),
        (.., report) => Err(report),
    }
}

/// The fragment of service `name` of a spec (see docs/core-api.md), as JSON.
pub fn synth_service(value: &Value, name: &str) -> Result<Value, Report> {
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
            format!("has no service \"{name}\"; it has: {}", known.join(", ")),
        );
        return Err(report);
    };
    let mut fragment = synth::build_service(&spec, service, &synth::ids::Scope::fragment());
    let own = diag::join("services", name);
    fragment.warnings = report
        .warnings
        .into_iter()
        .filter(|w| w.path == own || w.path.starts_with(&format!("{own}.")))
        .collect();
    Ok(fragment.into_json())
}

/// What Express Mode creates in the account for a spec, and why.
pub fn explain(value: &Value) -> Result<Value, Report> {
    match check(value) {
        (Some(spec), Some(template), _) => Ok(explain::explain(&spec, &template)),
        (.., report) => Err(report),
    }
}

/// The changes to Express services between two templates.
pub fn diff_templates(old: &Value, new: &Value) -> Result<Value, Report> {
    diff::diff(old, new)
}
