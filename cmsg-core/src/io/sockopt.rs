//! `setsockopt`: the options that make the kernel deliver control messages.

use crate::sys::reads_fd;
use crate::{Enable, Plain, SocketOption};
use core::ffi::c_int;
use core::fmt;
use core::marker::PhantomData;
use core::mem::size_of;
use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd};

/// Sets an integer socket option: `setsockopt(socket, option.level,
/// option.name, &value, sizeof(int))`.
///
/// An option whose value the kernel reads as one of the caller's
/// descriptors ([`reads_fd`](crate::sys::reads_fd): Linux `SO_ATTACH_BPF`,
/// `SO_ATTACH_REUSEPORT_EBPF`, `PACKET_FANOUT_DATA`; BSD `SO_SPLICE`) is
/// refused with [`io::ErrorKind::InvalidInput`] and an
/// [`OptionTakesFd`] inside: set it with [`set_socket_option_fd`], from a
/// descriptor the caller holds.
///
/// ```
/// # #[cfg(all(target_os = "linux", not(miri)))] {
/// use cmsg_core::{set_socket_option, SocketOption};
///
/// let socket = std::net::UdpSocket::bind("127.0.0.1:0")?;
/// set_socket_option(&socket, SocketOption { level: libc::IPPROTO_IP, name: libc::IP_RECVTTL }, 1)?;
///
/// let bpf = SocketOption { level: libc::SOL_SOCKET, name: libc::SO_ATTACH_BPF };
/// let refused = set_socket_option(&socket, bpf, 0).unwrap_err();
/// assert_eq!(refused.kind(), std::io::ErrorKind::InvalidInput);
/// # }
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn set_socket_option(socket: impl AsFd, option: SocketOption, value: c_int) -> io::Result<()> {
    if reads_fd(option) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            OptionTakesFd { option },
        ));
    }
    set(socket.as_fd(), option, &value)
}

/// Sets a socket option whose value is a descriptor (such as Linux
/// `SO_ATTACH_BPF`, which takes a BPF program): the kernel reads `fd`'s
/// number during the call, while it is borrowed.
pub fn set_socket_option_fd(
    socket: impl AsFd,
    option: SocketOption,
    fd: BorrowedFd<'_>,
) -> io::Result<()> {
    set(socket.as_fd(), option, &fd.as_raw_fd())
}

/// A socket option whose value is a `T` the kernel reads as plain data:
/// what [`set_socket_option_to`] sets, for options whose value is a struct
/// (Linux `SO_TXTIME` takes a `struct sock_txtime`).
///
/// Declaring one is `unsafe` because a struct's fields may be things the
/// kernel acts on: a descriptor number (`SO_ATTACH_BPF`), or an address it
/// reads from or later writes to (`XDP_UMEM_REG`, `IPT_SO_SET_REPLACE`).
/// Safe code could then make the kernel use a descriptor or memory it does
/// not own; the declaration is where someone checks that it cannot.
///
/// ```
/// # #[cfg(all(target_os = "linux", not(miri)))] {
/// use cmsg_core::{set_socket_option_to, SocketOption, TypedOption};
///
/// /// `struct linger` (`<sys/socket.h>`).
/// #[derive(cmsg_core::zerocopy::FromBytes, cmsg_core::zerocopy::IntoBytes, cmsg_core::zerocopy::Immutable)]
/// #[zerocopy(crate = "cmsg_core::zerocopy")]
/// #[repr(C)]
/// struct Linger { on: i32, seconds: i32 }
///
/// // SAFETY: the kernel reads `SO_LINGER` as a `struct linger`: two ints
/// // that are neither descriptors nor addresses.
/// const SO_LINGER: TypedOption<Linger> = unsafe {
///     TypedOption::new(SocketOption { level: libc::SOL_SOCKET, name: libc::SO_LINGER })
/// };
///
/// let socket = std::net::TcpListener::bind("127.0.0.1:0")?;
/// set_socket_option_to(&socket, SO_LINGER, &Linger { on: 1, seconds: 5 })?;
/// # }
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct TypedOption<T> {
    option: SocketOption,
    value: PhantomData<fn(&T)>,
}

impl<T> Clone for TypedOption<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for TypedOption<T> {}

impl<T: Plain> TypedOption<T> {
    /// Declares that `option`'s value is a `T`.
    ///
    /// # Safety
    ///
    /// The kernel of every system this is compiled for reads `option`'s
    /// value as a `T` (or refuses it), and no part of a `T` is a
    /// descriptor or an address: the kernel acts on nothing the value
    /// names beyond the socket itself.
    pub const unsafe fn new(option: SocketOption) -> Self {
        TypedOption {
            option,
            value: PhantomData,
        }
    }

    /// The option's level and name.
    pub const fn option(&self) -> SocketOption {
        self.option
    }
}

/// Sets a socket option whose value is a struct: `setsockopt(socket,
/// level, name, value, sizeof(T))`. See [`TypedOption`].
pub fn set_socket_option_to<T: Plain>(
    socket: impl AsFd,
    option: TypedOption<T>,
    value: &T,
) -> io::Result<()> {
    set(socket.as_fd(), option.option, value)
}

