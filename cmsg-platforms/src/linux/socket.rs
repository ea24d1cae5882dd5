//! `SOL_SOCKET` messages (`include/uapi/asm-generic/socket.h`,
//! `include/linux/socket.h`).

use super::abi;
use super::time::{
    KernelOldTimespec, KernelOldTimeval, KernelSockTimeval, KernelTime, KernelTimespec,
};
#[cfg(feature = "std")]
use cmsg_core::SocketOption;
use cmsg_core::{ControlMessage, DecodeError, Messages};
use zerocopy::{FromBytes, Immutable, IntoBytes};

/// `SCM_CREDENTIALS`: the sender's pid, uid and gid (`struct ucred`,
/// `include/linux/socket.h`), checked by the kernel.
///
/// Delivered on `AF_UNIX` stream and datagram sockets once the receiver has
/// set `SO_PASSCRED` ([`cmsg_core::enable`]); a sender may also attach its
/// own, which the kernel accepts only if they are its real (or, with
/// privilege, any existing) ids. See `unix(7)`.
#[doc(alias("SCM_CREDENTIALS", "ucred", "SO_PASSCRED"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = abi::SOL_SOCKET, ty = libc::SCM_CREDENTIALS, enable = abi::SO_PASSCRED)]
#[repr(C)]
pub struct UCred {
    /// Process id.
    pub pid: libc::pid_t,
    /// User id.
    pub uid: libc::uid_t,
    /// Group id.
    pub gid: libc::gid_t,
}

const _: () = {
    use core::mem::{offset_of, size_of};
    assert!(size_of::<UCred>() == size_of::<libc::ucred>());
    assert!(offset_of!(UCred, pid) == offset_of!(libc::ucred, pid));
    assert!(offset_of!(UCred, uid) == offset_of!(libc::ucred, uid));
    assert!(offset_of!(UCred, gid) == offset_of!(libc::ucred, gid));
};

impl UCred {
    /// The calling process's own credentials: what the kernel attaches for
    /// it, and what it may send.
    pub fn current() -> Self {
        UCred {
            // SAFETY: getpid(2) cannot fail and touches no memory.
            pid: unsafe { libc::getpid() },
            // SAFETY: getuid(2) cannot fail and touches no memory.
            uid: unsafe { libc::getuid() },
            // SAFETY: getgid(2) cannot fail and touches no memory.
            gid: unsafe { libc::getgid() },
        }
    }
}

/// `SCM_TIMESTAMP` (`SO_TIMESTAMP_OLD`): when the packet was received, in
/// microseconds (`struct __kernel_old_timeval`). Delivered on UDP, TCP and
/// `AF_UNIX` datagram and seqpacket sockets (never stream) after
/// `SO_TIMESTAMP`. 32-bit targets whose
/// `time_t` is 64-bit enable [`ScmTimestampNew`] instead. See `socket(7)`.
#[doc(alias("SCM_TIMESTAMP", "SO_TIMESTAMP", "SO_TIMESTAMP_OLD"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = abi::SOL_SOCKET, ty = abi::SO_TIMESTAMP_OLD, enable = abi::SO_TIMESTAMP_OLD, direction = recv)]
#[repr(transparent)]
pub struct ScmTimestamp(pub KernelOldTimeval);

/// `SCM_TIMESTAMP_NEW` (`SO_TIMESTAMP_NEW`): [`ScmTimestamp`] with 64-bit
/// seconds on every architecture (`struct __kernel_sock_timeval`). Setting
/// another timestamp option afterwards switches the socket back to the old
/// layout for all its stamps.
#[doc(alias("SO_TIMESTAMP_NEW", "SCM_TIMESTAMP_NEW"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = abi::SOL_SOCKET, ty = abi::SO_TIMESTAMP_NEW, enable = abi::SO_TIMESTAMP_NEW, direction = recv)]
#[repr(transparent)]
pub struct ScmTimestampNew(pub KernelSockTimeval);

