//! The outputs of the services' URLs: one per service while they fit in CloudFormation's 200 outputs of a
//! template, else grouped, many URLs to an output, as `name=https://…` separated by spaces (so that
//! `tr ' ' '\n' | grep '^Web312='` finds one).

use super::ids;
use crate::diag::Diagnostic;
use crate::json::{Map, Value};
use crate::value::{arr, obj, text};
use serde::{Deserialize, Serialize};

/// The most outputs CloudFormation takes in one template.
pub const MAX_OUTPUTS: usize = 200;
/// CloudFormation documents no limit on an output's value; a group stays under 4,096 bytes, the limit of a
/// parameter's value and of a custom resource's response, to be safe.
pub const MAX_GROUP_BYTES: usize = 4096;
/// The longest URL an Express endpoint gives: `https://` and `<2 letters>-<32 hex>.ecs.<region>.on.aws` with
/// a Region name of up to 16 characters.
const MAX_URL_BYTES: usize = 8 + 2 + 1 + 32 + 5 + 16 + 7;

/// A service's URL as its output names it: `label` (its key, or the construct's path) and the URL.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Url {
    pub label: String,
    /// Any JSON expression of the service's URL.
    pub url: Value,
}

/// What a front door that makes its own outputs (the construct) asks `url_outputs` about: its services'
/// URLs, and how many outputs its template holds besides them.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UrlOutputsInput {
    pub urls: Vec<Url>,
    #[serde(default)]
    pub other_outputs: usize,
}

/// The outputs a front door makes for the services' URLs when one per service would not fit.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct UrlOutputs {
    /// Outputs by ID (as the stack's logical IDs: `ExpressServiceUrls1`, …), each holding many URLs; absent
    /// when one output per service fits.
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(optional, type = "{ [id: string]: JsonObject }")
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outputs: Option<Map>,
    /// A `template-limit` error when even grouped they do not fit; a `wrong-type` one for bad input.
    pub errors: Vec<Diagnostic>,
}

/// The URL outputs of a `UrlOutputsInput` given as JSON, for a front door that makes its outputs in a stack of
/// its own (the construct): their IDs are the stack's logical IDs, under a prefix of their own
/// (`ids::STACK_URL_GROUP_OUTPUT`) that a user finds them by among the stack's other outputs.
pub fn url_outputs(value: &Value) -> UrlOutputs {
    let input = match UrlOutputsInput::deserialize(value) {
        Ok(input) => input,
        Err(e) => {
            return UrlOutputs {
                outputs: None,
                errors: vec![Diagnostic::new(
                    "",
                    "wrong-type",
                    format!("expected {{ urls: [{{ label, url }}], otherOutputs }}: {e}"),
                )],
            }
        }
    };
    let others = input.other_outputs;
    let slots = MAX_OUTPUTS.saturating_sub(others);
    let outputs = grouped_as(&input.urls, slots, ids::STACK_URL_GROUP_OUTPUT);
    let count = outputs.as_ref().map_or(input.urls.len(), Map::len);
    let mut errors = Vec::new();
    if count > slots {
        errors.push(Diagnostic::new(
            "urls",
            "template-limit",
            format!(
                "the services' URLs need {count} outputs and the stack holds {others} others; CloudFormation allows {MAX_OUTPUTS} in one template: give some services output: false, or split the stack"
            ),
        ).across(None, &[]));
    }
    UrlOutputs { outputs, errors }
}

/// A label as it appears in a group: whitespace and `=` would break `name=URL` apart.
fn clean(label: &str) -> String {
    label
        .chars()
        .map(|c| {
            if c.is_whitespace() || c == '=' {
                '_'
            } else {
                c
            }
        })
        .collect()
}

/// The outputs of grouped URLs in a standalone template (`ServiceUrls1`, …), or `None` when one output per
/// service fits in `slots`.
pub fn grouped(urls: &[Url], slots: usize) -> Option<Map> {
    grouped_as(urls, slots, ids::URL_GROUP_OUTPUT)
}

/// The outputs of grouped URLs, their IDs `<prefix>1`, `<prefix>2`, ….
fn grouped_as(urls: &[Url], slots: usize, prefix: &str) -> Option<Map> {
    if urls.len() <= slots {
        return None;
    }
    let mut groups: Vec<Vec<(String, &Value)>> = Vec::new();
    let mut bytes = 0;
    for u in urls {
        let label = clean(&u.label);
        let size = label.len() + 2 + MAX_URL_BYTES;
        match groups.last_mut() {
            Some(group) if bytes + size <= MAX_GROUP_BYTES => group.push((label, &u.url)),
            _ => {
                groups.push(vec![(label, &u.url)]);
                bytes = 0;
            }
        }
        bytes += size;
    }
    let mut outputs = Map::new();
    let mut first = 1;
    for (i, group) in groups.iter().enumerate() {
        let mut parts = Vec::new();
        for (j, (label, url)) in group.iter().enumerate() {
            let sep = if j == 0 { "" } else { " " };
            parts.push(text(&format!("{sep}{label}=")));
            parts.push((*url).clone());
        }
        let last = first + group.len() - 1;
        let description = format!(
            "HTTPS URLs of Express services {first} to {last} of {}, as name=URL separated by spaces",
            urls.len()
        );
        outputs.insert(
            format!("{prefix}{}", i + 1),
            obj(vec![
                ("Description", text(&description)),
                (
                    "Value",
                    obj(vec![("Fn::Join", arr(vec![text(""), arr(parts)]))]),
                ),
            ]),
        );
        first = last + 1;
    }
    Some(outputs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(n: usize, label_len: usize) -> Vec<Url> {
        (0..n)
            .map(|i| Url {
                label: format!("{i:0>label_len$}"),
                url: text("u"),
            })
            .collect()
    }

    #[test]
    fn one_output_each_while_they_fit() {
        assert!(grouped(&urls(200, 4), 200).is_none());
        assert!(grouped(&urls(3, 4), 2).is_some());
    }

    #[test]
    fn groups_stay_under_the_byte_budget_with_the_longest_urls() {
        for label_len in [4, 64, 300] {
            let out = grouped(&urls(450, label_len), 200).expect("grouped");
            let mut seen = 0;
            for (id, o) in &out {
                assert!(id.starts_with("ServiceUrls"));
                let parts = o["Value"]["Fn::Join"][1].as_array().unwrap();
                let labels: usize = parts
                    .iter()
                    .step_by(2)
                    .map(|p| p.as_str().unwrap().len())
                    .sum();
                let n = parts.len() / 2;
                assert!(
                    labels + n * MAX_URL_BYTES <= MAX_GROUP_BYTES,
                    "{id}: {n} URLs"
                );
                seen += n;
            }
            assert_eq!(seen, 450);
        }
        // 64-character labels: 29 URLs an output (a stack of 450 needs 16 of its 200 outputs).
        assert_eq!(grouped(&urls(450, 64), 200).unwrap().len(), 16);
    }

    #[test]
    fn labels_cannot_break_the_format() {
        let out = grouped(
            &[
                Url {
                    label: "a b=c".into(),
                    url: text("u"),
                },
                Url {
                    label: "d".into(),
                    url: text("v"),
                },
            ],
            1,
        )
        .unwrap();
        let parts = &out["ServiceUrls1"]["Value"]["Fn::Join"][1];
        assert_eq!(parts[0], "a_b_c=");
        assert_eq!(parts[2], " d=");
    }
}
