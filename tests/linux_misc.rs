//! The rest of the Linux catalogue on the real kernel: UDP segmentation
//! offload (`UDP_SEGMENT` / `UDP_GRO`), `SO_MARK` / `SO_RCVMARK`,
//! `SO_RXQ_OVFL`, `SCM_TXTIME`, `SCM_PIDFD`, `SCM_SECURITY`, `AF_ALG`
//! (`ALG_SET_OP`, `ALG_SET_IV`, `ALG_SET_AEAD_ASSOCLEN`) and kernel TLS
//! record types. Where the kernel refuses a feature (ENOPROTOOPT,
//! EAFNOSUPPORT, ENOENT, EINVAL on the socket or setsockopt call) a test
//! prints `UNAVAILABLE: ...` and returns; the byte-level tests beside it
//! check the encoding the kernel would read or produce either way.
#![cfg(target_os = "linux")]

mod common;

use cmsg::platforms::linux::{
    AlgSetAeadAssoclen, AlgSetIv, AlgSetOp, Mark, RxqOvfl, ScmPidfd, ScmSecurity, TlsGetRecordType,
    TlsSetRecordType, TxTime, UdpGro, UdpSegment, ALG_OP_ENCRYPT, SOL_TLS,
};
use cmsg::{
    enable, recvmsg, sendmsg, set_socket_option, set_socket_option_fd, space, space_for,
    ControlBuffer, ControlMessage, EncodeError, Encoder, Messages, OptionTakesFd, RecvFlags,
    RecvMsg, SendFlags, SocketOption,
};
use common::{identity, is_cloexec, open_fds, unix_pair};
use std::io::{self, IoSlice, IoSliceMut};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::os::fd::{AsFd, AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::Duration;

/// How long any single receive may block.
const TIMEOUT: Duration = Duration::from_secs(5);

const V4: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);
const V6: IpAddr = IpAddr::V6(Ipv6Addr::LOCALHOST);

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// Under `cargo test` every test of this file shares one process. The one
/// test that counts `/proc/self/fd` takes this lock exclusively; every test
/// that opens descriptors holds it shared, so none does while it counts.
static FDS: RwLock<()> = RwLock::new(());

fn shared() -> RwLockReadGuard<'static, ()> {
    FDS.read().unwrap_or_else(PoisonError::into_inner)
}

fn exclusive() -> RwLockWriteGuard<'static, ()> {
    FDS.write().unwrap_or_else(PoisonError::into_inner)
}

fn unavailable(feature: &str, err: &io::Error) {
    eprintln!("UNAVAILABLE: {feature}: {err}");
}

fn errno(err: &io::Error) -> i32 {
    err.raw_os_error().unwrap_or(0)
}

/// `CMSG_LEN(payload)` from libc.
fn cmsg_len(payload: usize) -> usize {
    let payload = u32::try_from(payload).unwrap();
    // SAFETY: CMSG_LEN is arithmetic on its argument; it reads no memory.
    let len = unsafe { libc::CMSG_LEN(payload) };
    len as usize
}

/// `CMSG_SPACE(payload)` from libc.
fn cmsg_space(payload: usize) -> usize {
    let payload = u32::try_from(payload).unwrap();
    // SAFETY: CMSG_SPACE is arithmetic on its argument; it reads no memory.
    let space = unsafe { libc::CMSG_SPACE(payload) };
    space as usize
}

/// The `struct cmsghdr` at the start of `bytes`.
fn header(bytes: &[u8]) -> libc::cmsghdr {
    assert!(bytes.len() >= size_of::<libc::cmsghdr>());
    // SAFETY: `bytes` holds at least `size_of::<cmsghdr>()` initialized
    // bytes; `cmsghdr` is plain integers, valid for any bit pattern, and
    // `read_unaligned` has no alignment requirement.
    unsafe { std::ptr::read_unaligned(bytes.as_ptr().cast::<libc::cmsghdr>()) }
}

/// The `cmsg_len` of the header at the start of `bytes`.
#[allow(clippy::unnecessary_cast)] // `size_t` on glibc, `socklen_t` on musl.
fn stored_len(bytes: &[u8]) -> usize {
    header(bytes).cmsg_len as usize
}

/// Whether this process runs as root (and so may set marks).
fn is_root() -> bool {
    // SAFETY: geteuid(2) cannot fail and touches no memory.
    let euid = unsafe { libc::geteuid() };
    euid == 0
}

