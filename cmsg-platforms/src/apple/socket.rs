//! `SOL_SOCKET` timestamps (xnu `bsd/sys/socket.h`, `bsd/sys/_types/_timeval.h`).

use crate::time::{duration, KernelTime};
use cmsg_core::ControlMessage;
use core::time::Duration;
use zerocopy::{FromBytes, Immutable, IntoBytes};

/// `struct timeval` as a 64-bit process receives it: `tv_sec` a 64-bit
/// `__darwin_time_t`, `tv_usec` a 32-bit `__darwin_suseconds_t`, then four
/// bytes of padding (16 bytes). Packed to 4-byte alignment, the alignment
/// Apple gives payloads.
#[derive(FromBytes, IntoBytes, Immutable, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(C, packed(4))]
pub struct Timeval {
    /// Seconds.
    pub tv_sec: i64,
    /// Microseconds.
    pub tv_usec: i32,
    /// The C struct's trailing padding.
    pub pad: [u8; 4],
}

impl KernelTime for Timeval {
    fn to_duration(&self) -> Option<Duration> {
        let Timeval {
            tv_sec, tv_usec, ..
        } = *self;
        duration(tv_sec, i64::from(tv_usec), 1_000_000)
    }
}

/// `SCM_TIMESTAMP` (0x02): the receive time, with `SO_TIMESTAMP`.
#[doc(alias("SCM_TIMESTAMP", "SO_TIMESTAMP"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::SOL_SOCKET, ty = libc::SCM_TIMESTAMP, enable = libc::SO_TIMESTAMP, direction = recv)]
#[repr(transparent)]
pub struct ScmTimestamp(pub Timeval);

/// `SCM_TIMESTAMP_MONOTONIC` (0x04, not in libc): the receive time as
/// `mach_absolute_time()` ticks (a `uint64_t`), with
/// `SO_TIMESTAMP_MONOTONIC` (0x800). Packed to 4-byte alignment.
#[doc(alias("SCM_TIMESTAMP_MONOTONIC", "SO_TIMESTAMP_MONOTONIC"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::SOL_SOCKET, ty = 0x04, enable = 0x800, direction = recv)]
#[repr(C, packed(4))]
pub struct ScmTimestampMonotonic(pub u64);

// The header's values and layouts (clang on the SDK headers, x86_64 and
// arm64), and libc's.
const _: () = {
    use core::mem::{align_of, offset_of, size_of};
    assert!(libc::SOL_SOCKET == 0xffff && libc::SCM_RIGHTS == 0x01);
    assert!(ScmTimestamp::TYPE == 0x02 && libc::SO_TIMESTAMP == 0x400);
    assert!(libc::SO_TIMESTAMP_MONOTONIC == 0x800);
    assert!(size_of::<Timeval>() == 16 && offset_of!(Timeval, tv_usec) == 8);
    assert!(size_of::<Timeval>() == size_of::<libc::timeval>());
    assert!(offset_of!(Timeval, tv_usec) == offset_of!(libc::timeval, tv_usec));
    assert!(align_of::<Timeval>() == 4 && ScmTimestamp::ALIGN == 4);
    assert!(ScmTimestampMonotonic::BASE_SIZE == 8 && ScmTimestampMonotonic::ALIGN == 4);
};
