//! `lint`: any CloudFormation template's Express services (CDK output, SAM, hand-written), read back into the
//! spec model and checked by the same rules as a spec, plus the traps only a whole template shows (traps.rs).
//! The template comes parsed, YAML short forms (`!Ref`) already in their long form.

mod intrinsic;
mod paths;
mod read;
mod task_definition;
mod traps;

use crate::diag::Diagnostic;
use crate::json::{Map, Value};
use serde::Serialize;
use std::collections::HashMap;

/// What this check calls itself in messages.
pub(crate) const LINT: &str = "lint";

/// The resource type this module reads (the registry's name).
pub(crate) const EXPRESS: &str = "AWS::ECS::ExpressGatewayService";

/// The top-level keys only a CloudFormation template has (a spec refuses both): how a front door that reads
/// either, such as the playground, tells a template from a spec. `Resources` is the one required section, and
/// `AWSTemplateFormatVersion` may open a template that is still being written (CloudFormation template anatomy).
pub const TEMPLATE_KEYS: [&str; 2] = ["AWSTemplateFormatVersion", "Resources"];

/// The part of a template a finding is placed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum TemplateSection {
    Resources,
    Outputs,
    /// The template as a whole.
    #[serde(rename = "")]
    Template,
}

/// One finding about a template: the core's `Diagnostic` (its `path` a template path, dotted with list
/// indices, `Resources.Web.Properties.PrimaryContainer.Environment[2].Value`, or the nearest parent written
/// when the value is missing; `service` and `related` logical IDs), placed at a template entry. The
/// diagnostic's fields are flattened beside the placement, so a front door reads them as on any diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct LintFinding {
    #[serde(flatten)]
    pub diagnostic: Diagnostic,
    /// The logical ID of the template entry the finding is placed at (a service, an association, an output);
    /// "" for the template as a whole.
    pub logical_id: String,
    pub section: TemplateSection,
}

impl std::ops::Deref for LintFinding {
    type Target = Diagnostic;
    fn deref(&self) -> &Diagnostic {
        &self.diagnostic
    }
}

/// Every Express service of a template and what is wrong with them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct TemplateLint {
    /// The logical IDs of the template's Express services, in template order.
    pub services: Vec<String>,
    pub errors: Vec<LintFinding>,
    pub warnings: Vec<LintFinding>,
}

impl TemplateLint {
    /// The result for an input that is no JSON at all (a front door's reading of it failed): its one error.
    pub fn unreadable(d: Diagnostic) -> Self {
        let mut out = TemplateLint::default();
        out.push(d, true);
        out
    }

    fn push(&mut self, d: Diagnostic, error: bool) {
        self.push_in(d, error, None);
    }

    /// `d` placed at the entry of `top`'s Resources or Outputs its path names.
    fn push_in(&mut self, d: Diagnostic, error: bool, top: Option<&Map>) {
        let f = finding(d, top);
        if error {
            self.errors.push(f);
        } else {
            self.warnings.push(f);
        }
    }
}

/// A diagnostic whose path is a template path, placed by that path: the entry of its section whose logical ID
/// starts the path (the longest, since an ID may hold a dot or a bracket).
fn finding(d: Diagnostic, top: Option<&Map>) -> LintFinding {
    let mut place = (TemplateSection::Template, String::new());
    for (name, section) in [
        ("Resources", TemplateSection::Resources),
        ("Outputs", TemplateSection::Outputs),
    ] {
        let Some(rest) = d.path.strip_prefix(name) else {
            continue;
        };
        if !(rest.is_empty() || rest.starts_with('.')) {
            continue;
        }
        place = (section, String::new());
        let rest = rest.strip_prefix('.').unwrap_or_default();
        let Some(entries) = top.and_then(|t| t.get(name)).and_then(Value::as_object) else {
            continue;
        };
        // Each place the ID could end (a dot, a bracket, the end), longest first: a lookup each.
        let ends = rest
            .char_indices()
            .filter(|(_, c)| matches!(c, '.' | '['))
            .map(|(i, _)| i)
            .chain([rest.len()]);
        let mut ends: Vec<usize> = ends.collect();
        ends.reverse();
        let id = ends
            .into_iter()
            .filter_map(|end| rest.get(..end))
            .find(|id| entries.contains_key(*id));
        if let Some(id) = id {
            place.1 = id.to_string();
        }
    }
    LintFinding {
        diagnostic: d,
        logical_id: place.1,
        section: place.0,
    }
}

/// The model's findings that concern only the template the core would make of a spec, not the one read:
/// its logical IDs, its size, resource and output counts (`synth::template`), and the policies of the roles
/// it would create (a template read names its roles). Everything else the model says holds for any template.
const OWN_TEMPLATE_ONLY: [&str; 5] = [
    "logical-id",
    "template-limit",
    "template-size",
    "execution-role-policies",
    "role-policy-size",
];