/// `setsockopt(fd, level, name, value, sizeof value)` for any option value.
fn setsockopt<T: ?Sized>(fd: impl AsFd, level: i32, name: i32, value: &T) -> io::Result<()> {
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

/// Receives one message into `data` with a roomy control buffer and hands
/// it to `inspect` (which may decode zero-copy from it).
fn receive<R>(
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

/// A receiver bound to `ip` (port chosen by the kernel, receive timeout
/// set) and a sender bound to `ip` and connected to it.
fn udp_pair(ip: IpAddr) -> (UdpSocket, UdpSocket) {
    let rx = UdpSocket::bind((ip, 0)).unwrap();
    rx.set_read_timeout(Some(TIMEOUT)).unwrap();
    let tx = UdpSocket::bind((ip, 0)).unwrap();
    tx.connect(rx.local_addr().unwrap()).unwrap();
    (rx, tx)
}

fn send_one<M: cmsg::Sendable + ?Sized>(
    socket: impl AsFd,
    data: &[u8],
    message: &M,
) -> io::Result<usize> {
    let mut out = ControlBuffer::<64>::new();
    let mut encoder = Encoder::new(&mut out);
    encoder.push(message).unwrap();
    sendmsg(
        socket,
        &[IoSlice::new(data)],
        encoder.finish(),
        SendFlags::empty(),
    )
}

// ---------------------------------------------------------------------------
// UDP_SEGMENT / UDP_GRO
// ---------------------------------------------------------------------------

const GSO_SIZE: u16 = 1000;
const GSO_TOTAL: usize = 3500;

fn gso_payload() -> Vec<u8> {
    (0..GSO_TOTAL).map(|i| (i % 251) as u8).collect()
}

/// Sends `payload` with `UdpSegment(GSO_SIZE)`. `Ok(false)` when the kernel
/// has no UDP GSO: the send failed with EIO/EINVAL/ENOPROTOOPT *and* the
/// kernel also refuses the `UDP_SEGMENT` socket option itself (so a
/// malformed message cannot pass as missing support).
fn send_segmented(tx: &UdpSocket, payload: &[u8]) -> bool {
    match send_one(tx, payload, &UdpSegment(GSO_SIZE)) {
        Ok(sent) => {
            assert_eq!(sent, payload.len());
            true
        }
        Err(e) if matches!(errno(&e), libc::EIO | libc::EINVAL | libc::ENOPROTOOPT) => {
            let probe = set_socket_option(
                tx,
                SocketOption {
                    level: libc::SOL_UDP,
                    name: libc::UDP_SEGMENT,
                },
                c_int_from(GSO_SIZE),
            );
            match probe {
                Err(p) if matches!(errno(&p), libc::EINVAL | libc::ENOPROTOOPT) => {
                    unavailable("UDP_SEGMENT", &e);
                    false
                }
                _ => panic!(
                    "sendmsg with UDP_SEGMENT failed ({e}) though the kernel accepts the option"
                ),
            }
        }
        Err(e) => panic!("sendmsg with UDP_SEGMENT: {e}"),
    }
}

fn c_int_from(v: u16) -> libc::c_int {
    libc::c_int::from(v)
}

/// Receives until `total` bytes came in: each read's length and `UdpGro`.
fn receive_segments(
    rx: &UdpSocket,
    from: SocketAddr,
    total: usize,
) -> (Vec<u8>, Vec<(usize, Option<i32>)>) {
    let mut data = vec![0u8; 64 * 1024];
    let mut all = Vec::new();
    let mut reads = Vec::new();
    while all.len() < total {
        assert!(reads.len() < 8, "at most 4 datagrams were sent: {reads:?}");
        let (n, gro) = receive(rx, &mut data, RecvFlags::empty(), |m| {
            assert_eq!(m.address, Some(from));
            assert!(!m.flags.data_truncated());
            (m.bytes, m.control.get::<UdpGro>().unwrap().map(|g| g.0))
        })
        .unwrap();
        all.extend_from_slice(&data[..n]);
        reads.push((n, gro));
    }
    (all, reads)
}

fn gso_to_gro(ip: IpAddr) {
    let _fds = shared();
    let (rx, tx) = udp_pair(ip);
    if let Err(e) = enable::<UdpGro>(&rx) {
        assert!(
            matches!(errno(&e), libc::ENOPROTOOPT | libc::EINVAL),
            "UDP_GRO: {e}"
        );
        return unavailable("UDP_GRO", &e);
    }
    let payload = gso_payload();
    if !send_segmented(&tx, &payload) {
        return;
    }
    let (all, reads) = receive_segments(&rx, tx.local_addr().unwrap(), payload.len());
    assert_eq!(all, payload, "{ip}: the bytes, in order");
    if reads.len() == 1 {
        // Loopback keeps the GSO packet whole, and a socket with UDP_GRO
        // accepts it as is: one read, with the segment size.
        assert_eq!(reads[0], (GSO_TOTAL, Some(i32::from(GSO_SIZE))), "{ip}");
    } else {
        // The kernel segmented after all: every datagram is a full segment
        // but the last, and a coalesced read (if any) reports the size.
        eprintln!(
            "{ip}: UDP_GRO socket got {} separate reads: {reads:?}",
            reads.len()
        );
        let (last, rest) = reads.split_last().unwrap();
        for &(n, gro) in rest {
            match gro {
                Some(g) => assert_eq!((g, n % GSO_SIZE as usize), (i32::from(GSO_SIZE), 0)),
                None => assert_eq!(n, GSO_SIZE as usize),
            }
        }
        assert_eq!(last.0 % GSO_SIZE as usize, GSO_TOTAL % GSO_SIZE as usize);
    }
}

#[test]
fn udp_segment_arrives_coalesced_with_udp_gro_v4() {
    gso_to_gro(V4);
}

#[test]
fn udp_segment_arrives_coalesced_with_udp_gro_v6() {
    gso_to_gro(V6);
}

/// Without `UDP_GRO` the receiving socket cannot take a GSO packet: the
/// kernel splits it into 1000, 1000, 1000 and 500 bytes, with no `UdpGro`.
#[test]
fn udp_segment_is_split_for_a_socket_without_udp_gro() {
    let _fds = shared();
    for ip in [V4, V6] {
        let (rx, tx) = udp_pair(ip);
        let payload = gso_payload();
        if !send_segmented(&tx, &payload) {
            return;
        }
        let (all, reads) = receive_segments(&rx, tx.local_addr().unwrap(), payload.len());
        assert_eq!(all, payload, "{ip}");
        assert_eq!(
            reads,
            [(1000, None), (1000, None), (1000, None), (500, None)],
            "{ip}"
        );
    }
}

#[test]
fn udp_gso_gro_bytes() {
    let mut out = ControlBuffer::<{ space::<UdpSegment>() }>::new();
    let mut encoder = Encoder::new(&mut out);
    encoder.push(&UdpSegment(1000)).unwrap();
    let bytes = encoder.finish().as_bytes();
    assert_eq!(bytes.len(), cmsg_space(2));
    let h = header(bytes);
    assert_eq!(stored_len(bytes), cmsg_len(2), "UDP_SEGMENT is a u16");
    assert_eq!(
        (h.cmsg_level, h.cmsg_type),
        (libc::SOL_UDP, libc::UDP_SEGMENT)
    );
    let raw = Messages::new(bytes).next().unwrap().unwrap();
    assert_eq!(raw.data, 1000u16.to_ne_bytes());

    // What udp_cmsg_recv() writes: put_cmsg(SOL_UDP, UDP_GRO, sizeof(int)).
    let mut out = ControlBuffer::<{ space::<UdpGro>() }>::new();
    let mut encoder = Encoder::new(&mut out);
    encoder
        .push_raw(libc::SOL_UDP, libc::UDP_GRO, &1000i32.to_ne_bytes())
        .unwrap();
    let bytes = encoder.finish().as_bytes();
    assert_eq!(stored_len(bytes), cmsg_len(4));
    assert_eq!(
        Messages::new(bytes).get::<UdpGro>().unwrap(),
        Some(&UdpGro(1000))
    );
}

// ---------------------------------------------------------------------------
// SO_MARK / SO_RCVMARK
// ---------------------------------------------------------------------------

fn received_mark(rx: &UdpSocket, expect: &[u8]) -> Option<u32> {
    let mut data = [0u8; 64];
    let (n, mark) = receive(rx, &mut data, RecvFlags::empty(), |m| {
        (m.bytes, m.control.get::<Mark>().unwrap().map(|m| m.0))
    })
    .unwrap();
    assert_eq!(&data[..n], expect);
    mark
}

#[test]
fn so_mark_reaches_a_receiver_with_so_rcvmark() {
    let _fds = shared();
    for ip in [V4, V6] {
        let (rx, tx) = udp_pair(ip);
        if let Err(e) = enable::<Mark>(&rx) {
            assert!(
                matches!(errno(&e), libc::ENOPROTOOPT | libc::EINVAL),
                "SO_RCVMARK: {e}"
            );
            return unavailable("SO_RCVMARK", &e);
        }

        // An unmarked packet: SO_RCVMARK reports every packet's mark, 0 too.
        tx.send(b"plain").unwrap();
        assert_eq!(received_mark(&rx, b"plain"), Some(0), "{ip}");

        // The per-packet mark: needs CAP_NET_RAW or CAP_NET_ADMIN.
        match send_one(&tx, b"marked", &Mark(0x1234)) {
            Ok(n) => assert_eq!(n, 6),
            Err(e) if errno(&e) == libc::EPERM && !is_root() => {
                eprintln!("SO_MARK cmsg refused without privilege (EPERM): not root");
                return;
            }
            Err(e) => panic!("{ip}: sendmsg with SO_MARK: {e}"),
        }
        assert_eq!(received_mark(&rx, b"marked"), Some(0x1234), "{ip}");

        // The socket's own mark, set with setsockopt(SO_MARK).
        let so_mark = SocketOption {
            level: libc::SOL_SOCKET,
            name: libc::SO_MARK,
        };
        set_socket_option(&tx, so_mark, 0x5678).unwrap();
        tx.send(b"socket").unwrap();
        assert_eq!(received_mark(&rx, b"socket"), Some(0x5678), "{ip}");

        // A per-packet mark overrides the socket's.
        send_one(&tx, b"override", &Mark(0x9abc)).unwrap();
        assert_eq!(received_mark(&rx, b"override"), Some(0x9abc), "{ip}");
    }
}

/// Without SO_RCVMARK the mark is not reported, even on a marked packet.
#[test]
fn so_mark_is_not_reported_without_so_rcvmark() {
    let _fds = shared();
    let (rx, tx) = udp_pair(V4);
    let so_mark = SocketOption {
        level: libc::SOL_SOCKET,
        name: libc::SO_MARK,
    };
    if let Err(e) = set_socket_option(&tx, so_mark, 0x1234) {
        assert!(errno(&e) == libc::EPERM && !is_root(), "SO_MARK: {e}");
        eprintln!("SO_MARK refused without privilege (EPERM): not root");
        return;
    }
    tx.send(b"m").unwrap();
    assert_eq!(received_mark(&rx, b"m"), None);
}

#[test]
fn so_mark_bytes() {
    let mut out = ControlBuffer::<{ space::<Mark>() }>::new();
    let mut encoder = Encoder::new(&mut out);
    encoder.push(&Mark(0x1234)).unwrap();
    let bytes = encoder.finish().as_bytes();
    assert_eq!(bytes.len(), cmsg_space(4));
    let h = header(bytes);
    assert_eq!(
        (stored_len(bytes), h.cmsg_level, h.cmsg_type),
        (cmsg_len(4), libc::SOL_SOCKET, libc::SO_MARK)
    );
    assert_eq!(
        Messages::new(bytes).get::<Mark>().unwrap(),
        Some(&Mark(0x1234))
    );
    assert_eq!(Mark::ENABLE.unwrap().name, libc::SO_RCVMARK);
}

// ---------------------------------------------------------------------------
// SO_RXQ_OVFL
// ---------------------------------------------------------------------------

/// The `drops` column of `/proc/net/udp` for the socket with inode `inode`.
fn proc_net_udp_drops(inode: u64) -> Option<u64> {
    let table = std::fs::read_to_string("/proc/net/udp").ok()?;
    table.lines().skip(1).find_map(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops
        (fields.get(9)?.parse::<u64>().ok()? == inode).then(|| fields.last()?.parse().ok())?
    })
}

#[test]
fn rxq_ovfl_counts_the_datagrams_dropped() {
    const SENDS: u32 = 2000;
    const FINAL: u32 = u32::MAX;
    let _fds = shared();
    let (rx, tx) = udp_pair(V4);
    if let Err(e) = enable::<RxqOvfl>(&rx) {
        assert!(
            matches!(errno(&e), libc::ENOPROTOOPT | libc::EINVAL),
            "SO_RXQ_OVFL: {e}"
        );
        return unavailable("SO_RXQ_OVFL", &e);
    }
    // The kernel raises this to its minimum: a few datagrams at most.
    let rcvbuf = SocketOption {
        level: libc::SOL_SOCKET,
        name: libc::SO_RCVBUF,
    };
    set_socket_option(&rx, rcvbuf, 1).unwrap();
    tx.set_nonblocking(true).unwrap();
    let mut sent = 0u32;
    for i in 0..SENDS {
        match tx.send(&i.to_ne_bytes()) {
            Ok(_) => sent += 1,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            Err(e) => panic!("send: {e}"),
        }
    }
    tx.set_nonblocking(false).unwrap();
    assert!(sent > 0);

    // Drain what fit, then send one more: it is queued after every drop,
    // so it carries the whole count. Datagrams still in flight (a softirq
    // deferred to ksoftirqd) are read in order before it.
    let mut seen = Vec::new();
    let mut data = [0u8; 16];
    let mut final_sent = false;
    let total = loop {
        assert!(seen.len() <= SENDS as usize, "bounded by what was sent");
        let flags = if final_sent {
            RecvFlags::empty()
        } else {
            RecvFlags::DONTWAIT
        };
        let got = receive(&rx, &mut data, flags, |m| {
            (m.bytes, m.control.get::<RxqOvfl>().unwrap().map(|o| o.0))
        });
        match got {
            Ok((4, ovfl)) => {
                let seq = u32::from_ne_bytes(data[..4].try_into().unwrap());
                if seq == FINAL {
                    break ovfl.expect("SO_RXQ_OVFL after drops");
                }
                seen.push((seq, ovfl.unwrap_or(0)));
            }
            Ok((n, _)) => panic!("unexpected {n}-byte datagram"),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock && !final_sent => {
                tx.send(&FINAL.to_ne_bytes()).unwrap();
                final_sent = true;
            }
            Err(e) => panic!("recvmsg: {e}"),
        }
    };
    let received = u32::try_from(seen.len()).unwrap();
    eprintln!("sent {sent}, received {received}, SO_RXQ_OVFL {total}");
    assert!(total > 0, "a tiny receive buffer overflowed");
    assert!(received < sent);
    assert!(
        total <= sent - received,
        "no more drops than missing datagrams"
    );
    // Each datagram carries the count when it was queued: never decreasing.
    assert!(
        seen.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1),
        "{seen:?}"
    );
    assert!(seen.iter().all(|&(_, n)| n <= total));
    let (_, inode) = identity(&rx);
    match proc_net_udp_drops(inode) {
        Some(drops) => assert_eq!(u64::from(total), drops, "/proc/net/udp agrees"),
        None => eprintln!("socket inode {inode} not found in /proc/net/udp"),
    }
}

