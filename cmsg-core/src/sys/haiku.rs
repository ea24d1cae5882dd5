//! Haiku (`headers/posix/sys/socket.h`, `headers/posix/sys/param.h`).

use crate::layout::Layout;
use core::ffi::c_int;
use core::mem::size_of;

/// `_ALIGNBYTES` is `sizeof(long) - 1`.
pub(crate) const LAYOUT: Layout = if size_of::<core::ffi::c_long>() == 8 {
    Layout::HAIKU_64
} else {
    Layout::HAIKU_32
};

/// None: `recvmsg` sets `FD_CLOEXEC` on each received descriptor right
/// after the call instead.
/// `SOL_SOCKET` (`sys/socket.h`), as libc has it.
pub const SOL_SOCKET: c_int = libc::SOL_SOCKET;

#[cfg(feature = "std")]
pub(crate) const MSG_CMSG_CLOEXEC: c_int = 0;

pub(crate) const ADDRESS_LEVELS: &[c_int] = &[];

pub(crate) const FD_MESSAGES: &[(c_int, c_int)] = &[];
pub(crate) const FD_OPTIONS: &[(c_int, c_int)] = &[];