fn set<T: Plain>(socket: BorrowedFd<'_>, option: SocketOption, value: &T) -> io::Result<()> {
    let len = libc::socklen_t::try_from(size_of::<T>())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "option value too large"))?;
    // SAFETY: `value` is a live `T` of `len` bytes, all initialized (`T`
    // is `Plain`: no padding, no interior mutability); the kernel only
    // reads them during the call. What the kernel does with the value is
    // safe by the callers' contracts: `set_socket_option` refuses options
    // read as descriptors, `set_socket_option_fd` passes a borrowed one,
    // `TypedOption::new` is unsafe.
    let rc = unsafe {
        libc::setsockopt(
            socket.as_raw_fd(),
            option.level,
            option.name,
            core::ptr::from_ref(value).cast(),
            len,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Why [`set_socket_option`] refused an option: the kernel would read its
/// value as a descriptor the caller may not hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OptionTakesFd {
    /// The option refused.
    pub option: SocketOption,
}

impl fmt::Display for OptionTakesFd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let SocketOption { level, name } = self.option;
        write!(
            f,
            "socket option (level {level}, name {name}) takes a file descriptor, not a number: set it with `set_socket_option_fd` from a BorrowedFd"
        )
    }
}

impl std::error::Error for OptionTakesFd {}

/// Asks the kernel to deliver `M` on `socket`: sets `M`'s
/// [`OPTION`](Enable::OPTION) to 1. A message declared without
/// `enable = ...` does not compile.
///
/// ```
/// # #[cfg(all(target_os = "linux", not(miri)))] {
/// use cmsg_core::{enable, ControlMessage};
/// # #[derive(ControlMessage, Clone, Copy)]
/// # #[cmsg(crate = "cmsg_core", level = libc::SOL_SOCKET, ty = libc::SCM_CREDENTIALS, enable = libc::SO_PASSCRED)]
/// # #[repr(C)]
/// # struct Credentials { pid: i32, uid: u32, gid: u32 }
/// let (a, _b) = std::os::unix::net::UnixDatagram::pair()?;
/// enable::<Credentials>(&a)?;
/// # }
/// # Ok::<(), std::io::Error>(())
/// ```
///
/// An `enable` option the kernel would read as a descriptor is refused as
/// by [`set_socket_option`].
pub fn enable<M: Enable + ?Sized>(socket: impl AsFd) -> io::Result<()> {
    set_socket_option(socket, M::OPTION, 1)
}

/// What a receive set's `enable` did: every variant's option set, or the
/// kernel's error for each one it refused. Nothing stops at the first
/// refusal, so a kernel without one feature still gets the others.
///
/// ```no_run
/// # fn f(report: cmsg_core::Enabled<3>) {
/// for refused in report.refused() {
///     eprintln!("{} not enabled: {}", refused.variant, refused.error);
/// }
/// # }
/// ```
#[derive(Debug)]
pub struct Enabled<const N: usize> {
    switches: [Switch; N],
}

#[derive(Debug)]
struct Switch {
    variant: &'static str,
    option: Option<SocketOption>,
    error: Option<io::Error>,
}

/// One option the kernel refused.
#[derive(Debug)]
pub struct Refused<'e> {
    /// The receive set's variant that needed it.
    pub variant: &'static str,
    /// The option.
    pub option: SocketOption,
    /// What the kernel said.
    pub error: &'e io::Error,
}

impl<const N: usize> Enabled<N> {
    /// Sets each option to 1 on `socket`: what the derive's `enable` calls,
    /// with `(variant, its message's ENABLE)` for each variant.
    #[doc(hidden)]
    pub fn set(socket: BorrowedFd<'_>, options: [(&'static str, Option<SocketOption>); N]) -> Self {
        Enabled {
            switches: options.map(|(variant, option)| Switch {
                variant,
                option,
                error: option.and_then(|option| set_socket_option(socket, option, 1).err()),
            }),
        }
    }

    /// Whether the kernel accepted every option.
    pub fn all_enabled(&self) -> bool {
        self.switches.iter().all(|s| s.error.is_none())
    }

    /// The options the kernel refused, with its reasons.
    pub fn refused(&self) -> impl Iterator<Item = Refused<'_>> {
        self.switches.iter().filter_map(|s| {
            Some(Refused {
                variant: s.variant,
                option: s.option?,
                error: s.error.as_ref()?,
            })
        })
    }

    /// `Ok` if every option was set, else this report as the error.
    pub fn into_result(self) -> Result<(), Self> {
        if self.all_enabled() {
            Ok(())
        } else {
            Err(self)
        }
    }
}

impl<const N: usize> fmt::Display for Enabled<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.all_enabled() {
            return write!(f, "every option enabled");
        }
        write!(f, "the kernel refused to enable")?;
        for (i, refused) in self.refused().enumerate() {
            let SocketOption { level, name } = refused.option;
            let sep = if i == 0 { " " } else { "; " };
            write!(
                f,
                "{sep}{} (level {level}, option {name}): {}",
                refused.variant, refused.error
            )?;
        }
        Ok(())
    }
}

impl<const N: usize> std::error::Error for Enabled<N> {}
