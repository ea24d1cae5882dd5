//! Timestamps on the real kernel: `SO_TIMESTAMP`, `SO_TIMESTAMPNS` and
//! `SO_TIMESTAMPING` receive stamps (the old layouts and the y2038 `_NEW`
//! ones) on `AF_UNIX`, UDP and TCP over loopback; transmit stamps read from
//! the error queue with `IP_RECVERR`/`IPV6_RECVERR` and `SCM_TS_OPT_ID`; and
//! every timestamp payload encoded and decoded as bytes.
//!
//! What Linux 6.18 delivers where (observed here, and read in the source):
//!
//! | socket              | `SO_TIMESTAMP{,NS}{,_NEW}` | `SO_TIMESTAMPING{,_NEW}` (`RX_SOFTWARE`) |
//! |---------------------|----------------------------|------------------------------------------|
//! | UDP, TCP (v4 & v6)  | yes                        | yes                                      |
//! | `AF_UNIX` dgram     | yes                        | no (only alongside `SO_TIMESTAMP{,NS}`)  |
//! | `AF_UNIX` seqpacket | yes                        | no (only alongside `SO_TIMESTAMP{,NS}`)  |
//! | `AF_UNIX` stream    | no                         | no                                       |
//!
//! `unix_dgram_sendmsg` stamps the skb, and `unix_dgram_recvmsg` (seqpacket
//! shares it) calls `__sock_recv_timestamp` only when the receiver has
//! `SOCK_RCVTSTAMP`, which `SO_TIMESTAMP{,NS}` set and `SO_TIMESTAMPING`
//! does not; `unix_stream_read_generic` reports no timestamp at all.
//!
//! The old/new layout is one socket flag (`SOCK_TSTAMP_NEW`) that every
//! `SO_TIMESTAMP*` setsockopt overwrites: the last option set picks the
//! layout of *all* the stamps the socket gets.
#![cfg(target_os = "linux")]

mod common;

use cmsg::platforms::linux::{
    self as linux, enable_timestamping, timestamping, IpRecvErr, Ipv6RecvErr, KernelOldTimespec,
    KernelOldTimeval, KernelSockTimeval, KernelTime, KernelTimespec, ScmTimestamp, ScmTimestampNew,
    ScmTimestampNs, ScmTimestampNsNew, ScmTimestamping, ScmTimestamping64, ScmTsOptId,
    SockExtendedErr, NEW_TIME_LAYOUT, SCM_TSTAMP_SND, SO_EE_ORIGIN_TIMESTAMPING,
};
use cmsg::{
    enable, recvmsg, sendmsg, sendmsg_to, set_socket_option, space, ControlBuffer, ControlMessage,
    DecodeError, Encoder, Expected, Messages, MsgFlags, RawMessage, RecvFlags, RecvMsg, SendFlags,
    SocketOption,
};
use common::unix_pair;
use std::ffi::{c_int, c_long, c_uint};
use std::io::{self, IoSlice, IoSliceMut};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, TcpListener, TcpStream, UdpSocket};
use std::os::fd::{AsFd, AsRawFd, OwnedFd};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// How long any receive or poll may wait before the test fails.
const TIMEOUT: Duration = Duration::from_secs(5);

/// The datagram or stream bytes every live test sends.
const PAYLOAD: &[u8] = b"stamp me";

/// Room for every stamp one socket can get at once (plus slack, so a
/// message we did not expect shows up instead of truncating).
const CONTROL: usize = space::<ScmTimestampNs>() + space::<ScmTimestamping64>() + 64;

/// Software receive stamps: report them, and take them on receive.
const RX_SW: c_uint = timestamping::RX_SOFTWARE | timestamping::SOFTWARE;

/// Software transmit stamps, numbered, without the packet copied back.
const TX_SW: c_uint = timestamping::TX_SOFTWARE
    | timestamping::SOFTWARE
    | timestamping::OPT_ID
    | timestamping::OPT_TSONLY;

// ---------------------------------------------------------------------------
// Sockets.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Transport {
    UnixDgram,
    UnixSeqpacket,
    UnixStream,
    Udp4,
    Udp6,
    Tcp4,
    Tcp6,
}

const TRANSPORTS: [Transport; 7] = [
    Transport::UnixDgram,
    Transport::UnixSeqpacket,
    Transport::UnixStream,
    Transport::Udp4,
    Transport::Udp6,
    Transport::Tcp4,
    Transport::Tcp6,
];

fn loopback(v6: bool) -> IpAddr {
    if v6 {
        IpAddr::V6(Ipv6Addr::LOCALHOST)
    } else {
        IpAddr::V4(Ipv4Addr::LOCALHOST)
    }
}

/// A connected pair: `sender` writes, `receiver` (the accepted socket, for
/// TCP) reads, with a receive timeout so nothing can hang.
struct Pair {
    sender: OwnedFd,
    receiver: OwnedFd,
}

/// `SO_RCVTIMEO` = [`TIMEOUT`] on any socket.
fn set_receive_timeout(socket: impl AsFd) {
    let tv = libc::timeval {
        tv_sec: TIMEOUT.as_secs() as libc::time_t,
        tv_usec: 0,
    };
    // SAFETY: `tv` is a live `timeval` and the length is its size; the kernel
    // only reads it during the call.
    let rc = unsafe {
        libc::setsockopt(
            socket.as_fd().as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_RCVTIMEO,
            std::ptr::from_ref(&tv).cast(),
            std::mem::size_of::<libc::timeval>() as libc::socklen_t,
        )
    };
    assert_eq!(rc, 0, "SO_RCVTIMEO: {}", io::Error::last_os_error());
}

fn connect(transport: Transport) -> io::Result<Pair> {
    let unix = |ty| -> io::Result<Pair> {
        let (sender, receiver) = unix_pair(ty)?;
        Ok(Pair { sender, receiver })
    };
    let pair = match transport {
        Transport::UnixDgram => unix(libc::SOCK_DGRAM)?,
        Transport::UnixSeqpacket => unix(libc::SOCK_SEQPACKET)?,
        Transport::UnixStream => unix(libc::SOCK_STREAM)?,
        Transport::Udp4 | Transport::Udp6 => {
            let ip = loopback(transport == Transport::Udp6);
            let receiver = UdpSocket::bind((ip, 0))?;
            let sender = UdpSocket::bind((ip, 0))?;
            sender.connect(receiver.local_addr()?)?;
            Pair {
                sender: sender.into(),
                receiver: receiver.into(),
            }
        }
        Transport::Tcp4 | Transport::Tcp6 => {
            let ip = loopback(transport == Transport::Tcp6);
            let listener = TcpListener::bind((ip, 0))?;
            let client = TcpStream::connect(listener.local_addr()?)?;
            // The handshake completed in connect: accept does not block.
            let (server, peer) = listener.accept()?;
            assert_eq!(peer, client.local_addr()?);
            client.set_nodelay(true)?;
            Pair {
                sender: client.into(),
                receiver: server.into(),
            }
        }
    };
    set_receive_timeout(&pair.receiver);
    Ok(pair)
}

