//! The [`ControlMessage`] trait and the direction markers.

use crate::payload::{shape, FieldList, Plain};
use core::ffi::c_int;

/// A socket control message: a `(level, type)` pair and the payload that
/// follows a `struct cmsghdr` carrying them.
///
/// Implement it with `#[derive(ControlMessage)]` on a `#[repr(C)]` struct:
///
/// ```
/// use cmsg_core::{ControlMessage, Receivable};
///
/// /// Linux `SCM_CREDENTIALS`, as a downstream crate would declare it.
/// #[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq)]
/// #[cmsg(crate = "cmsg_core", level = libc::SOL_SOCKET, ty = libc::SCM_CREDENTIALS,
///        enable = libc::SO_PASSCRED)]
/// #[repr(C)]
/// pub struct Credentials {
///     pub pid: libc::pid_t,
///     pub uid: libc::uid_t,
///     pub gid: libc::gid_t,
/// }
///
/// assert_eq!(Credentials::LEVEL, libc::SOL_SOCKET);
/// assert_eq!(Credentials::BASE_SIZE, 12);
/// ```
///
/// (Through the `cmsg` facade crate, leave out `crate = ...`.)
///
/// The attribute's keys:
///
/// | key | meaning |
/// |---|---|
/// | `level = EXPR` | `cmsg_level`, a `c_int` constant expression (required) |
/// | `ty = EXPR` | `cmsg_type`, a `c_int` constant expression (required) |
/// | `direction = send \| recv \| both` | which of [`Sendable`] and [`Receivable`] to implement (default `both`) |
/// | `enable = EXPR` | the socket option that turns delivery on ([`ControlMessage::ENABLE`]) |
/// | `enable_level = EXPR` | its level, when it differs from `level` |
/// | `crate = "path"` | where `cmsg` is, for crates that re-export it |
///
/// A payload may end in a slice (`[T]`), as `SCM_RIGHTS` ends in an array of
/// descriptors; its messages then carry any whole number of elements. The
/// payload must have no padding for any element count, so the element size
/// must be a multiple of the struct's alignment: write a `u32` header before
/// a `[u8]` tail as `[u8; 4]` (or use `#[repr(C, packed)]`), as
/// `struct af_alg_iv` does in the Linux catalogue.
///
/// `crate = "path"` is resolved as zerocopy resolves its own: a path that
/// does not start with `::`, `crate`, `self` or `super` names a crate.
///
/// # Safety
///
/// The derive implements this trait; a hand-written impl must state the
/// same facts about `Self`, which must be a `#[repr(C)]`,
/// `#[repr(transparent)]` or `#[repr(C, packed)]` struct:
///
/// - [`Fields`](ControlMessage::Fields) lists the types of `Self`'s fields
///   before any trailing slice, in order, as `(A, (B, ()))`;
/// - [`Element`](ControlMessage::Element) is `T` when the last field is a
///   slice `[T]`, and `()` when `Self` is sized;
/// - [`Head`](ControlMessage::Head) is `Self` when `Self` is sized, and
///   otherwise a struct with `Self`'s `#[repr]` and fields in which the
///   slice is replaced by `[T; 0]`;
/// - [`from_elements`](ControlMessage::from_elements) returns its argument
///   cast to `*const Self` (`elements as *const Self`): the same address,
///   and the slice's length as the number of trailing elements.
///
/// The layout constants have defaults computed from these types, which
/// must not be overridden. cmsg-core checks the rest itself, in its own
/// code where no path can be substituted: that every field is [`Plain`]
/// (any bytes valid, no padding, no interior mutability) and that the
/// field sizes add up to the payload's, so that it has no padding.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a control message",
    label = "not declared with #[derive(ControlMessage)]",
    note = "declare it: #[derive(ControlMessage)] #[cmsg(level = ..., ty = ...)] #[repr(C)] struct ..."
)]
pub unsafe trait ControlMessage {
    /// `cmsg_level`: the protocol level (`SOL_SOCKET`, `IPPROTO_IP`, ...).
    const LEVEL: c_int;
    /// `cmsg_type`: the message type within the level.
    const TYPE: c_int;
    /// The socket option that makes the kernel deliver this message, if any.
    const ENABLE: Option<SocketOption>;
    /// Which way the message travels.
    const DIRECTION: Direction;
    /// Payload bytes before any trailing slice; the whole payload of a sized
    /// message.
    const BASE_SIZE: usize = shape::<Self>().base;
    /// Bytes per trailing slice element; `0` for a sized message.
    const ELEMENT_SIZE: usize = shape::<Self>().element;
    /// The payload's alignment: what a zero-copy reference needs.
    const ALIGN: usize = shape::<Self>().align;

