//! The native `struct cmsghdr`, as bytes zerocopy can read and write.

use core::ffi::c_int;
use core::mem::{align_of, offset_of, size_of};
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout};

use crate::sys::HeaderLen;

/// `struct cmsghdr` of the target.
#[derive(FromBytes, IntoBytes, KnownLayout, Immutable, Clone, Copy, Debug)]
#[repr(C)]
pub(crate) struct Header {
    pub(crate) len: HeaderLen,
    pub(crate) level: c_int,
    pub(crate) ty: c_int,
}

// The header must match libc's own declaration.
const _: () = {
    assert!(size_of::<Header>() == size_of::<libc::cmsghdr>());
    // musl declares a 32-bit cmsg_len plus padding (alignment 4); the kernel
    // reads a size_t, so our 8-byte alignment is the stricter, right one.
    assert!(align_of::<Header>() >= align_of::<libc::cmsghdr>());
    assert!(offset_of!(Header, level) == offset_of!(libc::cmsghdr, cmsg_level));
    assert!(offset_of!(Header, ty) == offset_of!(libc::cmsghdr, cmsg_type));
    // `len`'s offset: see `sys/mod.rs` (musl differs).
};

impl Header {
    /// `cmsg_len` as a `usize`; lossless on every supported target.
    #[allow(clippy::unnecessary_cast)] // `usize` on Linux, `u32` elsewhere.
    pub(crate) const fn len(self) -> usize {
        // Widening: `HeaderLen` is at most pointer-sized (asserted below).
        self.len as usize
    }

    /// A header for a payload of `payload` bytes, or `None` if `CMSG_LEN`
    /// does not fit `cmsg_len`.
    pub(crate) fn new(level: c_int, ty: c_int, payload: usize) -> Option<Self> {
        let len = crate::layout::NATIVE.checked_len(payload)?;
        Some(Header {
            len: HeaderLen::try_from(len).ok()?,
            level,
            ty,
        })
    }
}

const _: () = assert!(size_of::<HeaderLen>() <= size_of::<usize>());
