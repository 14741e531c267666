//! `lint_template`: any CloudFormation template's Express services checked with the model's rules and the
//! template's own traps. Golden cases `tests/lint-cases/<name>/{input.json, expected.json}`, reviewed:
//! `UPDATE_GOLDEN=1 cargo test --test template_lint` rewrites expected.json — then read the diff.
//! Every golden template the core makes (tests/cases/*/template.json) lints clean.

use express_service_core::{lint_template, parse_json, template_json, validate};
use serde_json::Value;
use std::fs;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse_json(&text, "").expect("JSON")
}

fn names(dir: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(root().join(dir))
        .expect(dir)
        .map(|e| e.expect("entry").file_name().into_string().expect("utf-8"))
        .collect();
    names.sort();
    names
}

fn codes(l: &[express_service_core::LintFinding]) -> Vec<String> {
    l.iter().map(|f| format!("{} {}", f.code, f.path)).collect()
}

fn check_case(name: &str) {
    let dir = root().join("tests/lint-cases").join(name);
    let lint = lint_template(&read(&dir.join("input.json")));
    let got = template_json(&serde_json::to_value(&lint).expect("serializes"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs::write(dir.join("expected.json"), &got).expect("write");
        return;
    }
    let expected = fs::read_to_string(dir.join("expected.json")).expect("expected.json");
    assert!(
        expected == got,
        "{name}: the findings differ from expected.json:\n{got}"
    );
}

#[test]
fn every_lint_case() {
    let names = names("tests/lint-cases");
    let failed: Vec<String> = names
        .iter()
        .filter(|name| std::panic::catch_unwind(|| check_case(name)).is_err())
        .cloned()
        .collect();
    assert!(failed.is_empty(), "cases that differ: {failed:?}");
    assert!(names.len() >= 3, "only {} cases found", names.len());
}

/// The core's own templates lint clean: no error, and no warning the spec did not already give.
#[test]
fn our_own_templates_lint_clean() {
    let cases = names("tests/cases");
    assert!(cases.len() >= 15);
    let mut dirty = Vec::new();
    for name in &cases {
        let dir = root().join("tests/cases").join(name);
        let lint = lint_template(&read(&dir.join("template.json")));
        let spec = validate(&read(&dir.join("spec.json")));
        let spec_codes: Vec<&str> = spec.warnings.iter().map(|d| d.code.as_str()).collect();
        let new: Vec<String> = lint
            .warnings
            .iter()
            .filter(|w| !spec_codes.contains(&w.code.as_str()))
            .map(|w| format!("{} {}: {}", w.code, w.path, w.message))
            .collect();
        if lint.services.is_empty() || !lint.errors.is_empty() || !new.is_empty() {
            dirty.push(format!(
                "{name}: services {:?}, errors {:?}, new warnings {new:?}",
                lint.services,
                codes(&lint.errors)
            ));
        }
    }
    assert!(dirty.is_empty(), "{dirty:#?}");
}
