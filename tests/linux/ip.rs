//! `ip.rs`: IPv4 messages over loopback UDP (packet info, TTL, TOS,
//! original destination, fragment size), and several at once; the ICMP
//! errors are in `errqueue.rs`. The tests IPv6 shares run through the
//! helpers in `support` that take a [`Family`].

use crate::support::{
    arrive, bind, lo_index, must, per_packet_field, receive, receive_one, send_plain, send_to_with,
    set, Family, V4,
};
use cmsg::platforms::linux::{IpOrigDstAddr, IpPktInfo, IpRecvFragsize, IpTos, IpTosSend, IpTtl};
use cmsg::{
    enable, sendmsg, space, ControlBuffer, ControlMessage, DecodeError, Enable, Encoder, Expected,
    Receivable, SendFlags,
};
use std::ffi::{c_char, c_int};
use std::io::{self, IoSlice};
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4, UdpSocket};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

fn v4(socket: &UdpSocket) -> SocketAddrV4 {
    match socket.local_addr().unwrap() {
        SocketAddr::V4(a) => a,
        other => panic!("not IPv4: {other}"),
    }
}

/// `payload` sent to 127.0.0.2 at a receiver bound to the wildcard with
/// `M` enabled: the message, and the address sent to.
fn arrive_at_127_0_0_2<M: Receivable + Enable + Copy>(payload: &[u8]) -> (M, SocketAddrV4) {
    let rx = bind((Ipv4Addr::UNSPECIFIED, 0));
    let tx = bind((Ipv4Addr::LOCALHOST, 0));
    enable::<M>(&rx).unwrap();
    let to = SocketAddrV4::new(Ipv4Addr::new(127, 0, 0, 2), v4(&rx).port());
    send_plain(&tx, to.into(), payload);
    (receive_one(&rx, payload, tx.local_addr().unwrap()), to)
}

// ------------------------------------------------------------- IP_PKTINFO

#[test]
fn ip_pktinfo_reports_interface_and_destination() {
    let info: IpPktInfo = arrive(V4, b"pktinfo").unwrap().message;
    assert_eq!(info.ifindex, lo_index());
    assert_eq!(info.destination(), Ipv4Addr::LOCALHOST);
    assert_eq!(info.local(), Ipv4Addr::LOCALHOST);
}

/// A socket bound to the wildcard learns which loopback address the
/// datagram was sent to (127.0.0.2, not its own 0.0.0.0).
#[test]
fn ip_pktinfo_reports_the_address_sent_to() {
    let (info, _) = arrive_at_127_0_0_2::<IpPktInfo>(b"to .2");
    assert_eq!(info.ifindex, lo_index());
    assert_eq!(info.destination(), Ipv4Addr::new(127, 0, 0, 2));
    // For a locally delivered datagram the routing "specific destination"
    // is the header's destination too.
    assert_eq!(info.local(), Ipv4Addr::new(127, 0, 0, 2));
}

/// On send, `ipi_spec_dst` chooses the source address, even over the
/// address the socket is bound to.
#[test]
fn ip_pktinfo_on_send_chooses_the_source_address() {
    let rx = bind((Ipv4Addr::LOCALHOST, 0));
    let tx = bind((Ipv4Addr::LOCALHOST, 0));
    let source = Ipv4Addr::new(127, 0, 0, 3);
    let info = IpPktInfo {
        ifindex: 0,
        spec_dst: source.octets(),
        addr: [0; 4],
    };
    send_to_with(&tx, rx.local_addr().unwrap(), b"from .3", &info).unwrap();
    let from = SocketAddrV4::new(source, v4(&tx).port());
    let mut data = [0u8; 16];
    let mut control = ControlBuffer::<0>::new();
    let msg = receive(&rx, &mut data, &mut control);
    assert_eq!(&data[..msg.bytes], b"from .3");
    assert_eq!(msg.address, Some(from.into()));
    drop(msg);

    // And an explicit outgoing interface: loopback's own index is accepted.
    let info = IpPktInfo {
        ifindex: lo_index(),
        spec_dst: [0; 4],
        addr: [0; 4],
    };
    send_to_with(&tx, rx.local_addr().unwrap(), b"via lo", &info).unwrap();
    let msg = receive(&rx, &mut data, &mut control);
    assert_eq!(&data[..msg.bytes], b"via lo");
    assert_eq!(msg.address, Some(tx.local_addr().unwrap()));
}

