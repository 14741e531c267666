//! The core's synthesis natively (no WebAssembly, no JS): `synth_template` of spec files, timed in batches,
//! for bench/compare/core.mjs, which writes the specs and runs this with the same specs through WASM in node.
//! Prints one JSON object per spec on stdout:
//! `{"file", "services", "firstUs", "medianUs", "minUs", "batch", "batches", "templateBytes"}`.
//!   cargo bench --bench native -- [--budget-ms 400] spec.json...
//! `firstUs` is the first call in the process for the first file only (the schema is parsed once, on first use).
use express_service_core::{parse_json, synth_template};
use std::time::Instant;

fn main() {
    let mut budget_ms = 400.0_f64;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            // cargo bench passes --bench to a harness-less bench.
            "--bench" => {}
            "--budget-ms" => match args.next().and_then(|v| v.parse().ok()) {
                Some(ms) => budget_ms = ms,
                None => fail("--budget-ms needs a number of milliseconds"),
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
        let out = synth_template(&spec)
            .unwrap_or_else(|r| fail(&format!("{file}: {} errors", r.errors.len())));
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
                std::hint::black_box(synth_template(std::hint::black_box(&spec)).is_ok());
            }
            times.push(t.elapsed().as_secs_f64() * 1e6 / batch as f64);
        }
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        println!(
            "{{\"file\":{file:?},\"services\":{services},\"firstUs\":{first},\"medianUs\":{median:.2},\"minUs\":{:.2},\"batch\":{batch},\"batches\":{},\"templateBytes\":{}}}",
            times[0],
            times.len(),
            out.json.len()
        );
    }
}

fn fail(message: &str) -> ! {
    eprintln!("native bench: {message}");
    std::process::exit(2)
}
