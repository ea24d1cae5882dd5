//! Walking received control bytes: validated raw messages, then typed views.

use crate::error::{DecodeError, Expected};
use crate::header::Header;
use crate::layout::{Abi, Native};
use crate::payload::{self, ViewError};
use crate::{ControlMessage, Receivable};
use core::ffi::c_int;
use core::marker::PhantomData;
use core::ops::Range;

/// One header found by [`walk`], with the byte ranges it names.
#[derive(Clone, Debug)]
pub(crate) struct Step {
    pub(crate) header: Header,
    /// The payload, within the buffer.
    pub(crate) data: Range<usize>,
    /// Where the next header would start (may lie past the end).
    pub(crate) next: usize,
}

/// How [`walk`] treats a `cmsg_len` that runs past the end of the buffer.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Overrun {
    /// Report [`DecodeError::LengthBeyondEnd`].
    Reject,
    /// Clamp the payload to the end of the buffer. macOS leaves `cmsg_len`
    /// at its untruncated size when it truncates, and the descriptors it did
    /// install up to the end of the buffer still have to be found and closed.
    Clamp,
}

/// Reads the header at `offset`, checking every length against `bytes.len()`.
/// `None` at the end of the buffer. Never panics and never reads outside
/// `bytes`.
#[inline]
pub(crate) fn walk<A: Abi>(
    bytes: &[u8],
    offset: usize,
    overrun: Overrun,
) -> Option<Result<Step, DecodeError>> {
    let layout = A::LAYOUT;
    let available = bytes.len().checked_sub(offset).filter(|&n| n > 0)?;
    let rest = bytes.get(offset..)?;
    let Some(header) = Header::read(layout, rest) else {
        return Some(Err(DecodeError::HeaderTruncated {
            offset,
            needed: layout.header_size,
            available,
        }));
    };
    let len = header.len;
    let min = layout.data_offset();
    if len < min {
        return Some(Err(DecodeError::LengthTooSmall {
            offset,
            min,
            found: len,
        }));
    }
    let end = if len <= available {
        offset + len
    } else if overrun == Overrun::Clamp {
        bytes.len()
    } else {
        return Some(Err(DecodeError::LengthBeyondEnd {
            offset,
            available,
            found: len,
        }));
    };
    // `min <= len` and `offset + min <= offset + available`: no overflow, and
    // a clamped payload may be shorter than the header claims but never
    // starts past its end (the header itself was read in full).
    let data = (offset + min).min(end)..end;
    let next = match layout.checked_space(len - min) {
        Some(space) if len <= available => offset.saturating_add(space),
        _ => bytes.len(),
    };
    Some(Ok(Step { header, data, next }))
}

/// An iterator over the control messages in a byte buffer, as returned by
/// `recvmsg` in `msg_control`/`msg_controllen`.
///
/// Every header is checked against the real end of the buffer; the first
/// malformed one yields an error, after which the iterator ends. The last
/// message may lack its trailing padding, as kernels return it.
///
/// ```
/// use cmsg_core::{Messages, DecodeError};
///
/// // Four bytes cannot hold a header on any system.
/// let short = [0u8; 4];
/// let mut messages = Messages::new(&short);
/// assert!(matches!(messages.next(), Some(Err(DecodeError::HeaderTruncated { available: 4, .. }))));
/// assert!(messages.next().is_none());
/// ```
///
/// It walks the native layout; `Messages::<A>::for_abi` walks another
/// system's ([`Abi`](crate::layout::Abi)).
#[derive(Clone, Debug)]
pub struct Messages<'a, A: Abi = Native> {
    bytes: &'a [u8],
    offset: usize,
    /// The kernel cut the control data short (`MSG_CTRUNC`), and the walk
    /// has not yet said so.
    truncated: bool,
    abi: PhantomData<A>,
}

impl<'a> Messages<'a> {
    /// Walks `bytes`; the buffer is read, never trusted.
    pub const fn new(bytes: &'a [u8]) -> Self {
        Messages::for_abi(bytes)
    }

