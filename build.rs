//! Checks the spec's JSON Schema and writes it without insignificant whitespace into OUT_DIR: the WASM module
//! carries it as text, and the pretty file in src/ stays the one to read and review. A missing or unparsable
//! schema fails the build (the reader's shape pass walks it: an empty one would refuse every key). The schema itself
//! is generated from the model (src/model/input.rs; `UPDATE_SCHEMA=1 cargo test --test schema`).

use std::{env, fs, path::Path, process::exit};

fn fail(why: String) -> ! {
    eprintln!("build.rs: {why}");
    exit(1);
}

fn main() {
    let src = "src/schema.json";
    println!("cargo:rerun-if-changed={src}");
    let text = fs::read_to_string(src).unwrap_or_else(|e| fail(format!("cannot read {src}: {e}")));
    let schema: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| fail(format!("{src} is not valid JSON: {e}")));
    for key in ["properties", "$defs"] {
        if !schema.get(key).is_some_and(serde_json::Value::is_object) {
            fail(format!("{src} has no {key} object"));
        }
    }
    let min = serde_json::to_string(&schema)
        .unwrap_or_else(|e| fail(format!("cannot write the schema: {e}")));
    let dir = env::var("OUT_DIR").unwrap_or_else(|e| fail(format!("OUT_DIR: {e}")));
    if let Err(e) = fs::write(Path::new(&dir).join("schema.min.json"), min) {
        fail(format!("cannot write the minified schema: {e}"));
    }
}
