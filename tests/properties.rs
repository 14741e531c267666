//! Property tests (proptest): random specs — shaped like real ones, with valid and invalid values in every
//! field — never panic; validate and synth agree; and every accepted spec yields a template that passes the
//! structural checks CloudFormation makes before it deploys anything.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::api::{synth_service, synth_template, template_json, validate};
use common::random::{scalar, SCALARS};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

fn pick(values: &'static [&'static str]) -> impl Strategy<Value = Value> {
    prop::sample::select(values).prop_map(|s| json!(s))
}

/// Mostly one of `valid`, sometimes one of `invalid`.
fn choose(
    valid: &'static [&'static str],
    invalid: &'static [&'static str],
) -> impl Strategy<Value = Value> {
    prop_oneof![12 => pick(valid), 1 => pick(invalid)]
}

/// A field that is there about a third of the time.
fn maybe<S: Strategy>(s: S) -> impl Strategy<Value = Option<S::Value>> {
    prop::option::weighted(0.35, s)
}

/// Mostly one of `values` (valid and not), sometimes any number, a token or no whole number.
fn number(values: &'static [u64]) -> impl Strategy<Value = Value> {
    prop_oneof![
        40 => prop::sample::select(values).prop_map(|n| json!(n)),
        1 => any::<u64>().prop_map(|n| json!(n)),
        1 => Just(json!("${Token[TOKEN.9]}")),
        1 => Just(json!(-1)),
        1 => Just(json!(1.5)),
    ]
}

fn names() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::btree_map(
        prop_oneof![30 => "[A-Z_][A-Z0-9_]{0,12}", 3 => "[a-z]{1,3}", 1 => Just("1BAD".to_string())],
        prop_oneof![
            30 => "[ -~]{0,20}".prop_map(|s| json!(s)),
            3 => Just(json!(8080)),
            3 => Just(json!(true)),
            1 => Just(json!("a\u{0}b")),
            1 => Just(json!(null)),
        ],
        0..4,
    )
    .prop_map(|m| m.into_iter().collect())
}

fn secrets() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::btree_map(
        "[A-Z][A-Z0-9_]{0,8}",
        choose(
            &[
                "/prod/db",
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf",
                "arn:aws:ssm:eu-west-1:123456789012:parameter/prod/key",
                "${Token[TOKEN.3]}",
            ],
            &["arn:aws:s3:::bucket", ""],
        ),
        0..3,
    )
    .prop_map(|m| m.into_iter().collect())
}

fn subnets() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::collection::vec(
            choose(
                &[
                    "subnet-0123456789abcdef0",
                    "subnet-0123456789abcdef1",
                    "subnet-12345678",
                    "${Token[TOKEN.5]}"
                ],
                &["subnet-bad"],
            ),
            1..4
        )
        .prop_map(Value::Array),
        Just(json!("#{Token[TOKEN.6]}")),
    ]
}

fn waf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!(false)),
        Just(json!({})),
        number(&[10, 2000, 2_000_000_000, 10_000]).prop_map(|n| json!({ "rateLimit": n })),
        Just(json!({ "webAclArn": "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/a/1234" })),
        Just(json!({ "webAcl": "Shared" })),
        Just(json!({ "allowOnlyFrom": ["203.0.113.0/24", "2001:db8::/32"] })),
        Just(json!({ "managedRules": ["AWSManagedRulesSQLiRuleSet"] })),
    ]
}

