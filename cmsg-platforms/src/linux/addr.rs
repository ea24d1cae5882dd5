//! `struct sockaddr_in` and `struct sockaddr_in6` as payload bytes
//! (`include/uapi/linux/in.h`, `in6.h`), with std conversions.

use core::net::{Ipv4Addr, Ipv6Addr, SocketAddrV4, SocketAddrV6};
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout};

/// `struct sockaddr_in`: an IPv4 address and port, in network byte order.
#[derive(FromBytes, IntoBytes, KnownLayout, Immutable, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct SockAddrIn {
    /// `AF_INET`, or `AF_UNSPEC` where the kernel has no address to give.
    pub family: libc::sa_family_t,
    /// The port, big-endian.
    pub port: [u8; 2],
    /// The address, big-endian.
    pub addr: [u8; 4],
    /// Padding to `sizeof(struct sockaddr)`.
    pub zero: [u8; 8],
}

/// `struct sockaddr_in6`: an IPv6 address, port, flow label and scope.
#[derive(FromBytes, IntoBytes, KnownLayout, Immutable, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct SockAddrIn6 {
    /// `AF_INET6`, or `AF_UNSPEC` where the kernel has no address to give.
    pub family: libc::sa_family_t,
    /// The port, big-endian.
    pub port: [u8; 2],
    /// The flow information, big-endian.
    pub flowinfo: [u8; 4],
    /// The address.
    pub addr: [u8; 16],
    /// The scope (interface) id, host byte order.
    pub scope_id: u32,
}

const _: () = {
    use core::mem::{offset_of, size_of};
    assert!(size_of::<SockAddrIn>() == size_of::<libc::sockaddr_in>());
    assert!(offset_of!(SockAddrIn, port) == offset_of!(libc::sockaddr_in, sin_port));
    assert!(offset_of!(SockAddrIn, addr) == offset_of!(libc::sockaddr_in, sin_addr));
    assert!(size_of::<SockAddrIn6>() == size_of::<libc::sockaddr_in6>());
    assert!(offset_of!(SockAddrIn6, flowinfo) == offset_of!(libc::sockaddr_in6, sin6_flowinfo));
    assert!(offset_of!(SockAddrIn6, addr) == offset_of!(libc::sockaddr_in6, sin6_addr));
    assert!(offset_of!(SockAddrIn6, scope_id) == offset_of!(libc::sockaddr_in6, sin6_scope_id));
};

impl SockAddrIn {
    /// The address, if the family is `AF_INET`.
    pub fn to_socket_addr(&self) -> Option<SocketAddrV4> {
        (i32::from(self.family) == libc::AF_INET)
            .then(|| SocketAddrV4::new(Ipv4Addr::from(self.addr), u16::from_be_bytes(self.port)))
    }
}

impl From<SocketAddrV4> for SockAddrIn {
    fn from(address: SocketAddrV4) -> Self {
        SockAddrIn {
            family: libc::AF_INET as libc::sa_family_t,
            port: address.port().to_be_bytes(),
            addr: address.ip().octets(),
            zero: [0; 8],
        }
    }
}

impl SockAddrIn6 {
    /// The address, if the family is `AF_INET6`.
    pub fn to_socket_addr(&self) -> Option<SocketAddrV6> {
        (i32::from(self.family) == libc::AF_INET6).then(|| {
            SocketAddrV6::new(
                Ipv6Addr::from(self.addr),
                u16::from_be_bytes(self.port),
                u32::from_be_bytes(self.flowinfo),
                self.scope_id,
            )
        })
    }
}

impl From<SocketAddrV6> for SockAddrIn6 {
    fn from(address: SocketAddrV6) -> Self {
        SockAddrIn6 {
            family: libc::AF_INET6 as libc::sa_family_t,
            port: address.port().to_be_bytes(),
            flowinfo: address.flowinfo().to_be_bytes(),
            addr: address.ip().octets(),
            scope_id: address.scope_id(),
        }
    }
}
