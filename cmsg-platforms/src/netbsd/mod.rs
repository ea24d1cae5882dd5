//! NetBSD's control messages (`sys/sys/socket.h`, `sys/sys/un.h`;
//! `unix(4)`, `setsockopt(2)`).
//!
//! Every number and layout is asserted against the header's (read with
//! clang from the headers NetBSD installs, for amd64, i386 and aarch64) and
//! libc's. `SCM_RIGHTS` is the core's [`ScmRights`].

use crate::time::{duration, KernelTime};
use cmsg_core::{ControlMessage, ControlMessages, Fds, RawMessage};
use core::ffi::c_int;
use core::mem::align_of;
use core::time::Duration;
use zerocopy::{FromBytes, Immutable, IntoBytes};

pub use cmsg_core::ScmRights;

// `scripts/abi-check`'s assertions from this system's headers.
abi_check_hook!();

/// `SOL_LOCAL` (`sys/sys/un.h`): the level of `LOCAL_*` options.
pub const SOL_LOCAL: c_int = 0;
/// `LOCAL_CREDS` (`sys/sys/un.h`, 0x0004): the receiver gets a
/// [`SockCred`] with the next message.
pub const LOCAL_CREDS: c_int = 0x0004;

/// Padding after `tv_usec`: `suseconds_t` is an `int` after a 64-bit
/// `time_t`, so wherever `int64_t` is 8-byte aligned (not on i386) four
/// bytes follow.
const TIMEVAL_PAD: usize = align_of::<i64>() - 4;

/// `struct timeval` (`sys/sys/time.h`): 16 bytes on amd64 and aarch64 (the
/// last four padding), 12 on i386.
#[derive(FromBytes, IntoBytes, Immutable, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct Timeval {
    /// Seconds (`time_t`, 64-bit everywhere).
    pub tv_sec: i64,
    /// Microseconds (`suseconds_t`, an `int`).
    pub tv_usec: i32,
    /// The C struct's trailing padding, where it has some.
    pub pad: [u8; TIMEVAL_PAD],
}

impl KernelTime for Timeval {
    fn to_duration(&self) -> Option<Duration> {
        duration(self.tv_sec, i64::from(self.tv_usec), 1_000_000)
    }
}

/// `SCM_TIMESTAMP` (0x08): the receive time, with `SO_TIMESTAMP` (0x2000).
#[doc(alias("SCM_TIMESTAMP", "SO_TIMESTAMP"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::SOL_SOCKET, ty = 0x08, enable = 0x2000, direction = recv)]
#[repr(transparent)]
pub struct ScmTimestamp(pub Timeval);

/// `SCM_CREDS` (0x10) as `struct sockcred`, under `LOCAL_CREDS`: the
/// sender's process and credentials and its supplementary groups, 24 + 4n
/// bytes.
#[doc(alias("SCM_CREDS", "sockcred", "LOCAL_CREDS"))]
#[derive(ControlMessage, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::SOL_SOCKET, ty = 0x10, enable = LOCAL_CREDS, enable_level = SOL_LOCAL, direction = recv)]
#[repr(C)]
pub struct SockCred {
    /// `sc_pid`: the sending process.
    pub pid: libc::pid_t,
    /// `sc_uid`: real user id.
    pub uid: libc::uid_t,
    /// `sc_euid`: effective user id.
    pub euid: libc::uid_t,
    /// `sc_gid`: real group id.
    pub gid: libc::gid_t,
    /// `sc_egid`: effective group id.
    pub egid: libc::gid_t,
    /// `sc_ngroups`: the number of supplementary groups.
    pub ngroups: c_int,
    /// `sc_groups`.
    pub groups: [libc::gid_t],
}

/// Every message the NetBSD catalogue receives; anything else as
/// [`Other`](Self::Other). `SPACE` has room for 253 descriptors and 16
/// groups.
#[derive(ControlMessages, Debug)]
pub enum AnyMessage<'a> {
    /// `SCM_RIGHTS`.
    #[cmsg(max = 253)]
    Rights(Fds<'a, ScmRights>),
    /// `SCM_TIMESTAMP`.
    Timestamp(ScmTimestamp),
    /// `SCM_CREDS`.
    #[cmsg(max = 16)]
    Creds(&'a SockCred),
    /// Anything else, as it arrived.
    #[cmsg(other)]
    Other(RawMessage<'a>),
}

// The header's values and layouts (clang on NetBSD's headers: amd64,
// aarch64 / i386), and libc's.
const _: () = {
    use core::mem::{offset_of, size_of};
    assert!(libc::SOL_SOCKET == 0xffff && libc::SCM_RIGHTS == 0x01);
    assert!(ScmTimestamp::TYPE == libc::SCM_TIMESTAMP && libc::SO_TIMESTAMP == 0x2000);
    assert!(SockCred::TYPE == libc::SCM_CREDS && LOCAL_CREDS == libc::LOCAL_CREDS);
    assert!(size_of::<Timeval>() == if align_of::<i64>() == 8 { 16 } else { 12 });
    assert!(offset_of!(Timeval, tv_usec) == 8);
    assert!(size_of::<Timeval>() == size_of::<libc::timeval>());
    assert!(offset_of!(Timeval, tv_usec) == offset_of!(libc::timeval, tv_usec));
    assert!(SockCred::BASE_SIZE == 24 && SockCred::ELEMENT_SIZE == 4);
    assert!(SockCred::BASE_SIZE == offset_of!(libc::sockcred, sc_groups));
};
