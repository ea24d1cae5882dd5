//! FreeBSD and DragonFly (`sys/sys/socket.h`, `sys/<arch>/include/_align.h`).

use crate::layout::Layout;
use core::ffi::c_int;
use core::mem::size_of;

/// `_ALIGNBYTES` is `sizeof(register_t) - 1`, but `sizeof(int) - 1` on arm.
pub(crate) const LAYOUT: Layout = if cfg!(target_arch = "arm") {
    Layout::bsd(4)
} else {
    Layout::bsd(size_of::<usize>())
};

/// `SOL_SOCKET` (`sys/socket.h`), as libc has it.
pub const SOL_SOCKET: c_int = libc::SOL_SOCKET;

#[cfg(feature = "std")]
pub(crate) const MSG_CMSG_CLOEXEC: c_int = libc::MSG_CMSG_CLOEXEC;

pub(crate) const ADDRESS_LEVELS: &[c_int] = &[];

pub(crate) const FD_MESSAGES: &[(c_int, c_int)] = &[];

/// `SO_SPLICE` names the socket to splice to by descriptor (`struct
/// splice`'s `sp_fd`); refused as a bare `int` too, to be safe.
#[cfg(target_os = "freebsd")]
pub(crate) const FD_OPTIONS: &[(c_int, c_int)] = &[(SOL_SOCKET, libc::SO_SPLICE)];
#[cfg(target_os = "dragonfly")]
pub(crate) const FD_OPTIONS: &[(c_int, c_int)] = &[];
