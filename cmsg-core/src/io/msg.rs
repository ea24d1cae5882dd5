//! `sendmsg` and `recvmsg` over any `AsFd`, without allocating.

use super::addr;

use crate::{Encoded, MsgFlags, Received, RecvFlags, SendFlags};
use core::ffi::c_int;
use core::mem::MaybeUninit;
use std::io::{self, IoSlice, IoSliceMut};
use std::net::SocketAddr;
use std::os::fd::AsFd;
use std::os::fd::AsRawFd;

/// What [`recvmsg`] received.
#[derive(Debug)]
pub struct RecvMsg<'c> {
    /// Bytes of data received (with [`RecvFlags::TRUNC`] on a datagram
    /// socket, its full length).
    pub bytes: usize,
    /// `msg_flags`: see [`MsgFlags::control_truncated`]. Only what the
    /// kernel reports for the caller: the `MSG_CMSG_CLOEXEC` that
    /// [`recvmsg`] adds (and Linux echoes back) is removed.
    pub flags: MsgFlags,
    /// The sender's address, for IPv4 and IPv6 sockets that report one.
    pub address: Option<SocketAddr>,
    /// The control messages, owning every descriptor in them.
    pub control: Received<'c>,
}

fn too_long(what: &'static str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, what)
}

/// `msghdr` fields whose C types differ between systems.
fn lengths<I: TryFrom<usize>, C: TryFrom<usize>>(iov: usize, control: usize) -> io::Result<(I, C)> {
    let iov = I::try_from(iov).map_err(|_| too_long("too many io slices"))?;
    let control = C::try_from(control).map_err(|_| too_long("control buffer too large"))?;
    Ok((iov, control))
}

/// A zeroed `msghdr`.
fn empty_msghdr() -> libc::msghdr {
    // SAFETY: `msghdr` is a C struct of integers and raw pointers (and, on
    // some targets, integer padding fields); all-zero bytes are a valid value
    // of each: null pointers and zero lengths.
    unsafe { MaybeUninit::<libc::msghdr>::zeroed().assume_init() }
}

