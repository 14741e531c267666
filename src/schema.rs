//! The JSON Schema of the spec (`schema.json`, generated from the model in src/model/input.rs): the
//! documentation of every field and its default, for editors, and what the reader's shape pass
//! (src/model/shape.rs) walks. Kept as data rather than code: it costs the WASM module its text, not the code
//! to build it. Tests below hold it to the rules' constants.

use crate::json::Value;
use std::sync::OnceLock;

/// The schema, parsed once.
// build.rs parsed this very text and fails the build when it cannot, so a failure here is a broken build
// and is loud: an empty schema would silently make every key unknown.
#[allow(clippy::expect_used)]
pub fn spec_schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        crate::json::parse_json(
            include_str!(concat!(env!("OUT_DIR"), "/schema.min.json")),
            "",
        )
        .expect("build.rs checked the schema")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;
    use crate::rules::{fargate, waf};

    fn at(path: &[&str]) -> &'static Value {
        path.iter()
            .fold(spec_schema(), |v, k| v.get(k).expect("in the schema"))
    }

    #[test]
    fn parses_and_has_every_definition() {
        assert_eq!(
            at(&["$schema"]).as_str(),
            Some("https://json-schema.org/draft/2020-12/schema")
        );
        for def in [
            "service",
            "cluster",
            "network",
            "scaling",
            "logs",
            "roles",
            "wafSettings",
        ] {
            assert!(at(&["$defs", def, "properties"]).is_object(), "{def}");
        }
    }

    /// The value of a value-or-token property (`anyOf: [value, token]`).
    fn known(property: &'static Value) -> &'static Value {
        property
            .get("anyOf")
            .and_then(|a| a.get(0))
            .expect("a value or a token")
    }

    fn description(path: &[&str]) -> &'static str {
        at(path)
            .get("description")
            .and_then(Value::as_str)
            .expect("described")
    }

    #[test]
    fn enums_match_the_rules() {
        let cpus: Vec<u64> = known(at(&["$defs", "service", "properties", "cpu"]))
            .get("enum")
            .and_then(Value::as_array)
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect();
        assert!(cpus.iter().all(|c| fargate::is_cpu(*c)) && cpus.len() == 7);
        let rules = known(at(&["$defs", "wafSettings", "properties", "managedRules"]));
        let names: Vec<&str> = rules["items"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(names, waf::MANAGED_RULE_GROUPS);
        let rate = known(at(&["$defs", "wafSettings", "properties", "rateLimit"]));
        assert_eq!(
            (
                rate.get("minimum").and_then(Value::as_u64),
                rate.get("maximum").and_then(Value::as_u64)
            ),
            (Some(waf::RATE_LIMIT_RANGE.0), Some(waf::RATE_LIMIT_RANGE.1))
        );
        let listed: Vec<u64> = known(at(&["$defs", "logs", "properties", "retentionDays"]))
            .get("enum")
            .and_then(Value::as_array)
            .unwrap()
            .iter()
            .filter_map(Value::as_u64)
            .collect();
        assert_eq!(listed, RETENTION_DAYS);
    }

    /// Each default a description states is the constant the rules and the synthesis use.
    #[test]
    fn descriptions_state_the_defaults() {
        let cases: [(&[&str], String); 9] = [
            (
                &["$defs", "wafSettings", "properties", "rateLimit"],
                format!("Default: {}.", waf::DEFAULT_RATE_LIMIT),
            ),
            (
                &["$defs", "wafSettings", "properties", "managedRules"],
                format!("Default: {}.", waf::DEFAULT_RULE_GROUPS.join(", ")),
            ),
            (
                &["$defs", "logs", "properties", "retentionDays"],
                format!("Default: {DEFAULT_RETENTION_DAYS}."),
            ),
            (
                &["$defs", "logs", "properties", "streamPrefix"],
                format!("Default: {DEFAULT_STREAM_PREFIX}."),
            ),
            (
                &["$defs", "service", "properties", "containerPort"],
                format!("Default: {DEFAULT_CONTAINER_PORT}."),
            ),
            (
                &["$defs", "service", "properties", "output"],
                format!("Default: {DEFAULT_OUTPUT}."),
            ),
            (
                &["$defs", "scaling", "properties", "minTasks"],
                format!("Default: {DEFAULT_MIN_TASKS}."),
            ),
            (
                &["$defs", "scaling", "properties", "targetValue"],
                format!("Default: {DEFAULT_TARGET_VALUE}."),
            ),
            (
                &["$defs", "cluster", "properties", "containerInsights"],
                format!("Default: {DEFAULT_CONTAINER_INSIGHTS}."),
            ),
        ];
        for (path, default) in cases {
            assert!(description(path).contains(&default), "{path:?}: {default}");
        }
        assert!(
            description(&["$defs", "sidecar", "properties", "essential"])
                .contains(&format!("Default: {DEFAULT_ESSENTIAL} "))
        );
        assert!(
            description(&["$defs", "helpers", "properties", "runtime"]).contains(&format!(
                "Default: {}",
                crate::rules::lambda::DEFAULT_NODE_RUNTIME
            ))
        );
    }
}
