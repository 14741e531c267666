//! The JS boundary: the only file that knows about JavaScript. Every function forwards to the core and hands
//! its typed result over as a plain JS value, or throws a JS `Error` carrying the structured diagnostics.
//! The result types' TypeScript declarations are generated from the Rust types (tsify), not written here.
//!
//! Both directions cross as JSON text, measured against serde-wasm-bindgen each way in bench/results/boundary.md
//! (by bench-only twins of these functions, since removed: `git log -- bench/boundary.mjs`). Inputs:
//! `JSON.stringify` here and serde_json's reader is about twice as fast as serde-wasm-bindgen's walk of the
//! object, and no JS value can reach a Rust panic — cycles, BigInt and over-deep nesting become ordinary
//! diagnostics. Results: serde-wasm-bindgen builds them 10–40% faster, but its serializer adds 8.4 KB to the
//! module (3.5 KB gzipped, over a size budget already passed), loading and the first synthesis take about 3%
//! longer, and a whole number past 2^53 throws where JSON text carries it.
//! Two results cross otherwise (bench/results/profile-core.md): a template object is `JSON.parse` of the
//! canonical text synthesis makes anyway (no second serialization), and `synthExplain`'s explanation, whose
//! long sentences made escaping them and parsing them back a quarter of the call, is built by
//! serde-wasm-bindgen (no number in it comes near 2^53).

use crate::json::Value;
use crate::{Diagnostic, Report, ValidationReport};
use js_sys::{Error, Reflect, JSON};
use serde::Serialize;
use wasm_bindgen::prelude::*;

// The two JSON types the generated declarations refer to (a template's values are any JSON), and the error
// every function but `validate` throws.
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A value of a CloudFormation template, as JSON. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
/** What a rejected spec throws: every error at once, and the warnings found on the way. */
export interface SpecError extends Error { diagnostics: Diagnostic[]; warnings: Diagnostic[] }
"#;

#[wasm_bindgen]
extern "C" {
    /// `JSON.parse` of a string already in JS.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn parse_js_string(text: &JsValue) -> Result<JsValue, JsValue>;
}

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// The core's version.
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_string()
}

/// Express Mode's rules on a task definition of the user's, over what a front door sees of it:
/// `{ containers: [{ name, portMappings: [{ name?, protocol? }] }] }`. Never throws.
#[wasm_bindgen(js_name = checkTaskDefinition, unchecked_return_type = "ValidationReport")]
pub fn check_task_definition(
    #[wasm_bindgen(unchecked_param_type = "unknown")] task_definition: JsValue,
) -> Result<JsValue, JsValue> {
    report(
        &task_definition,
        "taskDefinition",
        crate::check_task_definition,
    )
}

/// The JSON Schema of the spec.
#[wasm_bindgen(unchecked_return_type = "JsonObject")]
pub fn schema() -> Result<JsValue, JsValue> {
    to_js(crate::schema::spec_schema())
}

/// Every problem of a spec: `{ valid, errors, warnings }`. Never throws for a bad spec.
#[wasm_bindgen(unchecked_return_type = "ValidationReport")]
pub fn validate(
    #[wasm_bindgen(unchecked_param_type = "unknown")] spec: JsValue,
) -> Result<JsValue, JsValue> {
    report(&spec, "", crate::validate)
}

/// The checks across the services of one stack (diagnostics of scope `stack` only), over a spec of all of
/// them; `stacks` (service key → stack name) when they are spread over the stacks of an app. Never throws
/// for a bad spec.
#[wasm_bindgen(js_name = checkStack, unchecked_return_type = "ValidationReport")]
pub fn check_stack(
    #[wasm_bindgen(unchecked_param_type = "unknown")] spec: JsValue,
    #[wasm_bindgen(unchecked_param_type = "{ [serviceKey: string]: string } | undefined")]
    stacks: JsValue,
) -> Result<JsValue, JsValue> {
    let input = |v: &JsValue, path: &str| {
        from_js(v, path).map_err(|d| Report {
            errors: vec![d],
            warnings: Vec::new(),
        })
    };
    let result = input(&spec, "").and_then(|spec| {
        let stacks = match stacks.is_undefined() || stacks.is_null() {
            true => None,
            false => Some(input(&stacks, "stacks")?),
        };
        Ok(crate::check_stack(&spec, stacks.as_ref()))
    });
    to_js(&result.unwrap_or_else(ValidationReport::from))
}