/// Sends `iov` with the control messages in `control` (as an
/// [`Encoder`](crate::Encoder) finished them; [`Encoded::empty`] for none)
/// on a connected socket. Returns the bytes of data sent.
///
/// ```
/// # #[cfg(not(miri))] { // Miri has no sockets.
/// use cmsg_core::{sendmsg, space_for, ControlBuffer, Encoder, SendFlags, ScmRights};
/// use std::io::IoSlice;
/// use std::os::fd::AsFd;
/// use std::os::unix::net::UnixDatagram;
///
/// let (a, _b) = UnixDatagram::pair()?;
/// let mut buf = ControlBuffer::<{ space_for::<ScmRights>(1) }>::new();
/// let mut encoder = Encoder::new(&mut buf);
/// encoder.push_fds(&[a.as_fd()])?;
/// assert_eq!(sendmsg(&a, &[IoSlice::new(b"x")], encoder.finish(), SendFlags::empty())?, 1);
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sendmsg(
    socket: impl AsFd,
    iov: &[IoSlice<'_>],
    control: Encoded<'_>,
    flags: SendFlags,
) -> io::Result<usize> {
    send(
        socket.as_fd().as_raw_fd(),
        None,
        iov,
        control.as_bytes(),
        flags,
    )
}

/// [`sendmsg`] to the address `to` (unconnected datagram sockets).
pub fn sendmsg_to(
    socket: impl AsFd,
    to: &SocketAddr,
    iov: &[IoSlice<'_>],
    control: Encoded<'_>,
    flags: SendFlags,
) -> io::Result<usize> {
    send(
        socket.as_fd().as_raw_fd(),
        Some(to),
        iov,
        control.as_bytes(),
        flags,
    )
}

fn send(
    fd: c_int,
    to: Option<&SocketAddr>,
    iov: &[IoSlice<'_>],
    control: &[u8],
    flags: SendFlags,
) -> io::Result<usize> {
    let mut msg = empty_msghdr();
    let name = to.map(addr::to_raw);
    if let Some((storage, len)) = &name {
        msg.msg_name = core::ptr::from_ref(storage).cast_mut().cast();
        msg.msg_namelen = *len;
    }
    (msg.msg_iovlen, msg.msg_controllen) = lengths(iov.len(), control.len())?;
    // `IoSlice` is ABI-compatible with `struct iovec` on Unix (std documents
    // it); the kernel only reads through these pointers on send.
    msg.msg_iov = iov.as_ptr().cast_mut().cast();
    if !control.is_empty() {
        msg.msg_control = control.as_ptr().cast_mut().cast();
    }
    // SAFETY: every pointer in `msg` is null or points into a live borrow
    // (`name`, `iov`, `control`) with the length stored beside it, and
    // `sendmsg` only reads through them for the duration of the call.
    let sent = unsafe { libc::sendmsg(fd, &msg, flags.bits()) };
    usize::try_from(sent).map_err(|_| io::Error::last_os_error())
}

/// The flag that makes `recvmsg` install descriptors close-on-exec
/// atomically. Where the system lacks it (0: Apple, Haiku), `recvmsg` sets
/// `FD_CLOEXEC` right after the call.
const CLOEXEC: c_int = crate::sys::MSG_CMSG_CLOEXEC;

/// Receives into `iov` and `control`, returning the data length, flags,
/// sender address and a [`Received`] that owns every descriptor the kernel
/// installed. Descriptors are close-on-exec (`MSG_CMSG_CLOEXEC`, or
/// `FD_CLOEXEC` right after the call where the system lacks the flag).
///
/// Size `control` with [`space`](crate::space) and
/// [`space_for`](crate::space_for) for everything the socket has enabled;
/// when it is too small, [`MsgFlags::control_truncated`] says so, lookups
/// in the [`Received`] report [`DecodeError::Truncated`](crate::DecodeError::Truncated)
/// instead of a missing message, and every descriptor that did arrive is
/// still owned and closed.
pub fn recvmsg<'c>(
    socket: impl AsFd,
    iov: &mut [IoSliceMut<'_>],
    control: &'c mut [u8],
    flags: RecvFlags,
) -> io::Result<RecvMsg<'c>> {
    let mut name = MaybeUninit::<libc::sockaddr_storage>::zeroed();
    let mut msg = empty_msghdr();
    msg.msg_name = name.as_mut_ptr().cast();
    msg.msg_namelen = addr::STORAGE_LEN;
    (msg.msg_iovlen, msg.msg_controllen) = lengths(iov.len(), control.len())?;
    // `IoSliceMut` is ABI-compatible with `struct iovec` on Unix.
    msg.msg_iov = iov.as_mut_ptr().cast();
    if !control.is_empty() {
        msg.msg_control = control.as_mut_ptr().cast();
    }
    let fd = socket.as_fd().as_raw_fd();
    // SAFETY: every pointer in `msg` is null or points into a live exclusive
    // borrow with the length stored beside it (`name`: sockaddr_storage;
    // `iov`: each slice's own buffer; `control`); the kernel writes at most
    // those lengths and nothing keeps the pointers after the call.
    let received = unsafe { libc::recvmsg(fd, &mut msg, flags.bits() | CLOEXEC) };
    let bytes = usize::try_from(received).map_err(|_| io::Error::last_os_error())?;

    // The kernel reports how much control data it wrote; never trust more
    // than the buffer we gave it.
    #[allow(clippy::useless_conversion)] // `size_t` on Linux, `socklen_t` elsewhere.
    let written = usize::try_from(msg.msg_controllen)
        .unwrap_or(usize::MAX)
        .min(control.len());
    let (written, _) = control.split_at_mut(written);
    // The kernel echoes MSG_CMSG_CLOEXEC back (Linux); the caller did not
    // ask for it, so it does not see it.
    let flags = MsgFlags::from_bits(msg.msg_flags & !CLOEXEC);
    // SAFETY: `written` is exactly the control data this `recvmsg` returned,
    // so every descriptor in its fd-carrying messages was installed by the
    // kernel for this process during the call and nothing else owns it.
    let control = unsafe { Received::from_kernel(written, flags) };
    if CLOEXEC == 0 {
        control.set_cloexec();
    }
    let name_len = usize::try_from(msg.msg_namelen).unwrap_or(0);
    // SAFETY: the kernel initialized the first `msg_namelen` bytes of `name`
    // (and the rest is zeroed), so the whole storage is initialized.
    let address = addr::from_raw(unsafe { name.assume_init_ref() }, name_len);
    Ok(RecvMsg {
        bytes,
        flags,
        address,
        control,
    })
}