/// `SCM_TIMESTAMPNS` (`SO_TIMESTAMPNS_OLD`): when the packet was received,
/// in nanoseconds (`struct __kernel_old_timespec`). See `socket(7)`.
#[doc(alias("SCM_TIMESTAMPNS", "SO_TIMESTAMPNS", "SO_TIMESTAMPNS_OLD"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = abi::SOL_SOCKET, ty = abi::SO_TIMESTAMPNS_OLD, enable = abi::SO_TIMESTAMPNS_OLD, direction = recv)]
#[repr(transparent)]
pub struct ScmTimestampNs(pub KernelOldTimespec);

/// `SCM_TIMESTAMPNS_NEW` (`SO_TIMESTAMPNS_NEW`): [`ScmTimestampNs`] with
/// 64-bit seconds (`struct __kernel_timespec`).
#[doc(alias("SO_TIMESTAMPNS_NEW", "SCM_TIMESTAMPNS_NEW"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = abi::SOL_SOCKET, ty = abi::SO_TIMESTAMPNS_NEW, enable = abi::SO_TIMESTAMPNS_NEW, direction = recv)]
#[repr(transparent)]
pub struct ScmTimestampNsNew(pub KernelTimespec);

/// `SCM_TIMESTAMPING` (`SO_TIMESTAMPING_OLD`): `struct scm_timestamping`
/// (`include/uapi/linux/errqueue.h`): `ts[0]` software, `ts[1]` unused
/// (formerly hardware-transformed), `ts[2]` raw hardware stamps; an unset
/// slot is zero. Delivered on receive and, with the transmit flags, from the
/// error queue. Enable with [`enable_timestamping`]. See
/// `Documentation/networking/timestamping.rst`.
#[doc(alias("SCM_TIMESTAMPING", "SO_TIMESTAMPING", "scm_timestamping"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = abi::SOL_SOCKET, ty = abi::SO_TIMESTAMPING_OLD, direction = recv)]
#[repr(C)]
pub struct ScmTimestamping {
    /// Software, (legacy), hardware.
    pub ts: [KernelOldTimespec; 3],
}

/// `SCM_TIMESTAMPING_NEW` (`SO_TIMESTAMPING_NEW`): `struct
/// scm_timestamping64`, [`ScmTimestamping`] with 64-bit seconds.
#[doc(alias("SCM_TIMESTAMPING_NEW", "SO_TIMESTAMPING_NEW", "scm_timestamping64"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = abi::SOL_SOCKET, ty = abi::SO_TIMESTAMPING_NEW, direction = recv)]
#[repr(C)]
pub struct ScmTimestamping64 {
    /// Software, (legacy), hardware.
    pub ts: [KernelTimespec; 3],
}

impl ScmTimestamping {
    /// The software timestamp, if set.
    pub fn software(&self) -> Option<core::time::Duration> {
        nonzero(self.ts[0].to_duration())
    }
    /// The raw hardware timestamp, if set.
    pub fn hardware(&self) -> Option<core::time::Duration> {
        nonzero(self.ts[2].to_duration())
    }
}

impl ScmTimestamping64 {
    /// The software timestamp, if set.
    pub fn software(&self) -> Option<core::time::Duration> {
        nonzero(self.ts[0].to_duration())
    }
    /// The raw hardware timestamp, if set.
    pub fn hardware(&self) -> Option<core::time::Duration> {
        nonzero(self.ts[2].to_duration())
    }
}

fn nonzero(time: Option<core::time::Duration>) -> Option<core::time::Duration> {
    time.filter(|t| !t.is_zero())
}

/// Which receive timestamp layout a socket gets: the `_NEW` options where
/// `time_t` is 64-bit on a 32-bit target, the `_OLD` ones otherwise (as
/// libc's `SO_TIMESTAMP` resolves).
pub const NEW_TIME_LAYOUT: bool = libc::SO_TIMESTAMP == abi::SO_TIMESTAMP_NEW;

