//! The Linux catalogue's wire formats, on byte buffers: no socket and no
//! kernel, so this runs wherever the catalogue builds, and under Miri.
//!
//! [`rows`] is the table: one row per message (or per telling example of
//! one) with the `(level, type)` the kernel headers give it, the option
//! that turns delivery on, the payload exactly as the kernel reads or writes
//! it, the value those bytes are and what `receive_time` makes of them. The
//! tests after it run the same checks on every row, so adding a message is
//! adding a row:
//!
//! - [`every_row_is_its_bytes`]: the header (`CMSG_LEN`, level, type) and
//!   padding (`CMSG_SPACE`) against libc's macros, the payload byte for
//!   byte, what `Encoder::push` writes for a value against what the kernel
//!   reads, and the value decoded zero-copy, by value and by lookup;
//! - [`wrong_lengths_are_refused`]: every other payload length is a
//!   `PayloadLength` error from every way in;
//! - [`each_decoder_refuses_every_other_message`]: same bytes, other type,
//!   `WrongMessage`;
//! - [`all_rows_back_to_back`]: the whole table as one control buffer.
#![cfg(target_os = "linux")]

use cmsg_core::{
    space, space_for, ControlBuffer, ControlMessage, DecodeError, Direction, EncodeError, Encoder,
    Expected, Messages, RawMessage, Receivable, ScmRights, Sendable, SocketOption,
};
use cmsg_platforms::linux::{
    self as linux, AlgSetAeadAssoclen, AlgSetIv, AlgSetOp, IpOrigDstAddr, IpPktInfo, IpRecvErr,
    IpRecvFragsize, IpTos, IpTosSend, IpTtl, Ipv6HopLimit, Ipv6OrigDstAddr, Ipv6PktInfo,
    Ipv6RecvErr, Ipv6TClass, KernelOldTimespec, KernelOldTimeval, KernelSockTimeval, KernelTime,
    KernelTimespec, Mark, RxqOvfl, ScmPidfd, ScmSecurity, ScmTimestamp, ScmTimestampNew,
    ScmTimestampNs, ScmTimestampNsNew, ScmTimestamping, ScmTimestamping64, ScmTsOptId, SockAddrIn,
    SockAddrIn6, SockExtendedErr, TlsGetRecordType, TlsSetRecordType, TxTime, UCred, UdpGro,
    UdpSegment, ALG_OP_ENCRYPT, NEW_TIME_LAYOUT, SOL_TLS, SO_EE_ORIGIN_ICMP, SO_EE_ORIGIN_ICMP6,
};
use std::ffi::{c_int, c_long};
use std::fmt::Debug;
use std::mem::size_of;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddrV4, SocketAddrV6};
use std::time::{Duration, UNIX_EPOCH};

// ---------------------------------------------------------------------------
// The table.

/// One message and the exact bytes it travels as.
struct Row {
    /// What failures name.
    name: &'static str,
    /// `(cmsg_level, cmsg_type)`, as libc or the kernel's uapi headers
    /// spell them.
    header: (c_int, c_int),
    /// The option that turns delivery on, as `socket(7)`, `ip(7)`, ...
    /// document it.
    enable: Option<SocketOption>,
    /// The payload, byte for byte.
    payload: Vec<u8>,
    /// Whether the kernel reads the payload as descriptors (so that safe
    /// code may not write it as bytes).
    fds: bool,
    /// What `linux::receive_time` makes of this message alone.
    stamp: Stamp,
    /// The message's type, with the value the payload is.
    typed: Typed,
}

/// What `linux::receive_time` reads from a message.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Stamp {
    /// Not a receive timestamp: skipped.
    Not,
    /// A receive timestamp with this time (`None`: out of range, or no
    /// software slot, and so skipped too).
    Time(Option<Duration>),
}

impl Row {
    fn new(name: &'static str, header: (c_int, c_int), payload: Vec<u8>, typed: Typed) -> Row {
        Row {
            name,
            header,
            enable: None,
            payload,
            fds: false,
            stamp: Stamp::Not,
            typed,
        }
    }

    fn enable(mut self, level: c_int, name: c_int) -> Row {
        self.enable = Some(SocketOption { level, name });
        self
    }

    fn stamp(mut self, time: Option<Duration>) -> Row {
        self.stamp = Stamp::Time(time);
        self
    }

    fn fds(mut self) -> Row {
        self.fds = true;
        self
    }
}

