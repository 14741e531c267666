//! The JS boundary under node: every exported function answers garbage with an error carrying
//! diagnostics, never a trap. Run by `wasm-pack test --node` (see scripts/test.sh).
#![cfg(target_arch = "wasm32")]

use express_service_core::wasm::*;
use js_sys::{Array, Object, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn js(text: &str) -> JsValue {
    JSON::parse(text).expect("test JSON")
}

fn diagnostics(err: &JsValue) -> Array {
    assert!(
        err.is_instance_of::<js_sys::Error>(),
        "not an Error: {err:?}"
    );
    Reflect::get(err, &"diagnostics".into())
        .expect("diagnostics")
        .dyn_into::<Array>()
        .expect("an array")
}

fn first_code(err: &JsValue) -> String {
    let d = diagnostics(err).get(0);
    Reflect::get(&d, &"code".into())
        .unwrap()
        .as_string()
        .unwrap()
}

#[wasm_bindgen_test]
fn a_valid_spec_synthesizes() {
    let out = synth_template(js(r#"{"services":{"Web":{"image":"nginx:1.27"}}}"#)).expect("valid");
    let text = Reflect::get(&out, &"json".into())
        .unwrap()
        .as_string()
        .unwrap();
    assert!(text.contains("AWS::ECS::ExpressGatewayService") && text.ends_with("}\n"));
    let template = Reflect::get(&out, &"template".into()).unwrap();
    assert!(template.is_object());
}

#[wasm_bindgen_test]
fn wrong_types_give_diagnostics() {
    for bad in [
        JsValue::UNDEFINED,
        JsValue::NULL,
        JsValue::from(5),
        JsValue::from(true),
        js("[]"),
        js(r#"{"services":7}"#),
    ] {
        let err = synth_template(bad).expect_err("rejected");
        assert!(diagnostics(&err).length() >= 1);
    }
    let spec = r#"{"services":{"Web":{"image":"nginx:1"}}}"#;
    let err = synth_service(js(spec), JsValue::from("Nope")).expect_err("rejected");
    assert_eq!(first_code(&err), "unknown-service");
    for name in [
        JsValue::NULL,
        JsValue::UNDEFINED,
        js("{}"),
        js("[1]"),
        JsValue::from(3),
    ] {
        let err = synth_service(js(spec), name).expect_err("rejected");
        assert_eq!(first_code(&err), "wrong-type");
    }
    assert!(synth_service(js(spec), JsValue::from("Web")).is_ok());
}

#[wasm_bindgen_test]
fn bigint_and_cycles_are_not_json() {
    let obj = Object::new();
    Reflect::set(&obj, &"services".into(), &js_sys::BigInt::from(5u32).into()).unwrap();
    assert_eq!(
        first_code(&synth_template(obj.into()).expect_err("rejected")),
        "not-json"
    );
    let cyclic = Object::new();
    Reflect::set(&cyclic, &"self".into(), &cyclic).unwrap();
    assert_eq!(first_code(&validate_err(cyclic.into())), "not-json");
}

fn validate_err(v: JsValue) -> JsValue {
    explain(v).expect_err("rejected")
}

#[wasm_bindgen_test]
fn deep_and_huge_values() {
    let deep = format!("{}1{}", "[".repeat(5000), "]".repeat(5000));
    assert_eq!(
        first_code(&synth_template(JsValue::from(deep)).expect_err("rejected")),
        "not-json"
    );
    let mut nested = js("1");
    for _ in 0..20_000 {
        let a = Array::new();
        a.push(&nested);
        nested = a.into();
    }
    assert!(synth_template(nested).is_err());
    let big = format!(
        r#"{{"services":{{"Web":{{"image":"{}"}}}}}}"#,
        "a".repeat(3_000_000)
    );
    assert_eq!(
        first_code(&synth_template(JsValue::from(big)).expect_err("rejected")),
        "image-ref"
    );
}

#[wasm_bindgen_test]
fn validate_never_throws() {
    let out = validate(JsValue::from_str("{not json")).expect("an answer");
    assert_eq!(Reflect::get(&out, &"valid".into()).unwrap(), JsValue::FALSE);
    let out = validate(js(
        r#"{"services":{"Web":{"image":"nginx:1","cpu":256,"memory":256}}}"#,
    ))
    .unwrap();
    let errors: Array = Reflect::get(&out, &"errors".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    let msg = Reflect::get(&errors.get(0), &"message".into())
        .unwrap()
        .as_string()
        .unwrap();
    assert_eq!(
        msg,
        "256 MiB is not valid with cpu 256; valid: 512, 1024, 2048"
    );
}

#[wasm_bindgen_test]
fn schema_and_version() {
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));
    let s = schema().unwrap();
    assert!(Reflect::get(&s, &"$defs".into()).unwrap().is_object());
}

#[wasm_bindgen_test]
fn diff_of_non_templates() {
    let err = diff_templates(js("[]"), js("{}")).expect_err("rejected");
    assert_eq!(diagnostics(&err).length(), 2);
}

/// Memory is reused across calls (Rust's default allocator): synthesizing the same large spec again and again, and
/// handling large inputs, stops growing memory after the first rounds.
#[wasm_bindgen_test]
fn memory_is_reused_across_calls() {
    let services: Vec<String> = (0..300)
        .map(|i| {
            format!(r#""S{i}":{{"image":"nginx:1.27","cpu":512,"output":false,"environment":{{"N":"{i}"}}}}"#)
        })
        .collect();
    let spec = format!(r#"{{"services":{{{}}}}}"#, services.join(","));
    let pages = || {
        wasm_bindgen::memory()
            .unchecked_into::<js_sys::WebAssembly::Memory>()
            .buffer()
            .unchecked_into::<js_sys::ArrayBuffer>()
            .byte_length()
    };
    let mut sizes = Vec::new();
    for round in 0..40 {
        let out = synth_template(JsValue::from_str(&spec)).expect("valid");
        assert!(
            Reflect::get(&out, &"json".into())
                .unwrap()
                .as_string()
                .unwrap()
                .len()
                > 100_000
        );
        let _ = validate(JsValue::from_str(&"x".repeat(1 << 20)));
        if round >= 5 {
            sizes.push(pages());
        }
    }
    assert!(
        sizes.windows(2).all(|w| w[0] == w[1]),
        "memory kept growing: {sizes:?}"
    );
}
