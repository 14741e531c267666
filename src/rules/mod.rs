//! The rules a value must follow, one module per kind of value. Each check returns the reason a value is
//! not valid, phrased to follow "<path>: ".

pub mod cidr;
pub mod domains;
pub mod fargate;
pub mod ids;
pub mod image;
pub mod lambda;
pub mod limits;
pub mod names;
pub mod tags;
pub mod task_definition;
pub mod waf;

/// A character as a message shows it: itself in quotes, or its code point when it does not print.
pub fn shown_char(c: char) -> String {
    if c.is_control() || c.is_whitespace() {
        format!("U+{:04X}", u32::from(c))
    } else {
        format!("'{c}'")
    }
}
