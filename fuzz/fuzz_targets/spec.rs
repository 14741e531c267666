//! Any bytes as a spec: read as the core reads JSON text, then through every entry point. A panic is a crash;
//! so is a disagreement between validate and synth, or a template whose references name no resource.
#![no_main]

use express_service_core as core;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(spec) = core::parse_json(text, "") else {
        return;
    };
    let report = core::validate(&spec);
    let synth = core::synth_template(&spec);
    assert_eq!(report.valid, synth.is_ok(), "validate and synth disagree");
    for d in report.errors.iter().chain(&report.warnings) {
        assert!(!d.code.is_empty() && !d.message.is_empty());
    }
    let _ = core::explain(&spec);
    let _ = core::check_stack(&spec, None);
    if let Some(first) = spec
        .get("services")
        .and_then(Value::as_object)
        .and_then(|m| m.keys().next())
    {
        let _ = core::synth_service(&spec, first);
    }
    if let Ok(result) = synth {
        let resources = result.template["Resources"]
            .as_object()
            .expect("a template has Resources");
        assert!(resources.keys().all(|id| !id.is_empty()
            && id.len() <= 255
            && id.chars().all(|c| c.is_ascii_alphanumeric())));
        check_refs(&result.template, resources);
        assert_eq!(core::parse_json(&result.json, "").ok().as_ref(), Some(&result.template));
        let _ = core::diff_templates(&result.template, &result.template);
    }
    let _ = core::diff_templates(&spec, &spec);
});

/// Every `Ref` and `Fn::GetAtt` names a resource of the template (or a pseudo parameter).
fn check_refs(v: &Value, resources: &serde_json::Map<String, Value>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(id)) = m.get("Ref") {
                assert!(id.starts_with("AWS::") || resources.contains_key(id), "Ref {id}");
            }
            if let Some(Value::Array(a)) = m.get("Fn::GetAtt") {
                let id = a.first().and_then(Value::as_str).unwrap_or_default();
                assert!(resources.contains_key(id), "GetAtt {id}");
            }
            m.values().for_each(|x| check_refs(x, resources));
        }
        Value::Array(a) => a.iter().for_each(|x| check_refs(x, resources)),
        _ => {}
    }
}