/// Every message of the catalogue.
fn rows() -> Vec<Row> {
    use libc::{IPPROTO_IP as IP, IPPROTO_IPV6 as IPV6, SOL_SOCKET as SOCKET};
    let localhost4 = SocketAddrV4::new(Ipv4Addr::LOCALHOST, 4242);
    let localhost6 = SocketAddrV6::new(Ipv6Addr::LOCALHOST, 4242, 0, 0);
    vec![
        // ip.rs
        Row::new(
            "IP_PKTINFO",
            (IP, libc::IP_PKTINFO),
            [&1i32.to_ne_bytes()[..], &[127, 0, 0, 3], &[0; 4]].concat(),
            both(
                IpPktInfo {
                    ifindex: 1,
                    spec_dst: [127, 0, 0, 3],
                    addr: [0; 4],
                },
                |m: &IpPktInfo| {
                    assert_eq!(m.local(), Ipv4Addr::new(127, 0, 0, 3));
                    assert_eq!(m.destination(), Ipv4Addr::UNSPECIFIED);
                },
            ),
        )
        .enable(IP, libc::IP_PKTINFO),
        Row::new("IP_TTL", (IP, libc::IP_TTL), int(7), both(IpTtl(7), none))
            .enable(IP, libc::IP_RECVTTL),
        // Received as one byte, sent as an int.
        Row::new(
            "IP_TOS received",
            (IP, libc::IP_TOS),
            vec![0x28],
            received(IpTos(0x28), none),
        )
        .enable(IP, libc::IP_RECVTOS),
        Row::new(
            "IP_TOS sent",
            (IP, libc::IP_TOS),
            int(0x28),
            sent(IpTosSend(0x28)),
        ),
        Row::new(
            "IP_RECVERR",
            (IP, libc::IP_RECVERR),
            [
                extended_err(SO_EE_ORIGIN_ICMP, 3, 3),
                c_bytes(&sockaddr_in(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0))),
            ]
            .concat(),
            received(
                IpRecvErr {
                    err: refused(SO_EE_ORIGIN_ICMP, 3, 3),
                    offender: SockAddrIn::from(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0)),
                },
                |m: &IpRecvErr| {
                    let err = m.err;
                    assert_eq!(err.error().raw_os_error(), Some(libc::ECONNREFUSED));
                    assert_eq!(
                        m.offender.to_socket_addr(),
                        Some(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0))
                    );
                },
            ),
        )
        .enable(IP, libc::IP_RECVERR),
        Row::new(
            "IP_ORIGDSTADDR",
            (IP, libc::IP_ORIGDSTADDR),
            c_bytes(&sockaddr_in(localhost4)),
            received(
                IpOrigDstAddr(SockAddrIn::from(localhost4)),
                |m: &IpOrigDstAddr| {
                    let address = SocketAddrV4::new(Ipv4Addr::LOCALHOST, 4242);
                    assert_eq!(m.0.to_socket_addr(), Some(address));
                    assert_eq!(m.0.port, 4242u16.to_be_bytes());
                    assert_eq!(m.0.zero, [0; 8]);
                },
            ),
        )
        .enable(IP, libc::IP_RECVORIGDSTADDR),
        // What the kernel's put_cmsg(SOL_IP, IP_RECVFRAGSIZE, sizeof(int))
        // produces.
        Row::new(
            "IP_RECVFRAGSIZE",
            (IP, libc::IP_RECVFRAGSIZE),
            int(1500),
            received(IpRecvFragsize(1500), none),
        )
        .enable(IP, libc::IP_RECVFRAGSIZE),
        // ipv6.rs
        Row::new(
            "IPV6_PKTINFO",
            (IPV6, libc::IPV6_PKTINFO),
            [&Ipv6Addr::LOCALHOST.octets()[..], &1i32.to_ne_bytes()].concat(),
            both(
                Ipv6PktInfo {
                    addr: Ipv6Addr::LOCALHOST.octets(),
                    ifindex: 1,
                },
                |m: &Ipv6PktInfo| assert_eq!(m.address(), Ipv6Addr::LOCALHOST),
            ),
        )
        .enable(IPV6, libc::IPV6_RECVPKTINFO),
        Row::new(
            "IPV6_HOPLIMIT",
            (IPV6, libc::IPV6_HOPLIMIT),
            int(9),
            both(Ipv6HopLimit(9), none),
        )
        .enable(IPV6, libc::IPV6_RECVHOPLIMIT),
        Row::new(
            "IPV6_TCLASS",
            (IPV6, libc::IPV6_TCLASS),
            int(0x28),
            both(Ipv6TClass(0x28), none),
        )
        .enable(IPV6, libc::IPV6_RECVTCLASS),
        Row::new(
            "IPV6_RECVERR",
            (IPV6, libc::IPV6_RECVERR),
            [
                extended_err(SO_EE_ORIGIN_ICMP6, 1, 4),
                c_bytes(&sockaddr_in6(SocketAddrV6::new(
                    Ipv6Addr::LOCALHOST,
                    0,
                    0,
                    0,
                ))),
            ]
            .concat(),
            received(
                Ipv6RecvErr {
                    err: SockExtendedErr {
                        ee_errno: libc::ECONNREFUSED as u32,
                        ee_origin: SO_EE_ORIGIN_ICMP6,
                        ee_type: 1,
                        ee_code: 4,
                        ee_pad: 0,
                        ee_info: 0,
                        ee_data: 0,
                    },
                    offender: SockAddrIn6::from(SocketAddrV6::new(Ipv6Addr::LOCALHOST, 0, 0, 0)),
                },
                |m: &Ipv6RecvErr| {
                    assert_eq!(
                        m.offender.to_socket_addr(),
                        Some(SocketAddrV6::new(Ipv6Addr::LOCALHOST, 0, 0, 0))
                    );
                },
            ),
        )
        .enable(IPV6, libc::IPV6_RECVERR),
        Row::new(
            "IPV6_ORIGDSTADDR",
            (IPV6, libc::IPV6_ORIGDSTADDR),
            c_bytes(&sockaddr_in6(localhost6)),
            received(
                Ipv6OrigDstAddr(SockAddrIn6::from(localhost6)),
                |m: &Ipv6OrigDstAddr| {
                    let address = SocketAddrV6::new(Ipv6Addr::LOCALHOST, 4242, 0, 0);
                    assert_eq!(m.0.to_socket_addr(), Some(address));
                },
            ),
        )
        .enable(IPV6, libc::IPV6_RECVORIGDSTADDR),
        // socket.rs, and cmsg-core's SCM_RIGHTS
        Row::new(
            "SCM_RIGHTS",
            (SOCKET, libc::SCM_RIGHTS),
            [3i32, 4, 5]
                .iter()
                .flat_map(|fd| fd.to_ne_bytes())
                .collect(),
            rights(&[3, 4, 5]),
        )
        .fds(),
        Row::new(
            "SCM_CREDENTIALS",
            (SOCKET, libc::SCM_CREDENTIALS),
            [
                int(42),
                1000u32.to_ne_bytes().to_vec(),
                100u32.to_ne_bytes().to_vec(),
            ]
            .concat(),
            both(
                UCred {
                    pid: 42,
                    uid: 1000,
                    gid: 100,
                },
                none,
            ),
        )
        .enable(SOCKET, libc::SO_PASSCRED),
        Row::new(
            "SO_MARK",
            (SOCKET, libc::SO_MARK),
            0x1234u32.to_ne_bytes().to_vec(),
            both(Mark(0x1234), none),
        )
        .enable(SOCKET, libc::SO_RCVMARK),
        // sock_recv_drops(): put_cmsg(SOL_SOCKET, SO_RXQ_OVFL, sizeof(__u32)).
        Row::new(
            "SO_RXQ_OVFL",
            (SOCKET, libc::SO_RXQ_OVFL),
            7u32.to_ne_bytes().to_vec(),
            received(RxqOvfl(7), none),
        )
        .enable(SOCKET, libc::SO_RXQ_OVFL),
        Row::new(
            "SCM_TXTIME",
            (SOCKET, libc::SCM_TXTIME),
            0x0102_0304_0506_0708u64.to_ne_bytes().to_vec(),
            sent(TxTime(0x0102_0304_0506_0708)),
        ),
        // scm_pidfd_recv(): put_cmsg(SOL_SOCKET, SCM_PIDFD, sizeof(int)).
        Row::new(
            "SCM_PIDFD",
            (SOCKET, 4),
            int(42),
            received(ScmPidfd(42), none),
        )
        .enable(SOCKET, libc::SO_PASSPIDFD)
        .fds(),
        Row::new(
            "SCM_SECURITY",
            (SOCKET, 3),
            b"unconfined\0".to_vec(),
            label(b"unconfined"),
        )
        .enable(SOCKET, libc::SO_PASSSEC),
        // The receive stamps: 1.5 s, in each layout.
        Row::new(
            "SCM_TIMESTAMP",
            (SOCKET, ScmTimestamp::TYPE),
            longs(&[1, 500_000]),
            received(
                ScmTimestamp(KernelOldTimeval {
                    tv_sec: 1,
                    tv_usec: 500_000,
                }),
                |m: &ScmTimestamp| {
                    assert_eq!(m.0.to_duration(), Some(ONE_AND_A_HALF));
                    assert_eq!(m.0.to_system_time(), Some(UNIX_EPOCH + ONE_AND_A_HALF));
                },
            ),
        )
        .enable(SOCKET, ScmTimestamp::TYPE)
        .stamp(Some(ONE_AND_A_HALF)),
        // Past 2038: only the 64-bit layout holds it on a 32-bit target.
        Row::new(
            "SCM_TIMESTAMP_NEW",
            (SOCKET, ScmTimestampNew::TYPE),
            i64s(&[1 << 33, 500_000]),
            received(
                ScmTimestampNew(KernelSockTimeval {
                    tv_sec: 1 << 33,
                    tv_usec: 500_000,
                }),
                |m: &ScmTimestampNew| {
                    let time = Duration::new(1 << 33, 500_000_000);
                    assert_eq!(m.0.to_duration(), Some(time));
                    assert_eq!(m.0.to_system_time(), Some(UNIX_EPOCH + time));
                },
            ),
        )
        .enable(SOCKET, ScmTimestampNew::TYPE)
        .stamp(Some(Duration::new(1 << 33, 500_000_000))),
        Row::new(
            "SCM_TIMESTAMPNS",
            (SOCKET, ScmTimestampNs::TYPE),
            longs(&[1, 500_000_000]),
            received(
                ScmTimestampNs(KernelOldTimespec {
                    tv_sec: 1,
                    tv_nsec: 500_000_000,
                }),
                |m: &ScmTimestampNs| assert_eq!(m.0.to_duration(), Some(ONE_AND_A_HALF)),
            ),
        )
        .enable(SOCKET, ScmTimestampNs::TYPE)
        .stamp(Some(ONE_AND_A_HALF)),
        Row::new(
            "SCM_TIMESTAMPNS_NEW",
            (SOCKET, ScmTimestampNsNew::TYPE),
            i64s(&[1, 500_000_001]),
            received(
                ScmTimestampNsNew(KernelTimespec {
                    tv_sec: 1,
                    tv_nsec: 500_000_001,
                }),
                |m: &ScmTimestampNsNew| {
                    assert_eq!(m.0.to_duration(), Some(Duration::new(1, 500_000_001)));
                },
            ),
        )
        .enable(SOCKET, ScmTimestampNsNew::TYPE)
        .stamp(Some(Duration::new(1, 500_000_001))),
        // Software 1.5 s, legacy slot unset, raw hardware 2 s + 250 ns.
        Row::new(
            "SCM_TIMESTAMPING",
            (SOCKET, ScmTimestamping::TYPE),
            longs(&[1, 500_000_000, 0, 0, 2, 250]),
            received(
                ScmTimestamping {
                    ts: [
                        old_timespec(1, 500_000_000),
                        old_timespec(0, 0),
                        old_timespec(2, 250),
                    ],
                },
                |m: &ScmTimestamping| {
                    assert_eq!(m.software(), Some(ONE_AND_A_HALF));
                    assert_eq!(m.hardware(), Some(Duration::new(2, 250)));
                },
            ),
        )
        .stamp(Some(ONE_AND_A_HALF)),
        // Hardware only: no software stamp, and so no receive time.
        Row::new(
            "SCM_TIMESTAMPING, hardware only",
            (SOCKET, ScmTimestamping::TYPE),
            longs(&[0, 0, 0, 0, 3, 0]),
            received(
                ScmTimestamping {
                    ts: [old_timespec(0, 0), old_timespec(0, 0), old_timespec(3, 0)],
                },
                |m: &ScmTimestamping| {
                    assert_eq!(m.software(), None);
                    assert_eq!(m.hardware(), Some(Duration::from_secs(3)));
                },
            ),
        )
        .stamp(None),
        Row::new(
            "SCM_TIMESTAMPING_NEW",
            (SOCKET, ScmTimestamping64::TYPE),
            i64s(&[1 << 33, 7, 0, 0, 0, 0]),
            received(
                ScmTimestamping64 {
                    ts: [timespec(1 << 33, 7), timespec(0, 0), timespec(0, 0)],
                },
                |m: &ScmTimestamping64| {
                    assert_eq!(m.software(), Some(Duration::new(1 << 33, 7)));
                    assert_eq!(m.hardware(), None);
                },
            ),
        )
        .stamp(Some(Duration::new(1 << 33, 7))),
        // Out-of-range fields, which the kernel never writes: the bytes
        // decode, the time is None, and receive_time looks on.
        Row::new(
            "SCM_TIMESTAMP, microseconds out of range",
            (SOCKET, ScmTimestamp::TYPE),
            longs(&[1, 1_000_000]),
            received(
                ScmTimestamp(KernelOldTimeval {
                    tv_sec: 1,
                    tv_usec: 1_000_000,
                }),
                |m: &ScmTimestamp| assert_eq!(m.0.to_duration(), None),
            ),
        )
        .enable(SOCKET, ScmTimestamp::TYPE)
        .stamp(None),
        Row::new(
            "SCM_TIMESTAMPING, negative software slot",
            (SOCKET, ScmTimestamping::TYPE),
            longs(&[-5, 0, 0, 0, 0, 0]),
            received(
                ScmTimestamping {
                    ts: [old_timespec(-5, 0), old_timespec(0, 0), old_timespec(0, 0)],
                },
                |m: &ScmTimestamping| assert_eq!(m.software(), None),
            ),
        )
        .stamp(None),
        // `Encoder::push` writes a `u32` after a `CMSG_LEN(4)` header,
        // padded to `CMSG_SPACE(4)`.
        Row::new(
            "SCM_TS_OPT_ID",
            (SOCKET, ScmTsOptId::TYPE),
            1234u32.to_ne_bytes().to_vec(),
            sent(ScmTsOptId(1234)),
        ),
        // udp.rs
        Row::new(
            "UDP_SEGMENT",
            (libc::SOL_UDP, libc::UDP_SEGMENT),
            1000u16.to_ne_bytes().to_vec(),
            sent(UdpSegment(1000)),
        ),
        // What udp_cmsg_recv() writes: put_cmsg(SOL_UDP, UDP_GRO, sizeof(int)).
        Row::new(
            "UDP_GRO",
            (libc::SOL_UDP, libc::UDP_GRO),
            int(1000),
            received(UdpGro(1000), none),
        )
        .enable(libc::SOL_UDP, libc::UDP_GRO),
        // alg.rs
        Row::new(
            "ALG_SET_OP",
            (libc::SOL_ALG, libc::ALG_SET_OP),
            1u32.to_ne_bytes().to_vec(),
            sent(AlgSetOp(ALG_OP_ENCRYPT)),
        ),
        Row::new(
            "ALG_SET_IV",
            (libc::SOL_ALG, libc::ALG_SET_IV),
            [&16u32.to_ne_bytes()[..], &AES_IV].concat(),
            iv(&AES_IV),
        ),
        // Odd-length vectors are not padded inside the payload.
        Row::new(
            "ALG_SET_IV, 5 bytes",
            (libc::SOL_ALG, libc::ALG_SET_IV),
            [&5u32.to_ne_bytes()[..], &[1, 2, 3, 4, 5]].concat(),
            iv(&[1, 2, 3, 4, 5]),
        ),
        Row::new(
            "ALG_SET_AEAD_ASSOCLEN",
            (libc::SOL_ALG, libc::ALG_SET_AEAD_ASSOCLEN),
            13u32.to_ne_bytes().to_vec(),
            sent(AlgSetAeadAssoclen(13)),
        ),
        // tls.rs: tls_process_cmsg() wants at least
        // CMSG_LEN(sizeof(unsigned char)).
        Row::new(
            "TLS_SET_RECORD_TYPE",
            (libc::SOL_TLS, libc::TLS_SET_RECORD_TYPE),
            vec![22],
            sent(TlsSetRecordType(22)),
        ),
        Row::new(
            "TLS_GET_RECORD_TYPE",
            (libc::SOL_TLS, libc::TLS_GET_RECORD_TYPE),
            vec![21],
            received(TlsGetRecordType(21), none),
        ),
    ]
}

