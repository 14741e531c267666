//! Every validation rule: the path it names and the message it gives.

mod common;
use common::{accepts, errors, one, rejects};
use serde_json::json;

#[test]
fn unknown_keys_suggest_the_nearest_name() {
    rejects(
        one(json!({ "memroy": 512 })),
        "services.Web.memroy",
        "unknown-key",
        "did you mean \"memory\"?",
    );
    rejects(
        json!({ "services": { "Web": { "image": "nginx:1" } }, "servics": {} }),
        "servics",
        "unknown-key",
        "did you mean \"services\"?",
    );
    rejects(
        one(json!({ "scaling": { "maxTask": 3 } })),
        "services.Web.scaling.maxTask",
        "unknown-key",
        "did you mean \"maxTasks\"?",
    );
    rejects(
        one(json!({ "zzzzzz": 1 })),
        "services.Web.zzzzzz",
        "unknown-key",
        "valid keys: image, serviceName",
    );
}

#[test]
fn wrong_types_name_what_was_expected() {
    rejects(
        one(json!({ "cpu": "512" })),
        "services.Web.cpu",
        "wrong-type",
        "expected a whole number, got the string \"512\"",
    );
    rejects(
        one(json!({ "containerPort": 80.5 })),
        "services.Web.containerPort",
        "wrong-type",
        "expected a whole number ≥ 0, got 80.5",
    );
    rejects(
        one(json!({ "command": "nginx -g" })),
        "services.Web.command",
        "wrong-type",
        "expected a list of strings",
    );
    rejects(
        one(json!({ "command": ["a", 1] })),
        "services.Web.command[1]",
        "wrong-type",
        "expected a string, got the number 1",
    );
    rejects(
        one(json!({ "output": "yes" })),
        "services.Web.output",
        "wrong-type",
        "expected true or false",
    );
    rejects(
        json!([1, 2]),
        "",
        "wrong-type",
        "expected an object, got a list",
    );
    rejects(
        json!({ "services": [] }),
        "services",
        "wrong-type",
        "expected an object of service name",
    );
    rejects(
        one(json!({ "environment": { "A": null } })),
        "services.Web.environment.A",
        "wrong-type",
        "expected a string, got null",
    );
}

#[test]
fn services_and_image_are_required() {
    rejects(json!({}), "services", "required", "is required");
    rejects(
        json!({ "services": {} }),
        "services",
        "required",
        "at least one service",
    );
    rejects(
        json!({ "services": { "Web": {} } }),
        "services.Web.image",
        "required",
        "the container image",
    );
}

#[test]
fn service_keys_must_make_logical_ids() {
    rejects(
        json!({ "services": { "web-app": { "image": "nginx:1" } } }),
        "services.web-app",
        "service-key",
        "letters and digits, starting with a letter",
    );
    rejects(
        json!({ "services": { "1st": { "image": "nginx:1" } } }),
        "services.1st",
        "service-key",
        "starting with a letter",
    );
}

#[test]
fn image_references() {
    rejects(
        one(json!({ "image": "Nginx:1" })),
        "services.Web.image",
        "image-ref",
        "lower-case letters and digits",
    );
    rejects(
        one(json!({ "image": "nginx:" })),
        "services.Web.image",
        "image-ref",
        "the tag \"\"",
    );
    rejects(
        one(json!({ "image": "nginx@sha256:abc" })),
        "services.Web.image",
        "image-ref",
        "64 lower-case hex digits",
    );
}

#[test]
fn service_names() {
    rejects(
        one(json!({ "serviceName": "my service" })),
        "services.Web.serviceName",
        "service-name",
        "letters, digits, hyphens and underscores",
    );
    rejects(
        one(json!({ "serviceName": "a".repeat(256) })),
        "services.Web.serviceName",
        "service-name",
        "1–255",
    );
    accepts(one(json!({ "serviceName": "my_service-2" })));
}

#[test]
fn container_port_range() {
    rejects(
        one(json!({ "containerPort": 0 })),
        "services.Web.containerPort",
        "port-range",
        "0 is not a port; use 1–65535",
    );
    rejects(
        one(json!({ "containerPort": 70000 })),
        "services.Web.containerPort",
        "port-range",
        "use 1–65535",
    );
    accepts(one(json!({ "containerPort": 65535 })));
}

#[test]
fn empty_command() {
    rejects(
        one(json!({ "command": [] })),
        "services.Web.command",
        "empty",
        "leave it out",
    );
}

#[test]
fn fargate_cpu_and_memory() {
    rejects(
        one(json!({ "cpu": 256, "memory": 256 })),
        "services.Web.memory",
        "fargate-pair",
        "256 MiB is not valid with cpu 256; valid: 512, 1024, 2048",
    );
    rejects(
        one(json!({ "cpu": 4096, "memory": 4096 })),
        "services.Web.memory",
        "fargate-pair",
        "valid: 8192 to 30720 in steps of 1024",
    );
    rejects(
        one(json!({ "cpu": 300 })),
        "services.Web.cpu",
        "fargate-cpu",
        "300 is not a Fargate CPU size; valid: 256, 512, 1024",
    );
    rejects(
        one(json!({ "memory": 100 })),
        "services.Web.memory",
        "fargate-pair",
        "fits no Fargate CPU size",
    );
    accepts(one(json!({ "cpu": 2048, "memory": 16384 })));
    accepts(one(json!({ "memory": 3072 })));
}

#[test]
fn a_token_size_needs_its_partner() {
    rejects(
        one(json!({ "cpu": "${Token[TOKEN.1]}" })),
        "services.Web.memory",
        "fargate-pair",
        "required when cpu comes from a token",
    );
    rejects(
        one(json!({ "memory": "${Token[TOKEN.1]}" })),
        "services.Web.cpu",
        "fargate-pair",
        "required when memory comes from a token",
    );
    accepts(one(
        json!({ "cpu": "${Token[TOKEN.1]}", "memory": "${Token[TOKEN.2]}" }),
    ));
}

#[test]
fn environment_names() {
    rejects(
        one(json!({ "environment": { "1BAD": "x" } })),
        "services.Web.environment.1BAD",
        "env-name",
        "not starting with a digit",
    );
    rejects(
        one(json!({ "environment": { "A-B": "x" } })),
        "services.Web.environment.A-B",
        "env-name",
        "letters, digits and _",
    );
}

#[test]
fn a_name_both_plain_and_secret() {
    rejects(
        one(json!({ "environment": { "DB_URL": "x" }, "secrets": { "DB_URL": "/prod/db-url" } })),
        "services.Web.secrets.DB_URL",
        "env-secret-conflict",
        "set both in environment and in secrets",
    );
}

