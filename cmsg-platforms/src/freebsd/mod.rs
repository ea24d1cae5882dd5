//! FreeBSD's control messages (`sys/sys/socket.h`, `sys/sys/un.h`,
//! `sys/netinet/in.h`, `sys/netinet6/in6.h`; see `unix(4)`, `ip(4)`,
//! `ip6(4)`, `setsockopt(2)`).
//!
//! Every constant and layout is asserted against the header's value (read
//! with clang from the headers FreeBSD installs, for amd64, i386 and
//! arm64) and against libc's where libc has it; the header wins where they
//! differ. `SCM_RIGHTS` is the core's [`ScmRights`](cmsg_core::ScmRights).

mod ip;
mod set;
mod socket;
mod time;

// `scripts/abi-check`'s assertions from this system's headers.
abi_check_hook!();

pub use crate::bsd::{
    CmsgCred, IpRecvDstAddr, IpRecvTos, IpRecvTtl, Ipv6HopLimit, Ipv6PktInfo, Ipv6TClass,
    CMGROUP_MAX,
};
pub use cmsg_core::ScmRights;
pub use ip::{IpOrigDstAddr, IpRecvIf, IpSendSrcAddr, SockAddrIn};
pub use set::AnyMessage;
#[cfg(feature = "std")]
pub use socket::set_ts_clock;
pub use socket::{
    ScmBintime, ScmMonotonic, ScmRealtime, ScmTimeInfo, ScmTimestamp, SockCred, SockCred2,
    SockTimestampInfo, TsClock, LOCAL_CREDS, LOCAL_CREDS_PERSISTENT, SOL_LOCAL, ST_INFO_HW,
    ST_INFO_HW_HPREC,
};
pub use time::{Bintime, Timespec, Timeval};
