//! Writing control messages into a caller-provided buffer.

use crate::error::EncodeError;
use crate::header::Header;
use crate::layout::{Abi, Native};
use crate::sys::{carries_addresses, carries_fds};
use crate::Sendable;
use core::ffi::c_int;
use core::marker::PhantomData;

/// Writes control messages, one after another, into a buffer the caller
/// owns: each gets a header with `cmsg_len = CMSG_LEN(payload)`, its payload
/// and zeroed padding up to `CMSG_SPACE(payload)`. The finished bytes are
/// exactly what `msg_control`/`msg_controllen` need.
///
/// A message that does not fit leaves the buffer as it was and returns an
/// error; nothing panics and nothing allocates.
///
/// ```
/// use cmsg_core::{space, space_for, ControlBuffer, Encoder, EncodeError, ScmRights};
/// use std::os::fd::AsFd;
///
/// let stdout = std::io::stdout();
/// let mut buf = ControlBuffer::<{ space_for::<ScmRights>(2) }>::new();
/// let mut encoder = Encoder::new(&mut buf);
/// encoder.push_fds(&[stdout.as_fd(), stdout.as_fd()])?;
/// // No room for a third message:
/// assert!(matches!(encoder.push_fds(&[stdout.as_fd()]), Err(EncodeError::BufferTooSmall { .. })));
/// assert_eq!(encoder.finish().len(), space_for::<ScmRights>(2));
/// # Ok::<(), EncodeError>(())
/// ```
///
/// It writes the native layout; `Encoder::<A>::for_abi` writes another
/// system's ([`Abi`](crate::layout::Abi)).
#[derive(Debug)]
pub struct Encoder<'a, A: Abi = Native> {
    buf: &'a mut [u8],
    len: usize,
    abi: PhantomData<A>,
}

impl<'a> Encoder<'a> {
    /// An encoder that writes from the start of `buf`.
    ///
    /// The kernel accepts any address, but a [`ControlBuffer`](crate::ControlBuffer)
    /// keeps headers aligned as C code reading the same bytes expects.
    pub fn new(buf: &'a mut [u8]) -> Self {
        Encoder::for_abi(buf)
    }

    /// Ends encoding: the bytes for `msg_control`, `msg_controllen` long,
    /// as the [`Encoded`] that [`sendmsg`](crate::sendmsg) takes.
    #[must_use]
    pub fn finish(self) -> Encoded<'a> {
        Encoded {
            bytes: self.into_bytes(),
        }
    }

    /// Appends `SCM_RIGHTS` carrying `fds`; the receiver gets new descriptors
    /// for the same open files.
    ///
    /// This is the only safe way to put descriptors into a message: each
    /// comes from a `BorrowedFd`, which stays borrowed for as long as the
    /// encoder and the bytes it finishes live (the kernel resolves the
    /// numbers when `sendmsg` runs), so a descriptor cannot be closed, and
    /// its number reused, before it is sent:
    ///
    /// ```compile_fail
    /// # use cmsg_core::{sendmsg, ControlBuffer, Encoder, SendFlags};
    /// # use std::os::fd::AsFd;
    /// # let (a, _b) = std::os::unix::net::UnixDatagram::pair().unwrap();
    /// let file = std::fs::File::open("/dev/null").unwrap();
    /// let mut buf = ControlBuffer::<64>::new();
    /// let mut encoder = Encoder::new(&mut buf);
    /// encoder.push_fds(&[file.as_fd()]).unwrap();
    /// drop(file); // error: `file` is still borrowed by the message
    /// sendmsg(&a, &[], encoder.finish(), SendFlags::empty()).unwrap();
    /// ```
    #[cfg(feature = "std")]
    pub fn push_fds(
        &mut self,
        fds: &[std::os::fd::BorrowedFd<'a>],
    ) -> Result<&mut Self, EncodeError> {
        // SAFETY: `BorrowedFd` is `#[repr(transparent)]` over `RawFd` (its
        // documentation guarantees the representation of a host fd), so `fds`
        // is `size_of_val(fds)` initialized bytes of `c_int`s, valid for reads
        // for as long as `fds` is borrowed; `u8` has no alignment requirement.
        let bytes =
            unsafe { core::slice::from_raw_parts(fds.as_ptr().cast::<u8>(), size_of_val(fds)) };
        use crate::{ControlMessage, ScmRights};
        self.write(ScmRights::LEVEL, ScmRights::TYPE, bytes)
    }
}

impl<'a, A: Abi> Encoder<'a, A> {
    /// An encoder that writes from the start of `buf`, laid out as `A`
    /// lays control data out. Only the native layout's bytes can be
    /// [`finish`](Encoder::finish)ed for `sendmsg`; another's are
    /// [`into_bytes`](Self::into_bytes).
    pub fn for_abi(buf: &'a mut [u8]) -> Self {
        Encoder {
            buf,
            len: 0,
            abi: PhantomData,
        }
    }

