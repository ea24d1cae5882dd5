//! Timestamps of every system as `Duration` and `SystemTime`: the
//! [`KernelTime`] trait and the arithmetic its implementations share.

use core::time::Duration;

/// A kernel timestamp: seconds and a sub-second part since the clock's
/// epoch (`CLOCK_REALTIME` for the receive timestamps), on any system.
pub trait KernelTime {
    /// The time since the epoch, or `None` if negative or out of range.
    fn to_duration(&self) -> Option<Duration>;

    /// The time as a `SystemTime` (for `CLOCK_REALTIME` stamps).
    #[cfg(feature = "std")]
    fn to_system_time(&self) -> Option<std::time::SystemTime> {
        std::time::SystemTime::UNIX_EPOCH.checked_add(self.to_duration()?)
    }
}

// Haiku declares no timestamp.
#[cfg_attr(target_os = "haiku", allow(dead_code))]
pub(crate) fn duration(sec: i64, sub: i64, per_second: i64) -> Option<Duration> {
    let sec = u64::try_from(sec).ok()?;
    if !(0..per_second).contains(&sub) {
        return None;
    }
    // `sub` is in 0..per_second, and per_second divides 10^9.
    let nanos = u32::try_from(sub * (1_000_000_000 / per_second)).ok()?;
    Some(Duration::new(sec, nanos))
}

/// `struct timeval` where `time_t` and `suseconds_t` are both `long`
/// (DragonFly's `sys/sys/_timeval.h`, illumos' `sys/time.h`).
#[cfg(any(target_os = "dragonfly", target_os = "illumos", target_os = "solaris"))]
#[derive(
    zerocopy::FromBytes,
    zerocopy::IntoBytes,
    zerocopy::Immutable,
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
)]
#[repr(C)]
pub struct LongTimeval {
    /// Seconds.
    pub tv_sec: core::ffi::c_long,
    /// Microseconds.
    pub tv_usec: core::ffi::c_long,
}

#[cfg(any(target_os = "dragonfly", target_os = "illumos", target_os = "solaris"))]
impl KernelTime for LongTimeval {
    fn to_duration(&self) -> Option<Duration> {
        // `long` is 64-bit on every DragonFly and illumos target Rust has.
        duration(self.tv_sec, self.tv_usec, 1_000_000)
    }
}

#[cfg(any(target_os = "dragonfly", target_os = "illumos", target_os = "solaris"))]
const _: () = {
    use core::mem::{offset_of, size_of};
    assert!(size_of::<LongTimeval>() == size_of::<libc::timeval>());
    assert!(offset_of!(LongTimeval, tv_usec) == offset_of!(libc::timeval, tv_usec));
};
