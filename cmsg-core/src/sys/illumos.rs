//! illumos and Solaris (`usr/src/uts/common/sys/socket.h`).

use crate::layout::Layout;
use core::ffi::c_int;

/// Headers align to `_CMSG_HDR_ALIGNMENT` (8 on SPARC, 4 elsewhere),
/// payloads to `_CMSG_DATA_ALIGNMENT` (`sizeof(int)`).
pub(crate) const LAYOUT: Layout = if cfg!(any(target_arch = "sparc", target_arch = "sparc64")) {
    Layout::ILLUMOS_SPARC
} else {
    Layout::ILLUMOS_X86
};

/// `SOL_SOCKET` (`sys/socket.h`), as libc has it.
pub const SOL_SOCKET: c_int = libc::SOL_SOCKET;

#[cfg(feature = "std")]
pub(crate) const MSG_CMSG_CLOEXEC: c_int = libc::MSG_CMSG_CLOEXEC;

pub(crate) const ADDRESS_LEVELS: &[c_int] = &[];

pub(crate) const FD_MESSAGES: &[(c_int, c_int)] = &[];
pub(crate) const FD_OPTIONS: &[(c_int, c_int)] = &[];
