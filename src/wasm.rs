//! The JS boundary: the only file that knows about JavaScript. Every function forwards to the core and
//! turns its result into plain JSON-compatible values, or into a JS `Error` carrying the diagnostics.
//! Inputs cross as JSON text (made by `JSON.stringify` here), so no JS value can reach a Rust panic:
//! cycles, BigInt and over-deep nesting become ordinary diagnostics.

use crate::diag::list_json;
use crate::json::Value;
use crate::value::obj;
use crate::{Diagnostic, Report};
use js_sys::{Error, Reflect, JSON};
use wasm_bindgen::prelude::*;

// The shapes of the results, for TypeScript users: written here, beside the functions that make them, so
// they change together (docs/core-api.md describes them).
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** One problem or warning about a spec: where, what kind, and what would be valid. */
export interface Diagnostic {
  /** Dotted property path inside the spec (`services.Web.scaling.maxTasks`); "" for the whole spec. */
  path: string;
  /** Stable kebab-case identifier of the rule (`fargate-pair`). */
  code: string;
  /** What is wrong and what would be valid. */
  message: string;
}
/** A value of a CloudFormation template, as JSON. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
/** Every error and warning of a spec. */
export interface ValidationReport { valid: boolean; errors: Diagnostic[]; warnings: Diagnostic[] }
/** A whole spec as one template: as an object and as its canonical text (the same bytes everywhere). */
export interface SynthResult { template: JsonObject; json: string; warnings: Diagnostic[] }
/** One service's CloudFormation with local IDs; `shared` IDs are the same for every service of a stack. */
export interface Fragment {
  resources: { [localId: string]: JsonObject };
  shared: string[];
  outputs: { [localId: string]: JsonObject };
  attributes: { [name: string]: Json };
  warnings: Diagnostic[];
}
export type ExplanationKind = "cluster" | "roles" | "deployment" | "load-balancer" | "certificate" | "dns"
  | "security-groups" | "scaling" | "alarms" | "log-group" | "health-check" | "waf";
export interface ExplanationItem { kind: ExplanationKind; title: string; detail: string; managedBy: "ecs" | "stack" }
/** What Express Mode creates in the account for a spec, and why. */
export interface Explanation {
  services: { name: string; items: ExplanationItem[] }[];
  loadBalancers: { network: string; services: string[]; count: number }[];
  /** How many Express services at most share one load balancer. */
  servicesPerLoadBalancer: number;
  stack: { logicalId: string; type: string }[];
  graph: ResourceGraph;
}
/** What the spec makes, as boxes in tiers (top to bottom) and "feeds into" edges, for a diagram. */
export interface ResourceGraph {
  tiers: string[];
  nodes: {
    id: string; tier: string; title: string; sub: string;
    managedBy: "stack" | "ecs" | "existing"; detail: string;
    /** A second half of the box. */
    lower?: { title: string; sub: string };
  }[];
  edges: { from: string; to: string }[];
}
export interface PropertyChange { path: string; change: "added" | "removed" | "modified"; replaces: boolean; reason: string }
export interface ServiceChange {
  logicalId: string; change: "added" | "removed" | "modified"; replaces: boolean;
  properties: PropertyChange[]; reason?: string;
}
/** The changes to Express services between two templates; `replaces` marks a new URL, `removals` counts URLs gone. */
export interface TemplateDiff { services: ServiceChange[]; replacements: number; removals: number }
/** What a rejected spec throws. */
export interface SpecError extends Error { diagnostics: Diagnostic[]; warnings: Diagnostic[] }
"#;

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// The core's version.
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_string()
}

/// The JSON Schema of the spec.
#[wasm_bindgen(unchecked_return_type = "object")]
pub fn schema() -> Result<JsValue, JsValue> {
    to_js(crate::schema::spec_schema())
}

/// Every problem of a spec: `{ valid, errors, warnings }`. Never throws for a bad spec.
#[wasm_bindgen(unchecked_return_type = "ValidationReport")]
pub fn validate(
    #[wasm_bindgen(unchecked_param_type = "unknown")] spec: JsValue,
) -> Result<JsValue, JsValue> {
    let report = match from_js(&spec, "") {
        Ok(value) => crate::validate(&value),
        Err(diag) => Report {
            errors: vec![diag],
            warnings: Vec::new(),
        },
    };
    to_js(&obj(vec![
        ("valid", Value::Bool(report.errors.is_empty())),
        ("errors", list_json(&report.errors)),
        ("warnings", list_json(&report.warnings)),
    ]))
}

