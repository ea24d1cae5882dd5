//! `IPPROTO_IP` messages BSD-derived stacks share (FreeBSD's
//! `sys/netinet/in.h`, xnu's `bsd/netinet/in.h`): the kernel delivers each
//! under the type of the option that enables it. The numbers are libc's,
//! asserted against each system's header in its own module.

use cmsg_core::ControlMessage;
use core::net::Ipv4Addr;

/// `IP_RECVDSTADDR`: the datagram's destination address (`struct
/// in_addr`), with the option of the same name set.
#[doc(alias = "IP_RECVDSTADDR")]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::IPPROTO_IP, ty = libc::IP_RECVDSTADDR, enable = libc::IP_RECVDSTADDR, direction = recv)]
#[repr(transparent)]
pub struct IpRecvDstAddr(pub [u8; 4]);

impl IpRecvDstAddr {
    /// The address.
    pub const fn addr(&self) -> Ipv4Addr {
        Ipv4Addr::new(self.0[0], self.0[1], self.0[2], self.0[3])
    }
}

/// `IP_RECVTTL`: the datagram's TTL, one byte.
#[doc(alias = "IP_RECVTTL")]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::IPPROTO_IP, ty = libc::IP_RECVTTL, enable = libc::IP_RECVTTL, direction = recv)]
#[repr(transparent)]
pub struct IpRecvTtl(pub u8);

/// `IP_RECVTOS`: the datagram's TOS byte (DSCP and ECN).
#[doc(alias = "IP_RECVTOS")]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::IPPROTO_IP, ty = libc::IP_RECVTOS, enable = libc::IP_RECVTOS, direction = recv)]
#[repr(transparent)]
pub struct IpRecvTos(pub u8);