/// Whether the kernel refused an address family outright: the only reason
/// a live test may skip.
fn family_unavailable(what: &str, result: &io::Result<impl Sized>) -> bool {
    match result {
        Err(e) if e.raw_os_error() == Some(libc::EAFNOSUPPORT) => {
            eprintln!("UNAVAILABLE: {what}: {e}");
            true
        }
        _ => false,
    }
}

/// [`connect`], or `None` after printing `UNAVAILABLE` if the kernel has
/// no IPv6.
fn connect_or_skip(transport: Transport) -> Option<Pair> {
    let pair = connect(transport);
    if family_unavailable(&format!("{transport:?}"), &pair) {
        return None;
    }
    Some(pair.unwrap_or_else(|e| panic!("{transport:?}: {e}")))
}

/// Keeps the kernel taking receive stamps for as long as it lives.
///
/// Linux stamps incoming packets (in `__netif_receive_skb`) only while the
/// system-wide `netstamp_needed_key` static key is on, and the first socket
/// that enables a timestamp turns it on from a workqueue
/// (`net_enable_timestamp` with `CONFIG_JUMP_LABEL`), tens of milliseconds
/// later; it goes off again, also deferred, when the last such socket
/// closes. Packets received meanwhile carry no stamp: TCP and
/// `SO_TIMESTAMPING` then report nothing, while `SO_TIMESTAMP{,NS}` on UDP
/// fall back to the time of the `recvmsg` call (`__sock_recv_timestamp`'s
/// "false" stamp). `AF_UNIX` stamps at send and is unaffected.
///
/// The guard holds a UDP socket with `SO_TIMESTAMPING` enabled, so the key
/// stays on whatever other tests open and close, and is returned once a
/// probe datagram came back with a software stamp (which `SO_TIMESTAMPING`
/// has no fallback for): proof the key is on.
struct NetstampGuard {
    _receiver: UdpSocket,
}

