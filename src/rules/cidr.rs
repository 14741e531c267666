//! CIDR ranges, as WAF's allow-lists and a VPC's range both write them; each caller adds its own limits.

use crate::diag::Quoted;
use std::net::{Ipv4Addr, Ipv6Addr};

/// A range read from `address/prefix`.
#[derive(Debug)]
pub struct Cidr {
    pub v4: bool,
    pub bits: u32,
    /// The range's own network address (host bits cleared), as text.
    pub network: String,
    /// Whether the address given is that network address (no host bits set).
    pub exact: bool,
}

impl Cidr {
    /// The reason a range with host bits set is refused: what was given, and the range it names.
    pub fn host_bits(&self, given: &str) -> String {
        format!(
            "{} has host bits set; the range is {}/{}",
            Quoted(given),
            self.network,
            self.bits
        )
    }
}

/// Reads `address/prefix` (IPv4 or IPv6, a prefix no longer than the address); `example` shows a valid one.
pub fn parse(s: &str, example: &str) -> Result<Cidr, String> {
    let (addr, bits) = s.split_once('/').ok_or_else(|| {
        format!(
            "{} is not a CIDR range; write it with its prefix length, e.g. {example}",
            Quoted(s)
        )
    })?;
    let bits: u32 = bits
        .parse()
        .map_err(|_| format!("{} has no valid prefix length after /", Quoted(s)))?;
    let (v4, max, value) = if let Ok(ip) = addr.parse::<Ipv4Addr>() {
        (true, 32, u128::from(u32::from(ip)))
    } else if let Ok(ip) = addr.parse::<Ipv6Addr>() {
        (false, 128, u128::from(ip))
    } else {
        return Err(format!("{} is not an IPv4 or IPv6 address", Quoted(addr)));
    };
    if bits > max {
        return Err(format!(
            "/{bits} is longer than an IPv{} address; use 1–{max}",
            if v4 { 4 } else { 6 }
        ));
    }
    // The address with its host bits (the last max - bits) cleared; /0 clears them all (a shift by 128
    // would overflow).
    let net = value
        .checked_shr(max - bits)
        .unwrap_or(0)
        .checked_shl(max - bits)
        .unwrap_or(0);
    let network = if v4 {
        Ipv4Addr::from(u32::try_from(net).unwrap_or_default()).to_string()
    } else {
        Ipv6Addr::from(net).to_string()
    };
    Ok(Cidr {
        v4,
        bits,
        network,
        exact: net == value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_either_version_and_names_the_network() {
        let c = parse("10.1.2.3/16", "x").unwrap();
        assert!(c.v4 && !c.exact && c.network == "10.1.0.0" && c.bits == 16);
        let c = parse("2001:db8::1/32", "x").unwrap();
        assert!(!c.v4 && !c.exact && c.network == "2001:db8::");
        // /0 clears every bit, also of a 128-bit address (no shift overflow).
        assert!(parse("::/0", "x").unwrap().exact);
        assert!(!parse("::1/0", "x").unwrap().exact);
        assert!(parse("10.0.0.0/33", "x").unwrap_err().contains("use 1–32"));
        assert!(parse("10.0.0.0", "e.g.-this")
            .unwrap_err()
            .contains("e.g. e.g.-this"));
    }
}