#[test]
fn secret_references() {
    let p = "services.Web.secrets.S";
    rejects(
        one(json!({ "secrets": { "S": "arn:aws:s3:::bucket/key" } })),
        p,
        "secret-ref",
        "is an ARN of s3",
    );
    rejects(
        one(
            json!({ "secrets": { "S": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:password" } }),
        ),
        p,
        "secret-ref",
        ":<jsonKey>:<versionStage>:<versionId>",
    );
    rejects(
        one(json!({ "secrets": { "S": "arn:aws:secretsmanager:us-east-1:1234:secret:db" } })),
        p,
        "secret-ref",
        "must be 12 digits",
    );
    rejects(
        one(json!({ "secrets": { "S": "not a name" } })),
        p,
        "secret-ref",
        "neither a Secrets Manager secret ARN",
    );
    rejects(
        one(json!({ "secrets": { "S": "arn:aws:ssm:us-east-1:123456789012:document/x" } })),
        p,
        "secret-ref",
        "not an SSM parameter ARN",
    );
}

#[test]
fn repository_credentials_take_a_plain_secret_arn() {
    rejects(
        one(
            json!({ "repositoryCredentials": "arn:aws:secretsmanager:us-east-1:123456789012:secret:reg-AbCdEf:user::" }),
        ),
        "services.Web.repositoryCredentials",
        "secret-ref",
        "use the secret's ARN alone",
    );
    rejects(
        one(json!({ "repositoryCredentials": "/ssm/name" })),
        "services.Web.repositoryCredentials",
        "secret-ref",
        "is not an ARN",
    );
}

#[test]
fn health_check_path() {
    rejects(
        one(json!({ "healthCheckPath": "health" })),
        "services.Web.healthCheckPath",
        "health-check-path",
        "must start with /",
    );
    rejects(
        one(json!({ "healthCheckPath": "/a b" })),
        "services.Web.healthCheckPath",
        "health-check-path",
        "no spaces",
    );
}

#[test]
fn clusters() {
    rejects(
        one(json!({ "cluster": "my cluster" })),
        "services.Web.cluster",
        "cluster",
        "not a cluster name",
    );
    rejects(
        one(json!({ "cluster": "arn:aws:ecs:us-east-1:123456789012:service/c/s" })),
        "services.Web.cluster",
        "cluster",
        "not a cluster ARN",
    );
    rejects(
        one(json!({ "cluster": { "clusterName": "default" } })),
        "services.Web.cluster.clusterName",
        "cluster",
        "the account's default cluster",
    );
    rejects(
        one(json!({ "cluster": {} })),
        "services.Web.cluster.clusterName",
        "required",
        "to create a cluster",
    );
    rejects(
        one(json!({ "cluster": 5 })),
        "services.Web.cluster",
        "wrong-type",
        "a cluster name or ARN",
    );
}

#[test]
fn created_clusters_agree() {
    let spec = json!({ "services": {
        "A": { "image": "nginx:1", "cluster": { "clusterName": "apps" } },
        "B": { "image": "nginx:1", "cluster": { "clusterName": "apps", "containerInsights": false } }
    }});
    rejects(
        spec,
        "services.B.cluster.containerInsights",
        "cluster",
        "also created by service A",
    );
    let spec = json!({ "services": {
        "A": { "image": "nginx:1", "cluster": { "clusterName": "my-apps" } },
        "B": { "image": "nginx:1", "cluster": { "clusterName": "myapps" } }
    }});
    rejects(
        spec,
        "services",
        "cluster",
        "would share the logical ID ClusterMyapps",
    );
}

#[test]
fn network_ids() {
    rejects(
        one(json!({ "network": { "subnets": ["subnet-123"] } })),
        "services.Web.network.subnets[0]",
        "subnet-id",
        "8 or 17 hex digits",
    );
    rejects(
        one(json!({ "network": { "securityGroups": ["sg-XYZ12345"] } })),
        "services.Web.network.securityGroups[0]",
        "security-group-id",
        "not a security group ID",
    );
    rejects(
        one(json!({ "network": { "subnets": [] } })),
        "services.Web.network.subnets",
        "subnet-id",
        "give 1–16",
    );
    rejects(
        one(json!({ "network": { "subnets": ["subnet-12345678", "subnet-12345678"] } })),
        "services.Web.network.subnets[1]",
        "subnet-id",
        "listed twice",
    );
    let six: Vec<String> = (0..6).map(|i| format!("sg-1234567{i}")).collect();
    rejects(
        one(json!({ "network": { "securityGroups": six } })),
        "services.Web.network.securityGroups",
        "security-group-id",
        "has 6 entries; give 1–5",
    );
}

#[test]
fn scaling_bounds() {
    rejects(
        one(json!({ "scaling": { "minTasks": 3, "maxTasks": 2 } })),
        "services.Web.scaling.maxTasks",
        "scaling-range",
        "2 is less than minTasks 3",
    );
    rejects(
        one(json!({ "scaling": { "maxTasks": 0 } })),
        "services.Web.scaling.maxTasks",
        "scaling-range",
        "minTasks (default 1)",
    );
    rejects(
        one(json!({ "scaling": { "minTasks": -1 } })),
        "services.Web.scaling.minTasks",
        "wrong-type",
        "≥ 0",
    );
    rejects(
        one(json!({ "scaling": { "targetValue": 0 } })),
        "services.Web.scaling.targetValue",
        "scaling-target",
        "use 1–100 for the cpu metric",
    );
    rejects(
        one(json!({ "scaling": { "metric": "memory", "targetValue": 101 } })),
        "services.Web.scaling.targetValue",
        "scaling-target",
        "for the memory metric",
    );
    rejects(
        one(json!({ "scaling": { "metric": "requests", "targetValue": 0 } })),
        "services.Web.scaling.targetValue",
        "scaling-target",
        "use 1 or more",
    );
    rejects(
        one(json!({ "scaling": { "metric": "cpus" } })),
        "services.Web.scaling.metric",
        "scaling-metric",
        "did you mean \"cpu\"?",
    );
    accepts(one(json!({ "scaling": { "minTasks": 0, "maxTasks": 0 } })));
    accepts(one(
        json!({ "scaling": { "metric": "requests", "targetValue": 5000 } }),
    ));
}

#[test]
fn logs() {
    rejects(
        one(json!({ "logs": { "retentionDays": 10 } })),
        "services.Web.logs.retentionDays",
        "retention-days",
        "valid: 1, 3, 5, 7, 14, 30",
    );
    rejects(
        one(json!({ "logs": { "logGroup": "my group" } })),
        "services.Web.logs.logGroup",
        "log-group",
        "not a log group name",
    );
    rejects(
        one(json!({ "logs": { "streamPrefix": "a:b" } })),
        "services.Web.logs.streamPrefix",
        "stream-prefix",
        "without : or *",
    );
    rejects(
        one(json!({ "logs": { "logGroup": "/app/web", "retentionDays": 7 } })),
        "services.Web.logs.retentionDays",
        "exclusive",
        "applies only to a log group the template creates",
    );
}

#[test]
fn role_arns() {
    rejects(
        one(json!({ "roles": { "execution": "arn:aws:iam::123456789012:user/bob" } })),
        "services.Web.roles.execution",
        "role-arn",
        "not a role ARN",
    );
    rejects(
        one(json!({ "roles": { "infrastructure": "my-role" } })),
        "services.Web.roles.infrastructure",
        "role-arn",
        "is not an ARN",
    );
    rejects(
        one(json!({ "roles": { "task": "arn:aws:iam:us-east-1:123456789012:role/x" } })),
        "services.Web.roles.task",
        "role-arn",
        "ARNs have no region",
    );
    accepts(one(json!({ "roles": { "task": "create" } })));
}

#[test]
fn waf_settings() {
    let p = "services.Web.waf";
    rejects(
        one(json!({ "waf": true })),
        p,
        "waf",
        "use {} for a web ACL with the default managed rules",
    );
    rejects(
        one(json!({ "waf": "on" })),
        p,
        "wrong-type",
        "false, { webAclArn }",
    );
    rejects(
        one(
            json!({ "waf": { "webAclArn": "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/a/1", "rateLimit": 100 } }),
        ),
        "services.Web.waf.rateLimit",
        "exclusive",
        "cannot be combined with webAclArn",
    );
    rejects(
        one(
            json!({ "waf": { "webAclArn": "arn:aws:wafv2:us-east-1:123456789012:global/webacl/a/1" } }),
        ),
        "services.Web.waf.webAclArn",
        "web-acl-arn",
        "a load balancer needs a REGIONAL one",
    );
    rejects(
        one(json!({ "waf": { "managedRules": ["AWSManagedRulesCommonRuleSetX"] } })),
        "services.Web.waf.managedRules[0]",
        "managed-rule",
        "did you mean \"AWSManagedRulesCommonRuleSet\"?",
    );
    rejects(
        one(json!({ "waf": { "managedRules": ["AWSManagedRulesBotControlRuleSet"] } })),
        "services.Web.waf.managedRules[0]",
        "managed-rule",
        "usable without settings",
    );
    rejects(
        one(
            json!({ "waf": { "managedRules": ["AWSManagedRulesSQLiRuleSet", "AWSManagedRulesSQLiRuleSet"] } }),
        ),
        "services.Web.waf.managedRules[1]",
        "managed-rule",
        "listed twice",
    );
    rejects(
        one(json!({ "waf": { "rateLimit": 5 } })),
        "services.Web.waf.rateLimit",
        "rate-limit",
        "WAF allows 10 to 2000000000",
    );
    rejects(
        json!({ "waf": { "rateLimt": 100 }, "services": { "Web": { "image": "nginx:1" } } }),
        "waf.rateLimt",
        "unknown-key",
        "did you mean \"rateLimit\"?",
    );
    accepts(one(json!({ "waf": false })));
    accepts(one(json!({ "waf": {} })));
}

#[test]
fn tags() {
    let many: serde_json::Map<String, serde_json::Value> =
        (0..51).map(|i| (format!("k{i}"), json!("v"))).collect();
    rejects(
        one(json!({ "tags": many })),
        "services.Web.tags",
        "tag-count",
        "has 51 tags; an Express service takes at most 50",
    );
    rejects(
        one(json!({ "tags": { "aws:owner": "x" } })),
        "services.Web.tags.aws:owner",
        "tag-key",
        "AWS reserves",
    );
    rejects(
        one(json!({ "tags": { "a*b": "x" } })),
        "services.Web.tags.a*b",
        "tag-key",
        "contains '*'",
    );
    rejects(
        one(json!({ "tags": { "team": "a".repeat(257) } })),
        "services.Web.tags.team",
        "tag-value",
        "at most 256",
    );
    rejects(
        one(json!({ "tags": { "team": "a|b" } })),
        "services.Web.tags.team",
        "tag-value",
        "contains '|'",
    );
    rejects(
        one(json!({ "tags": { "k".repeat(129): "x" } })),
        &format!("services.Web.tags.{}", "k".repeat(129)),
        "tag-key",
        "1–128",
    );
    accepts(one(
        json!({ "tags": { "Équipe name": "Zürich 1+1=2 @home" } }),
    ));
}

#[test]
fn description_length() {
    rejects(
        json!({ "description": "x".repeat(1025), "services": { "Web": { "image": "nginx:1" } } }),
        "description",
        "too-long",
        "CloudFormation allows 1024",
    );
}

#[test]
fn every_error_is_reported_at_once() {
    let spec = json!({ "services": {
        "Web": { "image": "Bad Image", "cpu": 256, "memory": 4096, "containerPort": 0,
                 "scaling": { "minTasks": 5, "maxTasks": 1 }, "healthCheckPath": "x", "tags": { "aws:x": "y" } },
        "bad-key": { "image": "nginx:1" },
        "Api": { "imag": "nginx:1" }
    }});
    let mut paths: Vec<String> = errors(&spec).into_iter().map(|d| d.path).collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            "services.Api.imag",
            "services.Api.image",
            "services.Web.containerPort",
            "services.Web.healthCheckPath",
            "services.Web.image",
            "services.Web.memory",
            "services.Web.scaling.maxTasks",
            "services.Web.tags.aws:x",
            "services.bad-key",
        ]
    );
}

#[test]
fn tokens_pass_unchecked() {
    let t = "${Token[TOKEN.77]}";
    accepts(one(json!({
        "image": t, "serviceName": t, "containerPort": t, "command": "#{Token[TOKEN.5]}",
        "cpu": t, "memory": t, "healthCheckPath": t, "cluster": t,
        "network": { "subnets": t, "securityGroups": [t, "sg-12345678"] },
        "scaling": { "minTasks": t, "maxTasks": t, "targetValue": t },
        "logs": { "logGroup": t, "streamPrefix": t },
        "roles": { "execution": t, "infrastructure": t, "task": t },
        "secrets": { "DB": format!("arn:aws:secretsmanager:{t}:{t}:secret:x") },
        "repositoryCredentials": t,
        "waf": { "webAclArn": t },
        "tags": { "team": t }
    })));
}

#[test]
fn template_limits_are_errors_that_say_what_to_do() {
    // 499 services and the two shared roles.
    let services: serde_json::Map<String, serde_json::Value> = (0..499)
        .map(|i| (format!("S{i}"), json!({ "image": "nginx:1" })))
        .collect();
    rejects(
        json!({ "services": services }),
        "services",
        "template-limit",
        "501 resources; CloudFormation allows 500 in one template: split the 499 services across specs (stacks)",
    );
}

#[test]
fn the_largest_spec_that_fits() {
    // 450 services on shared roles stay within 500 resources; 200 of them output their URL.
    let services: serde_json::Map<String, serde_json::Value> = (0..450)
        .map(|i| {
            (
                format!("S{i}"),
                json!({ "image": "nginx:1.27", "output": i < 200 }),
            )
        })
        .collect();
    let out = common::api::synth_template(&json!({ "services": services })).expect("valid");
    assert_eq!(
        out.template["Resources"].as_object().map(|r| r.len()),
        Some(452)
    );
    assert_eq!(
        out.template["Outputs"].as_object().map(|r| r.len()),
        Some(200)
    );
    assert!(
        out.warnings.iter().any(|w| w.code == "template-size"),
        "{:?}",
        out.warnings
    );
}

#[test]
fn a_schema_reference_is_allowed() {
    accepts(
        json!({ "$schema": "./express-service.schema.json", "services": { "Web": { "image": "nginx:1" } } }),
    );
    rejects(
        json!({ "$schema": 1, "services": { "Web": { "image": "nginx:1" } } }),
        "$schema",
        "wrong-type",
        "expected a string",
    );
}

#[test]
fn long_values_are_elided_in_messages() {
    let errs = errors(&one(json!({ "image": "A".repeat(1_000_000) })));
    assert!(errs[0].message.len() < 400, "{}", errs[0].message.len());
}

#[test]
fn logical_ids_that_collide_are_errors() {
    let spec = json!({ "waf": { "rateLimit": 5000 }, "services": {
        "Default": { "image": "nginx:1", "waf": { "rateLimit": 100 }, "network": { "subnets": ["subnet-12345678"] } },
        "Web": { "image": "nginx:1" }
    }});
    rejects(
        spec,
        "services.Default",
        "logical-id",
        "makes the logical ID DefaultWebAcl, which a resource shared by the services makes too",
    );
    let spec = json!({ "services": {
        "ClusterApps": { "image": "nginx:1" },
        "B": { "image": "nginx:1", "cluster": { "clusterName": "AppsService" } }
    }});
    rejects(
        spec,
        "services.ClusterApps",
        "logical-id",
        "ClusterAppsService",
    );
}

#[test]
fn service_names_are_unique_in_a_cluster() {
    let spec = json!({ "services": {
        "A": { "image": "nginx:1", "serviceName": "web" },
        "B": { "image": "nginx:1", "serviceName": "web" }
    }});
    rejects(
        spec,
        "services.B.serviceName",
        "service-name",
        "also the name of service A in the same cluster",
    );
    accepts(json!({ "services": {
        "A": { "image": "nginx:1", "serviceName": "web" },
        "B": { "image": "nginx:1", "serviceName": "web", "cluster": "other" }
    }}));
}

#[test]
fn numbers_may_be_tokens_but_names_of_logical_ids_may_not() {
    let t = "${Token[TOKEN.4]}";
    accepts(one(
        json!({ "logs": { "retentionDays": t }, "waf": { "rateLimit": t } }),
    ));
    rejects(
        one(json!({ "cluster": { "clusterName": t } })),
        "services.Web.cluster.clusterName",
        "cluster",
        "must be known at synthesis",
    );
    rejects(
        one(json!({ "waf": { "managedRules": "#{Token[TOKEN.1]}" } })),
        "services.Web.waf.managedRules",
        "managed-rule",
        "known at synthesis",
    );
}

#[test]
fn ssm_parameter_paths() {
    rejects(
        one(json!({ "secrets": { "S": "prod/db" } })),
        "services.Web.secrets.S",
        "secret-ref",
        "must start with / (\"/prod/db\")",
    );
    rejects(
        one(json!({ "secrets": { "S": "arn:aws:ssm:us-east-1:123456789012:parameter//x" } })),
        "services.Web.secrets.S",
        "secret-ref",
        "not an SSM parameter ARN",
    );
    rejects(
        one(json!({ "secrets": { "S": "/a//b" } })),
        "services.Web.secrets.S",
        "secret-ref",
        "no empty parts",
    );
}

#[test]
fn task_role_type() {
    rejects(
        one(json!({ "roles": { "task": true } })),
        "services.Web.roles.task",
        "wrong-type",
        "or \"create\"",
    );
}

#[test]
fn oversized_lists_are_reported_without_checking_each_entry() {
    let many: Vec<String> = (0..50_000).map(|i| format!("subnet-{i:08x}")).collect();
    rejects(
        one(json!({ "network": { "subnets": many } })),
        "services.Web.network.subnets",
        "subnet-id",
        "has 50000 entries; give 1–16",
    );
}

#[test]
fn a_web_acl_by_arn_beside_other_settings_on_a_shared_load_balancer_is_an_error_naming_both() {
    let arn = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/shop/0123abcd-0123-0123-0123-0123456789ab";
    let spec = json!({ "services": {
        "A": { "image": "nginx:1", "waf": { "webAclArn": arn } },
        "B": { "image": "nginx:1" }
    }});
    rejects(
        spec.clone(),
        "services.B.waf",
        "waf-shared-load-balancer",
        &format!("B has no web ACL but A has web ACL {arn} (given by ARN), and Express Mode may put both on one load balancer (the default VPC's public subnets), which holds one web ACL: the last association would win for both; the template cannot add rules to a web ACL given by ARN: give both services that web ACL, or give both WAF settings instead"),
    );
    let e = &errors(&spec)[0];
    assert_eq!(
        (e.service.as_deref(), e.related.as_slice()),
        (Some("B"), &["A".to_string()][..])
    );
    // Compared with the service given the ARN, wherever it is in the spec.
    let spec = json!({ "services": {
        "B": { "image": "nginx:1", "waf": { "rateLimit": 100 } },
        "A": { "image": "nginx:1", "waf": { "webAclArn": arn } }
    }});
    rejects(
        spec,
        "services.B.waf",
        "waf-shared-load-balancer",
        "B has WAF settings of its own but A has web ACL",
    );
    // Settings of any kind beside each other, or beside none, are composed into one web ACL; one ARN for
    // all, or different networks: nothing to say.
    for spec in [
        json!({ "services": {
            "A": { "image": "nginx:1", "waf": {} },
            "B": { "image": "nginx:1" }
        }}),
        json!({ "services": {
            "A": { "image": "nginx:1", "waf": {} },
            "B": { "image": "nginx:1", "waf": {} }
        }}),
        json!({ "webAcls": { "Public": {} }, "waf": { "rateLimit": 100 }, "services": {
            "A": { "image": "nginx:1", "waf": { "webAcl": "Public" } },
            "B": { "image": "nginx:1", "waf": { "allowOnlyFrom": ["203.0.113.0/24"] } },
            "C": { "image": "nginx:1" },
            "D": { "image": "nginx:1", "waf": false }
        }}),
        json!({ "services": {
            "A": { "image": "nginx:1", "waf": { "webAclArn": arn } },
            "B": { "image": "nginx:1", "waf": { "webAclArn": arn } }
        }}),
        json!({ "services": {
            "A": { "image": "nginx:1", "waf": { "webAclArn": arn } },
            "B": { "image": "nginx:1", "network": { "subnets": ["subnet-12345678"] } }
        }}),
    ] {
        accepts(spec);
    }
}

#[test]
fn services_of_one_vpc_and_kind_of_subnet_share_load_balancers_whatever_their_subnets() {
    let arn = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/shop/0123abcd-0123-0123-0123-0123456789ab";
    let net = |subnet: &str, public: bool| json!({ "subnets": [subnet], "vpc": "vpc-12345678", "public": public });
    let spec = json!({ "services": {
        "A": { "image": "nginx:1", "network": net("subnet-0000000a", true), "waf": { "webAclArn": arn } },
        "B": { "image": "nginx:1", "network": net("subnet-0000000b", true) },
        "C": { "image": "nginx:1", "network": net("subnet-0000000c", false) }
    }});
    rejects(
        spec,
        "services.B.waf",
        "waf-shared-load-balancer",
        "B has no web ACL but A has web ACL arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/shop/0123abcd-0123-0123-0123-0123456789ab (given by ARN), and Express Mode may put both on one load balancer (the public subnets of vpc-12345678)",
    );
}

#[test]
fn a_web_acl_named_by_a_service_is_one_of_the_specs() {
    let spec = json!({ "webAcls": { "Public": {} }, "services": {
        "A": { "image": "nginx:1", "waf": { "webAcl": "Publc" } }
    }});
    rejects(
        spec,
        "services.A.waf.webAcl",
        "unknown-web-acl",
        "\"Publc\" is not one of the spec's webAcls; did you mean \"Public\"? the spec's webAcls are Public",
    );
    rejects(
        one(json!({ "waf": { "webAcl": "Public" } })),
        "services.Web.waf.webAcl",
        "unknown-web-acl",
        "the spec has no webAcls; add one",
    );
    rejects(
        one(json!({ "waf": { "webAcl": "Public", "rateLimit": 100 } })),
        "services.Web.waf.rateLimit",
        "exclusive",
        "cannot be combined with webAcl (one of the spec's webAcls)",
    );
    let spec = json!({ "webAcls": { "my-acl": {} }, "services": { "A": { "image": "nginx:1" } } });
    rejects(
        spec,
        "webAcls.my-acl",
        "web-acl-name",
        "cannot name a web ACL",
    );
    let spec = json!({ "webAcls": { "Public": { "rateLimit": 1 } }, "services": { "A": { "image": "nginx:1" } } });
    rejects(
        spec,
        "webAcls.Public.rateLimit",
        "rate-limit",
        "out of range",
    );
    rejects(
        one(json!({ "network": { "subnets": ["subnet-12345678"], "vpc": "vpc-1" } })),
        "services.Web.network.vpc",
        "vpc-id",
        "is not a VPC ID",
    );
}

#[test]
fn four_hundred_fifty_services_fit_one_template_with_their_urls_grouped() {
    let services: serde_json::Map<String, serde_json::Value> = (1..=450)
        .map(|i| (format!("Web{i}"), json!({ "image": "nginx:1.27" })))
        .collect();
    let result = common::api::synth_template(&json!({ "services": services })).expect("valid");
    let t = &result.template;
    assert_eq!(t["Resources"].as_object().unwrap().len(), 452);
    let outputs = t["Outputs"].as_object().unwrap();
    assert!(outputs.len() <= 20, "{} outputs", outputs.len());
    // Service 312's URL, as a user finds it: in the group that names it.
    let holding: Vec<&String> = outputs
        .iter()
        .filter(|(_, o)| {
            o["Value"]["Fn::Join"][1]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p == " Web312=" || p == "Web312=")
        })
        .map(|(id, _)| id)
        .collect();
    assert_eq!(holding.len(), 1);
    // The only warning: the template must be deployed from S3 (it is over 51,200 bytes).
    let codes: Vec<&str> = result.warnings.iter().map(|w| w.code.as_str()).collect();
    assert_eq!(codes, ["template-size"]);
}

