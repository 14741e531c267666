//! `src/schema.json` is generated from the spec's model (src/model/input.rs) and committed for editors and
//! review: this test fails when it is stale. Regenerate with `UPDATE_SCHEMA=1 cargo test --test schema`.

use std::path::Path;

#[test]
fn schema_json_is_generated_from_the_model() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/schema.json");
    let mut text = serde_json::to_string_pretty(&express_service_core::model::input::json_schema())
        .expect("a schema is JSON");
    text.push('\n');
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&file, &text).expect("src/schema.json written");
        return;
    }
    let committed = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        committed == text,
        "src/schema.json is stale: regenerate it from the model with `UPDATE_SCHEMA=1 cargo test --test schema`"
    );
}