// ---------------------------------------------------------- IP_TTL, IP_TOS

#[test]
fn ip_ttl_reports_the_socket_and_per_datagram_ttl() {
    let option = (libc::IPPROTO_IP, libc::IP_TTL);
    let link = per_packet_field(V4, option, IpTtl, IpTtl, (42, 7)).unwrap();
    // The default: what the kernel says the socket's TTL is.
    assert!((1..=255).contains(&link.default), "{}", link.default);
    // The kernel reads the value: 0 is out of range.
    let err = send_to_with(&link.tx, link.to, b"zero", &IpTtl(0)).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::EINVAL), "{err}");
}

/// Received as one byte, sent as an `int`; the per-datagram value wins over
/// the socket's.
#[test]
fn ip_tos_reports_the_socket_and_per_datagram_tos() {
    let option = (libc::IPPROTO_IP, libc::IP_TOS);
    let received = |tos| IpTos(u8::try_from(tos).unwrap());
    per_packet_field(V4, option, received, IpTosSend, (0x10, 0x28)).unwrap();
}

/// The kernel delivers the received TOS as one byte: the raw message says
/// so, and the library's type has exactly that size.
#[test]
fn ip_tos_arrives_as_one_byte() {
    let rx = bind((Ipv4Addr::LOCALHOST, 0));
    let tx = bind((Ipv4Addr::LOCALHOST, 0));
    enable::<IpTos>(&rx).unwrap();
    send_to_with(&tx, rx.local_addr().unwrap(), b"b", &IpTosSend(0x28)).unwrap();
    let mut data = [0u8; 4];
    let mut control = ControlBuffer::<{ space::<IpTos>() }>::new();
    let msg = receive(&rx, &mut data, &mut control);
    assert!(!msg.flags.control_truncated());
    let raw: Vec<_> = msg.control.messages().map(Result::unwrap).collect();
    assert_eq!(raw.len(), 1);
    assert_eq!(
        (raw[0].level, raw[0].ty, raw[0].data),
        (libc::IPPROTO_IP, libc::IP_TOS, &[0x28u8][..])
    );
    assert_eq!(raw[0].read::<IpTos>().unwrap(), IpTos(0x28));
}

// --------------------------------------------------------- IP_ORIGDSTADDR

#[test]
fn ip_origdstaddr_reports_the_bound_address() {
    let arrived = arrive::<IpOrigDstAddr>(V4, b"orig").unwrap();
    let orig = arrived.message.0;
    assert_eq!(orig.to_socket_addr().map(SocketAddr::V4), Some(arrived.to));
    assert_eq!(orig.zero, [0; 8]);
}

#[test]
fn ip_origdstaddr_on_a_wildcard_socket_reports_the_address_sent_to() {
    let (orig, to) = arrive_at_127_0_0_2::<IpOrigDstAddr>(b"orig .2");
    assert_eq!(orig.0.to_socket_addr(), Some(to));
}

// -------------------------------------------------------- IP_RECVFRAGSIZE

/// `struct ifreq` naming `lo`.
fn ifreq_lo() -> libc::ifreq {
    // SAFETY: `ifreq` is a name array and a union of plain integers,
    // arrays and a pointer; all-zero is a valid value of each.
    let mut ifr: libc::ifreq = unsafe { std::mem::zeroed() };
    for (to, from) in ifr.ifr_name.iter_mut().zip(b"lo") {
        *to = *from as c_char;
    }
    ifr
}

