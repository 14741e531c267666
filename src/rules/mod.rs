//! The rules a value must follow, one module per kind of value. Each check returns the reason a value is
//! not valid, phrased to follow "<path>: ".

pub mod fargate;
pub mod ids;
pub mod image;
pub mod names;
pub mod tags;
pub mod waf;
