//! `IPPROTO_IP` messages (`sys/netinet/in.h`; `ip(4)`).

use cmsg_core::ControlMessage;
use core::net::{Ipv4Addr, SocketAddrV4};
use zerocopy::{FromBytes, Immutable, IntoBytes};

/// `IP_SENDSRCADDR` (7, `IP_RECVDSTADDR`'s number): the source address to send a
/// datagram from (`struct in_addr`).
#[doc(alias = "IP_SENDSRCADDR")]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::IPPROTO_IP, ty = 7, direction = send)]
#[repr(transparent)]
pub struct IpSendSrcAddr(pub [u8; 4]);

impl From<Ipv4Addr> for IpSendSrcAddr {
    fn from(addr: Ipv4Addr) -> Self {
        IpSendSrcAddr(addr.octets())
    }
}

/// `IP_RECVIF` (20): the receiving interface, as the `struct sockaddr_dl`
/// the kernel copies (`sys/net/if_dl.h`): `sdl_len` bytes, at least the
/// 8-byte head; the interface name follows in `data`.
#[doc(alias("IP_RECVIF", "sockaddr_dl"))]
#[derive(ControlMessage, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::IPPROTO_IP, ty = 20, enable = 20, direction = recv)]
#[repr(C)]
pub struct IpRecvIf {
    /// `sdl_len`: the whole payload's length.
    pub len: u8,
    /// `sdl_family`: `AF_LINK`.
    pub family: u8,
    /// `sdl_index` (a `u_short`, host byte order; bytes here so that a
    /// byte tail leaves no padding).
    pub index: [u8; 2],
    /// `sdl_type`: the interface type (`IFT_*`).
    pub ty: u8,
    /// `sdl_nlen`: the name's length in `data`.
    pub nlen: u8,
    /// `sdl_alen`: the link-level address's length, after the name.
    pub alen: u8,
    /// `sdl_slen`: the link-layer selector's length.
    pub slen: u8,
    /// `sdl_data`: the name, then the address.
    pub data: [u8],
}

impl IpRecvIf {
    /// The interface index (0: unknown).
    pub fn index(&self) -> u16 {
        u16::from_ne_bytes(self.index)
    }

    /// The interface name (`sdl_nlen` bytes, no NUL).
    pub fn name(&self) -> &[u8] {
        self.data.get(..usize::from(self.nlen)).unwrap_or_default()
    }
}

/// `struct sockaddr_in` (`sys/netinet/in.h`): BSD's, with `sin_len`.
#[derive(FromBytes, IntoBytes, Immutable, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct SockAddrIn {
    /// `sin_len`: 16.
    pub len: u8,
    /// `sin_family`: `AF_INET`.
    pub family: u8,
    /// The port, big-endian.
    pub port: [u8; 2],
    /// The address, big-endian.
    pub addr: [u8; 4],
    /// `sin_zero`.
    pub zero: [u8; 8],
}

impl SockAddrIn {
    /// The address, if the family is `AF_INET`.
    pub fn to_socket_addr(&self) -> Option<SocketAddrV4> {
        (i32::from(self.family) == libc::AF_INET)
            .then(|| SocketAddrV4::new(Ipv4Addr::from(self.addr), u16::from_be_bytes(self.port)))
    }
}

/// `IP_ORIGDSTADDR` (27): the datagram's original destination, address and
/// port, with `IP_RECVORIGDSTADDR` (the same number) set.
#[doc(alias("IP_ORIGDSTADDR", "IP_RECVORIGDSTADDR"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::IPPROTO_IP, ty = 27, enable = 27, direction = recv)]
#[repr(transparent)]
pub struct IpOrigDstAddr(pub SockAddrIn);

// The header's values (clang on FreeBSD's headers), and libc's.
const _: () = {
    use core::mem::{offset_of, size_of};
    assert!(libc::IPPROTO_IP == 0);
    assert!(super::IpRecvDstAddr::TYPE == 7);
    assert!(IpSendSrcAddr::TYPE == libc::IP_SENDSRCADDR);
    assert!(super::IpRecvTtl::TYPE == 65);
    assert!(super::IpRecvTos::TYPE == 68);
    assert!(super::Ipv6PktInfo::TYPE == 46 && libc::IPV6_RECVPKTINFO == 36);
    assert!(super::Ipv6HopLimit::TYPE == 47 && libc::IPV6_RECVHOPLIMIT == 37);
    assert!(super::Ipv6TClass::TYPE == 61 && libc::IPV6_RECVTCLASS == 57);
    assert!(IpRecvIf::TYPE == libc::IP_RECVIF);
    assert!(IpOrigDstAddr::TYPE == libc::IP_ORIGDSTADDR);
    assert!(IpOrigDstAddr::TYPE == libc::IP_RECVORIGDSTADDR);
    assert!(
        size_of::<SockAddrIn>() == 16 && size_of::<SockAddrIn>() == size_of::<libc::sockaddr_in>()
    );
    assert!(offset_of!(SockAddrIn, port) == offset_of!(libc::sockaddr_in, sin_port));
    assert!(offset_of!(SockAddrIn, addr) == offset_of!(libc::sockaddr_in, sin_addr));
    // struct sockaddr_dl: 54 bytes, sdl_data at 8.
    assert!(IpRecvIf::BASE_SIZE == 8 && IpRecvIf::ELEMENT_SIZE == 1);
    assert!(IpRecvIf::BASE_SIZE == offset_of!(libc::sockaddr_dl, sdl_data));
};