/// One service: an image and any of the other fields, each from values valid and invalid.
fn service() -> impl Strategy<Value = Value> {
    // cpu and memory mostly as a Fargate pair.
    let size = prop_oneof![
        6 => prop::sample::select(&[(256, 512), (512, 1024), (1024, 2048), (2048, 4096), (4096, 8192)][..])
            .prop_map(|(c, m)| (Some(json!(c)), Some(json!(m)))),
        3 => Just((None, None)),
        1 => (maybe(number(&[256, 300])), maybe(number(&[256, 512, 1024]))),
    ];
    let fields = (
        (
            choose(
                &[
                    "nginx:1.27",
                    "public.ecr.aws/nginx/nginx:latest",
                    "${Token[TOKEN.1]}",
                ],
                &["Bad Image!", ""],
            ),
            size,
            maybe(number(&[80, 8080, 65535, 0])),
            maybe(prop::collection::vec("[ -~]{1,10}", 1..3)),
            maybe(names()),
            maybe(secrets()),
        ),
        (
            maybe((
                maybe(number(&[0, 1, 2, 5000])),
                maybe(number(&[3, 10, 5000, 6000])),
                maybe(choose(&["cpu", "memory", "requests"], &["CPU"])),
                maybe(number(&[1, 60, 100, 101])),
            )),
            maybe(subnets()),
            maybe(waf()),
            maybe(prop::collection::btree_map(
                "[a-z]{1,6}",
                "[a-z0-9 ]{0,8}",
                0..3,
            )),
            maybe(number(&[1, 7, 30, 365, 2])),
            maybe(choose(
                &["create", "arn:aws:iam::123456789012:role/app"],
                &["not-an-arn"],
            )),
            maybe(prop::bool::ANY),
            maybe(choose(
                &["my-cluster", "default", "${Token[TOKEN.2]}"],
                &["bad name"],
            )),
        ),
    );
    fields.prop_map(
        |(
            (image, (cpu, memory), port, command, environment, secrets),
            (scaling, subnets, waf, tags, retention, task, output, cluster),
        )| {
            let mut s = Map::new();
            s.insert("image".into(), image);
            let mut put = |k: &str, v: Option<Value>| {
                if let Some(v) = v {
                    s.insert(k.into(), v);
                }
            };
            put("cpu", cpu);
            put("memory", memory);
            put("containerPort", port);
            put("command", command.map(|c| json!(c)));
            put("environment", environment.map(Value::Object));
            put("secrets", secrets.map(Value::Object));
            put(
                "scaling",
                scaling.map(|(min, max, metric, target)| {
                    let mut m = Map::new();
                    for (k, v) in [
                        ("minTasks", min),
                        ("maxTasks", max),
                        ("metric", metric),
                        ("targetValue", target),
                    ] {
                        if let Some(v) = v {
                            m.insert(k.into(), v);
                        }
                    }
                    Value::Object(m)
                }),
            );
            put("network", subnets.map(|s| json!({ "subnets": s })));
            put("waf", waf);
            put("tags", tags.map(|t| json!(t)));
            put("logs", retention.map(|d| json!({ "retentionDays": d })));
            put("roles", task.map(|t| json!({ "task": t })));
            put("output", output.map(Value::Bool));
            put("cluster", cluster);
            Value::Object(s)
        },
    )
}

fn spec() -> impl Strategy<Value = Value> {
    (
        prop::collection::btree_map(
            prop_oneof![40 => "[A-Z][a-zA-Z0-9]{0,10}", 1 => "[ -~]{0,6}"],
            service(),
            1..4,
        ),
        maybe(waf()),
        prop::bool::ANY,
    )
        .prop_map(|(services, waf, shared)| {
            let mut spec = json!({ "services": services });
            if let Some(w) = waf {
                spec["waf"] = w;
            }
            if shared {
                spec["webAcls"] = json!({ "Shared": { "rateLimit": 1000 } });
            }
            spec
        })
}

/// Any JSON value at all, nested a few levels.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        SCALARS => scalar(),
        1 => pick(&[
            "services",
            "Web",
            "image",
            "nginx:1.27",
            "${Token[TOKEN.1]}",
            "__proto__"
        ]),
    ];
    leaf.prop_recursive(4, 32, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    pick(&["services", "Web", "image", "scaling", "cpu", "waf"])
                        .prop_map(|v| v.as_str().unwrap_or_default().to_string()),
                    "\\PC{0,6}"
                ],
                inner,
                0..5
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Every `Ref`/`Fn::GetAtt` names a resource of `ids` or a pseudo parameter; every `DependsOn` a resource.
fn references(v: &Value, ids: &Map<String, Value>, problems: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(id)) = m.get("Ref") {
                if !id.starts_with("AWS::") && !ids.contains_key(id) {
                    problems.push(format!("Ref {id}"));
                }
            }
            if let Some(att) = m.get("Fn::GetAtt") {
                let id = att.get(0).and_then(Value::as_str).unwrap_or_default();
                if !ids.contains_key(id) {
                    problems.push(format!("GetAtt {att}"));
                }
            }
            for x in m.values() {
                references(x, ids, problems);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| references(x, ids, problems)),
        _ => {}
    }
}

