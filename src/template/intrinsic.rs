//! CloudFormation's intrinsic functions as the model sees them: opaque values, as CDK tokens are. A value known
//! only at deploy time (`{"Ref": …}`, `{"Fn::GetAtt": …}`, …) becomes a token string, so every rule defers its
//! check exactly as it does for a CDK token; the literal parts of `Fn::Join` and `Fn::Sub` stay literal, so a
//! rule still sees what it can (an image `{"Fn::Sub": "${Repo}:latest"}` still ends in `:latest`).

use crate::json::Value;

/// The function name of an intrinsic: an object of one key, `Ref`, `Condition` or `Fn::…`.
pub fn function(v: &Value) -> Option<(&str, &Value)> {
    let map = v.as_object()?;
    if map.len() != 1 {
        return None;
    }
    let (k, arg) = map.iter().next()?;
    (k == "Ref" || k == "Condition" || k.starts_with("Fn::")).then_some((k.as_str(), arg))
}

/// The `[logical ID, attribute]` of a `Fn::GetAtt` (list or dotted-string form).
pub fn get_att(v: &Value) -> Option<(&str, String)> {
    match function(v)? {
        ("Fn::GetAtt", Value::Array(parts)) => match parts.as_slice() {
            [Value::String(id), Value::String(att)] => Some((id.as_str(), att.clone())),
            _ => None,
        },
        ("Fn::GetAtt", Value::String(s)) => {
            let (id, att) = s.split_once('.')?;
            Some((id, att.to_string()))
        }
        _ => None,
    }
}

/// The logical ID a `Ref` names.
pub fn reference(v: &Value) -> Option<&str> {
    match function(v)? {
        ("Ref", Value::String(id)) => Some(id),
        _ => None,
    }
}

/// A token string standing for an intrinsic, naming it (`${Token[Ref:Repo]}`), with no space (a token reads as one word) for the rare message that shows it.
fn token(v: &Value, list: bool) -> String {
    let what = match (get_att(v), reference(v), function(v)) {
        (Some((id, att)), ..) => format!("Fn::GetAtt:{id}.{att}"),
        (None, Some(id), _) => format!("Ref:{id}"),
        (None, None, Some((name, _))) => name.to_string(),
        _ => "value".to_string(),
    };
    // The token's own end must stay its end.
    let what: String = what
        .chars()
        .filter(|c| !matches!(c, ']' | '}' | '[' | '{') && !c.is_whitespace())
        .take(80)
        .collect();
    let sigil = if list { '#' } else { '$' };
    format!("{sigil}{{Token[{what}]}}")
}

/// A string slot's value for the model: a string as it is, an intrinsic as a token string with the literal
/// parts of `Fn::Join` / `Fn::Sub` kept; `None` for anything else (a number, a list, an object).
pub fn text(v: &Value) -> Option<String> {
    text_at(v, 0)
}

/// `text` at a nesting depth: past 32 joins in joins (no template needs them) the rest is one token.
fn text_at(v: &Value, depth: usize) -> Option<String> {
    if depth > 32 && function(v).is_some() {
        return Some(token(v, false));
    }
    match v {
        Value::String(s) => Some(s.clone()),
        _ => match function(v)? {
            ("Fn::Join", Value::Array(args)) => match args.as_slice() {
                [Value::String(sep), Value::Array(parts)] => {
                    let parts: Vec<String> = parts
                        .iter()
                        .map(|p| text_at(p, depth + 1).unwrap_or_else(|| token(p, false)))
                        .collect();
                    Some(parts.join(sep))
                }
                _ => Some(token(v, false)),
            },
            ("Fn::Sub", Value::String(s)) => Some(sub(s)),
            ("Fn::Sub", Value::Array(args)) => match args.first() {
                Some(Value::String(s)) => Some(sub(s)),
                _ => Some(token(v, false)),
            },
            _ => Some(token(v, false)),
        },
    }
}

/// A `Fn::Sub` string with each `${Name}` a token (`${!Literal}` stays literal, as CloudFormation writes it).
fn sub(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find("${") {
        out.push_str(rest.get(..start).unwrap_or_default());
        let after = rest.get(start + 2..).unwrap_or_default();
        if let Some(literal) = after.strip_prefix('!') {
            out.push_str("${");
            rest = literal;
            continue;
        }
        match after.find('}') {
            Some(end) => {
                let name = after.get(..end).unwrap_or_default();
                // `${Res.Attr}` is Fn::GetAtt, `${Name}` a Ref.
                let v = match name.split_once('.') {
                    Some((id, att)) => crate::value::obj(vec![(
                        "Fn::GetAtt",
                        crate::value::arr(vec![crate::value::text(id), crate::value::text(att)]),
                    )]),
                    None => crate::value::obj(vec![("Ref", crate::value::text(name))]),
                };
                out.push_str(&token(&v, false));
                rest = after.get(end + 1..).unwrap_or_default();
            }
            None => {
                out.push_str(rest.get(start..).unwrap_or_default());
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// A list slot's value: a list with each item as `text` reads it, or one list token for an intrinsic.
pub fn list(v: &Value) -> Option<Value> {
    match v {
        Value::Array(items) => Some(Value::Array(
            items
                .iter()
                .map(|i| text(i).map_or_else(|| i.clone(), Value::String))
                .collect(),
        )),
        _ if function(v).is_some() => Some(Value::String(token(v, true))),
        _ => None,
    }
}

/// A number slot's value: a number, a number written as text (CloudFormation takes both), or a token.
pub fn number(v: &Value) -> Value {
    match v {
        Value::String(s) => match s.trim().parse::<u64>() {
            Ok(n) if !s.is_empty() => Value::from(n),
            _ => v.clone(),
        },
        _ if function(v).is_some() => Value::String(token(v, false)),
        _ => v.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keeps_the_literal_parts_of_join_and_sub() {
        let joined = text(&json!({"Fn::Join": ["", [{"Ref": "Repo"}, ":latest"]]})).unwrap();
        assert_eq!(joined, "${Token[Ref:Repo]}:latest");
        let subbed = text(&json!({"Fn::Sub": "${Repo}:1.2 ${!Keep}"})).unwrap();
        assert_eq!(subbed, "${Token[Ref:Repo]}:1.2 ${Keep}");
        assert!(crate::token::is_token(
            &text(&json!({"Fn::GetAtt": ["A", "Arn"]})).unwrap()
        ));
        assert_eq!(text(&json!(3)), None);
    }

    #[test]
    fn reads_numbers_written_as_text_and_tokens() {
        assert_eq!(number(&json!("256")), json!(256));
        assert_eq!(number(&json!("a")), json!("a"));
        assert_eq!(number(&json!({"Ref": "Cpu"})), json!("${Token[Ref:Cpu]}"));
        assert_eq!(
            list(&json!({"Ref": "Subnets"})),
            Some(json!("#{Token[Ref:Subnets]}"))
        );
    }
}
