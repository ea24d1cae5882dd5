//! Typed errors: each says what was expected and what was found.

use core::ffi::c_int;
use core::fmt;

/// Why received control bytes, or one message in them, could not be decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DecodeError {
    /// Fewer bytes remain at `offset` than a `struct cmsghdr` needs.
    HeaderTruncated {
        /// Where the header would start, from the start of the buffer.
        offset: usize,
        /// `sizeof(struct cmsghdr)`.
        needed: usize,
        /// Bytes left in the buffer from `offset`.
        available: usize,
    },
    /// `cmsg_len` is smaller than `CMSG_LEN(0)`, so the message cannot even
    /// hold its own header.
    LengthTooSmall {
        /// Where the header starts.
        offset: usize,
        /// `CMSG_LEN(0)`.
        min: usize,
        /// The `cmsg_len` found.
        found: usize,
    },
    /// `cmsg_len` runs past the end of the buffer (or overflows).
    LengthBeyondEnd {
        /// Where the header starts.
        offset: usize,
        /// Bytes left in the buffer from `offset`.
        available: usize,
        /// The `cmsg_len` found.
        found: usize,
    },
    /// The message is not the type asked for.
    WrongMessage {
        /// The `(level, type)` asked for.
        expected: (c_int, c_int),
        /// The `(level, type)` found.
        found: (c_int, c_int),
    },
    /// The payload's length does not fit the type.
    PayloadLength {
        /// The `(level, type)` of the message.
        message: (c_int, c_int),
        /// The lengths the type allows.
        expected: Expected,
        /// The payload bytes found.
        found: usize,
    },
    /// The payload is not aligned for a zero-copy reference; read it by
    /// value with [`RawMessage::read`](crate::RawMessage::read) instead.
    Misaligned {
        /// The alignment the type needs.
        align: usize,
        /// The payload's address modulo `align`.
        found: usize,
    },
    /// The kernel truncated the control data (`MSG_CTRUNC`: the buffer was
    /// too small), so messages after the whole ones were dropped or cut
    /// short: what was looked for may well have been sent. Size the buffer
    /// with [`space`](crate::space) for every message the socket has enabled.
    Truncated {
        /// The `(level, type)` looked for; `None` at the end of a walk.
        wanted: Option<(c_int, c_int)>,
        /// The control bytes the kernel wrote.
        received: usize,
    },
    /// A message no variant of a receive set takes, from a set declared
    /// `#[cmsg(unknown = error)]`.
    Unexpected {
        /// The `(level, type)` found.
        found: (c_int, c_int),
    },
}

impl DecodeError {
    /// The error with its offsets counted from `base` bytes earlier.
    pub(crate) fn shifted(self, base: usize) -> Self {
        match self {
            DecodeError::HeaderTruncated {
                offset,
                needed,
                available,
            } => DecodeError::HeaderTruncated {
                offset: offset + base,
                needed,
                available,
            },
            DecodeError::LengthTooSmall { offset, min, found } => DecodeError::LengthTooSmall {
                offset: offset + base,
                min,
                found,
            },
            DecodeError::LengthBeyondEnd {
                offset,
                available,
                found,
            } => DecodeError::LengthBeyondEnd {
                offset: offset + base,
                available,
                found,
            },
            other => other,
        }
    }
}

