//! [`AnyMessage`]: every message the Apple catalogue receives, as one
//! receive set.

use super::{
    IpPktInfo, IpRecvDstAddr, IpRecvTos, IpRecvTtl, Ipv6HopLimit, Ipv6PktInfo, Ipv6TClass,
    ScmTimestamp, ScmTimestampMonotonic,
};
use cmsg_core::{ControlMessages, Fds, RawMessage, ScmRights};

/// Every control message Apple's systems deliver that the catalogue
/// declares; anything else as [`Other`](Self::Other). `SPACE` has room for
/// 253 descriptors.
#[derive(ControlMessages, Debug)]
pub enum AnyMessage<'a> {
    /// `SCM_RIGHTS`.
    #[cmsg(max = 253)]
    Rights(Fds<'a, ScmRights>),
    /// `SCM_TIMESTAMP`.
    Timestamp(ScmTimestamp),
    /// `SCM_TIMESTAMP_MONOTONIC`.
    Monotonic(ScmTimestampMonotonic),
    /// `IP_PKTINFO`.
    PktInfo(IpPktInfo),
    /// `IP_RECVDSTADDR`.
    DstAddr(IpRecvDstAddr),
    /// `IP_RECVTTL`.
    Ttl(IpRecvTtl),
    /// `IP_RECVTOS`.
    Tos(IpRecvTos),
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