/// The receive time in `messages`, from the first of [`ScmTimestamp`],
/// [`ScmTimestampNew`], [`ScmTimestampNs`], [`ScmTimestampNsNew`],
/// [`ScmTimestamping`] (software slot) or [`ScmTimestamping64`] that has
/// one. With both `SO_TIMESTAMP*` and `SO_TIMESTAMPING` on, the kernel puts
/// the `SO_TIMESTAMP*` stamp first.
pub fn receive_time(messages: Messages<'_>) -> Result<Option<core::time::Duration>, DecodeError> {
    for message in messages {
        let message = message?;
        let time = if message.is::<ScmTimestamp>() {
            message.read::<ScmTimestamp>()?.0.to_duration()
        } else if message.is::<ScmTimestampNew>() {
            message.read::<ScmTimestampNew>()?.0.to_duration()
        } else if message.is::<ScmTimestampNs>() {
            message.read::<ScmTimestampNs>()?.0.to_duration()
        } else if message.is::<ScmTimestampNsNew>() {
            message.read::<ScmTimestampNsNew>()?.0.to_duration()
        } else if message.is::<ScmTimestamping>() {
            message.read::<ScmTimestamping>()?.software()
        } else if message.is::<ScmTimestamping64>() {
            message.read::<ScmTimestamping64>()?.software()
        } else {
            continue;
        };
        // A timestamping message may carry only hardware slots; look on.
        if time.is_some() {
            return Ok(time);
        }
    }
    Ok(None)
}

/// `SOF_TIMESTAMPING_*` flags for [`enable_timestamping`]
/// (`include/uapi/linux/net_tstamp.h`; libc's values).
pub mod timestamping {
    pub use libc::{
        SOF_TIMESTAMPING_BIND_PHC as BIND_PHC, SOF_TIMESTAMPING_OPT_CMSG as OPT_CMSG,
        SOF_TIMESTAMPING_OPT_ID as OPT_ID, SOF_TIMESTAMPING_OPT_ID_TCP as OPT_ID_TCP,
        SOF_TIMESTAMPING_OPT_PKTINFO as OPT_PKTINFO,
        SOF_TIMESTAMPING_OPT_RX_FILTER as OPT_RX_FILTER, SOF_TIMESTAMPING_OPT_STATS as OPT_STATS,
        SOF_TIMESTAMPING_OPT_TSONLY as OPT_TSONLY, SOF_TIMESTAMPING_OPT_TX_SWHW as OPT_TX_SWHW,
        SOF_TIMESTAMPING_RAW_HARDWARE as RAW_HARDWARE, SOF_TIMESTAMPING_RX_HARDWARE as RX_HARDWARE,
        SOF_TIMESTAMPING_RX_SOFTWARE as RX_SOFTWARE, SOF_TIMESTAMPING_SOFTWARE as SOFTWARE,
        SOF_TIMESTAMPING_SYS_HARDWARE as SYS_HARDWARE, SOF_TIMESTAMPING_TX_ACK as TX_ACK,
        SOF_TIMESTAMPING_TX_HARDWARE as TX_HARDWARE, SOF_TIMESTAMPING_TX_SCHED as TX_SCHED,
        SOF_TIMESTAMPING_TX_SOFTWARE as TX_SOFTWARE,
    };
}

/// Turns on `SO_TIMESTAMPING` with the flag word `flags`
/// ([`timestamping`]): receive stamps arrive as [`ScmTimestamping`] (or
/// [`ScmTimestamping64`] where [`NEW_TIME_LAYOUT`]), transmit stamps on the
/// error queue.
///
/// Measured on Linux 6.18: delivered on UDP and TCP, and on `AF_UNIX`
/// datagram and seqpacket sockets only beside `SO_TIMESTAMP(NS)`. The
/// kernel switches receive stamping on system-wide in a deferred step, so
/// the first packets after the first socket enables it may carry none. One
/// flag picks the old or new layout for every stamp of a socket: the last
/// timestamp option set wins.
#[cfg(feature = "std")]
pub fn enable_timestamping(
    socket: impl std::os::fd::AsFd,
    flags: core::ffi::c_uint,
) -> std::io::Result<()> {
    set_timestamping(socket, flags, NEW_TIME_LAYOUT)
}