/// `check_stack` over services spread over stacks (as the construct runs it), over JSON text like a front door.
fn check_stacks(
    spec: serde_json::Value,
    stacks: serde_json::Value,
) -> express_service_core::ValidationReport {
    let spec = common::api::to_core(&spec);
    let stacks = common::api::to_core(&stacks);
    express_service_core::check_stack(&spec, Some(&stacks))
}

#[test]
fn across_stacks_created_web_acls_are_apart_and_one_arn_on_a_shared_load_balancer_warns() {
    let spec = json!({ "webAcls": { "Waf": {} }, "services": {
        "A": { "image": "nginx:1", "waf": { "webAcl": "Waf" } },
        "B": { "image": "nginx:1", "waf": { "webAcl": "Waf" } }
    }});
    let r = check_stacks(spec, json!({ "A": "One", "B": "Two" }));
    assert_eq!(r.errors.len(), 1, "{:#?}", r.errors);
    assert!(
        r.errors[0]
            .message
            .contains("B has the web ACL of B (stack Two) but A has the web ACL of A (stack One)"),
        "{}",
        r.errors[0].message
    );
    let arn = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/shop/0123abcd-0123-0123-0123-0123456789ab";
    let spec = json!({ "services": {
        "A": { "image": "nginx:1", "waf": { "webAclArn": arn } },
        "B": { "image": "nginx:1", "waf": { "webAclArn": arn } }
    }});
    let r = check_stacks(spec.clone(), json!({ "A": "One", "B": "Two" }));
    assert!(r.errors.is_empty(), "{:#?}", r.errors);
    let codes: Vec<&str> = r.warnings.iter().map(|w| w.code.as_str()).collect();
    assert_eq!(codes, ["waf-across-stacks"]);
    assert_eq!(r.warnings[0].related, ["A"]);
    // In one stack: nothing to say.
    let r = check_stacks(spec, json!({ "A": "One", "B": "One" }));
    assert!(r.errors.is_empty() && r.warnings.is_empty());
}