#[test]
fn rxq_ovfl_bytes() {
    let mut out = ControlBuffer::<{ space::<RxqOvfl>() }>::new();
    let mut encoder = Encoder::new(&mut out);
    // sock_recv_drops(): put_cmsg(SOL_SOCKET, SO_RXQ_OVFL, sizeof(__u32)).
    encoder
        .push_raw(libc::SOL_SOCKET, libc::SO_RXQ_OVFL, &7u32.to_ne_bytes())
        .unwrap();
    let bytes = encoder.finish().as_bytes();
    assert_eq!(
        (bytes.len(), stored_len(bytes)),
        (cmsg_space(4), cmsg_len(4))
    );
    assert_eq!(
        Messages::new(bytes).get::<RxqOvfl>().unwrap(),
        Some(&RxqOvfl(7))
    );
}

// ---------------------------------------------------------------------------
// SCM_TXTIME
// ---------------------------------------------------------------------------

fn monotonic_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid out-pointer for the duration of the call.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    assert_eq!(rc, 0);
    u64::try_from(ts.tv_sec).unwrap() * 1_000_000_000 + u64::try_from(ts.tv_nsec).unwrap()
}

#[test]
fn scm_txtime_is_accepted_once_so_txtime_is_set() {
    let _fds = shared();
    let (rx, tx) = udp_pair(V4);
    let mut data = [0u8; 16];

    // Without SO_TXTIME the kernel refuses the message (EINVAL): proof it
    // parsed our SOL_SOCKET/SCM_TXTIME header.
    let refused = send_one(&tx, b"early", &TxTime(monotonic_ns() + 1_000_000)).unwrap_err();
    assert_eq!(errno(&refused), libc::EINVAL, "{refused}");

    if let Err(e) = cmsg::platforms::linux::enable_txtime(&tx, libc::CLOCK_MONOTONIC, 0) {
        assert!(
            matches!(errno(&e), libc::ENOPROTOOPT | libc::EINVAL),
            "SO_TXTIME: {e}"
        );
        return unavailable("SO_TXTIME", &e);
    }

    // One millisecond ahead on CLOCK_MONOTONIC. Only the ETF qdisc (or fq,
    // for EDT) acts on skb->tstamp; loopback's default `noqueue` ignores it
    // and the datagram goes out at once.
    let when = monotonic_ns() + 1_000_000;
    assert_eq!(send_one(&tx, b"timed", &TxTime(when)).unwrap(), 5);
    let n = receive(&rx, &mut data, RecvFlags::empty(), |m| m.bytes).unwrap();
    assert_eq!(&data[..n], b"timed");

    // The kernel insists on exactly CMSG_LEN(sizeof(u64)).
    let mut out = ControlBuffer::<64>::new();
    let mut encoder = Encoder::new(&mut out);
    encoder
        .push_raw(TxTime::LEVEL, TxTime::TYPE, &1u32.to_ne_bytes())
        .unwrap();
    let short = sendmsg(
        &tx,
        &[IoSlice::new(b"bad")],
        encoder.finish(),
        SendFlags::empty(),
    );
    assert_eq!(errno(&short.unwrap_err()), libc::EINVAL);
}

