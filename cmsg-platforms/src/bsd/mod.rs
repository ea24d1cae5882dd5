//! Declarations the BSD-derived systems share (FreeBSD, DragonFly, macOS
//! and the other Apple systems): the same layout and meaning, with each
//! system's own numbers from libc. Each system's module re-exports them and
//! asserts the numbers against its own header.

#[cfg(any(target_os = "freebsd", target_os = "dragonfly"))]
mod cmsgcred;
#[cfg(any(target_os = "freebsd", target_vendor = "apple"))]
mod ip;

#[cfg(any(target_os = "freebsd", target_vendor = "apple"))]
pub use crate::rfc3542::{Ipv6HopLimit, Ipv6PktInfo, Ipv6TClass};
#[cfg(any(target_os = "freebsd", target_os = "dragonfly"))]
pub use cmsgcred::{CmsgCred, CMGROUP_MAX};
#[cfg(any(target_os = "freebsd", target_vendor = "apple"))]
pub use ip::{IpRecvDstAddr, IpRecvTos, IpRecvTtl};
