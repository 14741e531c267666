//! explain (what ECS creates) and diff (what a change replaces).

mod common;
use common::api::{diff_templates, explain, synth_template};
use common::one;
use serde_json::{json, Value};

fn kinds(e: &Value, service: usize) -> Vec<String> {
    e["services"][service]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["kind"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn explain_names_everything_ecs_creates() {
    let e = explain(&one(json!({}))).unwrap();
    assert_eq!(
        kinds(&e, 0),
        [
            "cluster",
            "roles",
            "deployment",
            "load-balancer",
            "certificate",
            "dns",
            "security-groups",
            "scaling",
            "alarms",
            "log-group",
            "health-check",
            "waf"
        ]
    );
    let health = &e["services"][0]["items"][10];
    assert!(health["title"].as_str().unwrap().contains("/ping"));
    assert_eq!(e["stack"].as_array().unwrap().len(), 3);
}

#[test]
fn explain_counts_load_balancers_per_25_services_and_network() {
    let mut services = serde_json::Map::new();
    for i in 0..26 {
        services.insert(
            format!("S{i}"),
            json!({ "image": "nginx:1", "output": false }),
        );
    }
    services.insert(
        "P".into(),
        json!({ "image": "nginx:1", "network": { "subnets": ["subnet-12345678"] } }),
    );
    let e = explain(&json!({ "services": services })).unwrap();
    let lbs = e["loadBalancers"].as_array().unwrap();
    assert_eq!(lbs.len(), 2);
    assert_eq!(
        (lbs[0]["count"].as_u64(), lbs[1]["count"].as_u64()),
        (Some(2), Some(1))
    );
}

#[test]
fn a_26th_service_expects_a_second_load_balancer_behind_the_same_web_acl() {
    let services: serde_json::Map<String, Value> = (1..=26)
        .map(|i| (format!("S{i}"), json!({ "image": "nginx:1.27" })))
        .collect();
    let spec = json!({ "waf": {}, "services": services });
    let e = explain(&spec).unwrap();
    let group = &e["loadBalancers"][0];
    let sizes: Vec<usize> = group["loadBalancers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|lb| lb.as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, [25, 1]);
    assert_eq!(group["loadBalancers"][1], json!(["S26"]));
    assert_eq!(group["webAcl"], json!("the stack's web ACL (waf)"));
    let edges = edges(&e["graph"]);
    for alb in ["alb:0", "alb:1"] {
        assert!(
            edges.contains(&("DefaultWebAcl".into(), alb.into())),
            "{alb}"
        );
        assert!(
            edges.contains(&("WafAssociations".into(), alb.into())),
            "{alb}"
        );
    }
    assert!(edges.contains(&("route:S26".into(), "alb:1".into())));
    // The template hands all 26 load balancers to the one custom resource, under the one web ACL.
    let t = synth_template(&spec).unwrap().template;
    let acls = t["Resources"]["WafAssociations"]["Properties"]["WebAcls"]
        .as_array()
        .unwrap();
    assert_eq!(acls.len(), 1);
    assert_eq!(acls[0]["LoadBalancerArns"].as_array().unwrap().len(), 26);
}

#[test]
fn explain_rejects_an_invalid_spec() {
    assert!(explain(&one(json!({ "cpu": 3 }))).is_err());
}

fn template(fields: Value) -> Value {
    synth_template(&one(fields)).unwrap().template
}

#[test]
fn diff_flags_replacing_changes() {
    let d = diff_templates(
        &template(json!({})),
        &template(json!({ "tags": { "team": "a" }, "cpu": 512 })),
    )
    .unwrap();
    assert_eq!(d["replacements"], json!(1));
    let props = d["services"][0]["properties"].as_array().unwrap();
    let find = |p: &str| props.iter().find(|x| x["path"] == p).unwrap().clone();
    assert_eq!(find("Tags")["replaces"], json!(true));
    assert_eq!(find("Tags")["change"], json!("added"));
    assert_eq!(find("Cpu")["replaces"], json!(false));
}

#[test]
fn diff_sees_in_place_changes_and_nothing_when_equal() {
    let a = template(json!({}));
    let d = diff_templates(&a, &a).unwrap();
    assert_eq!(
        d,
        json!({ "services": [], "replacements": 0, "removals": 0 })
    );
    let d = diff_templates(&a, &template(json!({ "healthCheckPath": "/" }))).unwrap();
    assert_eq!(d["replacements"], json!(0));
    assert_eq!(
        d["services"][0]["properties"][0]["path"],
        json!("HealthCheckPath")
    );
}

#[test]
fn diff_sees_a_replaced_role_behind_an_unchanged_reference() {
    let a = template(json!({}));
    let mut b = a.clone();
    b["Resources"]["InfrastructureRole"]["Properties"]["RoleName"] = json!("renamed");
    let d = diff_templates(&a, &b).unwrap();
    assert_eq!(d["replacements"], json!(1));
    assert!(d["services"][0]["properties"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("InfrastructureRole's RoleName changes"));
}

#[test]
fn diff_reports_added_and_removed_services() {
    let a = template(json!({}));
    let b = synth_template(&json!({ "services": { "Api": { "image": "nginx:1" } } }))
        .unwrap()
        .template;
    let d = diff_templates(&a, &b).unwrap();
    let changes: Vec<(&str, &str)> = d["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["logicalId"].as_str().unwrap(),
                s["change"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        [("WebService", "removed"), ("ApiService", "added")]
    );
}

#[test]
fn diff_rejects_what_is_not_a_template() {
    let r = diff_templates(&json!([]), &json!({ "Resources": {} })).unwrap_err();
    assert_eq!(
        (r.errors[0].path.as_str(), r.errors[0].code.as_str()),
        ("old", "not-a-template")
    );
}

#[test]
fn diff_says_scaling_needs_no_deployment() {
    let d = diff_templates(
        &template(json!({})),
        &template(json!({ "scaling": { "maxTasks": 3 } })),
    )
    .unwrap();
    let reason = d["services"][0]["properties"][0]["reason"]
        .as_str()
        .unwrap();
    assert!(reason.contains("without a deployment"), "{reason}");
}

#[test]
fn explain_groups_load_balancers_by_subnet_set_and_knows_when_there_is_no_output() {
    let spec = json!({ "services": {
        "A": { "image": "nginx:1", "network": { "subnets": ["subnet-12345678", "subnet-87654321"] } },
        "B": { "image": "nginx:1", "output": false, "network": { "subnets": ["subnet-87654321", "subnet-12345678"] } }
    }});
    let e = explain(&spec).unwrap();
    assert_eq!(e["loadBalancers"].as_array().unwrap().len(), 1);
    let dns = e["services"][1]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "dns")
        .unwrap()
        .clone();
    assert!(dns["detail"].as_str().unwrap().contains("output is off"));
}

fn node_ids(g: &Value) -> Vec<String> {
    g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_string())
        .collect()
}

fn edges(g: &Value) -> Vec<(String, String)> {
    g["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["from"].as_str().unwrap().to_string(),
                e["to"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_graph_connects_roles_services_routing_the_shared_load_balancer_and_the_web_acl() {
    let spec: Value = serde_json::from_str(include_str!("cases/three-services/spec.json")).unwrap();
    let g = explain(&spec).unwrap()["graph"].clone();
    assert_eq!(
        node_ids(&g),
        [
            "InfrastructureRole",
            "ExecutionRole",
            "DefaultWebAcl",
            "WafAssociations",
            "WebService",
            "cluster:default",
            "ApiService",
            "AdminService",
            "route:Web",
            "route:Api",
            "route:Admin",
            "alb:0"
        ]
    );
    let e = edges(&g);
    // 3 services × (2 roles + the default cluster + routing + routing → ALB) + the web ACL on the ALB and
    // the custom resource that associates it (its function, role and log group are drawn as part of it).
    assert_eq!(e.len(), 3 * 5 + 2);
    assert!(e.contains(&("DefaultWebAcl".into(), "alb:0".into())));
    assert!(e.contains(&("WafAssociations".into(), "alb:0".into())));
    assert!(e.contains(&("route:Api".into(), "alb:0".into())));
    let tier = |id: &str| {
        g["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == id)
            .unwrap()["tier"]
            .clone()
    };
    assert_eq!(
        (tier("DefaultWebAcl"), tier("route:Web")),
        (json!("firewall"), json!("routing"))
    );
}

#[test]
fn the_graph_shows_existing_clusters_web_acls_and_grant_policies() {
    let arn = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/shared/abc";
    let spec = one(
        json!({ "cluster": "apps", "waf": { "webAclArn": arn }, "secrets": { "DB": "/prod/db" } }),
    );
    let g = explain(&spec).unwrap()["graph"].clone();
    let ids = node_ids(&g);
    assert!(
        ids.contains(&"cluster:apps".to_string()) && ids.contains(&format!("ext:{arn}")),
        "{ids:?}"
    );
    let e = edges(&g);
    assert!(e.contains(&(format!("ext:{arn}"), "alb:0".into())));
    assert!(e.contains(&("WebExecutionPolicy".into(), "ExecutionRole".into())));
    let acl = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == format!("ext:{arn}"))
        .unwrap()
        .clone();
    assert_eq!(
        (acl["title"].as_str(), acl["managedBy"].as_str()),
        (Some("shared"), Some("existing"))
    );
}

#[test]
fn a_changed_sidecar_is_a_new_task_definition_revision_deployed_in_place() {
    let spec = |version: &str| {
        one(
            json!({ "sidecars": [{ "name": "otel", "image": format!("otel/opentelemetry-collector:{version}") }] }),
        )
    };
    let old = synth_template(&spec("0.110.0")).unwrap().template;
    let new = synth_template(&spec("0.111.0")).unwrap().template;
    let d = diff_templates(&old, &new).unwrap();
    assert_eq!(d["replacements"], 0);
    let props = &d["services"][0]["properties"];
    assert_eq!(props[0]["path"], "TaskDefinitionArn");
    assert_eq!(props[0]["replaces"], false);
    assert!(props[0]["reason"]
        .as_str()
        .unwrap()
        .contains("WebTaskDefinition changes, so CloudFormation registers a new revision"));
    // The same template: nothing to say.
    assert_eq!(diff_templates(&old, &old).unwrap()["services"], json!([]));
}

#[test]
fn explain_and_the_graph_show_the_containers_of_a_task_definition() {
    let spec = one(
        json!({ "sidecars": [{ "name": "otel", "image": "otel/opentelemetry-collector:0.111.0" }] }),
    );
    let e = explain(&spec).unwrap();
    let items = e["services"][0]["items"].as_array().unwrap();
    let containers = items
        .iter()
        .find(|i| i["kind"] == "containers")
        .expect("a containers item");
    assert_eq!(containers["title"], "A task definition of 2 containers");
    assert!(containers["detail"].as_str().unwrap().contains("Main (nginx:1.27, port 80, the one Express Mode serves) and the sidecars otel (otel/opentelemetry-collector:0.111.0)"));
    let node = e["graph"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "WebTaskDefinition")
        .unwrap()
        .clone();
    assert_eq!(node["sub"], "Main + otel");
    assert!(edges(&e["graph"]).contains(&("WebTaskDefinition".into(), "WebService".into())));
    // A task definition of the user's: said, by its ARN.
    let arn = "arn:aws:ecs:eu-west-1:123456789012:task-definition/worker:7";
    let e = explain(&json!({ "services": { "W": { "taskDefinition": arn } } })).unwrap();
    let items = e["services"][0]["items"].as_array().unwrap();
    assert!(items.iter().any(|i| i["kind"] == "containers"
        && i["managedBy"] == "existing"
        && i["detail"].as_str().unwrap().starts_with(arn)));
}

#[test]
fn a_custom_domain_is_explained_and_its_change_is_in_the_diff() {
    let spec = |names: Value| {
        one(
            json!({ "domain": { "names": names, "hostedZoneId": "Z0123456789ABCDEFGHIJ", "hostedZoneName": "example.com" } }),
        )
    };
    let e = explain(&spec(json!(["api.example.com"]))).unwrap();
    let item = e["services"][0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "domain")
        .expect("a domain item");
    assert_eq!(item["managedBy"], "stack");
    let detail = item["detail"].as_str().unwrap();
    assert!(
        detail.contains("listener rule Express Mode made for the service"),
        "{detail}"
    );
    assert!(detail.contains("hosted zone example.com"), "{detail}");
    let (old, new) = (
        synth_template(&spec(json!(["api.example.com"])))
            .unwrap()
            .template,
        synth_template(&spec(json!(["api.example.com", "www.example.com"])))
            .unwrap()
            .template,
    );
    let d = diff_templates(&old, &new).unwrap();
    assert_eq!(d["replacements"], 0);
    let change = &d["services"][0]["properties"][0];
    assert_eq!(change["path"], "(custom domain)");
    assert!(
        change["reason"]
            .as_str()
            .unwrap()
            .contains("api.example.com → api.example.com, www.example.com"),
        "{change}"
    );
}

#[test]
fn diff_shows_old_and_new_values_of_changed_fields() {
    let d = diff_templates(
        &template(json!({ "image": "nginx:1.27", "environment": { "MODE": "a" } })),
        &template(json!({ "image": "nginx:1.28", "environment": { "MODE": "a" }, "tags": { "team": "x" } })),
    )
    .unwrap();
    let props = d["services"][0]["properties"].as_array().unwrap();
    let container = props
        .iter()
        .find(|p| p["path"] == "PrimaryContainer")
        .unwrap();
    assert_eq!(
        container["fields"],
        json!([{ "path": "PrimaryContainer.Image", "label": "container Main image", "old": "nginx:1.27", "new": "nginx:1.28" }])
    );
    let tags = props.iter().find(|p| p["path"] == "Tags").unwrap();
    assert_eq!(tags["replaces"], true);
    assert_eq!(tags["fields"][0]["path"], "Tags");
    assert!(tags["fields"][0].get("old").is_none());
    assert_eq!(tags["fields"][0]["new"], r#"[{"Key":"team","Value":"x"}]"#);
}

/// The resource a value names by `Ref` or `Fn::GetAtt`.
fn target(v: &Value) -> Option<&str> {
    v.get("Ref")
        .and_then(Value::as_str)
        .or_else(|| v["Fn::GetAtt"][0].as_str())
}

#[test]
fn explain_says_what_the_template_makes_for_every_golden_case() {
    let mut dirs: Vec<_> = std::fs::read_dir("tests/cases")
        .unwrap()
        .map(|d| d.unwrap().path())
        .collect();
    dirs.sort();
    for dir in dirs {
        let case = dir.file_name().unwrap().to_string_lossy().to_string();
        let spec: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("spec.json")).unwrap()).unwrap();
        let template = synth_template(&spec).unwrap().template;
        let resources = template["Resources"].as_object().unwrap();
        let e = explain(&spec).unwrap();
        let mut claimed: Vec<String> = Vec::new();
        for s in e["services"].as_array().unwrap() {
            let name = s["name"].as_str().unwrap();
            let service_id = format!("{name}Service");
            let props = &resources[&service_id]["Properties"];
            let td = target(&props["TaskDefinitionArn"])
                .map(|id| &resources[id]["Properties"])
                .unwrap_or(&Value::Null);
            let items = s["items"].as_array().unwrap();
            let item = |kind: &str| items.iter().find(|i| i["kind"] == kind);
            let at = format!("{case}: {name}");
            // The log group the containers write to, when the template makes it.
            let log_group = target(&props["PrimaryContainer"]["AwsLogsConfiguration"]["LogGroup"])
                .or_else(|| {
                    target(
                        &td["ContainerDefinitions"][0]["LogConfiguration"]["Options"]
                            ["awslogs-group"],
                    )
                });
            let logs = item("log-group").unwrap();
            match log_group {
                Some(id) => {
                    assert_eq!(logs["managedBy"], "stack", "{at}: {logs}");
                    let days = &resources[id]["Properties"]["RetentionInDays"];
                    let said = format!("Retention {} days", days);
                    assert!(
                        logs["detail"].as_str().unwrap().contains(&said),
                        "{at}: {logs}"
                    );
                }
                None => assert_ne!(logs["managedBy"], "stack", "{at}: {logs}"),
            }
            let cluster = item("cluster").unwrap();
            assert_eq!(
                cluster["managedBy"] == "stack",
                target(&props["Cluster"]).is_some(),
                "{at}: {cluster}"
            );
            if let Some(c) = item("containers") {
                assert_eq!(c["managedBy"] == "stack", !td.is_null(), "{at}: {c}");
            }
            let made_group = props["NetworkConfiguration"]["SecurityGroups"]
                .as_array()
                .is_some_and(|g| g.iter().any(|g| target(g).is_some()));
            let groups = item("security-groups").unwrap();
            assert_eq!(groups["managedBy"] == "stack", made_group, "{at}: {groups}");
            if let Some(d) = item("domain") {
                let detail = d["detail"].as_str().unwrap();
                assert!(!detail.contains("the a "), "{at}: {detail}");
                assert_eq!(
                    detail.contains("a certificate made for them"),
                    resources.contains_key(&format!("{name}Certificate")),
                    "{at}: {detail}"
                );
            }
            claimed.push(s["logicalId"].as_str().unwrap_or_default().to_string());
            for i in items {
                let ids = i["resources"]
                    .as_array()
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                assert_eq!(
                    i["managedBy"] == "stack",
                    !ids.is_empty() || i["kind"] == "waf",
                    "{at}: an item in the template names its resources: {i}"
                );
                for id in ids {
                    let id = id.as_str().unwrap();
                    assert!(
                        resources.contains_key(id),
                        "{at}: {id} is not in the template"
                    );
                    claimed.push(id.to_string());
                }
            }
        }
        // Every resource of the template is said by some service's item.
        for id in resources.keys() {
            assert!(claimed.contains(id), "{case}: explain says nothing of {id}");
        }
    }
}

#[test]
fn a_new_image_in_a_task_definition_of_the_template_is_shown_per_container() {
    let spec = |main: &str, otel: &str| {
        json!({ "services": { "Api": {
            "image": format!("ghcr.io/example/api:{main}"),
            "sidecars": [{ "name": "otel", "image": format!("otel/opentelemetry-collector:{otel}") }]
        } } })
    };
    let old = synth_template(&spec("2.4.1", "0.110.0")).unwrap().template;
    let new = synth_template(&spec("2.5.0", "0.111.0")).unwrap().template;
    let d = diff_templates(&old, &new).unwrap();
    assert_eq!(d["replacements"], 0);
    let change = &d["services"][0]["properties"][0];
    assert_eq!(change["path"], "TaskDefinitionArn");
    assert_eq!(change["replaces"], false);
    assert!(
        change["reason"]
            .as_str()
            .unwrap()
            .contains("canary deployment, in place (not a replacement: same URL)"),
        "{change}"
    );
    assert_eq!(
        change["fields"],
        json!([
            {
                "path": "ApiTaskDefinition.ContainerDefinitions[Main].Image",
                "label": "container Main image",
                "old": "ghcr.io/example/api:2.4.1",
                "new": "ghcr.io/example/api:2.5.0"
            },
            {
                "path": "ApiTaskDefinition.ContainerDefinitions[otel].Image",
                "label": "container otel image",
                "old": "otel/opentelemetry-collector:0.110.0",
                "new": "otel/opentelemetry-collector:0.111.0"
            }
        ])
    );
    // Without a task definition the same words.
    let d = diff_templates(
        &template(json!({ "image": "ghcr.io/example/api:2.4.1" })),
        &template(json!({ "image": "ghcr.io/example/api:2.5.0" })),
    )
    .unwrap();
    let field = &d["services"][0]["properties"][0]["fields"][0];
    assert_eq!(field["label"], "container Main image");
}

#[test]
fn explain_and_the_diagram_say_which_rules_protect_which_service() {
    let text = std::fs::read_to_string("tests/cases/waf-per-service/spec.json").unwrap();
    let spec: Value = serde_json::from_str(&text).unwrap();
    let e = explain(&spec).unwrap();
    let waf_of = |name: &str| {
        let s = e["services"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == name)
            .unwrap();
        s["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["kind"] == "waf")
            .unwrap()
            .clone()
    };
    let admin = waf_of("Admin");
    assert_eq!(admin["title"], "Web ACL ShopWebAcl of its network");
    let detail = admin["detail"].as_str().unwrap();
    assert!(detail.contains("this service's rules: AllowOnlyListedIps-Admin (blocks requests from outside 203.0.113.0/24, 2001:db8:1234::/48); RateLimitPerIp-Admin"), "{detail}");
    assert!(detail.contains("AWSManagedRulesKnownBadInputsRuleSet-Shop-Api-Admin (AWS managed rule group AWSManagedRulesKnownBadInputsRuleSet, shared with Shop, Api)"), "{detail}");
    assert!(!detail.contains("SQLi"), "{detail}");
    assert!(
        detail.contains("Docs on the same load balancers, without WAF, are let through"),
        "{detail}"
    );
    let docs = waf_of("Docs");
    assert_eq!(docs["title"], "No WAF rules");
    assert!(docs["detail"]
        .as_str()
        .unwrap()
        .contains("Its load balancer holds ShopWebAcl"));
    assert_eq!(
        e["loadBalancers"][0]["webAcl"],
        "the web ACL of Shop, Api, Admin (Docs without WAF)"
    );
    let node = e["graph"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "ShopWebAcl")
        .unwrap();
    let detail = node["detail"].as_str().unwrap();
    assert!(
        detail.contains("AllowOnlyListedIps-Admin for Admin; RateLimitPerIp-Shop for Shop;"),
        "{detail}"
    );
    assert!(
        detail.contains("AWSManagedRulesSQLiRuleSet-Api for Api"),
        "{detail}"
    );
}
