//! Facts about the operating system this crate is compiled for, in one
//! place: a new system adds one file here and nothing anywhere else in
//! cmsg-core.
//!
//! Each file states, from that system's own headers:
//!
//! - `LAYOUT`: its `CMSG_*` rules ([`Layout`](crate::layout::Layout));
//! - `MSG_CMSG_CLOEXEC`: the `recvmsg` flag that installs received
//!   descriptors close-on-exec, or 0 where there is none;
//! - `FD_MESSAGES`: the `(level, type)` of every control message whose
//!   payload the kernel reads (on send) or fills (on receive) with
//!   descriptors;
//! - `ADDRESS_LEVELS`: the levels whose messages hold addresses the kernel
//!   reads or writes;
//! - `FD_OPTIONS`: the `(level, name)` of every socket option whose `int`
//!   value the kernel reads as a descriptor;
//! - its own flag bits, as extra constants on the flag words.
//!
//! What the rest of the crate asks is answered by [`carries_fds`] and
//! [`reads_fd`].

use crate::SocketOption;
use core::ffi::c_int;

#[cfg(any(target_os = "linux", target_os = "android"))]
mod linux;
#[cfg(any(target_os = "linux", target_os = "android"))]
use linux as os;
#[cfg(any(target_os = "linux", target_os = "android"))]
pub use linux::SCM_PIDFD;

#[cfg(target_vendor = "apple")]
mod apple;
#[cfg(target_vendor = "apple")]
use apple as os;

#[cfg(any(target_os = "freebsd", target_os = "dragonfly"))]
mod freebsd;
#[cfg(any(target_os = "freebsd", target_os = "dragonfly"))]
use freebsd as os;

#[cfg(target_os = "netbsd")]
mod netbsd;
#[cfg(target_os = "netbsd")]
use netbsd as os;

#[cfg(target_os = "openbsd")]
mod openbsd;
#[cfg(target_os = "openbsd")]
use openbsd as os;

#[cfg(target_os = "haiku")]
mod haiku;
#[cfg(target_os = "haiku")]
use haiku as os;

#[cfg(any(target_os = "illumos", target_os = "solaris"))]
mod illumos;
#[cfg(any(target_os = "illumos", target_os = "solaris"))]
use illumos as os;

#[cfg(not(any(
    target_os = "linux",
    target_os = "android",
    target_vendor = "apple",
    target_os = "freebsd",
    target_os = "dragonfly",
    target_os = "netbsd",
    target_os = "openbsd",
    target_os = "haiku",
    target_os = "illumos",
    target_os = "solaris",
)))]
compile_error!(
    "cmsg-core does not know this system's `struct cmsghdr`: add its facts, from its own <sys/socket.h>, as a file in cmsg-core/src/sys/"
);

pub(crate) use os::LAYOUT;
#[cfg(feature = "std")]
pub(crate) use os::MSG_CMSG_CLOEXEC;
/// `SOL_SOCKET`, the level of `SCM_RIGHTS` and the socket's own messages:
/// from the system's header, also where libc has it wrong (Linux mips64).
pub use os::SOL_SOCKET;

// `struct cmsghdr` matches libc's own declaration. musl on 64-bit
// big-endian Linux puts padding before its 32-bit `cmsg_len`, where the
// kernel reads a `size_t`: the 64-bit value written there has the same
// bytes, so only other libcs are held to the field's offset.
#[cfg(not(target_env = "musl"))]
const _: () = assert!(core::mem::offset_of!(libc::cmsghdr, cmsg_len) == 0);

// `MSG_NOSIGNAL` everywhere but Apple's systems, which use `SO_NOSIGPIPE`.
#[cfg(not(target_vendor = "apple"))]
impl crate::SendFlags {
    /// `MSG_NOSIGNAL`: `EPIPE` instead of `SIGPIPE` on a broken stream.
    pub const NOSIGNAL: Self = Self::from_bits(libc::MSG_NOSIGNAL);
}

/// Whether messages of this level and type carry descriptors: the kernel
/// reads the payload as the sender's descriptors and fills it with new ones
/// for the receiver. `SCM_RIGHTS` everywhere; Linux's `SCM_PIDFD` too.
///
/// Messages for which this holds are sent only from `BorrowedFd`s
/// ([`Encoder::push_fds`](crate::Encoder::push_fds)), and their received
/// descriptors belong to the [`Received`](crate::Received) they came in.
pub const fn carries_fds(level: c_int, ty: c_int) -> bool {
    (level == SOL_SOCKET && ty == libc::SCM_RIGHTS) || listed(os::FD_MESSAGES, (level, ty))
}

/// Whether the kernel reads memory addresses in the payload of messages of
/// this level and type, and reads or writes the memory there: Linux
/// `SOL_RDS`'s RDMA messages (`RDS_CMSG_RDMA_MAP` writes a cookie to the
/// address it is given). Safe code never sends these as bytes.
pub const fn carries_addresses(level: c_int, ty: c_int) -> bool {
    let _ = ty;
    listed_level(os::ADDRESS_LEVELS, level)
}

/// Whether messages of this level and type may be sent as plain bytes:
/// neither [`carries_fds`] nor [`carries_addresses`].
pub const fn sendable_as_bytes(level: c_int, ty: c_int) -> bool {
    !carries_fds(level, ty) && !carries_addresses(level, ty)
}

/// Whether the kernel reads an `int` given to this socket option as one of
/// the caller's descriptors: such options are set only from a `BorrowedFd`
/// ([`set_socket_option_fd`](crate::set_socket_option_fd)).
pub const fn reads_fd(option: SocketOption) -> bool {
    listed(os::FD_OPTIONS, (option.level, option.name))
}

const fn listed_level(mut list: &[c_int], wanted: c_int) -> bool {
    while let [level, rest @ ..] = list {
        if *level == wanted {
            return true;
        }
        list = rest;
    }
    false
}

const fn listed(mut list: &[(c_int, c_int)], wanted: (c_int, c_int)) -> bool {
    while let [(level, name), rest @ ..] = list {
        if *level == wanted.0 && *name == wanted.1 {
            return true;
        }
        list = rest;
    }
    false
}
