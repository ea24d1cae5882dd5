//! `SCM_CREDS` as `struct cmsgcred`, which FreeBSD and DragonFly share
//! (`sys/sys/socket.h` of each: the same fields, `CMGROUP_MAX` 16).

use cmsg_core::ControlMessage;
use core::ffi::c_short;

/// `CMGROUP_MAX` (`sys/sys/socket.h`): the groups a [`CmsgCred`] holds.
pub const CMGROUP_MAX: usize = 16;

/// `SCM_CREDS` (0x03) as `struct cmsgcred`: the sender sends it (zeroed) on
/// an `AF_UNIX` socket, and the kernel fills in the sender's credentials
/// before the receiver gets it. 84 bytes, the two after `cmcred_ngroups`
/// padding, here a field.
///
/// On FreeBSD, a receiver with `LOCAL_CREDS` set gets a `SockCred` at the
/// same level and type instead.
#[doc(alias("SCM_CREDS", "cmsgcred"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::SOL_SOCKET, ty = 0x03)]
#[repr(C)]
pub struct CmsgCred {
    /// `cmcred_pid`: the sending process.
    pub pid: libc::pid_t,
    /// `cmcred_uid`: its real user id.
    pub uid: libc::uid_t,
    /// `cmcred_euid`: its effective user id.
    pub euid: libc::uid_t,
    /// `cmcred_gid`: its real group id.
    pub gid: libc::gid_t,
    /// `cmcred_ngroups`: how many of `groups` are set.
    pub ngroups: c_short,
    /// The header's padding before `cmcred_groups`.
    pub pad: [u8; 2],
    /// `cmcred_groups`; `groups[0]` is the effective group id.
    pub groups: [libc::gid_t; CMGROUP_MAX],
}

impl CmsgCred {
    /// The zeroed value a sender sends: the kernel fills it in.
    pub const fn to_fill() -> Self {
        CmsgCred {
            pid: 0,
            uid: 0,
            euid: 0,
            gid: 0,
            ngroups: 0,
            pad: [0; 2],
            groups: [0; CMGROUP_MAX],
        }
    }

    /// The groups the kernel filled in.
    pub fn groups(&self) -> &[libc::gid_t] {
        let n = usize::try_from(self.ngroups).unwrap_or(0).min(CMGROUP_MAX);
        self.groups.get(..n).unwrap_or_default()
    }
}

// The headers' layout (clang on FreeBSD's: amd64, i386, arm64; DragonFly's
// fields are the same types in the same order), and libc's.
const _: () = {
    use core::mem::{offset_of, size_of};
    assert!(CmsgCred::TYPE == 0x03 && CmsgCred::TYPE == libc::SCM_CREDS);
    assert!(CMGROUP_MAX == libc::CMGROUP_MAX);
    assert!(size_of::<CmsgCred>() == 84);
    assert!(offset_of!(CmsgCred, ngroups) == 16 && offset_of!(CmsgCred, groups) == 20);
    assert!(size_of::<CmsgCred>() == size_of::<libc::cmsgcred>());
    assert!(offset_of!(CmsgCred, groups) == offset_of!(libc::cmsgcred, cmcred_groups));
};