    /// Walks `bytes` that the kernel truncated (`recvmsg` set `MSG_CTRUNC`):
    /// after the whole messages, the walk ends with
    /// [`DecodeError::Truncated`], so that a message the kernel dropped is
    /// never mistaken for one that was not sent.
    /// [`Received::messages`](crate::Received::messages) does this for you.
    ///
    /// ```
    /// use cmsg_core::{DecodeError, Messages};
    ///
    /// let mut messages = Messages::new_truncated(&[]);
    /// assert!(matches!(messages.next(), Some(Err(DecodeError::Truncated { wanted: None, received: 0 }))));
    /// assert!(messages.next().is_none());
    /// ```
    pub const fn new_truncated(bytes: &'a [u8]) -> Self {
        Messages {
            bytes,
            offset: 0,
            truncated: true,
            abi: PhantomData,
        }
    }
}

impl<'a, A: Abi> Messages<'a, A> {
    /// Walks `bytes` laid out as `A` lays control data out.
    pub const fn for_abi(bytes: &'a [u8]) -> Self {
        Messages {
            bytes,
            offset: 0,
            truncated: false,
            abi: PhantomData,
        }
    }

    /// The first message of type `M`, decoded without copying; `Ok(None)` if
    /// there is none. A malformed buffer or a malformed `M` is an error, and
    /// so is a search of truncated control data that finds no whole `M`
    /// ([`DecodeError::Truncated`]).
    pub fn get<M: Receivable + ?Sized>(self) -> Result<Option<&'a M>, DecodeError> {
        self.first::<M>()?
            .map(|message| message.decode::<M>())
            .transpose()
    }

    /// The first message of type `M`, copied out by value whatever its
    /// alignment: [`get`](Self::get) for payloads a reference cannot point
    /// at (8-byte-aligned types on systems that align payloads to 4).
    pub fn read<M>(self) -> Result<Option<M>, DecodeError>
    where
        M: Receivable + Copy,
    {
        self.first::<M>()?
            .map(|message| message.read::<M>())
            .transpose()
    }

    /// The first message with `M`'s level and type, with a truncated last
    /// message or a truncated search reported as [`DecodeError::Truncated`].
    fn first<M: ControlMessage + ?Sized>(self) -> Result<Option<RawMessage<'a>>, DecodeError> {
        let (received, truncated) = (self.bytes.len(), self.truncated);
        let cut = DecodeError::Truncated {
            wanted: Some((M::LEVEL, M::TYPE)),
            received,
        };
        let mut messages = self;
        while let Some(message) = messages.next() {
            let message = match message {
                Ok(message) => message,
                Err(DecodeError::Truncated { .. }) => return Err(cut),
                Err(e) => return Err(e),
            };
            if message.is::<M>() {
                let last = truncated && matches!(messages.clone().next(), None | Some(Err(_)));
                if last && message.may_be_cut::<M>() {
                    return Err(cut);
                }
                return Ok(Some(message));
            }
        }
        Ok(None)
    }
}

impl<'a, A: Abi> Iterator for Messages<'a, A> {
    type Item = Result<RawMessage<'a>, DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        let truncation = DecodeError::Truncated {
            wanted: None,
            received: self.bytes.len(),
        };
        let Some(step) = walk::<A>(self.bytes, self.offset, Overrun::Reject) else {
            // The end: say once that the kernel cut what came after it.
            return core::mem::take(&mut self.truncated).then_some(Err(truncation));
        };
        match step {
            Ok(step) => {
                self.offset = step.next;
                let data = self.bytes.get(step.data.clone())?;
                let Header { level, ty, .. } = step.header;
                Some(Ok(RawMessage {
                    level,
                    ty,
                    data,
                    offset: step.data.start,
                }))
            }
            Err(e) => {
                self.offset = self.bytes.len();
                // In truncated data a header cut short, or a `cmsg_len` left
                // at its untruncated size (macOS), is the truncation itself.
                let e = if core::mem::take(&mut self.truncated) {
                    truncation
                } else {
                    e
                };
                Some(Err(e))
            }
        }
    }
}