#[test]
fn across_stacks_the_template_limit_is_per_stack() {
    let services: serde_json::Map<String, serde_json::Value> = (0..600)
        .map(|i| (format!("S{i}"), json!({ "image": "nginx:1" })))
        .collect();
    let stacks: serde_json::Map<String, serde_json::Value> = (0..600)
        .map(|i| (format!("S{i}"), json!(if i < 300 { "One" } else { "Two" })))
        .collect();
    let spec = json!({ "services": services });
    assert!(check_stacks(spec.clone(), json!(stacks)).errors.is_empty());
    let all_in_one = check_stacks(spec, json!({}));
    assert_eq!(all_in_one.errors.len(), 1);
    assert_eq!(all_in_one.errors[0].code, "template-limit");
}

/// A service with `sidecars` merged in.
fn with_sidecars(sidecars: serde_json::Value) -> serde_json::Value {
    one(json!({ "sidecars": sidecars }))
}

#[test]
fn sidecars_have_unique_names_and_main_is_the_services_own() {
    let c = |name: &str| json!({ "name": name, "image": "busybox:1.36" });
    rejects(
        with_sidecars(json!([c("Main")])),
        "services.Web.sidecars[0].name",
        "container-name",
        "\"Main\" is the name Express Mode gives the service's own container",
    );
    rejects(
        with_sidecars(json!([c("log"), c("log")])),
        "services.Web.sidecars[1].name",
        "container-name",
        "\"log\" is the name of another sidecar",
    );
    rejects(
        with_sidecars(json!([c("a b")])),
        "services.Web.sidecars[0].name",
        "container-name",
        "is not a container name",
    );
    rejects(
        with_sidecars(json!([{ "name": "x" }])),
        "services.Web.sidecars[0].image",
        "required",
        "is required",
    );
    rejects(
        with_sidecars(json!([])),
        "services.Web.sidecars",
        "empty",
        "is empty",
    );
}

#[test]
fn sidecar_ports_clash_with_no_other_container() {
    let port = |p: u64| json!({ "name": format!("s{p}"), "image": "busybox:1.36", "portMappings": [{ "containerPort": p }] });
    rejects(
        with_sidecars(json!([port(80)])),
        "services.Web.sidecars[0].portMappings[0].containerPort",
        "port-clash",
        "80 is already the port of container Main",
    );
    let two = json!([{ "name": "a", "image": "busybox:1.36", "portMappings": [{ "containerPort": 9000 }] },
                     { "name": "b", "image": "busybox:1.36", "portMappings": [{ "containerPort": 9000, "protocol": "udp" }] }]);
    rejects(
        with_sidecars(two),
        "services.Web.sidecars[1].portMappings[0].containerPort",
        "port-clash",
        "9000 is already the port of container a",
    );
    let bad = json!([{ "name": "a", "image": "busybox:1.36", "portMappings": [{ "containerPort": 9000, "protocol": "sctp" }] }]);
    rejects(
        with_sidecars(bad),
        "services.Web.sidecars[0].portMappings[0].protocol",
        "protocol",
        "use tcp or udp",
    );
}

#[test]
fn sidecars_fit_in_the_task_with_room_for_main() {
    let sized = json!([{ "name": "a", "image": "busybox:1.36", "cpu": 200, "memory": 300 },
                       { "name": "b", "image": "busybox:1.36", "cpu": 100, "memory": 210 }]);
    let errs = errors(&with_sidecars(sized));
    let messages: Vec<&str> = errs.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(errs.len(), 2, "{messages:#?}");
    assert!(messages[0].contains("the sidecars ask for 300 CPU units; the task has 256 (cpu)"));
    assert!(messages[1].contains("the sidecars take 510 MiB of the task's 512 (memory), which leaves Main less than the 6 MiB"));
    assert!(errs
        .iter()
        .all(|e| e.path == "services.Web.sidecars" && e.code == "sidecar-size"));
    // With a larger task they fit.
    let sized = json!([{ "name": "a", "image": "busybox:1.36", "cpu": 200, "memory": 300 }]);
    accepts(one(
        json!({ "cpu": 512, "memory": 1024, "sidecars": sized }),
    ));
}

#[test]
fn sidecars_depend_on_containers_of_the_task() {
    let dep = |container: &str, condition: &str| json!([{ "name": "a", "image": "busybox:1.36", "dependsOn": [{ "container": container, "condition": condition }] }]);
    accepts(with_sidecars(dep("Main", "START")));
    rejects(
        with_sidecars(dep("b", "START")),
        "services.Web.sidecars[0].dependsOn[0].container",
        "depends-on",
        "\"b\" is no container of the task; its containers are Main, a",
    );
    rejects(
        with_sidecars(dep("a", "START")),
        "services.Web.sidecars[0].dependsOn[0].container",
        "depends-on",
        "is this sidecar itself",
    );
    rejects(
        with_sidecars(dep("Main", "HEALTHY")),
        "services.Web.sidecars[0].dependsOn[0].condition",
        "depends-on",
        "HEALTHY needs a container health check",
    );
}

#[test]
fn a_task_definition_of_the_users_excludes_what_express_takes_from_it() {
    let arn = "arn:aws:ecs:eu-west-1:123456789012:task-definition/worker:7";
    accepts(json!({ "services": { "W": { "taskDefinition": arn } } }));
    let errs = errors(
        &json!({ "services": { "W": { "taskDefinition": arn, "image": "nginx:1.27", "cpu": 512, "roles": { "task": "create" } } } }),
    );
    let got: Vec<(&str, &str)> = errs
        .iter()
        .map(|e| (e.path.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("services.W.image", "exclusive"),
            ("services.W.cpu", "exclusive"),
            ("services.W.roles.task", "exclusive")
        ],
        "{errs:#?}"
    );
    assert!(errs[0]
        .message
        .contains("cannot be combined with taskDefinition"));
    rejects(
        json!({ "services": { "W": { "taskDefinition": "arn:aws:ecs:eu-west-1:123456789012:task-definition/worker" } } }),
        "services.W.taskDefinition",
        "task-definition-arn",
        "is not a task definition ARN",
    );
    rejects(
        json!({ "services": { "W": {} } }),
        "services.W.image",
        "required",
        "(or a taskDefinition of your own)",
    );
}

#[test]
fn an_unpinned_sidecar_image_warns_at_its_path() {
    let w = common::warnings(&with_sidecars(
        json!([{ "name": "a", "image": "busybox:latest" }]),
    ));
    assert_eq!(
        (w[0].path.as_str(), w[0].code.as_str()),
        ("services.Web.sidecars[0].image", "image-not-pinned")
    );
}

#[test]
fn an_allow_list_takes_network_ranges_of_either_ip_version() {
    accepts(one(
        json!({ "waf": { "allowOnlyFrom": ["203.0.113.0/24", "2001:db8::/32"] } }),
    ));
    rejects(
        one(json!({ "waf": { "allowOnlyFrom": ["203.0.113.5/24"] } })),
        "services.Web.waf.allowOnlyFrom[0]",
        "allow-list",
        "\"203.0.113.5/24\" has host bits set; the range is 203.0.113.0/24",
    );
    rejects(
        one(json!({ "waf": { "allowOnlyFrom": [] } })),
        "services.Web.waf.allowOnlyFrom",
        "allow-list",
        "would let no one in",
    );
    rejects(
        one(json!({ "waf": { "allowOnlyFrom": ["10.0.0.0/8", "10.0.0.0/8"] } })),
        "services.Web.waf.allowOnlyFrom[1]",
        "allow-list",
        "is listed twice",
    );
    rejects(
        one(json!({ "waf": { "allowOnlyFrom": "${Token[TOKEN.1]}" } })),
        "services.Web.waf.allowOnlyFrom",
        "allow-list",
        "must be a list known at synthesis",
    );
    rejects(
        json!({ "webAcls": { "Office": { "allowOnlyFrom": ["0.0.0.0/0"] } }, "services": { "A": { "image": "nginx:1", "waf": { "webAcl": "Office" } } } }),
        "webAcls.Office.allowOnlyFrom[0]",
        "allow-list",
        "/0 would let everyone in",
    );
}

#[test]
fn a_sidecars_environment_and_secrets_follow_the_services_rules() {
    let c = json!([{ "name": "a", "image": "busybox:1.36", "environment": { "TOKEN": "x", "1BAD": "y" }, "secrets": { "TOKEN": "/app/token" } }]);
    let errs = errors(&with_sidecars(c));
    let got: Vec<(&str, &str)> = errs
        .iter()
        .map(|e| (e.path.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("services.Web.sidecars[0].environment.1BAD", "env-name"),
            (
                "services.Web.sidecars[0].secrets.TOKEN",
                "env-secret-conflict"
            )
        ],
        "{errs:#?}"
    );
}

#[test]
fn a_task_definition_of_the_users_has_main_with_one_named_tcp_port() {
    let check = |v: serde_json::Value| {
        express_service_core::check_task_definition(&common::api::to_core(&v)).errors
    };
    let port = |name: Option<&str>, protocol: &str| match name {
        Some(n) => json!({ "name": n, "protocol": protocol }),
        None => json!({ "protocol": protocol }),
    };
    assert!(check(json!({ "containers": [{ "name": "Main", "portMappings": [port(Some("http"), "tcp"), port(None, "tcp")] }] })).is_empty());
    let e = check(
        json!({ "containers": [{ "name": "app", "portMappings": [] }, { "name": "log", "portMappings": [] }] }),
    );
    assert_eq!(
        (e[0].path.as_str(), e[0].code.as_str()),
        ("taskDefinition", "task-definition")
    );
    assert!(e[0]
        .message
        .contains("has no container named Main (it has app, log)"));
    let e = check(
        json!({ "containers": [{ "name": "Main", "portMappings": [port(Some("dns"), "udp")] }] }),
    );
    assert!(e[0]
        .message
        .contains("container Main has 0 named TCP port mappings"));
    let e = check(
        json!({ "containers": [{ "name": "Main", "portMappings": [port(Some("a"), "tcp"), port(Some("b"), "tcp")] }] }),
    );
    assert!(e[0].message.contains("has 2 named TCP port mappings"));
    // Nothing usable: said, not a panic.
    assert_eq!(check(json!(null)).len(), 1);
}

