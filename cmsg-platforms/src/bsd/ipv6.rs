//! `IPPROTO_IPV6` messages of RFC 3542, as every KAME-derived stack
//! (FreeBSD's `sys/netinet6/in6.h`, xnu's `bsd/netinet6/in6.h`) declares
//! them. The numbers are libc's, asserted against each system's header in
//! its own module.

use cmsg_core::ControlMessage;
use core::ffi::c_int;
use core::net::Ipv6Addr;

/// `IPV6_PKTINFO`: the datagram's destination and interface on receive
/// (with `IPV6_RECVPKTINFO`), the source and interface to use on send
/// (`struct in6_pktinfo`).
#[doc(alias("IPV6_PKTINFO", "IPV6_RECVPKTINFO", "in6_pktinfo"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::IPPROTO_IPV6, ty = libc::IPV6_PKTINFO, enable = libc::IPV6_RECVPKTINFO)]
#[repr(C)]
pub struct Ipv6PktInfo {
    /// `ipi6_addr`.
    pub addr: [u8; 16],
    /// `ipi6_ifindex`.
    pub ifindex: u32,
}

impl Ipv6PktInfo {
    /// The address.
    pub fn addr(&self) -> Ipv6Addr {
        Ipv6Addr::from(self.addr)
    }
}

/// `IPV6_HOPLIMIT`: the datagram's hop limit on receive (with
/// `IPV6_RECVHOPLIMIT`), the one to send with on send.
#[doc(alias("IPV6_HOPLIMIT", "IPV6_RECVHOPLIMIT"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::IPPROTO_IPV6, ty = libc::IPV6_HOPLIMIT, enable = libc::IPV6_RECVHOPLIMIT)]
#[repr(transparent)]
pub struct Ipv6HopLimit(pub c_int);

/// `IPV6_TCLASS`: the traffic class on receive (with `IPV6_RECVTCLASS`) and
/// on send.
#[doc(alias("IPV6_TCLASS", "IPV6_RECVTCLASS"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::IPPROTO_IPV6, ty = libc::IPV6_TCLASS, enable = libc::IPV6_RECVTCLASS)]
#[repr(transparent)]
pub struct Ipv6TClass(pub c_int);

const _: () = {
    use core::mem::size_of;
    assert!(libc::IPPROTO_IPV6 == 41);
    assert!(
        size_of::<Ipv6PktInfo>() == 20
            && size_of::<Ipv6PktInfo>() == size_of::<libc::in6_pktinfo>()
    );
};
