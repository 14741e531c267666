//! Helpers shared by the integration tests.
#![allow(dead_code)]

use api::validate;
use express_service_core::Diagnostic;
use serde_json::{json, Value};

/// A spec of one service `Web` with `fields` merged into `{ "image": "nginx:1.27" }`.
pub fn one(fields: Value) -> Value {
    let mut service = json!({ "image": "nginx:1.27" });
    if let (Some(s), Value::Object(f)) = (service.as_object_mut(), fields) {
        s.extend(f);
    }
    json!({ "services": { "Web": service } })
}

pub fn errors(spec: &Value) -> Vec<Diagnostic> {
    validate(spec).errors
}

pub fn warnings(spec: &Value) -> Vec<Diagnostic> {
    let report = validate(spec);
    assert!(
        report.errors.is_empty(),
        "unexpected errors: {:#?}",
        report.errors
    );
    report.warnings
}

/// Asserts that the spec has exactly one error, at `path`, with `code`, whose message contains `text`.
#[track_caller]
pub fn rejects(spec: Value, path: &str, code: &str, text: &str) {
    let errs = errors(&spec);
    assert_eq!(errs.len(), 1, "expected one error, got {errs:#?}");
    let e = &errs[0];
    assert_eq!((e.path.as_str(), e.code.as_str()), (path, code), "{e:#?}");
    assert!(
        e.message.contains(text),
        "message {:?} lacks {:?}",
        e.message,
        text
    );
}

/// Asserts that the spec is valid.
#[track_caller]
pub fn accepts(spec: Value) {
    let errs = errors(&spec);
    assert!(errs.is_empty(), "unexpected errors: {errs:#?}");
}

/// A small deterministic generator (xorshift), so failures reproduce.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }
}

/// The core's API over serde_json values, so tests can write specs with `json!` and index results. The
/// values cross as JSON text, as they do at the JS boundary.
pub mod api {
    use express_service_core as core;
    use express_service_core::{Report, ValidationReport};
    use serde::Serialize;
    use serde_json::Value;

    /// A spec as the core reads it from JSON text (the duplicate-key and depth checks included).
    pub fn to_core(v: &Value) -> Value {
        core::parse_json(&v.to_string(), "").expect("serde_json writes JSON the core reads")
    }

    /// A typed result as the JSON a front door gets.
    pub fn json_of<T: Serialize>(v: &T) -> Value {
        serde_json::to_value(v).expect("results serialize")
    }

    pub fn validate(spec: &Value) -> ValidationReport {
        core::validate(&to_core(spec))
    }

    pub fn synth_template(spec: &Value) -> Result<core::SynthResult, Report> {
        core::synth_template(&to_core(spec))
    }

    pub fn synth_service(spec: &Value, name: &str) -> Result<Value, Report> {
        core::synth_service(&to_core(spec), name).map(|f| json_of(&f))
    }

    pub fn shared_changes(spec: &Value) -> Value {
        json_of(&core::shared_changes(&to_core(spec)))
    }

    pub fn explain(spec: &Value) -> Result<Value, Report> {
        core::explain(&to_core(spec)).map(|e| json_of(&e))
    }

    pub fn diff_templates(old: &Value, new: &Value) -> Result<Value, Report> {
        core::diff_templates(&to_core(old), &to_core(new)).map(|d| json_of(&d))
    }

    pub fn template_json(template: &Value) -> String {
        core::template_json(template)
    }
}

/// Random JSON for the property tests (proptest runs natively only: Cargo.toml).
#[cfg(not(target_arch = "wasm32"))]
pub mod random {
    use proptest::prelude::*;
    use serde_json::{json, Value};

    /// Any JSON scalar: null, a boolean, an integer, a float (null when not finite), a short string.
    /// Weighed `SCALARS` beside leaves of weight 1, each of its kinds is as likely as one of them.
    pub fn scalar() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            any::<f64>()
                .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
            "\\PC{0,12}".prop_map(Value::String),
        ]
    }

    /// The number of kinds `scalar` picks among.
    pub const SCALARS: u32 = 5;
}