/// NIST SP 800-38A's CBC initialization vector.
const AES_IV: [u8; 16] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

const ONE_AND_A_HALF: Duration = Duration::from_millis(1500);

// ---------------------------------------------------------------------------
// The checks, on every row.

#[test]
fn every_row_is_its_bytes() {
    for row in rows() {
        let name = row.name;
        let shape = row.typed.shape(row.payload.len());
        assert_eq!(shape.header, row.header, "{name}: level and type");
        assert_eq!(shape.enable, row.enable, "{name}: the enabling option");
        if shape.element == 0 {
            assert_eq!(shape.base, row.payload.len(), "{name}: the payload's size");
        } else {
            let tail = row.payload.len() - shape.base;
            assert_eq!(tail % shape.element, 0, "{name}: whole elements");
        }
        assert_eq!(shape.space, cmsg_space(row.payload.len()), "{name}: space");
        let (sends, receives) = (row.typed.sends(), row.typed.receives());
        let direction = match (sends, receives) {
            (true, true) => Direction::Both,
            (true, false) => Direction::Send,
            _ => Direction::Receive,
        };
        assert_eq!(shape.direction, direction, "{name}");

        // What the kernel writes (or a C program, for what it reads).
        let mut kernel = ControlBuffer::<256>::new();
        let n = kernel_bytes(&mut kernel, &row, &row.payload);
        let kernel = &kernel[..n];
        check_one_message(kernel, &row, &row.payload);

        // What `Encoder::push` (or `push_with`) writes for the value: the
        // same bytes.
        let mut typed = ControlBuffer::<256>::new();
        let mut encoder = Encoder::new(&mut typed);
        if let Some(pushed) = row.typed.encode(&mut encoder) {
            pushed.unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(encoder.finish().as_bytes(), kernel, "{name}: as encoded");
        }

        // And decoded: the value, whichever way in.
        if let Some(decoded) = row.typed.decode(kernel) {
            decoded.unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        let time = match row.stamp {
            Stamp::Not => None,
            Stamp::Time(time) => time,
        };
        assert_eq!(
            linux::receive_time(Messages::new(kernel)),
            Ok(time),
            "{name}"
        );
    }
}

/// A payload of any other length is `PayloadLength`, from every way in:
/// `decode`, `read`, a lookup, and `receive_time` for the stamps.
#[test]
fn wrong_lengths_are_refused() {
    for row in rows() {
        if !row.typed.receives() {
            continue;
        }
        let shape = row.typed.shape(row.payload.len());
        let expected = match shape.element {
            0 => Expected::Exactly(shape.base),
            element => Expected::Elements {
                base: shape.base,
                element,
            },
        };
        for found in 0..=2 * row.payload.len() + 1 {
            let fits = match shape.element {
                0 => found == shape.base,
                element => found >= shape.base && (found - shape.base) % element == 0,
            };
            if fits {
                continue;
            }
            let (name, payload) = (row.name, vec![0x11u8; found]);
            let mut buf = ControlBuffer::<256>::new();
            let n = kernel_bytes(&mut buf, &row, &payload);
            let bytes = &buf[..n];
            check_one_message(bytes, &row, &payload);
            let error = DecodeError::PayloadLength {
                message: row.header,
                expected,
                found,
            };
            assert_eq!(
                row.typed.decode(bytes),
                Some(Err(error)),
                "{name}, {found} bytes"
            );
            let time = match row.stamp {
                Stamp::Not => Ok(None),
                Stamp::Time(_) => Err(error),
            };
            assert_eq!(
                linux::receive_time(Messages::new(bytes)),
                time,
                "{name}, {found} bytes"
            );
        }
    }
}

/// Same bytes, another `(level, type)`: `WrongMessage`, so that messages of
/// one length (`SCM_TIMESTAMP` and `SCM_TIMESTAMP_NEW` on a 64-bit target,
/// `SCM_TIMESTAMPING` and its `_NEW`) are told apart by their type.
#[test]
fn each_decoder_refuses_every_other_message() {
    let rows = rows();
    for row in &rows {
        let mut buf = ControlBuffer::<256>::new();
        let n = kernel_bytes(&mut buf, row, &row.payload);
        for other in rows.iter().filter(|other| other.header != row.header) {
            let error = DecodeError::WrongMessage {
                expected: other.header,
                found: row.header,
            };
            if other.typed.receives() {
                assert_eq!(
                    other.typed.decode(&buf[..n]),
                    Some(Err(error)),
                    "{} as {}",
                    row.name,
                    other.name
                );
            }
        }
    }
}

/// The whole table in one control buffer: each message starts at the
/// previous one's `CMSG_SPACE`, the walk finds them all in order, each
/// decodes, and what the encoder writes for the sendable ones back to back
/// is those messages' bytes back to back. `receive_time` skips whatever is
/// not a stamp (or has no time) and returns the first time.
#[test]
fn all_rows_back_to_back() {
    let rows = rows();
    let mut all = ControlBuffer::<4096>::new();
    let mut sent = ControlBuffer::<4096>::new();
    let mut sent_kernel = Vec::new();
    let mut len = 0;
    let mut encoder = Encoder::new(&mut sent);
    for row in &rows {
        let n = kernel_bytes(&mut all[len..], row, &row.payload);
        assert_eq!(n, cmsg_space(row.payload.len()), "{}", row.name);
        if let Some(pushed) = row.typed.encode(&mut encoder) {
            pushed.unwrap();
            sent_kernel.extend_from_slice(&all[len..len + n]);
        }
        len += n;
    }
    assert_eq!(encoder.finish().as_bytes(), sent_kernel);
    let all = &all[..len];

    let walked: Vec<RawMessage<'_>> = Messages::new(all).map(Result::unwrap).collect();
    assert_eq!(walked.len(), rows.len());
    let mut at = 0;
    for (row, raw) in rows.iter().zip(&walked) {
        check_header(&all[at..], row.header, row.payload.len());
        assert_eq!((raw.level, raw.ty), row.header, "{}", row.name);
        assert_eq!(raw.data, row.payload, "{}", row.name);
        assert_eq!(raw.offset, at + cmsg_len(0), "{}", row.name);
        let end = at + cmsg_space(row.payload.len());
        if let Some(decoded) = row.typed.decode(&all[at..end]) {
            decoded.unwrap_or_else(|e| panic!("{}: {e}", row.name));
        }
        at = end;
    }
    let first_time = rows.iter().find_map(|row| match row.stamp {
        Stamp::Time(Some(time)) => Some(time),
        _ => None,
    });
    assert!(first_time.is_some());
    assert_eq!(linux::receive_time(Messages::new(all)), Ok(first_time));
}

/// Writes one message of `row`'s level and type with `payload` as the
/// kernel would, into `buf`; returns its length. Safe code may not write
/// descriptor numbers: for those rows the encoder must refuse.
fn kernel_bytes(buf: &mut [u8], row: &Row, payload: &[u8]) -> usize {
    let (level, ty) = row.header;
    let mut encoder = Encoder::new(buf);
    let refused = encoder.push_raw(level, ty, payload).map(drop);
    if row.fds {
        assert_eq!(
            refused,
            Err(EncodeError::CarriesFds { level, ty }),
            "{}",
            row.name
        );
        // SAFETY: these bytes are decoded, never sent.
        unsafe { encoder.push_raw_unchecked(level, ty, payload) }.unwrap();
    } else {
        refused.unwrap();
    }
    encoder.finish().as_bytes().len()
}

/// `bytes` are exactly one message with `row`'s header and `payload`.
fn check_one_message(bytes: &[u8], row: &Row, payload: &[u8]) {
    let name = row.name;
    assert_eq!(bytes.len(), cmsg_space(payload.len()), "{name}: CMSG_SPACE");
    check_header(bytes, row.header, payload.len());
    let mut messages = Messages::new(bytes);
    let raw = messages.next().unwrap().unwrap();
    assert!(messages.next().is_none(), "{name}: one message");
    assert_eq!((raw.level, raw.ty), row.header, "{name}");
    assert_eq!(raw.data, payload, "{name}: the payload");
    assert_eq!(raw.offset, cmsg_len(0), "{name}: CMSG_DATA");
}

/// The `struct cmsghdr` at the start of `bytes` says `CMSG_LEN(payload)`
/// and `header`.
#[allow(clippy::unnecessary_cast)] // `size_t` on glibc, `socklen_t` on musl.
fn check_header(bytes: &[u8], header: (c_int, c_int), payload: usize) {
    assert!(bytes.len() >= size_of::<libc::cmsghdr>());
    // SAFETY: `bytes` holds at least one `cmsghdr` (asserted), every bit
    // pattern is a valid one (integers only), and `read_unaligned` has no
    // alignment requirement.
    let h: libc::cmsghdr = unsafe { std::ptr::read_unaligned(bytes.as_ptr().cast()) };
    assert_eq!(
        (h.cmsg_len as usize, h.cmsg_level, h.cmsg_type),
        (cmsg_len(payload), header.0, header.1)
    );
}

// ---------------------------------------------------------------------------
// The typed side of a row.

/// A message type's constants, as the checks compare them.
struct Shape {
    header: (c_int, c_int),
    enable: Option<SocketOption>,
    direction: Direction,
    base: usize,
    element: usize,
    /// `space_for::<M>` the row's elements (`space::<M>` if sized).
    space: usize,
}

fn shape<M: ControlMessage + ?Sized>(payload: usize) -> Shape {
    let space = match payload
        .saturating_sub(M::BASE_SIZE)
        .checked_div(M::ELEMENT_SIZE)
    {
        // Sized: no elements.
        None => space::<M>(),
        Some(elements) => space_for::<M>(elements),
    };
    Shape {
        header: (M::LEVEL, M::TYPE),
        enable: M::ENABLE,
        direction: M::DIRECTION,
        base: M::BASE_SIZE,
        element: M::ELEMENT_SIZE,
        space,
    }
}

/// A message type, and the value a row's payload is: made by [`sent`],
/// [`received`], [`both`], or for messages ending in a slice [`iv`],
/// [`label`] and [`rights`].
struct Typed {
    shape: fn(usize) -> Shape,
    /// Writes the value as a program would; `None` if only ever received.
    encode: Option<Box<Encode>>,
    /// Decodes the one message in the bytes every way there is, checks
    /// each gives the value, and returns the error they all give
    /// otherwise; `None` if only ever sent.
    decode: Option<Box<Decode>>,
}

type Encode = dyn Fn(&mut Encoder<'_>) -> Result<(), EncodeError>;
type Decode = dyn Fn(&[u8]) -> Result<(), DecodeError>;

impl Typed {
    fn shape(&self, payload: usize) -> Shape {
        (self.shape)(payload)
    }
    fn sends(&self) -> bool {
        self.encode.is_some()
    }
    fn receives(&self) -> bool {
        self.decode.is_some()
    }
    fn encode(&self, encoder: &mut Encoder<'_>) -> Option<Result<(), EncodeError>> {
        self.encode.as_ref().map(|encode| encode(encoder))
    }
    fn decode(&self, bytes: &[u8]) -> Option<Result<(), DecodeError>> {
        self.decode.as_ref().map(|decode| decode(bytes))
    }
}

/// A message only sent, as `value`.
fn sent<M: Sendable + 'static>(value: M) -> Typed {
    let encode = move |encoder: &mut Encoder<'_>| encoder.push(&value).map(drop);
    Typed {
        shape: shape::<M>,
        encode: Some(Box::new(encode)),
        decode: None,
    }
}

/// A message only received, as `value`, with further checks on it
/// (conversions, accessors).
fn received<M>(value: M, also: fn(&M)) -> Typed
where
    M: Receivable + Copy + PartialEq + Debug + 'static,
{
    Typed {
        shape: shape::<M>,
        encode: None,
        decode: Some(Box::new(move |bytes| decode_value(bytes, &value, also))),
    }
}

/// A message both sent and received.
fn both<M>(value: M, also: fn(&M)) -> Typed
where
    M: Sendable + Receivable + Copy + PartialEq + Debug + 'static,
{
    Typed {
        encode: sent(value).encode,
        ..received(value, also)
    }
}

/// No further checks.
fn none<M>(_: &M) {}

/// The one message in `bytes` as an `M`: zero-copy, by value, and looked
/// up, each the `expected` value (then `also` checks it further), or each
/// the same error.
fn decode_value<M>(bytes: &[u8], expected: &M, also: fn(&M)) -> Result<(), DecodeError>
where
    M: Receivable + Copy + PartialEq + Debug,
{
    let raw = Messages::new(bytes).next().unwrap().unwrap();
    let (looked_up, read_up) = (
        Messages::new(bytes).get::<M>(),
        Messages::new(bytes).read::<M>(),
    );
    match raw.decode::<M>() {
        Ok(m) => {
            assert!(raw.is::<M>());
            assert_eq!(m, expected);
            assert_eq!(raw.read::<M>(), Ok(*expected));
            assert_eq!(looked_up, Ok(Some(expected)));
            assert_eq!(read_up, Ok(Some(*expected)));
            also(m);
            Ok(())
        }
        Err(e) => {
            assert_eq!(raw.read::<M>(), Err(e), "read agrees with decode");
            if raw.is::<M>() {
                assert_eq!(looked_up, Err(e));
                assert_eq!(read_up, Err(e));
            } else {
                assert_eq!(looked_up, Ok(None));
                assert_eq!(read_up, Ok(None));
            }
            Err(e)
        }
    }
}

/// `ALG_SET_IV` (`struct af_alg_iv`, a length and the bytes), written in
/// place with `push_with`.
fn iv(iv: &'static [u8]) -> Typed {
    let encode = move |encoder: &mut Encoder<'_>| {
        let pushed = encoder.push_with::<AlgSetIv>(iv.len(), |m| {
            m.set(iv);
            assert_eq!(m.ivlen() as usize, iv.len());
        });
        pushed.map(drop)
    };
    Typed {
        shape: shape::<AlgSetIv>,
        encode: Some(Box::new(encode)),
        decode: None,
    }
}