/// The whole spec as one CloudFormation template: `{ template, json, warnings }`.
#[wasm_bindgen(js_name = synthTemplate, unchecked_return_type = "SynthResult")]
pub fn synth_template(
    #[wasm_bindgen(unchecked_param_type = "unknown")] spec: JsValue,
) -> Result<JsValue, JsValue> {
    let value = from_js(&spec, "").map_err(|d| spec_error(&[d], &[]))?;
    let out = crate::synth_template(&value).map_err(|r| spec_error(&r.errors, &r.warnings))?;
    let text = crate::template_json(&out.value);
    let result = to_js(&obj(vec![
        ("template", out.value),
        ("warnings", list_json(&out.warnings)),
    ]))?;
    Reflect::set(&result, &"json".into(), &text.into())?;
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
    let fragment =
        crate::synth_service(&value, &name).map_err(|r| spec_error(&r.errors, &r.warnings))?;
    to_js(&fragment)
}

/// What Express Mode creates in the account for a spec, and why.
#[wasm_bindgen(unchecked_return_type = "Explanation")]
pub fn explain(
    #[wasm_bindgen(unchecked_param_type = "unknown")] spec: JsValue,
) -> Result<JsValue, JsValue> {
    let value = from_js(&spec, "").map_err(|d| spec_error(&[d], &[]))?;
    let out = crate::explain(&value).map_err(|r| spec_error(&r.errors, &r.warnings))?;
    to_js(&out)
}

/// The changes to Express services between two templates.
#[wasm_bindgen(js_name = diffTemplates, unchecked_return_type = "TemplateDiff")]
pub fn diff_templates(
    #[wasm_bindgen(unchecked_param_type = "unknown")] old_template: JsValue,
    #[wasm_bindgen(unchecked_param_type = "unknown")] new_template: JsValue,
) -> Result<JsValue, JsValue> {
    let old = from_js(&old_template, "old").map_err(|d| spec_error(&[d], &[]))?;
    let new = from_js(&new_template, "new").map_err(|d| spec_error(&[d], &[]))?;
    let out = crate::diff_templates(&old, &new).map_err(|r| spec_error(&r.errors, &r.warnings))?;
    to_js(&out)
}

/// A JS value (or JSON text) as a JSON value. `JSON.stringify` runs in JS, where a cycle, a BigInt or
/// a stack overflow is an exception, caught here; the parser then refuses nesting deeper than 128.
fn from_js(value: &JsValue, path: &str) -> Result<Value, Diagnostic> {
    let text = match value.as_string() {
        Some(text) => text,
        None => {
            if value.is_undefined() || value.is_function() || value.is_symbol() {
                return Err(Diagnostic::new(
                    path,
                    "not-json",
                    "expected a JSON object, got nothing usable",
                ));
            }
            match JSON::stringify(value) {
                Ok(s) => s.as_string().unwrap_or_default(),
                Err(e) => {
                    let why = e
                        .dyn_ref::<Error>()
                        .map(|e| String::from(e.message()))
                        .unwrap_or_else(|| "not serializable".to_string());
                    return Err(Diagnostic::new(
                        path,
                        "not-json",
                        &format!("not a JSON-compatible value: {why}"),
                    ));
                }
            }
        }
    };
    crate::parse_json(&text, path)
}

/// A JSON value as a plain JS value (via compact JSON text, so objects are plain objects and order is kept).
fn to_js(value: &Value) -> Result<JsValue, JsValue> {
    JSON::parse(&value.to_string())
}

fn spec_error(errors: &[Diagnostic], warnings: &[Diagnostic]) -> JsValue {
    let err = Error::new(&crate::diag::summary(errors));
    err.set_name("SpecError");
    let set = |key: &str, list: &[Diagnostic]| {
        let value = to_js(&list_json(list)).unwrap_or(JsValue::NULL);
        // Setting a property on a fresh Error object cannot fail.
        let _ = Reflect::set(&err, &key.into(), &value);
    };
    set("diagnostics", errors);
    set("warnings", warnings);
    err.into()
}
