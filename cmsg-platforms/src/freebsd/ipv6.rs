//! `IPPROTO_IPV6` messages (`sys/netinet6/in6.h`; `ip6(4)`, RFC 3542).

use cmsg_core::ControlMessage;
use core::ffi::c_int;
use core::net::Ipv6Addr;

/// `IPV6_PKTINFO` (46): the datagram's destination and interface on
/// receive (with `IPV6_RECVPKTINFO`, 36), the source and interface to use
/// on send (`struct in6_pktinfo`).
#[doc(alias("IPV6_PKTINFO", "IPV6_RECVPKTINFO", "in6_pktinfo"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::IPPROTO_IPV6, ty = 46, enable = 36)]
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

/// `IPV6_HOPLIMIT` (47): the datagram's hop limit on receive (with
/// `IPV6_RECVHOPLIMIT`, 37), the one to send with on send.
#[doc(alias("IPV6_HOPLIMIT", "IPV6_RECVHOPLIMIT"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::IPPROTO_IPV6, ty = 47, enable = 37)]
#[repr(transparent)]
pub struct Ipv6HopLimit(pub c_int);

/// `IPV6_TCLASS` (61): the traffic class on receive (with
/// `IPV6_RECVTCLASS`, 57) and on send.
#[doc(alias("IPV6_TCLASS", "IPV6_RECVTCLASS"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::IPPROTO_IPV6, ty = 61, enable = 57)]
#[repr(transparent)]
pub struct Ipv6TClass(pub c_int);

// The header's values (clang on FreeBSD's headers), and libc's.
const _: () = {
    use core::mem::size_of;
    assert!(libc::IPPROTO_IPV6 == 41);
    assert!(Ipv6PktInfo::TYPE == libc::IPV6_PKTINFO);
    assert!(Ipv6HopLimit::TYPE == libc::IPV6_HOPLIMIT);
    assert!(Ipv6TClass::TYPE == libc::IPV6_TCLASS);
    assert!(libc::IPV6_RECVPKTINFO == 36 && libc::IPV6_RECVHOPLIMIT == 37);
    assert!(libc::IPV6_RECVTCLASS == 57);
    assert!(
        size_of::<Ipv6PktInfo>() == 20
            && size_of::<Ipv6PktInfo>() == size_of::<libc::in6_pktinfo>()
    );
};