/// `SCM_SECURITY`: a NUL-terminated label, whose `label()` is without the
/// NUL.
fn label(label: &'static [u8]) -> Typed {
    let decode = move |bytes: &[u8]| {
        let raw = Messages::new(bytes).next().unwrap().unwrap();
        let looked_up = Messages::new(bytes).get::<ScmSecurity>();
        raw.decode::<ScmSecurity>().map(|security| {
            assert!(raw.is::<ScmSecurity>());
            assert_eq!(security.label(), label);
            assert_eq!(security.label.len(), label.len() + 1, "with its NUL");
            assert_eq!(looked_up.unwrap().unwrap().label(), label);
        })
    };
    Typed {
        shape: shape::<ScmSecurity>,
        encode: None,
        decode: Some(Box::new(decode)),
    }
}

/// `SCM_RIGHTS`: descriptor numbers.
fn rights(fds: &'static [c_int]) -> Typed {
    let decode = move |bytes: &[u8]| {
        let raw = Messages::new(bytes).next().unwrap().unwrap();
        let looked_up = Messages::new(bytes).get::<ScmRights>();
        raw.decode::<ScmRights>().map(|rights| {
            assert_eq!(rights.as_raw_fds(), fds);
            assert_eq!(looked_up.unwrap().unwrap().as_raw_fds(), fds);
        })
    };
    Typed {
        shape: shape::<ScmRights>,
        encode: None,
        decode: Some(Box::new(decode)),
    }
}