/// The payload lengths a message type allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Expected {
    /// Exactly this many bytes.
    Exactly(usize),
    /// `base` bytes and any whole number of `element`-byte elements.
    Elements {
        /// Bytes before the trailing slice.
        base: usize,
        /// Bytes per element.
        element: usize,
    },
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Expected::Exactly(n) => write!(f, "exactly {n} bytes"),
            Expected::Elements { base, element } => {
                write!(
                    f,
                    "{base} bytes plus a whole number of {element}-byte elements"
                )
            }
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            DecodeError::HeaderTruncated { offset, needed, available } => write!(
                f,
                "control message header at byte {offset} needs {needed} bytes, found {available}"
            ),
            DecodeError::LengthTooSmall { offset, min, found } => write!(
                f,
                "control message at byte {offset}: cmsg_len must be at least {min}, found {found}"
            ),
            DecodeError::LengthBeyondEnd { offset, available, found } => write!(
                f,
                "control message at byte {offset}: cmsg_len {found} runs past the {available} bytes left"
            ),
            DecodeError::WrongMessage { expected, found } => write!(
                f,
                "expected control message (level {}, type {}), found (level {}, type {})",
                expected.0, expected.1, found.0, found.1
            ),
            DecodeError::PayloadLength { message, expected, found } => write!(
                f,
                "control message (level {}, type {}): expected {expected} of payload, found {found}",
                message.0, message.1
            ),
            DecodeError::Misaligned { align, found } => write!(
                f,
                "control message payload must be {align}-byte aligned for a reference, found address % {align} == {found}"
            ),
            DecodeError::Truncated { wanted: Some((level, ty)), received } => write!(
                f,
                "control data truncated by the kernel (MSG_CTRUNC) after {received} bytes: expected control message (level {level}, type {ty}), found it dropped or cut short; the control buffer is too small"
            ),
            DecodeError::Unexpected { found } => write!(
                f,
                "control message (level {}, type {}) is not one the receive set expects",
                found.0, found.1
            ),
            DecodeError::Truncated { wanted: None, received } => write!(
                f,
                "control data truncated by the kernel (MSG_CTRUNC) after {received} bytes: messages after it were dropped or cut short; the control buffer is too small"
            ),
        }
    }
}

impl core::error::Error for DecodeError {}

/// Why a message could not be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EncodeError {
    /// The buffer has no room for the message.
    BufferTooSmall {
        /// Total bytes the buffer would need, this message included.
        needed: usize,
        /// The buffer's size.
        available: usize,
    },
    /// The payload is too large for `cmsg_len`.
    PayloadTooLarge {
        /// The payload's size in bytes.
        payload: usize,
    },
    /// The payload would not be aligned for filling it in place.
    Misaligned {
        /// The alignment the type needs.
        align: usize,
        /// The payload's address modulo `align`.
        found: usize,
    },
    /// [`Encoder::push_raw`](crate::Encoder::push_raw) was given a message
    /// the kernel reads as descriptors: send descriptors with
    /// [`Encoder::push_fds`](crate::Encoder::push_fds).
    CarriesFds {
        /// `cmsg_level`.
        level: c_int,
        /// `cmsg_type`.
        ty: c_int,
    },
    /// A message whose payload holds addresses the kernel reads or writes
    /// (Linux `SOL_RDS`'s RDMA messages) was given as bytes: safe code
    /// cannot vouch for them
    /// ([`push_raw_unchecked`](crate::Encoder::push_raw_unchecked) can).
    CarriesAddresses {
        /// `cmsg_level`.
        level: c_int,
        /// `cmsg_type`.
        ty: c_int,
    },
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            EncodeError::BufferTooSmall { needed, available } => write!(
                f,
                "control buffer too small: needs {needed} bytes, has {available}"
            ),
            EncodeError::PayloadTooLarge { payload } => {
                write!(
                    f,
                    "control message payload of {payload} bytes does not fit cmsg_len"
                )
            }
            EncodeError::Misaligned { align, found } => write!(
                f,
                "control message payload must be {align}-byte aligned to fill in place, found address % {align} == {found}"
            ),
            EncodeError::CarriesFds { level, ty } => write!(
                f,
                "control message (level {level}, type {ty}) carries file descriptors: expected them as BorrowedFds through Encoder::push_fds, found raw bytes"
            ),
            EncodeError::CarriesAddresses { level, ty } => write!(
                f,
                "control message (level {level}, type {ty}) carries memory addresses the kernel uses: safe code cannot send it as bytes"
            ),
        }
    }
}

impl core::error::Error for EncodeError {}

#[cfg(feature = "std")]
impl From<DecodeError> for std::io::Error {
    fn from(e: DecodeError) -> Self {
        std::io::Error::new(std::io::ErrorKind::InvalidData, e)
    }
}

#[cfg(feature = "std")]
impl From<EncodeError> for std::io::Error {
    fn from(e: EncodeError) -> Self {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, e)
    }
}
