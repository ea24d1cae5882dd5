//! The socket types of the matrix and what every check does with them:
//! connected pairs over `AF_UNIX` and loopback, sending with one message,
//! receiving with a timeout, the error queue, and the clock.

use crate::live::outcome::{unavailable_if, Context, Fail};
use cmsg::{recvmsg, sendmsg, Encoded, Encoder, RecvFlags, RecvMsg, SendFlags, Sendable};
use std::ffi::c_int;
use std::io::{self, IoSlice, IoSliceMut};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, TcpListener, TcpStream, UdpSocket};
use std::os::fd::{AsFd, AsRawFd, FromRawFd, OwnedFd};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// How long any receive or poll may block.
pub const TIMEOUT: Duration = Duration::from_secs(2);

/// A socket type (and, for transmit stamps, the error queue of one).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Sock {
    UnixStream,
    UnixDgram,
    UnixSeqpacket,
    Udp4,
    Udp6,
    Tcp4,
    Tcp6,
    /// Transmit stamps read back from a UDP/IPv4 socket's error queue.
    Udp4Tx,
    Udp6Tx,
    Tcp4Tx,
    Tcp6Tx,
    /// An `AF_ALG` operation socket.
    Alg,
    /// kTLS over TCP/IPv4.
    Ktls4,
}

/// The socket types every message is placed against: a message not meant
/// for one of them shows `–` there.
pub const BASIC: [Sock; 7] = [
    Sock::UnixStream,
    Sock::UnixDgram,
    Sock::UnixSeqpacket,
    Sock::Udp4,
    Sock::Udp6,
    Sock::Tcp4,
    Sock::Tcp6,
];

impl Sock {
    /// The machine-readable name (`--json`).
    pub fn id(self) -> &'static str {
        match self {
            Sock::UnixStream => "unix-stream",
            Sock::UnixDgram => "unix-dgram",
            Sock::UnixSeqpacket => "unix-seqpacket",
            Sock::Udp4 => "udp4",
            Sock::Udp6 => "udp6",
            Sock::Tcp4 => "tcp4",
            Sock::Tcp6 => "tcp6",
            Sock::Udp4Tx => "udp4-errqueue-tx",
            Sock::Udp6Tx => "udp6-errqueue-tx",
            Sock::Tcp4Tx => "tcp4-errqueue-tx",
            Sock::Tcp6Tx => "tcp6-errqueue-tx",
            Sock::Alg => "af_alg",
            Sock::Ktls4 => "ktls-tcp4",
        }
    }

    /// `(family, variant)` for display: consecutive socket types of one
    /// family print the family once (`UDP v4 ✓, v6 ✓`).
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Sock::UnixStream => ("UNIX", "stream"),
            Sock::UnixDgram => ("UNIX", "dgram"),
            Sock::UnixSeqpacket => ("UNIX", "seqpacket"),
            Sock::Udp4 => ("UDP", "v4"),
            Sock::Udp6 => ("UDP", "v6"),
            Sock::Tcp4 => ("TCP", "v4"),
            Sock::Tcp6 => ("TCP", "v6"),
            Sock::Udp4Tx => ("UDP TX stamps (error queue)", "v4"),
            Sock::Udp6Tx => ("UDP TX stamps (error queue)", "v6"),
            Sock::Tcp4Tx => ("TCP TX stamps (error queue)", "v4"),
            Sock::Tcp6Tx => ("TCP TX stamps (error queue)", "v6"),
            Sock::Alg => ("AF_ALG", ""),
            Sock::Ktls4 => ("kTLS TCP", "v4"),
        }
    }

    /// The label as one string.
    pub fn name(self) -> String {
        match self.label() {
            (family, "") => family.to_owned(),
            (family, variant) => format!("{family} {variant}"),
        }
    }

    /// The basic socket type this one is a use of.
    pub fn base(self) -> Sock {
        match self {
            Sock::Udp4Tx => Sock::Udp4,
            Sock::Udp6Tx => Sock::Udp6,
            Sock::Tcp4Tx | Sock::Ktls4 => Sock::Tcp4,
            Sock::Tcp6Tx => Sock::Tcp6,
            other => other,
        }
    }

    /// Whether it is (a use of) an IPv6 socket.
    pub fn v6(self) -> bool {
        matches!(self.base(), Sock::Udp6 | Sock::Tcp6)
    }

    /// The loopback address of its family.
    pub fn loopback(self) -> IpAddr {
        if self.v6() {
            IpAddr::V6(Ipv6Addr::LOCALHOST)
        } else {
            IpAddr::V4(Ipv4Addr::LOCALHOST)
        }
    }
}

