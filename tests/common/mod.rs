//! Helpers shared by the integration tests.
#![allow(dead_code)]

use express_service_core::{validate, Diagnostic};
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