fn netstamp_on() -> NetstampGuard {
    let receiver = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let sender = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    sender.connect(receiver.local_addr().unwrap()).unwrap();
    receiver.set_read_timeout(Some(TIMEOUT)).unwrap();
    enable_timestamping(&receiver, RX_SW).unwrap();
    let deadline = Instant::now() + TIMEOUT;
    loop {
        sender.send(b"probe").unwrap();
        let mut data = [0u8; 8];
        let mut control = ControlBuffer::<{ space::<ScmTimestamping>() }>::new();
        let msg = recvmsg(
            &receiver,
            &mut [IoSliceMut::new(&mut data)],
            &mut control,
            RecvFlags::empty(),
        )
        .unwrap();
        let stamped = msg
            .control
            .get::<ScmTimestamping>()
            .unwrap()
            .and_then(ScmTimestamping::software);
        if stamped.is_some() {
            return NetstampGuard {
                _receiver: receiver,
            };
        }
        assert!(
            Instant::now() < deadline,
            "the kernel took no receive stamp within {TIMEOUT:?}"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// Sends [`PAYLOAD`] and receives it with its control messages, reading
/// the clock before the send and after the receive.
fn exchange<'c>(pair: &Pair, control: &'c mut [u8]) -> (SystemTime, RecvMsg<'c>, SystemTime) {
    let before = SystemTime::now();
    let sent = sendmsg(
        &pair.sender,
        &[IoSlice::new(PAYLOAD)],
        cmsg::Encoded::empty(),
        SendFlags::empty(),
    )
    .unwrap();
    assert_eq!(sent, PAYLOAD.len());
    let mut data = [0u8; 64];
    let msg = recvmsg(
        &pair.receiver,
        &mut [IoSliceMut::new(&mut data)],
        control,
        RecvFlags::empty(),
    )
    .unwrap();
    let after = SystemTime::now();
    assert_eq!(&data[..msg.bytes], PAYLOAD);
    assert!(!msg.flags.control_truncated(), "{:?}", msg.flags);
    assert!(!msg.flags.data_truncated(), "{:?}", msg.flags);
    (before, msg, after)
}

/// `(level, type, payload length)` of every message, in order.
fn shape(msg: &RecvMsg<'_>) -> Vec<(c_int, c_int, usize)> {
    msg.control
        .messages()
        .map(|m| {
            let m = m.unwrap();
            (m.level, m.ty, m.data.len())
        })
        .collect()
}

/// Asserts `stamp` lies between the two clock reads. `resolution` is the
/// stamp's unit: the kernel truncates, so a microsecond stamp may read up
/// to a microsecond before `before`.
fn assert_in_window(
    what: &str,
    stamp: Duration,
    before: SystemTime,
    after: SystemTime,
    resolution: Duration,
) {
    let before = before.duration_since(UNIX_EPOCH).unwrap();
    let after = after.duration_since(UNIX_EPOCH).unwrap();
    let step = resolution.as_nanos();
    let floor = Duration::from_nanos(u64::try_from(before.as_nanos() / step * step).unwrap());
    assert!(
        floor <= stamp && stamp <= after,
        "{what}: stamp {stamp:?} outside [{before:?}, {after:?}]"
    );
}

// ---------------------------------------------------------------------------
// The six receive-timestamp kinds.

/// A kernel time as a `Duration` since the epoch, checked to be the same
/// instant as its `SystemTime`.
fn since_epoch(time: &impl KernelTime) -> Duration {
    let since = time.to_duration().expect("a time in range");
    assert_eq!(time.to_system_time(), Some(UNIX_EPOCH + since));
    since
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stamp {
    Timestamp,
    TimestampNs,
    Timestamping,
    TimestampNew,
    TimestampNsNew,
    Timestamping64,
}

impl Stamp {
    fn enable(self, socket: &OwnedFd) -> io::Result<()> {
        match self {
            Stamp::Timestamp => enable::<ScmTimestamp>(socket),
            Stamp::TimestampNs => enable::<ScmTimestampNs>(socket),
            Stamp::Timestamping => enable_timestamping(socket, RX_SW),
            Stamp::TimestampNew => enable::<ScmTimestampNew>(socket),
            Stamp::TimestampNsNew => enable::<ScmTimestampNsNew>(socket),
            // SCM_TIMESTAMPING_NEW is enabled by the option of the same
            // number; the catalogue's `enable_timestamping` picks the
            // platform's default layout, so set it by hand.
            Stamp::Timestamping64 => set_socket_option(
                socket,
                SocketOption {
                    level: libc::SOL_SOCKET,
                    name: ScmTimestamping64::TYPE,
                },
                c_int::try_from(RX_SW).unwrap(),
            ),
        }
    }

    /// The `(level, type)` the kernel delivers for this kind.
    fn message(self) -> (c_int, c_int) {
        let ty = match self {
            Stamp::Timestamp => ScmTimestamp::TYPE,
            Stamp::TimestampNs => ScmTimestampNs::TYPE,
            Stamp::Timestamping => ScmTimestamping::TYPE,
            Stamp::TimestampNew => ScmTimestampNew::TYPE,
            Stamp::TimestampNsNew => ScmTimestampNsNew::TYPE,
            Stamp::Timestamping64 => ScmTimestamping64::TYPE,
        };
        (libc::SOL_SOCKET, ty)
    }

    /// The payload's size: the kernel struct's.
    fn payload_len(self) -> usize {
        match self {
            Stamp::Timestamp => ScmTimestamp::BASE_SIZE,
            Stamp::TimestampNs => ScmTimestampNs::BASE_SIZE,
            Stamp::Timestamping => ScmTimestamping::BASE_SIZE,
            Stamp::TimestampNew => ScmTimestampNew::BASE_SIZE,
            Stamp::TimestampNsNew => ScmTimestampNsNew::BASE_SIZE,
            Stamp::Timestamping64 => ScmTimestamping64::BASE_SIZE,
        }
    }

    fn resolution(self) -> Duration {
        match self {
            Stamp::Timestamp | Stamp::TimestampNew => Duration::from_micros(1),
            _ => Duration::from_nanos(1),
        }
    }

    /// Decodes `raw` as this kind, both zero-copy and by value (which must
    /// agree), and returns its time.
    fn time(self, raw: &RawMessage<'_>) -> Duration {
        match self {
            Stamp::Timestamp => {
                let m = raw.decode::<ScmTimestamp>().unwrap();
                assert_eq!(raw.read::<ScmTimestamp>().unwrap(), *m);
                since_epoch(&m.0)
            }
            Stamp::TimestampNs => {
                let m = raw.decode::<ScmTimestampNs>().unwrap();
                assert_eq!(raw.read::<ScmTimestampNs>().unwrap(), *m);
                since_epoch(&m.0)
            }
            Stamp::Timestamping => {
                let m = raw.decode::<ScmTimestamping>().unwrap();
                assert_eq!(raw.read::<ScmTimestamping>().unwrap(), *m);
                // Loopback has no hardware clock: slots 1 and 2 are zero.
                let zero = KernelOldTimespec {
                    tv_sec: 0,
                    tv_nsec: 0,
                };
                assert_eq!(m.ts[1], zero);
                assert_eq!(m.ts[2], zero);
                assert_eq!(m.hardware(), None);
                let software = m.software().expect("software stamp set");
                assert_eq!(software, since_epoch(&m.ts[0]));
                software
            }
            Stamp::TimestampNew => {
                let m = raw.decode::<ScmTimestampNew>().unwrap();
                assert_eq!(raw.read::<ScmTimestampNew>().unwrap(), *m);
                since_epoch(&m.0)
            }
            Stamp::TimestampNsNew => {
                let m = raw.decode::<ScmTimestampNsNew>().unwrap();
                assert_eq!(raw.read::<ScmTimestampNsNew>().unwrap(), *m);
                since_epoch(&m.0)
            }
            Stamp::Timestamping64 => {
                let m = raw.decode::<ScmTimestamping64>().unwrap();
                assert_eq!(raw.read::<ScmTimestamping64>().unwrap(), *m);
                let zero = KernelTimespec {
                    tv_sec: 0,
                    tv_nsec: 0,
                };
                assert_eq!(m.ts[1], zero);
                assert_eq!(m.ts[2], zero);
                assert_eq!(m.hardware(), None);
                let software = m.software().expect("software stamp set");
                assert_eq!(software, since_epoch(&m.ts[0]));
                software
            }
        }
    }

    /// Whether Linux attaches this kind on `transport` (see the table at
    /// the top of the file).
    fn delivered_on(self, transport: Transport) -> bool {
        let timestamping = matches!(self, Stamp::Timestamping | Stamp::Timestamping64);
        match transport {
            Transport::UnixStream => false,
            Transport::UnixDgram | Transport::UnixSeqpacket => !timestamping,
            _ => true,
        }
    }
}

/// Enables `stamp` on a fresh pair of each transport, sends, and checks
/// the one message the kernel attached (or that it attached nothing where
/// it does not support the kind).
fn check_receive_stamp(stamp: Stamp) {
    let _netstamp = netstamp_on();
    for transport in TRANSPORTS {
        let Some(pair) = connect_or_skip(transport) else {
            continue;
        };
        let what = format!("{stamp:?} on {transport:?}");
        stamp.enable(&pair.receiver).unwrap();
        let mut control = ControlBuffer::<CONTROL>::new();
        let (before, msg, after) = exchange(&pair, &mut control);

        if !stamp.delivered_on(transport) {
            // The kernel accepted the option and attached nothing.
            assert!(msg.control.is_empty(), "{what}: {:?}", shape(&msg));
            assert_eq!(linux::receive_time(msg.control.messages()), Ok(None));
            continue;
        }

        let (level, ty) = stamp.message();
        assert_eq!(
            shape(&msg),
            [(level, ty, stamp.payload_len())],
            "{what}: exactly the one stamp, with the right type and layout"
        );
        let raw = msg.control.messages().next().unwrap().unwrap();
        let time = stamp.time(&raw);
        assert_in_window(&what, time, before, after, stamp.resolution());
        // `receive_time` picks it up, whichever kind it is.
        assert_eq!(
            linux::receive_time(msg.control.messages()),
            Ok(Some(time)),
            "{what}"
        );
    }
}

#[test]
fn scm_timestamp_on_every_transport() {
    check_receive_stamp(Stamp::Timestamp);
}

#[test]
fn scm_timestampns_on_every_transport() {
    check_receive_stamp(Stamp::TimestampNs);
}

#[test]
fn scm_timestamping_software_on_every_transport() {
    check_receive_stamp(Stamp::Timestamping);
}

#[test]
fn scm_timestamp_new_on_every_transport() {
    check_receive_stamp(Stamp::TimestampNew);
}

#[test]
fn scm_timestampns_new_on_every_transport() {
    check_receive_stamp(Stamp::TimestampNsNew);
}

#[test]
fn scm_timestamping_new_on_every_transport() {
    check_receive_stamp(Stamp::Timestamping64);
}

/// The type numbers: the old ones are what libc calls `SCM_TIMESTAMP*` on
/// a 64-bit target, and the `_NEW` ones are asm-generic's 63, 64 and 65.
#[test]
fn timestamp_type_numbers() {
    for ty in [
        ScmTimestamp::LEVEL,
        ScmTimestampNs::LEVEL,
        ScmTimestamping::LEVEL,
        ScmTimestampNew::LEVEL,
        ScmTimestampNsNew::LEVEL,
        ScmTimestamping64::LEVEL,
        ScmTsOptId::LEVEL,
    ] {
        assert_eq!(ty, libc::SOL_SOCKET);
    }
    #[cfg(target_pointer_width = "64")]
    {
        const { assert!(!NEW_TIME_LAYOUT) };
        assert_eq!(ScmTimestamp::TYPE, libc::SCM_TIMESTAMP);
        assert_eq!(ScmTimestampNs::TYPE, libc::SCM_TIMESTAMPNS);
        assert_eq!(ScmTimestamping::TYPE, libc::SCM_TIMESTAMPING);
    }
    #[cfg(any(
        target_arch = "x86_64",
        target_arch = "aarch64",
        target_arch = "riscv64",
        target_arch = "loongarch64",
        target_arch = "s390x",
        target_arch = "powerpc64"
    ))]
    {
        assert_eq!(ScmTimestampNew::TYPE, 63);
        assert_eq!(ScmTimestampNsNew::TYPE, 64);
        assert_eq!(ScmTimestamping64::TYPE, 65);
        assert_eq!(ScmTsOptId::TYPE, 81);
    }
    // Each receive stamp is enabled by the option of its own number.
    for (enable, ty) in [
        (ScmTimestamp::ENABLE, ScmTimestamp::TYPE),
        (ScmTimestampNs::ENABLE, ScmTimestampNs::TYPE),
        (ScmTimestampNew::ENABLE, ScmTimestampNew::TYPE),
        (ScmTimestampNsNew::ENABLE, ScmTimestampNsNew::TYPE),
    ] {
        assert_eq!(
            enable,
            Some(SocketOption {
                level: libc::SOL_SOCKET,
                name: ty
            })
        );
    }
}

