//! Linux (and Android, whose kernel is the same): every control message of
//! `SOL_SOCKET`, IP, IPv6, UDP, `SOL_ALG` and `SOL_TLS`. See `cmsg(3)`,
//! `unix(7)`, `socket(7)`, `ip(7)`, `ipv6(7)` and `udp(7)`.
//!
//! Constants and layouts come from libc where it has them (asserted equal in
//! const blocks); the rest from the kernel's uapi headers, per architecture
//! where the number differs ([`abi`](self) names each header).

mod abi;
mod addr;
mod alg;
mod errqueue;
mod ip;
mod ipv6;
mod set;
mod socket;
mod time;
mod tls;
mod udp;

// `scripts/abi-check`'s assertions from this system's headers.
abi_check_hook!();

pub use addr::{SockAddrIn, SockAddrIn6};
pub use alg::{AlgSetAeadAssoclen, AlgSetIv, AlgSetOp, ALG_OP_DECRYPT, ALG_OP_ENCRYPT};
pub use cmsg_core::ScmRights;
pub use errqueue::*;
pub use ip::{IpOrigDstAddr, IpPktInfo, IpRecvErr, IpRecvFragsize, IpTos, IpTosSend, IpTtl};
pub use ipv6::{Ipv6HopLimit, Ipv6OrigDstAddr, Ipv6PktInfo, Ipv6RecvErr, Ipv6TClass};
pub use set::AnyMessage;
#[cfg(feature = "std")]
pub use socket::{enable_timestamping, enable_timestamping_new, enable_txtime};
pub use socket::{
    receive_time, timestamping, Mark, RxqOvfl, ScmPidfd, ScmSecurity, ScmTimestamp,
    ScmTimestampNew, ScmTimestampNs, ScmTimestampNsNew, ScmTimestamping, ScmTimestamping64,
    ScmTsOptId, TxTime, UCred, NEW_TIME_LAYOUT, SOF_TXTIME_DEADLINE_MODE, SOF_TXTIME_REPORT_ERRORS,
};
pub use time::{
    KernelOldTimespec, KernelOldTimeval, KernelSockTimeval, KernelTime, KernelTimespec,
};
pub use tls::{
    TlsGetRecordType, TlsSetRecordType, SOL_TLS, TLS_GET_RECORD_TYPE, TLS_SET_RECORD_TYPE,
};
pub use udp::{UdpGro, UdpSegment};