/// The services of a template and every finding about them.
pub fn lint_template(template: &Value) -> TemplateLint {
    let mut out = TemplateLint::default();
    let Some(top) = template.as_object() else {
        let d = Diagnostic::new(
            "",
            "wrong-type",
            format!(
                "is {}; a CloudFormation template is an object with Resources",
                read::kind(template)
            ),
        );
        out.push(d, true);
        return out;
    };
    let resources = match top.get("Resources") {
        Some(Value::Object(r)) => r,
        Some(other) => {
            let d = Diagnostic::new(
                "Resources",
                "wrong-type",
                format!(
                    "is {}; expected an object of logical ID: resource",
                    read::kind(other)
                ),
            );
            out.push(d, true);
            return out;
        }
        None => {
            let d = Diagnostic::new("Resources", "required", "is missing: a CloudFormation template has a Resources object of logical ID: resource");
            out.push(d, true);
            return out;
        }
    };
    let mut reads: Vec<(String, String, read::Read)> = Vec::new();
    let mut services = Map::new();
    for (id, resource) in resources {
        if resource.get("Type").and_then(Value::as_str) != Some(EXPRESS) {
            continue;
        }
        let key = spec_key(id, reads.len(), resources);
        let place = format!("Resources.{id}");
        let read = read::service(id, &place, resource.get("Properties"));
        if !read.unreadable {
            services.insert(key.clone(), read.spec.clone());
        }
        out.services.push(id.clone());
        reads.push((key, id.clone(), read));
    }
    for (_, _, read) in &mut reads {
        for d in read.findings.drain(..) {
            out.push_in(d, true, Some(top));
        }
    }
    if !services.is_empty() {
        let index: HashMap<&str, usize> = reads
            .iter()
            .enumerate()
            .map(|(i, (key, ..))| (key.as_str(), i))
            .collect();
        let mut spec = Map::new();
        spec.insert("services".into(), Value::Object(services));
        let report = crate::validate(&Value::Object(spec));
        for (list, error) in [(report.errors, true), (report.warnings, false)] {
            for d in list {
                if let Some(d) = placed(d, &reads, &index, resources) {
                    out.push_in(d, error, Some(top));
                }
            }
        }
    }
    for (_, _, read) in &mut reads {
        for d in read.notes.drain(..) {
            out.push_in(d, false, Some(top));
        }
    }
    let mut report = crate::diag::Report::default();
    traps::check(top, resources, &out.services, &mut report);
    for d in report.errors {
        out.push_in(d, true, Some(top));
    }
    for d in report.warnings {
        out.push_in(d, false, Some(top));
    }
    out
}

/// The spec's key for a service: its logical ID where the model takes it as a key (letters and digits, at most
/// 64, as CDK's and most hand-written IDs are), else one made up that no other resource has.
fn spec_key(id: &str, n: usize, resources: &Map) -> String {
    let fits = id.len() <= 64
        && id.starts_with(|c: char| c.is_ascii_alphabetic())
        && id.chars().all(|c| c.is_ascii_alphanumeric());
    if fits {
        return id.to_string();
    }
    (n..)
        .map(|i| format!("Service{i}"))
        .find(|k| !resources.contains_key(k))
        .unwrap_or_default()
}

/// A model finding on the spec read, at its template path, its services by logical ID; `None` for what
/// concerns only the core's own template.
fn placed(
    mut d: Diagnostic,
    reads: &[(String, String, read::Read)],
    index: &HashMap<&str, usize>,
    resources: &Map,
) -> Option<Diagnostic> {
    if OWN_TEMPLATE_ONLY.contains(&d.code.as_str()) {
        return None;
    }
    let read_of = |key: &str| index.get(key).and_then(|i| reads.get(*i));
    let id_of = |key: &str| read_of(key).map(|(_, id, _)| id.clone());
    let mut path = d.path.strip_prefix("services").unwrap_or(&d.path);
    path = path.strip_prefix('.').unwrap_or(path);
    // The service whose setting it names: spec keys are letters and digits, so its first segment.
    let at = path.split(['.', '[']).next().and_then(read_of);
    if let Some((key, _, read)) = at {
        let rest = path.get(key.len()..).unwrap_or_default();
        let rest = rest.strip_prefix('.').unwrap_or(rest);
        // A role the template makes shows its own grants: the warning is about one from outside.
        let role_here = read
            .execution_role
            .as_ref()
            .is_some_and(|r| resources.contains_key(r));
        if d.code == "execution-role-grants" && role_here {
            return None;
        }
        if d.code == "execution-role-grants" {
            d.message = "is a role from outside this template: it must be allowed to read this service's secrets and registry credentials, or its tasks fail to start".into();
        }
        // The model's words are the spec's: said in the resource's own.
        if d.code == "required" && rest == "image" {
            d.message = "needs a PrimaryContainer with an Image (the container image, e.g. \"nginx:1.27\"), or a TaskDefinitionArn".into();
        }
        if d.code == "wrong-type" && rest == "cluster" {
            d.message =
                "expected the cluster's name, a string (or a Ref of an AWS::ECS::Cluster)".into();
        }
        d.path = if rest.is_empty() {
            read.paths.base().to_string()
        } else {
            read.paths.locate(rest, &d.code)
        };
    } else {
        // About the services together, with no one setting: placed at the first service it names.
        let first = d
            .service
            .as_deref()
            .and_then(id_of)
            .or_else(|| reads.first().map(|(_, id, _)| id.clone()))?;
        d.path = format!("Resources.{first}");
    }
    d.service = d.service.as_deref().and_then(id_of);
    d.related = d.related.iter().filter_map(|k| id_of(k)).collect();
    Some(d)
}