#[test]
fn check_stack_says_when_the_stacks_are_no_map() {
    let r = check_stacks(one(json!({})), json!(["One"]));
    assert_eq!(
        (r.errors[0].path.as_str(), r.errors[0].code.as_str()),
        ("stacks", "wrong-type")
    );
}

#[test]
fn a_created_security_group_needs_its_vpc_and_range() {
    let net = |n: serde_json::Value| json!({ "services": { "W": { "image": "nginx:1.27", "network": n } } });
    let subnets = json!(["subnet-0a1b2c3d4e5f60718"]);
    accepts(net(
        json!({ "subnets": subnets, "vpc": "vpc-0123456789abcdef0", "vpcCidr": "10.0.0.0/16", "createSecurityGroup": true }),
    ));
    let errs = errors(&net(
        json!({ "subnets": subnets, "createSecurityGroup": true }),
    ));
    let got: Vec<(&str, &str)> = errs
        .iter()
        .map(|e| (e.path.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("services.W.network.vpc", "required"),
            ("services.W.network.vpcCidr", "required")
        ],
        "{errs:#?}"
    );
    assert!(errs[0].message.contains("needed by createSecurityGroup"));
    for (cidr, says) in [
        ("10.0.0.0", "is not a CIDR range"),
        ("10.0.0.0/8", "a VPC has /16 to /28"),
        ("10.0.0.1/16", "the range is 10.0.0.0/16"),
        ("2001:db8::/56", "is not an IPv4 range"),
    ] {
        rejects(
            net(
                json!({ "subnets": subnets, "vpc": "vpc-0123456789abcdef0", "vpcCidr": cidr, "createSecurityGroup": true }),
            ),
            "services.W.network.vpcCidr",
            "vpc-cidr",
            says,
        );
    }
    let five: Vec<String> = (0..5).map(|i| format!("sg-0000000{i}")).collect();
    rejects(
        net(
            json!({ "subnets": subnets, "vpc": "vpc-0123456789abcdef0", "vpcCidr": "10.0.0.0/16", "createSecurityGroup": true, "securityGroups": five }),
        ),
        "services.W.network.securityGroups",
        "too-many",
        "a task takes at most 5",
    );
    rejects(
        json!({ "services": { "W": { "taskDefinition": "arn:aws:ecs:eu-west-1:123456789012:task-definition/worker:7",
            "network": { "subnets": subnets, "vpc": "vpc-0123456789abcdef0", "vpcCidr": "10.0.0.0/16", "createSecurityGroup": true } } } }),
        "services.W.network.createSecurityGroup",
        "exclusive",
        "cannot be used with taskDefinition",
    );
}

#[test]
fn custom_domains_are_checked_with_their_paths() {
    let zone = json!({ "hostedZoneId": "Z0123456789ABCDEFGHIJ", "hostedZoneName": "example.com" });
    let with = |names: serde_json::Value| {
        let mut d = zone.clone();
        d["names"] = names;
        json!({ "services": { "W": { "image": "nginx:1.27", "domain": d } } })
    };
    accepts(with(json!(["api.example.com", "*.example.com"])));
    rejects(
        with(json!([])),
        "services.W.domain.names",
        "domain-names",
        "give 1–4",
    );
    rejects(
        with(json!([
            "a.example.com",
            "b.example.com",
            "c.example.com",
            "d.example.com",
            "e.example.com"
        ])),
        "services.W.domain.names",
        "domain-names",
        "Express's own host name keeps one",
    );
    rejects(
        with(json!(["api.*.example.com"])),
        "services.W.domain.names[0]",
        "host-name",
        "only a whole left-most label",
    );
    rejects(
        with(json!(["api.example.com", "API.example.com"])),
        "services.W.domain.names[1]",
        "host-name",
        "is listed twice",
    );
    rejects(
        with(json!(["api.example.net"])),
        "services.W.domain.names[0]",
        "domain-zone",
        "is not in hosted zone",
    );
    rejects(
        json!({ "services": { "W": { "image": "nginx:1.27", "domain": { "names": ["api.example.com"] } } } }),
        "services.W.domain",
        "domain-certificate",
        "needs a certificate for its names",
    );
    rejects(
        json!({ "services": { "W": { "image": "nginx:1.27", "domain": { "names": ["api.example.com"], "hostedZoneId": "Z0123456789ABCDEFGHIJ" } } } }),
        "services.W.domain.hostedZoneName",
        "required",
        "is needed with hostedZoneId",
    );
    rejects(
        json!({ "services": { "W": { "image": "nginx:1.27", "domain": { "names": ["api.example.com"], "certificateArn": "arn:aws:acm:eu-west-1:123456789012:cert/x" } } } }),
        "services.W.domain.certificateArn",
        "certificate-arn",
        "is not an ACM certificate ARN",
    );
    rejects(
        json!({ "services": { "W": { "image": "nginx:1.27", "domain": { "names": ["example.org"], "certificateArn": "arn:aws:acm:eu-west-1:123456789012:certificate/abc-123", "certificateNames": ["*.example.org"] } } } }),
        "services.W.domain.names[0]",
        "domain-certificate",
        "is not covered by the certificate, which covers *.example.org",
    );
    let errs = errors(&json!({ "services": {
        "A": { "image": "nginx:1.27", "domain": { "names": ["shop.example.com"], "hostedZoneId": "Z0123456789ABCDEFGHIJ", "hostedZoneName": "example.com" } },
        "B": { "image": "nginx:1.27", "domain": { "names": ["Shop.example.com"], "hostedZoneId": "Z0123456789ABCDEFGHIJ", "hostedZoneName": "example.com" } } } }));
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(
        (errs[0].path.as_str(), errs[0].code.as_str()),
        ("services.B.domain.names[0]", "domain-taken")
    );
    assert_eq!(errs[0].related, ["A"]);
}

#[test]
fn a_load_balancer_full_of_certificates_and_a_shared_certificate_warn() {
    let cert = "arn:aws:acm:eu-west-1:123456789012:certificate/abc-123";
    let mut services = serde_json::Map::new();
    for i in 0..25 {
        let mut s = json!({ "image": "nginx:1.27" });
        if i < 3 {
            s["domain"] = json!({ "names": [format!("s{i}.example.com")], "certificateArn": cert });
        }
        services.insert(format!("S{i}"), s);
    }
    let w = common::warnings(&json!({ "services": services }));
    let codes: Vec<(&str, &str)> = w
        .iter()
        .map(|d| (d.path.as_str(), d.code.as_str()))
        .collect();
    assert!(
        codes.contains(&("services.S0.domain", "listener-certificates")),
        "{w:#?}"
    );
    assert!(
        codes.contains(&("services.S1.domain.certificateArn", "shared-certificate")),
        "{w:#?}"
    );
    let full = w
        .iter()
        .find(|d| d.code == "listener-certificates")
        .unwrap();
    assert!(
        full.message.contains("would hold 27 certificates"),
        "{}",
        full.message
    );
}

// Deploy-time limits: what CloudFormation takes and AWS refuses at deploy, twenty minutes in. Each number's
// source is in docs/limits.md.

/// ECS service quotas, "Task definition size": 64 KiB of container definitions.
#[test]
fn container_definitions_past_64_kib_are_an_error_at_their_largest_part() {
    let environment: serde_json::Map<String, serde_json::Value> = (0..1000)
        .map(|i| (format!("VAR_{i}"), json!("v".repeat(100))))
        .collect();
    let e = errors(&one(json!({ "environment": environment })));
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(
        (e[0].path.as_str(), e[0].code.as_str()),
        ("services.Web.environment", "task-definition-size")
    );
    assert!(
        e[0].message.contains("at most 65536 bytes (64 KiB)"),
        "{}",
        e[0].message
    );
    rejects(
        one(json!({ "command": ["sh", "-c", "x".repeat(200_000)] })),
        "services.Web.command",
        "task-definition-size",
        "at least 200",
    );
    // A sidecar's share counts towards the one task definition.
    rejects(
        one(
            json!({ "command": ["x".repeat(30_000)], "sidecars": [{ "name": "log", "image": "busybox:1.36", "command": ["y".repeat(40_000)] }] }),
        ),
        "services.Web.sidecars[0]",
        "task-definition-size",
        "at least 70032 bytes (40017 of them here)",
    );
    // Just under the limit, and a token of any length (its value is unknown), pass.
    accepts(one(json!({ "command": ["x".repeat(60_000)] })));
    accepts(one(
        json!({ "command": format!("#{{Token[{}]}}", "1".repeat(70_000)) }),
    ));
}

/// A process's environment and argument list are C strings: a NUL ends them.
#[test]
fn nul_characters_in_what_reaches_the_process_are_errors() {
    rejects(
        one(json!({ "environment": { "A": "x\u{0}y" } })),
        "services.Web.environment.A",
        "nul-character",
        "holds a NUL character (U+0000) at character 2, which a process environment cannot hold",
    );
    rejects(
        one(json!({ "command": ["sh", "\u{0}"] })),
        "services.Web.command[1]",
        "nul-character",
        "process argument list",
    );
    rejects(
        one(
            json!({ "sidecars": [{ "name": "log", "image": "busybox:1.36", "command": ["a\u{0}"] }] }),
        ),
        "services.Web.sidecars[0].command[0]",
        "nul-character",
        "process argument list",
    );
    rejects(
        one(json!({ "secrets": { "A\u{0}": "/prod/db" } })),
        "services.Web.secrets.A\u{0}",
        "env-name",
        "is not a valid variable name",
    );
    // Other control characters are the user's business (a tab or a newline in a value is legal).
    accepts(one(json!({ "environment": { "A": "x\ty\n" } })));
}

