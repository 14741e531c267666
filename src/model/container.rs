//! What the service's own container and each sidecar are read with alike: their environment, secrets and
//! command.

use super::input::{Keyed, Text};
use super::read::{check, Reader};
use super::{List, Val};
use crate::diag::{join, Quoted};
use crate::rules::{ids, limits, names};
use crate::token::is_token;

/// Name–value pairs in the order written.
pub(super) type Pairs = Vec<(String, String)>;

fn pairs(map: &Option<Keyed<Text>>) -> Pairs {
    map.as_ref()
        .map(|m| m.0.iter().map(|(k, v)| (k.clone(), v.0.clone())).collect())
        .unwrap_or_default()
}

/// A container's `environment` and `secrets` (the service's or a sidecar's, under `path`): names a process
/// environment takes, secret sources, and no name in both.
pub(super) fn read_env_and_secrets(
    r: &mut Reader,
    environment: &Option<Keyed<Text>>,
    secrets: &Option<Keyed<Text>>,
    path: &str,
) -> (Pairs, Pairs) {
    let p = |key: &str| join(path, key);
    let environment = pairs(environment);
    for (k, value) in &environment {
        let ep = join(&p("environment"), k);
        if check(r, &ep, "env-name", names::env_name(k)).is_some() {
            check(
                r,
                &ep,
                "nul-character",
                limits::process_text(value, "process environment"),
            );
        }
    }
    let secrets = pairs(secrets);
    for (k, from) in &secrets {
        let sp = join(&p("secrets"), k);
        check(r, &sp, "env-name", names::env_name(k));
        if !is_token(from) {
            check(r, &sp, "secret-ref", ids::secret_source(from));
        }
        if environment.iter().any(|(e, _)| e == k) {
            r.report.error(
                &sp,
                "env-secret-conflict",
                format!(
                    "{k} is set both in environment and in secrets; keep one",
                    k = Quoted(k)
                ),
            );
        }
    }
    (environment, secrets)
}

/// A container's command: no argument with a NUL character.
pub(super) fn check_arguments(r: &mut Reader, command: &Option<List>, path: &str) {
    if let Some(Val::Known(args)) = command {
        for (i, a) in args.iter().enumerate() {
            check(
                r,
                &format!("{path}[{i}]"),
                "nul-character",
                limits::process_text(a, "process argument list"),
            );
        }
    }
}
