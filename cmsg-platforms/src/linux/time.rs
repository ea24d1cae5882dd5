//! The kernel's time structs (`include/uapi/linux/time_types.h`) and their
//! conversions to `Duration` and `SystemTime`.

use core::ffi::c_long;
use core::time::Duration;
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout};

/// `struct __kernel_old_timeval`: `SCM_TIMESTAMP` (`SO_TIMESTAMP_OLD`).
/// `struct timeval` where `time_t` is a `long`.
#[cfg(not(target_arch = "sparc64"))]
#[derive(FromBytes, IntoBytes, KnownLayout, Immutable, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct KernelOldTimeval {
    /// Seconds.
    pub tv_sec: c_long,
    /// Microseconds.
    pub tv_usec: c_long,
}

/// `struct __kernel_old_timeval`: `SCM_TIMESTAMP` (`SO_TIMESTAMP_OLD`).
/// `struct timeval` where `time_t` is a `long`.
///
/// On sparc64 the microseconds are an `int` (`__kernel_suseconds_t`, "this
/// piece of asymmetry from the v9 ABI"), followed by 4 bytes of padding:
/// `arch/sparc/include/uapi/asm/posix_types.h:26-29` (Linux 6.1), which
/// replaces `include/uapi/linux/time_types.h`'s all-`long` struct. Read as
/// a `long`, big-endian, they came out shifted 32 bits (`scripts/abi-check`).
#[cfg(target_arch = "sparc64")]
#[derive(FromBytes, IntoBytes, KnownLayout, Immutable, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct KernelOldTimeval {
    /// Seconds.
    pub tv_sec: c_long,
    /// Microseconds.
    pub tv_usec: core::ffi::c_int,
    /// The C struct's trailing padding; the kernel's bytes, not zeroed.
    pub tv_pad: [u8; 4],
}

/// `struct __kernel_sock_timeval`: `SCM_TIMESTAMP_NEW`, 64-bit on every
/// architecture.
#[derive(FromBytes, IntoBytes, KnownLayout, Immutable, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct KernelSockTimeval {
    /// Seconds.
    pub tv_sec: i64,
    /// Microseconds.
    pub tv_usec: i64,
}

/// `struct __kernel_old_timespec`: `SCM_TIMESTAMPNS` and the slots of
/// `struct scm_timestamping`. `struct timespec` where `time_t` is a `long`.
#[derive(FromBytes, IntoBytes, KnownLayout, Immutable, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct KernelOldTimespec {
    /// Seconds.
    pub tv_sec: c_long,
    /// Nanoseconds.
    pub tv_nsec: c_long,
}

/// `struct __kernel_timespec`: `SCM_TIMESTAMPNS_NEW` and the slots of
/// `struct scm_timestamping64`, 64-bit on every architecture.
#[derive(FromBytes, IntoBytes, KnownLayout, Immutable, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct KernelTimespec {
    /// Seconds.
    pub tv_sec: i64,
    /// Nanoseconds.
    pub tv_nsec: i64,
}

// Where time_t is a long, the old structs are libc's timeval and timespec.
// (libc deprecates musl's `time_t` ahead of musl 1.2's 64-bit one; its size
// is what is asked here.)
#[cfg(not(all(
    target_pointer_width = "32",
    any(target_env = "musl", target_env = "ohos")
)))]
#[allow(deprecated)]
const _: () = {
    use core::mem::{offset_of, size_of};
    if size_of::<libc::time_t>() == size_of::<c_long>() {
        assert!(size_of::<KernelOldTimeval>() == size_of::<libc::timeval>());
        assert!(offset_of!(KernelOldTimeval, tv_usec) == offset_of!(libc::timeval, tv_usec));
        // libc's suseconds_t is the int sparc64 has here too.
        #[cfg(target_arch = "sparc64")]
        assert!(size_of::<core::ffi::c_int>() == size_of::<libc::suseconds_t>());
        assert!(size_of::<KernelOldTimespec>() == size_of::<libc::timespec>());
        assert!(offset_of!(KernelOldTimespec, tv_nsec) == offset_of!(libc::timespec, tv_nsec));
    }
};

use crate::time::duration;
pub use crate::time::KernelTime;

// `c_long` is `i64` on 64-bit targets and `i32` on 32-bit ones.
#[allow(clippy::useless_conversion)]
fn from_long(sec: c_long, sub: c_long, per_second: i64) -> Option<Duration> {
    duration(sec.into(), sub.into(), per_second)
}

impl KernelTime for KernelOldTimeval {
    // `tv_usec` is a `c_long`, or a `c_int` on sparc64.
    #[allow(clippy::useless_conversion)]
    fn to_duration(&self) -> Option<Duration> {
        from_long(self.tv_sec, self.tv_usec.into(), 1_000_000)
    }
}

impl KernelTime for KernelSockTimeval {
    fn to_duration(&self) -> Option<Duration> {
        duration(self.tv_sec, self.tv_usec, 1_000_000)
    }
}

impl KernelTime for KernelOldTimespec {
    fn to_duration(&self) -> Option<Duration> {
        from_long(self.tv_sec, self.tv_nsec, 1_000_000_000)
    }
}

impl KernelTime for KernelTimespec {
    fn to_duration(&self) -> Option<Duration> {
        duration(self.tv_sec, self.tv_nsec, 1_000_000_000)
    }
}
