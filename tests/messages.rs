//! The core's own words reach the user whole: for every rule that shows a user's value, the message made with
//! a long value reads exactly as the one made with a short value once the values are set aside, the long
//! value is cut (with its length), and the message stays short.

mod common;

use common::api::validate;
use serde_json::{json, Value};

/// A long value that breaks the same rule as `short` does: `short` with a run of `fill` put in at `at`, where
/// it does not change which rule fails. Past 120 characters a value is cut; many fields have a limit a little
/// above that (then another rule speaks), so the run is as long as the field allows.
fn long(short: &str, at: usize, fill: char, n: usize) -> String {
    let (a, b) = short.split_at(at);
    format!("{a}{}{b}", fill.to_string().repeat(n))
}

/// Every case: (what it checks, the spec made from a value, a short bad value, where to lengthen it, with
/// what, how much).
type Case = (
    &'static str,
    fn(&str) -> Value,
    &'static str,
    usize,
    char,
    usize,
);

fn service(fields: Value) -> Value {
    let mut s = json!({ "image": "nginx:1.27" });
    s.as_object_mut()
        .unwrap()
        .extend(fields.as_object().unwrap().clone());
    json!({ "services": { "Web": s } })
}

fn cases() -> Vec<Case> {
    vec![
        (
            "image reference",
            |v| service(json!({ "image": v })),
            "Nginx:1",
            1,
            'x',
            200,
        ),
        (
            "image tag",
            |v| service(json!({ "image": v })),
            "nginx:-bad",
            7,
            'x',
            5000,
        ),
        (
            "service name",
            |v| service(json!({ "serviceName": v })),
            "web shop",
            4,
            'x',
            200,
        ),
        (
            "env name",
            |v| service(json!({ "environment": { v: "1" } })),
            "1BAD",
            1,
            'X',
            200,
        ),
        (
            "secret name",
            |v| {
                service(
                    json!({ "secrets": { v: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf" } }),
                )
            },
            "1BAD",
            1,
            'X',
            200,
        ),
        (
            "secret source",
            |v| service(json!({ "secrets": { "DB": v } })),
            "arn:aws:s3:::bucket",
            15,
            'x',
            5000,
        ),
        (
            "secret ARN account",
            |v| service(json!({ "secrets": { "DB": v } })),
            "arn:aws:secretsmanager:eu-west-1:12:secret:db",
            35,
            '0',
            5000,
        ),
        (
            "env and secret both",
            |v| service(json!({ "environment": { v: "1" }, "secrets": { v: "/db/password" } })),
            "DB_X",
            3,
            'X',
            200,
        ),
        (
            "role ARN",
            |v| service(json!({ "roles": { "execution": v } })),
            "arn:aws:iam::123456789012:user/x",
            31,
            'x',
            5000,
        ),
        (
            "cluster",
            |v| service(json!({ "cluster": v })),
            "my cluster",
            3,
            'x',
            200,
        ),
        (
            "subnet",
            |v| service(json!({ "network": { "subnets": [v] } })),
            "subnet-zz",
            7,
            'z',
            5000,
        ),
        (
            "security group",
            |v| service(json!({ "network": { "securityGroups": [v] } })),
            "sg-zz",
            3,
            'z',
            5000,
        ),
        (
            "log group",
            |v| service(json!({ "logs": { "logGroup": v } })),
            "my logs!",
            3,
            'x',
            300,
        ),
        (
            "stream prefix",
            |v| service(json!({ "logs": { "streamPrefix": v } })),
            "a:b",
            1,
            'x',
            300,
        ),
        (
            "health check path",
            |v| service(json!({ "healthCheckPath": v })),
            "health",
            3,
            'x',
            5000,
        ),
        (
            "scaling metric",
            |v| service(json!({ "scaling": { "metric": v } })),
            "latency",
            3,
            'x',
            5000,
        ),
        (
            "managed rule group",
            |v| service(json!({ "waf": { "managedRules": [v] } })),
            "AWSManagedRulesNope",
            10,
            'x',
            5000,
        ),
        (
            "web ACL ARN",
            |v| service(json!({ "waf": { "webAclArn": v } })),
            "arn:aws:wafv2:eu-west-1:123456789012:global/webacl/x/1",
            50,
            'x',
            5000,
        ),
        (
            "tag key",
            |v| service(json!({ "tags": { v: "x" } })),
            "aws:team",
            5,
            'x',
            120,
        ),
        (
            "tag value",
            |v| service(json!({ "tags": { "team": v } })),
            "a\u{1}b",
            1,
            'x',
            250,
        ),
        (
            "unknown key",
            |v| service(json!({ v: 1 })),
            "qqqq",
            3,
            'x',
            5000,
        ),
        (
            "service key",
            |v| json!({ "services": { v: { "image": "nginx:1.27" } } }),
            "web-1",
            2,
            'x',
            5000,
        ),
    ]
}

/// A message with its quoted values set aside: each `"…"`, and the `(N characters)` after a cut one.
fn wording(message: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for part in message.split('"') {
        if !quoted {
            let part = match part.strip_prefix(" (") {
                Some(rest)
                    if rest
                        .split_once(" characters)")
                        .is_some_and(|(n, _)| n.parse::<u32>().is_ok()) =>
                {
                    rest.split_once(" characters)")
                        .map_or(part, |(_, tail)| tail)
                }
                _ => part,
            };
            out.push_str(part);
        }
        out.push('"');
        quoted = !quoted;
    }
    out
}

/// The first diagnostic (error, else warning) of a spec.
fn first(spec: &Value) -> (String, String, String) {
    let r = validate(spec);
    let d = r
        .errors
        .first()
        .or(r.warnings.first())
        .expect("a diagnostic");
    (d.code.clone(), d.path.clone(), d.message.clone())
}

#[test]
fn every_message_keeps_its_words_with_a_long_value() {
    for (what, spec, short, at, fill, n) in cases() {
        let long = long(short, at, fill, n);
        let (code, _, message) = first(&spec(short));
        let (long_code, _, long_message) = first(&spec(&long));
        assert_eq!(
            code, long_code,
            "{what}: the long value breaks another rule: {long_message}"
        );
        assert!(
            !message.contains(" characters)"),
            "{what}: the short value is cut: {message}"
        );
        assert!(
            long_message.contains(&format!("({} characters)", long.chars().count())),
            "{what}: the long value is not cut with its length: {long_message}"
        );
        assert!(long_message.chars().count() < 600, "{what}: {long_message}");
        assert_eq!(
            wording(&message),
            wording(&long_message),
            "{what}: the words differ"
        );
    }
}

#[test]
fn the_words_of_a_long_message_are_whole() {
    // A message whose own words run long: nothing in it is cut.
    let (code, _, message) = first(&service(json!({ "image": "nginx" })));
    assert_eq!(code, "image-not-pinned");
    assert!(
        message.ends_with("what runs can change without a deployment and cannot be rolled back; pin a version tag or a digest"),
        "{message}"
    );
    let (code, _, message) = first(&service(json!({ "waf": { "managedRules": ["Nope"] } })));
    assert_eq!(code, "managed-rule");
    for group in express_service_core::rules::waf::MANAGED_RULE_GROUPS {
        assert!(message.contains(group), "{group} missing from {message}");
    }
}
