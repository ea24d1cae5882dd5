//! The Linux catalogue as the matrix runs it: each message with the
//! socket types it is meant for and the check that exercises it. The
//! level, type and Rust name come from the library's own declarations.

use crate::live::net::Sock::{self, *};
use crate::live::outcome::Check;
use crate::live::{ip, special, stamps, unix, Ctx};
use cmsg::platforms::linux::{
    AlgSetAeadAssoclen, AlgSetIv, AlgSetOp, IpOrigDstAddr, IpPktInfo, IpRecvErr, IpRecvFragsize,
    IpTos, IpTosSend, IpTtl, Ipv6HopLimit, Ipv6OrigDstAddr, Ipv6PktInfo, Ipv6RecvErr, Ipv6TClass,
    Mark, RxqOvfl, ScmPidfd, ScmSecurity, ScmTimestamp, ScmTimestampNew, ScmTimestampNs,
    ScmTimestampNsNew, ScmTimestamping, ScmTimestamping64, ScmTsOptId, TlsGetRecordType,
    TlsSetRecordType, TxTime, UCred, UdpGro, UdpSegment,
};
use cmsg::{ControlMessage, ScmRights};
use std::ffi::c_int;
use std::sync::LazyLock;

/// One message of the catalogue.
pub struct Message {
    /// The C name (`SCM_CREDENTIALS`).
    pub c_name: &'static str,
    /// `cmsg_level`, from the Rust type.
    pub level: c_int,
    /// `cmsg_type`, from the Rust type.
    pub value: c_int,
    rust_type: &'static str,
    /// What turns delivery on, as Markdown (`` `SO_PASSCRED` ``), or `—`.
    switch: &'static str,
    /// The socket types it is meant for.
    pub sockets: &'static [Sock],
    /// Exercises it on one of them.
    pub check: fn(&mut Ctx, Sock) -> Check,
}

impl Message {
    /// The Rust type's name (`UCred`).
    pub fn rust_type(&self) -> &'static str {
        self.rust_type
    }

    /// What turns delivery on, as Markdown: `` `SO_PASSCRED` ``.
    pub fn switch_markdown(&self) -> &'static str {
        self.switch
    }

    /// What turns delivery on, as text: `SO_PASSCRED`.
    pub fn switch(&self) -> String {
        self.switch.replace('`', "")
    }

    /// The level's C name.
    pub fn level_name(&self) -> &'static str {
        match self.level {
            libc::SOL_SOCKET => "SOL_SOCKET",
            libc::IPPROTO_IP => "IPPROTO_IP",
            libc::IPPROTO_IPV6 => "IPPROTO_IPV6",
            libc::SOL_UDP => "SOL_UDP",
            libc::SOL_ALG => "SOL_ALG",
            cmsg::platforms::linux::SOL_TLS => "SOL_TLS",
            _ => "?",
        }
    }
}

fn message<M: ControlMessage + ?Sized>(
    c_name: &'static str,
    switch: &'static str,
    sockets: &'static [Sock],
    check: fn(&mut Ctx, Sock) -> Check,
) -> Message {
    Message {
        c_name,
        level: M::LEVEL,
        value: M::TYPE,
        rust_type: crate::live::short_type_name::<M>(),
        switch,
        sockets,
        check,
    }
}

const UNIX: &[Sock] = &[UnixStream, UnixDgram, UnixSeqpacket];
/// Where receive stamps are delivered: never on `AF_UNIX` stream
/// (`unix_stream_read_generic` reports none).
const STAMPED: &[Sock] = &[UnixDgram, UnixSeqpacket, Udp4, Udp6, Tcp4, Tcp6];
/// Receive stamps, and transmit stamps from the error queue.
const STAMPED_TX: &[Sock] = &[
    UnixDgram,
    UnixSeqpacket,
    Udp4,
    Udp6,
    Tcp4,
    Tcp6,
    Udp4Tx,
    Udp6Tx,
    Tcp4Tx,
    Tcp6Tx,
];
const UDP: &[Sock] = &[Udp4, Udp6];