#[test]
fn options_read_as_descriptors_take_only_borrowed_ones() {
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    let bpf = SocketOption {
        level: libc::SOL_SOCKET,
        name: libc::SO_ATTACH_BPF,
    };
    // A bare number is refused before any syscall, with a typed reason.
    for option in [
        bpf,
        SocketOption {
            level: libc::SOL_SOCKET,
            name: libc::SO_ATTACH_REUSEPORT_EBPF,
        },
        SocketOption {
            level: libc::SOL_PACKET,
            name: libc::PACKET_FANOUT_DATA,
        },
    ] {
        let refused = set_socket_option(&socket, option, 0).unwrap_err();
        assert_eq!(refused.kind(), io::ErrorKind::InvalidInput);
        let reason = refused
            .get_ref()
            .and_then(|e| e.downcast_ref::<OptionTakesFd>());
        assert_eq!(reason, Some(&OptionTakesFd { option }));
    }
    // A borrowed descriptor reaches the kernel, which looks it up: /dev/null
    // is not a BPF program (`bpf_prog_get()`: EINVAL).
    let file = std::fs::File::open("/dev/null").unwrap();
    let err = set_socket_option_fd(&socket, bpf, file.as_fd()).unwrap_err();
    assert_eq!(errno(&err), libc::EINVAL, "{err}");
    // An ordinary option still goes through.
    let ttl = SocketOption {
        level: libc::IPPROTO_IP,
        name: libc::IP_RECVTTL,
    };
    set_socket_option(&socket, ttl, 1).unwrap();
}