// ---------------------------------------------------------------------------
// Payload bytes.

/// An `int`'s native-endian bytes.
fn int(value: c_int) -> Vec<u8> {
    value.to_ne_bytes().to_vec()
}

/// Native-endian bytes of `c_long`s: the old time structs' fields.
fn longs(values: &[c_long]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_ne_bytes()).collect()
}

/// Native-endian bytes of `i64`s: the `_NEW` time structs' fields.
fn i64s(values: &[i64]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_ne_bytes()).collect()
}

fn old_timespec(tv_sec: c_long, tv_nsec: c_long) -> KernelOldTimespec {
    KernelOldTimespec { tv_sec, tv_nsec }
}

fn timespec(tv_sec: i64, tv_nsec: i64) -> KernelTimespec {
    KernelTimespec { tv_sec, tv_nsec }
}

/// The bytes of a padding-free C struct of integers (the libc structs
/// below, whose sizes [`c_structs_have_the_kernel_sizes`] checks).
fn c_bytes<T: Copy>(value: &T) -> Vec<u8> {
    // SAFETY: `T` is one of libc's padding-free structs of integers here,
    // built from all-zero bytes: reading its bytes is reading integers.
    unsafe { std::slice::from_raw_parts(std::ptr::from_ref(value).cast::<u8>(), size_of::<T>()) }
        .to_vec()
}

