//! FreeBSD's time structs (`sys/sys/_timeval.h`, `sys/sys/_timespec.h`,
//! `sys/sys/time.h`). `time_t` is 64-bit everywhere but i386, where it is
//! 32-bit; `suseconds_t` and the nanoseconds are a `long`.

use crate::time::{duration, KernelTime};
use core::ffi::c_long;
use core::time::Duration;
use zerocopy::{FromBytes, Immutable, IntoBytes};

/// `struct timeval`: `SCM_TIMESTAMP`.
#[derive(FromBytes, IntoBytes, Immutable, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct Timeval {
    /// Seconds.
    pub tv_sec: libc::time_t,
    /// Microseconds (`suseconds_t`).
    pub tv_usec: c_long,
}

/// `struct timespec`: `SCM_REALTIME`, `SCM_MONOTONIC`.
#[derive(FromBytes, IntoBytes, Immutable, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct Timespec {
    /// Seconds.
    pub tv_sec: libc::time_t,
    /// Nanoseconds.
    pub tv_nsec: c_long,
}

/// `struct bintime`: `SCM_BINTIME`, seconds and a binary fraction of a
/// second (`frac / 2^64`). 16 bytes on amd64 and arm64, 12 on i386.
#[derive(FromBytes, IntoBytes, Immutable, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct Bintime {
    /// Seconds.
    pub sec: libc::time_t,
    /// The fraction of a second, in units of 2^-64 s.
    pub frac: u64,
}

// `time_t` is `i64` but on i386, where it is `i32`, as `long` is: widening
// either way.
#[allow(clippy::useless_conversion)]
fn wide(n: libc::time_t) -> i64 {
    i64::from(n)
}

#[allow(clippy::useless_conversion)]
fn wide_long(n: c_long) -> i64 {
    i64::from(n)
}

impl KernelTime for Timeval {
    fn to_duration(&self) -> Option<Duration> {
        duration(wide(self.tv_sec), wide_long(self.tv_usec), 1_000_000)
    }
}

impl KernelTime for Timespec {
    fn to_duration(&self) -> Option<Duration> {
        duration(wide(self.tv_sec), wide_long(self.tv_nsec), 1_000_000_000)
    }
}

impl Bintime {
    /// The fraction in nanoseconds, rounded down: `frac * 10^9 / 2^64`,
    /// exactly (below a nanosecond, a `bintime` is finer than `Duration`).
    pub const fn nanos(&self) -> u32 {
        // < 10^9, so it fits.
        ((self.frac as u128 * 1_000_000_000) >> 64) as u32
    }
}

impl KernelTime for Bintime {
    fn to_duration(&self) -> Option<Duration> {
        let sec = u64::try_from(wide(self.sec)).ok()?;
        Some(Duration::new(sec, self.nanos()))
    }
}

// The header's sizes (clang on FreeBSD's headers: amd64, arm64 / i386) and
// libc's declarations.
const _: () = {
    use core::mem::{align_of, offset_of, size_of};
    let wide = size_of::<libc::time_t>() == 8;
    assert!(size_of::<Timeval>() == if wide { 16 } else { 8 });
    assert!(size_of::<Timespec>() == if wide { 16 } else { 8 });
    assert!(size_of::<Bintime>() == if wide { 16 } else { 12 });
    assert!(offset_of!(Bintime, frac) == if wide { 8 } else { 4 });
    assert!(size_of::<Timeval>() == size_of::<libc::timeval>());
    assert!(offset_of!(Timeval, tv_usec) == offset_of!(libc::timeval, tv_usec));
    assert!(size_of::<Timespec>() == size_of::<libc::timespec>());
    assert!(offset_of!(Timespec, tv_nsec) == offset_of!(libc::timespec, tv_nsec));
    assert!(size_of::<Bintime>() == size_of::<libc::bintime>());
    assert!(align_of::<Bintime>() == align_of::<libc::bintime>());
    assert!(offset_of!(Bintime, frac) == offset_of!(libc::bintime, frac));
};
