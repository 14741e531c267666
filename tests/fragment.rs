//! The per-service fragment the construct builds on, and the template's structure.

mod common;
use common::api::{shared_changes, synth_service, synth_template, template_json};
use common::one;
use serde_json::{json, Value};

fn local_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(id)) = m.get("Ref") {
                out.push(id.clone());
            }
            if let Some(id) = m
                .get("Fn::GetAtt")
                .and_then(|a| a.get(0))
                .and_then(Value::as_str)
            {
                out.push(id.to_string());
            }
            if let Some(deps) = m.get("DependsOn").and_then(Value::as_array) {
                out.extend(deps.iter().filter_map(Value::as_str).map(str::to_string));
            }
            m.values().for_each(|x| local_refs(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| local_refs(x, out)),
        _ => {}
    }
}

/// Every reference names a resource of the same document (or a pseudo parameter).
fn assert_closed(doc: &Value, resources: &Value) {
    let mut refs = Vec::new();
    local_refs(doc, &mut refs);
    for id in refs {
        assert!(
            id.starts_with("AWS::") || resources.get(&id).is_some(),
            "reference to unknown {id}"
        );
    }
}

#[test]
fn a_fragment_uses_local_ids_and_marks_shared_ones() {
    let spec = one(
        json!({ "secrets": { "DB": "/prod/db" }, "logs": {}, "waf": {}, "roles": { "task": "create" } }),
    );
    let f = synth_service(&spec, "Web").expect("valid");
    let ids: Vec<&str> = f["resources"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        ids,
        [
            "InfrastructureRole",
            "ExecutionRole",
            "WafAssociationsLogs",
            "WafAssociationsRole",
            "WafAssociationsFunction",
            "WafAssociations",
            "TaskRole",
            "ExecutionPolicy",
            "LogGroup",
            "WebAcl",
            "Service"
        ]
    );
    assert_eq!(
        f["shared"],
        json!([
            "InfrastructureRole",
            "ExecutionRole",
            "WafAssociationsLogs",
            "WafAssociationsRole",
            "WafAssociationsFunction",
            "WafAssociations"
        ])
    );
    // The task role is the construct's to leave out until something is granted to it.
    assert_eq!(f["optional"], json!(["TaskRole"]));
    // The service's load balancer joins its web ACL's entry of the associations; the shared resource
    // itself holds no service's values.
    assert_eq!(
        f["contributions"],
        json!([{
            "resource": "WafAssociations",
            "property": "WebAcls",
            "group": "own:Web",
            "entry": { "WebAclArn": { "Fn::GetAtt": ["WebAcl", "Arn"] } },
            "members": "LoadBalancerArns",
            "value": { "Fn::GetAtt": ["Service", "ECSManagedResourceArns.IngressPath.LoadBalancerArn"] }
        }])
    );
    assert_eq!(
        f["resources"]["WafAssociations"]["Properties"]["WebAcls"],
        json!([])
    );
    assert_eq!(f["attributes"]["serviceArn"], json!({ "Ref": "Service" }));
    assert_eq!(
        f["attributes"]["taskRoleArn"],
        json!({ "Fn::GetAtt": ["TaskRole", "Arn"] })
    );
    assert_eq!(
        f["attributes"]["webAclArn"],
        json!({ "Fn::GetAtt": ["WebAcl", "Arn"] })
    );
    assert_eq!(
        f["attributes"]["loadBalancerArn"],
        json!({ "Fn::GetAtt": ["Service", "ECSManagedResourceArns.IngressPath.LoadBalancerArn"] })
    );
    assert!(f["outputs"].get("Url").is_some());
    // The web ACL's metric is named after the service, as in the standalone template.
    assert_eq!(
        f["resources"]["WebAcl"]["Properties"]["VisibilityConfig"]["MetricName"],
        json!("WebWebAcl")
    );
    assert_closed(&f, &f["resources"]);
}

