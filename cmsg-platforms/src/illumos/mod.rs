//! illumos' (and Solaris') control messages
//! (`usr/src/uts/common/sys/socket.h`, `usr/src/uts/common/sys/time.h`;
//! `socket.h(3HEAD)`, `ucred_get(3C)`).
//!
//! The numbers are asserted against the header's (read from illumos-gate's
//! `usr/src/uts/common/sys/socket.h`) and libc's.

use cmsg_core::{ControlMessage, ControlMessages, Fds, RawMessage};

pub use cmsg_core::ScmRights;

/// `struct timeval`: two `long`s.
pub use crate::time::LongTimeval as Timeval;

/// `SCM_TIMESTAMP` (0x1013, `SO_TIMESTAMP`'s number): the receive time,
/// with `SO_TIMESTAMP`.
#[doc(alias("SCM_TIMESTAMP", "SO_TIMESTAMP"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::SOL_SOCKET, ty = 0x1013, enable = 0x1013, direction = recv)]
#[repr(transparent)]
pub struct ScmTimestamp(pub Timeval);

/// `SCM_UCRED` (0x1012): the sender's `ucred_t`, with `SO_RECVUCRED`
/// (0x0400). The type is opaque: its size is the sender's (the kernel's
/// `ucredminsize()`), read it with `ucred_get(3C)`'s accessors on these
/// bytes. Its first `uint32_t` is the size the kernel filled in.
#[doc(alias("SCM_UCRED", "SO_RECVUCRED", "ucred_t"))]
#[derive(ControlMessage, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::SOL_SOCKET, ty = 0x1012, enable = 0x0400, direction = recv)]
#[repr(C)]
pub struct ScmUcred {
    /// The `ucred_t`'s bytes.
    pub bytes: [u8],
}

impl ScmUcred {
    /// `uc_size`: the size the kernel says the `ucred_t` has, if the bytes
    /// hold at least that much (and its four bytes).
    pub fn size(&self) -> Option<usize> {
        let size = u32::from_ne_bytes(self.bytes.get(..4)?.try_into().ok()?);
        let size = usize::try_from(size).ok()?;
        (size <= self.bytes.len()).then_some(size)
    }
}

/// Every message the illumos catalogue receives; anything else as
/// [`Other`](Self::Other). `SPACE` has room for 253 descriptors and a
/// 512-byte `ucred_t`.
#[derive(ControlMessages, Debug)]
pub enum AnyMessage<'a> {
    /// `SCM_RIGHTS`.
    #[cmsg(max = 253)]
    Rights(Fds<'a, ScmRights>),
    /// `SCM_TIMESTAMP`.
    Timestamp(ScmTimestamp),
    /// `SCM_UCRED`.
    #[cmsg(max = 512)]
    Ucred(&'a ScmUcred),
    /// Anything else, as it arrived.
    #[cmsg(other)]
    Other(RawMessage<'a>),
}

// `usr/src/uts/common/sys/socket.h` (illumos-gate: SO_RECVUCRED 0x0400 line
// 142, SCM_RIGHTS 0x1010 line 195, SCM_UCRED 0x1012 line 197, SO_TIMESTAMP
// and SCM_TIMESTAMP 0x1013 lines 198-199, SOL_SOCKET 0xffff line 259), and
// libc's.
const _: () = {
    assert!(libc::SOL_SOCKET == 0xffff && libc::SCM_RIGHTS == 0x1010);
    assert!(ScmTimestamp::TYPE == libc::SCM_TIMESTAMP && libc::SO_TIMESTAMP == 0x1013);
    assert!(ScmUcred::TYPE == libc::SCM_UCRED);
};
