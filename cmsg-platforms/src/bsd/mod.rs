//! Declarations the BSD-derived systems share (FreeBSD, macOS and the other
//! Apple systems): the same layout and meaning, with each system's own
//! numbers from libc. Each system's module re-exports them and asserts the
//! numbers against its own header.

mod ip;

pub use crate::rfc3542::{Ipv6HopLimit, Ipv6PktInfo, Ipv6TClass};
pub use ip::{IpRecvDstAddr, IpRecvTos, IpRecvTtl};