    /// The messages written, for as long as the buffer is borrowed.
    pub fn into_bytes(self) -> &'a [u8] {
        let Encoder { buf, len, .. } = self;
        let buf: &'a [u8] = buf;
        buf.get(..len).unwrap_or_default()
    }

    /// Bytes written so far.
    pub const fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing has been written.
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The messages written so far.
    pub fn as_bytes(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or_default()
    }

    /// Appends one message.
    ///
    /// Receive-only messages do not compile:
    ///
    /// ```compile_fail
    /// # use cmsg_core::{ControlMessage, Encoder};
    /// #[derive(ControlMessage, Clone, Copy)]
    /// #[cmsg(crate = "cmsg_core", level = 1, ty = 2, direction = recv)]
    /// #[repr(C)]
    /// struct OnlyReceived(i32);
    ///
    /// let mut buf = [0u8; 64];
    /// Encoder::new(&mut buf).push(&OnlyReceived(0));
    /// ```
    ///
    /// Nor do messages that carry descriptors, such as
    /// [`ScmRights`](crate::ScmRights): send those with
    /// [`push_fds`](Self::push_fds).
    pub fn push<M: Sendable + ?Sized>(&mut self, message: &M) -> Result<&mut Self, EncodeError> {
        self.push_raw(M::LEVEL, M::TYPE, crate::payload::bytes_of(message))
    }

    /// Appends a message of type `M` with `elements` trailing slice elements
    /// (ignored for sized messages), zero-initialized and then filled in
    /// place by `fill`: how to send a message whose type ends in a slice
    /// without building it elsewhere first.
    ///
    /// ```
    /// use cmsg_core::{space_for, ControlBuffer, ControlMessage, Encoder};
    ///
    /// /// A length, then that many bytes (as Linux's `ALG_SET_IV`).
    /// #[derive(ControlMessage)]
    /// #[cmsg(crate = "cmsg_core", level = 279, ty = 2, direction = send)]
    /// #[repr(C)]
    /// struct Iv { len: [u8; 4], bytes: [u8] }
    ///
    /// let mut buf = ControlBuffer::<{ space_for::<Iv>(16) }>::new();
    /// Encoder::new(&mut buf).push_with::<Iv>(16, |iv| {
    ///     iv.len = 16u32.to_ne_bytes();
    ///     iv.bytes.fill(7);
    /// })?;
    /// # Ok::<(), cmsg_core::EncodeError>(())
    /// ```
    ///
    /// `fill` gets a reference into the buffer, so the payload must be
    /// aligned for `M`: [`EncodeError::Misaligned`] where it is not (an
    /// 8-byte-aligned type on a platform whose `CMSG_DATA` is 4-byte
    /// aligned); [`push`](Self::push) a built value instead. The message
    /// counts as written only once `fill` returns: if it panics, the
    /// encoder's bytes stay as they were.
    pub fn push_with<M>(
        &mut self,
        elements: usize,
        fill: impl FnOnce(&mut M),
    ) -> Result<&mut Self, EncodeError>
    where
        M: Sendable + ?Sized,
    {
        // `Sendable` is asserted by the derive, but the derive's checks run
        // in the user's crate, through paths the user could shadow: the
        // encoder refuses descriptors itself, as `push_raw` does.
        refuse_unsendable(M::LEVEL, M::TYPE)?;
        let payload = elements
            .checked_mul(M::ELEMENT_SIZE)
            .and_then(|tail| tail.checked_add(M::BASE_SIZE))
            .ok_or(EncodeError::PayloadTooLarge {
                payload: usize::MAX,
            })?;
        self.check_room(payload)?;
        // The payload lands at CMSG_DATA of the next header; a reference to
        // `M` there needs `M`'s alignment, which a 4-byte-aligned platform
        // (macOS) or a misaligned caller buffer may not give. Check before
        // writing anything, so that a failure leaves the buffer as it was.
        let address = (self.buf.as_ptr() as usize)
            .wrapping_add(self.len)
            .wrapping_add(A::LAYOUT.data_offset());
        let found = address % M::ALIGN;
        if found != 0 {
            return Err(EncodeError::Misaligned {
                align: M::ALIGN,
                found,
            });
        }
        let (data, end) = self.reserve(M::LEVEL, M::TYPE, payload)?;
        // Length and alignment were checked above, so this cannot fail; if
        // it did, nothing is committed and the caller learns why.
        let message = crate::payload::view_mut::<M>(data).map_err(|_| EncodeError::Misaligned {
            align: M::ALIGN,
            found,
        })?;
        fill(message);
        self.len = end;
        Ok(self)
    }

    /// Appends a message of any level and type with `data` as its payload:
    /// for messages no type has been declared for.
    ///
    /// A message the kernel reads as descriptors (`SCM_RIGHTS`, Linux
    /// `SCM_PIDFD`) is refused with [`EncodeError::CarriesFds`]: its bytes
    /// would be descriptor numbers the caller may not hold. Use
    /// [`push_fds`](Self::push_fds), or
    /// [`push_raw_unchecked`](Self::push_raw_unchecked) where the numbers
    /// are known to be borrowed. Likewise a message whose payload holds
    /// addresses the kernel reads or writes (Linux `SOL_RDS`'s RDMA
    /// messages) is refused with [`EncodeError::CarriesAddresses`].
    ///
    /// ```
    /// use cmsg_core::{Encoder, EncodeError};
    ///
    /// let mut buf = [0u8; 64];
    /// let stolen = 0i32.to_ne_bytes();
    /// assert!(matches!(
    ///     Encoder::new(&mut buf).push_raw(libc::SOL_SOCKET, libc::SCM_RIGHTS, &stolen),
    ///     Err(EncodeError::CarriesFds { .. })
    /// ));
    /// ```
    pub fn push_raw(
        &mut self,
        level: c_int,
        ty: c_int,
        data: &[u8],
    ) -> Result<&mut Self, EncodeError> {
        refuse_unsendable(level, ty)?;
        self.write(level, ty, data)
    }

    /// [`push_raw`](Self::push_raw) without refusing messages that carry
    /// descriptors or addresses.
    ///
    /// # Safety
    ///
    /// If the kernel reads `data` as descriptors (`SCM_RIGHTS`, Linux
    /// `SCM_PIDFD`), every descriptor number in it must be open and borrowed
    /// by the caller (as through a `BorrowedFd`) until the `sendmsg` that
    /// sends these bytes has returned: sending one lends its open file to
    /// the peer, which is using it. If it reads addresses in `data`
    /// (`SOL_RDS`), each must be valid for what the kernel does there, for
    /// as long as it does it.
    pub unsafe fn push_raw_unchecked(
        &mut self,
        level: c_int,
        ty: c_int,
        data: &[u8],
    ) -> Result<&mut Self, EncodeError> {
        self.write(level, ty, data)
    }

    /// Appends a message with `data` as its payload.
    fn write(&mut self, level: c_int, ty: c_int, data: &[u8]) -> Result<&mut Self, EncodeError> {
        let (payload, end) = self.reserve(level, ty, data.len())?;
        payload.copy_from_slice(data);
        self.len = end;
        Ok(self)
    }

    /// The end of a message of `payload` bytes appended now, if it fits.
    fn check_room(&self, payload: usize) -> Result<usize, EncodeError> {
        let too_large = EncodeError::PayloadTooLarge { payload };
        let space = A::LAYOUT.checked_space(payload).ok_or(too_large)?;
        let needed = self.len.checked_add(space).ok_or(too_large)?;
        let available = self.buf.len();
        if needed > available {
            return Err(EncodeError::BufferTooSmall { needed, available });
        }
        Ok(needed)
    }

    /// Writes a header for `payload` bytes and the padding after them, and
    /// returns the zeroed payload to fill and where the message ends. The
    /// message is not committed: the caller sets `len` to the end once the
    /// payload is complete.
    fn reserve(
        &mut self,
        level: c_int,
        ty: c_int,
        payload: usize,
    ) -> Result<(&mut [u8], usize), EncodeError> {
        let too_large = EncodeError::PayloadTooLarge { payload };
        let header = Header::new(A::LAYOUT, level, ty, payload).ok_or(too_large)?;
        let needed = self.check_room(payload)?;
        let message = self.buf.get_mut(self.len..needed).ok_or(too_large)?;
        message.fill(0);
        let (head, rest) = message
            .split_at_mut_checked(A::LAYOUT.data_offset())
            .ok_or(too_large)?;
        header.write(A::LAYOUT, head).ok_or(too_large)?;
        Ok((rest.get_mut(..payload).ok_or(too_large)?, needed))
    }
}