/// A connected pair: `tx` writes, `rx` (the accepted socket, for TCP)
/// reads; both time out after [`TIMEOUT`].
pub struct Pair {
    pub tx: OwnedFd,
    pub rx: OwnedFd,
}

/// `SO_RCVTIMEO` = [`TIMEOUT`].
pub fn set_receive_timeout(socket: impl AsFd) -> Result<(), Fail> {
    let tv = libc::timeval {
        tv_sec: TIMEOUT.as_secs() as libc::time_t,
        tv_usec: 0,
    };
    setsockopt(socket, libc::SOL_SOCKET, libc::SO_RCVTIMEO, &tv).ctx("SO_RCVTIMEO")
}

/// `setsockopt(fd, level, name, value, sizeof value)` for any option value
/// (kTLS's crypto info, `AF_ALG`'s key, a `timeval`).
pub fn setsockopt<T: ?Sized>(
    fd: impl AsFd,
    level: c_int,
    name: c_int,
    value: &T,
) -> io::Result<()> {
    let len = libc::socklen_t::try_from(size_of_val(value))
        .map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
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

/// `getsockopt` of an `int` option.
pub fn getsockopt_int(fd: impl AsFd, level: c_int, name: c_int) -> io::Result<c_int> {
    let mut value: c_int = 0;
    let mut len = size_of::<c_int>() as libc::socklen_t;
    // SAFETY: `value` and `len` are live out-pointers of the sizes given.
    let rc = unsafe {
        libc::getsockopt(
            fd.as_fd().as_raw_fd(),
            level,
            name,
            std::ptr::from_mut(&mut value).cast(),
            &mut len,
        )
    };
    if rc == 0 {
        Ok(value)
    } else {
        Err(io::Error::last_os_error())
    }
}

/// `setsockopt` of an `int` option, through the library.
pub fn set_int(fd: impl AsFd, level: c_int, name: c_int, value: c_int) -> Result<(), Fail> {
    cmsg::set_socket_option(fd, cmsg::SocketOption { level, name }, value)
        .ctx(&format!("setsockopt({level}, {name}, {value})"))
}

/// `(st_dev, st_ino)`: equal for descriptors of the same file.
pub fn identity(fd: impl AsFd) -> Result<(u64, u64), Fail> {
    // SAFETY: an all-zero `stat` is a valid value; fstat fills it.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: `st` is a valid out-pointer for the duration of the call.
    let rc = unsafe { libc::fstat(fd.as_fd().as_raw_fd(), &mut st) };
    if rc != 0 {
        return Err(io::Error::last_os_error()).ctx("fstat");
    }
    // The widths differ between targets (`ino_t` is 32-bit on some).
    #[allow(clippy::unnecessary_cast)]
    Ok((st.st_dev as u64, st.st_ino as u64))
}

/// `rc` as a new descriptor we own, or the error it reports.
pub fn owned(rc: c_int) -> io::Result<OwnedFd> {
    if rc < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: the call succeeded: `rc` is a new descriptor nobody else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(rc) })
}

/// `socketpair(AF_UNIX, ty | SOCK_CLOEXEC)`, both ends timing out.
pub fn unix_pair(ty: c_int) -> Result<Pair, Fail> {
    let mut fds = [-1; 2];
    // SAFETY: `fds` has room for the two descriptors socketpair writes.
    let rc =
        unsafe { libc::socketpair(libc::AF_UNIX, ty | libc::SOCK_CLOEXEC, 0, fds.as_mut_ptr()) };
    if rc != 0 {
        return Err(io::Error::last_os_error()).ctx("socketpair");
    }
    let tx = owned(fds[0]).ctx("socketpair")?;
    let rx = owned(fds[1]).ctx("socketpair")?;
    set_receive_timeout(&tx)?;
    set_receive_timeout(&rx)?;
    Ok(Pair { tx, rx })
}

