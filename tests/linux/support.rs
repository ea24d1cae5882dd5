//! What every module of the Linux harness shares, each written once:
//! loopback sockets of either IP family, sending with one message and
//! receiving, integer socket options, waiting for the error queue, and
//! saying (`UNAVAILABLE: ...`) that the running kernel lacks a feature.

pub use crate::common::{
    fdinfo_pid, identity, is_cloexec, pass_pidfd, recv, send_bytes, unix_pair, UNIX_TYPES,
};

use cmsg::{
    recvmsg, sendmsg, sendmsg_to, set_socket_option, ControlBuffer, Enable, Encoder, Receivable,
    RecvFlags, RecvMsg, SendFlags, Sendable, SocketOption,
};
use std::ffi::c_int;
use std::fs::File;
use std::io::{self, IoSlice, IoSliceMut, Seek, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, UdpSocket};
use std::os::fd::{AsFd, AsRawFd};
use std::time::{Duration, Instant};

/// How long any receive or poll may block.
pub const TIMEOUT: Duration = Duration::from_secs(5);

// ---------------------------------------------------------------------------
// Features the kernel may lack.

/// The error number of `err` (0 if it has none).
pub fn errno(err: &io::Error) -> c_int {
    err.raw_os_error().unwrap_or(0)
}

/// Prints `UNAVAILABLE: <feature>: <why>`: the test then checks nothing
/// more, and the log says so.
pub fn unavailable(feature: &str, why: &dyn std::fmt::Display) {
    eprintln!("UNAVAILABLE: {feature}: {why}");
}

/// `result`'s value, or `None` (after [`unavailable`]) if it failed with
/// one of `missing`, the errors a kernel without `feature` gives. Any other
/// error fails the test.
pub fn available<T>(feature: &str, result: io::Result<T>, missing: &[c_int]) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(e) if missing.contains(&errno(&e)) => {
            unavailable(feature, &e);
            None
        }
        Err(e) => panic!("{feature}: {e}"),
    }
}

/// Whether this process runs as root (and so may set marks, or name any
/// process in credentials).
pub fn is_root() -> bool {
    // SAFETY: geteuid(2) cannot fail and touches no memory.
    unsafe { libc::geteuid() == 0 }
}

