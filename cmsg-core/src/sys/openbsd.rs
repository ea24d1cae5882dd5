//! OpenBSD (`sys/sys/socket.h`, `sys/arch/*/include/_types.h`).

use crate::layout::Layout;
use core::ffi::c_int;

/// `_ALIGNBYTES + 1`: 4 on i386, 16 on sparc64, 8 elsewhere.
pub(crate) const LAYOUT: Layout = if cfg!(target_arch = "x86") {
    Layout::bsd(4)
} else if cfg!(target_arch = "sparc64") {
    Layout::bsd(16)
} else {
    Layout::bsd(8)
};

/// `SOL_SOCKET` (`sys/socket.h`), as libc has it.
pub const SOL_SOCKET: c_int = libc::SOL_SOCKET;

#[cfg(feature = "std")]
pub(crate) const MSG_CMSG_CLOEXEC: c_int = libc::MSG_CMSG_CLOEXEC;

pub(crate) const ADDRESS_LEVELS: &[c_int] = &[];

pub(crate) const FD_MESSAGES: &[(c_int, c_int)] = &[];

/// `SO_SPLICE` takes the socket to splice to as a bare `int` descriptor.
pub(crate) const FD_OPTIONS: &[(c_int, c_int)] = &[(SOL_SOCKET, libc::SO_SPLICE)];