/// A UDP socket bound to `sock`'s loopback, with a read timeout; an
/// IPv6-less kernel is unavailable, not failed.
pub fn udp(sock: Sock) -> Result<UdpSocket, Fail> {
    let socket = UdpSocket::bind((sock.loopback(), 0)).map_err(|e| {
        let missing = [libc::EADDRNOTAVAIL, libc::EAFNOSUPPORT];
        unavailable_if(e, &missing, "IPv6", "bind ::1", "no IPv6 loopback")
    })?;
    socket.set_read_timeout(Some(TIMEOUT)).ctx("SO_RCVTIMEO")?;
    Ok(socket)
}

/// A receiver and a sender bound on `sock`'s loopback (not connected).
pub fn udp_pair(sock: Sock) -> Result<(UdpSocket, UdpSocket), Fail> {
    Ok((udp(sock)?, udp(sock)?))
}

/// The [`Pair`] for a basic socket type (UDP connected; TCP accepted, with
/// `TCP_NODELAY`).
pub fn pair(sock: Sock) -> Result<Pair, Fail> {
    match sock.base() {
        Sock::UnixStream => unix_pair(libc::SOCK_STREAM),
        Sock::UnixDgram => unix_pair(libc::SOCK_DGRAM),
        Sock::UnixSeqpacket => unix_pair(libc::SOCK_SEQPACKET),
        Sock::Udp4 | Sock::Udp6 => {
            let (rx, tx) = udp_pair(sock)?;
            tx.connect(rx.local_addr().ctx("getsockname")?)
                .ctx("connect")?;
            Ok(Pair {
                tx: tx.into(),
                rx: rx.into(),
            })
        }
        _ => {
            let (tx, rx) = tcp_pair(sock)?;
            Ok(Pair {
                tx: tx.into(),
                rx: rx.into(),
            })
        }
    }
}

/// A connected TCP pair over `sock`'s loopback: (client, accepted server),
/// the server timing out on reads.
pub fn tcp_pair(sock: Sock) -> Result<(TcpStream, TcpStream), Fail> {
    let listener = TcpListener::bind((sock.loopback(), 0)).map_err(|e| {
        let missing = [libc::EADDRNOTAVAIL, libc::EAFNOSUPPORT];
        unavailable_if(e, &missing, "IPv6", "bind ::1", "no IPv6 loopback")
    })?;
    let client = TcpStream::connect(listener.local_addr().ctx("getsockname")?).ctx("connect")?;
    // The handshake completed in connect: accept does not block.
    let (server, _) = listener.accept().ctx("accept")?;
    client.set_nodelay(true).ctx("TCP_NODELAY")?;
    server.set_read_timeout(Some(TIMEOUT)).ctx("SO_RCVTIMEO")?;
    client.set_read_timeout(Some(TIMEOUT)).ctx("SO_RCVTIMEO")?;
    Ok((client, server))
}

/// Sends `data` on a connected socket with the one message `message`.
pub fn send_with<M: Sendable + ?Sized>(
    socket: impl AsFd,
    data: &[u8],
    message: &M,
) -> io::Result<usize> {
    let mut out = cmsg::ControlBuffer::<64>::new();
    let mut encoder = Encoder::new(&mut out);
    encoder
        .push(message)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))?;
    sendmsg(
        socket,
        &[IoSlice::new(data)],
        encoder.finish(),
        SendFlags::empty(),
    )
}

/// Sends `data` to `to` with the one message `message`.
pub fn send_to_with<M: Sendable + ?Sized>(
    socket: impl AsFd,
    to: std::net::SocketAddr,
    data: &[u8],
    message: &M,
) -> io::Result<usize> {
    let mut out = cmsg::ControlBuffer::<64>::new();
    let mut encoder = Encoder::new(&mut out);
    encoder
        .push(message)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))?;
    cmsg::sendmsg_to(
        socket,
        &to,
        &[IoSlice::new(data)],
        encoder.finish(),
        SendFlags::empty(),
    )
}

/// Sends all of `data` on a connected socket without control messages.
pub fn send_plain(socket: impl AsFd, data: &[u8]) -> Result<(), Fail> {
    let sent = sendmsg(
        socket,
        &[IoSlice::new(data)],
        Encoded::empty(),
        SendFlags::empty(),
    )
    .ctx("sendmsg")?;
    crate::live::outcome::ensure!(sent == data.len(), "sent {sent} of {} bytes", data.len());
    Ok(())
}

