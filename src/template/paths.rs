//! Where a spec setting read from a template came from: the spec path the model reports at, back to the
//! template path (`Resources.Web.Properties.PrimaryContainer.Environment[2].Value`) a user's editor locates.

/// Codes about an entry's name rather than its value (for entries of Environment, Secrets and Tags).
const NAME_CODES: [&str; 4] = ["env-name", "tag-key", "plain-secret", "env-secret-conflict"];

/// One setting: its spec path under the service, its template path, and for an entry of a list of
/// name/value pairs the fields that hold its name and its value.
struct Entry {
    spec: String,
    template: String,
    fields: Option<(&'static str, &'static str)>,
}

/// The settings of one service read from a template.
pub struct Paths {
    /// The service's own place: its `Properties`, or the resource when it has none.
    base: String,
    entries: Vec<Entry>,
}

impl Paths {
    pub fn new(base: &str) -> Self {
        Paths {
            base: base.to_string(),
            entries: Vec::new(),
        }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// `spec` (under the service) was read from `template`.
    pub fn add(&mut self, spec: &str, template: &str) {
        self.entries.push(Entry {
            spec: spec.to_string(),
            template: template.to_string(),
            fields: None,
        });
    }

    /// `spec` was read from the list entry `template` whose name is in `name` and value in `value`.
    pub fn add_entry(
        &mut self,
        spec: &str,
        template: &str,
        name: &'static str,
        value: &'static str,
    ) {
        self.entries.push(Entry {
            spec: spec.to_string(),
            template: template.to_string(),
            fields: Some((name, value)),
        });
    }

    /// The template path of a finding at `spec` (under the service) with `code`: the setting's own path, the
    /// index of a list item kept (lists keep their order), else the nearest setting above it that was written.
    pub fn locate(&self, spec: &str, code: &str) -> String {
        let mut best: Option<&Entry> = None;
        for e in &self.entries {
            let Some(rest) = spec.strip_prefix(e.spec.as_str()) else {
                continue;
            };
            let whole = rest.is_empty() || rest.starts_with(['.', '[']);
            if whole && best.is_none_or(|b| b.spec.len() <= e.spec.len()) {
                best = Some(e);
            }
        }
        let Some(e) = best else {
            return self.base.clone();
        };
        let rest = spec.get(e.spec.len()..).unwrap_or_default();
        match e.fields {
            Some((name, value)) => {
                let field = if NAME_CODES.contains(&code) {
                    name
                } else {
                    value
                };
                format!("{}.{field}", e.template)
            }
            // A list item: the same index in the template's list.
            None if rest.starts_with('[') => {
                let index = rest.split(']').next().unwrap_or_default();
                format!("{}{index}]", e.template)
            }
            None => e.template.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_nearest_written_setting() {
        let mut p = Paths::new("Resources.Web.Properties");
        p.add("cpu", "Resources.Web.Properties.Cpu");
        p.add(
            "command",
            "Resources.Web.Properties.PrimaryContainer.Command",
        );
        p.add_entry(
            "environment.API_KEY",
            "Resources.Web.Properties.PrimaryContainer.Environment[2]",
            "Name",
            "Value",
        );
        assert_eq!(
            p.locate("cpu", "fargate-cpu"),
            "Resources.Web.Properties.Cpu"
        );
        assert_eq!(p.locate("cpuX", "x"), "Resources.Web.Properties");
        assert_eq!(
            p.locate("command[3]", "x"),
            "Resources.Web.Properties.PrimaryContainer.Command[3]"
        );
        assert_eq!(
            p.locate("environment.API_KEY", "plain-secret"),
            "Resources.Web.Properties.PrimaryContainer.Environment[2].Name"
        );
        assert_eq!(
            p.locate("environment.API_KEY", "nul-character"),
            "Resources.Web.Properties.PrimaryContainer.Environment[2].Value"
        );
        assert_eq!(
            p.locate("scaling.maxTasks", "x"),
            "Resources.Web.Properties"
        );
    }
}