    /// The types of the fields before any trailing slice, as a list
    /// `(A, (B, ()))`.
    type Fields: FieldList;
    /// `Self` if sized; else `Self`'s head, ending in `[Element; 0]`.
    type Head: Sized;
    /// The trailing slice's element type; `()` for a sized message.
    type Element: Plain;

    /// `elements` as a pointer to `Self` with that many trailing elements.
    fn from_elements(elements: *const [Self::Element]) -> *const Self;
}

/// A message the kernel accepts from `sendmsg` and whose payload holds no
/// file descriptors: [`Encoder::push`](crate::Encoder::push) takes only
/// these.
///
/// Descriptors are sent only with [`Encoder::push_fds`](crate::Encoder::push_fds),
/// from `BorrowedFd`s the caller holds (Rust's I/O safety): a message the
/// kernel reads as descriptors (`SCM_RIGHTS`) is never `Sendable`, and
/// declaring one `direction = send` or `both` does not compile.
///
/// # Safety
///
/// The kernel must not read the payload of a message with this level and
/// type as descriptors: [`carries_fds`](crate::sys::carries_fds) is false for
/// it. The derive asserts this at compile time.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be encoded as a value: it is receive-only or carries file descriptors",
    label = "not a sendable control message",
    note = "only messages declared with `direction = send` or `both` (the default) can be encoded",
    note = "file descriptors (SCM_RIGHTS) are sent with `Encoder::push_fds(&[BorrowedFd])`, so that only descriptors you hold can be sent"
)]
pub unsafe trait Sendable: ControlMessage {}

/// A message the kernel delivers through `recvmsg`: typed decoding takes
/// only these.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is a send-only control message",
    label = "the kernel never delivers this message",
    note = "only messages declared with `direction = recv` or `both` (the default) can be decoded"
)]
pub trait Receivable: ControlMessage {}

/// Which way a control message travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Only given to `sendmsg`.
    Send,
    /// Only returned by `recvmsg`.
    Receive,
    /// Both.
    Both,
}

/// A socket option: `setsockopt(fd, level, name, ...)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SocketOption {
    /// The option's level (`SOL_SOCKET`, `IPPROTO_IP`, ...).
    pub level: c_int,
    /// The option's name (`SO_PASSCRED`, `IP_PKTINFO`, ...).
    pub name: c_int,
}

/// A message the kernel delivers once a socket option is set: what
/// [`enable`](crate::enable) sets. The derive implements it for messages
/// declared with `enable = ...`.
///
/// ```
/// use cmsg_core::{ControlMessage, Enable, SocketOption};
///
/// #[derive(ControlMessage)]
/// #[cmsg(crate = "cmsg_core", level = libc::IPPROTO_IP, ty = libc::IP_TTL, enable = libc::IP_RECVTTL)]
/// #[repr(C)]
/// struct Ttl(i32);
///
/// assert_eq!(Ttl::OPTION, SocketOption { level: libc::IPPROTO_IP, name: libc::IP_RECVTTL });
/// assert_eq!(Ttl::ENABLE, Some(Ttl::OPTION));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no socket option that enables it",
    label = "declared without `enable = ...`",
    note = "add `enable = OPTION` (and `enable_level = LEVEL` if the option's level differs) to its #[cmsg(...)], or set the option with `set_socket_option`"
)]
pub trait Enable: ControlMessage {
    /// The socket option, set to 1 to turn delivery on; equal to
    /// [`ControlMessage::ENABLE`].
    const OPTION: SocketOption;
}

/// A received message whose payload is descriptors the kernel installed:
/// [`Received::take_fds_of`](crate::Received::take_fds_of) hands them out
/// as `OwnedFd`s.
///
/// Implemented for [`ScmRights`](crate::ScmRights) and the catalogue's
/// Linux `ScmPidfd`; a crate that declares its own view of such a message
/// may implement it too. Only `(level, type)` pairs the kernel really fills
/// with descriptors ([`carries_fds`](crate::sys::carries_fds)) ever yield
/// any, whatever implements this.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not carry file descriptors",
    label = "no descriptors to take from this message",
    note = "descriptors arrive in SCM_RIGHTS (`take_fds()`) and, on Linux, SCM_PIDFD (`take_fds_of::<ScmPidfd>()`)"
)]
pub trait CarriesFds: Receivable {}
