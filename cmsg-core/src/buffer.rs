//! Aligned control buffers and their compile-time sizes.

use crate::layout::NATIVE;
use crate::ControlMessage;
use core::ops::{Deref, DerefMut};

/// `CMSG_SPACE` of one message of type `M`: the bytes it occupies in a
/// control buffer, padding included. For a message ending in a slice, this
/// is the space with no elements; see [`space_for`].
///
/// Sums of these size a buffer for everything a socket has enabled:
///
/// ```
/// use cmsg_core::{space, space_for, ControlBuffer, ScmRights};
///
/// // Room for up to 3 descriptors and one more 3-descriptor message.
/// let buf = ControlBuffer::<{ space_for::<ScmRights>(3) * 2 }>::new();
/// assert_eq!(buf.len(), 2 * unsafe { libc::CMSG_SPACE(12) } as usize);
/// assert_eq!(space::<ScmRights>(), unsafe { libc::CMSG_SPACE(0) } as usize);
/// ```
pub const fn space<M: ControlMessage + ?Sized>() -> usize {
    NATIVE.space(M::BASE_SIZE)
}

/// `CMSG_SPACE` of a message of type `M` with `elements` trailing slice
/// elements (for example `SCM_RIGHTS` with that many descriptors).
///
/// Meant for sizing buffers at compile time, where an absurd count that
/// overflows is a compile error; at run time use
/// [`Layout::checked_space`](crate::layout::Layout::checked_space).
pub const fn space_for<M: ControlMessage + ?Sized>(elements: usize) -> usize {
    NATIVE.space(M::BASE_SIZE + elements * M::ELEMENT_SIZE)
}

/// A zeroed control buffer of `N` bytes, aligned for `struct cmsghdr` and
/// for every payload type the catalogue declares (8 bytes), so that decoded
/// messages can be borrowed without copying.
///
/// It dereferences to `[u8]`: pass `&mut buf` to [`Encoder::new`](crate::Encoder::new)
/// or [`recvmsg`](crate::recvmsg).
///
/// ```
/// use cmsg_core::{space_for, ControlBuffer, ScmRights};
///
/// let buf = ControlBuffer::<{ space_for::<ScmRights>(2) }>::new();
/// assert_eq!(buf.as_ptr() as usize % 8, 0);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C, align(8))]
pub struct ControlBuffer<const N: usize> {
    bytes: [u8; N],
}

const _: () =
    assert!(core::mem::align_of::<ControlBuffer<0>>() >= core::mem::align_of::<libc::cmsghdr>());

impl<const N: usize> ControlBuffer<N> {
    /// A buffer of `N` zero bytes.
    pub const fn new() -> Self {
        ControlBuffer { bytes: [0; N] }
    }
}

impl<const N: usize> Default for ControlBuffer<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> Deref for ControlBuffer<N> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.bytes
    }
}

impl<const N: usize> DerefMut for ControlBuffer<N> {
    fn deref_mut(&mut self) -> &mut [u8] {
        &mut self.bytes
    }
}
