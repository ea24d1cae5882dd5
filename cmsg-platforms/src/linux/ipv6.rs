//! `IPPROTO_IPV6` (`SOL_IPV6`) messages (`include/uapi/linux/in6.h`,
//! `ipv6.h`; `ipv6(7)`, RFC 3542).

use super::addr::SockAddrIn6;
use super::errqueue::SockExtendedErr;
use cmsg_core::ControlMessage;

pub use crate::rfc3542::{Ipv6HopLimit, Ipv6PktInfo, Ipv6TClass};

/// `IPV6_RECVERR`: an error queued on the socket (read with
/// `MSG_ERRQUEUE`), with the offender's `sockaddr_in6`. Enable with
/// `IPV6_RECVERR`.
#[doc(alias = "IPV6_RECVERR")]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::IPPROTO_IPV6, ty = libc::IPV6_RECVERR, enable = libc::IPV6_RECVERR, direction = recv)]
#[repr(C)]
pub struct Ipv6RecvErr {
    /// The error.
    pub err: SockExtendedErr,
    /// `SO_EE_OFFENDER`.
    pub offender: SockAddrIn6,
}

/// `IPV6_ORIGDSTADDR`: the packet's original destination (`struct
/// sockaddr_in6`). Enable with `IPV6_RECVORIGDSTADDR` on UDP sockets.
#[doc(alias("IPV6_ORIGDSTADDR", "IPV6_RECVORIGDSTADDR"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::IPPROTO_IPV6, ty = libc::IPV6_ORIGDSTADDR, enable = libc::IPV6_RECVORIGDSTADDR, direction = recv)]
#[repr(transparent)]
pub struct Ipv6OrigDstAddr(pub SockAddrIn6);
