//! The core's JSON reader and writer against serde_json on mutated JSON text: the same texts are accepted
//! and rejected, accepted texts read as the same values, and the canonical text is serde_json's pretty text.
//! Intended differences: the core refuses a key written twice (serde_json keeps the last) and keeps numbers
//! out of f64 range as written (serde_json refuses them).

mod common;
use common::Rng;
use express_service_core::json::Value as Core;
use express_service_core::{parse_json, template_json};
use serde_json::Value as Serde;
use std::fs;
use std::path::Path;

/// Characters that matter to JSON, and a few that do not belong anywhere.
const NOISE: &[&str] = &[
    "{", "}", "[", "]", "\"", ",", ":", "\\", "\\u", "\\ud83d", "\\ude00", "0", "1", "-", ".", "e",
    "E", "+", "t", "f", "n", "true", "null", " ", "\n", "\t", "\u{1}", "é", "😀", "1e400",
    "\"k\":",
];

fn same(core: &Core, serde: &Serde) -> bool {
    match (core, serde) {
        (Core::Null, Serde::Null) => true,
        (Core::Bool(a), Serde::Bool(b)) => a == b,
        (Core::Number(a), Serde::Number(b)) => {
            let a: f64 = a
                .to_string()
                .parse()
                .expect("the core keeps valid number text");
            Some(a) == b.as_f64()
        }
        (Core::String(a), Serde::String(b)) => a == b,
        (Core::Array(a), Serde::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Core::Object(a), Serde::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|((ka, va), (kb, vb))| ka == kb && same(va, vb))
        }
        _ => false,
    }
}

fn whole_numbers_only(v: &Core) -> bool {
    match v {
        Core::Number(n) => n.as_i64().is_some() || n.as_u64().is_some(),
        Core::Array(items) => items.iter().all(whole_numbers_only),
        Core::Object(map) => map.values().all(whole_numbers_only),
        _ => true,
    }
}

fn corpus() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut texts = Vec::new();
    for case in fs::read_dir(dir).expect("tests/cases") {
        let case = case.expect("entry").path();
        for file in ["spec.json", "warnings.json"] {
            texts.push(fs::read_to_string(case.join(file)).expect("case file"));
        }
    }
    texts.push(
        r#"{"a":[1,-0.5,2e3,1E-2,null,true,false,"\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"],"b":{}}"#
            .into(),
    );
    texts
}

#[test]
fn mutated_texts_read_as_serde_json_reads_them() {
    let corpus = corpus();
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let (mut accepted, mut rejected) = (0, 0);
    for _ in 0..20_000 {
        let mut chars: Vec<char> = corpus[rng.below(corpus.len())].chars().collect();
        for _ in 0..1 + rng.below(3) {
            let at = rng.below(chars.len() + 1);
            match rng.below(3) {
                0 if at < chars.len() => {
                    chars.remove(at);
                }
                1 if at < chars.len() => {
                    let noise: Vec<char> = NOISE[rng.below(NOISE.len())].chars().collect();
                    chars.splice(at..at + 1, noise);
                }
                _ => {
                    let noise = NOISE[rng.below(NOISE.len())].chars();
                    chars.splice(at..at, noise);
                }
            }
        }
        let text: String = chars.into_iter().collect();
        let ours = parse_json(&text, "");
        let theirs = serde_json::from_str::<Serde>(&text);
        match (&ours, &theirs) {
            (Ok(a), Ok(b)) => {
                assert!(same(a, b), "different values for {text:?}");
                // serde_json rewrites 2e3 as 2000.0; whole numbers it writes as given, like the core.
                if whole_numbers_only(a) {
                    assert_eq!(
                        template_json(a),
                        serde_json::to_string_pretty(b).expect("serializable") + "\n",
                        "different text for {text:?}"
                    );
                }
                accepted += 1;
            }
            (Err(e), Ok(_)) => assert!(
                e.message.contains("written twice"),
                "the core refuses {text:?}, serde_json takes it: {}",
                e.message
            ),
            (Ok(_), Err(e)) => assert!(
                e.to_string().contains("number out of range"),
                "the core takes {text:?}, serde_json refuses it: {e}"
            ),
            (Err(e), Err(_)) => {
                assert!(e.message.contains(" at line "), "{}", e.message);
                rejected += 1;
            }
        }
    }
    // Both outcomes are exercised, not just one.
    assert!(
        accepted > 1000 && rejected > 1000,
        "{accepted} accepted, {rejected} rejected"
    );
}
