//! The Node.js runtimes the library's own functions may run on.
//!
//! Lambda takes these for a new function: botocore 1.44.18's Lambda model (lambda/2015-03-31, shape
//! `Runtime`) lists every Node.js runtime up to `nodejs26.x`; the ones before `nodejs22.x` are past their
//! deprecation date (Lambda Developer Guide, "Lambda runtimes": Node.js 20 deprecated on 2026-04-30, Node.js 22
//! on 2027-04-30), after which Lambda refuses to create functions on them. Each of these ships the AWS SDK for
//! JavaScript v3, which the functions' code loads instead of bundling it.

use crate::diag::Quoted;

/// The runtime the functions get when the spec names none: the newest.
pub const DEFAULT_NODE_RUNTIME: &str = "nodejs26.x";

/// Oldest first, the default last (a test checks).
pub const NODE_RUNTIMES: [&str; 3] = ["nodejs22.x", "nodejs24.x", DEFAULT_NODE_RUNTIME];

pub fn node_runtime(s: &str) -> Result<(), String> {
    if NODE_RUNTIMES.contains(&s) {
        Ok(())
    } else {
        Err(format!(
            "{s} is not a Node.js runtime Lambda takes for a new function; valid: {}",
            NODE_RUNTIMES.join(", "),
            s = Quoted(s)
        ))
    }
}

/// The newest of `known` (e.g. the runtimes an app's aws-cdk-lib knows) that Lambda takes, if any: what a front
/// door whose tools lag Lambda asks for, so that its checkers (cdk-nag's AwsSolutions-L1) see the newest they know.
pub fn newest_node_runtime<'a>(known: impl IntoIterator<Item = &'a str>) -> Option<&'static str> {
    let known: Vec<&str> = known.into_iter().collect();
    NODE_RUNTIMES
        .iter()
        .rev()
        .find(|r| known.contains(r))
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_both_know() {
        assert_eq!(NODE_RUNTIMES.last(), Some(&DEFAULT_NODE_RUNTIME));
        assert_eq!(
            newest_node_runtime(["nodejs20.x", "nodejs22.x", "nodejs24.x"]),
            Some("nodejs24.x")
        );
        assert_eq!(
            newest_node_runtime(["nodejs24.x", "nodejs26.x", "nodejs28.x"]),
            Some("nodejs26.x")
        );
        assert_eq!(newest_node_runtime(["nodejs18.x", "python3.14"]), None);
    }

    #[test]
    fn a_runtime_lambda_refuses_names_the_valid_ones() {
        let why = node_runtime("nodejs20.x").unwrap_err();
        assert!(why.contains("nodejs22.x, nodejs24.x, nodejs26.x"), "{why}");
        assert!(node_runtime("nodejs24.x").is_ok());
    }
}