#[test]
fn given_roles_are_not_created() {
    let spec = one(json!({ "roles": {
        "execution": "arn:aws:iam::123456789012:role/exec",
        "infrastructure": "arn:aws:iam::123456789012:role/infra"
    }}));
    let f = synth_service(&spec, "Web").expect("valid");
    assert_eq!(f["shared"], json!([]));
    let props = &f["resources"]["Service"]["Properties"];
    assert_eq!(
        props["ExecutionRoleArn"],
        json!("arn:aws:iam::123456789012:role/exec")
    );
    assert_eq!(
        props["InfrastructureRoleArn"],
        json!("arn:aws:iam::123456789012:role/infra")
    );
}

#[test]
fn fragment_warnings_are_the_services_own() {
    let spec = json!({ "services": { "A": { "image": "nginx" }, "B": { "image": "nginx:1", "tags": { "t": "v" } } } });
    let f = synth_service(&spec, "B").expect("valid");
    let codes: Vec<&str> = f["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w["code"].as_str())
        .collect();
    assert_eq!(codes, ["tags-replace-service"]);
}

#[test]
fn an_unknown_service_is_an_error() {
    let r = synth_service(&one(json!({})), "Api").unwrap_err();
    assert_eq!(r.errors[0].code, "unknown-service");
    assert!(r.errors[0].message.contains("it has: Web"));
}

#[test]
fn token_values_reach_the_template_as_given() {
    let t = "${Token[TOKEN.9]}";
    let spec = one(
        json!({ "cpu": t, "memory": t, "containerPort": t, "network": { "subnets": "#{Token[TOKEN.3]}" }, "cluster": t }),
    );
    let f = synth_service(&spec, "Web").expect("valid");
    let p = &f["resources"]["Service"]["Properties"];
    assert_eq!(
        (&p["Cpu"], &p["Memory"], &p["Cluster"]),
        (&json!(t), &json!(t), &json!(t))
    );
    assert_eq!(p["PrimaryContainer"]["ContainerPort"], json!(t));
    assert_eq!(
        p["NetworkConfiguration"]["Subnets"],
        json!("#{Token[TOKEN.3]}")
    );
}

#[test]
fn templates_are_closed_and_deterministic() {
    let spec: Value = serde_json::from_str(include_str!("cases/three-services/spec.json")).unwrap();
    let a = synth_template(&spec).unwrap();
    let b = synth_template(&spec).unwrap();
    assert_eq!(template_json(&a.template), template_json(&b.template));
    assert_closed(&a.template, &a.template["Resources"]);
}

#[test]
fn a_string_cluster_naming_a_created_one_refers_to_it() {
    let spec = json!({ "services": {
        "A": { "image": "nginx:1", "cluster": { "clusterName": "apps" } },
        "B": { "image": "nginx:1", "cluster": "apps" }
    }});
    let t = synth_template(&spec).unwrap().template;
    assert_eq!(
        t["Resources"]["BService"]["Properties"]["Cluster"],
        json!({ "Ref": "ClusterApps" })
    );
    assert_eq!(
        t["Resources"]
            .as_object()
            .unwrap()
            .keys()
            .filter(|k| k.starts_with("Cluster"))
            .count(),
        1
    );
}

#[test]
fn defaults_are_stated_explicitly() {
    let t = synth_template(&one(json!({ "cpu": 1024 })))
        .unwrap()
        .template;
    let p = &t["Resources"]["WebService"]["Properties"];
    assert_eq!((&p["Cpu"], &p["Memory"]), (&json!("1024"), &json!("2048")));
    let t = synth_template(&one(json!({ "memory": 4096 })))
        .unwrap()
        .template;
    let p = &t["Resources"]["WebService"]["Properties"];
    assert_eq!((&p["Cpu"], &p["Memory"]), (&json!("512"), &json!("4096")));
    let t = synth_template(&one(json!({ "scaling": { "maxTasks": 4 } })))
        .unwrap()
        .template;
    assert_eq!(
        t["Resources"]["WebService"]["Properties"]["ScalingTarget"],
        json!({ "MinTaskCount": 1, "MaxTaskCount": 4, "AutoScalingMetric": "AVERAGE_CPU", "AutoScalingTargetValue": 60 })
    );
}

#[test]
fn existing_log_group_and_secret_grants() {
    let spec = one(json!({
        "logs": { "logGroup": "/apps/web" },
        "secrets": { "A": "arn:aws:secretsmanager:us-east-1:123456789012:secret:app", "B": "arn:aws:secretsmanager:us-east-1:123456789012:secret:app" }
    }));
    let t = synth_template(&spec).unwrap().template;
    assert!(t["Resources"].get("WebLogGroup").is_none());
    assert_eq!(
        t["Resources"]["WebService"]["Properties"]["PrimaryContainer"]["AwsLogsConfiguration"],
        json!({ "LogGroup": "/apps/web", "LogStreamPrefix": "ecs" })
    );
    // One grant per secret, whatever the number of variables reading it; a partial ARN matches its suffix.
    // ("app" cannot be a full ARN: no -XXXXXX suffix.)
    assert_eq!(
        t["Resources"]["WebExecutionPolicy"]["Properties"]["PolicyDocument"]["Statement"],
        json!([{ "Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": ["arn:aws:secretsmanager:us-east-1:123456789012:secret:app-??????"] }])
    );
}

#[test]
fn a_secret_name_that_may_be_partial_is_granted_both_ways() {
    let spec = one(
        json!({ "secrets": { "A": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-master" } }),
    );
    let t = synth_template(&spec).unwrap().template;
    assert_eq!(
        t["Resources"]["WebExecutionPolicy"]["Properties"]["PolicyDocument"]["Statement"][0]
            ["Resource"],
        json!([
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-master",
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-master-??????"
        ])
    );
}

/// What the construct changes on its stack's shared resources once its services are all known: the whole
/// spec's template's web ACLs over the ones the fragments made, one web ACL value at a time.
#[test]
fn shared_changes_make_the_fragments_web_acls_the_templates() {
    let spec = json!({
        "webAcls": { "Waf": { "rateLimit": 1000 }, "Waf2": { "rateLimit": 100 } },
        "services": {
            "Shop": { "image": "nginx:1.27", "waf": { "webAcl": "Waf" } },
            "Blog": { "image": "nginx:1.27", "waf": { "webAcl": "Waf2" } }
        }
    });
    let template = synth_template(&spec)
        .expect("the spec synthesizes")
        .template;
    let resources = &template["Resources"];
    let changes = shared_changes(&spec);
    assert_eq!(changes["errors"], json!([]));
    // The first value's web ACL takes the composed rules; the other's is taken out.
    assert_eq!(
        changes["replace"]["WafWebAcl"],
        json!({
            "Description": resources["WafWebAcl"]["Properties"]["Description"],
            "Rules": resources["WafWebAcl"]["Properties"]["Rules"],
        })
    );
    assert_eq!(
        changes["replace"]["WafAssociations"],
        json!({ "WebAcls": resources["WafAssociations"]["Properties"]["WebAcls"] })
    );
    assert_eq!(changes["remove"], json!(["Waf2WebAcl"]));
    assert_eq!(
        changes["serviceResources"]["BlogService"],
        json!({ "service": "Blog", "localId": "Service" })
    );
    for key in ["Shop", "Blog"] {
        assert_eq!(
            changes["serviceAttributes"][key],
            json!({ "webAclArn": { "Fn::GetAtt": ["WafWebAcl", "Arn"] } })
        );
    }
    // Every local ID the expressions name is a shared resource of the stack or a service's own.
    let mut named = Vec::new();
    local_refs(&changes["replace"], &mut named);
    for id in named {
        assert!(
            changes["serviceResources"].get(&id).is_some() || resources.get(&id).is_some(),
            "{id}"
        );
    }
    // A spec with errors: the errors, nothing to change.
    let bad = shared_changes(&json!({ "services": { "Shop": { "image": "" } } }));
    assert!(!bad["errors"].as_array().expect("a list").is_empty());
    assert_eq!(bad["replace"], json!({}));
}