#[test]
fn scm_txtime_bytes() {
    let mut out = ControlBuffer::<{ space::<TxTime>() }>::new();
    let mut encoder = Encoder::new(&mut out);
    encoder.push(&TxTime(0x0102_0304_0506_0708)).unwrap();
    let bytes = encoder.finish().as_bytes();
    let h = header(bytes);
    assert_eq!(
        (stored_len(bytes), h.cmsg_level, h.cmsg_type, bytes.len()),
        (
            cmsg_len(8),
            libc::SOL_SOCKET,
            libc::SCM_TXTIME,
            cmsg_space(8)
        )
    );
    let raw = Messages::new(bytes).next().unwrap().unwrap();
    assert_eq!(raw.data, 0x0102_0304_0506_0708u64.to_ne_bytes());
}

// ---------------------------------------------------------------------------
// SCM_PIDFD
// ---------------------------------------------------------------------------

/// The `Pid:` line of `/proc/self/fdinfo/<fd>` (a pidfd's process).
fn fdinfo_pid(fd: RawFd) -> Option<u32> {
    let info = std::fs::read_to_string(format!("/proc/self/fdinfo/{fd}")).ok()?;
    info.lines()
        .find_map(|l| l.strip_prefix("Pid:"))
        .map(|v| v.trim().parse().unwrap())
}

/// Enables SO_PASSPIDFD on `b`; false (after printing why) if the kernel
/// has no such option.
fn pass_pidfd(b: &OwnedFd) -> bool {
    match enable::<ScmPidfd>(b) {
        Ok(()) => true,
        Err(e) => {
            assert!(
                matches!(errno(&e), libc::ENOPROTOOPT | libc::EINVAL),
                "SO_PASSPIDFD: {e}"
            );
            unavailable("SO_PASSPIDFD", &e);
            false
        }
    }
}

#[test]
fn scm_pidfd_names_the_sending_process() {
    let _fds = shared();
    for (name, ty) in [("dgram", libc::SOCK_DGRAM), ("stream", libc::SOCK_STREAM)] {
        let (a, b) = unix_pair(ty).unwrap();
        if !pass_pidfd(&b) {
            return;
        }
        sendmsg(
            &a,
            &[IoSlice::new(b"pid")],
            cmsg::Encoded::empty(),
            SendFlags::empty(),
        )
        .unwrap();
        let mut data = [0u8; 8];
        let mut control = ControlBuffer::<{ space::<ScmPidfd>() }>::new();
        let mut msg = recvmsg(
            &b,
            &mut [IoSliceMut::new(&mut data)],
            &mut control,
            RecvFlags::empty(),
        )
        .unwrap();
        assert_eq!(msg.bytes, 3, "{name}");
        assert!(!msg.flags.control_truncated(), "{name}");
        let raw = msg.control.get::<ScmPidfd>().unwrap().expect("SCM_PIDFD").0;
        let taken: Vec<OwnedFd> = msg.control.take_fds_of::<ScmPidfd>().collect();
        assert_eq!(taken.len(), 1, "{name}");
        let pidfd = &taken[0];
        assert_eq!(pidfd.as_raw_fd(), raw, "{name}");
        // Taken: the slot now reads -1 and nothing else is handed out.
        assert_eq!(msg.control.get::<ScmPidfd>().unwrap(), Some(&ScmPidfd(-1)));
        assert_eq!(msg.control.take_fds_of::<ScmPidfd>().count(), 0);
        drop(msg);
        // Still open after the `Received` is gone: it is ours now.
        assert_eq!(
            fdinfo_pid(pidfd.as_raw_fd()),
            Some(std::process::id()),
            "{name}"
        );
        assert!(is_cloexec(pidfd), "{name}: pidfds are always O_CLOEXEC");
    }
}

/// Dedicated: counts `/proc/self/fd`, so it holds the lock exclusively.
#[test]
fn an_untaken_scm_pidfd_is_closed_with_the_received() {
    let _fds = exclusive();
    let (a, b) = unix_pair(libc::SOCK_DGRAM).unwrap();
    if !pass_pidfd(&b) {
        return;
    }
    let baseline = open_fds();
    sendmsg(
        &a,
        &[IoSlice::new(b"p")],
        cmsg::Encoded::empty(),
        SendFlags::empty(),
    )
    .unwrap();
    let mut data = [0u8; 8];
    let mut control = ControlBuffer::<{ space::<ScmPidfd>() }>::new();
    let msg = recvmsg(
        &b,
        &mut [IoSliceMut::new(&mut data)],
        &mut control,
        RecvFlags::empty(),
    )
    .unwrap();
    let raw = msg.control.get::<ScmPidfd>().unwrap().expect("SCM_PIDFD").0;
    assert_eq!(open_fds(), baseline + 1, "the kernel installed the pidfd");
    assert_eq!(fdinfo_pid(raw), Some(std::process::id()));
    drop(msg);
    assert_eq!(open_fds(), baseline, "closed with the Received");
    // SAFETY: F_GETFD only queries; on a closed descriptor it fails.
    assert_eq!(unsafe { libc::fcntl(raw, libc::F_GETFD) }, -1);
}

#[test]
fn scm_pidfd_bytes() {
    let mut out = ControlBuffer::<{ space::<ScmPidfd>() }>::new();
    let mut encoder = Encoder::new(&mut out);
    // scm_pidfd_recv(): put_cmsg(SOL_SOCKET, SCM_PIDFD, sizeof(int)).
    // A pidfd is a descriptor: safe code cannot write its number.
    assert_eq!(
        encoder
            .push_raw(libc::SOL_SOCKET, 4, &42i32.to_ne_bytes())
            .unwrap_err(),
        EncodeError::CarriesFds {
            level: libc::SOL_SOCKET,
            ty: 4
        }
    );
    // SAFETY: these bytes are decoded, never sent.
    unsafe { encoder.push_raw_unchecked(libc::SOL_SOCKET, 4, &42i32.to_ne_bytes()) }.unwrap();
    let bytes = encoder.finish().as_bytes();
    assert_eq!(
        (bytes.len(), stored_len(bytes)),
        (cmsg_space(4), cmsg_len(4))
    );
    assert_eq!(
        Messages::new(bytes).get::<ScmPidfd>().unwrap(),
        Some(&ScmPidfd(42))
    );
    assert_eq!(ScmPidfd::ENABLE.unwrap().name, libc::SO_PASSPIDFD);
}

