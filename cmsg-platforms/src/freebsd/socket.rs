//! `SOL_SOCKET` messages and `SOL_LOCAL` credentials (`sys/sys/socket.h`,
//! `sys/sys/un.h`; `unix(4)`, `setsockopt(2)`).

use super::time::{Bintime, Timespec, Timeval};
use cmsg_core::{ControlMessage, SocketOption};
use core::ffi::c_int;
use zerocopy::{FromBytes, Immutable, IntoBytes};

/// `SOL_LOCAL` (`sys/sys/un.h`): the level of `LOCAL_*` options.
pub const SOL_LOCAL: c_int = 0;
/// `LOCAL_CREDS` (`sys/sys/un.h`): the receiver gets a [`SockCred`] with the
/// next message only.
pub const LOCAL_CREDS: c_int = 2;
/// `LOCAL_CREDS_PERSISTENT` (`sys/sys/un.h`): a [`SockCred2`] with every
/// message.
pub const LOCAL_CREDS_PERSISTENT: c_int = 3;
/// `ST_INFO_HW` (`sys/sys/socket.h`): the `SCM_TIMESTAMP` was taken by
/// the hardware.
pub const ST_INFO_HW: u32 = 0x0001;
/// `ST_INFO_HW_HPREC` (`sys/sys/socket.h`): hardware-assisted on entrance.
pub const ST_INFO_HW_HPREC: u32 = 0x0002;

/// `SCM_TIMESTAMP` (0x02): the receive time as a `struct timeval`, with
/// `SO_TIMESTAMP` and the default `SO_TS_CLOCK` ([`TsClock::RealtimeMicro`]).
#[doc(alias("SCM_TIMESTAMP", "SO_TIMESTAMP"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::SOL_SOCKET, ty = 0x02, enable = libc::SO_TIMESTAMP, direction = recv)]
#[repr(transparent)]
pub struct ScmTimestamp(pub Timeval);

/// `SCM_BINTIME` (0x04): the receive time as a `struct bintime`, with
/// `SO_BINTIME` or `SO_TS_CLOCK` = [`TsClock::Bintime`].
#[doc(alias("SCM_BINTIME", "SO_BINTIME"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::SOL_SOCKET, ty = 0x04, enable = libc::SO_BINTIME, direction = recv)]
#[repr(transparent)]
pub struct ScmBintime(pub Bintime);

/// `SCM_REALTIME` (0x05): `CLOCK_REALTIME` with nanoseconds, with
/// `SO_TS_CLOCK` = [`TsClock::Realtime`] ([`set_ts_clock`]).
#[doc(alias = "SCM_REALTIME")]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::SOL_SOCKET, ty = 0x05, direction = recv)]
#[repr(transparent)]
pub struct ScmRealtime(pub Timespec);

/// `SCM_MONOTONIC` (0x06): `CLOCK_MONOTONIC` with nanoseconds, with
/// `SO_TS_CLOCK` = [`TsClock::Monotonic`].
#[doc(alias = "SCM_MONOTONIC")]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::SOL_SOCKET, ty = 0x06, direction = recv)]
#[repr(transparent)]
pub struct ScmMonotonic(pub Timespec);

/// `struct sock_timestamp_info` (`sys/sys/socket.h`): how the timestamp
/// was taken. 64 bytes.
#[derive(FromBytes, IntoBytes, Immutable, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct SockTimestampInfo {
    /// `st_info_flags`: [`ST_INFO_HW`], [`ST_INFO_HW_HPREC`].
    pub flags: u32,
    /// `st_info_pad0`.
    pub pad0: u32,
    /// `st_info_rsv`.
    pub reserved: [u64; 7],
}

/// `SCM_TIME_INFO` (0x07): delivered beside a timestamp from the
/// hardware-timestamping drivers.
#[doc(alias("SCM_TIME_INFO", "sock_timestamp_info"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::SOL_SOCKET, ty = 0x07, direction = recv)]
#[repr(transparent)]
pub struct ScmTimeInfo(pub SockTimestampInfo);

/// `SCM_CREDS` (0x03) as `struct sockcred`, under `LOCAL_CREDS`: the
/// sender's credentials and its supplementary groups, `SOCKCREDSIZE(n) =
/// 20 + 4n` bytes. (libc's `SOCKCREDSIZE(0)` gives 24, from the header's
/// `sc_groups[1]`: the kernel sends 20.)
#[doc(alias("SCM_CREDS", "sockcred", "LOCAL_CREDS"))]
#[derive(ControlMessage, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::SOL_SOCKET, ty = 0x03, enable = LOCAL_CREDS, enable_level = SOL_LOCAL, direction = recv)]
#[repr(C)]
pub struct SockCred {
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

/// `SCM_CREDS2` (0x08) as `struct sockcred2`, under
/// `LOCAL_CREDS_PERSISTENT`: with every message, `SOCKCRED2SIZE(n) = 28 +
/// 4n` bytes.
#[doc(alias("SCM_CREDS2", "sockcred2", "LOCAL_CREDS_PERSISTENT"))]
#[derive(ControlMessage, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::SOL_SOCKET, ty = 0x08, enable = LOCAL_CREDS_PERSISTENT, enable_level = SOL_LOCAL, direction = recv)]
#[repr(C)]
pub struct SockCred2 {
    /// `sc_version`: 0.
    pub version: c_int,
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

/// The clocks `SO_TS_CLOCK` chooses between (`sys/sys/socket.h`), and the
/// message each makes `SO_TIMESTAMP` deliver.
#[doc(alias(
    "SO_TS_CLOCK",
    "SO_TS_REALTIME_MICRO",
    "SO_TS_BINTIME",
    "SO_TS_REALTIME",
    "SO_TS_MONOTONIC"
))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TsClock {
    /// `SO_TS_REALTIME_MICRO` (0, the default): [`ScmTimestamp`].
    RealtimeMicro,
    /// `SO_TS_BINTIME` (1): [`ScmBintime`].
    Bintime,
    /// `SO_TS_REALTIME` (2): [`ScmRealtime`].
    Realtime,
    /// `SO_TS_MONOTONIC` (3): [`ScmMonotonic`].
    Monotonic,
}

