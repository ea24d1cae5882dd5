//! `struct sock_extended_err` (`include/uapi/linux/errqueue.h`): what
//! `IP_RECVERR`/`IPV6_RECVERR` report, for ICMP errors, local errors and
//! transmit timestamps read from the error queue (`MSG_ERRQUEUE`).

use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout};

/// `SO_EE_ORIGIN_NONE`.
pub const SO_EE_ORIGIN_NONE: u8 = 0;
/// `SO_EE_ORIGIN_LOCAL`: raised by the local stack (e.g. `EMSGSIZE`).
pub const SO_EE_ORIGIN_LOCAL: u8 = 1;
/// `SO_EE_ORIGIN_ICMP`: an ICMP error.
pub const SO_EE_ORIGIN_ICMP: u8 = 2;
/// `SO_EE_ORIGIN_ICMP6`: an ICMPv6 error.
pub const SO_EE_ORIGIN_ICMP6: u8 = 3;
/// `SO_EE_ORIGIN_TIMESTAMPING` (= `SO_EE_ORIGIN_TXSTATUS`): a transmit
/// timestamp; `ee_errno` is `ENOMSG`, `ee_info` the `SCM_TSTAMP_*` kind,
/// `ee_data` the `SOF_TIMESTAMPING_OPT_ID` counter.
pub const SO_EE_ORIGIN_TIMESTAMPING: u8 = 4;
/// `SO_EE_ORIGIN_ZEROCOPY`: `MSG_ZEROCOPY` completion.
pub const SO_EE_ORIGIN_ZEROCOPY: u8 = 5;
/// `SO_EE_ORIGIN_TXTIME`: an `SCM_TXTIME` deadline missed or invalid.
pub const SO_EE_ORIGIN_TXTIME: u8 = 6;

/// `SCM_TSTAMP_SND`: the packet left the stack (software) or the NIC.
pub const SCM_TSTAMP_SND: u32 = 0;
/// `SCM_TSTAMP_SCHED`: the packet entered the packet scheduler.
pub const SCM_TSTAMP_SCHED: u32 = 1;
/// `SCM_TSTAMP_ACK`: the data was acknowledged (TCP).
pub const SCM_TSTAMP_ACK: u32 = 2;

const _: () = {
    assert!(SO_EE_ORIGIN_NONE == libc::SO_EE_ORIGIN_NONE);
    assert!(SO_EE_ORIGIN_LOCAL == libc::SO_EE_ORIGIN_LOCAL);
    assert!(SO_EE_ORIGIN_ICMP == libc::SO_EE_ORIGIN_ICMP);
    assert!(SO_EE_ORIGIN_ICMP6 == libc::SO_EE_ORIGIN_ICMP6);
    assert!(SO_EE_ORIGIN_TIMESTAMPING == libc::SO_EE_ORIGIN_TIMESTAMPING);
};

/// `struct sock_extended_err`.
#[derive(FromBytes, IntoBytes, KnownLayout, Immutable, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct SockExtendedErr {
    /// The error number (`ENOMSG` for timestamps).
    pub ee_errno: u32,
    /// `SO_EE_ORIGIN_*`.
    pub ee_origin: u8,
    /// ICMP type, for ICMP origins.
    pub ee_type: u8,
    /// ICMP code, for ICMP origins.
    pub ee_code: u8,
    /// Padding.
    pub ee_pad: u8,
    /// Extra information (e.g. the MTU for `EMSGSIZE`, the `SCM_TSTAMP_*`
    /// kind for timestamps).
    pub ee_info: u32,
    /// Extra data (the `OPT_ID` counter for timestamps; a union with
    /// `struct sock_ee_data_rfc4884` in the header).
    pub ee_data: u32,
}

const _: () = {
    use core::mem::{offset_of, size_of};
    assert!(size_of::<SockExtendedErr>() == size_of::<libc::sock_extended_err>());
    assert!(
        offset_of!(SockExtendedErr, ee_origin) == offset_of!(libc::sock_extended_err, ee_origin)
    );
    assert!(offset_of!(SockExtendedErr, ee_info) == offset_of!(libc::sock_extended_err, ee_info));
    assert!(offset_of!(SockExtendedErr, ee_data) == offset_of!(libc::sock_extended_err, ee_data));
};

impl SockExtendedErr {
    /// The error as an `io::Error` (`ECONNREFUSED`, `EHOSTUNREACH`, ...).
    #[cfg(feature = "std")]
    pub fn error(&self) -> std::io::Error {
        std::io::Error::from_raw_os_error(i32::try_from(self.ee_errno).unwrap_or(i32::MAX))
    }
}