/// The metrics of a service known only by its ARN (an imported one), by name; `SpecError` for an ARN that
/// is no ECS service's.
#[wasm_bindgen(js_name = importedServiceMetrics, unchecked_return_type = "{ [name: string]: MetricDef }")]
pub fn imported_service_metrics(
    #[wasm_bindgen(unchecked_param_type = "string")] arn: JsValue,
) -> Result<JsValue, JsValue> {
    let arn = Value::String(arn.as_string().unwrap_or_default());
    let metrics = crate::imported_service_metrics(&arn).map_err(|r| report_error(&r))?;
    to_js(&metrics)
}

/// The strings of a JS list; none for a non-list (Array.from would throw on undefined) or a non-string.
fn strings(list: &JsValue) -> Vec<String> {
    if js_sys::Array::is_array(list) {
        js_sys::Array::from(list)
            .iter()
            .filter_map(|v| v.as_string())
            .collect()
    } else {
        Vec::new()
    }
}

/// The name of `known` a mistyped `given` most likely meant ("did you mean"), as the core's own messages
/// choose it; `undefined` when none is close. Non-strings are no candidates. Never throws.
#[wasm_bindgen(unchecked_return_type = "string | undefined")]
pub fn suggest(
    #[wasm_bindgen(unchecked_param_type = "string")] given: JsValue,
    #[wasm_bindgen(unchecked_param_type = "readonly string[]")] known: JsValue,
) -> JsValue {
    let given = given.as_string().unwrap_or_default();
    let known = strings(&known);
    crate::suggest::suggest(&given, known.iter().map(String::as_str))
        .map_or(JsValue::UNDEFINED, JsValue::from_str)
}

/// The newest Node.js runtime of `known` (e.g. the runtimes an app's aws-cdk-lib knows) that Lambda takes for
/// the library's functions (`helpers.runtime`); `undefined` when none. Non-strings are ignored. Never throws.
#[wasm_bindgen(js_name = newestNodeRuntime, unchecked_return_type = "string | undefined")]
pub fn newest_node_runtime(
    #[wasm_bindgen(unchecked_param_type = "readonly string[]")] known: JsValue,
) -> JsValue {
    let known = strings(&known);
    crate::rules::lambda::newest_node_runtime(known.iter().map(String::as_str))
        .map_or(JsValue::UNDEFINED, JsValue::from_str)
}

/// The outputs of the services' URLs when one per service does not fit:
/// `{ urls: [{ label, url }], otherOutputs }` → `{ outputs?, errors }`. Never throws for bad input.
#[wasm_bindgen(js_name = urlOutputs, unchecked_return_type = "UrlOutputs")]
pub fn url_outputs(
    #[wasm_bindgen(unchecked_param_type = "unknown")] input: JsValue,
) -> Result<JsValue, JsValue> {
    match from_js(&input, "") {
        Ok(v) => to_js(&crate::url_outputs(&v)),
        Err(d) => to_js(&crate::UrlOutputs {
            outputs: None,
            errors: vec![d],
        }),
    }
}

/// What the construct must change on a stack's shared resources once its services are all known (the
/// composed web ACLs): `{ replace, remove, serviceResources, serviceAttributes, errors }`. Never throws for
/// bad input.
#[wasm_bindgen(js_name = sharedChanges, unchecked_return_type = "SharedChanges")]
pub fn shared_changes(
    #[wasm_bindgen(unchecked_param_type = "unknown")] spec: JsValue,
) -> Result<JsValue, JsValue> {
    match from_js(&spec, "") {
        Ok(v) => to_js(&crate::shared_changes(&v)),
        Err(d) => to_js(&crate::SharedChanges {
            errors: vec![d],
            ..crate::SharedChanges::default()
        }),
    }
}

/// The rules on a service's tags (`{ key: value }`), with paths `tags` and `tags.<key>`. Never throws.
#[wasm_bindgen(js_name = checkTags, unchecked_return_type = "ValidationReport")]
pub fn check_tags(
    #[wasm_bindgen(unchecked_param_type = "unknown")] tags: JsValue,
) -> Result<JsValue, JsValue> {
    report(&tags, "tags", crate::check_tags)
}

