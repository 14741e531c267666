//! Limits that CloudFormation lets through and AWS enforces only at deploy time, twenty minutes later: checked
//! at synthesis instead. Each number and its source is in docs/limits.md.

use crate::diag::Quoted;
use crate::json::Value;

/// ECS runs at most this many tasks in one service ("Tasks per service").
pub const MAX_TASKS_PER_SERVICE: u64 = 5_000;
/// The ECS and Application Auto Scaling APIs take counts and target values as 32-bit integers.
pub const MAX_INT32: u64 = 2_147_483_647;
/// The largest task definition ECS registers ("Task definition size", 64 KiB).
pub const MAX_TASK_DEFINITION_BYTES: usize = 64 * 1024;
/// IAM attaches this many managed policies to a role by default, and at most this many after a quota increase.
pub const ROLE_POLICIES_DEFAULT: usize = 10;
pub const ROLE_POLICIES_MAX: usize = 20;
/// The characters of all inline policies of one role, white space not counted (IAM and AWS STS quotas, "Role
/// policy size": 10,240, not adjustable).
pub const ROLE_INLINE_POLICY_CHARS: usize = 10_240;
/// The vCPUs of a service's minimum tasks above which the account's Fargate quota ("Fargate On-Demand vCPU
/// resource count", per account and Region, adjustable, lower for new accounts) deserves a look. Our threshold,
/// not an AWS number: the account's quota is not known at synthesis.
pub const FARGATE_VCPU_WARNING: u64 = 1_000;

/// A task count (`minTasks`, `maxTasks`): at most `MAX_TASKS_PER_SERVICE`.
pub fn task_count(n: u64) -> Result<(), String> {
    if n <= MAX_TASKS_PER_SERVICE {
        return Ok(());
    }
    let width = if n > MAX_INT32 {
        " (and more than the 32-bit count Application Auto Scaling takes)"
    } else {
        ""
    };
    Err(format!(
        "{n} tasks is more than ECS runs in one service{width}; use 0–{MAX_TASKS_PER_SERVICE}"
    ))
}

/// A string that reaches a container's process (an environment value, a command argument): no NUL, which a
/// process environment and argument list cannot hold (C strings end at it).
pub fn process_text(s: &str, what: &str) -> Result<(), String> {
    match s.find('\0') {
        None => Ok(()),
        Some(at) => Err(format!(
            "{} holds a NUL character (U+0000) at character {}, which a {what} cannot hold: the container would not start; remove it",
            Quoted(s),
            s[..at].chars().count() + 1
        )),
    }
}

/// The bytes a value takes in the JSON of a container definition (strings escaped as JSON escapes them).
pub fn json_bytes(v: &Value) -> usize {
    match v {
        Value::String(s) => str_bytes(s),
        // Brackets, and a comma between items.
        Value::Array(items) => {
            2 + items.len().saturating_sub(1) + items.iter().map(json_bytes).sum::<usize>()
        }
        Value::Object(map) => {
            2 + map.len().saturating_sub(1)
                + map
                    .iter()
                    .map(|(k, v)| str_bytes(k) + 1 + json_bytes(v))
                    .sum::<usize>()
        }
        other => other.to_string().len(),
    }
}

/// The bytes a string takes in JSON, quotes and escapes included (without making it a `Value` first).
pub fn str_bytes(s: &str) -> usize {
    2 + s
        .chars()
        .map(|c| match c {
            '"' | '\\' | '\n' | '\r' | '\t' | '\u{8}' | '\u{c}' => 2,
            c if (c as u32) < 0x20 => 6,
            c => c.len_utf8(),
        })
        .sum::<usize>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_bytes_counts_as_serde_json_writes() {
        let v = serde_json::json!({ "name": "A\"\n\u{1}é", "list": ["x", 1, true, null] });
        assert_eq!(json_bytes(&v), serde_json::to_string(&v).unwrap().len());
    }

    #[test]
    fn task_counts_and_nul() {
        assert!(task_count(5_000).is_ok());
        assert!(task_count(5_001).unwrap_err().ends_with("use 0–5000"));
        assert!(task_count(1_000_000_000_000)
            .unwrap_err()
            .contains("32-bit"));
        assert!(process_text("a\0b", "process environment")
            .unwrap_err()
            .contains("at character 2"));
    }
}