/// [`enable_timestamping`] with `SO_TIMESTAMPING_NEW`: stamps arrive as
/// [`ScmTimestamping64`] on every target.
#[cfg(feature = "std")]
pub fn enable_timestamping_new(
    socket: impl std::os::fd::AsFd,
    flags: core::ffi::c_uint,
) -> std::io::Result<()> {
    set_timestamping(socket, flags, true)
}

#[cfg(feature = "std")]
fn set_timestamping(
    socket: impl std::os::fd::AsFd,
    flags: core::ffi::c_uint,
    new: bool,
) -> std::io::Result<()> {
    let name = if new {
        abi::SO_TIMESTAMPING_NEW
    } else {
        abi::SO_TIMESTAMPING_OLD
    };
    let flags = core::ffi::c_int::try_from(flags).map_err(|_| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "unknown SOF_TIMESTAMPING flags",
        )
    })?;
    cmsg_core::set_socket_option(
        socket,
        SocketOption {
            level: abi::SOL_SOCKET,
            name,
        },
        flags,
    )
}

/// `SCM_TS_OPT_ID` (send): the id the kernel reports in `ee_data` for this
/// datagram's transmit timestamps, overriding the `SOF_TIMESTAMPING_OPT_ID`
/// counter (Linux 6.13+; UDP and raw sockets, not TCP).
#[doc(alias = "SCM_TS_OPT_ID")]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = abi::SOL_SOCKET, ty = abi::SCM_TS_OPT_ID, direction = send)]
#[repr(transparent)]
pub struct ScmTsOptId(pub u32);

/// `SCM_SECURITY`: the sender's security context, a NUL-terminated string
/// from the LSM (SELinux, Smack, AppArmor). Delivered on `AF_UNIX` sockets
/// after `SO_PASSSEC`, and only where an LSM provides contexts.
#[doc(alias("SCM_SECURITY", "SO_PASSSEC"))]
#[derive(ControlMessage, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = abi::SOL_SOCKET, ty = abi::SCM_SECURITY, enable = abi::SO_PASSSEC, direction = recv)]
#[repr(C)]
pub struct ScmSecurity {
    /// The label's bytes, as the kernel gives them.
    pub label: [u8],
}

impl ScmSecurity {
    /// The label without its trailing NUL.
    pub fn label(&self) -> &[u8] {
        self.label.strip_suffix(&[0]).unwrap_or(&self.label)
    }
}

/// `SCM_PIDFD`: a pidfd for the sending process (Linux 6.5+), after
/// `SO_PASSPIDFD` on an `AF_UNIX` socket. It is a received descriptor: take
/// it with `Received::take_fds_of::<ScmPidfd>()`, or it is closed with the
/// `Received`.
#[doc(alias("SCM_PIDFD", "SO_PASSPIDFD"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = abi::SOL_SOCKET, ty = abi::SCM_PIDFD, enable = abi::SO_PASSPIDFD, direction = recv)]
#[repr(transparent)]
pub struct ScmPidfd(pub core::ffi::c_int);

impl cmsg_core::CarriesFds for ScmPidfd {}

/// `SO_RXQ_OVFL`: how many packets the socket's receive queue has dropped
/// so far (`u32`). Delivered with each datagram after `SO_RXQ_OVFL`, once
/// the count is non-zero. See `socket(7)`.
#[doc(alias = "SO_RXQ_OVFL")]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = abi::SOL_SOCKET, ty = abi::SO_RXQ_OVFL, enable = abi::SO_RXQ_OVFL, direction = recv)]
#[repr(transparent)]
pub struct RxqOvfl(pub u32);