/// libc's `struct sockaddr_in` for `address`.
fn sockaddr_in(address: SocketAddrV4) -> libc::sockaddr_in {
    // SAFETY: all-zero is valid for this C struct of integers.
    let mut sin: libc::sockaddr_in = unsafe { std::mem::zeroed() };
    sin.sin_family = libc::AF_INET as libc::sa_family_t;
    sin.sin_port = address.port().to_be();
    sin.sin_addr.s_addr = u32::from_ne_bytes(address.ip().octets());
    sin
}

/// libc's `struct sockaddr_in6` for `address`.
fn sockaddr_in6(address: SocketAddrV6) -> libc::sockaddr_in6 {
    // SAFETY: all-zero is valid for this C struct of integers.
    let mut sin6: libc::sockaddr_in6 = unsafe { std::mem::zeroed() };
    sin6.sin6_family = libc::AF_INET6 as libc::sa_family_t;
    sin6.sin6_port = address.port().to_be();
    sin6.sin6_addr.s6_addr = address.ip().octets();
    sin6
}

/// libc's `struct sock_extended_err` for an `ECONNREFUSED` from ICMP.
fn extended_err(origin: u8, ty: u8, code: u8) -> Vec<u8> {
    // SAFETY: all-zero is valid for this C struct of integers.
    let mut ee: libc::sock_extended_err = unsafe { std::mem::zeroed() };
    ee.ee_errno = libc::ECONNREFUSED as u32;
    ee.ee_origin = origin;
    ee.ee_type = ty;
    ee.ee_code = code;
    c_bytes(&ee)
}

