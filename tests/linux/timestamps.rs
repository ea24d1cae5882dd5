//! Timestamps on the real kernel: `SO_TIMESTAMP`, `SO_TIMESTAMPNS` and
//! `SO_TIMESTAMPING` receive stamps (the old layouts and the y2038 `_NEW`
//! ones) on `AF_UNIX`, UDP and TCP over loopback, and transmit stamps read
//! from the error queue with `IP_RECVERR`/`IPV6_RECVERR` and
//! `SCM_TS_OPT_ID`: the timestamps of `socket.rs` and the times of
//! `time.rs`. Their payloads as bytes are in cmsg-platforms' `tests/wire.rs`.
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
use crate::support::{
    available, kernel_release, recv, send_bytes, unix_pair, wait_for_error, Family, TIMEOUT, V4, V6,
};
use cmsg::platforms::linux::{
    self as linux, enable_timestamping, timestamping, IpRecvErr, Ipv6RecvErr, KernelOldTimespec,
    KernelTime, KernelTimespec, ScmTimestamp, ScmTimestampNew, ScmTimestampNs, ScmTimestampNsNew,
    ScmTimestamping, ScmTimestamping64, ScmTsOptId, SockExtendedErr, SCM_TSTAMP_SND,
    SO_EE_ORIGIN_TIMESTAMPING,
};
use cmsg::{
    enable, sendmsg_to, set_socket_option, space, ControlBuffer, ControlMessage, Encoder, MsgFlags,
    RawMessage, Receivable, RecvFlags, RecvMsg, SendFlags, SocketOption,
};
use std::ffi::{c_int, c_uint};
use std::fmt::Debug;
use std::io::{self, IoSlice};
use std::net::{TcpListener, TcpStream, UdpSocket};
use std::os::fd::{AsFd, AsRawFd, OwnedFd};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

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

