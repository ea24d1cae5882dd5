//! OpenBSD's control messages (`sys/sys/socket.h`; `setsockopt(2)`).
//! OpenBSD passes no credentials in control messages: use
//! `getsockopt(SO_PEERCRED)`.
//!
//! Every number and layout is asserted against the header's (read with
//! clang from the headers OpenBSD installs, for amd64 and i386) and libc's.
//! `SCM_RIGHTS` is the core's [`ScmRights`].

use crate::time::{duration, KernelTime};
use cmsg_core::{ControlMessage, ControlMessages, Fds, RawMessage};
use core::ffi::c_long;
use core::mem::{align_of, size_of};
use core::time::Duration;
use zerocopy::{FromBytes, Immutable, IntoBytes};

pub use cmsg_core::ScmRights;

// `scripts/abi-check`'s assertions from this system's headers.
abi_check_hook!();

/// Padding after `tv_usec`: a `long` after a 64-bit `time_t` leaves four
/// bytes where `int64_t` is 8-byte aligned and `long` is 4 bytes (32-bit
/// arm), none on amd64 or i386.
const TIMEVAL_PAD: usize = align_of::<i64>().saturating_sub(size_of::<c_long>());

/// `struct timeval` (`sys/sys/_time.h`): 16 bytes on amd64, 12 on i386.
#[derive(FromBytes, IntoBytes, Immutable, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct Timeval {
    /// Seconds (`time_t`, 64-bit everywhere).
    pub tv_sec: i64,
    /// Microseconds (`suseconds_t`, a `long`).
    pub tv_usec: c_long,
    /// The C struct's trailing padding, where it has some.
    pub pad: [u8; TIMEVAL_PAD],
}

// `long` is `i64` on 64-bit targets and `i32` on 32-bit ones.
#[allow(clippy::useless_conversion)]
fn wide(n: c_long) -> i64 {
    i64::from(n)
}

impl KernelTime for Timeval {
    fn to_duration(&self) -> Option<Duration> {
        duration(self.tv_sec, wide(self.tv_usec), 1_000_000)
    }
}

/// `SCM_TIMESTAMP` (0x04): the receive time, with `SO_TIMESTAMP` (0x0800).
#[doc(alias("SCM_TIMESTAMP", "SO_TIMESTAMP"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::SOL_SOCKET, ty = 0x04, enable = 0x0800, direction = recv)]
#[repr(transparent)]
pub struct ScmTimestamp(pub Timeval);

/// Every message the OpenBSD catalogue receives; anything else as
/// [`Other`](Self::Other). `SPACE` has room for 253 descriptors.
#[derive(ControlMessages, Debug)]
pub enum AnyMessage<'a> {
    /// `SCM_RIGHTS`.
    #[cmsg(max = 253)]
    Rights(Fds<'a, ScmRights>),
    /// `SCM_TIMESTAMP`.
    Timestamp(ScmTimestamp),
    /// Anything else, as it arrived.
    #[cmsg(other)]
    Other(RawMessage<'a>),
}

// The header's values and layouts (clang on OpenBSD's headers: amd64 /
// i386), and libc's.
const _: () = {
    use core::mem::offset_of;
    assert!(libc::SOL_SOCKET == 0xffff && libc::SCM_RIGHTS == 0x01);
    assert!(ScmTimestamp::TYPE == libc::SCM_TIMESTAMP && libc::SO_TIMESTAMP == 0x0800);
    assert!(offset_of!(Timeval, tv_usec) == 8);
    assert!(size_of::<Timeval>() == size_of::<libc::timeval>());
    assert!(offset_of!(Timeval, tv_usec) == offset_of!(libc::timeval, tv_usec));
};
