//! The codec behind [`cmsg`](https://docs.rs/cmsg): socket control messages
//! (ancillary data, `struct cmsghdr`) as declared Rust types.
//!
//! - [`layout`]: `CMSG_ALIGN`, `CMSG_LEN`, `CMSG_SPACE` and the `CMSG_DATA`
//!   offset as `const fn`, for every operating system family.
//! - [`ControlMessage`]: what `#[derive(ControlMessage)]` implements: the
//!   level and type, the payload's byte layout (proven by zerocopy) and the
//!   direction ([`Sendable`], [`Receivable`]).
//! - [`Encoder`]: writes messages into a caller-provided buffer, such as a
//!   stack-allocated [`ControlBuffer`] sized at compile time with [`space`],
//!   and finishes them as the [`Encoded`] bytes `sendmsg` takes.
//!   Descriptors go in only as `BorrowedFd`s ([`Encoder::push_fds`]), which
//!   stay borrowed until the message is sent.
//! - [`Messages`]: walks received control bytes, validating every header
//!   against the real end of the buffer; [`RawMessage::decode`] turns one
//!   into a typed reference without copying.
//! - [`Received`]: owns the control bytes the kernel returned and every file
//!   descriptor inside them; what the caller does not take is closed on drop.
//!   It knows whether the kernel truncated them (`MSG_CTRUNC`): a lookup
//!   then reports [`DecodeError::Truncated`], never a missing message.
//! - With the `std` feature: [`sendmsg`] and [`recvmsg`] over any `AsFd`.
//!
//! Nothing here allocates.
//!
//! ```
//! use cmsg_core::{space_for, ControlBuffer, Encoder, Messages, ScmRights};
//! use std::os::fd::AsFd;
//!
//! let stdin = std::io::stdin();
//! let mut buf = ControlBuffer::<{ space_for::<ScmRights>(1) }>::new();
//! let mut encoder = Encoder::new(&mut buf);
//! encoder.push_fds(&[stdin.as_fd()])?;
//! let bytes = encoder.finish();
//! assert_eq!(bytes.len(), space_for::<ScmRights>(1));
//!
//! let message = Messages::new(&bytes).next().unwrap()?;
//! let rights: &ScmRights = message.decode()?;
//! assert_eq!(rights.as_raw_fds(), &[0]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![no_std]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![cfg_attr(
    not(test),
    warn(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

#[cfg(feature = "std")]
extern crate std;

// Lets `#[derive(ControlMessage)]`'s default path `::cmsg` resolve inside this
// crate too, so the messages declared here use the derive like anyone else.
extern crate self as cmsg;

mod buffer;
mod decode;
mod encode;
mod error;
mod flags;
mod header;
#[cfg(feature = "std")]
mod io;
pub mod layout;
mod message;
mod payload;
mod received;
mod rights;
pub mod sys;

pub use buffer::{space, space_for, ControlBuffer};
pub use decode::{Messages, RawMessage};
pub use encode::{Encoded, Encoder};
pub use error::{DecodeError, EncodeError, Expected};
pub use flags::{MsgFlags, RecvFlags, SendFlags};
#[cfg(feature = "std")]
pub use io::{
    enable, recvmsg, sendmsg, sendmsg_to, set_socket_option, set_socket_option_fd,
    set_socket_option_to, Enabled, OptionTakesFd, RecvMsg, Refused, TypedOption,
};
pub use message::{
    CarriesFds, ControlMessage, Direction, Enable, Receivable, Sendable, SocketOption,
};
pub use payload::{FieldList, Plain};
#[cfg(feature = "std")]
pub use received::ReceivedFds;
pub use received::{Dispatch, Fds, Incoming, ReceiveSet, Received};
pub use rights::ScmRights;

/// zerocopy, for structs nested inside a message's payload: derive its
/// `FromBytes`, `IntoBytes`, `KnownLayout` and `Immutable` on them with
/// `#[zerocopy(crate = "cmsg::zerocopy")]`.
pub use zerocopy;

/// `#[derive(ControlMessage)]`: see the [`ControlMessage`] trait.
pub use cmsg_derive::ControlMessage;

/// `#[derive(ControlMessages)]`: see the [`ReceiveSet`] trait.
pub use cmsg_derive::ControlMessages;

/// What the derive's expansion names; not a public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::sys::sendable_as_bytes;
    #[cfg(feature = "std")]
    pub use ::std::os::fd::AsFd;
    pub use core;
    pub use libc;
    pub use zerocopy;

    /// Its input where cmsg-core has `std`, nothing elsewhere: for what the
    /// receive-set derive writes over sockets.
    #[cfg(feature = "std")]
    #[macro_export]
    #[doc(hidden)]
    macro_rules! __with_std {
        ($($item:tt)*) => { $($item)* };
    }
    #[cfg(not(feature = "std"))]
    #[macro_export]
    #[doc(hidden)]
    macro_rules! __with_std {
        ($($item:tt)*) => {};
    }
    pub use crate::__with_std as with_std;

    /// Compiles only for a type that can be a field: the derive's
    /// diagnostic, spanned at each field (cmsg-core checks the same itself).
    #[inline(always)]
    pub const fn plain<T: ?Sized + crate::Plain>() {}
}
