//! Writes the spec's JSON Schema without insignificant whitespace into OUT_DIR: the WASM module carries it
//! as text, and the pretty file in src/ stays the one to read and review.

use std::{env, fs, path::Path};

fn main() {
    let src = "src/schema.json";
    println!("cargo:rerun-if-changed={src}");
    let text = fs::read_to_string(src).unwrap_or_default();
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    let dir = env::var("OUT_DIR").unwrap_or_default();
    if let Err(e) = fs::write(Path::new(&dir).join("schema.min.json"), out) {
        println!("cargo:warning=cannot write the minified schema: {e}");
        std::process::exit(1);
    }
}
