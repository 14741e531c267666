//! `lint_template`: any CloudFormation template's Express services checked with the model's rules and the
//! template's own traps. Golden cases `tests/lint-cases/<name>/{input.json, expected.json}`, reviewed:
//! `UPDATE_GOLDEN=1 cargo test --test template_lint` rewrites expected.json — then read the diff.
//! Every golden template the core makes (tests/cases/*/template.json) lints clean.

use express_service_core::{lint_template, parse_json, template_json, validate, LintFinding};
use serde_json::{json, Value};
use std::fs;
use std::path::Path;

mod common;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse_json(&text, "").expect("JSON")
}

fn names(dir: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(root().join(dir))
        .expect(dir)
        .map(|e| e.expect("entry").file_name().into_string().expect("utf-8"))
        .collect();
    names.sort();
    names
}

fn codes(l: &[LintFinding]) -> Vec<String> {
    l.iter().map(|f| format!("{} {}", f.code, f.path)).collect()
}

fn check_case(name: &str) {
    let dir = root().join("tests/lint-cases").join(name);
    let lint = lint_template(&read(&dir.join("input.json")));
    let got = template_json(&serde_json::to_value(&lint).expect("serializes"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs::write(dir.join("expected.json"), &got).expect("write");
        return;
    }
    let expected = fs::read_to_string(dir.join("expected.json")).expect("expected.json");
    assert!(
        expected == got,
        "{name}: the findings differ from expected.json:\n{got}"
    );
}

#[test]
fn every_lint_case() {
    let names = names("tests/lint-cases");
    let failed: Vec<String> = names
        .iter()
        .filter(|name| std::panic::catch_unwind(|| check_case(name)).is_err())
        .cloned()
        .collect();
    assert!(failed.is_empty(), "cases that differ: {failed:?}");
    assert!(names.len() >= 3, "only {} cases found", names.len());
}

/// The core's own templates lint clean: no error, and no warning the spec did not already give.
#[test]
fn our_own_templates_lint_clean() {
    let cases = names("tests/cases");
    assert!(cases.len() >= 15);
    let mut dirty = Vec::new();
    for name in &cases {
        let dir = root().join("tests/cases").join(name);
        let template = read(&dir.join("template.json"));
        let lint = lint_template(&template);
        let express = template["Resources"]
            .as_object()
            .expect("Resources")
            .values()
            .filter(|r| r["Type"] == "AWS::ECS::ExpressGatewayService")
            .count();
        assert_eq!(lint.services.len(), express, "{name}");
        let spec = validate(&read(&dir.join("spec.json")));
        let spec_codes: Vec<&str> = spec.warnings.iter().map(|d| d.code.as_str()).collect();
        let new: Vec<String> = lint
            .warnings
            .iter()
            .filter(|w| !spec_codes.contains(&w.code.as_str()))
            .map(|w| format!("{} {}: {}", w.code, w.path, w.message))
            .collect();
        // And what the spec warns of a service's own settings, the template shows too (the log group's key is
        // on the log group, not the service).
        let lint_codes: Vec<&str> = lint.warnings.iter().map(|w| w.code.as_str()).collect();
        let lost: Vec<&str> = spec_codes
            .iter()
            .filter(|c| **c != "log-key-policy" && !lint_codes.contains(c))
            .copied()
            .collect();
        if lint.services.is_empty()
            || !lint.errors.is_empty()
            || !new.is_empty()
            || !lost.is_empty()
        {
            dirty.push(format!(
                "{name}: services {:?}, errors {:?}, new warnings {new:?}, lost warnings {lost:?}",
                lint.services,
                codes(&lint.errors)
            ));
        }
    }
    assert!(dirty.is_empty(), "{dirty:#?}");
}

fn service(props: Value) -> Value {
    json!({ "Resources": { "Web": { "Type": "AWS::ECS::ExpressGatewayService", "Properties": props } } })
}

fn role() -> Value {
    json!("arn:aws:iam::123456789012:role/infra")
}

fn found(l: &[LintFinding], code: &str) -> Vec<String> {
    l.iter()
        .filter(|f| f.code == code)
        .map(|f| f.path.clone())
        .collect()
}

#[test]
fn what_is_not_a_template_is_one_error() {
    for (input, path) in [
        (json!([1]), ""),
        (json!("text"), ""),
        (json!(null), ""),
        (json!({}), "Resources"),
        (json!({"Resources": []}), "Resources"),
        (json!({"Resources": "x"}), "Resources"),
    ] {
        let l = lint_template(&input);
        assert_eq!(l.errors.len(), 1, "{input}: {:?}", codes(&l.errors));
        assert_eq!(l.errors[0].path, path);
        assert!(l.services.is_empty() && l.warnings.is_empty());
    }
    // Resources of any kind but Express services are not this check's business.
    let l = lint_template(
        &json!({"Resources": {"A": 1, "B": {"Type": 3}, "C": {"Type": "AWS::S3::Bucket"}}}),
    );
    assert_eq!((l.services.len(), l.errors.len()), (0, 0));
}

#[test]
fn properties_of_the_wrong_kind_are_one_finding_each() {
    for props in [json!(5), json!([]), json!("x"), json!(null)] {
        let l = lint_template(&service(props.clone()));
        assert_eq!(l.services, ["Web"]);
        assert_eq!(
            codes(&l.errors),
            ["wrong-type Resources.Web.Properties"],
            "{props}"
        );
    }
    let l =
        lint_template(&json!({"Resources": {"Web": {"Type": "AWS::ECS::ExpressGatewayService"}}}));
    let errors = codes(&l.errors);
    assert!(
        errors.contains(&"required Resources.Web".to_string()),
        "{errors:?}"
    );
}

#[test]
fn every_property_of_the_wrong_kind_is_named_at_its_path() {
    let l = lint_template(&service(json!({
        "InfrastructureRoleArn": role(),
        "ServiceName": ["x"], "Cluster": 3, "Cpu": [], "Memory": {}, "HealthCheckPath": false,
        "PrimaryContainer": { "Image": 7, "ContainerPort": "eighty", "Command": "run", "Environment": {"A": "b"},
                              "Secrets": 1, "RepositoryCredentials": "arn", "AwsLogsConfiguration": [] },
        "NetworkConfiguration": { "Subnets": "subnet-0123456789abcdef0", "SecurityGroups": [1] },
        "ScalingTarget": { "MinTaskCount": "one", "AutoScalingMetric": 5 },
        "Tags": {"team": "a"}
    })));
    let paths: Vec<&str> = l.errors.iter().map(|f| f.path.as_str()).collect();
    for p in [
        "ServiceName",
        "Cluster",
        "Cpu",
        "Memory",
        "HealthCheckPath",
        "PrimaryContainer.Image",
        "PrimaryContainer.ContainerPort",
        "PrimaryContainer.Command",
        "PrimaryContainer.Environment",
        "PrimaryContainer.Secrets",
        "PrimaryContainer.RepositoryCredentials",
        "PrimaryContainer.AwsLogsConfiguration",
        "NetworkConfiguration.Subnets",
        "NetworkConfiguration.SecurityGroups[0]",
        "ScalingTarget.MinTaskCount",
        "ScalingTarget.AutoScalingMetric",
        "Tags",
    ] {
        let full = format!("Resources.Web.Properties.{p}");
        assert!(paths.contains(&full.as_str()), "{full} not in {paths:#?}");
    }
    assert!(l
        .errors
        .iter()
        .all(|f| f.logical_id == "Web" && f.service.as_deref() == Some("Web")));
}

#[test]
fn unknown_properties_are_errors_with_a_suggestion() {
    let l = lint_template(&service(json!({
        "InfrastructureRoleArn": role(),
        "Memroy": "512",
        "PrimaryContainer": { "Image": "nginx:1.27", "Port": 80 },
        "ScalingTarget": { "MaxTasks": 2 }
    })));
    assert_eq!(
        found(&l.errors, "unknown-property"),
        [
            "Resources.Web.Properties.Memroy",
            "Resources.Web.Properties.PrimaryContainer.Port",
            "Resources.Web.Properties.ScalingTarget.MaxTasks"
        ]
    );
    // An attribute written as a property, and a tag without its Value (both required by the schema).
    let l2 = lint_template(&service(json!({
        "InfrastructureRoleArn": role(), "Endpoint": "ab-0123456789abcdef0123456789abcdef.ecs.eu-west-1.on.aws",
        "PrimaryContainer": { "Image": "nginx:1.27" }, "Tags": [{ "Key": "team" }]
    })));
    assert_eq!(
        codes(&l2.errors),
        [
            "unknown-property Resources.Web.Properties.Endpoint",
            "required Resources.Web.Properties.Tags[0]"
        ]
    );
    assert!(
        l2.errors[0].message.contains("Fn::GetAtt"),
        "{}",
        l2.errors[0].message
    );
    assert!(
        l.errors[0].message.contains("did you mean Memory?"),
        "{}",
        l.errors[0].message
    );
}

#[test]
fn intrinsics_in_every_slot_are_deferred_not_failed() {
    let r = |id: &str| json!({ "Ref": id });
    let l = lint_template(&service(json!({
        "ServiceName": r("Name"), "Cluster": r("Cluster"), "InfrastructureRoleArn": {"Fn::GetAtt": ["Infra", "Arn"]},
        "ExecutionRoleArn": {"Fn::ImportValue": "exec"}, "TaskRoleArn": r("Task"), "Cpu": r("Cpu"), "Memory": r("Memory"),
        "HealthCheckPath": {"Fn::Sub": "/${Path}"},
        "PrimaryContainer": { "Image": {"Fn::Join": ["", [r("Repo"), ":1.2.3"]]}, "ContainerPort": r("Port"),
            "Command": {"Fn::Split": [",", r("Cmd")]}, "Environment": [{ "Name": "A", "Value": r("A") }],
            "Secrets": [{ "Name": "S", "ValueFrom": r("Secret") }],
            "RepositoryCredentials": { "CredentialsParameter": r("Creds") },
            "AwsLogsConfiguration": { "LogGroup": r("Logs"), "LogStreamPrefix": r("Prefix") } },
        "NetworkConfiguration": { "Subnets": r("Subnets"), "SecurityGroups": [r("Sg")] },
        "ScalingTarget": { "MinTaskCount": r("Min"), "MaxTaskCount": r("Max"), "AutoScalingMetric": r("Metric"),
            "AutoScalingTargetValue": r("Target") },
        "Tags": [{ "Key": "team", "Value": r("Team") }]
    })));
    assert_eq!(codes(&l.errors), Vec::<String>::new());
    let warnings: Vec<&str> = l.warnings.iter().map(|f| f.code.as_str()).collect();
    // A role from outside the template (imported) must be let read the secrets: said, as for a spec.
    assert_eq!(
        warnings,
        ["tags-replace-service", "execution-role-grants", "unchecked"],
        "{:#?}",
        l.warnings
    );
    // Whole objects and lists given by an intrinsic are said to be unchecked, not dropped unsaid.
    let l = lint_template(&service(json!({
        "InfrastructureRoleArn": role(),
        "PrimaryContainer": { "Fn::If": ["Prod", {"Image": "a:1"}, {"Image": "b:1"}] },
        "Tags": { "Fn::If": ["Prod", [], []] }
    })));
    assert_eq!(
        found(&l.warnings, "unchecked"),
        [
            "Resources.Web.Properties.PrimaryContainer",
            "Resources.Web.Properties.Tags"
        ]
    );
}

#[test]
fn the_models_rules_speak_at_template_paths() {
    let l = lint_template(&service(json!({
        "InfrastructureRoleArn": role(),
        "Cpu": 256, "Memory": "4096",
        "PrimaryContainer": { "Image": "nginx:latest", "ContainerPort": 70000,
            "Environment": [{ "Name": "A", "Value": "1" }, { "Name": "B", "Value": "2" }, { "Name": "API_TOKEN", "Value": "x" }],
            "Secrets": [{ "Name": "DB", "ValueFrom": "not-an-arn or name!" }] },
        "ScalingTarget": { "MinTaskCount": 3, "MaxTaskCount": 2 },
        "Tags": [{ "Key": "team", "Value": "a" }, { "Key": "team", "Value": "b" }]
    })));
    let p = |s: &str| format!("Resources.Web.Properties.{s}");
    assert_eq!(found(&l.errors, "fargate-pair"), [p("Memory")]);
    assert_eq!(
        found(&l.errors, "port-range"),
        [p("PrimaryContainer.ContainerPort")]
    );
    assert_eq!(found(&l.errors, "duplicate-name"), [p("Tags[1].Key")]);
    assert_eq!(
        found(&l.warnings, "image-not-pinned"),
        [p("PrimaryContainer.Image")]
    );
    assert_eq!(
        found(&l.warnings, "plain-secret"),
        [p("PrimaryContainer.Environment[2].Name")]
    );
    assert_eq!(found(&l.warnings, "tags-replace-service"), [p("Tags")]);
    assert!(
        l.errors
            .iter()
            .any(|f| f.path == p("PrimaryContainer.Secrets[0].ValueFrom")),
        "{:#?}",
        codes(&l.errors)
    );
    assert!(
        l.errors
            .iter()
            .any(|f| f.path.starts_with(&p("ScalingTarget"))),
        "{:#?}",
        codes(&l.errors)
    );
}

#[test]
fn huge_and_deep_inputs_are_findings_not_panics() {
    let env: Vec<Value> = (0..5_000)
        .map(|i| json!({ "Name": format!("V{i}"), "Value": "x".repeat(i % 50) }))
        .collect();
    let subnets: Vec<Value> = (0..5_000)
        .map(|i| json!(format!("subnet-{i:017x}")))
        .collect();
    let mut deep = json!("nginx:1.27");
    for _ in 0..100 {
        deep = json!({ "Fn::Join": ["", [deep]] });
    }
    let l = lint_template(&service(json!({
        "InfrastructureRoleArn": role(),
        "PrimaryContainer": { "Image": deep, "Environment": env },
        "NetworkConfiguration": { "Subnets": subnets }
    })));
    assert!(!l.errors.is_empty());
    assert!(l.errors.iter().any(|f| f
        .path
        .starts_with("Resources.Web.Properties.NetworkConfiguration.Subnets")));
    // Many services and hostile logical IDs.
    let mut resources = serde_json::Map::new();
    for id in ["a.b", "", "x[0]", &"L".repeat(300), "Web"] {
        resources.insert(id.to_string(), json!({ "Type": "AWS::ECS::ExpressGatewayService", "Properties": { "InfrastructureRoleArn": role(), "PrimaryContainer": { "Image": "nginx" } } }));
    }
    let l = lint_template(&json!({ "Resources": resources }));
    assert_eq!(l.services.len(), 5);
    assert_eq!(
        found(&l.warnings, "image-not-pinned").len(),
        5,
        "{:#?}",
        l.warnings
    );
    let ids: Vec<&str> = l.warnings.iter().map(|f| f.logical_id.as_str()).collect();
    assert_eq!(
        ids,
        l.services.iter().map(String::as_str).collect::<Vec<_>>()
    );
}

#[test]
fn associations_of_two_web_acls_on_one_load_balancer_are_errors() {
    let svc = json!({ "Type": "AWS::ECS::ExpressGatewayService", "Properties": { "InfrastructureRoleArn": role(), "PrimaryContainer": { "Image": "nginx:1.27" } } });
    let assoc = |s: &str, acl: &str| {
        json!({ "Type": "AWS::WAFv2::WebACLAssociation", "Properties": {
        "ResourceArn": { "Fn::GetAtt": [s, "ECSManagedResourceArns.IngressPath.LoadBalancerArn"] }, "WebACLArn": acl } })
    };
    let l = lint_template(&json!({ "Resources": {
        "A": svc, "B": svc, "AWaf": assoc("A", "arn:acl/1"), "BWaf": assoc("B", "arn:acl/2"),
    } }));
    assert_eq!(
        found(&l.errors, "waf-association-per-service"),
        [
            "Resources.AWaf.Properties.ResourceArn",
            "Resources.BWaf.Properties.ResourceArn"
        ]
    );
    assert_eq!(l.errors[0].related, ["B"]);
    assert_eq!(l.errors[0].logical_id, "AWaf");
    // One service alone: still a warning (deleting it strips the ACL from the services Express adds beside it).
    let l = lint_template(&json!({ "Resources": { "A": svc, "AWaf": assoc("A", "arn:acl/1") } }));
    assert_eq!(
        found(&l.warnings, "waf-association-per-service"),
        ["Resources.AWaf.Properties.ResourceArn"]
    );
}

#[test]
fn urls_are_flagged_only_when_built_from_the_name() {
    let out = |v: Value| {
        json!({ "Resources": { "Web": { "Type": "AWS::ECS::ExpressGatewayService",
        "Properties": { "InfrastructureRoleArn": role(), "ServiceName": "web", "PrimaryContainer": { "Image": "nginx:1.27" } } } },
        "Outputs": { "Url": { "Value": v } } })
    };
    for bad in [
        json!("https://web.ecs.eu-west-1.on.aws"),
        json!({"Fn::Sub": "https://web.ecs.${AWS::Region}.on.aws/health"}),
        json!({"Fn::Join": ["", ["https://", {"Ref": "Name"}, ".ecs.", {"Ref": "AWS::Region"}, ".on.aws"]]}),
    ] {
        let l = lint_template(&out(bad.clone()));
        assert_eq!(
            found(&l.errors, "url-from-name"),
            ["Outputs.Url.Value"],
            "{bad}"
        );
        assert_eq!(l.errors[0].service.as_deref(), Some("Web"));
    }
    for good in [
        json!({"Fn::Join": ["", ["https://", {"Fn::GetAtt": ["Web", "Endpoint"]}]]}),
        json!({"Fn::Sub": "https://${Web.Endpoint}"}),
        json!("https://ab-0123456789abcdef0123456789abcdef.ecs.eu-west-1.on.aws"),
        json!("https://example.com"),
        json!("const ecs = new ECS(); await client.ecs.send(cmd); // hosts end in on.aws"),
        json!("see https://docs.aws.amazon.com/ecs/ for .ecs. and on.aws"),
    ] {
        let l = lint_template(&out(good.clone()));
        assert!(l.errors.is_empty(), "{good}: {:?}", codes(&l.errors));
    }
}

#[test]
fn cluster_names_pass_and_arns_fail() {
    let with = |c: Value| {
        lint_template(&json!({ "Resources": {
        "Cluster": { "Type": "AWS::ECS::Cluster" },
        "Web": { "Type": "AWS::ECS::ExpressGatewayService", "Properties": { "InfrastructureRoleArn": role(), "Cluster": c, "PrimaryContainer": { "Image": "nginx:1.27" } } } } }))
    };
    for ok in [
        json!("prod"),
        json!({"Ref": "Cluster"}),
        json!({"Ref": "ClusterParam"}),
    ] {
        assert!(with(ok.clone()).errors.is_empty(), "{ok}");
    }
    for bad in [
        json!("arn:aws:ecs:eu-west-1:123456789012:cluster/prod"),
        json!({"Fn::GetAtt": ["Cluster", "Arn"]}),
        json!({"Fn::Sub": "arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:cluster/prod"}),
    ] {
        assert_eq!(
            found(&with(bad.clone()).errors, "cluster-arn"),
            ["Resources.Web.Properties.Cluster"],
            "{bad}"
        );
    }
}

#[test]
fn a_size_from_a_parameter_alone_is_not_an_error() {
    // The core's own template states both sizes; a template read may give one, from a parameter.
    for key in ["Cpu", "Memory"] {
        let l = lint_template(&service(json!({
            "InfrastructureRoleArn": role(),
            key: { "Ref": "Size" },
            "PrimaryContainer": { "Image": "nginx:1.27" }
        })));
        assert!(l.errors.is_empty(), "{key}: {:?}", codes(&l.errors));
    }
    let l = lint_template(&service(json!({
        "InfrastructureRoleArn": role(), "Cluster": 3, "PrimaryContainer": { "Image": "nginx:1.27" }
    })));
    assert_eq!(
        codes(&l.errors),
        ["wrong-type Resources.Web.Properties.Cluster"]
    );
    assert!(
        l.errors[0].message.contains("cluster's name"),
        "{}",
        l.errors[0].message
    );
}

/// Random templates in CloudFormation's vocabulary — every slot any value — never panic, and every finding is
/// placed where its path says.
#[cfg(not(target_arch = "wasm32"))]
mod random {
    use super::*;
    use crate::common::random::{scalar, SCALARS};
    use express_service_core::TemplateSection;
    use proptest::prelude::*;

    const WORDS: [&str; 24] = [
        "Resources",
        "Outputs",
        "Type",
        "Properties",
        "Value",
        "DependsOn",
        "Web",
        "Api",
        "AWS::ECS::ExpressGatewayService",
        "AWS::WAFv2::WebACLAssociation",
        "AWS::EC2::Subnet",
        "PrimaryContainer",
        "Image",
        "Environment",
        "Name",
        "Cluster",
        "NetworkConfiguration",
        "Subnets",
        "ScalingTarget",
        "Tags",
        "Ref",
        "Fn::GetAtt",
        "Fn::Join",
        "Fn::Sub",
    ];

    /// Logical IDs, hostile ones among them (CloudFormation would refuse them; lint still places them).
    const IDS: [&str; 7] = [
        "Web",
        "Api",
        "Web.Api",
        "Web[0]",
        "",
        "Resources",
        "Outputs",
    ];

    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            SCALARS => scalar(),
            1 => prop::sample::select(&WORDS[..]).prop_map(|s| json!(s)),
            1 => Just(json!("https://web.ecs.${AWS::Region}.on.aws")),
            1 => Just(json!("arn:aws:ecs:eu-west-1:123456789012:cluster/x")),
            1 => Just(json!("ECSManagedResourceArns.IngressPath.LoadBalancerArn")),
        ];
        leaf.prop_recursive(6, 64, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::btree_map(
                    prop_oneof![
                        prop::sample::select(&WORDS[..]).prop_map(str::to_string),
                        "\\PC{0,6}"
                    ],
                    inner,
                    0..6
                )
                .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    fn template() -> impl Strategy<Value = Value> {
        let resource = (value(), prop::sample::select(&WORDS[8..11]))
            .prop_map(|(props, kind)| json!({ "Type": kind, "Properties": props }));
        (
            prop::collection::btree_map(prop::sample::select(&IDS[..]), resource, 0..4),
            value(),
        )
            .prop_map(|(resources, outputs)| {
                let resources: serde_json::Map<String, Value> = resources
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v))
                    .collect();
                json!({ "Resources": resources, "Outputs": { "Out": { "Value": outputs } } })
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        #[test]
        fn any_template_lints_without_panic(t in template()) {
            let l = lint_template(&t);
            for f in l.errors.iter().chain(&l.warnings) {
                let placed = match (f.section, f.logical_id.as_str()) {
                    (TemplateSection::Resources, id) => f.path.starts_with(&format!("Resources.{id}")),
                    (TemplateSection::Outputs, id) => f.path.starts_with(&format!("Outputs.{id}")),
                    (TemplateSection::Template, id) => f.path.is_empty() && id.is_empty(),
                };
                prop_assert!(placed, "{f:?}");
                prop_assert!(!f.message.is_empty() && !f.code.is_empty());
                if let Some(s) = &f.service {
                    prop_assert!(l.services.contains(s), "{f:?}");
                }
            }
        }

        #[test]
        fn any_properties_lint_without_panic(props in value()) {
            lint_template(&service(props));
        }
    }
}

#[test]
fn only_public_subnets_of_a_new_vpc_need_its_routes() {
    let mut t = read(&root().join("tests/lint-cases/sam-new-vpc/input.json"));
    let route = |t: &Value| found(&lint_template(t).warnings, "no-internet-route-dependency");
    assert_eq!(route(&t), ["Resources.Service"]);
    // Waiting for the routes and associations, directly or through another resource, is enough.
    t["Resources"]["Service"]["DependsOn"] = json!(["Routes"]);
    t["Resources"]["Routes"] = json!({ "Type": "AWS::CloudFormation::WaitConditionHandle",
        "DependsOn": ["DefaultRoute", "SubnetARouteTable", "SubnetBRouteTable"] });
    assert!(route(&t).is_empty());
    // Half of it is not.
    t["Resources"]["Routes"]["DependsOn"] = json!(["DefaultRoute"]);
    assert_eq!(route(&t), ["Resources.Service.DependsOn"]);
    // Private subnets (no default route to the gateway) have no public route to wait for.
    let mut t = read(&root().join("tests/lint-cases/sam-new-vpc/input.json"));
    t["Resources"]["DefaultRoute"]["Properties"]["GatewayId"] = json!({ "Ref": "NatGateway" });
    assert!(route(&t).is_empty());
}

#[test]
fn a_task_definition_of_the_template_is_checked_as_express_runs_it() {
    let with = |containers: Value, cpu: &str, memory: &str| {
        lint_template(&json!({ "Resources": {
            "Task": { "Type": "AWS::ECS::TaskDefinition", "Properties": {
                "Cpu": cpu, "Memory": memory, "ContainerDefinitions": containers } },
            "Web": { "Type": "AWS::ECS::ExpressGatewayService", "Properties": {
                "InfrastructureRoleArn": role(), "TaskDefinitionArn": { "Ref": "Task" } } },
            "Api": { "Type": "AWS::ECS::ExpressGatewayService", "Properties": {
                "InfrastructureRoleArn": role(), "TaskDefinitionArn": { "Ref": "Task" } } }
        } }))
    };
    let main = json!({ "Name": "Main", "Image": "shop:1.2", "PortMappings": [{ "Name": "http", "ContainerPort": 8080 }] });
    let l = with(
        json!([main, { "Name": "otel", "Image": "otel/collector" }]),
        "512",
        "1024",
    );
    assert!(l.errors.is_empty(), "{:?}", codes(&l.errors));
    // Said once, of the first service that runs it.
    assert_eq!(
        found(&l.warnings, "image-not-pinned"),
        ["Resources.Task.Properties.ContainerDefinitions[1].Image"]
    );
    assert_eq!(l.warnings[0].service.as_deref(), Some("Web"));
    assert_eq!(l.warnings[0].logical_id, "Task");

    let l = with(
        json!([{ "Name": "App", "Image": "shop:1.2" }]),
        "256",
        "256",
    );
    assert_eq!(
        found(&l.errors, "task-definition"),
        ["Resources.Task.Properties.ContainerDefinitions"]
    );
    assert_eq!(
        found(&l.errors, "fargate-pair"),
        ["Resources.Task.Properties.Memory"]
    );
    let two = json!([{ "Name": "Main", "Image": "shop:1.2", "PortMappings": [
        { "Name": "http", "ContainerPort": 80 }, { "Name": "admin", "ContainerPort": 81 }] }]);
    assert_eq!(
        found(&with(two, "512", "1024").errors, "task-definition"),
        ["Resources.Task.Properties.ContainerDefinitions[0].PortMappings"]
    );
    // A container name known only at deploy: Main may be it, nothing is said.
    let unknown = json!([{ "Name": { "Ref": "Name" }, "Image": "shop:1.2" }]);
    assert!(found(&with(unknown, "512", "1024").errors, "task-definition").is_empty());
}

#[test]
fn an_entry_given_twice_is_said_at_the_second() {
    let l = lint_template(&service(json!({
        "InfrastructureRoleArn": role(),
        "PrimaryContainer": { "Image": "nginx:1.27",
            "Environment": [{ "Name": "A", "Value": "1" }, { "Name": "A", "Value": "2" }] },
        "Tags": [{ "Key": "team", "Value": "a" }, { "Key": "team", "Value": "b" }]
    })));
    // Tags: refused by AWS, an error; variables: which one wins is undocumented, a warning.
    assert_eq!(
        found(&l.errors, "duplicate-name"),
        ["Resources.Web.Properties.Tags[1].Key"]
    );
    assert_eq!(
        found(&l.warnings, "duplicate-name"),
        ["Resources.Web.Properties.PrimaryContainer.Environment[1].Name"]
    );
}

#[test]
fn many_associations_on_one_network_are_linear_and_name_at_most_a_load_balancer() {
    // Past what CloudFormation takes, as hostile input: it used to take minutes (every pair compared).
    let mut resources = serde_json::Map::new();
    for i in 0..2_000 {
        resources.insert(
            format!("S{i}"),
            json!({ "Type": "AWS::ECS::ExpressGatewayService", "Properties": {
            "InfrastructureRoleArn": role(), "PrimaryContainer": { "Image": "nginx:1.27" } } }),
        );
        resources.insert(format!("W{i}"), json!({ "Type": "AWS::WAFv2::WebACLAssociation", "Properties": {
            "ResourceArn": { "Fn::GetAtt": [format!("S{i}"), "ECSManagedResourceArns.IngressPath.LoadBalancerArn"] },
            "WebACLArn": "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/a/1" } }));
    }
    let started = std::time::Instant::now();
    let l = lint_template(&json!({ "Resources": resources }));
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    let w = found(&l.warnings, "waf-association-per-service");
    assert_eq!(w.len(), 2_000);
    let wide: Vec<(&str, usize)> = l
        .warnings
        .iter()
        .filter(|f| f.related.len() > 24)
        .map(|f| (f.code.as_str(), f.related.len()))
        .collect();
    assert!(wide.is_empty(), "{:?}", wide.get(..3));
    assert!(
        l.warnings[0].message.contains("and 1975 more"),
        "{}",
        l.warnings[0].message
    );
}