/// The catalogue's `SockExtendedErr` for the same error.
fn refused(origin: u8, ty: u8, code: u8) -> SockExtendedErr {
    SockExtendedErr {
        ee_errno: libc::ECONNREFUSED as u32,
        ee_origin: origin,
        ee_type: ty,
        ee_code: code,
        ee_pad: 0,
        ee_info: 0,
        ee_data: 0,
    }
}

/// `CMSG_LEN(payload)` from libc.
fn cmsg_len(payload: usize) -> usize {
    // SAFETY: CMSG_LEN is arithmetic on its argument.
    unsafe { libc::CMSG_LEN(u32::try_from(payload).unwrap()) as usize }
}

/// `CMSG_SPACE(payload)` from libc.
fn cmsg_space(payload: usize) -> usize {
    // SAFETY: CMSG_SPACE is arithmetic on its argument.
    unsafe { libc::CMSG_SPACE(u32::try_from(payload).unwrap()) as usize }
}

// ---------------------------------------------------------------------------
// What is not one message's bytes.

/// The payloads are libc's structs, whose sizes are the kernel's.
#[test]
fn c_structs_have_the_kernel_sizes() {
    assert_eq!(size_of::<libc::sock_extended_err>(), 16);
    assert_eq!(size_of::<libc::sockaddr_in>(), 16);
    assert_eq!(size_of::<libc::sockaddr_in6>(), 28);
    let sizes = [
        (space::<IpPktInfo>(), size_of::<libc::in_pktinfo>()),
        (space::<Ipv6PktInfo>(), size_of::<libc::in6_pktinfo>()),
        (
            space::<IpRecvErr>(),
            size_of::<libc::sock_extended_err>() + size_of::<libc::sockaddr_in>(),
        ),
        (
            space::<Ipv6RecvErr>(),
            size_of::<libc::sock_extended_err>() + size_of::<libc::sockaddr_in6>(),
        ),
        (space::<IpOrigDstAddr>(), size_of::<libc::sockaddr_in>()),
        (space::<Ipv6OrigDstAddr>(), size_of::<libc::sockaddr_in6>()),
        (space::<UCred>(), size_of::<libc::ucred>()),
        (space::<IpTtl>(), 4),
        (space::<IpTos>(), 1),
        (space::<IpTosSend>(), 4),
        (space::<IpRecvFragsize>(), 4),
    ];
    for (i, (space, c)) in sizes.into_iter().enumerate() {
        assert_eq!(space, cmsg_space(c), "row {i}");
    }
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
    // Each receive stamp is enabled by the option of its own number (the
    // rows check the same, with each row's `enable`).
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
    assert_eq!(SOL_TLS, libc::SOL_TLS);
}