impl Transport {
    /// The IP family of a UDP or TCP transport.
    fn family(self) -> Family {
        match self {
            Transport::Udp6 | Transport::Tcp6 => V6,
            _ => V4,
        }
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
            let ip = transport.family().loopback();
            let receiver = UdpSocket::bind((ip, 0))?;
            let sender = UdpSocket::bind((ip, 0))?;
            sender.connect(receiver.local_addr()?)?;
            Pair {
                sender: sender.into(),
                receiver: receiver.into(),
            }
        }
        Transport::Tcp4 | Transport::Tcp6 => {
            let ip = transport.family().loopback();
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

/// [`connect`], or `None` after printing `UNAVAILABLE` if the kernel has
/// no IPv6: the only reason a live test may skip.
fn connect_or_skip(transport: Transport) -> Option<Pair> {
    let missing = [libc::EADDRNOTAVAIL, libc::EAFNOSUPPORT];
    available(&format!("{transport:?}"), connect(transport), &missing)
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
    let (receiver, sender) = V4.connected_pair().unwrap();
    enable_timestamping(&receiver, RX_SW).unwrap();
    let deadline = Instant::now() + TIMEOUT;
    loop {
        sender.send(b"probe").unwrap();
        let mut data = [0u8; 8];
        let mut control = ControlBuffer::<{ space::<ScmTimestamping>() }>::new();
        let msg = recv(&receiver, &mut data, &mut control, RecvFlags::empty()).unwrap();
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
    send_bytes(&pair.sender, PAYLOAD);
    let mut data = [0u8; 64];
    let msg = recv(&pair.receiver, &mut data, control, RecvFlags::empty()).unwrap();
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

/// `raw` as an `M`, zero-copy and by value, which must agree.
fn decoded<M: Receivable + Copy + PartialEq + Debug>(raw: &RawMessage<'_>) -> M {
    let m = *raw.decode::<M>().unwrap();
    assert_eq!(raw.read::<M>().unwrap(), m);
    m
}

/// A `SO_TIMESTAMPING` stamp taken on loopback, which has no hardware
/// clock: slots 1 and 2 are `zero`, there is no hardware time, and the
/// software time (returned) is slot 0's.
fn loopback_software<T: KernelTime + PartialEq + Debug>(
    ts: &[T; 3],
    zero: T,
    software: Option<Duration>,
    hardware: Option<Duration>,
) -> Duration {
    assert_eq!(ts[1], zero);
    assert_eq!(ts[2], zero);
    assert_eq!(hardware, None);
    let software = software.expect("software stamp set");
    assert_eq!(software, since_epoch(&ts[0]));
    software
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
            Stamp::Timestamp => since_epoch(&decoded::<ScmTimestamp>(raw).0),
            Stamp::TimestampNs => since_epoch(&decoded::<ScmTimestampNs>(raw).0),
            Stamp::TimestampNew => since_epoch(&decoded::<ScmTimestampNew>(raw).0),
            Stamp::TimestampNsNew => since_epoch(&decoded::<ScmTimestampNsNew>(raw).0),
            Stamp::Timestamping => {
                let m = decoded::<ScmTimestamping>(raw);
                let zero = KernelOldTimespec {
                    tv_sec: 0,
                    tv_nsec: 0,
                };
                loopback_software(&m.ts, zero, m.software(), m.hardware())
            }
            Stamp::Timestamping64 => {
                let m = decoded::<ScmTimestamping64>(raw);
                let zero = KernelTimespec {
                    tv_sec: 0,
                    tv_nsec: 0,
                };
                loopback_software(&m.ts, zero, m.software(), m.hardware())
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

/// One test per receive-timestamp kind, each on every transport.
macro_rules! receive_stamp_tests {
    ($($name:ident: $stamp:ident,)*) => {$(
        #[test]
        fn $name() {
            check_receive_stamp(Stamp::$stamp);
        }
    )*};
}

receive_stamp_tests! {
    scm_timestamp_on_every_transport: Timestamp,
    scm_timestampns_on_every_transport: TimestampNs,
    scm_timestamping_software_on_every_transport: Timestamping,
    scm_timestamp_new_on_every_transport: TimestampNew,
    scm_timestampns_new_on_every_transport: TimestampNsNew,
    scm_timestamping_new_on_every_transport: Timestamping64,
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
fn udp_tx_pair(family: Family) -> Option<(UdpSocket, UdpSocket)> {
    let (receiver, sender) = family.udp_pair()?;
    Some((sender, receiver))
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
    let msg = recv(
        sender,
        &mut data,
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
    let result = recv(
        sender,
        &mut data,
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
    for family in [V4, V6] {
        let Some((sender, receiver)) = udp_tx_pair(family) else {
            continue;
        };
        enable_timestamping(&sender, TX_SW).unwrap();
        for expected_id in 0..2 {
            let before = send_datagram(&sender, &receiver, cmsg::Encoded::empty()).unwrap();
            let err = read_tx_stamp(&sender, before);
            assert_eq!(err.ee_data, expected_id, "{family:?}");
        }
        assert_error_queue_empty(&sender);
    }
}

/// `SCM_TS_OPT_ID` (Linux 6.13+) names one datagram's stamp, and leaves
/// the socket's own `OPT_ID` counter alone.
#[test]
fn scm_ts_opt_id_names_the_transmit_stamp() {
    for family in [V4, V6] {
        let Some((sender, receiver)) = udp_tx_pair(family) else {
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
        assert_eq!(read_tx_stamp(&sender, before).ee_data, 1234, "{family:?}");

        // The next plain datagram takes the counter, still at 0.
        let before = send_datagram(&sender, &receiver, cmsg::Encoded::empty()).unwrap();
        assert_eq!(read_tx_stamp(&sender, before).ee_data, 0, "{family:?}");
        // And one more id of our own, then the counter again.
        let before = send_datagram(&sender, &receiver, control).unwrap();
        assert_eq!(read_tx_stamp(&sender, before).ee_data, 1234, "{family:?}");
        let before = send_datagram(&sender, &receiver, cmsg::Encoded::empty()).unwrap();
        assert_eq!(read_tx_stamp(&sender, before).ee_data, 1, "{family:?}");
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
    let Some((sender, receiver)) = udp_tx_pair(V4) else {
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