/// Refuses messages whose bytes safe code must not choose: descriptors
/// (only `push_fds` writes those) and addresses.
fn refuse_unsendable(level: c_int, ty: c_int) -> Result<(), EncodeError> {
    if carries_fds(level, ty) {
        Err(EncodeError::CarriesFds { level, ty })
    } else if carries_addresses(level, ty) {
        Err(EncodeError::CarriesAddresses { level, ty })
    } else {
        Ok(())
    }
}

/// Control bytes an [`Encoder`] finished: what [`sendmsg`](crate::sendmsg)
/// sends. Only an encoder makes one (or
/// [`from_bytes_unchecked`](Self::from_bytes_unchecked)), so a message that
/// carries descriptors holds only descriptors lent to it as `BorrowedFd`s,
/// still borrowed for as long as this value lives.
///
/// It dereferences to the bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Encoded<'a> {
    bytes: &'a [u8],
}

impl<'a> Encoded<'a> {
    /// No control messages.
    pub const fn empty() -> Self {
        Encoded { bytes: &[] }
    }

    /// Control bytes built elsewhere, to send as they are.
    ///
    /// # Safety
    ///
    /// Every descriptor number in a message the kernel reads as descriptors
    /// (`SCM_RIGHTS`, Linux `SCM_PIDFD`) must be open and borrowed by the
    /// caller (as through a `BorrowedFd`) for `'a`: sending one lends its
    /// open file to the peer.
    pub const unsafe fn from_bytes_unchecked(bytes: &'a [u8]) -> Self {
        Encoded { bytes }
    }

    /// The bytes, for `msg_control`; their length is `msg_controllen`.
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }
}

impl core::ops::Deref for Encoded<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.bytes
    }
}
