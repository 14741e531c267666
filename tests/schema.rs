//! `src/schema.json` and the field tables of `docs/spec.md` are generated from the spec's model
//! (src/model/input.rs) and committed, for editors, readers and review: these tests fail when either is stale.
//! Regenerate both with `UPDATE_SCHEMA=1 cargo test --test schema`.

use serde_json::Value;
use std::path::{Path, PathBuf};

const REGENERATE: &str = "UPDATE_SCHEMA=1 cargo test --test schema";

fn file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

/// Writes `text` to `name` under UPDATE_SCHEMA, else fails when the committed file differs.
fn keep(name: &str, text: &str) {
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(file(name), text).expect("written");
        return;
    }
    let committed = std::fs::read_to_string(file(name)).unwrap_or_default();
    assert!(
        committed == text,
        "{name} is stale: regenerate it from the model with `{REGENERATE}`"
    );
}

#[test]
fn schema_json_is_generated_from_the_model() {
    let mut text = serde_json::to_string_pretty(&express_service_core::model::input::json_schema())
        .expect("a schema is JSON");
    text.push('\n');
    keep("src/schema.json", &text);
}

/// The tables of docs/spec.md, each between `<!-- fields: DEF ... -->` and `<!-- /fields -->`.
#[test]
fn the_field_tables_of_docs_spec_md_are_generated_from_the_model() {
    let schema = express_service_core::model::input::json_schema();
    let doc = std::fs::read_to_string(file("docs/spec.md")).expect("docs/spec.md");
    let mut out = String::new();
    let mut rest = doc.as_str();
    while let Some(start) = rest.find("<!-- fields: ") {
        let (before, from) = rest.split_at(start);
        out.push_str(before);
        let header_end = from.find("-->").expect("a closed marker") + 3;
        let header = &from[..header_end];
        let def = header["<!-- fields: ".len()..]
            .split_whitespace()
            .next()
            .expect("a definition named");
        let end = from.find("<!-- /fields -->").expect("an end marker");
        out.push_str(header);
        out.push('\n');
        out.push_str(&table(&schema, def));
        rest = &from[end..];
    }
    out.push_str(rest);
    keep("docs/spec.md", &out);
}

/// A markdown table of the properties of `def` (`spec` for the top level): field, what, default.
fn table(schema: &Value, def: &str) -> String {
    let object = if def == "spec" {
        schema
    } else {
        &schema["$defs"][def]
    };
    let properties = object["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("no definition {def} with properties"));
    let mut out = String::from("| field | what | default |\n|---|---|---|\n");
    for (name, p) in properties {
        if name == "$schema" {
            continue;
        }
        let described = p.get("description").or_else(|| {
            let target = p.get("$ref")?.as_str()?.strip_prefix("#/$defs/")?;
            schema["$defs"][target].get("description")
        });
        let text = described.and_then(Value::as_str).unwrap_or_default();
        let (what, default) = match text.split_once(" Default: ") {
            Some((what, default)) => (what, default.trim_end_matches('.')),
            None => (text, "–"),
        };
        let cell = |s: &str| s.replace('|', "\\|");
        out.push_str(&format!(
            "| `{name}` | {} | {} |\n",
            cell(what),
            cell(default)
        ));
    }
    out
}
