//! `struct cmsghdr` read from and written to bytes, for any [`Layout`]:
//! a `cmsg_len` as wide as the layout says (the kernel's `size_t` on Linux,
//! `socklen_t` elsewhere), then `cmsg_level` and `cmsg_type`, in the host's
//! byte order.

use crate::layout::{Layout, NATIVE};
use core::ffi::c_int;
use core::mem::{offset_of, size_of};

/// One header's fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Header {
    /// `cmsg_len`.
    pub(crate) len: usize,
    pub(crate) level: c_int,
    pub(crate) ty: c_int,
}

// The native header is libc's `struct cmsghdr`: `cmsg_len` first (see
// `sys/mod.rs` for musl), then the level and type in the last eight bytes.
const _: () = {
    assert!(NATIVE.header_size == size_of::<libc::cmsghdr>());
    assert!(offset_of!(libc::cmsghdr, cmsg_level) == NATIVE.len_width());
    assert!(offset_of!(libc::cmsghdr, cmsg_type) == NATIVE.len_width() + 4);
};

fn int(bytes: &[u8], at: usize) -> Option<c_int> {
    let bytes = bytes.get(at..at.checked_add(4)?)?;
    Some(c_int::from_ne_bytes(bytes.try_into().ok()?))
}

impl Header {
    /// The header at the start of `bytes`, if `bytes` holds a whole one.
    #[inline]
    pub(crate) fn read(layout: Layout, bytes: &[u8]) -> Option<Header> {
        let width = layout.len_width();
        let raw = bytes.get(..width)?;
        let len = match raw.len() {
            // A 64-bit length past `usize` on a 32-bit host fits no buffer.
            8 => usize::try_from(u64::from_ne_bytes(raw.try_into().ok()?)).unwrap_or(usize::MAX),
            _ => usize::try_from(u32::from_ne_bytes(raw.try_into().ok()?)).unwrap_or(usize::MAX),
        };
        Some(Header {
            len,
            level: int(bytes, width)?,
            ty: int(bytes, width + 4)?,
        })
    }

    /// A header for a payload of `payload` bytes, or `None` if `CMSG_LEN`
    /// does not fit `cmsg_len`.
    #[inline]
    pub(crate) fn new(layout: Layout, level: c_int, ty: c_int, payload: usize) -> Option<Self> {
        let len = layout.checked_len(payload)?;
        if layout.len_width() == 4 && u32::try_from(len).is_err() {
            return None;
        }
        Some(Header { len, level, ty })
    }

    /// Writes the header over the start of `out`; `None` if it is too short.
    #[inline]
    pub(crate) fn write(self, layout: Layout, out: &mut [u8]) -> Option<()> {
        let width = layout.len_width();
        let (len, rest) = out.split_at_mut_checked(width)?;
        if width == 8 {
            len.copy_from_slice(&u64::try_from(self.len).ok()?.to_ne_bytes());
        } else {
            len.copy_from_slice(&u32::try_from(self.len).ok()?.to_ne_bytes());
        }
        rest.get_mut(..4)?
            .copy_from_slice(&self.level.to_ne_bytes());
        rest.get_mut(4..8)?.copy_from_slice(&self.ty.to_ne_bytes());
        Some(())
    }
}
