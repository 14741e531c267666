//! The core's synthesis natively (no WebAssembly, no JS): `synth_template` of spec files, timed in batches,
//! for bench/compare/core.mjs, which writes the specs and runs this with the same specs through WASM in node.
//! Prints one JSON object per spec on stdout:
//! `{"file", "call", "services", "firstUs", "medianUs", "minUs", "batch", "batches", "templateBytes"}`.
//!   cargo bench --bench native -- [--budget-ms 400] [--call synth|explain|validate] spec.json...
//! `firstUs` is the first call in the process for the first file only (the schema is parsed once, on first use).
//! `--call explain` times `synth_explain` (what the playground runs per keystroke), `validate` the checks alone;
//! under `perf record` it is also what bench/results/profile-core.md profiles.
use express_service_core::json::Value;
use express_service_core::{parse_json, synth_explain, synth_template, validate};
use std::time::Instant;

/// The core function timed: true when the spec came through.
fn call(name: &str, spec: &Value) -> bool {
    match name {
        "explain" => synth_explain(spec).is_ok(),
        "validate" => validate(spec).valid,
        _ => synth_template(spec).is_ok(),
    }
}

fn main() {
    let mut budget_ms = 400.0_f64;
    let mut files = Vec::new();
    let mut call_name = "synth".to_string();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            // cargo bench passes --bench to a harness-less bench.
            "--bench" => {}
            "--budget-ms" => match args.next().and_then(|v| v.parse().ok()) {
                Some(ms) => budget_ms = ms,
                None => fail("--budget-ms needs a number of milliseconds"),
            },
            "--call" => match args
                .next()
                .filter(|c| ["synth", "explain", "validate"].contains(&c.as_str()))
            {
                Some(c) => call_name = c,
                None => fail("--call needs synth, explain or validate"),
            },
            _ => files.push(arg),
        }
    }
    if files.is_empty() {
        fail("usage: native [--budget-ms N] spec.json...");
    }
    let mut first_call = true;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| fail(&format!("{file}: {e}")));
        let spec =
            parse_json(&text, "").unwrap_or_else(|d| fail(&format!("{file}: {}", d.message)));
        let services = spec
            .get("services")
            .and_then(|s| s.as_object())
            .map_or(0, |s| s.len());
        let t0 = Instant::now();
        if !call(&call_name, &spec) {
            fail(&format!("{file}: the spec has errors"));
        }
        let first_us = t0.elapsed().as_secs_f64() * 1e6;
        let first = if first_call {
            format!("{first_us:.1}")
        } else {
            "null".into()
        };
        first_call = false;
        // A batch of about a tenth of the budget; at least 7 batches.
        let batch = ((budget_ms * 100.0 / first_us.max(1.0)) as usize).max(1);
        let mut times = Vec::new();
        let started = Instant::now();
        while times.len() < 7 || started.elapsed().as_secs_f64() * 1e3 < budget_ms {
            let t = Instant::now();
            for _ in 0..batch {
                std::hint::black_box(call(&call_name, std::hint::black_box(&spec)));
            }
            times.push(t.elapsed().as_secs_f64() * 1e6 / batch as f64);
        }
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        let bytes = synth_template(&spec).map_or(0, |out| out.json.len());
        println!(
            "{{\"file\":{file:?},\"call\":{call_name:?},\"services\":{services},\"firstUs\":{first},\"medianUs\":{median:.2},\"minUs\":{:.2},\"batch\":{batch},\"batches\":{},\"templateBytes\":{}}}",
            times[0],
            times.len(),
            bytes
        );
    }
}

fn fail(message: &str) -> ! {
    eprintln!("native bench: {message}");
    std::process::exit(2)
}