/// One `SOCK_TSTAMP_NEW` flag serves every stamp on a socket, and each
/// `SO_TIMESTAMP*` setsockopt rewrites it: enabling `SO_TIMESTAMP_NEW` and
/// then `SO_TIMESTAMPING_OLD` delivers both stamps in the *old* layout, and
/// the reverse order delivers both in the new one. Also, with both kinds
/// on, the kernel puts `SCM_TIMESTAMP*` first, and `receive_time` returns
/// that one.
#[test]
fn last_timestamp_option_picks_the_layout_for_all() {
    let _netstamp = netstamp_on();
    for transport in [Transport::Udp4, Transport::Udp6, Transport::UnixDgram] {
        let Some(pair) = connect_or_skip(transport) else {
            continue;
        };
        let what = format!("NEW then TIMESTAMPING_OLD on {transport:?}");
        enable::<ScmTimestampNew>(&pair.receiver).unwrap();
        enable_timestamping(&pair.receiver, RX_SW).unwrap();
        let mut control = ControlBuffer::<CONTROL>::new();
        let (before, msg, after) = exchange(&pair, &mut control);
        // AF_UNIX dgram reports SO_TIMESTAMPING here: SO_TIMESTAMP set
        // SOCK_RCVTSTAMP, which is what unix_dgram_recvmsg looks at.
        assert_eq!(
            shape(&msg),
            [
                (libc::SOL_SOCKET, ScmTimestamp::TYPE, 16),
                (libc::SOL_SOCKET, ScmTimestamping::TYPE, 48)
            ],
            "{what}"
        );
        let mut messages = msg.control.messages();
        let micro = Stamp::Timestamp.time(&messages.next().unwrap().unwrap());
        let nano = Stamp::Timestamping.time(&messages.next().unwrap().unwrap());
        assert_in_window(&what, micro, before, after, Duration::from_micros(1));
        assert_in_window(&what, nano, before, after, Duration::from_nanos(1));
        // The same skb stamp, truncated to microseconds.
        assert_eq!(micro.as_micros(), nano.as_micros(), "{what}");
        assert_eq!(linux::receive_time(msg.control.messages()), Ok(Some(micro)));

        let Some(pair) = connect_or_skip(transport) else {
            continue;
        };
        let what = format!("TIMESTAMPING_OLD then NSNEW on {transport:?}");
        enable_timestamping(&pair.receiver, RX_SW).unwrap();
        enable::<ScmTimestampNsNew>(&pair.receiver).unwrap();
        let mut control = ControlBuffer::<CONTROL>::new();
        let (before, msg, after) = exchange(&pair, &mut control);
        assert_eq!(
            shape(&msg),
            [
                (libc::SOL_SOCKET, ScmTimestampNsNew::TYPE, 16),
                (libc::SOL_SOCKET, ScmTimestamping64::TYPE, 48)
            ],
            "{what}"
        );
        let mut messages = msg.control.messages();
        let ns = Stamp::TimestampNsNew.time(&messages.next().unwrap().unwrap());
        let ts = Stamp::Timestamping64.time(&messages.next().unwrap().unwrap());
        assert_in_window(&what, ns, before, after, Duration::from_nanos(1));
        assert_eq!(ns, ts, "{what}: the same skb stamp");
        assert_eq!(linux::receive_time(msg.control.messages()), Ok(Some(ns)));
    }
}

// ---------------------------------------------------------------------------
// Transmit timestamps from the error queue.

/// A UDP sender stamping its transmits and a bound receiver.
fn udp_tx_pair(v6: bool) -> Option<(UdpSocket, UdpSocket)> {
    let ip = loopback(v6);
    let receiver = UdpSocket::bind((ip, 0));
    if family_unavailable(&format!("UDP over {ip}"), &receiver) {
        return None;
    }
    let receiver = receiver.unwrap();
    receiver.set_read_timeout(Some(TIMEOUT)).unwrap();
    let sender = UdpSocket::bind((ip, 0)).unwrap();
    Some((sender, receiver))
}