/// ECS service quotas, "Tasks per service": 5,000; the scaling target's counts are 32-bit integers.
#[test]
fn task_counts_have_the_ceiling_ecs_has() {
    rejects(
        one(json!({ "scaling": { "maxTasks": 1_000_000_000_000_u64 } })),
        "services.Web.scaling.maxTasks",
        "task-count-limit",
        "1000000000000 tasks is more than ECS runs in one service (and more than the 32-bit count Application Auto Scaling takes); use 0–5000",
    );
    rejects(
        one(json!({ "scaling": { "maxTasks": 5001 } })),
        "services.Web.scaling.maxTasks",
        "task-count-limit",
        "5001 tasks is more than ECS runs in one service; use 0–5000",
    );
    let e = errors(&one(json!({ "scaling": { "minTasks": 6000 } })));
    assert_eq!(
        (e[0].path.as_str(), e[0].code.as_str()),
        ("services.Web.scaling.minTasks", "task-count-limit")
    );
    accepts(one(
        json!({ "scaling": { "minTasks": 1, "maxTasks": 5000 } }),
    ));
}

/// The ECS API's autoScalingTargetValue is an Integer (32-bit); cpu and memory targets are percentages.
/// WAF's rate-based rule takes 10 to 2,000,000,000 requests (RateBasedStatement.Limit).
#[test]
fn target_values_and_rate_limits_have_real_ceilings() {
    rejects(
        one(json!({ "scaling": { "metric": "requests", "targetValue": 3_000_000_000_u64 } })),
        "services.Web.scaling.targetValue",
        "scaling-target",
        "3000000000 is more than the 32-bit integer ECS takes as a target value; use 1–2147483647",
    );
    accepts(one(
        json!({ "scaling": { "metric": "requests", "targetValue": 2_147_483_647_u64 } }),
    ));
    rejects(
        one(json!({ "scaling": { "targetValue": 101 } })),
        "services.Web.scaling.targetValue",
        "scaling-target",
        "use 1–100 for the cpu metric",
    );
    rejects(
        one(json!({ "waf": { "rateLimit": 2_000_000_001_u64 } })),
        "services.Web.waf.rateLimit",
        "rate-limit",
        "WAF allows 10 to 2000000000 requests per IP in 5 minutes",
    );
}

/// IAM quotas: 10 managed policies per role by default, 20 at most after an increase.
#[test]
fn more_than_twenty_policies_on_the_shared_execution_role_is_an_error() {
    let with_secrets = |n: usize| {
        let services: serde_json::Map<String, serde_json::Value> = (0..n)
            .map(|i| {
                (
                    format!("S{i}"),
                    json!({ "image": "nginx:1.27", "secrets": { "DB": "/prod/db" } }),
                )
            })
            .collect();
        json!({ "services": services })
    };
    let e = errors(&with_secrets(20));
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(
        (e[0].path.as_str(), e[0].code.as_str()),
        ("services", "execution-role-policies")
    );
    assert!(
        e[0].message.contains("20 services with secrets would attach 21 managed policies to the shared execution role; IAM attaches at most 20 to a role, whatever the quota: give 1 of them an execution role of their own"),
        "{}",
        e[0].message
    );
    assert_eq!(e[0].related.len(), 20);
    // 19 services: 20 policies, the most a raised quota allows: a warning only.
    let r = common::api::validate(&with_secrets(19));
    assert!(r.errors.is_empty(), "{:#?}", r.errors);
    assert!(r
        .warnings
        .iter()
        .any(|w| w.code == "execution-role-policies"));
}