/// `recvmsg` into the one buffer `data`.
pub fn recv<'c>(
    socket: impl AsFd,
    data: &mut [u8],
    control: &'c mut [u8],
    flags: RecvFlags,
) -> io::Result<RecvMsg<'c>> {
    recvmsg(socket, &mut [IoSliceMut::new(data)], control, flags)
}

/// Polls until `socket` has an error queued (`POLLERR`), for at most
/// [`TIMEOUT`].
pub fn wait_for_error(socket: impl AsFd) -> Result<(), Fail> {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let mut fds = [libc::pollfd {
            fd: socket.as_fd().as_raw_fd(),
            events: 0,
            revents: 0,
        }];
        let ms = c_int::try_from(left.as_millis()).unwrap_or(c_int::MAX);
        // SAFETY: `fds` is a live array of one `pollfd` the kernel writes
        // `revents` into during the call.
        let rc = unsafe { libc::poll(fds.as_mut_ptr(), 1, ms) };
        match rc {
            1.. if fds[0].revents & libc::POLLERR != 0 => return Ok(()),
            1.. => {
                return Err(Fail::Failed(format!(
                    "poll: revents {:#x} without POLLERR",
                    fds[0].revents
                )))
            }
            0 => {
                return Err(Fail::Failed(format!(
                    "nothing on the error queue within {TIMEOUT:?}"
                )))
            }
            _ => {
                let error = io::Error::last_os_error();
                if error.kind() != io::ErrorKind::Interrupted || left.is_zero() {
                    return Err(error).ctx("poll");
                }
            }
        }
    }
}

/// The loopback interface's index.
pub fn lo_index() -> Result<u32, Fail> {
    // SAFETY: a NUL-terminated string that lives for the call.
    let index = unsafe { libc::if_nametoindex(c"lo".as_ptr()) };
    if index == 0 {
        return Err(io::Error::last_os_error()).ctx("if_nametoindex(lo)");
    }
    Ok(index)
}

/// The clock read before a send and after the receive, and a stamp's place
/// between them.
#[derive(Clone, Copy)]
pub struct Window {
    pub before: SystemTime,
    pub after: SystemTime,
}

impl Window {
    /// Reads the clock (before).
    pub fn open() -> SystemTime {
        SystemTime::now()
    }

    /// Reads the clock (after).
    pub fn close(before: SystemTime) -> Window {
        Window {
            before,
            after: SystemTime::now(),
        }
    }

    /// Checks `stamp` (since the epoch, `resolution` its unit: the kernel
    /// truncates, so a microsecond stamp may read up to a microsecond
    /// before `before`) lies in the window, and returns it in short:
    /// `14:03:27.123456789 UTC, +12.3µs`.
    pub fn check(&self, what: &str, stamp: Duration, resolution: Duration) -> Result<String, Fail> {
        let before = since_epoch(self.before)?;
        let after = since_epoch(self.after)?;
        let step = resolution.as_nanos().max(1);
        let floor = before.as_nanos() / step * step;
        let at = stamp.as_nanos();
        crate::live::outcome::ensure!(
            floor <= at && at <= after.as_nanos(),
            "{what}: stamp {} outside the clock reads [{}, {}]",
            clock(stamp, resolution),
            clock(before, Duration::from_nanos(1)),
            clock(after, Duration::from_nanos(1))
        );
        let offset = i128::try_from(at).unwrap_or(i128::MAX)
            - i128::try_from(before.as_nanos()).unwrap_or(i128::MAX);
        Ok(format!(
            "{} UTC, {:+.1}µs after the send began",
            clock(stamp, resolution),
            offset as f64 / 1000.0
        ))
    }
}

/// `time` since the epoch.
pub fn since_epoch(time: SystemTime) -> Result<Duration, Fail> {
    time.duration_since(UNIX_EPOCH)
        .map_err(|e| Fail::Failed(format!("clock before 1970: {e}")))
}

/// `hh:mm:ss.fraction` (UTC) of a time since the epoch, with as many
/// digits as `resolution` has.
pub fn clock(since: Duration, resolution: Duration) -> String {
    let secs = since.as_secs() % 86_400;
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if resolution >= Duration::from_micros(1) {
        format!("{h:02}:{m:02}:{s:02}.{:06}", since.subsec_micros())
    } else {
        format!("{h:02}:{m:02}:{s:02}.{:09}", since.subsec_nanos())
    }
}