/// Polls until `socket` has an error queued (`POLLERR`, which poll reports
/// whatever the requested events), for at most [`TIMEOUT`].
fn wait_for_error(socket: &UdpSocket) {
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
                assert_ne!(fds[0].revents & libc::POLLERR, 0, "{:#x}", fds[0].revents);
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

/// Sends [`PAYLOAD`] to `receiver` with `control`, and checks it arrived.
fn send_datagram(
    sender: &UdpSocket,
    receiver: &UdpSocket,
    control: cmsg::Encoded<'_>,
) -> io::Result<SystemTime> {
    let to = receiver.local_addr().unwrap();
    let before = SystemTime::now();
    let sent = sendmsg_to(
        sender,
        &to,
        &[IoSlice::new(PAYLOAD)],
        control,
        SendFlags::empty(),
    )?;
    assert_eq!(sent, PAYLOAD.len());
    let mut data = [0u8; 64];
    let (n, from) = receiver.recv_from(&mut data).unwrap();
    assert_eq!(&data[..n], PAYLOAD);
    assert_eq!(from, sender.local_addr().unwrap());
    Ok(before)
}

/// Reads one transmit stamp from `sender`'s error queue and checks
/// everything but `ee_data`, which it returns with the error.
fn read_tx_stamp(sender: &UdpSocket, before: SystemTime) -> SockExtendedErr {
    let v6 = sender.local_addr().unwrap().is_ipv6();
    let what = if v6 { "UDP/::1" } else { "UDP/127.0.0.1" };
    wait_for_error(sender);
    let mut control =
        ControlBuffer::<{ space::<ScmTimestamping>() + space::<Ipv6RecvErr>() + 64 }>::new();
    let mut data = [0u8; 64];
    let msg = recvmsg(
        sender,
        &mut [IoSliceMut::new(&mut data)],
        &mut control,
        RecvFlags::ERRQUEUE | RecvFlags::DONTWAIT,
    )
    .unwrap();
    let after = SystemTime::now();
    assert!(msg.flags.contains(MsgFlags::ERRQUEUE), "{:?}", msg.flags);
    assert!(!msg.flags.control_truncated(), "{:?}", msg.flags);
    // OPT_TSONLY: the stamp comes without a copy of the packet, and with
    // no port in the error there is no address either.
    assert_eq!(msg.bytes, 0, "{what}");
    assert_eq!(msg.address, None, "{what}");

    // The stamp first (sock_recv_timestamp), then the error.
    let (err_level, err_ty, err_len) = if v6 {
        (
            Ipv6RecvErr::LEVEL,
            Ipv6RecvErr::TYPE,
            Ipv6RecvErr::BASE_SIZE,
        )
    } else {
        (IpRecvErr::LEVEL, IpRecvErr::TYPE, IpRecvErr::BASE_SIZE)
    };
    assert_eq!(
        shape(&msg),
        [
            (libc::SOL_SOCKET, ScmTimestamping::TYPE, 48),
            (err_level, err_ty, err_len)
        ],
        "{what}"
    );

    let stamp = msg.control.get::<ScmTimestamping>().unwrap().unwrap();
    let software = stamp.software().expect("software transmit stamp");
    assert_eq!(stamp.hardware(), None);
    assert_in_window(what, software, before, after, Duration::from_nanos(1));
    assert_eq!(
        linux::receive_time(msg.control.messages()),
        Ok(Some(software))
    );

    let err = if v6 {
        let e = msg.control.get::<Ipv6RecvErr>().unwrap().unwrap();
        // No offender for a timestamp: AF_UNSPEC zeros.
        assert_eq!(c_int::from(e.offender.family), libc::AF_UNSPEC);
        assert_eq!(e.offender.addr, [0; 16]);
        e.err
    } else {
        let e = msg.control.get::<IpRecvErr>().unwrap().unwrap();
        assert_eq!(c_int::from(e.offender.family), libc::AF_UNSPEC);
        assert_eq!(e.offender.to_socket_addr(), None);
        e.err
    };
    assert_eq!(err.ee_origin, SO_EE_ORIGIN_TIMESTAMPING, "{what}");
    assert_eq!(err.ee_errno, libc::ENOMSG as u32, "{what}");
    assert_eq!(err.error().raw_os_error(), Some(libc::ENOMSG));
    assert_eq!(err.ee_info, SCM_TSTAMP_SND, "{what}");
    assert_eq!((err.ee_type, err.ee_code), (0, 0), "{what}");
    err
}

/// Nothing more on the error queue.
fn assert_error_queue_empty(sender: &UdpSocket) {
    let mut control = ControlBuffer::<CONTROL>::new();
    let mut data = [0u8; 8];
    let result = recvmsg(
        sender,
        &mut [IoSliceMut::new(&mut data)],
        &mut control,
        RecvFlags::ERRQUEUE | RecvFlags::DONTWAIT,
    );
    assert_eq!(
        result.map(|m| m.bytes).unwrap_err().kind(),
        io::ErrorKind::WouldBlock
    );
}

/// `SOF_TIMESTAMPING_TX_SOFTWARE` with `OPT_ID`: each datagram's stamp
/// comes back on the error queue, numbered from 0.
#[test]
fn udp_transmit_stamps_from_the_error_queue() {
    for v6 in [false, true] {
        let Some((sender, receiver)) = udp_tx_pair(v6) else {
            continue;
        };
        enable_timestamping(&sender, TX_SW).unwrap();
        for expected_id in 0..2 {
            let before = send_datagram(&sender, &receiver, cmsg::Encoded::empty()).unwrap();
            let err = read_tx_stamp(&sender, before);
            assert_eq!(err.ee_data, expected_id, "v6={v6}");
        }
        assert_error_queue_empty(&sender);
    }
}

/// The kernel's release, `(major, minor)`, from `/proc/sys/kernel/osrelease`.
fn kernel_release() -> (u32, u32) {
    let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap();
    let mut parts = release
        .trim()
        .split(|c: char| !c.is_ascii_digit())
        .map(|n| n.parse::<u32>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

/// `SCM_TS_OPT_ID` (Linux 6.13+) names one datagram's stamp, and leaves
/// the socket's own `OPT_ID` counter alone.
#[test]
fn scm_ts_opt_id_names_the_transmit_stamp() {
    for v6 in [false, true] {
        let Some((sender, receiver)) = udp_tx_pair(v6) else {
            continue;
        };
        enable_timestamping(&sender, TX_SW).unwrap();
        let mut buf = ControlBuffer::<{ space::<ScmTsOptId>() }>::new();
        let mut encoder = Encoder::new(&mut buf);
        encoder.push(&ScmTsOptId(1234)).unwrap();
        let control = encoder.finish();
        let before = match send_datagram(&sender, &receiver, control) {
            Err(e) if e.raw_os_error() == Some(libc::EINVAL) => {
                // Kernels before 6.13 reject the unknown SOL_SOCKET type
                // with EINVAL; a newer one doing so means our bytes are wrong.
                assert!(
                    kernel_release() < (6, 13),
                    "SCM_TS_OPT_ID refused on {:?}: {e}",
                    kernel_release()
                );
                eprintln!("UNAVAILABLE: SCM_TS_OPT_ID: {e}");
                return;
            }
            other => other.unwrap(),
        };
        assert_eq!(read_tx_stamp(&sender, before).ee_data, 1234, "v6={v6}");

        // The next plain datagram takes the counter, still at 0.
        let before = send_datagram(&sender, &receiver, cmsg::Encoded::empty()).unwrap();
        assert_eq!(read_tx_stamp(&sender, before).ee_data, 0, "v6={v6}");
        // And one more id of our own, then the counter again.
        let before = send_datagram(&sender, &receiver, control).unwrap();
        assert_eq!(read_tx_stamp(&sender, before).ee_data, 1234, "v6={v6}");
        let before = send_datagram(&sender, &receiver, cmsg::Encoded::empty()).unwrap();
        assert_eq!(read_tx_stamp(&sender, before).ee_data, 1, "v6={v6}");
        assert_error_queue_empty(&sender);
    }
}

/// `SCM_TS_OPT_ID` needs `SOF_TIMESTAMPING_OPT_ID` on the socket: without
/// it the kernel refuses the datagram with `EINVAL` (on kernels that know
/// the message at all).
#[test]
fn scm_ts_opt_id_without_opt_id_is_refused() {
    if kernel_release() < (6, 13) {
        eprintln!(
            "UNAVAILABLE: SCM_TS_OPT_ID: kernel {:?} predates it",
            kernel_release()
        );
        return;
    }
    let Some((sender, receiver)) = udp_tx_pair(false) else {
        return;
    };
    enable_timestamping(
        &sender,
        timestamping::TX_SOFTWARE | timestamping::SOFTWARE | timestamping::OPT_TSONLY,
    )
    .unwrap();
    let mut buf = ControlBuffer::<{ space::<ScmTsOptId>() }>::new();
    let mut encoder = Encoder::new(&mut buf);
    encoder.push(&ScmTsOptId(7)).unwrap();
    let to = receiver.local_addr().unwrap();
    let result = sendmsg_to(
        &sender,
        &to,
        &[IoSlice::new(PAYLOAD)],
        encoder.finish(),
        SendFlags::empty(),
    );
    assert_eq!(result.unwrap_err().raw_os_error(), Some(libc::EINVAL));
}

// ---------------------------------------------------------------------------
// Bytes as the kernel writes them.

/// Native-endian bytes of `c_long`s: the old structs' fields.
fn longs(values: &[c_long]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_ne_bytes()).collect()
}

/// Native-endian bytes of `i64`s: the `_NEW` structs' fields.
fn i64s(values: &[i64]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_ne_bytes()).collect()
}

/// `CMSG_LEN(n)` and `CMSG_SPACE(n)` from libc.
fn cmsg_len_space(n: usize) -> (usize, usize) {
    let n = c_uint::try_from(n).unwrap();
    // SAFETY: CMSG_LEN is arithmetic on its argument.
    let len = unsafe { libc::CMSG_LEN(n) } as usize;
    // SAFETY: CMSG_SPACE is arithmetic on its argument.
    let space = unsafe { libc::CMSG_SPACE(n) } as usize;
    (len, space)
}

/// Encodes one message of `(SOL_SOCKET, ty)` with `payload` and checks the
/// header and sizes against libc's macros. The buffer holds the message.
fn encode_one(buf: &mut [u8], ty: c_int, payload: &[u8]) -> usize {
    let mut encoder = Encoder::new(buf);
    encoder.push_raw(libc::SOL_SOCKET, ty, payload).unwrap();
    let bytes = encoder.finish().as_bytes();
    let (len, space) = cmsg_len_space(payload.len());
    assert_eq!(bytes.len(), space);
    assert!(bytes.len() >= std::mem::size_of::<libc::cmsghdr>());
    // SAFETY: `bytes` holds at least one `cmsghdr` (asserted), and every
    // bit pattern is a valid `cmsghdr` (integers only).
    let header: libc::cmsghdr = unsafe { std::ptr::read_unaligned(bytes.as_ptr().cast()) };
    assert_eq!(header.cmsg_len as usize, len);
    assert_eq!(header.cmsg_level, libc::SOL_SOCKET);
    assert_eq!(header.cmsg_type, ty);
    bytes.len()
}

/// The one message in `bytes`, checked against its header.
fn only_message<'a>(bytes: &'a [u8], ty: c_int, payload: &[u8]) -> RawMessage<'a> {
    let mut messages = Messages::new(bytes);
    let raw = messages.next().unwrap().unwrap();
    assert!(messages.next().is_none());
    assert_eq!((raw.level, raw.ty), (libc::SOL_SOCKET, ty));
    assert_eq!(raw.data, payload);
    assert_eq!(raw.offset, cmsg_len_space(0).0);
    raw
}

