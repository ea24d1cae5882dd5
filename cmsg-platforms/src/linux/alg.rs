//! `SOL_ALG` messages for the kernel crypto API's `AF_ALG` sockets
//! (`include/uapi/linux/if_alg.h`; `Documentation/crypto/userspace-if.rst`).
//! All are sent with the data to encrypt or decrypt.

use cmsg_core::ControlMessage;

/// `ALG_OP_DECRYPT`, for [`AlgSetOp`].
pub const ALG_OP_DECRYPT: u32 = 0;
/// `ALG_OP_ENCRYPT`, for [`AlgSetOp`].
pub const ALG_OP_ENCRYPT: u32 = 1;

const _: () = assert!(
    ALG_OP_DECRYPT == libc::ALG_OP_DECRYPT as u32 && ALG_OP_ENCRYPT == libc::ALG_OP_ENCRYPT as u32
);

/// `ALG_SET_OP`: encrypt or decrypt (`u32`, [`ALG_OP_ENCRYPT`] or
/// [`ALG_OP_DECRYPT`]).
#[doc(alias = "ALG_SET_OP")]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::SOL_ALG, ty = libc::ALG_SET_OP, direction = send)]
#[repr(transparent)]
pub struct AlgSetOp(pub u32);

/// `ALG_SET_IV` (`struct af_alg_iv`): the initialization vector, its length
/// then its bytes. Build it in place:
///
/// ```
/// # #[cfg(target_os = "linux")] {
/// use cmsg_core::{space_for, ControlBuffer, Encoder};
/// use cmsg_platforms::linux::AlgSetIv;
///
/// let iv = [7u8; 16];
/// let mut buf = ControlBuffer::<{ space_for::<AlgSetIv>(16) }>::new();
/// Encoder::new(&mut buf).push_with::<AlgSetIv>(iv.len(), |m| m.set(&iv))?;
/// # }
/// # Ok::<(), cmsg_core::EncodeError>(())
/// ```
#[doc(alias("ALG_SET_IV", "af_alg_iv"))]
#[derive(ControlMessage, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::SOL_ALG, ty = libc::ALG_SET_IV, direction = send)]
#[repr(C)]
pub struct AlgSetIv {
    /// `ivlen`, a native-endian `u32` kept as bytes: the C struct's size is
    /// 4 + `ivlen`, with no padding after odd-length vectors.
    pub ivlen: [u8; 4],
    /// `iv`.
    pub iv: [u8],
}

impl AlgSetIv {
    /// `ivlen`.
    pub fn ivlen(&self) -> u32 {
        u32::from_ne_bytes(self.ivlen)
    }

    /// Copies `iv` in (as much as fits) and sets `ivlen` to its length.
    pub fn set(&mut self, iv: &[u8]) {
        let n = iv.len().min(self.iv.len());
        self.iv[..n].copy_from_slice(&iv[..n]);
        self.ivlen = u32::try_from(n).unwrap_or(u32::MAX).to_ne_bytes();
    }
}

const _: () = assert!(core::mem::offset_of!(libc::af_alg_iv, iv) == 4);

/// `ALG_SET_AEAD_ASSOCLEN`: how many leading bytes of the data are
/// associated data (`u32`), for AEAD ciphers.
#[doc(alias = "ALG_SET_AEAD_ASSOCLEN")]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::SOL_ALG, ty = libc::ALG_SET_AEAD_ASSOCLEN, direction = send)]
#[repr(transparent)]
pub struct AlgSetAeadAssoclen(pub u32);
