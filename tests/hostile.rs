//! Hostile input: whatever JSON arrives, the core answers with diagnostics and never panics.

mod common;
use common::api::{diff_templates, explain, synth_service, synth_template, validate};
use common::Rng;
use express_service_core::parse_json;
use serde_json::{json, Map, Value};

const KEYS: &[&str] = &[
    "services",
    "Web",
    "image",
    "cpu",
    "memory",
    "containerPort",
    "scaling",
    "minTasks",
    "maxTasks",
    "metric",
    "targetValue",
    "waf",
    "webAclArn",
    "managedRules",
    "rateLimit",
    "network",
    "subnets",
    "securityGroups",
    "secrets",
    "environment",
    "tags",
    "cluster",
    "clusterName",
    "logs",
    "retentionDays",
    "roles",
    "task",
    "execution",
    "output",
    "command",
    "description",
];
const STRINGS: &[&str] = &[
    "",
    "nginx:1",
    "${Token[TOKEN.1]}",
    "#{Token[X]}",
    "arn:",
    "arn:aws:secretsmanager:us-east-1:123456789012:secret:a:b:c:d:e",
    "subnet-",
    "sg-0",
    "ü",
    "\u{0}",
    "create",
    "cpu",
    "requests",
    "/",
    "a@sha256:",
    "arn:aws:wafv2:x:1:global/webacl/a/b",
];

fn value(rng: &mut Rng, depth: u32) -> Value {
    match rng.next() % if depth > 4 { 5 } else { 8 } {
        0 => Value::Null,
        1 => Value::Bool(rng.next() % 2 == 0),
        2 => json!(rng.next() as i64 % 100_000),
        3 => json!((rng.next() % 1000) as f64 / 7.0),
        4 => json!(rng.pick(STRINGS)),
        5 => Value::Array((0..rng.next() % 4).map(|_| value(rng, depth + 1)).collect()),
        _ => {
            let mut m = Map::new();
            for _ in 0..rng.next() % 5 {
                m.insert(rng.pick(KEYS).to_string(), value(rng, depth + 1));
            }
            Value::Object(m)
        }
    }
}

/// A spec shaped like a real one, with random values in random places.
fn spec_like(rng: &mut Rng) -> Value {
    let mut service = Map::new();
    service.insert("image".into(), json!("nginx:1"));
    for _ in 0..rng.next() % 6 {
        service.insert(rng.pick(KEYS).to_string(), value(rng, 2));
    }
    json!({ "services": { "Web": service }, "waf": if rng.next() % 3 == 0 { value(rng, 1) } else { json!(false) } })
}

#[test]
fn random_values_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..5000 {
        let v = if rng.next() % 2 == 0 {
            value(&mut rng, 0)
        } else {
            spec_like(&mut rng)
        };
        let report = validate(&v);
        let synth = synth_template(&v);
        assert_eq!(
            report.errors.is_empty(),
            synth.is_ok(),
            "validate and synth disagree on {v}"
        );
        let _ = synth_service(&v, "Web");
        let _ = explain(&v);
        let _ = diff_templates(&v, &v);
        for d in &report.errors {
            assert!(!d.message.is_empty() && !d.code.is_empty(), "{d:?}");
        }
    }
}