/// The kernel's release, `(major, minor)`, from `/proc/sys/kernel/osrelease`.
pub fn kernel_release() -> (u32, u32) {
    let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap();
    let mut parts = release
        .trim()
        .split(|c: char| !c.is_ascii_digit())
        .map(|n| n.parse::<u32>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

// ---------------------------------------------------------------------------
// IPv4 and IPv6 over loopback.

/// An IP family: the tests both families run take one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    V4,
    V6,
}

pub use Family::{V4, V6};

impl Family {
    /// `127.0.0.1` or `::1`.
    pub fn loopback(self) -> IpAddr {
        match self {
            V4 => IpAddr::V4(Ipv4Addr::LOCALHOST),
            V6 => IpAddr::V6(Ipv6Addr::LOCALHOST),
        }
    }

    /// A UDP socket bound to this family's loopback (port chosen by the
    /// kernel) with a read timeout, or `None` after saying so if the
    /// kernel has no such loopback (no IPv6).
    pub fn udp(self) -> Option<UdpSocket> {
        let socket = available(
            &format!("UDP over {}", self.loopback()),
            UdpSocket::bind((self.loopback(), 0)),
            &[libc::EADDRNOTAVAIL, libc::EAFNOSUPPORT],
        )?;
        socket.set_read_timeout(Some(TIMEOUT)).unwrap();
        Some(socket)
    }

    /// A receiver and a sender, both [`udp`](Self::udp).
    pub fn udp_pair(self) -> Option<(UdpSocket, UdpSocket)> {
        let rx = self.udp()?;
        Some((rx, bind((self.loopback(), 0))))
    }

    /// [`udp_pair`](Self::udp_pair) with the sender connected to the
    /// receiver.
    pub fn connected_pair(self) -> Option<(UdpSocket, UdpSocket)> {
        let (rx, tx) = self.udp_pair()?;
        tx.connect(rx.local_addr().unwrap()).unwrap();
        Some((rx, tx))
    }
}

/// A UDP socket bound to `address`, with a read timeout.
pub fn bind(address: impl Into<SocketAddr>) -> UdpSocket {
    let address = address.into();
    let socket = UdpSocket::bind(address).unwrap_or_else(|e| panic!("bind {address}: {e}"));
    socket.set_read_timeout(Some(TIMEOUT)).unwrap();
    socket
}

/// A loopback port of `family` nothing listens on: bound, noted, and
/// closed.
pub fn closed_port(family: Family) -> SocketAddr {
    bind((family.loopback(), 0)).local_addr().unwrap()
}

/// The loopback interface's index.
pub fn lo_index() -> c_int {
    // SAFETY: a NUL-terminated string that lives for the call.
    let index = unsafe { libc::if_nametoindex(c"lo".as_ptr()) };
    assert_ne!(
        index,
        0,
        "if_nametoindex(lo): {}",
        io::Error::last_os_error()
    );
    c_int::try_from(index).unwrap()
}

// ---------------------------------------------------------------------------
// Socket options.

/// `setsockopt(level, name)` to the `int` `value`.
pub fn set(socket: impl AsFd, level: c_int, name: c_int, value: c_int) {
    set_socket_option(socket, SocketOption { level, name }, value)
        .unwrap_or_else(|e| panic!("setsockopt({level}, {name}, {value}): {e}"));
}

/// `getsockopt(level, name)` of an `int` option.
pub fn get(socket: impl AsFd, level: c_int, name: c_int) -> c_int {
    let mut value: c_int = 0;
    let mut len = size_of::<c_int>() as libc::socklen_t;
    // SAFETY: `value` and `len` are live out-pointers of the sizes given.
    let rc = unsafe {
        libc::getsockopt(
            socket.as_fd().as_raw_fd(),
            level,
            name,
            std::ptr::from_mut(&mut value).cast(),
            &mut len,
        )
    };
    assert_eq!(rc, 0, "getsockopt: {}", io::Error::last_os_error());
    assert_eq!(len as usize, size_of::<c_int>());
    value
}

/// `setsockopt(fd, level, name, value, sizeof value)` for any option value.
pub fn setsockopt<T: ?Sized>(
    fd: impl AsFd,
    level: c_int,
    name: c_int,
    value: &T,
) -> io::Result<()> {
    let len = libc::socklen_t::try_from(size_of_val(value)).unwrap();
    // SAFETY: `value` is a live reference to `len` initialized bytes; the
    // kernel only reads them during the call.
    let rc = unsafe {
        libc::setsockopt(
            fd.as_fd().as_raw_fd(),
            level,
            name,
            std::ptr::from_ref(value).cast(),
            len,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

// ---------------------------------------------------------------------------
// Sending and receiving.

/// Sends `data` to `to` (the connected peer if `None`) with the one control
/// message `message`.
fn send_message<M: Sendable + ?Sized>(
    socket: impl AsFd,
    to: Option<SocketAddr>,
    data: &[u8],
    message: &M,
) -> io::Result<usize> {
    let mut out = ControlBuffer::<64>::new();
    let mut encoder = Encoder::new(&mut out);
    encoder.push(message).unwrap();
    let data = [IoSlice::new(data)];
    match to {
        Some(to) => sendmsg_to(socket, &to, &data, encoder.finish(), SendFlags::empty()),
        None => sendmsg(socket, &data, encoder.finish(), SendFlags::empty()),
    }
}

/// Sends `data` to the connected peer with the one message `message`.
pub fn send_one<M: Sendable + ?Sized>(
    socket: impl AsFd,
    data: &[u8],
    message: &M,
) -> io::Result<usize> {
    send_message(socket, None, data, message)
}

/// Sends `data` to `to` with the one message `message`.
pub fn send_to_with<M: Sendable + ?Sized>(
    socket: impl AsFd,
    to: SocketAddr,
    data: &[u8],
    message: &M,
) -> io::Result<usize> {
    send_message(socket, Some(to), data, message)
}

/// Sends `data` to `to` without control messages.
pub fn send_plain(socket: &UdpSocket, to: SocketAddr, data: &[u8]) {
    assert_eq!(socket.send_to(data, to).unwrap(), data.len());
}

/// Receives one message (no flags), which must come.
pub fn receive<'c>(socket: impl AsFd, data: &mut [u8], control: &'c mut [u8]) -> RecvMsg<'c> {
    recv(socket, data, control, RecvFlags::empty()).expect("recvmsg")
}

/// Receives one message into `data` with a roomy control buffer and hands
/// it to `inspect` (which may decode zero-copy from it).
pub fn with_received<R>(
    socket: impl AsFd,
    data: &mut [u8],
    flags: RecvFlags,
    inspect: impl FnOnce(&RecvMsg<'_>) -> R,
) -> io::Result<R> {
    let mut control = ControlBuffer::<512>::new();
    let msg = recvmsg(socket, &mut [IoSliceMut::new(data)], &mut control, flags)?;
    assert!(!msg.flags.control_truncated(), "512 bytes of control room");
    Ok(inspect(&msg))
}

/// The message `M`, which must be there.
pub fn must<M: Receivable + Copy>(msg: &RecvMsg<'_>) -> M {
    *msg.control
        .get::<M>()
        .unwrap()
        .unwrap_or_else(|| panic!("{} missing", std::any::type_name::<M>()))
}

/// Receives one datagram (at most 64 bytes) whose only expected control
/// message is `M`, checks its payload and sender, and returns `M`.
pub fn receive_one<M: Receivable + Copy>(
    socket: &UdpSocket,
    payload: &[u8],
    from: SocketAddr,
) -> M {
    let mut data = [0u8; 64];
    let mut control = ControlBuffer::<128>::new();
    let msg = receive(socket, &mut data, &mut control);
    assert!(!msg.flags.control_truncated());
    assert_eq!(&data[..msg.bytes], payload);
    assert_eq!(msg.address, Some(from));
    must::<M>(&msg)
}

/// A datagram that arrived with `M`: the message, and where it was sent.
pub struct Arrived<M> {
    pub message: M,
    /// The receiver's address.
    pub to: SocketAddr,
}

/// `payload` sent over `family`'s loopback to a receiver with `M` enabled
/// (`None` if the family is unavailable).
pub fn arrive<M: Receivable + Enable + Copy>(family: Family, payload: &[u8]) -> Option<Arrived<M>> {
    let (rx, tx) = family.udp_pair()?;
    cmsg::enable::<M>(&rx).unwrap();
    let (to, from) = (rx.local_addr().unwrap(), tx.local_addr().unwrap());
    send_plain(&tx, to, payload);
    let message = receive_one(&rx, payload, from);
    Some(Arrived { message, to })
}

/// Polls until `socket` has an error queued (`POLLERR`, which poll reports
/// whatever the requested events), for at most [`TIMEOUT`].
pub fn wait_for_error(socket: &UdpSocket) {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let mut fds = [libc::pollfd {
            fd: socket.as_raw_fd(),
            events: 0,
            revents: 0,
        }];
        let ms = c_int::try_from(left.as_millis()).unwrap_or(c_int::MAX);
        // SAFETY: `fds` is a live array of one `pollfd` the kernel writes
        // `revents` into during the call.
        let rc = unsafe { libc::poll(fds.as_mut_ptr(), 1, ms) };
        match rc {
            // With no events requested, only POLLERR (or POLLHUP/POLLNVAL,
            // which a UDP socket does not raise) can wake us.
            1.. => {
                assert_ne!(
                    fds[0].revents & libc::POLLERR,
                    0,
                    "revents {:#x}",
                    fds[0].revents
                );
                return;
            }
            0 => panic!("no error-queue entry within {TIMEOUT:?}"),
            _ => {
                let error = io::Error::last_os_error();
                assert_eq!(error.kind(), io::ErrorKind::Interrupted, "poll: {error}");
                assert!(!left.is_zero(), "no error-queue entry within {TIMEOUT:?}");
            }
        }
    }
}

/// An anonymous temporary file holding `contents`, at offset 0.
pub fn temp_file(contents: &[u8]) -> File {
    let path = std::env::temp_dir().join(format!(
        "cmsg-test-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let mut file = File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(&path)
        .unwrap();
    std::fs::remove_file(&path).unwrap();
    file.write_all(contents).unwrap();
    file.rewind().unwrap();
    file
}

/// A receiver and a sender over loopback, with the addresses.
pub struct Link {
    pub rx: UdpSocket,
    pub tx: UdpSocket,
    /// The receiver's address.
    pub to: SocketAddr,
    /// The sender's.
    pub from: SocketAddr,
    /// The sender's value of the option [`per_packet_field`] looked at,
    /// before it was set.
    pub default: c_int,
}

/// A header field every datagram carries (TTL or hop limit, TOS or traffic
/// class) as a receiver with `R` enabled sees it: the sender socket's value
/// as `getsockopt(option)` reads it, a per-datagram `S(per_datagram)`, the
/// socket's value once set to `socket_value`, and the per-datagram one
/// again, which wins over the socket's. Returns the link for the family's
/// own checks (`None` if the family is unavailable).
pub fn per_packet_field<R, S>(
    family: Family,
    option: (c_int, c_int),
    received: fn(c_int) -> R,
    sent: fn(c_int) -> S,
    (socket_value, per_datagram): (c_int, c_int),
) -> Option<Link>
where
    R: Receivable + Enable + Copy + PartialEq + std::fmt::Debug,
    S: Sendable,
{
    let (rx, tx) = family.udp_pair()?;
    let (to, from) = (rx.local_addr().unwrap(), tx.local_addr().unwrap());
    cmsg::enable::<R>(&rx).unwrap();
    let (level, name) = option;

    let default = get(&tx, level, name);
    assert!((0..=255).contains(&default), "{default}");
    send_plain(&tx, to, b"default");
    assert_eq!(receive_one::<R>(&rx, b"default", from), received(default));

    send_to_with(&tx, to, b"cmsg", &sent(per_datagram)).unwrap();
    assert_eq!(receive_one::<R>(&rx, b"cmsg", from), received(per_datagram));

    set(&tx, level, name, socket_value);
    send_plain(&tx, to, b"sockopt");
    assert_eq!(
        receive_one::<R>(&rx, b"sockopt", from),
        received(socket_value)
    );

    send_to_with(&tx, to, b"both", &sent(per_datagram)).unwrap();
    assert_eq!(receive_one::<R>(&rx, b"both", from), received(per_datagram));
    Some(Link {
        rx,
        tx,
        to,
        from,
        default,
    })
}
