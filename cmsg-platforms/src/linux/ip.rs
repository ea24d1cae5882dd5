//! `IPPROTO_IP` (`SOL_IP`) messages (`include/uapi/linux/in.h`; `ip(7)`).

use super::addr::SockAddrIn;
use super::errqueue::SockExtendedErr;
use cmsg_core::ControlMessage;
use core::ffi::c_int;
use core::net::Ipv4Addr;

/// `IP_PKTINFO` (`struct in_pktinfo`): on receive, the interface and the
/// datagram's destination address; on send, the interface and source
/// address to use. Receive after `IP_PKTINFO` on UDP and raw sockets.
#[doc(alias("IP_PKTINFO", "in_pktinfo"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::IPPROTO_IP, ty = libc::IP_PKTINFO, enable = libc::IP_PKTINFO)]
#[repr(C)]
pub struct IpPktInfo {
    /// `ipi_ifindex`: the interface index (0: any).
    pub ifindex: c_int,
    /// `ipi_spec_dst`: the local address (routing destination on receive,
    /// source to use on send).
    pub spec_dst: [u8; 4],
    /// `ipi_addr`: the header's destination address (receive).
    pub addr: [u8; 4],
}

const _: () = {
    use core::mem::{offset_of, size_of};
    assert!(size_of::<IpPktInfo>() == size_of::<libc::in_pktinfo>());
    assert!(offset_of!(IpPktInfo, spec_dst) == offset_of!(libc::in_pktinfo, ipi_spec_dst));
    assert!(offset_of!(IpPktInfo, addr) == offset_of!(libc::in_pktinfo, ipi_addr));
};

impl IpPktInfo {
    /// The local address (`ipi_spec_dst`).
    pub fn local(&self) -> Ipv4Addr {
        Ipv4Addr::from(self.spec_dst)
    }
    /// The header's destination address (`ipi_addr`).
    pub fn destination(&self) -> Ipv4Addr {
        Ipv4Addr::from(self.addr)
    }
}

/// `IP_TTL`: the received datagram's time to live (`int`, after
/// `IP_RECVTTL`), or on send the TTL for this datagram (1..=255).
#[doc(alias("IP_TTL", "IP_RECVTTL"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::IPPROTO_IP, ty = libc::IP_TTL, enable = libc::IP_RECVTTL)]
#[repr(transparent)]
pub struct IpTtl(pub c_int);

/// `IP_TOS` as received: the TOS byte of the datagram, one byte (after
/// `IP_RECVTOS`). Send with [`IpTosSend`].
#[doc(alias("IP_TOS", "IP_RECVTOS"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::IPPROTO_IP, ty = libc::IP_TOS, enable = libc::IP_RECVTOS, direction = recv)]
#[repr(transparent)]
pub struct IpTos(pub u8);

/// `IP_TOS` as sent: the TOS byte for this datagram, as an `int` (the form
/// every kernel accepts; the receive side is one byte, [`IpTos`]).
#[doc(alias = "IP_TOS")]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::IPPROTO_IP, ty = libc::IP_TOS, direction = send)]
#[repr(transparent)]
pub struct IpTosSend(pub c_int);

/// `IP_RECVERR`: an error queued on the socket (read with `MSG_ERRQUEUE`):
/// the extended error and the offending node's address (`SO_EE_OFFENDER`:
/// the ICMP sender, or `AF_UNSPEC` zeros for local errors and timestamps).
/// Enable with `IP_RECVERR`.
#[doc(alias("IP_RECVERR", "sock_extended_err"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::IPPROTO_IP, ty = libc::IP_RECVERR, enable = libc::IP_RECVERR, direction = recv)]
#[repr(C)]
pub struct IpRecvErr {
    /// The error.
    pub err: SockExtendedErr,
    /// `SO_EE_OFFENDER`.
    pub offender: SockAddrIn,
}

/// `IP_ORIGDSTADDR`: the datagram's original destination (`struct
/// sockaddr_in`), before any TPROXY redirection. Enable with
/// `IP_RECVORIGDSTADDR` on UDP sockets.
#[doc(alias("IP_ORIGDSTADDR", "IP_RECVORIGDSTADDR"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::IPPROTO_IP, ty = libc::IP_ORIGDSTADDR, enable = libc::IP_RECVORIGDSTADDR, direction = recv)]
#[repr(transparent)]
pub struct IpOrigDstAddr(pub SockAddrIn);

/// `IP_RECVFRAGSIZE`: the largest fragment size of a datagram that arrived
/// fragmented (`int`); nothing for unfragmented datagrams. Enable with
/// `IP_RECVFRAGSIZE` on UDP and raw sockets.
#[doc(alias = "IP_RECVFRAGSIZE")]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::IPPROTO_IP, ty = libc::IP_RECVFRAGSIZE, enable = libc::IP_RECVFRAGSIZE, direction = recv)]
#[repr(transparent)]
pub struct IpRecvFragsize(pub c_int);
