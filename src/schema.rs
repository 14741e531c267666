//! The JSON Schema of the spec: the documentation of every field and its default, for editors, and the
//! one list of valid keys that the reader checks against.

use crate::rules::{fargate, waf};
use serde_json::{json, Value};
use std::sync::OnceLock;

const TOKEN: &str = r"^.*[$#]\{Token\[.*$";

/// The schema, built once.
pub fn spec_schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(build)
}

/// The property names of one object definition (`spec` for the top level).
pub fn keys(def: &str) -> Vec<&'static str> {
    let schema = spec_schema();
    let object = if def == "spec" {
        Some(schema)
    } else {
        schema.get("$defs").and_then(|d| d.get(def))
    };
    object
        .and_then(|o| o.get("properties"))
        .and_then(Value::as_object)
        .map(|p| p.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

fn count(description: &str) -> Value {
    json!({ "description": description, "anyOf": [
        { "type": "integer", "minimum": 0 },
        { "type": "string", "pattern": TOKEN, "description": "a CDK token" } ] })
}

fn list(description: &str, item: Value) -> Value {
    json!({ "description": description, "anyOf": [
        { "type": "array", "items": item },
        { "type": "string", "pattern": TOKEN, "description": "a CDK token for a list" } ] })
}

fn text_map(description: &str) -> Value {
    json!({ "type": "object", "description": description,
            "propertyNames": { "pattern": "^[A-Za-z_][A-Za-z0-9_]*$" },
            "additionalProperties": { "type": ["string", "number", "boolean"] } })
}

fn build() -> Value {
    let cpus: Vec<u64> = [256, 512, 1024, 2048, 4096, 8192, 16384].into();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:cdk-express-service:spec",
        "title": "cdk-express-service spec",
        "description": "Container services to run on Amazon ECS Express Mode.",
        "type": "object",
        "additionalProperties": false,
        "required": ["services"],
        "properties": {
            "description": { "type": "string", "maxLength": 1024, "description": "The template's Description." },
            "waf": { "$ref": "#/$defs/waf", "description": "The WAF of every service that does not set its own. Default: none." },
            "services": {
                "type": "object", "minProperties": 1,
                "description": "The services, by logical name (letters and digits; it prefixes their logical IDs).",
                "propertyNames": { "pattern": "^[A-Za-z][A-Za-z0-9]{0,63}$" },
                "additionalProperties": { "$ref": "#/$defs/service" }
            }
        },
        "$defs": {
            "service": {
                "type": "object", "additionalProperties": false, "required": ["image"],
                "properties": {
                    "image": { "type": "string", "description": "Container image: [registry/]repository[:tag][@sha256:digest]." },
                    "serviceName": { "type": "string", "pattern": "^[A-Za-z0-9_-]{1,255}$", "description": "The ECS service name. Default: generated. Changing it replaces the service (new URL)." },
                    "containerPort": count("The port the container listens on, 1–65535. Default: 80."),
                    "command": list("The container's command. Default: the image's.", json!({ "type": "string" })),
                    "environment": text_map("Environment variables, NAME: value. Default: none."),
                    "secrets": text_map("Secret variables, NAME: Secrets Manager secret ARN (optionally with :jsonKey:: suffix) or SSM parameter ARN or name. The execution role may read exactly these."),
                    "repositoryCredentials": { "type": "string", "description": "Secrets Manager secret ARN holding private registry credentials." },
                    "cpu": { "description": format!("Task CPU units: one of {}. Default: 256, or the smallest that allows memory.", fargate::cpus_text()), "anyOf": [ { "enum": cpus }, { "type": "string", "pattern": TOKEN } ] },
                    "memory": count("Task memory in MiB, valid with cpu (256: 512–2048; 512: 1024–4096; 1024: 2048–8192; …). Default: 512, or the smallest that cpu allows."),
                    "healthCheckPath": { "type": "string", "pattern": "^/", "description": "The load balancer's health check path. Default: Express Mode's (/ping)." },
                    "cluster": { "description": "An existing cluster's name or ARN (used as its name), or an object to create one. Default: the account's default cluster. Changing it replaces the service.",
                                 "anyOf": [ { "type": "string" }, { "$ref": "#/$defs/cluster" } ] },
                    "network": { "$ref": "#/$defs/network" },
                    "scaling": { "$ref": "#/$defs/scaling" },
                    "logs": { "$ref": "#/$defs/logs" },
                    "roles": { "$ref": "#/$defs/roles" },
                    "waf": { "$ref": "#/$defs/waf", "description": "This service's WAF. Default: the spec's top-level waf, else none." },
                    "tags": { "type": "object", "maxProperties": 50, "additionalProperties": { "type": "string", "maxLength": 256 },
                              "description": "Tags of the service. They are set at creation only: changing them replaces the service (new URL)." },
                    "output": { "type": "boolean", "description": "Whether the template outputs the service's https URL. Default: true." }
                }
            },
            "cluster": {
                "type": "object", "additionalProperties": false, "required": ["clusterName"],
                "description": "A cluster the template creates (shared by every service naming it).",
                "properties": {
                    "clusterName": { "type": "string", "pattern": "^[A-Za-z0-9_-]{1,255}$", "description": "Its name." },
                    "containerInsights": { "type": "boolean", "description": "CloudWatch Container Insights. Default: true." }
                }
            },
            "network": {
                "type": "object", "additionalProperties": false,
                "description": "Where tasks and the load balancer run. Default: the default VPC's public subnets. Private subnets get an internal load balancer.",
                "properties": {
                    "subnets": list("Subnet IDs (1–16).", json!({ "type": "string", "pattern": "^subnet-([0-9a-f]{8}|[0-9a-f]{17})$" })),
                    "securityGroups": list("Security group IDs (1–5). Default: one made by Express Mode.", json!({ "type": "string", "pattern": "^sg-([0-9a-f]{8}|[0-9a-f]{17})$" }))
                }
            },
            "scaling": {
                "type": "object", "additionalProperties": false,
                "description": "Target tracking auto scaling. Default: Express Mode's (1 task).",
                "properties": {
                    "minTasks": count("Fewest tasks. Default: 1."),
                    "maxTasks": count("Most tasks, at least minTasks. Default: minTasks."),
                    "metric": { "enum": ["cpu", "memory", "requests"], "description": "What to track: average cpu or memory (%), or requests per target. Default: cpu." },
                    "targetValue": count("The value to hold: 1–100 for cpu and memory, requests per target for requests. Default: 60.")
                }
            },
            "logs": {
                "type": "object", "additionalProperties": false,
                "description": "Container logs. Default: Express Mode's own log group (kept forever).",
                "properties": {
                    "logGroup": { "type": "string", "description": "An existing log group's name. Default: one created with retentionDays." },
                    "streamPrefix": { "type": "string", "description": "Log stream prefix. Default: ecs." },
                    "retentionDays": { "type": "integer", "description": "Retention of the created log group. Default: 30." }
                }
            },
            "roles": {
                "type": "object", "additionalProperties": false,
                "description": "Existing IAM roles, by ARN. Default: created (execution and infrastructure roles shared by all services; no task role).",
                "properties": {
                    "execution": { "type": "string", "description": "Task execution role ARN (pulls the image, reads secrets, writes logs)." },
                    "infrastructure": { "type": "string", "description": "Infrastructure role ARN (lets ECS manage the load balancer and scaling). Changing it replaces the service." },
                    "task": { "type": "string", "description": "Task role ARN (the app's own AWS permissions), or \"create\" for an empty role of this service's own. Default: none." }
                }
            },
            "waf": {
                "description": "false: none; { webAclArn }: attach an existing REGIONAL web ACL; { managedRules?, rateLimit? }: create one.",
                "anyOf": [ { "const": false }, { "$ref": "#/$defs/wafSettings" } ]
            },
            "wafSettings": {
                "type": "object", "additionalProperties": false,
                "properties": {
                    "webAclArn": { "type": "string", "description": "An existing REGIONAL web ACL to attach (excludes the others)." },
                    "managedRules": { "type": "array", "uniqueItems": true, "items": { "enum": waf::MANAGED_RULE_GROUPS },
                                      "description": format!("AWS managed rule groups of a created web ACL. Default: {}.", waf::DEFAULT_RULE_GROUPS.join(", ")) },
                    "rateLimit": { "type": "integer", "minimum": waf::RATE_LIMIT_RANGE.0, "maximum": waf::RATE_LIMIT_RANGE.1,
                                   "description": format!("Requests per IP in 5 minutes before a created web ACL blocks. Default: {}.", waf::DEFAULT_RATE_LIMIT) }
                }
            }
        }
    })
}