// ---------------------------------------------------------------------------
// SCM_SECURITY
// ---------------------------------------------------------------------------

/// Why the kernel has no security context to give (`Ok`), or which LSM it
/// has that should have given one (`Err`).
fn no_context_lsm() -> Result<String, String> {
    // The kernel's own answer: reading the process's context fails with
    // EINVAL when no LSM provides one.
    let attr = std::fs::read("/proc/self/attr/current");
    let attr = match attr {
        Err(e) if errno(&e) == libc::EINVAL => "/proc/self/attr/current: EINVAL".to_owned(),
        Err(e) => return Err(format!("/proc/self/attr/current: {e}")),
        Ok(label) => {
            return Err(format!(
                "process context {:?}",
                String::from_utf8_lossy(&label)
            ))
        }
    };
    match std::fs::read_to_string("/sys/kernel/security/lsm") {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(format!(
            "no LSM: /sys/kernel/security/lsm absent (securityfs not mounted); {attr}"
        )),
        Err(e) => Err(format!("/sys/kernel/security/lsm: {e}")),
        Ok(list) if list.trim().is_empty() => {
            Ok(format!("no LSM: /sys/kernel/security/lsm empty; {attr}"))
        }
        Ok(list) => {
            let contexts = ["selinux", "smack", "apparmor"];
            match list.trim().split(',').find(|lsm| contexts.contains(lsm)) {
                Some(lsm) => Err(format!("{lsm} is active ({list})")),
                None => Ok(format!(
                    "no LSM providing contexts: lsm = {}; {attr}",
                    list.trim()
                )),
            }
        }
    }
}

#[test]
fn scm_security_arrives_only_with_an_lsm() {
    let _fds = shared();
    let (a, b) = unix_pair(libc::SOCK_DGRAM).unwrap();
    if let Err(e) = enable::<ScmSecurity>(&b) {
        assert!(
            matches!(errno(&e), libc::ENOPROTOOPT | libc::EINVAL),
            "SO_PASSSEC: {e}"
        );
        return unavailable("SO_PASSSEC", &e);
    }
    sendmsg(
        &a,
        &[IoSlice::new(b"sec")],
        cmsg::Encoded::empty(),
        SendFlags::empty(),
    )
    .unwrap();
    let mut data = [0u8; 8];
    let label = receive(&b, &mut data, RecvFlags::empty(), |m| {
        assert_eq!(m.bytes, 3);
        m.control
            .get::<ScmSecurity>()
            .unwrap()
            .map(|s| s.label().to_vec())
    })
    .unwrap();
    match (label, no_context_lsm()) {
        (Some(label), _) => {
            assert!(!label.is_empty(), "a security context");
            assert!(!label.contains(&0), "label() strips the NUL");
        }
        (None, Ok(reason)) => eprintln!("UNAVAILABLE: SCM_SECURITY: {reason}"),
        (None, Err(lsm)) => panic!("no SCM_SECURITY although {lsm}"),
    }
}

#[test]
fn scm_security_bytes() {
    const LABEL: &[u8] = b"unconfined\0";
    let mut out = ControlBuffer::<{ space_for::<ScmSecurity>(11) }>::new();
    let mut encoder = Encoder::new(&mut out);
    encoder.push_raw(libc::SOL_SOCKET, 3, LABEL).unwrap();
    let bytes = encoder.finish().as_bytes();
    assert_eq!(bytes.len(), cmsg_space(11));
    assert_eq!(stored_len(bytes), cmsg_len(11));
    let raw = Messages::new(bytes).next().unwrap().unwrap();
    assert!(raw.is::<ScmSecurity>());
    assert_eq!(raw.data.len(), 11);
    let security: &ScmSecurity = raw.decode().unwrap();
    assert_eq!(security.label(), b"unconfined");
    assert_eq!(security.label.len(), 11);
    assert_eq!(
        Messages::new(bytes)
            .get::<ScmSecurity>()
            .unwrap()
            .unwrap()
            .label(),
        b"unconfined"
    );
    assert_eq!(ScmSecurity::ENABLE.unwrap().name, libc::SO_PASSSEC);
}

// ---------------------------------------------------------------------------
// AF_ALG
// ---------------------------------------------------------------------------

/// NIST SP 800-38A, F.2.1 CBC-AES128.Encrypt.
const AES_KEY: [u8; 16] = hex16("2b7e151628aed2a6abf7158809cf4f3c");
const AES_IV: [u8; 16] = hex16("000102030405060708090a0b0c0d0e0f");
const AES_PLAIN: [[u8; 16]; 4] = [
    hex16("6bc1bee22e409f96e93d7e117393172a"),
    hex16("ae2d8a571e03ac9c9eb76fac45af8e51"),
    hex16("30c81c46a35ce411e5fbc1191a0a52ef"),
    hex16("f69f2445df4f9b17ad2b417be66c3710"),
];
const AES_CIPHER: [[u8; 16]; 4] = [
    hex16("7649abac8119b246cee98e9b12e9197d"),
    hex16("5086cb9b507219ee95db113a917678b2"),
    hex16("73bed6b8e3c1743b7116e69e22229516"),
    hex16("3ff1caa1681fac09120eca307586e1a7"),
];

const fn hex16(s: &str) -> [u8; 16] {
    const fn nibble(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            _ => panic!("hex"),
        }
    }
    let s = s.as_bytes();
    assert!(s.len() == 32);
    let mut out = [0u8; 16];
    let mut i = 0;
    while i < 16 {
        out[i] = nibble(s[2 * i]) << 4 | nibble(s[2 * i + 1]);
        i += 1;
    }
    out
}

