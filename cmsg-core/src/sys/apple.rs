//! macOS, iOS and the other Apple systems (xnu `bsd/sys/socket.h`).

use crate::layout::Layout;
use core::ffi::c_int;

/// `__DARWIN_ALIGN32`: 4 bytes on every architecture.
pub(crate) const LAYOUT: Layout = Layout::APPLE;

/// None: `recvmsg` sets `FD_CLOEXEC` on each received descriptor right
/// after the call instead.
/// `SOL_SOCKET` (`sys/socket.h`), as libc has it.
pub const SOL_SOCKET: c_int = libc::SOL_SOCKET;

#[cfg(feature = "std")]
pub(crate) const MSG_CMSG_CLOEXEC: c_int = 0;

pub(crate) const ADDRESS_LEVELS: &[c_int] = &[];

pub(crate) const FD_MESSAGES: &[(c_int, c_int)] = &[];
pub(crate) const FD_OPTIONS: &[(c_int, c_int)] = &[];