/// Out-of-range fields: the kernel never writes them, and the conversions
/// refuse them rather than wrap or panic.
#[test]
fn out_of_range_times_convert_to_none() {
    let tv = |tv_sec, tv_usec| KernelOldTimeval { tv_sec, tv_usec };
    let stv = |tv_sec, tv_usec| KernelSockTimeval { tv_sec, tv_usec };
    let ts = |tv_sec, tv_nsec| KernelOldTimespec { tv_sec, tv_nsec };
    let kts = |tv_sec, tv_nsec| KernelTimespec { tv_sec, tv_nsec };
    let cases = [
        ("tv(0, 0)", tv(0, 0).to_duration(), Some(Duration::ZERO)),
        (
            "tv(0, 999_999)",
            tv(0, 999_999).to_duration(),
            Some(Duration::new(0, 999_999_000)),
        ),
        ("tv(1, 1_000_000)", tv(1, 1_000_000).to_duration(), None),
        ("tv(1, -1)", tv(1, -1).to_duration(), None),
        ("tv(-1, 0)", tv(-1, 0).to_duration(), None),
        ("tv(-1, 500_000)", tv(-1, 500_000).to_duration(), None),
        ("tv(MIN, 0)", tv(c_long::MIN, 0).to_duration(), None),
        ("stv(1, 1_000_000)", stv(1, 1_000_000).to_duration(), None),
        ("stv(-1, 0)", stv(-1, 0).to_duration(), None),
        ("stv(MIN, 0)", stv(i64::MIN, 0).to_duration(), None),
        (
            "stv(MAX, 999_999)",
            stv(i64::MAX, 999_999).to_duration(),
            Some(Duration::new(i64::MAX as u64, 999_999_000)),
        ),
        (
            "ts(1, 999_999_999)",
            ts(1, 999_999_999).to_duration(),
            Some(Duration::new(1, 999_999_999)),
        ),
        (
            "ts(1, 1_000_000_000)",
            ts(1, 1_000_000_000).to_duration(),
            None,
        ),
        ("ts(1, -1)", ts(1, -1).to_duration(), None),
        ("ts(-1, 0)", ts(-1, 0).to_duration(), None),
        (
            "kts(1, 1_000_000_000)",
            kts(1, 1_000_000_000).to_duration(),
            None,
        ),
        ("kts(0, MAX)", kts(0, i64::MAX).to_duration(), None),
        ("kts(-1, 0)", kts(-1, 0).to_duration(), None),
    ];
    for (what, got, want) in cases {
        assert_eq!(got, want, "{what}");
    }
    assert_eq!(tv(-1, 0).to_system_time(), None);
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
        linux::receive_time(Messages::new(&bytes[..cmsg_space(4)])),
        Ok(None)
    );
    assert_eq!(linux::receive_time(Messages::new(&[])), Ok(None));
}
