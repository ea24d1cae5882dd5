//! [`AnyMessage`]: every message the FreeBSD catalogue receives, as one
//! receive set.

use super::{
    IpOrigDstAddr, IpRecvDstAddr, IpRecvIf, IpRecvTos, IpRecvTtl, Ipv6HopLimit, Ipv6PktInfo,
    Ipv6TClass, ScmBintime, ScmMonotonic, ScmRealtime, ScmTimeInfo, ScmTimestamp, SockCred2,
};
use cmsg_core::{ControlMessages, Fds, RawMessage, ScmRights};

/// Every control message FreeBSD delivers that the catalogue declares;
/// anything else (and `SCM_CREDS`, whose layout depends on `LOCAL_CREDS`:
/// decode it as [`CmsgCred`](super::CmsgCred) or
/// [`SockCred`](super::SockCred)) as [`Other`](Self::Other).
///
/// `SPACE` has room for 253 descriptors, `CMGROUP_MAX` (16) groups in
/// `SCM_CREDS2` and a 46-byte interface name and address in `IP_RECVIF`.
#[derive(ControlMessages, Debug)]
pub enum AnyMessage<'a> {
    /// `SCM_RIGHTS`.
    #[cmsg(max = 253)]
    Rights(Fds<'a, ScmRights>),
    /// `SCM_CREDS2`.
    #[cmsg(max = 16)]
    Creds2(&'a SockCred2),
    /// `SCM_TIMESTAMP`.
    Timestamp(ScmTimestamp),
    /// `SCM_BINTIME`.
    Bintime(ScmBintime),
    /// `SCM_REALTIME`.
    Realtime(ScmRealtime),
    /// `SCM_MONOTONIC`.
    Monotonic(ScmMonotonic),
    /// `SCM_TIME_INFO`.
    TimeInfo(ScmTimeInfo),
    /// `IP_RECVDSTADDR`.
    DstAddr(IpRecvDstAddr),
    /// `IP_RECVTTL`.
    Ttl(IpRecvTtl),
    /// `IP_RECVTOS`.
    Tos(IpRecvTos),
    /// `IP_RECVIF`.
    #[cmsg(max = 46)]
    RecvIf(&'a IpRecvIf),
    /// `IP_ORIGDSTADDR`.
    OrigDstAddr(IpOrigDstAddr),
    /// `IPV6_PKTINFO`.
    Ipv6PktInfo(Ipv6PktInfo),
    /// `IPV6_HOPLIMIT`.
    HopLimit(Ipv6HopLimit),
    /// `IPV6_TCLASS`.
    TClass(Ipv6TClass),
    /// Anything else, as it arrived.
    #[cmsg(other)]
    Other(RawMessage<'a>),
}