fn ioctl(socket: &OwnedFd, request: libc::c_ulong, ifr: &mut libc::ifreq) -> io::Result<()> {
    // SAFETY: `ifr` is a live `struct ifreq`, what these SIOC* requests
    // read and write.
    let rc = unsafe { libc::ioctl(socket.as_raw_fd(), request as _, std::ptr::from_mut(ifr)) };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// In a fresh network namespace (this thread's own): brings `lo` up with an
/// MTU of 1500.
fn private_loopback_with_mtu_1500() -> io::Result<()> {
    // SAFETY: unshare changes only the calling thread's network namespace;
    // this thread is the test's own and ends with the test.
    if unsafe { libc::unshare(libc::CLONE_NEWNET) } != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: plain socket(2) call.
    let fd = unsafe { libc::socket(libc::AF_INET, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: socket succeeded: a new descriptor we own.
    let control = unsafe { OwnedFd::from_raw_fd(fd) };

    let mut ifr = ifreq_lo();
    ioctl(&control, libc::SIOCGIFFLAGS, &mut ifr)?;
    // SAFETY: SIOCGIFFLAGS filled in `ifru_flags`.
    let flags = unsafe { ifr.ifr_ifru.ifru_flags };
    ifr.ifr_ifru.ifru_flags = flags | libc::IFF_UP as libc::c_short;
    ioctl(&control, libc::SIOCSIFFLAGS, &mut ifr)?;

    let mut ifr = ifreq_lo();
    ifr.ifr_ifru.ifru_mtu = 1500;
    ioctl(&control, libc::SIOCSIFMTU, &mut ifr)?;
    let mut ifr = ifreq_lo();
    ioctl(&control, libc::SIOCGIFMTU, &mut ifr)?;
    // SAFETY: SIOCGIFMTU filled in `ifru_mtu`.
    let mtu = unsafe { ifr.ifr_ifru.ifru_mtu };
    assert_eq!(mtu, 1500);
    Ok(())
}

#[test]
fn ip_recvfragsize_reports_the_largest_fragment() {
    // Network namespaces are per thread: the test runs in its own thread so
    // that nothing else ever sees the private one.
    let outcome = std::thread::spawn(|| -> io::Result<()> {
        private_loopback_with_mtu_1500()?;
        let (rx, tx) = V4.udp_pair().unwrap();
        let to = rx.local_addr().unwrap();
        let from = tx.local_addr().unwrap();
        enable::<IpRecvFragsize>(&rx).unwrap();
        set(
            &tx,
            libc::IPPROTO_IP,
            libc::IP_MTU_DISCOVER,
            libc::IP_PMTUDISC_DONT,
        );

        let big: Vec<u8> = (0..4000u32).map(|i| (i % 251) as u8).collect();
        send_plain(&tx, to, &big);
        let mut data = vec![0u8; 8192];
        let mut control = ControlBuffer::<{ space::<IpRecvFragsize>() }>::new();
        let msg = receive(&rx, &mut data, &mut control);
        assert!(!msg.flags.control_truncated());
        assert_eq!(msg.address, Some(from));
        assert_eq!(&data[..msg.bytes], &big[..]);
        let IpRecvFragsize(size) = must(&msg);
        assert!(size > 0 && size <= 1500, "{size}");
        // The first fragment fills the MTU: 20 bytes of header and 1480 of
        // payload (a multiple of 8).
        assert_eq!(size, 1500);

        send_plain(&tx, to, b"whole");
        let mut control = ControlBuffer::<{ space::<IpRecvFragsize>() }>::new();
        let msg = receive(&rx, &mut data, &mut control);
        assert_eq!(&data[..msg.bytes], b"whole");
        assert_eq!(msg.control.get::<IpRecvFragsize>().unwrap(), None);
        assert!(msg.control.is_empty());
        Ok(())
    })
    .join()
    .unwrap();
    if let Err(e) = outcome {
        assert!(
            matches!(
                e.raw_os_error(),
                Some(libc::EPERM | libc::EINVAL | libc::ENOSYS)
            ),
            "unshare(CLONE_NEWNET): {e}"
        );
        // The bytes the kernel would write are checked without it, in
        // cmsg-platforms/tests/wire.rs.
        eprintln!("UNAVAILABLE: IP_RECVFRAGSIZE (private network namespace): {e}");
    }
}

// ------------------------------------------------- several messages at once

const ALL_FOUR: usize =
    space::<IpPktInfo>() + space::<IpTtl>() + space::<IpTos>() + space::<IpOrigDstAddr>();

/// A receiver with packet info, TTL, TOS and original destination enabled,
/// and a sender with TTL 42 and TOS 0x28 that has sent it one datagram.
fn four_messages_pending() -> (UdpSocket, UdpSocket) {
    let (rx, tx) = V4.udp_pair().unwrap();
    enable::<IpPktInfo>(&rx).unwrap();
    enable::<IpTtl>(&rx).unwrap();
    enable::<IpTos>(&rx).unwrap();
    enable::<IpOrigDstAddr>(&rx).unwrap();
    set(&tx, libc::IPPROTO_IP, libc::IP_TTL, 42);
    set(&tx, libc::IPPROTO_IP, libc::IP_TOS, 0x28);
    send_plain(&tx, rx.local_addr().unwrap(), b"four");
    (rx, tx)
}

#[test]
fn four_messages_fit_a_buffer_sized_by_space() {
    let (rx, tx) = four_messages_pending();
    let mut data = [0u8; 8];
    let mut control = ControlBuffer::<ALL_FOUR>::new();
    let msg = receive(&rx, &mut data, &mut control);
    assert!(!msg.flags.control_truncated(), "{:?}", msg.flags);
    assert_eq!(&data[..msg.bytes], b"four");
    assert_eq!(msg.address, Some(tx.local_addr().unwrap()));
    assert_eq!(msg.control.as_bytes().len(), ALL_FOUR);

    let kinds: Vec<(c_int, c_int)> = msg
        .control
        .messages()
        .map(|m| m.map(|m| (m.level, m.ty)).unwrap())
        .collect();
    assert_eq!(kinds.len(), 4, "{kinds:?}");
    for kind in [
        (IpPktInfo::LEVEL, IpPktInfo::TYPE),
        (IpTtl::LEVEL, IpTtl::TYPE),
        (IpTos::LEVEL, IpTos::TYPE),
        (IpOrigDstAddr::LEVEL, IpOrigDstAddr::TYPE),
    ] {
        assert!(kinds.contains(&kind), "{kind:?} not in {kinds:?}");
    }

    let info: IpPktInfo = must(&msg);
    assert_eq!(info.ifindex, lo_index());
    assert_eq!(info.destination(), Ipv4Addr::LOCALHOST);
    assert_eq!(must::<IpTtl>(&msg), IpTtl(42));
    assert_eq!(must::<IpTos>(&msg), IpTos(0x28));
    assert_eq!(
        must::<IpOrigDstAddr>(&msg).0.to_socket_addr(),
        Some(v4(&rx))
    );
}

/// One message's space short: the first three arrive whole, the fourth not
/// at all, and the kernel says the control data was truncated.
#[test]
fn a_buffer_one_message_short_is_truncated() {
    let (rx, _tx) = four_messages_pending();
    let mut data = [0u8; 8];
    let mut control = ControlBuffer::<{ ALL_FOUR - space::<IpOrigDstAddr>() }>::new();
    let msg = receive(&rx, &mut data, &mut control);
    assert!(msg.flags.control_truncated(), "{:?}", msg.flags);
    assert_eq!(&data[..msg.bytes], b"four");
    // Three whole messages, then the truncation.
    assert_eq!(msg.control.messages().count(), 4);
    assert!(msg.control.messages().take(3).all(|m| m.is_ok()));
    assert_eq!(must::<IpPktInfo>(&msg).ifindex, lo_index());
    assert_eq!(must::<IpTtl>(&msg), IpTtl(42));
    assert_eq!(must::<IpTos>(&msg), IpTos(0x28));
    assert!(msg.control.is_truncated());
    // The dropped message is reported as dropped, not as never sent.
    let truncated = DecodeError::Truncated {
        wanted: Some((libc::IPPROTO_IP, libc::IP_ORIGDSTADDR)),
        received: msg.control.as_bytes().len(),
    };
    assert_eq!(msg.control.get::<IpOrigDstAddr>(), Err(truncated));
    assert_eq!(msg.control.read::<IpOrigDstAddr>(), Err(truncated));
    // A walk by hand ends by saying so too.
    let last = msg.control.messages().last();
    assert_eq!(
        last,
        Some(Err(DecodeError::Truncated {
            wanted: None,
            received: msg.control.as_bytes().len()
        }))
    );
}

/// Room for part of the last message: the kernel writes a header whose
/// length covers only what fit; looking it up reports the truncation, and
/// decoding that raw message alone is a length error, not a misread.
#[test]
fn a_message_cut_short_by_the_kernel_is_reported_truncated() {
    let (rx, _tx) = four_messages_pending();
    let mut data = [0u8; 8];
    let mut control = ControlBuffer::<{ ALL_FOUR - 8 }>::new();
    let msg = receive(&rx, &mut data, &mut control);
    assert!(msg.flags.control_truncated(), "{:?}", msg.flags);
    assert_eq!(must::<IpTtl>(&msg), IpTtl(42));
    let last = msg
        .control
        .messages()
        .find_map(|m| m.ok().filter(|m| m.is::<IpOrigDstAddr>()))
        .expect("a cut-short IP_ORIGDSTADDR");
    // SAFETY: CMSG_LEN is arithmetic on its argument.
    let header = unsafe { libc::CMSG_LEN(0) } as usize;
    let cut = space::<IpOrigDstAddr>() - 8 - header;
    assert_eq!(last.data.len(), cut);
    let expected = DecodeError::PayloadLength {
        message: (libc::IPPROTO_IP, libc::IP_ORIGDSTADDR),
        expected: Expected::Exactly(size_of::<libc::sockaddr_in>()),
        found: cut,
    };
    assert_eq!(last.decode::<IpOrigDstAddr>().unwrap_err(), expected);
    assert_eq!(last.read::<IpOrigDstAddr>().unwrap_err(), expected);
    let truncated = DecodeError::Truncated {
        wanted: Some((libc::IPPROTO_IP, libc::IP_ORIGDSTADDR)),
        received: msg.control.as_bytes().len(),
    };
    assert_eq!(msg.control.get::<IpOrigDstAddr>().unwrap_err(), truncated);
    assert_eq!(msg.control.read::<IpOrigDstAddr>().unwrap_err(), truncated);
}

/// `sendmsg` on a connected socket with two messages: TTL and TOS both
/// apply to the one datagram.
#[test]
fn two_messages_on_send_both_apply() {
    let (rx, tx) = Family::V4.connected_pair().unwrap();
    enable::<IpTtl>(&rx).unwrap();
    enable::<IpTos>(&rx).unwrap();
    let mut out = ControlBuffer::<{ space::<IpTtl>() + space::<IpTosSend>() }>::new();
    let mut encoder = Encoder::new(&mut out);
    encoder
        .push(&IpTtl(7))
        .unwrap()
        .push(&IpTosSend(0x28))
        .unwrap();
    sendmsg(
        &tx,
        &[IoSlice::new(b"two"), IoSlice::new(b"+1")],
        encoder.finish(),
        SendFlags::empty(),
    )
    .unwrap();
    let mut data = [0u8; 8];
    let mut control = ControlBuffer::<{ space::<IpTtl>() + space::<IpTos>() }>::new();
    let msg = receive(&rx, &mut data, &mut control);
    assert!(!msg.flags.control_truncated());
    assert_eq!(&data[..msg.bytes], b"two+1");
    assert_eq!(must::<IpTtl>(&msg), IpTtl(7));
    assert_eq!(must::<IpTos>(&msg), IpTos(0x28));
}
