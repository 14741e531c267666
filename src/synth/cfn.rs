//! Small builders for CloudFormation expressions.

use crate::json::Value;
use crate::value::{arr, obj, text};

pub fn r#ref(id: &str) -> Value {
    obj(vec![("Ref", text(id))])
}

pub fn get_att(id: &str, attribute: &str) -> Value {
    obj(vec![("Fn::GetAtt", arr(vec![text(id), text(attribute)]))])
}

pub fn sub(s: &str) -> Value {
    obj(vec![("Fn::Sub", text(s))])
}

/// An AWS managed policy's ARN in the stack's partition.
pub fn aws_managed_policy(name: &str) -> Value {
    sub(&format!("arn:${{AWS::Partition}}:iam::aws:policy/{name}"))
}

pub fn https_url(service: &str) -> Value {
    let parts = arr(vec![text("https://"), get_att(service, "Endpoint")]);
    obj(vec![("Fn::Join", arr(vec![text(""), parts]))])
}

/// `{ "Key": k, "Value": v }` list.
pub fn tags(pairs: &[(String, String)]) -> Value {
    arr(pairs
        .iter()
        .map(|(k, v)| obj(vec![("Key", text(k)), ("Value", text(v))]))
        .collect())
}

/// A resource: its type, then the attributes CloudFormation reads beside the properties.
pub fn resource(ty: &str, extra: Vec<(&str, Value)>, properties: Value) -> Value {
    let mut pairs = vec![("Type", text(ty))];
    pairs.extend(extra);
    pairs.push(("Properties", properties));
    obj(pairs)
}

/// `DeletionPolicy` and `UpdateReplacePolicy` both `Retain`.
pub fn retained() -> Vec<(&'static str, Value)> {
    vec![
        ("DeletionPolicy", text("Retain")),
        ("UpdateReplacePolicy", text("Retain")),
    ]
}