/// Every message of `cmsg::platforms::linux`, in the README's order.
pub static MESSAGES: LazyLock<Vec<Message>> = LazyLock::new(|| {
    vec![
        message::<ScmRights>("SCM_RIGHTS", "—", UNIX, unix::rights),
        message::<UCred>("SCM_CREDENTIALS", "`SO_PASSCRED`", UNIX, unix::credentials),
        message::<ScmSecurity>("SCM_SECURITY", "`SO_PASSSEC`", UNIX, unix::security),
        message::<ScmPidfd>("SCM_PIDFD", "`SO_PASSPIDFD`", UNIX, unix::pidfd),
        message::<ScmTimestamp>(
            "SCM_TIMESTAMP",
            "`SO_TIMESTAMP`",
            STAMPED,
            stamps::timestamp,
        ),
        message::<ScmTimestampNew>(
            "SCM_TIMESTAMP_NEW",
            "`SO_TIMESTAMP_NEW`",
            STAMPED,
            stamps::timestamp_new,
        ),
        message::<ScmTimestampNs>(
            "SCM_TIMESTAMPNS",
            "`SO_TIMESTAMPNS`",
            STAMPED,
            stamps::timestamp_ns,
        ),
        message::<ScmTimestampNsNew>(
            "SCM_TIMESTAMPNS_NEW",
            "`SO_TIMESTAMPNS_NEW`",
            STAMPED,
            stamps::timestamp_ns_new,
        ),
        message::<ScmTimestamping>(
            "SCM_TIMESTAMPING",
            "`enable_timestamping` (`SO_TIMESTAMPING`)",
            STAMPED_TX,
            stamps::timestamping,
        ),
        message::<ScmTimestamping64>(
            "SCM_TIMESTAMPING_NEW",
            "`enable_timestamping_new` (`SO_TIMESTAMPING_NEW`)",
            STAMPED_TX,
            stamps::timestamping64,
        ),
        message::<ScmTsOptId>(
            "SCM_TS_OPT_ID",
            "`SOF_TIMESTAMPING_OPT_ID`",
            &[Udp4Tx, Udp6Tx],
            stamps::ts_opt_id,
        ),
        message::<RxqOvfl>("SO_RXQ_OVFL", "`SO_RXQ_OVFL`", UDP, ip::rxq_ovfl),
        message::<Mark>("SO_MARK", "`SO_RCVMARK`", UDP, ip::mark),
        message::<TxTime>(
            "SCM_TXTIME",
            "`enable_txtime` (`SO_TXTIME`)",
            UDP,
            ip::txtime,
        ),
        message::<IpPktInfo>("IP_PKTINFO", "`IP_PKTINFO`", &[Udp4], ip::pktinfo),
        message::<IpTtl>("IP_TTL", "`IP_RECVTTL`", &[Udp4], ip::ttl),
        message::<IpTos>("IP_TOS", "`IP_RECVTOS`", &[Udp4], ip::tos),
        message::<IpTosSend>("IP_TOS", "—", &[Udp4], ip::tos_send),
        message::<IpRecvErr>(
            "IP_RECVERR",
            "`IP_RECVERR`",
            &[Udp4, Udp4Tx, Tcp4Tx],
            ip::recverr,
        ),
        message::<IpOrigDstAddr>(
            "IP_ORIGDSTADDR",
            "`IP_RECVORIGDSTADDR`",
            &[Udp4],
            ip::origdstaddr,
        ),
        message::<IpRecvFragsize>(
            "IP_RECVFRAGSIZE",
            "`IP_RECVFRAGSIZE`",
            &[Udp4],
            ip::fragsize,
        ),
        message::<Ipv6PktInfo>("IPV6_PKTINFO", "`IPV6_RECVPKTINFO`", &[Udp6], ip::pktinfo6),
        message::<Ipv6HopLimit>(
            "IPV6_HOPLIMIT",
            "`IPV6_RECVHOPLIMIT`",
            &[Udp6],
            ip::hoplimit,
        ),
        message::<Ipv6TClass>("IPV6_TCLASS", "`IPV6_RECVTCLASS`", &[Udp6], ip::tclass),
        message::<Ipv6RecvErr>(
            "IPV6_RECVERR",
            "`IPV6_RECVERR`",
            &[Udp6, Udp6Tx, Tcp6Tx],
            ip::recverr6,
        ),
        message::<Ipv6OrigDstAddr>(
            "IPV6_ORIGDSTADDR",
            "`IPV6_RECVORIGDSTADDR`",
            &[Udp6],
            ip::origdstaddr6,
        ),
        message::<UdpSegment>("UDP_SEGMENT", "—", UDP, ip::segment),
        message::<UdpGro>("UDP_GRO", "`UDP_GRO`", UDP, ip::gro),
        message::<AlgSetOp>("ALG_SET_OP", "—", &[Alg], special::alg_set_op),
        message::<AlgSetIv>("ALG_SET_IV", "—", &[Alg], special::alg_set_iv),
        message::<AlgSetAeadAssoclen>(
            "ALG_SET_AEAD_ASSOCLEN",
            "—",
            &[Alg],
            special::alg_set_aead_assoclen,
        ),
        message::<TlsSetRecordType>(
            "TLS_SET_RECORD_TYPE",
            "kTLS (`TCP_ULP`)",
            &[Ktls4],
            special::tls_set,
        ),
        message::<TlsGetRecordType>(
            "TLS_GET_RECORD_TYPE",
            "kTLS (`TCP_ULP`)",
            &[Ktls4],
            special::tls_get,
        ),
    ]
});
