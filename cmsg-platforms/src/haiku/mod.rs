//! Haiku's control messages (`headers/posix/sys/socket.h`): only
//! `SCM_RIGHTS` (0x01), the core's [`ScmRights`], at `SOL_SOCKET` -1.
//! Haiku has no timestamp or credential messages; a peer's credentials
//! come from `getsockopt(SO_PEERCRED)`.

pub use cmsg_core::ScmRights;

// `headers/posix/sys/socket.h` (haiku/haiku: SOL_SOCKET -1 line 50,
// SCM_RIGHTS 0x01 line 149), and libc's.
const _: () = assert!(libc::SOL_SOCKET == -1 && libc::SCM_RIGHTS == 0x01);
