//! CloudWatch metrics of a service, as namespace, name, statistic and dimensions the front door wraps
//! (`cloudwatch.Metric`). ECS reports `AWS/ECS` by `ClusterName` and `ServiceName`, both parts of the service
//! ARN (`arn:…:service/<cluster>/<name>`); the load balancer Express made reports `AWS/ApplicationELB` by
//! `LoadBalancer` (its ARN after `loadbalancer/`) and `TargetGroup` (a target group ARN after its last `:`).

use super::cfn::{get_att, r#ref};
use crate::json::{Map, Value};
use crate::value::{arr, num, obj, text};
use serde::Serialize;

/// One metric, with expressions as dimension values.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct MetricDef {
    pub namespace: String,
    pub metric_name: String,
    /// `Average`, `Sum`, …: the one that answers the metric's usual question.
    pub statistic: String,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "{ [name: string]: Json }"))]
    pub dimensions: Map,
}

fn select(index: u64, separator: &str, of: Value) -> Value {
    obj(vec![(
        "Fn::Select",
        arr(vec![
            num(index),
            obj(vec![("Fn::Split", arr(vec![text(separator), of]))]),
        ]),
    )])
}

fn def(
    namespace: &str,
    metric: &str,
    statistic: &str,
    dimensions: Vec<(&str, Value)>,
) -> MetricDef {
    let mut d = Map::new();
    for (k, v) in dimensions {
        d.insert(k.to_string(), v);
    }
    MetricDef {
        namespace: namespace.into(),
        metric_name: metric.into(),
        statistic: statistic.into(),
        dimensions: d,
    }
}

/// ECS's own dimensions of a service ARN: its parts when known, else `Fn::Select` of the expression.
fn service_dimensions(arn: &Value) -> Vec<(&'static str, Value)> {
    let part = |i: usize| match arn.as_str().filter(|s| !crate::token::is_token(s)) {
        Some(s) => text(s.split('/').nth(i).unwrap_or_default()),
        None => select(i as u64, "/", arn.clone()),
    };
    vec![("ClusterName", part(1)), ("ServiceName", part(2))]
}

/// The metrics of a service known by its ARN alone (an imported one): ECS's.
pub fn of_arn(arn: &Value) -> Map {
    let mut m = Map::new();
    for (key, metric) in [
        ("cpuUtilization", "CPUUtilization"),
        ("memoryUtilization", "MemoryUtilization"),
    ] {
        let d = def("AWS/ECS", metric, "Average", service_dimensions(arn));
        m.insert(key.into(), serde_json::to_value(d).unwrap_or(Value::Null));
    }
    m
}

/// The metrics of service `id` of the template: ECS's, and its load balancer's and target group's.
pub fn of_service(id: &str) -> Map {
    let mut m = of_arn(&r#ref(id));
    let lb = select(
        1,
        "loadbalancer/",
        get_att(id, "ECSManagedResourceArns.IngressPath.LoadBalancerArn"),
    );
    let tg = select(
        5,
        ":",
        obj(vec![(
            "Fn::Select",
            arr(vec![
                num(0),
                get_att(id, "ECSManagedResourceArns.IngressPath.TargetGroupArns"),
            ]),
        )]),
    );
    let alb = |metric: &str, statistic: &str| {
        def(
            "AWS/ApplicationELB",
            metric,
            statistic,
            vec![("LoadBalancer", lb.clone()), ("TargetGroup", tg.clone())],
        )
    };
    for (key, d) in [
        ("requestCount", alb("RequestCount", "Sum")),
        ("targetResponseTime", alb("TargetResponseTime", "Average")),
        ("httpCodeTarget", alb("HTTPCode_Target_5XX_Count", "Sum")),
    ] {
        m.insert(key.into(), serde_json::to_value(d).unwrap_or(Value::Null));
    }
    m
}
