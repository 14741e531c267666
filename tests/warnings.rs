//! Warnings: valid specs that deserve a look before deploying.

mod common;
use common::{one, warnings};
use serde_json::json;

fn codes(spec: serde_json::Value) -> Vec<(String, String)> {
    warnings(&spec)
        .into_iter()
        .map(|w| (w.path, w.code))
        .collect()
}

fn has(spec: serde_json::Value, path: &str, code: &str) -> String {
    let list = warnings(&spec);
    let w = list.iter().find(|w| w.path == path && w.code == code);
    w.unwrap_or_else(|| panic!("no {code} at {path}: {list:#?}"))
        .message
        .clone()
}

#[test]
fn tags_replace_the_service() {
    let m = has(
        one(json!({ "tags": { "team": "a" } })),
        "services.Web.tags",
        "tags-replace-service",
    );
    assert!(
        m.contains("replaces the service, and its URL changes"),
        "{m}"
    );
}

#[test]
fn unpinned_images() {
    assert!(has(
        one(json!({ "image": "nginx" })),
        "services.Web.image",
        "image-not-pinned"
    )
    .contains("has no tag, which means :latest"));
    assert!(has(
        one(json!({ "image": "nginx:latest" })),
        "services.Web.image",
        "image-not-pinned"
    )
    .contains("uses :latest"));
    assert!(codes(one(json!({ "image": "nginx:1.27" }))).is_empty());
}

#[test]
fn secret_looking_plain_values() {
    let m = has(
        one(json!({ "environment": { "DB_PASSWORD": "hunter2" } })),
        "services.Web.environment.DB_PASSWORD",
        "plain-secret",
    );
    assert!(m.contains("move it to secrets"), "{m}");
    assert!(codes(one(
        json!({ "environment": { "KEYCLOAK_URL": "https://x" } })
    ))
    .is_empty());
}

#[test]
fn given_execution_role_gets_no_grants() {
    let spec = one(json!({
        "roles": { "execution": "arn:aws:iam::123456789012:role/exec" },
        "secrets": { "DB": "/prod/db" }
    }));
    assert!(has(
        spec,
        "services.Web.roles.execution",
        "execution-role-grants"
    )
    .contains("no read grant is made"));
}

#[test]
fn unverified_sizes() {
    assert!(has(
        one(json!({ "cpu": 8192 })),
        "services.Web.cpu",
        "size-unverified"
    )
    .contains("4096 is the largest known to work"));
}

#[test]
fn warnings_of_readable_services_come_with_errors() {
    let spec = json!({ "services": {
        "Web": { "image": "nginx:latest" },
        "Api": { "image": "nginx:1", "cpu": 256, "memory": 256 }
    }});
    let report = common::api::validate(&spec);
    assert_eq!(report.errors.len(), 1);
    let codes: Vec<&str> = report.warnings.iter().map(|w| w.code.as_str()).collect();
    assert_eq!(codes, ["image-not-pinned"]);
}

#[test]
fn too_many_grant_policies_on_the_shared_execution_role() {
    let services: serde_json::Map<String, serde_json::Value> = (0..10)
        .map(|i| {
            (
                format!("S{i}"),
                json!({ "image": "nginx:1", "secrets": { "DB": "/prod/db" } }),
            )
        })
        .collect();
    let m = has(
        json!({ "services": services }),
        "services",
        "execution-role-policies",
    );
    assert!(
        m.contains("10 services with secrets attach 11 managed policies"),
        "{m}"
    );
    let services: serde_json::Map<String, serde_json::Value> = (0..9)
        .map(|i| {
            (
                format!("S{i}"),
                json!({ "image": "nginx:1", "secrets": { "DB": "/prod/db" } }),
            )
        })
        .collect();
    assert!(codes(json!({ "services": services })).is_empty());
    // Secrets given as tokens get no grant policy from the core (the construct grants them): not counted.
    let services: serde_json::Map<String, serde_json::Value> = (0..12)
        .map(|i| {
            (
                format!("S{i}"),
                json!({ "image": "nginx:1", "secrets": { "DB": "${Token[TOKEN.1]}" } }),
            )
        })
        .collect();
    assert!(codes(json!({ "services": services })).is_empty());
}

#[test]
fn a_token_image_with_a_literal_latest_tag_warns() {
    let has = |image: &str| {
        common::warnings(&common::one(json!({ "image": image })))
            .iter()
            .any(|w| w.code == "image-not-pinned")
    };
    assert!(has("${Token[TOKEN.12]}:latest"));
    assert!(has("${Token[AWS.URLSuffix.7]}/shop:latest"));
    assert!(has("${Token[AWS.URLSuffix.7]}/shop"));
    assert!(!has("${Token[AWS.URLSuffix.7]}/shop:2.0.1"));
    assert!(!has("${Token[TOKEN.12]}:1.4.2"));
    assert!(!has("${Token[TOKEN.12]}@sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945"));
    // Nothing literal after the token: it may hold a pinned tag.
    assert!(!has("${Token[TOKEN.12]}"));
}

#[test]
fn a_service_with_an_error_still_gets_its_warnings_at_once() {
    use common::api::validate;
    // The error (memory) and the warnings (a :latest image, tags) of one service, all in one report.
    let spec = json!({ "services": {
        "Web": { "image": "nginx:latest", "memory": 3, "tags": { "team": "a" } },
        "Api": { "image": "nginx:1.27", "scaling": { "maxTasks": "many" } }
    } });
    let r = validate(&spec);
    let found = |list: &[express_service_core::Diagnostic]| {
        list.iter()
            .map(|d| (d.path.clone(), d.code.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(r.errors.len(), 2, "{:#?}", r.errors);
    let warned = found(&r.warnings);
    assert!(
        warned.contains(&("services.Web.image".into(), "image-not-pinned".into())),
        "{warned:?}"
    );
    assert!(
        warned.contains(&("services.Web.tags".into(), "tags-replace-service".into())),
        "{warned:?}"
    );
    // Said once, and about its service.
    assert_eq!(warned.len(), 2, "{warned:?}");
    assert!(r
        .warnings
        .iter()
        .all(|w| w.service.as_deref() == Some("Web")));
    // Once the errors are fixed, the same warnings: nothing new appears.
    let fixed = json!({ "services": {
        "Web": { "image": "nginx:latest", "memory": 512, "tags": { "team": "a" } },
        "Api": { "image": "nginx:1.27", "scaling": { "maxTasks": 3 } }
    } });
    assert_eq!(found(&validate(&fixed).warnings), warned);
}
