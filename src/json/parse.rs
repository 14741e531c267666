//! JSON text in (RFC 8259), with the line and column of the first problem. Nesting is capped so hostile
//! input cannot overflow the stack, and a key written twice in one object is an error: silently keeping
//! one of the two values would hide a mistake in a spec.

use super::{Map, Number, Value};
use crate::diag::Diagnostic;

/// Arrays and objects nested deeper than this are refused.
const MAX_DEPTH: usize = 128;

/// Parses JSON text; a problem is a `not-json` diagnostic at `path`.
pub fn parse_json(text: &str, path: &str) -> Result<Value, Diagnostic> {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
    };
    let value = p.value().and_then(|v| {
        p.space();
        match p.peek() {
            None => Ok(v),
            Some(_) => Err(p.fail("unexpected text after the value")),
        }
    });
    value.map_err(|e| Diagnostic::new(path, "not-json", &format!("not valid JSON: {e}")))
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
}

type Parsed<T> = Result<T, String>;

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        let found = self.peek() == Some(b);
        if found {
            self.pos += 1;
        }
        found
    }

    fn space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn fail(&self, what: &str) -> String {
        self.fail_at(self.pos, what)
    }

    /// `what` at the 1-based line and column (in characters) of byte `at`.
    fn fail_at(&self, at: usize, what: &str) -> String {
        let before = self.bytes.get(..at).unwrap_or(self.bytes);
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let column = 1 + self
            .text
            .get(line_start..at)
            .map_or(0, |s| s.chars().count());
        format!("{what} at line {line} column {column}")
    }

    fn value(&mut self) -> Parsed<Value> {
        self.space();
        match self.peek() {
            None => Err(self.fail("the text ends where a value was expected")),
            Some(b'{') => self.nested(Self::object),
            Some(b'[') => self.nested(Self::array),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'n') => self.word("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.fail("expected a value")),
        }
    }

    fn nested(&mut self, read: fn(&mut Self) -> Parsed<Value>) -> Parsed<Value> {
        if self.depth == MAX_DEPTH {
            return Err(self.fail(&format!(
                "recursion limit exceeded (more than {MAX_DEPTH} nested arrays and objects)"
            )));
        }
        self.depth += 1;
        self.pos += 1;
        let value = read(self);
        self.depth -= 1;
        value
    }

    fn word(&mut self, word: &str, value: Value) -> Parsed<Value> {
        let end = self.pos + word.len();
        if self.bytes.get(self.pos..end) == Some(word.as_bytes()) {
            self.pos = end;
            Ok(value)
        } else {
            Err(self.fail("expected a value"))
        }
    }

    fn array(&mut self) -> Parsed<Value> {
        let mut items = Vec::new();
        self.space();
        if self.eat(b']') {
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value()?);
            self.space();
            if !self.eat(b',') {
                return match self.eat(b']') {
                    true => Ok(Value::Array(items)),
                    false => Err(self.fail("expected ',' or ']'")),
                };
            }
        }
    }

    fn object(&mut self) -> Parsed<Value> {
        let mut entries = Vec::new();
        let mut starts = Vec::new();
        self.space();
        if !self.eat(b'}') {
            loop {
                self.space();
                if self.peek() != Some(b'"') {
                    return Err(self.fail("expected a key in double quotes"));
                }
                starts.push(self.pos);
                let key = self.string()?;
                self.space();
                if !self.eat(b':') {
                    return Err(self.fail("expected ':' after the key"));
                }
                entries.push((key, self.value()?));
                self.space();
                if self.eat(b'}') {
                    break;
                }
                if !self.eat(b',') {
                    return Err(self.fail("expected ',' or '}'"));
                }
            }
        }
        if let Some(later) = first_repeat(&entries) {
            let key = key_of(&entries, later);
            let at = starts.get(later).copied().unwrap_or(self.pos);
            let quoted = super::write::compact(&Value::String(key.to_string()));
            return Err(self.fail_at(
                at,
                &format!("the key {quoted} is written twice in one object"),
            ));
        }
        Ok(Value::Object(Map(entries)))
    }

    fn string(&mut self) -> Parsed<String> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            // Stops only at ASCII bytes or the end, so both ends are character boundaries.
            out.push_str(self.text.get(start..self.pos).unwrap_or_default());
            match self.peek() {
                None => return Err(self.fail("the text ends inside a string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    out.push(self.escape()?);
                }
                Some(_) => return Err(self.fail("a control character in a string must be escaped")),
            }
        }
    }

    fn escape(&mut self) -> Parsed<char> {
        let at = self.pos;
        self.pos += 1;
        Ok(match self.bytes.get(at) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let first = self.hex4()?;
                let code = match first {
                    0xD800..=0xDBFF => {
                        let low = match (self.eat(b'\\') && self.eat(b'u')).then_some(()) {
                            Some(()) => self.hex4()?,
                            None => {
                                return Err(self.fail_at(at, "a lone surrogate in a \\u escape"))
                            }
                        };
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(self.fail_at(at, "a lone surrogate in a \\u escape"));
                        }
                        0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00)
                    }
                    0xDC00..=0xDFFF => {
                        return Err(self.fail_at(at, "a lone surrogate in a \\u escape"))
                    }
                    _ => first,
                };
                char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER)
            }
            _ => return Err(self.fail_at(at, "an invalid escape in a string")),
        })
    }

    fn hex4(&mut self) -> Parsed<u32> {
        let mut n = 0;
        for _ in 0..4 {
            let digit = self.peek().and_then(|b| char::from(b).to_digit(16));
            let Some(d) = digit else {
                return Err(self.fail("expected 4 hex digits after \\u"));
            };
            n = n * 16 + d;
            self.pos += 1;
        }
        Ok(n)
    }

    fn digits(&mut self) -> Parsed<()> {
        if !matches!(self.peek(), Some(b'0'..=b'9')) {
            return Err(self.fail("expected a digit"));
        }
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        Ok(())
    }

    fn number(&mut self) -> Parsed<Value> {
        let start = self.pos;
        self.eat(b'-');
        if !self.eat(b'0') {
            self.digits()?;
        }
        if self.eat(b'.') {
            self.digits()?;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            self.digits()?;
        }
        let text = self.text.get(start..self.pos).unwrap_or("0");
        Ok(Value::Number(Number(text.to_string())))
    }
}