/// `SO_MARK`: the packet's firewall mark (`u32`). Received after
/// `SO_RCVMARK` (Linux 6.0+) with every packet, 0 included; sent, it marks
/// one packet, overriding the socket's `SO_MARK` (needs `CAP_NET_ADMIN` or
/// `CAP_NET_RAW`).
#[doc(alias("SO_MARK", "SO_RCVMARK"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = abi::SOL_SOCKET, ty = abi::SO_MARK, enable = abi::SO_RCVMARK)]
#[repr(transparent)]
pub struct Mark(pub u32);

/// `SCM_TXTIME`: when to transmit this packet (`u64` nanoseconds on the
/// clock set with `SO_TXTIME`), honoured by the ETF and fq qdiscs. Send
/// only; the kernel refuses it with `EINVAL` unless the socket has
/// `SO_TXTIME` set: [`enable_txtime`].
#[doc(alias("SCM_TXTIME", "SO_TXTIME"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = abi::SOL_SOCKET, ty = abi::SO_TXTIME, direction = send)]
#[repr(transparent)]
pub struct TxTime(pub u64);

/// `SOF_TXTIME_DEADLINE_MODE` (`include/uapi/linux/net_tstamp.h`).
pub const SOF_TXTIME_DEADLINE_MODE: u32 = 1 << 0;
/// `SOF_TXTIME_REPORT_ERRORS` (`include/uapi/linux/net_tstamp.h`): report
/// missed deadlines on the error queue (`SO_EE_ORIGIN_TXTIME`).
pub const SOF_TXTIME_REPORT_ERRORS: u32 = 1 << 1;

/// `struct sock_txtime` (`include/uapi/linux/net_tstamp.h`), the value of
/// `SO_TXTIME`.
#[derive(FromBytes, IntoBytes, Immutable, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct SockTxtime {
    /// The clock `SCM_TXTIME` times are on (`CLOCK_MONOTONIC`, `CLOCK_TAI`).
    pub clockid: libc::clockid_t,
    /// [`SOF_TXTIME_DEADLINE_MODE`], [`SOF_TXTIME_REPORT_ERRORS`].
    pub flags: u32,
}

/// `SO_TXTIME`, whose value is a [`SockTxtime`].
#[cfg(feature = "std")]
// SAFETY: the kernel reads `SO_TXTIME` as a `struct sock_txtime`
// (`sk_setsockopt()` in `net/core/sock.c`): a clock id and flags, neither a
// descriptor nor an address.
pub const SO_TXTIME_OPTION: cmsg_core::TypedOption<SockTxtime> = unsafe {
    cmsg_core::TypedOption::new(SocketOption {
        level: abi::SOL_SOCKET,
        name: abi::SO_TXTIME,
    })
};

#[cfg(not(target_os = "android"))]
const _: () = {
    assert!(core::mem::size_of::<SockTxtime>() == core::mem::size_of::<libc::sock_txtime>());
    assert!(SOF_TXTIME_DEADLINE_MODE == libc::SOF_TXTIME_DEADLINE_MODE);
    assert!(SOF_TXTIME_REPORT_ERRORS == libc::SOF_TXTIME_REPORT_ERRORS);
};

/// Sets `SO_TXTIME` on `socket`, so that it accepts [`TxTime`] on `clockid`
/// (`CLOCK_MONOTONIC`, `CLOCK_TAI`), with `flags`
/// ([`SOF_TXTIME_DEADLINE_MODE`], [`SOF_TXTIME_REPORT_ERRORS`]).
#[cfg(feature = "std")]
pub fn enable_txtime(
    socket: impl std::os::fd::AsFd,
    clockid: libc::clockid_t,
    flags: u32,
) -> std::io::Result<()> {
    cmsg_core::set_socket_option_to(socket, SO_TXTIME_OPTION, &SockTxtime { clockid, flags })
}
