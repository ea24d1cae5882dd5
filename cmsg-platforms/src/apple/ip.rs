//! `IPPROTO_IP` messages only Apple has (xnu `bsd/netinet/in.h`).

use cmsg_core::ControlMessage;
use core::ffi::c_uint;
use core::net::Ipv4Addr;

/// `IP_PKTINFO` (26): the receiving interface and addresses on receive
/// (with `IP_RECVPKTINFO`, the same number), the source on send (`struct
/// in_pktinfo`).
#[doc(alias("IP_PKTINFO", "IP_RECVPKTINFO", "in_pktinfo"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::IPPROTO_IP, ty = libc::IP_PKTINFO, enable = libc::IP_PKTINFO)]
#[repr(C)]
pub struct IpPktInfo {
    /// `ipi_ifindex`.
    pub ifindex: c_uint,
    /// `ipi_spec_dst`: the local address.
    pub spec_dst: [u8; 4],
    /// `ipi_addr`: the header's destination address.
    pub addr: [u8; 4],
}

impl IpPktInfo {
    /// The header's destination address.
    pub const fn addr(&self) -> Ipv4Addr {
        Ipv4Addr::new(self.addr[0], self.addr[1], self.addr[2], self.addr[3])
    }
}

// The header's values (clang on the SDK headers), and libc's.
const _: () = {
    use core::mem::{offset_of, size_of};
    assert!(IpPktInfo::TYPE == 26);
    assert!(
        size_of::<IpPktInfo>() == 12 && size_of::<IpPktInfo>() == size_of::<libc::in_pktinfo>()
    );
    assert!(offset_of!(IpPktInfo, spec_dst) == offset_of!(libc::in_pktinfo, ipi_spec_dst));
    assert!(offset_of!(IpPktInfo, addr) == offset_of!(libc::in_pktinfo, ipi_addr));
    assert!(super::IpRecvDstAddr::TYPE == 7);
    assert!(super::IpRecvTtl::TYPE == 24);
    assert!(super::IpRecvTos::TYPE == 27);
    assert!(super::Ipv6PktInfo::TYPE == 46 && libc::IPV6_RECVPKTINFO == 61);
    assert!(super::Ipv6HopLimit::TYPE == 47 && libc::IPV6_RECVHOPLIMIT == 37);
    assert!(super::Ipv6TClass::TYPE == 36 && libc::IPV6_RECVTCLASS == 35);
};
