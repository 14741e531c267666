//! The JSON Schema of the spec (`schema.json`): the documentation of every field and its default, for
//! editors, and the one list of valid keys that the reader checks against. Kept as data rather than code:
//! it costs the WASM module its text, not the code to build it. Tests below hold it to the rules' constants.

use serde_json::Value;
use std::sync::OnceLock;

/// The schema, parsed once.
pub fn spec_schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    // The text is ours and tested to parse; Null would only make every key unknown, never a panic.
    SCHEMA.get_or_init(|| {
        serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/schema.min.json")))
            .unwrap_or(Value::Null)
    })
}

/// The property names of one object definition (`spec` for the top level).
pub fn keys(def: &str) -> Vec<&'static str> {
    let schema = spec_schema();
    let object = if def == "spec" {
        Some(schema)
    } else {
        schema.get("$defs").and_then(|d| d.get(def))
    };
    object
        .and_then(|o| o.get("properties"))
        .and_then(Value::as_object)
        .map(|p| p.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{fargate, waf};
    use crate::spec::{DEFAULT_RETENTION_DAYS, RETENTION_DAYS};

    fn at(path: &[&str]) -> &'static Value {
        path.iter().fold(spec_schema(), |v, k| &v[*k])
    }

    #[test]
    fn parses_and_has_every_definition() {
        assert_eq!(
            spec_schema()["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
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
            assert!(!keys(def).is_empty(), "{def}");
        }
    }

    #[test]
    fn enums_match_the_rules() {
        let cpus: Vec<u64> = at(&["$defs", "service", "properties", "cpu", "anyOf"])[0]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect();
        assert!(cpus.iter().all(|c| fargate::is_cpu(*c)) && cpus.len() == 7);
        let rules = at(&[
            "$defs",
            "wafSettings",
            "properties",
            "managedRules",
            "items",
            "enum",
        ]);
        assert_eq!(rules, &serde_json::json!(waf::MANAGED_RULE_GROUPS));
        let rate = at(&["$defs", "wafSettings", "properties", "rateLimit"]);
        assert_eq!(
            (rate["minimum"].as_u64(), rate["maximum"].as_u64()),
            (Some(waf::RATE_LIMIT_RANGE.0), Some(waf::RATE_LIMIT_RANGE.1))
        );
        assert!(rate["description"]
            .as_str()
            .unwrap()
            .contains(&waf::DEFAULT_RATE_LIMIT.to_string()));
        let days = at(&["$defs", "logs", "properties", "retentionDays"]);
        assert_eq!(days["enum"], serde_json::json!(RETENTION_DAYS));
        assert!(days["description"]
            .as_str()
            .unwrap()
            .contains(&format!("Default: {DEFAULT_RETENTION_DAYS}")));
        let defaults = at(&[
            "$defs",
            "wafSettings",
            "properties",
            "managedRules",
            "description",
        ])
        .as_str()
        .unwrap();
        assert!(defaults.contains(&waf::DEFAULT_RULE_GROUPS.join(", ")));
    }
}
