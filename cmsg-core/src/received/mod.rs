//! [`Received`]: the owner of the control bytes `recvmsg` filled in, and of
//! every descriptor the kernel installed in them.
//!
//! `recvmsg` creates a new descriptor for every fd in an `SCM_RIGHTS`
//! message (and, on Linux, the pidfd of `SCM_PIDFD`) before the caller has
//! looked at anything. [`Received::from_kernel`] is where ownership of them
//! is asserted; this module is the only code that reads, hands out
//! ([`ReceivedFds`]) or closes them.

mod fds;
mod set;

pub use set::{Dispatch, Fds, Incoming, ReceiveSet};

#[cfg(feature = "std")]
pub use fds::ReceivedFds;

use crate::decode::Messages;
use crate::error::DecodeError;
#[cfg(feature = "std")]
use crate::ScmRights;
use crate::{MsgFlags, Receivable};

/// The control messages of one received message, and every file descriptor
/// the kernel installed for them.
///
/// Decode with [`messages`](Self::messages) or [`get`](Self::get); take
/// descriptors with [`take_fds`](Self::take_fds). Dropping it closes every
/// descriptor not taken, also when the kernel truncated the control data
/// (`MSG_CTRUNC`) and also for a partially delivered descriptor array.
///
/// ```no_run
/// use cmsg_core::{recvmsg, space_for, ControlBuffer, RecvFlags, ScmRights};
/// use std::os::unix::net::UnixDatagram;
///
/// # fn f(socket: UnixDatagram) -> std::io::Result<()> {
/// let mut data = [0u8; 64];
/// let mut control = ControlBuffer::<{ space_for::<ScmRights>(4) }>::new();
/// let mut msg = recvmsg(&socket, &mut [std::io::IoSliceMut::new(&mut data)], &mut control, RecvFlags::empty())?;
/// let first = msg.control.take_fds().next(); // the others are closed with `msg`
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Received<'a> {
    bytes: &'a mut [u8],
    /// `MSG_CTRUNC` was set: messages may be missing or cut short.
    truncated: bool,
}

impl<'a> Received<'a> {
    /// Takes ownership of the descriptors in `bytes`: the control data
    /// exactly as `recvmsg` returned it (`msg_controllen` bytes), with the
    /// `msg_flags` it returned (whether [`MsgFlags::CTRUNC`] is set decides
    /// what lookups report; the other bits are ignored).
    ///
    /// For callers with their own `recvmsg` (an async runtime, say);
    /// [`recvmsg`](crate::recvmsg) makes this for you.
    ///
    /// # Safety
    ///
    /// Every non-negative `c_int` in the payload of each `SOL_SOCKET`
    /// message for which [`carries_fds`](crate::sys::carries_fds) holds (walking `bytes` as the
    /// decoder does, with a `cmsg_len` past the end clamped to the end) must
    /// be an open descriptor that nothing else owns or closes. The
    /// `Received` closes them.
    pub unsafe fn from_kernel(bytes: &'a mut [u8], flags: MsgFlags) -> Self {
        Received {
            bytes,
            truncated: flags.control_truncated(),
        }
    }

    /// Sets `FD_CLOEXEC` on every descriptor, for systems whose `recvmsg`
    /// has no `MSG_CMSG_CLOEXEC`.
    #[cfg(feature = "std")]
    pub(crate) fn set_cloexec(&self) {
        // SAFETY: `from_kernel`'s contract: the descriptors left in the
        // bytes are ours.
        unsafe { fds::set_cloexec_all(self.bytes) };
    }

    /// No control data.
    pub fn empty() -> Received<'static> {
        Received {
            bytes: &mut [],
            truncated: false,
        }
    }

    /// The control bytes. Descriptors already taken read as `-1`.
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes
    }

    /// Whether there is no control data.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Whether the kernel truncated the control data (`MSG_CTRUNC`): the
    /// buffer was too small, so messages may be missing or cut short.
    /// Lookups then say so rather than report a message as absent.
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }

    /// Every message, validated as it is reached. After truncated control
    /// data the walk ends with [`DecodeError::Truncated`].
    pub fn messages(&self) -> Messages<'_> {
        if self.truncated {
            Messages::new_truncated(self.bytes)
        } else {
            Messages::new(self.bytes)
        }
    }

    /// The first message of type `M`, decoded without copying; `Ok(None)` if
    /// the kernel delivered none.
    ///
    /// If the control data was truncated and holds no whole `M`, this is
    /// [`DecodeError::Truncated`], never `Ok(None)`: the message may have
    /// been sent and dropped for want of room. Messages that arrived whole
    /// still decode.
    pub fn get<M: Receivable + ?Sized>(&self) -> Result<Option<&M>, DecodeError> {
        self.messages().get::<M>()
    }

    /// The first message of type `M`, copied out by value whatever its
    /// alignment (see [`Messages::read`]); truncation is reported as by
    /// [`get`](Self::get).
    pub fn read<M>(&self) -> Result<Option<M>, DecodeError>
    where
        M: Receivable + Copy,
    {
        self.messages().read::<M>()
    }

    /// Hands out the descriptors of every `SCM_RIGHTS` message, in order.
    #[cfg(feature = "std")]
    pub fn take_fds(&mut self) -> ReceivedFds<'_> {
        self.take_fds_of::<ScmRights>()
    }

    /// Hands out the descriptors of every message of type `M`: a message that
    /// carries descriptors ([`CarriesFds`](crate::CarriesFds): `SCM_RIGHTS`,
    /// Linux `SCM_PIDFD`). Other types do not compile.
    #[cfg(feature = "std")]
    pub fn take_fds_of<M: crate::CarriesFds + ?Sized>(&mut self) -> ReceivedFds<'_> {
        ReceivedFds::new(self.bytes, Some((M::LEVEL, M::TYPE)))
    }
}

impl Drop for Received<'_> {
    fn drop(&mut self) {
        // SAFETY: `from_kernel`'s contract: the descriptors left in the
        // bytes are ours, and taking one marked its slot.
        unsafe { fds::close_all(self.bytes) };
    }
}
