//! `SOL_TLS` messages for kernel TLS sockets (`include/uapi/linux/tls.h`;
//! `Documentation/networking/tls.rst`).

use cmsg_core::ControlMessage;
use core::ffi::c_int;

/// `SOL_TLS` (`include/linux/socket.h`).
pub const SOL_TLS: c_int = 282;
/// `TLS_SET_RECORD_TYPE` (`include/uapi/linux/tls.h`).
pub const TLS_SET_RECORD_TYPE: c_int = 1;
/// `TLS_GET_RECORD_TYPE` (`include/uapi/linux/tls.h`).
pub const TLS_GET_RECORD_TYPE: c_int = 2;

#[cfg(not(target_os = "android"))]
const _: () = assert!(
    SOL_TLS == libc::SOL_TLS
        && TLS_SET_RECORD_TYPE == libc::TLS_SET_RECORD_TYPE
        && TLS_GET_RECORD_TYPE == libc::TLS_GET_RECORD_TYPE
);

/// `TLS_SET_RECORD_TYPE` (send): the TLS record content type for this
/// send's data (e.g. 21 alert, 22 handshake; 23 application data is the
/// default).
#[doc(alias = "TLS_SET_RECORD_TYPE")]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = SOL_TLS, ty = TLS_SET_RECORD_TYPE, direction = send)]
#[repr(transparent)]
pub struct TlsSetRecordType(pub u8);

/// `TLS_GET_RECORD_TYPE` (receive): the content type of the records just
/// read (one read never mixes types). Reported for every record, 23
/// (application data) included; for other types a read without room for
/// it fails with `EIO` and leaves the record queued (`net/tls/tls_sw.c`).
#[doc(alias = "TLS_GET_RECORD_TYPE")]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = SOL_TLS, ty = TLS_GET_RECORD_TYPE, direction = recv)]
#[repr(transparent)]
pub struct TlsGetRecordType(pub u8);
