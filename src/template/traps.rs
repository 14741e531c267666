//! The traps only a whole template shows: how its parts use the Express services.

use crate::diag::Report;
use crate::json::Map;

pub fn check(_top: &Map, _resources: &Map, _services: &[String], _report: &mut Report) {}
