//! Golden templates: each `tests/cases/<name>/spec.json` synthesizes to the reviewed `template.json` and
//! warns exactly as `warnings.json` says. `UPDATE_GOLDEN=1 cargo test --test golden` rewrites them — then
//! read the diff before committing it.

use express_service_core::{parse_json, synth_template, template_json};
use std::fs;
use std::path::Path;

fn check_case(name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cases")
        .join(name);
    let spec_text = fs::read_to_string(dir.join("spec.json")).expect("spec.json");
    let spec = parse_json(&spec_text, "").expect("spec.json is JSON");
    let out = match synth_template(&spec) {
        Ok(out) => out,
        Err(report) => panic!("{name}: the spec is rejected: {:#?}", report.errors),
    };
    let template = template_json(&out.template);
    assert_eq!(
        out.json, template,
        "{name}: the result's text is the canonical text"
    );
    let warnings = template_json(&serde_json::to_value(&out.warnings).expect("serializes"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs::write(dir.join("template.json"), &template).expect("write");
        fs::write(dir.join("warnings.json"), &warnings).expect("write");
        return;
    }
    let expected = fs::read_to_string(dir.join("template.json")).expect("template.json");
    assert!(
        expected == template,
        "{name}: the template differs from template.json:\n{template}"
    );
    let expected = fs::read_to_string(dir.join("warnings.json")).expect("warnings.json");
    assert!(
        expected == warnings,
        "{name}: the warnings differ from warnings.json:\n{warnings}"
    );
}

#[test]
fn minimal_nginx() {
    check_case("minimal-nginx");
}

#[test]
fn own_cluster() {
    check_case("own-cluster");
}

#[test]
fn waf_created() {
    check_case("waf-created");
}

#[test]
fn waf_attached() {
    check_case("waf-attached");
}

#[test]
fn secrets() {
    check_case("secrets");
}

#[test]
fn three_services() {
    check_case("three-services");
}

#[test]
fn everything() {
    check_case("everything");
}

#[test]
fn shared_web_acls() {
    check_case("shared-web-acls");
}

#[test]
fn sidecar() {
    check_case("sidecar");
}

#[test]
fn sidecars_secrets() {
    check_case("sidecars-secrets");
}

#[test]
fn own_task_definition() {
    check_case("own-task-definition");
}

#[test]
fn waf_allow_list() {
    check_case("waf-allow-list");
}

#[test]
fn own_security_group() {
    check_case("own-security-group");
}

#[test]
fn custom_domain() {
    check_case("custom-domain");
}

#[test]
fn every_case_has_a_test() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let this = include_str!("golden.rs");
    for entry in fs::read_dir(dir).expect("cases") {
        let name = entry
            .expect("entry")
            .file_name()
            .into_string()
            .expect("utf-8");
        assert!(
            this.contains(&format!("check_case(\"{name}\")")),
            "tests/cases/{name} has no test here"
        );
    }
}