const ONE_AND_A_HALF: Duration = Duration::from_millis(1500);

#[test]
fn scm_timestamp_bytes() {
    let payload = longs(&[1, 500_000]);
    let mut buf = ControlBuffer::<64>::new();
    let n = encode_one(&mut buf, ScmTimestamp::TYPE, &payload);
    let raw = only_message(&buf[..n], ScmTimestamp::TYPE, &payload);
    let expected = ScmTimestamp(KernelOldTimeval {
        tv_sec: 1,
        tv_usec: 500_000,
    });
    assert!(raw.is::<ScmTimestamp>());
    assert!(!raw.is::<ScmTimestampNew>());
    assert_eq!(raw.decode::<ScmTimestamp>(), Ok(&expected));
    assert_eq!(raw.read::<ScmTimestamp>(), Ok(expected));
    assert_eq!(expected.0.to_duration(), Some(ONE_AND_A_HALF));
    assert_eq!(
        expected.0.to_system_time(),
        Some(UNIX_EPOCH + ONE_AND_A_HALF)
    );
    assert_eq!(
        Messages::new(&buf[..n]).get::<ScmTimestamp>(),
        Ok(Some(&expected))
    );
    assert_eq!(
        linux::receive_time(Messages::new(&buf[..n])),
        Ok(Some(ONE_AND_A_HALF))
    );
    // Same length as SCM_TIMESTAMP_NEW on a 64-bit target: only the type
    // tells them apart, and the decoder checks it.
    assert_eq!(
        raw.decode::<ScmTimestampNew>(),
        Err(DecodeError::WrongMessage {
            expected: (libc::SOL_SOCKET, ScmTimestampNew::TYPE),
            found: (libc::SOL_SOCKET, ScmTimestamp::TYPE),
        })
    );
}

