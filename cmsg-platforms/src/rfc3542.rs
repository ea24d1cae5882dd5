//! The IPv6 messages of RFC 3542 ("Advanced Sockets API for IPv6"), laid
//! out and numbered alike on Linux (`include/uapi/linux/in6.h`), FreeBSD
//! (`sys/netinet6/in6.h`) and xnu (`bsd/netinet6/in6.h`): one declaration
//! each, with each system's numbers from libc, asserted against its own
//! header in its module (and for every Linux architecture by
//! `scripts/abi-check`).

use cmsg_core::ControlMessage;
use core::ffi::c_int;
use core::net::Ipv6Addr;

/// `IPV6_PKTINFO` (`struct in6_pktinfo`): on receive, the destination
/// address and arrival interface; on send, the source address and outgoing
/// interface. Receive after `IPV6_RECVPKTINFO`.
#[doc(alias("IPV6_PKTINFO", "in6_pktinfo", "IPV6_RECVPKTINFO"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::IPPROTO_IPV6, ty = libc::IPV6_PKTINFO, enable = libc::IPV6_RECVPKTINFO)]
#[repr(C)]
pub struct Ipv6PktInfo {
    /// `ipi6_addr`.
    pub addr: [u8; 16],
    /// `ipi6_ifindex` (RFC 3542's `unsigned int`; Linux's uapi header says
    /// `int`: the same four bytes).
    pub ifindex: u32,
}

const _: () = {
    use core::mem::{offset_of, size_of};
    assert!(size_of::<Ipv6PktInfo>() == 20);
    assert!(size_of::<Ipv6PktInfo>() == size_of::<libc::in6_pktinfo>());
    assert!(offset_of!(Ipv6PktInfo, ifindex) == offset_of!(libc::in6_pktinfo, ipi6_ifindex));
};

impl Ipv6PktInfo {
    /// The address (`ipi6_addr`).
    pub fn address(&self) -> Ipv6Addr {
        Ipv6Addr::from(self.addr)
    }
}

/// `IPV6_HOPLIMIT`: the received packet's hop limit (`int`, after
/// `IPV6_RECVHOPLIMIT`), or on send the hop limit for this packet
/// (-1 for the default, 0..=255).
#[doc(alias("IPV6_HOPLIMIT", "IPV6_RECVHOPLIMIT"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::IPPROTO_IPV6, ty = libc::IPV6_HOPLIMIT, enable = libc::IPV6_RECVHOPLIMIT)]
#[repr(transparent)]
pub struct Ipv6HopLimit(pub c_int);

/// `IPV6_TCLASS`: the traffic class (`int`, after `IPV6_RECVTCLASS`), or on
/// send the class for this packet (0..=255). RFC 3542's -1 ("the default")
/// is sent as 0xff by recent Linux kernels (6.18 measured): leave the
/// message out instead.
#[doc(alias("IPV6_TCLASS", "IPV6_RECVTCLASS"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::IPPROTO_IPV6, ty = libc::IPV6_TCLASS, enable = libc::IPV6_RECVTCLASS)]
#[repr(transparent)]
pub struct Ipv6TClass(pub c_int);