/// The problems of JSON text as the core reads it (syntax, duplicate keys, nesting), with line and column.
#[wasm_bindgen(js_name = checkJson, unchecked_return_type = "Diagnostic[]")]
pub fn check_json(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
) -> Result<JsValue, JsValue> {
    match text.as_string() {
        Some(text) => to_js(&crate::check_json(&text)),
        None => to_js(&[Diagnostic::new(
            "",
            "wrong-type",
            "expected JSON text (a string)",
        )]),
    }
}

/// The whole spec as one CloudFormation template: `{ template, json, warnings }`.
#[wasm_bindgen(js_name = synthTemplate, unchecked_return_type = "SynthResult")]
pub fn synth_template(
    #[wasm_bindgen(unchecked_param_type = "unknown")] spec: JsValue,
) -> Result<JsValue, JsValue> {
    let value = from_js(&spec, "").map_err(|d| spec_error(&[d], &[]))?;
    let out = crate::synth_template(&value).map_err(|r| report_error(&r))?;
    synth_to_js(&out)
}

/// The whole spec's template and its explanation from one reading of the spec: `{ synth, explanation }`.
#[wasm_bindgen(js_name = synthExplain, unchecked_return_type = "SynthExplained")]
pub fn synth_explain(
    #[wasm_bindgen(unchecked_param_type = "unknown")] spec: JsValue,
) -> Result<JsValue, JsValue> {
    let value = from_js(&spec, "").map_err(|d| spec_error(&[d], &[]))?;
    let out = crate::synth_explain(&value).map_err(|r| report_error(&r))?;
    #[derive(Serialize)]
    struct Rest<'a> {
        explanation: &'a crate::Explanation,
    }
    let result = to_js_objects(&Rest {
        explanation: &out.explanation,
    })?;
    Reflect::set(&result, &"synth".into(), &synth_to_js(&out.synth)?)?;
    Ok(result)
}

/// A `SynthResult` as a JS value. The text goes over as a string of its own: inside the JSON text it would be
/// escaped, then read back. The template object is `JSON.parse` of that very text: serializing the template
/// once more for `to_js` was a tenth of a call (bench/results/profile-core.md).
fn synth_to_js(out: &crate::SynthResult) -> Result<JsValue, JsValue> {
    let result: JsValue = js_sys::Object::new().into();
    let json = JsValue::from_str(&out.json);
    // The JS string made once: js_sys's `JSON::parse` takes a `&str` and would copy the text over again.
    let template = parse_js_string(&json)?;
    Reflect::set(&result, &"template".into(), &template)?;
    Reflect::set(&result, &"warnings".into(), &to_js(&out.warnings)?)?;
    Reflect::set(&result, &"json".into(), &json)?;
    Ok(result)
}

/// One service's fragment, for the construct.
#[wasm_bindgen(js_name = synthService, unchecked_return_type = "Fragment")]
pub fn synth_service(
    #[wasm_bindgen(unchecked_param_type = "unknown")] spec: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
) -> Result<JsValue, JsValue> {
    // Taken as any JS value: wasm-bindgen's string glue traps on an object and throws a TypeError on null.
    let Some(name) = name.as_string() else {
        let why = "expected the name of a service of the spec (a string)";
        return Err(spec_error(
            &[Diagnostic::new("name", "wrong-type", why)],
            &[],
        ));
    };
    let value = from_js(&spec, "").map_err(|d| spec_error(&[d], &[]))?;
    let fragment = crate::synth_service(&value, &name).map_err(|r| report_error(&r))?;
    to_js(&fragment)
}

/// What Express Mode creates in the account for a spec, and why.
#[wasm_bindgen(unchecked_return_type = "Explanation")]
pub fn explain(
    #[wasm_bindgen(unchecked_param_type = "unknown")] spec: JsValue,
) -> Result<JsValue, JsValue> {
    let value = from_js(&spec, "").map_err(|d| spec_error(&[d], &[]))?;
    let out = crate::explain(&value).map_err(|r| report_error(&r))?;
    to_js_objects(&out)
}