#[test]
fn scm_timestamp_new_bytes() {
    // Past 2038: only the 64-bit layout holds it on a 32-bit target.
    let sec = 1_i64 << 33;
    let payload = i64s(&[sec, 500_000]);
    let mut buf = ControlBuffer::<64>::new();
    let n = encode_one(&mut buf, ScmTimestampNew::TYPE, &payload);
    let raw = only_message(&buf[..n], ScmTimestampNew::TYPE, &payload);
    let expected = ScmTimestampNew(KernelSockTimeval {
        tv_sec: sec,
        tv_usec: 500_000,
    });
    assert_eq!(raw.decode::<ScmTimestampNew>(), Ok(&expected));
    assert_eq!(raw.read::<ScmTimestampNew>(), Ok(expected));
    let time = Duration::new(sec as u64, 500_000_000);
    assert_eq!(expected.0.to_duration(), Some(time));
    assert_eq!(expected.0.to_system_time(), Some(UNIX_EPOCH + time));
    assert_eq!(
        linux::receive_time(Messages::new(&buf[..n])),
        Ok(Some(time))
    );
}

#[test]
fn scm_timestampns_bytes() {
    let payload = longs(&[1, 500_000_000]);
    let mut buf = ControlBuffer::<64>::new();
    let n = encode_one(&mut buf, ScmTimestampNs::TYPE, &payload);
    let raw = only_message(&buf[..n], ScmTimestampNs::TYPE, &payload);
    let expected = ScmTimestampNs(KernelOldTimespec {
        tv_sec: 1,
        tv_nsec: 500_000_000,
    });
    assert_eq!(raw.decode::<ScmTimestampNs>(), Ok(&expected));
    assert_eq!(raw.read::<ScmTimestampNs>(), Ok(expected));
    assert_eq!(expected.0.to_duration(), Some(ONE_AND_A_HALF));
    assert_eq!(
        linux::receive_time(Messages::new(&buf[..n])),
        Ok(Some(ONE_AND_A_HALF))
    );
}

#[test]
fn scm_timestampns_new_bytes() {
    let payload = i64s(&[1, 500_000_001]);
    let mut buf = ControlBuffer::<64>::new();
    let n = encode_one(&mut buf, ScmTimestampNsNew::TYPE, &payload);
    let raw = only_message(&buf[..n], ScmTimestampNsNew::TYPE, &payload);
    let expected = ScmTimestampNsNew(KernelTimespec {
        tv_sec: 1,
        tv_nsec: 500_000_001,
    });
    assert_eq!(raw.decode::<ScmTimestampNsNew>(), Ok(&expected));
    assert_eq!(raw.read::<ScmTimestampNsNew>(), Ok(expected));
    let time = Duration::new(1, 500_000_001);
    assert_eq!(expected.0.to_duration(), Some(time));
    assert_eq!(
        linux::receive_time(Messages::new(&buf[..n])),
        Ok(Some(time))
    );
}

#[test]
fn scm_timestamping_bytes() {
    // Software 1.5 s, legacy slot unset, raw hardware 2 s + 250 ns.
    let payload = longs(&[1, 500_000_000, 0, 0, 2, 250]);
    let mut buf = ControlBuffer::<96>::new();
    let n = encode_one(&mut buf, ScmTimestamping::TYPE, &payload);
    let raw = only_message(&buf[..n], ScmTimestamping::TYPE, &payload);
    let m = raw.decode::<ScmTimestamping>().unwrap();
    assert_eq!(raw.read::<ScmTimestamping>(), Ok(*m));
    assert_eq!(
        m.ts,
        [
            KernelOldTimespec {
                tv_sec: 1,
                tv_nsec: 500_000_000
            },
            KernelOldTimespec {
                tv_sec: 0,
                tv_nsec: 0
            },
            KernelOldTimespec {
                tv_sec: 2,
                tv_nsec: 250
            },
        ]
    );
    assert_eq!(m.software(), Some(ONE_AND_A_HALF));
    assert_eq!(m.hardware(), Some(Duration::new(2, 250)));
    assert_eq!(
        linux::receive_time(Messages::new(&buf[..n])),
        Ok(Some(ONE_AND_A_HALF))
    );

    // Hardware only: no software stamp, and so no receive time.
    let payload = longs(&[0, 0, 0, 0, 3, 0]);
    let mut buf = ControlBuffer::<96>::new();
    let n = encode_one(&mut buf, ScmTimestamping::TYPE, &payload);
    let m = Messages::new(&buf[..n])
        .get::<ScmTimestamping>()
        .unwrap()
        .unwrap();
    assert_eq!(m.software(), None);
    assert_eq!(m.hardware(), Some(Duration::from_secs(3)));
    assert_eq!(linux::receive_time(Messages::new(&buf[..n])), Ok(None));
}

#[test]
fn scm_timestamping64_bytes() {
    let sec = 1_i64 << 33;
    let payload = i64s(&[sec, 7, 0, 0, 0, 0]);
    let mut buf = ControlBuffer::<96>::new();
    let n = encode_one(&mut buf, ScmTimestamping64::TYPE, &payload);
    let raw = only_message(&buf[..n], ScmTimestamping64::TYPE, &payload);
    let m = raw.decode::<ScmTimestamping64>().unwrap();
    assert_eq!(raw.read::<ScmTimestamping64>(), Ok(*m));
    assert_eq!(m.software(), Some(Duration::new(sec as u64, 7)));
    assert_eq!(m.hardware(), None);
    assert_eq!(
        linux::receive_time(Messages::new(&buf[..n])),
        Ok(Some(Duration::new(sec as u64, 7)))
    );
    // Same 48 bytes as SCM_TIMESTAMPING on 64-bit: the type decides.
    assert!(matches!(
        raw.decode::<ScmTimestamping>(),
        Err(DecodeError::WrongMessage { .. })
    ));
}

/// `SCM_TS_OPT_ID` as `Encoder::push` writes it: a `u32` after a
/// `CMSG_LEN(4)` header, padded to `CMSG_SPACE(4)`.
#[test]
fn scm_ts_opt_id_bytes() {
    let mut buf = ControlBuffer::<{ space::<ScmTsOptId>() }>::new();
    let mut encoder = Encoder::new(&mut buf);
    encoder.push(&ScmTsOptId(1234)).unwrap();
    let bytes = encoder.finish().as_bytes().to_vec();
    let mut raw_buf = ControlBuffer::<{ space::<ScmTsOptId>() }>::new();
    let n = encode_one(&mut raw_buf, ScmTsOptId::TYPE, &1234u32.to_ne_bytes());
    assert_eq!(bytes, raw_buf[..n]);
    only_message(&bytes, ScmTsOptId::TYPE, &1234u32.to_ne_bytes());
}

