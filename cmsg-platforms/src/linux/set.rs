//! [`AnyMessage`]: every message the Linux catalogue receives, as one
//! receive set, for receivers that want to decode whatever arrives.

use super::{
    IpOrigDstAddr, IpPktInfo, IpRecvErr, IpRecvFragsize, IpTos, IpTtl, Ipv6HopLimit,
    Ipv6OrigDstAddr, Ipv6PktInfo, Ipv6RecvErr, Ipv6TClass, Mark, RxqOvfl, ScmPidfd, ScmSecurity,
    ScmTimestamp, ScmTimestampNew, ScmTimestampNs, ScmTimestampNsNew, ScmTimestamping,
    ScmTimestamping64, TlsGetRecordType, UCred, UdpGro,
};
use cmsg_core::{ControlMessages, Fds, RawMessage, ScmRights};

/// Every control message Linux delivers that the catalogue declares, each
/// as its variant; anything else as [`Other`](Self::Other).
///
/// [`AnyMessage::SPACE`] holds one of each, with room for `SCM_MAX_FD`
/// (253, `include/net/scm.h`) descriptors and a 256-byte security label: a
/// longer label, or more messages than one of each, is reported as
/// truncation. Its `enable` switches on every option, which is rarely what
/// a socket wants (it asks for both timestamp layouts, for one): enable
/// what you need, or declare a smaller set of your own.
///
/// ```no_run
/// use cmsg_platforms::linux::AnyMessage;
/// # fn f(mut received: cmsg_core::Received<'_>) -> Result<(), cmsg_core::DecodeError> {
/// for message in received.dispatch::<AnyMessage>() {
///     match message? {
///         AnyMessage::Ttl(ttl) => println!("ttl {}", ttl.0),
///         AnyMessage::Rights(fds) => drop(fds), // not taken: closed with `received`
///         other => println!("{other:?}"),
///     }
/// }
/// # Ok(()) }
/// ```
#[derive(ControlMessages, Debug)]
pub enum AnyMessage<'a> {
    /// `SCM_RIGHTS`.
    #[cmsg(max = 253)]
    Rights(Fds<'a, ScmRights>),
    /// `SCM_CREDENTIALS`.
    Credentials(UCred),
    /// `SCM_PIDFD`.
    Pidfd(Fds<'a, ScmPidfd>),
    /// `SCM_SECURITY`.
    #[cmsg(max = 256)]
    Security(&'a ScmSecurity),
    /// `SO_TIMESTAMP_OLD`.
    Timestamp(ScmTimestamp),
    /// `SO_TIMESTAMP_NEW`.
    TimestampNew(ScmTimestampNew),
    /// `SO_TIMESTAMPNS_OLD`.
    TimestampNs(ScmTimestampNs),
    /// `SO_TIMESTAMPNS_NEW`.
    TimestampNsNew(ScmTimestampNsNew),
    /// `SO_TIMESTAMPING_OLD`.
    Timestamping(ScmTimestamping),
    /// `SO_TIMESTAMPING_NEW`.
    Timestamping64(ScmTimestamping64),
    /// `SO_RXQ_OVFL`.
    RxqOvfl(RxqOvfl),
    /// `SO_MARK`.
    Mark(Mark),
    /// `IP_PKTINFO`.
    PktInfo(IpPktInfo),
    /// `IP_TTL`.
    Ttl(IpTtl),
    /// `IP_TOS`.
    Tos(IpTos),
    /// `IP_RECVERR`.
    RecvErr(IpRecvErr),
    /// `IP_ORIGDSTADDR`.
    OrigDstAddr(IpOrigDstAddr),
    /// `IP_RECVFRAGSIZE`.
    RecvFragsize(IpRecvFragsize),
    /// `IPV6_PKTINFO`.
    Ipv6PktInfo(Ipv6PktInfo),
    /// `IPV6_HOPLIMIT`.
    HopLimit(Ipv6HopLimit),
    /// `IPV6_TCLASS`.
    TClass(Ipv6TClass),
    /// `IPV6_RECVERR`.
    Ipv6RecvErr(Ipv6RecvErr),
    /// `IPV6_ORIGDSTADDR`.
    Ipv6OrigDstAddr(Ipv6OrigDstAddr),
    /// `UDP_GRO`.
    Gro(UdpGro),
    /// `TLS_GET_RECORD_TYPE`.
    TlsRecordType(TlsGetRecordType),
    /// Anything else, as it arrived.
    #[cmsg(other)]
    Other(RawMessage<'a>),
}