/// The changes to Express services between two templates.
#[wasm_bindgen(js_name = diffTemplates, unchecked_return_type = "TemplateDiff")]
pub fn diff_templates(
    #[wasm_bindgen(unchecked_param_type = "unknown")] old_template: JsValue,
    #[wasm_bindgen(unchecked_param_type = "unknown")] new_template: JsValue,
) -> Result<JsValue, JsValue> {
    let old = from_js(&old_template, "old").map_err(|d| spec_error(&[d], &[]))?;
    let new = from_js(&new_template, "new").map_err(|d| spec_error(&[d], &[]))?;
    let out = crate::diff_templates(&old, &new).map_err(|r| report_error(&r))?;
    to_js(&out)
}

/// Every Express service of a CloudFormation template (an object, or its JSON text; YAML's short forms already
/// in their long form) and every finding about them, at template paths. Never throws: a value that is not a
/// template is the result's one error.
#[wasm_bindgen(js_name = lintTemplate, unchecked_return_type = "TemplateLint")]
pub fn lint_template(
    #[wasm_bindgen(unchecked_param_type = "unknown")] template: JsValue,
) -> Result<JsValue, JsValue> {
    let lint = match from_js(&template, "") {
        Ok(value) => crate::lint_template(&value),
        Err(d) => crate::template::TemplateLint::unreadable(d),
    };
    to_js(&lint)
}

/// The top-level keys only a CloudFormation template has: a value holding one is a template, not a spec.
#[wasm_bindgen(js_name = templateKeys)]
pub fn template_keys() -> Vec<String> {
    crate::TEMPLATE_KEYS.iter().map(|k| k.to_string()).collect()
}

/// A check's report on `input`; an input that is not JSON at all is the report's one error.
fn report(
    input: &JsValue,
    path: &str,
    check: fn(&Value) -> ValidationReport,
) -> Result<JsValue, JsValue> {
    let report = match from_js(input, path) {
        Ok(value) => check(&value),
        Err(diag) => Report {
            errors: vec![diag],
            warnings: Vec::new(),
        }
        .into(),
    };
    to_js(&report)
}

/// A JS value (or JSON text) as a JSON value. `JSON.stringify` runs in JS, where a cycle, a BigInt or
/// a stack overflow is an exception, caught here; serde_json then refuses nesting deeper than 128.
fn from_js(value: &JsValue, path: &str) -> Result<Value, Diagnostic> {
    if let Some(text) = value.as_string() {
        return crate::parse_json(&text, path);
    }
    let nothing = || {
        Diagnostic::new(
            path,
            "not-json",
            "expected a JSON object, got nothing usable",
        )
    };
    if value.is_undefined() || value.is_function() || value.is_symbol() {
        return Err(nothing());
    }
    match JSON::stringify(value) {
        // `JSON.stringify` gives undefined for what JSON cannot hold at the root (e.g. an object whose
        // toJSON returns undefined).
        Ok(text) => match text.as_string() {
            Some(text) => crate::parse_json(&text, path),
            None => Err(nothing()),
        },
        Err(e) => {
            let why = e
                .dyn_ref::<Error>()
                .map(|e| String::from(e.message()))
                .unwrap_or_else(|| "not serializable".to_string());
            Err(Diagnostic::new(
                path,
                "not-json",
                format!("not a JSON-compatible value: {why}"),
            ))
        }
    }
}

/// A result as a plain JS value: compact JSON text read by `JSON.parse`, so objects are plain objects and
/// keys keep their order.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value).map_err(|e| Error::new(&e.to_string()))?;
    JSON::parse(&text)
}

/// A result of many long strings (an explanation) as plain JS objects built directly: JSON text would escape
/// every sentence and read it back (serde-wasm-bindgen measured 10% faster for `synthExplain` at 50 services,
/// 24% at 450).
fn to_js_objects<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(JsValue::from)
}

fn report_error(r: &Report) -> JsValue {
    spec_error(&r.errors, &r.warnings)
}

fn spec_error(errors: &[Diagnostic], warnings: &[Diagnostic]) -> JsValue {
    let err = Error::new(&crate::diag::summary(errors));
    err.set_name("SpecError");
    let set = |key: &str, list: &[Diagnostic]| {
        let value = to_js(&list).unwrap_or(JsValue::NULL);
        // Setting a property on a fresh Error object cannot fail.
        let _ = Reflect::set(&err, &key.into(), &value);
    };
    set("diagnostics", errors);
    set("warnings", warnings);
    err.into()
}