/// The index of the first key that repeats an earlier one. The indexes are merge-sorted by key: n log n
/// whatever the keys (a hash table can be flooded with keys crafted to collide), in a few hundred bytes of
/// code where std's sort costs the module 4 KB. The sort is stable, so equal keys stay in text order.
fn first_repeat(entries: &[(String, Value)]) -> Option<usize> {
    let key = |i: usize| key_of(entries, i);
    let mut order: Vec<usize> = (0..entries.len()).collect();
    let mut merged = order.clone();
    let mut width = 1;
    while width < order.len() {
        for (out, run) in merged.chunks_mut(2 * width).zip(order.chunks(2 * width)) {
            let (left, right) = run.split_at_checked(width).unwrap_or((run, &[]));
            let (mut left, mut right) = (left.iter().peekable(), right.iter().peekable());
            for slot in out.iter_mut() {
                let from_left = match (left.peek(), right.peek()) {
                    (Some(&&a), Some(&&b)) => key(a) <= key(b),
                    (l, _) => l.is_some(),
                };
                let next = if from_left { left.next() } else { right.next() };
                *slot = next.copied().unwrap_or_default();
            }
        }
        std::mem::swap(&mut order, &mut merged);
        width *= 2;
    }
    order
        .iter()
        .zip(order.iter().skip(1))
        .filter(|(&a, &b)| key(a) == key(b))
        .map(|(_, &b)| b)
        .min()
}

fn key_of(entries: &[(String, Value)], i: usize) -> &str {
    entries.get(i).map_or("", |(k, _)| k.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::write::compact;

    fn err(text: &str) -> String {
        parse_json(text, "").unwrap_err().message
    }

    #[test]
    fn reads_every_kind_of_value_in_order() {
        let v = parse_json(
            " {\"b\": [1, -2, 2.5e-3, null, true, false, \"x\\n\\u00e9\\ud83d\\ude00\"], \"a\": {}} ",
            "",
        )
        .unwrap();
        assert_eq!(
            compact(&v),
            "{\"b\":[1,-2,2.5e-3,null,true,false,\"x\\né😀\"],\"a\":{}}"
        );
        assert_eq!(v.get("b").and_then(|b| b.as_array()).map(Vec::len), Some(7));
        assert_eq!(
            parse_json("18446744073709551615", "").unwrap().as_u64(),
            Some(u64::MAX)
        );
        assert_eq!(parse_json("1.0", "").unwrap().as_u64(), None);
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let m =
            err("{\"services\": {\"Web\": {\"image\": \"a\"},\n  \"Web\": {\"image\": \"b\"}}}");
        assert_eq!(
            m,
            "not valid JSON: the key \"Web\" is written twice in one object at line 2 column 3"
        );
        let many: Vec<String> = (0..5000).map(|i| format!("\"k{i}\": {i}")).collect();
        assert!(parse_json(&format!("{{{}}}", many.join(",")), "").is_ok());
        let m = err(&format!("{{{}, \"k4321\": 0}}", many.join(",")));
        assert!(m.contains("the key \"k4321\" is written twice"), "{m}");
        // Of several repeated keys, the one repeated first in the text is named.
        let m = err("{\"b\": 1, \"a\": 1, \"c\": 0, \"b\": 2, \"a\": 2}");
        assert!(
            m.contains("the key \"b\" is written twice") && m.ends_with("column 26"),
            "{m}"
        );
        // The key is shown as JSON: a newline in it does not break the message's line.
        let m = err("{\"a\\nb\": 1, \"a\\nb\": 2}");
        assert!(m.contains("the key \"a\\nb\" is written twice"), "{m}");
    }

    #[test]
    fn bad_text_says_where() {
        assert_eq!(
            err("[1] x"),
            "not valid JSON: unexpected text after the value at line 1 column 5"
        );
        assert_eq!(
            err(""),
            "not valid JSON: the text ends where a value was expected at line 1 column 1"
        );
        assert_eq!(
            err("{\"a\" 1}"),
            "not valid JSON: expected ':' after the key at line 1 column 6"
        );
        assert_eq!(
            err("[01]"),
            "not valid JSON: expected ',' or ']' at line 1 column 3"
        );
        assert_eq!(
            err("{a: 1}"),
            "not valid JSON: expected a key in double quotes at line 1 column 2"
        );
        assert_eq!(
            err("\"\\ud800\""),
            "not valid JSON: a lone surrogate in a \\u escape at line 1 column 3"
        );
        assert_eq!(
            err("\"a\u{1}\""),
            "not valid JSON: a control character in a string must be escaped at line 1 column 3"
        );
        for bad in [
            "-",
            "1.",
            "1e",
            "tru",
            "[1,]",
            "{\"a\":1,}",
            "\"abc",
            "\"\\x\"",
            "\"\\u12\"",
            "NaN",
        ] {
            assert_eq!(parse_json(bad, "p").unwrap_err().code, "not-json", "{bad}");
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let m = err(&"[".repeat(100_000));
        assert!(m.contains("recursion limit"), "{m}");
        assert!(parse_json(&format!("{}{}", "[".repeat(128), "]".repeat(128)), "").is_ok());
    }
}
