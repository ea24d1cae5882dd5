//! `SOL_SOCKET` messages (`include/uapi/asm-generic/socket.h`,
//! `include/linux/socket.h`).

use cmsg_core::ControlMessage;

/// `SCM_CREDENTIALS`: the sender's pid, uid and gid (`struct ucred`,
/// `include/linux/socket.h`), checked by the kernel.
///
/// Delivered on `AF_UNIX` stream and datagram sockets once the receiver has
/// set `SO_PASSCRED` ([`cmsg_core::enable`]); a sender may also attach its
/// own, which the kernel accepts only if they are its real (or, with
/// privilege, any existing) ids. See `unix(7)`.
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::SOL_SOCKET, ty = libc::SCM_CREDENTIALS, enable = libc::SO_PASSCRED)]
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
