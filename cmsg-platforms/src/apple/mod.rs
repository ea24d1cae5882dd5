//! macOS, iOS and the other Apple systems (xnu's `bsd/sys/socket.h`,
//! `bsd/netinet/in.h`, `bsd/netinet6/in6.h`; `ip(4)`, `ip6(4)`).
//!
//! Apple aligns every payload to 4 bytes (`__DARWIN_ALIGN32`), so a type
//! with 8-byte alignment could never be borrowed from a control buffer:
//! the types here that hold 64-bit integers are `#[repr(C, packed(4))]`,
//! 4-byte aligned, and decode by reference like any other.
//!
//! Apple declares `SCM_CREDS` (0x03, `struct cmsgcred`) in its header but
//! its `AF_UNIX` sockets never deliver it; nothing is declared for it. Use
//! `getsockopt(LOCAL_PEERCRED)` for a peer's credentials.
//!
//! Every number and layout is asserted against the header's (read with
//! clang from the SDK headers, x86_64 and arm64) and libc's.

mod ip;
mod set;
mod socket;

// `scripts/abi-check`'s assertions from this system's headers.
abi_check_hook!();

pub use crate::bsd::{IpRecvDstAddr, IpRecvTos, IpRecvTtl, Ipv6HopLimit, Ipv6PktInfo, Ipv6TClass};
pub use cmsg_core::ScmRights;
pub use ip::IpPktInfo;
pub use set::AnyMessage;
pub use socket::{ScmTimestamp, ScmTimestampMonotonic, Timeval};
