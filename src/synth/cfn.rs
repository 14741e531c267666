//! Small builders for CloudFormation expressions.

use serde_json::{json, Value};

pub fn r#ref(id: &str) -> Value {
    json!({ "Ref": id })
}

pub fn get_att(id: &str, attribute: &str) -> Value {
    json!({ "Fn::GetAtt": [id, attribute] })
}

pub fn sub(text: &str) -> Value {
    json!({ "Fn::Sub": text })
}

/// An AWS managed policy's ARN in the stack's partition.
pub fn aws_managed_policy(name: &str) -> Value {
    sub(&format!("arn:${{AWS::Partition}}:iam::aws:policy/{name}"))
}

pub fn https_url(service: &str) -> Value {
    json!({ "Fn::Join": ["", ["https://", get_att(service, "Endpoint")]] })
}

/// `{ "Key": k, "Value": v }` list.
pub fn tags(pairs: &[(String, String)]) -> Value {
    Value::Array(
        pairs
            .iter()
            .map(|(k, v)| json!({ "Key": k, "Value": v }))
            .collect(),
    )
}