/// ELB: an Application Load Balancer needs subnets in at least two Availability Zones.
#[test]
fn a_single_subnet_is_warned_about() {
    let w = common::warnings(&one(
        json!({ "network": { "subnets": ["subnet-0123456789abcdef0"] } }),
    ));
    let found: Vec<_> = w.iter().filter(|w| w.code == "single-subnet").collect();
    assert_eq!(found.len(), 1, "{w:#?}");
    assert_eq!(found[0].path, "services.Web.network.subnets");
    assert!(found[0].message.contains("at least two Availability Zones"));
    let w = common::warnings(&one(
        json!({ "network": { "subnets": ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"] } }),
    ));
    assert!(w.iter().all(|w| w.code != "single-subnet"));
    // A token list may hold any number: nothing to say.
    let w = common::warnings(&one(
        json!({ "network": { "subnets": "#{Token[TOKEN.1]}" } }),
    ));
    assert!(w.iter().all(|w| w.code != "single-subnet"));
}

/// maxTasks 0 never runs a task; a minimum past a plausible Fargate vCPU quota deserves a look.
#[test]
fn no_tasks_and_a_large_minimum_are_warned_about() {
    for scaling in [
        json!({ "minTasks": 0, "maxTasks": 0 }),
        json!({ "minTasks": 0 }),
    ] {
        let w = common::warnings(&one(json!({ "scaling": scaling })));
        let found: Vec<_> = w.iter().filter(|w| w.code == "no-tasks").collect();
        assert_eq!(found.len(), 1, "{w:#?}");
        assert_eq!(found[0].path, "services.Web.scaling.maxTasks");
    }
    let w = common::warnings(&one(
        json!({ "cpu": 4096, "memory": 8192, "scaling": { "minTasks": 300, "maxTasks": 400 } }),
    ));
    let found: Vec<_> = w.iter().filter(|w| w.code == "fargate-quota").collect();
    assert_eq!(found.len(), 1, "{w:#?}");
    assert!(
        found[0]
            .message
            .starts_with("300 tasks of 4096 CPU units need 1200 Fargate vCPUs at all times"),
        "{}",
        found[0].message
    );
    // 4,000 tasks of the default 256 units are 1,000 vCPUs: at the threshold, not past it.
    let w = common::warnings(&one(
        json!({ "scaling": { "minTasks": 4000, "maxTasks": 5000 } }),
    ));
    assert!(w.iter().all(|w| w.code != "fargate-quota"), "{w:#?}");
}

#[test]
fn a_log_key_is_a_kms_key_arn_for_a_created_log_group() {
    let logs =
        |l: serde_json::Value| json!({ "services": { "W": { "image": "nginx:1.27", "logs": l } } });
    accepts(logs(
        json!({ "kmsKey": "arn:aws:kms:eu-west-1:123456789012:key/0123abcd-0123-0123-0123-0123456789ab" }),
    ));
    rejects(
        logs(json!({ "kmsKey": "arn:aws:kms:eu-west-1:123456789012:alias/logs" })),
        "services.W.logs.kmsKey",
        "kms-key-arn",
        "CloudWatch Logs takes no alias",
    );
    rejects(
        logs(
            json!({ "logGroup": "/app/web", "kmsKey": "arn:aws:kms:eu-west-1:123456789012:key/abc" }),
        ),
        "services.W.logs.kmsKey",
        "exclusive",
        "applies only to a log group the template creates",
    );
}

#[test]
fn helpers_take_a_runtime_lambda_takes_and_a_whole_vpc_config() {
    let with = |helpers: serde_json::Value| json!({ "helpers": helpers, "services": { "Web": { "image": "nginx:1", "waf": { "managedRules": [] } } } });
    rejects(
        with(json!({ "runtime": "nodejs20.x" })),
        "helpers.runtime",
        "runtime",
        "\"nodejs20.x\" is not a Node.js runtime Lambda takes for a new function; valid: nodejs22.x, nodejs24.x, nodejs26.x",
    );
    rejects(
        with(json!({ "subnets": ["subnet-0123456789abcdef0"] })),
        "helpers.securityGroups",
        "required",
        "is needed with subnets",
    );
    rejects(
        with(json!({ "securityGroups": ["sg-0123456789abcdef0"] })),
        "helpers.subnets",
        "required",
        "is needed with securityGroups",
    );
    rejects(
        with(json!({ "logKmsKey": "alias/logs" })),
        "helpers.logKmsKey",
        "kms-key-arn",
        "",
    );
    rejects(
        with(json!({ "runtim": "nodejs24.x" })),
        "helpers.runtim",
        "unknown-key",
        "did you mean \"runtime\"?",
    );
    accepts(with(json!({
        "runtime": "nodejs22.x",
        "subnets": ["subnet-0123456789abcdef0"],
        "securityGroups": ["sg-0123456789abcdef0"],
        "logKmsKey": "${Token[TOKEN.7]}"
    })));
}

// AWS's limits that pass CloudFormation and fail at deploy (docs/limits.md, "API limits"): each value the spec
// hands to an AWS API is held to that API's model or quota at synthesis.

/// A domain with a zone of `example.com`: the certificate is created for `names`.
fn domain_in_zone(names: serde_json::Value) -> serde_json::Value {
    one(
        json!({ "domain": { "names": names, "hostedZoneId": "Z0123456789ABCDEFGHIJ", "hostedZoneName": "example.com" } }),
    )
}

/// A host name under example.com of exactly `len` characters (labels of at most 63).
fn host_of(len: usize) -> String {
    let suffix = ".example.com";
    let mut left = len - suffix.len();
    let mut labels = Vec::new();
    while left > 0 {
        let n = left.min(63);
        // A label after the first costs its dot too.
        let n = if left > 63 && left - n == 0 { n - 1 } else { n };
        labels.push("a".repeat(n));
        left -= n;
        left = left.saturating_sub(1);
    }
    let host = format!("{}{suffix}", labels.join("."));
    assert_eq!(host.len(), len, "{host}");
    host
}

/// ELB API, `HostHeaderConditionConfig.Values`: "The maximum length of each string is 128 characters", and
/// "You can include only alphabetical characters after the final '.' character".
#[test]
fn host_header_values_have_the_length_and_top_label_elb_takes() {
    let cert = "arn:aws:acm:eu-west-1:123456789012:certificate/abc-123";
    let with_cert = |names: serde_json::Value| {
        one(json!({ "domain": { "names": names, "certificateArn": cert } }))
    };
    accepts(with_cert(json!([host_of(128)])));
    rejects(
        with_cert(json!([host_of(149)])),
        "services.Web.domain.names[0]",
        "host-name",
        "(149 characters) is longer than a load balancer's host-header condition takes (128 characters): use a shorter name",
    );
    rejects(
        with_cert(json!(["api.example.c0m"])),
        "services.Web.domain.names[0]",
        "host-name",
        "ends in \"c0m\"; a load balancer's host-header condition takes only letters after the last dot",
    );
}

/// ACM's RequestCertificate, `DomainName`: "cannot exceed 64 octets (characters), including periods"; the
/// Subject Alternative Names may be up to 253.
#[test]
fn a_created_certificates_first_name_has_at_most_64_characters() {
    accepts(domain_in_zone(json!([host_of(64)])));
    rejects(
        domain_in_zone(json!([host_of(65)])),
        "services.Web.domain.names[0]",
        "certificate-name",
        "(65 characters) is longer than ACM takes as the common name of the certificate created for the names, the first of them (64 characters)",
    );
    // A longer name is a Subject Alternative Name when a short one comes first.
    accepts(domain_in_zone(json!(["api.example.com", host_of(100)])));
    rejects(
        domain_in_zone(json!([host_of(100), "api.example.com"])),
        "services.Web.domain.names[0]",
        "certificate-name",
        "put a name of at most 64 characters first (\"api.example.com\")",
    );
    // A certificate of the user's is not made here.
    accepts(one(
        json!({ "domain": { "names": [host_of(100)], "certificateArn": "arn:aws:acm:eu-west-1:123456789012:certificate/abc-123" } }),
    ));
}

/// AWS WAF: "An IP set can hold up to 10,000 IP addresses or IP address ranges to check" (IP set match rule
/// statement); each IP version gets its own set.
#[test]
fn an_allow_list_fits_one_ip_set_per_version() {
    let v4 = |n: usize| -> Vec<String> {
        (0..n)
            .map(|i| format!("10.{}.{}.0/24", i / 256, i % 256))
            .collect()
    };
    accepts(one(json!({ "waf": { "allowOnlyFrom": v4(10_000) } })));
    rejects(
        one(json!({ "waf": { "allowOnlyFrom": v4(10_001) } })),
        "services.Web.waf.allowOnlyFrom",
        "allow-list",
        "has 10001 IPv4 ranges; a WAF IP set holds at most 10000",
    );
}

/// ECS, `ContainerDependency.condition`: COMPLETE and SUCCESS "can't be set on an essential container";
/// `Main` is always essential, a sidecar by default.
#[test]
fn depends_on_completion_of_an_essential_container_is_refused() {
    let dep = |container: &str, condition: &str| {
        json!([
            { "name": "a", "image": "busybox:1.36", "dependsOn": [{ "container": container, "condition": condition }] },
            { "name": "b", "image": "busybox:1.36" },
            { "name": "init", "image": "busybox:1.36", "essential": false }
        ])
    };
    accepts(with_sidecars(dep("init", "SUCCESS")));
    accepts(with_sidecars(dep("b", "START")));
    rejects(
        with_sidecars(dep("Main", "SUCCESS")),
        "services.Web.sidecars[0].dependsOn[0].condition",
        "depends-on",
        "SUCCESS waits for container Main to exit, which ECS refuses on an essential container (Main always is); use START",
    );
    rejects(
        with_sidecars(dep("b", "COMPLETE")),
        "services.Web.sidecars[0].dependsOn[0].condition",
        "depends-on",
        "COMPLETE waits for container b to exit, which ECS refuses on an essential container; use START, or make b essential: false",
    );
}

/// Containers that wait for each other never start.
#[test]
fn depends_on_cycles_are_refused() {
    let sidecars = json!([
        { "name": "a", "image": "busybox:1.36", "dependsOn": [{ "container": "b" }] },
        { "name": "b", "image": "busybox:1.36", "dependsOn": [{ "container": "c" }] },
        { "name": "c", "image": "busybox:1.36", "dependsOn": [{ "container": "a" }] }
    ]);
    rejects(
        with_sidecars(sidecars),
        "services.Web.sidecars[0].dependsOn[0].container",
        "depends-on",
        "a waits for b, b for c, c for a: containers that wait for each other never start; break the cycle",
    );
    let two = json!([
        { "name": "a", "image": "busybox:1.36", "dependsOn": [{ "container": "b" }] },
        { "name": "b", "image": "busybox:1.36", "dependsOn": [{ "container": "a" }] }
    ]);
    rejects(
        with_sidecars(two),
        "services.Web.sidecars[0].dependsOn[0].container",
        "depends-on",
        "a waits for b, b for a",
    );
}

/// ECS service quotas, "Containers per task definition": 10, not adjustable (Main and 9 sidecars).
#[test]
fn a_task_holds_at_most_ten_containers() {
    let n = |count: usize| -> serde_json::Value {
        (0..count)
            .map(|i| json!({ "name": format!("s{i}"), "image": "busybox:1.36" }))
            .collect()
    };
    accepts(with_sidecars(n(9)));
    rejects(
        with_sidecars(n(11)),
        "services.Web.sidecars",
        "too-many",
        "has 11 sidecars; a task definition holds at most 10 containers, Main and 9 sidecars",
    );
}

/// ECS: a task definition's revisions start at 1.
#[test]
fn a_task_definition_revision_starts_at_one() {
    rejects(
        json!({ "services": { "Web": { "taskDefinition": "arn:aws:ecs:eu-west-1:123456789012:task-definition/worker:0" } } }),
        "services.Web.taskDefinition",
        "task-definition-arn",
        "revision 0 does not exist: revisions start at 1",
    );
}

/// A load balancer takes a certificate of its own Region (ACM: "request or import the certificate in the same
/// Region as your load balancer"), as it takes a regional web ACL of its Region, and ECS a task definition and
/// cluster of the service's. One template deploys to one Region: with `region` given, each such ARN is held to
/// it; without, they are held to each other.
#[test]
fn region_bound_arns_are_in_the_stacks_region() {
    let cert = |region: &str| format!("arn:aws:acm:{region}:123456789012:certificate/abc-123");
    let with_cert = |region: Option<&str>, cert: String| {
        let mut spec =
            one(json!({ "domain": { "names": ["api.example.com"], "certificateArn": cert } }));
        if let Some(r) = region {
            spec["region"] = json!(r);
        }
        spec
    };
    accepts(with_cert(Some("eu-west-1"), cert("eu-west-1")));
    accepts(with_cert(None, cert("us-east-1")));
    rejects(
        with_cert(Some("eu-west-1"), cert("us-east-1")),
        "services.Web.domain.certificateArn",
        "region",
        "is in us-east-1; the stack deploys to eu-west-1, and a load balancer takes a certificate of its own Region: request or import it in eu-west-1",
    );
    // A token is not checked.
    accepts(with_cert(Some("eu-west-1"), "${Token[TOKEN.7]}".into()));
    accepts(with_cert(Some("${Token[AWS.Region.3]}"), cert("us-east-1")));
    rejects(
        json!({ "services": { "Web": { "image": "nginx:1.27",
            "domain": { "names": ["api.example.com"], "certificateArn": cert("us-east-1") },
            "waf": { "webAclArn": "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/shop/1234" } } } }),
        "services.Web.waf.webAclArn",
        "region",
        "is in eu-west-1, and services.Web.domain.certificateArn in us-east-1: a service, its load balancer and its tasks are in one Region",
    );
    rejects(
        json!({ "region": "eu-west-1", "services": { "Web": { "image": "nginx:1.27", "cluster": "arn:aws:ecs:us-west-2:123456789012:cluster/apps" } } }),
        "services.Web.cluster",
        "region",
        "is in us-west-2; the stack deploys to eu-west-1",
    );
    rejects(
        json!({ "waf": { "webAclArn": "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/shop/1234" },
            "services": { "Web": { "taskDefinition": "arn:aws:ecs:us-west-2:123456789012:task-definition/w:3" } } }),
        "services.Web.taskDefinition",
        "region",
        "is in us-west-2, and waf.webAclArn in eu-west-1",
    );
    // A malformed ARN is said once, where it is read.
    rejects(
        json!({ "region": "eu-west-1", "services": { "Web": { "image": "nginx:1.27",
            "waf": { "webAclArn": "arn:aws:wafv2:us-east-1:123456789012:global/webacl/x/abc" } } } }),
        "services.Web.waf.webAclArn",
        "web-acl-arn",
        "is a CloudFront (global) web ACL",
    );
    // Services of different stacks (check_stack) may be in different Regions: not held to each other.
    accepts(json!({ "services": {
        "A": { "image": "nginx:1.27", "domain": { "names": ["a.example.com"], "certificateArn": cert("us-east-1") } },
        "B": { "image": "nginx:1.27", "domain": { "names": ["b.example.com"], "certificateArn": cert("eu-west-1") } } } }));
    rejects(
        json!({ "region": "moon-1" , "services": { "Web": { "image": "nginx:1.27" } } }),
        "region",
        "region",
        "is not a Region",
    );
}

/// Each setting of `logs` beside a task definition is named at its own path, so that a front door names the
/// setting given (the construct: `logEncryptionKey`, not `logGroup`).
#[test]
fn logs_beside_a_task_definition_are_named_each_at_its_path() {
    let arn = "arn:aws:ecs:eu-west-1:123456789012:task-definition/worker:7";
    rejects(
        json!({ "services": { "Web": { "taskDefinition": arn, "logs": { "kmsKey": "arn:aws:kms:eu-west-1:123456789012:key/abc-1" } } } }),
        "services.Web.logs.kmsKey",
        "exclusive",
        "cannot be combined with taskDefinition",
    );
    let e = errors(
        &json!({ "services": { "Web": { "taskDefinition": arn, "logs": { "logGroup": "/app/web", "streamPrefix": "web" } } } }),
    );
    let paths: Vec<&str> = e.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "services.Web.logs.logGroup",
            "services.Web.logs.streamPrefix"
        ]
    );
}

/// ECS API, `ContainerDefinition.image`: "For images using tags (repository-url/image:tag), up to 255 characters
/// total are allowed …"; "The only supported hash function is sha256".
#[test]
fn image_references_have_the_length_and_digest_ecs_takes() {
    let repo = format!("ghcr.io/example/{}", "a".repeat(230));
    accepts(one(json!({ "image": format!("{repo}:v1") })));
    rejects(
        one(json!({ "image": format!("{repo}:{}", "1".repeat(20)) })),
        "services.Web.image",
        "image-ref",
        "(267 characters) is longer than the 255 characters ECS takes for an image with a tag",
    );
    // With a digest, only the part before @ counts.
    accepts(one(
        json!({ "image": format!("{repo}@sha256:{}", "a".repeat(64)) }),
    ));
    rejects(
        one(json!({ "image": format!("nginx@sha512:{}", "a".repeat(128)) })),
        "services.Web.image",
        "image-ref",
        "the digest must be sha256:",
    );
}

/// ECS API, `Tag`: "Do not use aws:, AWS:, or any upper or lowercase combination of such as a prefix for either
/// keys or values as it is reserved for Amazon Web Services use."
#[test]
fn tag_values_do_not_start_with_aws() {
    rejects(
        one(json!({ "tags": { "owner": "AWS:team" } })),
        "services.Web.tags.owner",
        "tag-value",
        "starts with aws:, which AWS reserves",
    );
    accepts(one(json!({ "tags": { "owner": "team aws:x" } })));
}

/// Systems Manager API, `PutParameterRequest.Name`: "Parameter hierarchies are limited to a maximum depth of
/// fifteen levels"; "The maximum length for a parameter name that you specify is 1011 characters. This count
/// … includes the characters in the ARN that precede the name".
#[test]
fn ssm_parameters_have_the_depth_and_length_ssm_gives() {
    let deep = format!(
        "/{}",
        (1..=16)
            .map(|i| format!("l{i}"))
            .collect::<Vec<_>>()
            .join("/")
    );
    rejects(
        one(json!({ "secrets": { "S": deep } })),
        "services.Web.secrets.S",
        "secret-ref",
        "has 16 levels; an SSM parameter hierarchy has at most 15",
    );
    accepts(one(
        json!({ "secrets": { "S": format!("/{}", (1..=15).map(|i| format!("l{i}")).collect::<Vec<_>>().join("/")) } }),
    ));
    let arn = format!(
        "arn:aws:ssm:us-east-2:111122223333:parameter/{}",
        "p".repeat(1011 - 45 + 1)
    );
    rejects(
        one(json!({ "secrets": { "S": arn } })),
        "services.Web.secrets.S",
        "secret-ref",
        "is 1012 characters; an SSM parameter's ARN has at most 1011",
    );
    rejects(
        one(json!({ "secrets": { "S": format!("/{}", "p".repeat(967)) } })),
        "services.Web.secrets.S",
        "secret-ref",
        "a parameter name has at most 966 characters",
    );
}

/// IAM quotas, "Role policy size": the inline policies of one role hold at most 10,240 characters (white space
/// not counted). Each service with a domain puts one on the shared DomainNamesRole.
#[test]
fn the_shared_domain_role_holds_at_most_10240_characters_of_inline_policies() {
    let with_domains = |n: usize| {
        let services: serde_json::Map<String, serde_json::Value> = (0..n)
            .map(|i| {
                (
                    format!("S{i}"),
                    json!({ "image": "nginx:1.27", "domain": { "names": [format!("s{i}.example.com")],
                        "certificateArn": "arn:aws:acm:eu-west-1:123456789012:certificate/abc-123" } }),
                )
            })
            .collect();
        json!({ "services": services })
    };
    assert!(errors(&with_domains(30))
        .iter()
        .all(|e| e.code != "role-policy-size"));
    let e = errors(&with_domains(60));
    let size: Vec<_> = e.iter().filter(|d| d.code == "role-policy-size").collect();
    assert_eq!(size.len(), 1, "{e:#?}");
    assert_eq!(size[0].path, "services");
    assert_eq!(size[0].related.len(), 60);
    assert!(
        size[0]
            .message
            .contains("IAM holds at most 10240 characters of inline policies in one role"),
        "{}",
        size[0].message
    );
}

/// Elastic Load Balancing quotas, "Targets per Application Load Balancer": 1,000 (adjustable). Each task of the
/// services Express puts on one load balancer is a target.
#[test]
fn more_tasks_than_a_load_balancer_takes_targets_warns() {
    let spec = json!({ "services": {
        "A": { "image": "nginx:1.27", "scaling": { "maxTasks": 700 } },
        "B": { "image": "nginx:1.27", "scaling": { "maxTasks": 400 } } } });
    let w = common::warnings(&spec);
    let t: Vec<_> = w
        .iter()
        .filter(|d| d.code == "load-balancer-targets")
        .collect();
    assert_eq!(t.len(), 1, "{w:#?}");
    assert_eq!(t[0].path, "services.A.scaling.maxTasks");
    assert_eq!(t[0].related, ["B"]);
    assert!(
        t[0].message.contains("up to 1100 tasks") && t[0].message.contains("1000 targets"),
        "{}",
        t[0].message
    );
    let fine = json!({ "services": {
        "A": { "image": "nginx:1.27", "scaling": { "maxTasks": 600 } },
        "B": { "image": "nginx:1.27", "scaling": { "maxTasks": 400 } } } });
    assert!(common::warnings(&fine)
        .iter()
        .all(|d| d.code != "load-balancer-targets"));
}

/// A container's log stream is `<streamPrefix>/<container name>/<task ID>` (ECS, awslogs driver), and CloudWatch
/// Logs names a stream with at most 512 characters (`LogStreamName`): the prefix leaves room for the longest
/// container name and the 32-character task ID.
#[test]
fn a_stream_prefix_leaves_room_for_the_container_and_task_id() {
    accepts(one(json!({ "logs": { "streamPrefix": "p".repeat(474) } })));
    rejects(
        one(json!({ "logs": { "streamPrefix": "p".repeat(475) } })),
        "services.Web.logs.streamPrefix",
        "stream-prefix",
        "(475 characters) makes log stream names of 513 characters (with /Main/ and the 32-character task ID); CloudWatch Logs takes at most 512: use at most 474",
    );
    let sidecar = json!([{ "name": "n".repeat(100), "image": "busybox:1.36" }]);
    rejects(
        one(json!({ "logs": { "streamPrefix": "p".repeat(400) }, "sidecars": sidecar })),
        "services.Web.logs.streamPrefix",
        "stream-prefix",
        "the 32-character task ID); CloudWatch Logs takes at most 512: use at most 378",
    );
}

/// Every usable managed rule group, as a service's own WAF settings.
fn all_groups() -> serde_json::Value {
    json!({ "managedRules": express_service_core::rules::waf::MANAGED_RULE_GROUPS })
}

#[test]
fn a_web_acl_past_the_capacity_in_its_base_price_warns_and_past_wafs_maximum_fails() {
    // 11 groups (1,975 WCUs) and a rate limit (2): past the 1,500 of the base price.
    let spec = one(json!({ "waf": all_groups() }));
    let w = common::warnings(&spec);
    let capacity: Vec<_> = w.iter().filter(|d| d.code == "waf-capacity").collect();
    assert_eq!(capacity.len(), 1, "{w:#?}");
    assert_eq!(capacity[0].path, "services.Web.waf");
    assert!(
        capacity[0].message.starts_with("the web ACL of Web needs 1977 web ACL capacity units (largest rules: AWSManagedRulesCommonRuleSet 700, "),
        "{}",
        capacity[0].message
    );
    assert!(capacity[0]
        .message
        .contains("WAF's base price covers 1500 per web ACL"));
    // The default groups (925) and a rate limit: nothing to say.
    accepts(one(json!({ "waf": {} })));
    // 24 services with the same groups beside one without WAF: every rule is scoped to 24 hosts (12 WCUs
    // each), and one rate limit per service: 1,975 + 11 × 288 + 24 × 14 = 5,479, past WAF's 5,000.
    let mut services = serde_json::Map::new();
    for i in 0..24 {
        services.insert(
            format!("S{i}"),
            json!({ "image": "nginx:1", "waf": all_groups() }),
        );
    }
    services.insert("Open".into(), json!({ "image": "nginx:1" }));
    let spec = json!({ "services": services });
    rejects(
        spec.clone(),
        "services.S0.waf",
        "waf-capacity",
        "the web ACL of S0, S1, S2",
    );
    let e = errors(&spec);
    assert!(
        e[0].message
            .contains("would need 5479 web ACL capacity units"),
        "{}",
        e[0].message
    );
    assert!(
        e[0].message.contains("WAF allows 5000 in one web ACL"),
        "{}",
        e[0].message
    );
    assert_eq!(e[0].related.len(), 23);
}

#[test]
fn check_stack_lets_one_stack_compose_its_settings_and_refuses_two_stacks_on_one_load_balancer() {
    // The construct's specs: one web ACL name per ExpressWaf value. In one stack, composed.
    let spec = json!({ "webAcls": { "Waf": {}, "Waf2": { "allowOnlyFrom": ["203.0.113.0/24"] } }, "services": {
        "Shop": { "image": "nginx:1", "waf": { "webAcl": "Waf" } },
        "Admin": { "image": "nginx:1", "waf": { "webAcl": "Waf2" } },
        "Docs": { "image": "nginx:1" }
    }});
    let r = check_stacks(
        spec.clone(),
        json!({ "Shop": "One", "Admin": "One", "Docs": "One" }),
    );
    assert!(r.errors.is_empty(), "{:#?}", r.errors);
    // Docs in another stack: its load balancer may hold stack One's web ACL, whose rules that stack alone decides.
    let r = check_stacks(
        spec,
        json!({ "Shop": "One", "Admin": "One", "Docs": "Two" }),
    );
    let found: Vec<(&str, &str)> = r
        .errors
        .iter()
        .map(|d| (d.path.as_str(), d.code.as_str()))
        .collect();
    assert_eq!(
        found,
        [("services.Docs.waf", "waf-shared-load-balancer")],
        "{:#?}",
        r.errors
    );
    assert!(
        r.errors[0].message.starts_with(
            "Docs has no web ACL (stack Two) but Shop has the web ACL of Shop (stack One)"
        ),
        "{}",
        r.errors[0].message
    );
}

#[test]
fn across_stacks_what_one_stack_cannot_compose_is_refused_and_services_without_waf_never_clash() {
    let net = |vpc: &str| json!({ "subnets": ["subnet-0000000a", "subnet-0000000b"], "vpc": vpc, "public": true });
    let spec = json!({ "webAcls": { "Waf": {} }, "services": {
        "A": { "image": "nginx:1", "network": net("vpc-00000001") },
        "B": { "image": "nginx:1", "network": net("vpc-00000001"), "waf": { "webAcl": "Waf" } },
        "C": { "image": "nginx:1", "network": net("vpc-00000001") },
        "D": { "image": "nginx:1", "network": net("vpc-00000001") }
    }});
    let codes = |stacks: serde_json::Value| -> Vec<String> {
        check_stacks(spec.clone(), stacks)
            .errors
            .iter()
            .map(|d| {
                format!(
                    "{} {}",
                    d.service.as_deref().unwrap_or("-"),
                    d.related.join(",")
                )
            })
            .collect()
    };
    // A and B in stack One (composed: B's rules scoped to B), C and D without WAF in Two: C and D may meet
    // One's web ACL, which stack Two does not know of. Each is said once, against the web ACL's service.
    assert_eq!(
        codes(json!({ "A": "One", "B": "One", "C": "Two", "D": "Two" })),
        ["C B", "D B"]
    );
    // All in one stack: composed, nothing to say; services without WAF in two stacks beside none: nothing.
    assert!(codes(json!({ "A": "One", "B": "One", "C": "One", "D": "One" })).is_empty());
    let none = json!({ "services": {
        "A": { "image": "nginx:1", "network": net("vpc-00000001") },
        "C": { "image": "nginx:1", "network": net("vpc-00000001") }
    }});
    assert!(check_stacks(none, json!({ "A": "One", "C": "Two" }))
        .errors
        .is_empty());
}
