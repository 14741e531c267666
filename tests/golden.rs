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

/// Every case under tests/cases/, found by walking it: a new case needs no line here. Each is checked, and
/// every case that differs is named at once.
#[test]
fn every_case() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("cases")
        .map(|e| e.expect("entry").file_name().into_string().expect("utf-8"))
        .collect();
    names.sort();
    assert!(names.len() >= 15, "only {} cases found", names.len());
    let failed: Vec<String> = names
        .iter()
        .filter_map(|name| {
            std::panic::catch_unwind(|| check_case(name))
                .err()
                .map(|_| name.clone())
        })
        .collect();
    assert!(failed.is_empty(), "cases that differ: {failed:?}");
}

/// Every logical ID the golden cases produce, freshly synthesized, against the checked-in
/// `tests/logical-ids.txt`. A changed ID replaces the resource in users' stacks (for a service: a new URL),
/// so this list is not rewritten with the golden files: `UPDATE_LOGICAL_IDS=1` does it, for a change meant
/// to be breaking.
#[test]
fn logical_ids_are_a_contract() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = fs::read_dir(root.join("tests/cases"))
        .expect("cases")
        .map(|e| e.expect("entry").file_name().into_string().expect("utf-8"))
        .collect();
    names.sort();
    let mut lines = vec![
        "# Every logical ID of the golden cases (case, kind, ID, type). A changed ID replaces the resource in"
            .to_string(),
        "# users' stacks: see tests/golden.rs before changing this file.".to_string(),
    ];
    for name in &names {
        let text = fs::read_to_string(root.join("tests/cases").join(name).join("spec.json"))
            .expect("spec.json");
        let spec = parse_json(&text, "").expect("JSON");
        let out = synth_template(&spec).unwrap_or_else(|r| panic!("{name}: {:#?}", r.errors));
        for (kind, key) in [("resource", "Resources"), ("output", "Outputs")] {
            if let Some(map) = out.template.get(key).and_then(|v| v.as_object()) {
                for (id, v) in map {
                    let ty = v.get("Type").and_then(|t| t.as_str()).unwrap_or("-");
                    lines.push(format!("{name} {kind} {id} {ty}"));
                }
            }
        }
    }
    let text = lines.join("\n") + "\n";
    let file = root.join("tests/logical-ids.txt");
    if std::env::var_os("UPDATE_LOGICAL_IDS").is_some() {
        fs::write(&file, &text).expect("write");
        return;
    }
    let expected = fs::read_to_string(&file).unwrap_or_default();
    let (want, got): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), text.lines().collect());
    let gone: Vec<&&str> = want.iter().filter(|l| !got.contains(l)).collect();
    let new: Vec<&&str> = got.iter().filter(|l| !want.contains(l)).collect();
    assert!(
        gone.is_empty() && new.is_empty(),
        "logical IDs changed (a changed ID replaces the resource in users' stacks; if that is meant, run UPDATE_LOGICAL_IDS=1 cargo test --test golden and say so in the release notes):\n  gone: {gone:?}\n  new: {new:?}"
    );
}