impl<A: Abi> core::iter::FusedIterator for Messages<'_, A> {}

/// One validated control message: its level, type and payload bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawMessage<'a> {
    /// `cmsg_level`.
    pub level: c_int,
    /// `cmsg_type`.
    pub ty: c_int,
    /// The payload: `cmsg_len - CMSG_LEN(0)` bytes from `CMSG_DATA`.
    pub data: &'a [u8],
    /// The payload's offset in the control buffer.
    pub offset: usize,
}

impl<'a> RawMessage<'a> {
    /// Whether this message has `M`'s level and type.
    pub const fn is<M: ControlMessage + ?Sized>(&self) -> bool {
        self.level == M::LEVEL && self.ty == M::TYPE
    }

    /// Whether this message, if it is the last of truncated control data,
    /// may have been cut as an `M`. The kernel cuts the last message it
    /// writes to what fits (Linux's `put_cmsg()`, `scm_detach_fds()`) and
    /// counts its padding in `msg_controllen`, so its length proves little:
    /// a sized `M` of the right length is whole; a slice-tailed one may
    /// have lost elements.
    pub(crate) fn may_be_cut<M: ControlMessage + ?Sized>(&self) -> bool {
        M::ELEMENT_SIZE != 0 || self.check::<M>().is_err()
    }

    /// Checks level, type and payload length for `M`.
    pub(crate) fn check<M: ControlMessage + ?Sized>(&self) -> Result<(), DecodeError> {
        if !self.is::<M>() {
            return Err(DecodeError::WrongMessage {
                expected: (M::LEVEL, M::TYPE),
                found: (self.level, self.ty),
            });
        }
        let found = self.data.len();
        let fits = match M::ELEMENT_SIZE {
            0 => found == M::BASE_SIZE,
            element => found
                .checked_sub(M::BASE_SIZE)
                .is_some_and(|tail| tail % element == 0),
        };
        if fits {
            Ok(())
        } else {
            Err(self.length_error::<M>())
        }
    }

    fn length_error<M: ControlMessage + ?Sized>(&self) -> DecodeError {
        let expected = match M::ELEMENT_SIZE {
            0 => Expected::Exactly(M::BASE_SIZE),
            element => Expected::Elements {
                base: M::BASE_SIZE,
                element,
            },
        };
        DecodeError::PayloadLength {
            message: (self.level, self.ty),
            expected,
            found: self.data.len(),
        }
    }

    /// The payload as a `&M`, without copying: checks level, type, exact
    /// length (or a whole number of trailing elements) and alignment.
    ///
    /// A payload in a [`ControlBuffer`](crate::ControlBuffer) is aligned for
    /// every type whose alignment does not exceed the platform's
    /// [`data_align`](crate::layout::Layout::data_align); on macOS (4-byte
    /// alignment) an 8-byte-aligned type may need [`read`](Self::read).
    pub fn decode<M: Receivable + ?Sized>(&self) -> Result<&'a M, DecodeError> {
        self.check::<M>()?;
        payload::view::<M>(self.data).map_err(|e| self.view_error::<M>(e))
    }

    /// The payload as an `M` by value, copied out whatever its alignment.
    pub fn read<M>(&self) -> Result<M, DecodeError>
    where
        M: Receivable + Copy,
    {
        self.check::<M>()?;
        payload::read::<M>(self.data).map_err(|e| self.view_error::<M>(e))
    }

    fn view_error<M: ControlMessage + ?Sized>(&self, e: ViewError) -> DecodeError {
        match e {
            ViewError::Misaligned { align, found } => DecodeError::Misaligned { align, found },
            ViewError::Length => self.length_error::<M>(),
        }
    }
}