/// The checks CloudFormation makes of a template's shape before deploying it.
fn structural_problems(template: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let Some(resources) = template["Resources"].as_object() else {
        return vec!["no Resources object".into()];
    };
    if resources.is_empty() || resources.len() > 500 {
        problems.push(format!("{} resources", resources.len()));
    }
    let outputs = template.get("Outputs").and_then(Value::as_object);
    if outputs.is_some_and(|o| o.len() > 200 || o.is_empty()) {
        problems.push("outputs out of 1–200".into());
    }
    let ids = resources
        .keys()
        .chain(outputs.into_iter().flat_map(|o| o.keys()));
    for id in ids {
        if id.is_empty() || id.len() > 255 || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
            problems.push(format!("logical ID {id:?}"));
        }
    }
    for (id, r) in resources {
        let ty = r["Type"].as_str().unwrap_or_default();
        if !(ty.starts_with("AWS::") || ty.starts_with("Custom::"))
            || ty.split("::").count() < 3 && !ty.starts_with("Custom::")
        {
            problems.push(format!("{id} has type {ty:?}"));
        }
        let depends = match &r["DependsOn"] {
            Value::Null => vec![],
            Value::String(s) => vec![s.clone()],
            Value::Array(a) => a
                .iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect(),
            other => vec![other.to_string()],
        };
        for d in depends {
            if !resources.contains_key(&d) {
                problems.push(format!("{id} DependsOn {d}"));
            }
        }
    }
    references(&template["Resources"], resources, &mut problems);
    if let Some(o) = template.get("Outputs") {
        references(o, resources, &mut problems);
    }
    problems
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn accepted_specs_yield_sound_templates(spec in spec()) {
        let report = validate(&spec);
        let synth = synth_template(&spec);
        prop_assert_eq!(report.valid, synth.is_ok(), "validate and synth disagree on {}", spec);
        for d in report.errors.iter().chain(&report.warnings) {
            prop_assert!(!d.code.is_empty() && !d.message.is_empty() && d.message.len() < 2000, "{:?}", d);
        }
        match synth {
            Ok(result) => {
                let problems = structural_problems(&result.template);
                prop_assert!(problems.is_empty(), "{:?} in the template of {}", problems, spec);
                // Same input, same bytes; the text is the template's.
                prop_assert_eq!(&template_json(&result.template), &result.json);
                prop_assert_eq!(&synth_template(&spec).map(|r| r.json).ok(), &Some(result.json.clone()));
                for name in spec["services"].as_object().into_iter().flat_map(|m| m.keys()) {
                    prop_assert!(synth_service(&spec, name).is_ok(), "fragment of {}", name);
                }
            }
            Err(r) => {
                // Too many resources is the template-limit error, never a template past 500.
                prop_assert!(!r.errors.is_empty());
            }
        }
    }

    #[test]
    fn any_json_value_never_panics(v in any_json()) {
        let report = validate(&v);
        prop_assert_eq!(report.valid, synth_template(&v).is_ok());
        let _ = synth_service(&v, "Web");
        let _ = common::api::explain(&v);
        let _ = common::api::diff_templates(&v, &v);
    }
}

/// The generator reaches both sides: a property over specs that are all rejected would test nothing.
#[test]
fn generated_specs_are_both_accepted_and_rejected() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    let strategy = spec();
    let mut accepted = 0;
    let total = 300;
    for _ in 0..total {
        let spec = strategy.new_tree(&mut runner).expect("a spec").current();
        if validate(&spec).valid {
            accepted += 1;
        }
    }
    assert!(
        (total / 20..total * 19 / 20).contains(&accepted),
        "{accepted} of {total} accepted"
    );
    eprintln!("{accepted} of {total} generated specs accepted");
}