fn alg_socket() -> io::Result<OwnedFd> {
    // SAFETY: socket(2) takes no pointers.
    let fd = unsafe { libc::socket(libc::AF_ALG, libc::SOCK_SEQPACKET | libc::SOCK_CLOEXEC, 0) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: socket succeeded: `fd` is a new descriptor we own.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

fn alg_bind(fd: &OwnedFd, ty: &[u8], name: &[u8]) -> io::Result<()> {
    let mut addr = libc::sockaddr_alg {
        salg_family: libc::AF_ALG as libc::sa_family_t,
        salg_type: [0; 14],
        salg_feat: 0,
        salg_mask: 0,
        salg_name: [0; 64],
    };
    addr.salg_type[..ty.len()].copy_from_slice(ty);
    addr.salg_name[..name.len()].copy_from_slice(name);
    let len = size_of::<libc::sockaddr_alg>() as libc::socklen_t;
    // SAFETY: `addr` is a live sockaddr_alg of `len` bytes, only read.
    let rc = unsafe { libc::bind(fd.as_raw_fd(), std::ptr::from_ref(&addr).cast(), len) };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

fn alg_accept(fd: &OwnedFd) -> io::Result<OwnedFd> {
    // SAFETY: null address pointers: accept(2) writes no address.
    let op = unsafe {
        libc::accept4(
            fd.as_raw_fd(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            libc::SOCK_CLOEXEC,
        )
    };
    if op < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: accept4 succeeded: `op` is a new descriptor we own.
    Ok(unsafe { OwnedFd::from_raw_fd(op) })
}

#[test]
fn af_alg_encrypts_cbc_aes_with_the_iv_and_op_sent() {
    let _fds = shared();
    let tfm = match alg_socket() {
        Ok(fd) => fd,
        Err(e) => {
            assert_eq!(errno(&e), libc::EAFNOSUPPORT, "socket(AF_ALG): {e}");
            return unavailable("AF_ALG", &e);
        }
    };
    if let Err(e) = alg_bind(&tfm, b"skcipher", b"cbc(aes)") {
        assert_eq!(errno(&e), libc::ENOENT, "bind(skcipher, cbc(aes)): {e}");
        return unavailable("AF_ALG skcipher cbc(aes)", &e);
    }
    setsockopt(&tfm, libc::SOL_ALG, libc::ALG_SET_KEY, &AES_KEY).unwrap();
    let op = alg_accept(&tfm).unwrap();

    let mut out = ControlBuffer::<{ space::<AlgSetOp>() + space_for::<AlgSetIv>(16) }>::new();
    let mut encoder = Encoder::new(&mut out);
    encoder.push(&AlgSetOp(ALG_OP_ENCRYPT)).unwrap();
    encoder
        .push_with::<AlgSetIv>(AES_IV.len(), |m| m.set(&AES_IV))
        .unwrap();
    let plain = AES_PLAIN.concat();
    let sent = sendmsg(
        &op,
        &[IoSlice::new(&plain)],
        encoder.finish(),
        SendFlags::empty(),
    )
    .unwrap();
    assert_eq!(sent, 64);

    let mut cipher = [0u8; 64];
    let msg = recvmsg(
        &op,
        &mut [IoSliceMut::new(&mut cipher)],
        &mut [],
        RecvFlags::empty(),
    )
    .unwrap();
    assert_eq!(msg.bytes, 64);
    drop(msg);
    assert_eq!(
        cipher.as_slice(),
        AES_CIPHER.concat(),
        "NIST SP 800-38A F.2.1"
    );
}

#[test]
fn alg_set_iv_bytes() {
    let iv = AES_IV;
    let mut out = ControlBuffer::<{ space_for::<AlgSetIv>(16) }>::new();
    let mut encoder = Encoder::new(&mut out);
    encoder
        .push_with::<AlgSetIv>(iv.len(), |m| {
            m.set(&iv);
            assert_eq!(m.ivlen(), 16);
        })
        .unwrap();
    let bytes = encoder.finish().as_bytes();
    assert_eq!(bytes.len(), cmsg_space(20));
    let h = header(bytes);
    assert_eq!(
        (stored_len(bytes), h.cmsg_level, h.cmsg_type),
        (cmsg_len(20), libc::SOL_ALG, libc::ALG_SET_IV)
    );
    let raw = Messages::new(bytes).next().unwrap().unwrap();
    let mut expected = 16u32.to_ne_bytes().to_vec();
    expected.extend_from_slice(&iv);
    assert_eq!(raw.data, expected.as_slice());

    // Odd-length vectors are not padded inside the payload.
    let odd = [1u8, 2, 3, 4, 5];
    let mut out = ControlBuffer::<{ space_for::<AlgSetIv>(5) }>::new();
    let mut encoder = Encoder::new(&mut out);
    encoder
        .push_with::<AlgSetIv>(odd.len(), |m| m.set(&odd))
        .unwrap();
    let bytes = encoder.finish().as_bytes();
    assert_eq!(stored_len(bytes), cmsg_len(9));
    assert_eq!(bytes.len(), cmsg_space(9));
    let raw = Messages::new(bytes).next().unwrap().unwrap();
    assert_eq!(&raw.data[..4], 5u32.to_ne_bytes());
    assert_eq!(&raw.data[4..], odd);
}

#[test]
fn alg_op_and_assoclen_bytes() {
    let mut out = ControlBuffer::<{ space::<AlgSetOp>() + space::<AlgSetAeadAssoclen>() }>::new();
    let mut encoder = Encoder::new(&mut out);
    encoder.push(&AlgSetOp(ALG_OP_ENCRYPT)).unwrap();
    encoder.push(&AlgSetAeadAssoclen(13)).unwrap();
    let bytes = encoder.finish().as_bytes();
    assert_eq!(bytes.len(), 2 * cmsg_space(4));
    let messages: Vec<_> = Messages::new(bytes).map(Result::unwrap).collect();
    assert_eq!(messages.len(), 2);
    assert_eq!(
        (messages[0].level, messages[0].ty),
        (libc::SOL_ALG, libc::ALG_SET_OP)
    );
    assert_eq!(messages[0].data, 1u32.to_ne_bytes());
    assert_eq!(
        (messages[1].level, messages[1].ty),
        (libc::SOL_ALG, libc::ALG_SET_AEAD_ASSOCLEN)
    );
    assert_eq!(messages[1].data, 13u32.to_ne_bytes());
    assert_eq!(stored_len(bytes), cmsg_len(4));
    assert_eq!(stored_len(&bytes[cmsg_space(4)..]), cmsg_len(4));
}

// ---------------------------------------------------------------------------
// Kernel TLS
// ---------------------------------------------------------------------------

const TLS_HANDSHAKE: u8 = 22;
const TLS_APPLICATION_DATA: u8 = 23;

/// A connected TCP pair on 127.0.0.1 with the TLS ULP and the same
/// AES-GCM-128 keys for TX on the first and RX on the second; `None` after
/// printing why when the kernel has no kTLS.
fn ktls_pair() -> Option<(TcpStream, TcpStream)> {
    let listener = TcpListener::bind((V4, 0)).unwrap();
    let tx = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (rx, _) = listener.accept().unwrap();
    rx.set_read_timeout(Some(TIMEOUT)).unwrap();
    for socket in [&tx, &rx] {
        if let Err(e) = setsockopt(socket, libc::IPPROTO_TCP, libc::TCP_ULP, b"tls".as_slice()) {
            assert!(
                matches!(errno(&e), libc::ENOENT | libc::ENOPROTOOPT),
                "TCP_ULP tls: {e}"
            );
            unavailable("kTLS (TCP_ULP \"tls\")", &e);
            return None;
        }
    }
    let crypto = libc::tls12_crypto_info_aes_gcm_128 {
        info: libc::tls_crypto_info {
            version: libc::TLS_1_2_VERSION,
            cipher_type: libc::TLS_CIPHER_AES_GCM_128,
        },
        iv: [1, 2, 3, 4, 5, 6, 7, 8],
        key: AES_KEY,
        salt: [9, 10, 11, 12],
        rec_seq: [0; 8],
    };
    setsockopt(&tx, SOL_TLS, libc::TLS_TX, &crypto).unwrap();
    setsockopt(&rx, SOL_TLS, libc::TLS_RX, &crypto).unwrap();
    Some((tx, rx))
}

/// One record: its bytes and the reported content type.
fn receive_record(rx: &TcpStream) -> (Vec<u8>, Option<u8>) {
    let mut data = [0u8; 64];
    let mut control = ControlBuffer::<{ space::<TlsGetRecordType>() }>::new();
    let msg = recvmsg(
        rx,
        &mut [IoSliceMut::new(&mut data)],
        &mut control,
        RecvFlags::empty(),
    )
    .unwrap();
    assert!(!msg.flags.control_truncated());
    let ty = msg.control.get::<TlsGetRecordType>().unwrap().map(|t| t.0);
    let n = msg.bytes;
    drop(msg);
    (data[..n].to_vec(), ty)
}

#[test]
fn ktls_record_types_round_trip() {
    let _fds = shared();
    let Some((tx, rx)) = ktls_pair() else { return };

    assert_eq!(
        send_one(&tx, b"hello", &TlsSetRecordType(TLS_HANDSHAKE)).unwrap(),
        5
    );
    assert_eq!(
        receive_record(&rx),
        (b"hello".to_vec(), Some(TLS_HANDSHAKE))
    );

    // Application data: tls_record_content_type() reports it too (the
    // cmsg is only *required*, failing with EIO, for other types).
    sendmsg(
        &tx,
        &[IoSlice::new(b"world")],
        cmsg::Encoded::empty(),
        SendFlags::empty(),
    )
    .unwrap();
    assert_eq!(
        receive_record(&rx),
        (b"world".to_vec(), Some(TLS_APPLICATION_DATA))
    );

    // One read never spans records of different types.
    send_one(&tx, b"abc", &TlsSetRecordType(TLS_HANDSHAKE)).unwrap();
    sendmsg(
        &tx,
        &[IoSlice::new(b"defgh")],
        cmsg::Encoded::empty(),
        SendFlags::empty(),
    )
    .unwrap();
    assert_eq!(receive_record(&rx), (b"abc".to_vec(), Some(TLS_HANDSHAKE)));
    assert_eq!(
        receive_record(&rx),
        (b"defgh".to_vec(), Some(TLS_APPLICATION_DATA))
    );
}

/// A non-data record cannot be read without room for its type: EIO, and
/// the record stays queued for a read that has room.
#[test]
fn ktls_non_data_record_needs_a_control_buffer() {
    let _fds = shared();
    let Some((tx, rx)) = ktls_pair() else { return };
    send_one(&tx, b"alert", &TlsSetRecordType(21)).unwrap();
    let mut data = [0u8; 64];
    let err = recvmsg(
        &rx,
        &mut [IoSliceMut::new(&mut data)],
        &mut [],
        RecvFlags::empty(),
    )
    .unwrap_err();
    assert_eq!(errno(&err), libc::EIO, "{err}");
    assert_eq!(receive_record(&rx), (b"alert".to_vec(), Some(21)));
}

#[test]
fn tls_record_type_bytes() {
    let mut out = ControlBuffer::<{ space::<TlsSetRecordType>() }>::new();
    let mut encoder = Encoder::new(&mut out);
    encoder.push(&TlsSetRecordType(TLS_HANDSHAKE)).unwrap();
    let bytes = encoder.finish().as_bytes();
    // tls_process_cmsg() wants at least CMSG_LEN(sizeof(unsigned char)).
    let h = header(bytes);
    assert_eq!(
        (stored_len(bytes), h.cmsg_level, h.cmsg_type, bytes.len()),
        (
            cmsg_len(1),
            libc::SOL_TLS,
            libc::TLS_SET_RECORD_TYPE,
            cmsg_space(1)
        )
    );
    assert_eq!(
        Messages::new(bytes).next().unwrap().unwrap().data,
        [TLS_HANDSHAKE]
    );

    let mut out = ControlBuffer::<{ space::<TlsGetRecordType>() }>::new();
    let mut encoder = Encoder::new(&mut out);
    encoder
        .push_raw(libc::SOL_TLS, libc::TLS_GET_RECORD_TYPE, &[21])
        .unwrap();
    let bytes = encoder.finish().as_bytes();
    assert_eq!(stored_len(bytes), cmsg_len(1));
    assert_eq!(
        Messages::new(bytes).get::<TlsGetRecordType>().unwrap(),
        Some(&TlsGetRecordType(21))
    );
}
