//! JSON text out: compact, or the canonical template text (2-space indentation, a final newline). Written
//! byte by byte here, so the output is the same on every platform.

use super::Value;

/// The canonical text of a template: 2-space indentation, keys in their order, a final newline.
pub fn template_json(template: &Value) -> String {
    let mut out = String::new();
    write(&mut out, template, Some(0));
    out.push('\n');
    out
}

/// Text without whitespace.
pub fn compact(value: &Value) -> String {
    let mut out = String::new();
    write(&mut out, value, None);
    out
}

/// `indent`: the current depth when pretty-printing, `None` for compact text.
fn write(out: &mut String, value: &Value, indent: Option<usize>) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.0),
        Value::String(s) => string(out, s),
        Value::Array(items) => {
            let items = items.iter().map(|v| (None, v));
            container(out, items, ('[', ']'), indent);
        }
        Value::Object(map) => {
            let items = map.iter().map(|(k, v)| (Some(k.as_str()), v));
            container(out, items, ('{', '}'), indent);
        }
    }
}

fn container<'a>(
    out: &mut String,
    items: impl ExactSizeIterator<Item = (Option<&'a str>, &'a Value)>,
    (open, close): (char, char),
    indent: Option<usize>,
) {
    out.push(open);
    let empty = items.len() == 0;
    let inner = indent.map(|i| i + 1);
    for (n, (key, value)) in items.enumerate() {
        if n > 0 {
            out.push(',');
        }
        new_line(out, inner);
        if let Some(key) = key {
            string(out, key);
            out.push(':');
            if indent.is_some() {
                out.push(' ');
            }
        }
        write(out, value, inner);
    }
    if !empty {
        new_line(out, indent);
    }
    out.push(close);
}

fn new_line(out: &mut String, indent: Option<usize>) {
    if let Some(depth) = indent {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    }
}

/// A JSON string: `"` and `\` escaped, control characters as `\n`-style or `\u00XX` escapes, everything
/// else (including non-ASCII) as is.
fn string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' => {
                let b = c as usize;
                out.push_str("\\u00");
                for digit in [b >> 4, b & 15] {
                    out.push(char::from(HEX.get(digit).copied().unwrap_or(b'0')));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse_json;

    #[test]
    fn pretty_text_is_canonical() {
        let v = parse_json(r#"{"a":[1,{}],"b":{"c":"\u0001\"\\/\t"},"d":[]}"#, "").unwrap();
        assert_eq!(
            template_json(&v),
            "{\n  \"a\": [\n    1,\n    {}\n  ],\n  \"b\": {\n    \"c\": \"\\u0001\\\"\\\\/\\t\"\n  },\n  \"d\": []\n}\n"
        );
        assert_eq!(
            compact(&v),
            r#"{"a":[1,{}],"b":{"c":"\u0001\"\\/\t"},"d":[]}"#
        );
    }
}
