//! DragonFly BSD's control messages (`sys/sys/socket.h`,
//! `sys/sys/_timeval.h`; `unix(4)`, `setsockopt(2)`).
//!
//! `SCM_CREDS` carries FreeBSD's `struct cmsgcred` ([`CmsgCred`], shared);
//! DragonFly has no `LOCAL_CREDS`. Payloads are aligned to `sizeof(long)`
//! since its 2019 ABI change (5.8); 5.6 and older aligned them to 4 bytes
//! on x86_64 too (`_CMSG_ALIGN`, and Go's `sockcmsg_dragonfly.go`), which
//! this crate does not support. The numbers are asserted against the
//! header's (read from DragonFly's `sys/sys/socket.h`) and libc's.

use cmsg_core::{ControlMessage, ControlMessages, Fds, RawMessage};

pub use crate::bsd::{CmsgCred, CMGROUP_MAX};
pub use cmsg_core::ScmRights;

/// `struct timeval`: two `long`s.
pub use crate::time::LongTimeval as Timeval;

/// `SCM_TIMESTAMP` (0x02): the receive time, with `SO_TIMESTAMP` (0x0400).
#[doc(alias("SCM_TIMESTAMP", "SO_TIMESTAMP"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::SOL_SOCKET, ty = 0x02, enable = 0x0400, direction = recv)]
#[repr(transparent)]
pub struct ScmTimestamp(pub Timeval);

/// Every message the DragonFly catalogue receives; anything else as
/// [`Other`](Self::Other). `SPACE` has room for 253 descriptors.
#[derive(ControlMessages, Debug)]
pub enum AnyMessage<'a> {
    /// `SCM_RIGHTS`.
    #[cmsg(max = 253)]
    Rights(Fds<'a, ScmRights>),
    /// `SCM_TIMESTAMP`.
    Timestamp(ScmTimestamp),
    /// `SCM_CREDS`.
    Creds(CmsgCred),
    /// Anything else, as it arrived.
    #[cmsg(other)]
    Other(RawMessage<'a>),
}

// `sys/sys/socket.h` (DragonFlyBSD/DragonFlyBSD: SOL_SOCKET 0xffff line 124,
// SO_TIMESTAMP 0x0400 line 88, SCM_RIGHTS/TIMESTAMP/CREDS 0x01/0x02/0x03
// lines 447-449), and libc's.
const _: () = {
    assert!(libc::SOL_SOCKET == 0xffff && libc::SCM_RIGHTS == 0x01);
    assert!(ScmTimestamp::TYPE == libc::SCM_TIMESTAMP && libc::SO_TIMESTAMP == 0x0400);
};
