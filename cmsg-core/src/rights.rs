//! `SCM_RIGHTS`: passing file descriptors.

use crate::ControlMessage;
use core::ffi::c_int;

/// `SCM_RIGHTS`: an array of file descriptors. The receiver gets new
/// descriptors for the same open files.
///
/// Send with [`Encoder::push_fds`](crate::Encoder::push_fds) from
/// `BorrowedFd`s; take received ones as `OwnedFd`s with
/// [`Received::take_fds`](crate::Received::take_fds). Decoding it gives the
/// raw numbers, still owned by the [`Received`](crate::Received) they came in.
///
/// It is declared receive-only: a value of it holds plain numbers, and safe
/// code may send only descriptors it holds, so it cannot be pushed:
///
/// ```compile_fail
/// # use cmsg_core::{Encoder, Messages, ScmRights};
/// # fn f(rights: &ScmRights, buf: &mut [u8]) {
/// Encoder::new(buf).push(rights); // use push_fds(&[BorrowedFd])
/// # }
/// ```
///
/// Delivered on `AF_UNIX` stream, datagram and seqpacket sockets on every
/// system (`SOL_SOCKET`/`SCM_RIGHTS` in `<sys/socket.h>`; Linux: `unix(7)`).
#[doc(alias = "SCM_RIGHTS")]
#[derive(ControlMessage, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = crate::sys::SOL_SOCKET, ty = libc::SCM_RIGHTS, direction = recv)]
#[repr(C)]
pub struct ScmRights {
    fds: [c_int],
}

impl ScmRights {
    /// The descriptor numbers, as received.
    pub fn as_raw_fds(&self) -> &[c_int] {
        &self.fds
    }
}

impl crate::CarriesFds for ScmRights {}