impl TsClock {
    /// `SO_TS_CLOCK`'s value.
    pub const fn value(self) -> c_int {
        match self {
            TsClock::RealtimeMicro => 0,
            TsClock::Bintime => 1,
            TsClock::Realtime => 2,
            TsClock::Monotonic => 3,
        }
    }

    /// The `(level, type)` of the message `SO_TIMESTAMP` then delivers.
    pub const fn message(self) -> (c_int, c_int) {
        match self {
            TsClock::RealtimeMicro => (ScmTimestamp::LEVEL, ScmTimestamp::TYPE),
            TsClock::Bintime => (ScmBintime::LEVEL, ScmBintime::TYPE),
            TsClock::Realtime => (ScmRealtime::LEVEL, ScmRealtime::TYPE),
            TsClock::Monotonic => (ScmMonotonic::LEVEL, ScmMonotonic::TYPE),
        }
    }
}

/// `SO_TS_CLOCK` (`sys/sys/socket.h`).
const SO_TS_CLOCK: SocketOption = SocketOption {
    level: libc::SOL_SOCKET,
    name: 0x1017,
};

/// Sets `SO_TS_CLOCK` to `clock` and turns `SO_TIMESTAMP` on: the socket
/// then delivers `clock.message()`.
#[cfg(feature = "std")]
pub fn set_ts_clock(socket: impl std::os::fd::AsFd, clock: TsClock) -> std::io::Result<()> {
    let socket = socket.as_fd();
    cmsg_core::set_socket_option(socket, SO_TS_CLOCK, clock.value())?;
    cmsg_core::enable::<ScmTimestamp>(socket)
}

// The header's values and layouts (clang on FreeBSD's headers for amd64,
// i386 and arm64), and libc's.
const _: () = {
    use core::mem::{offset_of, size_of};
    assert!(libc::SOL_SOCKET == 0xffff);
    assert!(libc::SCM_RIGHTS == 0x01);
    assert!(ScmTimestamp::TYPE == libc::SCM_TIMESTAMP);
    assert!(ScmBintime::TYPE == libc::SCM_BINTIME);
    assert!(ScmRealtime::TYPE == libc::SCM_REALTIME);
    assert!(ScmMonotonic::TYPE == libc::SCM_MONOTONIC);
    assert!(ScmTimeInfo::TYPE == libc::SCM_TIME_INFO);
    assert!(SockCred2::TYPE == libc::SCM_CREDS2);
    assert!(libc::SO_TIMESTAMP == 0x400 && libc::SO_BINTIME == 0x2000);
    assert!(SO_TS_CLOCK.name == libc::SO_TS_CLOCK);
    assert!(TsClock::RealtimeMicro.value() == libc::SO_TS_REALTIME_MICRO);
    assert!(TsClock::Bintime.value() == libc::SO_TS_BINTIME);
    assert!(TsClock::Realtime.value() == libc::SO_TS_REALTIME);
    assert!(TsClock::Monotonic.value() == libc::SO_TS_MONOTONIC);
    assert!(LOCAL_CREDS == libc::LOCAL_CREDS);
    assert!(LOCAL_CREDS_PERSISTENT == libc::LOCAL_CREDS_PERSISTENT);

    assert!(SockCred::BASE_SIZE == 20 && SockCred::ELEMENT_SIZE == 4);
    assert!(SockCred::BASE_SIZE == offset_of!(libc::sockcred, sc_groups));
    assert!(SockCred2::BASE_SIZE == 28 && SockCred2::ELEMENT_SIZE == 4);
    assert!(SockCred2::BASE_SIZE == offset_of!(libc::sockcred2, sc_groups));
    assert!(size_of::<SockTimestampInfo>() == 64);
};

#[cfg(test)]
mod tests {
    use super::{SockCred, SockCred2};
    use cmsg_core::ControlMessage;

    fn libc_sockcred(groups: usize) -> usize {
        // SAFETY: libc's SOCKCREDSIZE is arithmetic on its argument.
        unsafe { libc::SOCKCREDSIZE(groups) }
    }

    fn libc_sockcred2(groups: usize) -> usize {
        // SAFETY: libc's SOCKCRED2SIZE likewise.
        unsafe { libc::SOCKCRED2SIZE(groups) }
    }

    /// The header's `SOCKCREDSIZE(n)` is `sizeof(struct sockcred)` plus
    /// four bytes per group past the first: 20 bytes for no groups, what
    /// the kernel sends. libc's function counts the header's one-element
    /// `sc_groups[1]` for zero groups. The header wins.
    #[test]
    fn credential_sizes_are_the_headers() {
        assert_eq!((SockCred::BASE_SIZE, SockCred2::BASE_SIZE), (20, 28));
        assert_eq!(libc_sockcred(0), 24, "libc's SOCKCREDSIZE(0)");
        assert_eq!(
            libc_sockcred(2),
            SockCred::BASE_SIZE + 2 * SockCred::ELEMENT_SIZE
        );
        assert_eq!(libc_sockcred2(0), 32, "libc's SOCKCRED2SIZE(0)");
        assert_eq!(
            libc_sockcred2(2),
            SockCred2::BASE_SIZE + 2 * SockCred2::ELEMENT_SIZE
        );
    }
}