/// Out-of-range fields: the kernel never writes them, and the conversions
/// refuse them rather than wrap or panic.
#[test]
fn out_of_range_times_convert_to_none() {
    let tv = |tv_sec, tv_usec| KernelOldTimeval { tv_sec, tv_usec };
    assert_eq!(tv(0, 0).to_duration(), Some(Duration::ZERO));
    assert_eq!(
        tv(0, 999_999).to_duration(),
        Some(Duration::new(0, 999_999_000))
    );
    assert_eq!(tv(1, 1_000_000).to_duration(), None);
    assert_eq!(tv(1, -1).to_duration(), None);
    assert_eq!(tv(-1, 0).to_duration(), None);
    assert_eq!(tv(-1, 500_000).to_duration(), None);
    assert_eq!(tv(c_long::MIN, 0).to_duration(), None);
    assert_eq!(tv(-1, 0).to_system_time(), None);

    let stv = |tv_sec, tv_usec| KernelSockTimeval { tv_sec, tv_usec };
    assert_eq!(stv(1, 1_000_000).to_duration(), None);
    assert_eq!(stv(-1, 0).to_duration(), None);
    assert_eq!(stv(i64::MIN, 0).to_duration(), None);
    assert_eq!(
        stv(i64::MAX, 999_999).to_duration(),
        Some(Duration::new(i64::MAX as u64, 999_999_000))
    );

    let ts = |tv_sec, tv_nsec| KernelOldTimespec { tv_sec, tv_nsec };
    assert_eq!(
        ts(1, 999_999_999).to_duration(),
        Some(Duration::new(1, 999_999_999))
    );
    assert_eq!(ts(1, 1_000_000_000).to_duration(), None);
    assert_eq!(ts(1, -1).to_duration(), None);
    assert_eq!(ts(-1, 0).to_duration(), None);

    let kts = |tv_sec, tv_nsec| KernelTimespec { tv_sec, tv_nsec };
    assert_eq!(kts(1, 1_000_000_000).to_duration(), None);
    assert_eq!(kts(0, i64::MAX).to_duration(), None);
    assert_eq!(kts(-1, 0).to_duration(), None);

    // Through the decoder: the bytes decode, the time is None, and a
    // software slot that is out of range is "no software stamp".
    let payload = longs(&[1, 1_000_000]);
    let mut buf = ControlBuffer::<64>::new();
    let n = encode_one(&mut buf, ScmTimestamp::TYPE, &payload);
    let m = Messages::new(&buf[..n])
        .get::<ScmTimestamp>()
        .unwrap()
        .unwrap();
    assert_eq!(m.0.to_duration(), None);
    assert_eq!(linux::receive_time(Messages::new(&buf[..n])), Ok(None));

    let payload = longs(&[-5, 0, 0, 0, 0, 0]);
    let mut buf = ControlBuffer::<96>::new();
    let n = encode_one(&mut buf, ScmTimestamping::TYPE, &payload);
    let m = Messages::new(&buf[..n])
        .get::<ScmTimestamping>()
        .unwrap()
        .unwrap();
    assert_eq!(m.software(), None);
}

/// A payload of the wrong length is `PayloadLength`, from every way in.
#[test]
fn wrong_length_payloads_are_rejected() {
    let cases: [(c_int, usize, usize); 6] = [
        (ScmTimestamp::TYPE, 8, ScmTimestamp::BASE_SIZE),
        (ScmTimestampNew::TYPE, 8, 16),
        (ScmTimestampNs::TYPE, 24, ScmTimestampNs::BASE_SIZE),
        (ScmTimestampNsNew::TYPE, 12, 16),
        (ScmTimestamping::TYPE, 16, ScmTimestamping::BASE_SIZE),
        (ScmTimestamping64::TYPE, 47, 48),
    ];
    for (ty, found, expected) in cases {
        let payload = vec![0x11u8; found];
        let mut buf = ControlBuffer::<96>::new();
        let n = encode_one(&mut buf, ty, &payload);
        let raw = only_message(&buf[..n], ty, &payload);
        let error = DecodeError::PayloadLength {
            message: (libc::SOL_SOCKET, ty),
            expected: Expected::Exactly(expected),
            found,
        };
        let decoded = match ty {
            t if t == ScmTimestamp::TYPE => raw.decode::<ScmTimestamp>().map(drop),
            t if t == ScmTimestampNew::TYPE => raw.decode::<ScmTimestampNew>().map(drop),
            t if t == ScmTimestampNs::TYPE => raw.decode::<ScmTimestampNs>().map(drop),
            t if t == ScmTimestampNsNew::TYPE => raw.decode::<ScmTimestampNsNew>().map(drop),
            t if t == ScmTimestamping::TYPE => raw.decode::<ScmTimestamping>().map(drop),
            _ => raw.decode::<ScmTimestamping64>().map(drop),
        };
        assert_eq!(decoded, Err(error), "type {ty}");
        let read = match ty {
            t if t == ScmTimestamp::TYPE => raw.read::<ScmTimestamp>().map(drop),
            t if t == ScmTimestampNew::TYPE => raw.read::<ScmTimestampNew>().map(drop),
            t if t == ScmTimestampNs::TYPE => raw.read::<ScmTimestampNs>().map(drop),
            t if t == ScmTimestampNsNew::TYPE => raw.read::<ScmTimestampNsNew>().map(drop),
            t if t == ScmTimestamping::TYPE => raw.read::<ScmTimestamping>().map(drop),
            _ => raw.read::<ScmTimestamping64>().map(drop),
        };
        assert_eq!(read, Err(error), "type {ty}");
        assert_eq!(
            linux::receive_time(Messages::new(&buf[..n])),
            Err(error),
            "type {ty}"
        );
    }
}

/// `receive_time` skips messages that are not timestamps.
#[test]
fn receive_time_skips_other_messages() {
    let mut buf = ControlBuffer::<128>::new();
    let mut encoder = Encoder::new(&mut buf);
    encoder
        .push_raw(libc::IPPROTO_IP, libc::IP_TTL, &64i32.to_ne_bytes())
        .unwrap()
        .push_raw(
            libc::SOL_SOCKET,
            ScmTimestampNs::TYPE,
            &longs(&[1, 500_000_000]),
        )
        .unwrap();
    let bytes = encoder.finish().as_bytes();
    assert_eq!(
        linux::receive_time(Messages::new(bytes)),
        Ok(Some(ONE_AND_A_HALF))
    );
    assert_eq!(
        linux::receive_time(Messages::new(&bytes[..cmsg_len_space(4).1])),
        Ok(None)
    );
    assert_eq!(linux::receive_time(Messages::new(&[])), Ok(None));
}