#[test]
fn huge_and_deep_inputs() {
    // A megabyte of digits is out of any number's range: refused by the reader, with a short message.
    let digits = "9".repeat(1_000_000);
    let text = format!(r#"{{"services": {{"Web": {{"image": "nginx:1", "cpu": {digits}}}}}}}"#);
    let e = parse_json(&text, "").unwrap_err();
    assert_eq!(e.code, "not-json");
    assert!(
        e.message == "not valid JSON: number out of range" && e.line == Some(1),
        "{}",
        e.message
    );
    // Twenty digits pass the reader but no count: said so, with the number.
    let r = validate(&json!({ "services": { "Web": { "image": "nginx:1", "cpu": 1e20 } } }));
    assert_eq!(r.errors[0].code, "wrong-type");
    assert!(
        r.errors[0].message.ends_with("got 1e+20"),
        "{}",
        r.errors[0].message
    );
    let big = "a".repeat(5_000_000);
    let r = validate(&json!({ "services": { "Web": { "image": big } } }));
    assert_eq!(r.errors[0].code, "image-ref");
    let mut deep = json!("x");
    for _ in 0..120 {
        deep = json!({ "services": deep });
    }
    assert!(!validate(&deep).errors.is_empty());
    let text = format!("{}{}", "{\"a\":".repeat(200), "}".repeat(200));
    assert_eq!(parse_json(&text, "").unwrap_err().code, "not-json");
    let many: Map<String, Value> = (0..20_000).map(|i| (format!("K{i}"), json!({}))).collect();
    let r = validate(&json!({ "services": many }));
    assert!(r.errors.len() >= 20_000);
}

/// The hostile corpus (tests/hostile/README.md): every JSON case read as the core reads JSON text, then
/// validated; each must get its expected diagnostic at its path, and no entry point may panic.
#[test]
fn the_hostile_corpus_gets_a_diagnostic_at_each_path() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    let expected: Map<String, Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let mut failures = Vec::new();
    let mut run = 0;
    for (file, want) in &expected {
        let skipped = want.get("native").and_then(|n| n.get("skip")).is_some();
        if !file.ends_with(".json") || skipped {
            continue;
        }
        run += 1;
        let text = expand(&std::fs::read_to_string(dir.join("specs").join(file)).unwrap());
        let (errors, warnings) = match parse_json(&text, "") {
            Err(d) => (vec![d], vec![]),
            Ok(v) => {
                let report = express_service_core::validate(&v);
                // Every entry point answers without a panic, and agrees with validate.
                let synth = express_service_core::synth_template(&v);
                assert_eq!(report.valid, synth.is_ok(), "{file}");
                let _ = express_service_core::explain(&v);
                let _ = express_service_core::synth_service(&v, "Web");
                let _ = express_service_core::check_stack(&v, None);
                (report.errors, report.warnings)
            }
        };
        if let Err(why) = matches(want, &errors, &warnings) {
            failures.push(format!("{file}: {why}"));
        }
        for d in errors.iter().chain(&warnings) {
            if let Some(word) = leak(&d.message) {
                failures.push(format!("{file}: message has {word:?}: {}", d.message));
            }
        }
    }
    assert!(run >= 150, "only {run} JSON cases");
    assert!(
        failures.is_empty(),
        "{} of {run}:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Whether the expected diagnostic (`path`, `code`, `kind`: error, warning or any) is among those found.
fn matches(
    want: &Value,
    errors: &[express_service_core::Diagnostic],
    warnings: &[express_service_core::Diagnostic],
) -> Result<(), String> {
    let path = want["path"].as_str().unwrap_or_default();
    let code = want["code"].as_str().unwrap_or_default();
    let prefix = want["pathStartsWith"].as_bool().unwrap_or(false);
    let pool: Vec<&express_service_core::Diagnostic> = match want["kind"].as_str() {
        Some("warning") => warnings.iter().collect(),
        Some("any") => errors.iter().chain(warnings).collect(),
        _ => errors.iter().collect(),
    };
    let hit = pool.iter().any(|d| {
        d.code == code
            && if prefix {
                d.path.starts_with(path)
            } else {
                d.path == path
            }
    });
    if hit {
        Ok(())
    } else {
        let found: Vec<String> = errors
            .iter()
            .chain(warnings)
            .map(|d| {
                format!(
                    "{} [{}]",
                    d.path.chars().take(60).collect::<String>(),
                    d.code
                )
            })
            .collect();
        Err(format!(
            "expected {path} [{code}], found {}",
            found.join("; ")
        ))
    }
}

/// Words a message must not have: a library's own advice, or a program's internals.
fn leak(message: &str) -> Option<&'static str> {
    [
        "parseAllDocuments",
        "please use",
        "panicked",
        "RUST_BACKTRACE",
        "undefined",
        "[object ",
        "serde",
    ]
    .into_iter()
    .find(|w| message.contains(w))
}

/// The corpus's one shorthand: `⟪TEXT*N⟫` is TEXT N times, each `#` in it the copy's index (innermost first).
fn expand(text: &str) -> String {
    let mut s = text.to_string();
    while let Some(end) = s.find('⟫') {
        let start = s[..end].rfind('⟪').expect("⟪ before ⟫");
        let body = &s[start + '⟪'.len_utf8()..end];
        let star = body.rfind('*').expect("⟪TEXT*N⟫");
        let n: usize = body[star + 1..].parse().expect("a count after *");
        let unit = &body[..star];
        let copies: String = (0..n).map(|i| unit.replace('#', &i.to_string())).collect();
        s.replace_range(start..end + '⟫'.len_utf8(), &copies);
    }
    s
}
