//! IPv4 and IPv6 control messages on the real kernel over loopback UDP:
//! packet info, TTL/hop limit, TOS/traffic class, ICMP errors from the error
//! queue, original destination, fragment size, and several messages at once.
#![cfg(target_os = "linux")]

use cmsg::platforms::linux::{
    IpOrigDstAddr, IpPktInfo, IpRecvErr, IpRecvFragsize, IpTos, IpTosSend, IpTtl, Ipv6HopLimit,
    Ipv6OrigDstAddr, Ipv6PktInfo, Ipv6RecvErr, Ipv6TClass, SockAddrIn, SockAddrIn6,
    SockExtendedErr, SO_EE_ORIGIN_ICMP, SO_EE_ORIGIN_ICMP6,
};
use cmsg::{
    enable, recvmsg, sendmsg, sendmsg_to, set_socket_option, space, ControlBuffer, ControlMessage,
    DecodeError, Encoder, Expected, Messages, MsgFlags, Receivable, RecvFlags, RecvMsg, SendFlags,
    Sendable, SocketOption,
};
use std::ffi::{c_char, c_int};
use std::io::{self, IoSlice, IoSliceMut};
use std::mem::size_of;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6, UdpSocket};
use std::os::fd::{AsFd, AsRawFd, FromRawFd, OwnedFd};
use std::time::Duration;

/// How long any receive or poll may block.
const TIMEOUT: Duration = Duration::from_secs(5);

// ---------------------------------------------------------------- helpers

/// A UDP socket bound to `address`, with a read timeout.
fn bind(address: &str) -> UdpSocket {
    let socket = UdpSocket::bind(address).unwrap_or_else(|e| panic!("bind {address}: {e}"));
    socket.set_read_timeout(Some(TIMEOUT)).unwrap();
    socket
}

fn v4(socket: &UdpSocket) -> SocketAddrV4 {
    match socket.local_addr().unwrap() {
        SocketAddr::V4(a) => a,
        other => panic!("not IPv4: {other}"),
    }
}

fn v6(socket: &UdpSocket) -> SocketAddrV6 {
    match socket.local_addr().unwrap() {
        SocketAddr::V6(a) => a,
        other => panic!("not IPv6: {other}"),
    }
}

/// A UDP socket bound to `[::1]:0`, or `None` (after saying so and checking
/// the IPv6 wire formats on byte buffers) when the kernel has no IPv6
/// loopback.
fn bind6() -> Option<UdpSocket> {
    match UdpSocket::bind("[::1]:0") {
        Ok(socket) => {
            socket.set_read_timeout(Some(TIMEOUT)).unwrap();
            Some(socket)
        }
        Err(e)
            if matches!(
                e.raw_os_error(),
                Some(libc::EADDRNOTAVAIL | libc::EAFNOSUPPORT)
            ) =>
        {
            eprintln!("UNAVAILABLE: IPv6 loopback: {e}");
            ipv6_formats_on_byte_buffers();
            None
        }
        Err(e) => panic!("bind [::1]:0: {e}"),
    }
}

/// The loopback interface's index.
fn lo_index() -> c_int {
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

fn option(level: c_int, name: c_int) -> SocketOption {
    SocketOption { level, name }
}

fn set(socket: impl AsFd, level: c_int, name: c_int, value: c_int) {
    set_socket_option(socket, option(level, name), value)
        .unwrap_or_else(|e| panic!("setsockopt({level}, {name}, {value}): {e}"));
}

fn get(socket: impl AsFd, level: c_int, name: c_int) -> c_int {
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

/// Sends `data` to `to` with one control message `message`.
fn send_with<M: Sendable>(
    socket: &UdpSocket,
    to: SocketAddr,
    data: &[u8],
    message: &M,
) -> io::Result<usize> {
    let mut out = ControlBuffer::<64>::new();
    let mut encoder = Encoder::new(&mut out);
    encoder.push(message).unwrap();
    sendmsg_to(
        socket,
        &to,
        &[IoSlice::new(data)],
        encoder.finish(),
        SendFlags::empty(),
    )
}

/// Sends `data` to `to` without control messages.
fn send_plain(socket: &UdpSocket, to: SocketAddr, data: &[u8]) {
    assert_eq!(socket.send_to(data, to).unwrap(), data.len());
}

fn receive<'c>(socket: &UdpSocket, data: &mut [u8], control: &'c mut [u8]) -> RecvMsg<'c> {
    recvmsg(
        socket,
        &mut [IoSliceMut::new(data)],
        control,
        RecvFlags::empty(),
    )
    .expect("recvmsg")
}

/// The message `M`, which must be there.
fn must<M: Receivable + Copy>(msg: &RecvMsg<'_>) -> M {
    *msg.control
        .get::<M>()
        .unwrap()
        .unwrap_or_else(|| panic!("{} missing", std::any::type_name::<M>()))
}

/// Receives one datagram (at most 64 bytes) whose only expected control
/// message is `M`, checks its payload and sender, and returns `M`.
fn receive_one<M: Receivable + Copy>(socket: &UdpSocket, payload: &[u8], from: SocketAddr) -> M {
    let mut data = [0u8; 64];
    let mut control = ControlBuffer::<128>::new();
    let msg = receive(socket, &mut data, &mut control);
    assert!(!msg.flags.control_truncated());
    assert_eq!(&data[..msg.bytes], payload);
    assert_eq!(msg.address, Some(from));
    must::<M>(&msg)
}

/// A loopback port nothing listens on: bound, noted, and closed.
fn closed_port(address: &str) -> SocketAddr {
    let socket = bind(address);
    socket.local_addr().unwrap()
}

/// Waits (bounded) until the socket reports an error (`POLLERR`).
fn wait_for_error(socket: &UdpSocket) {
    let mut pfd = libc::pollfd {
        fd: socket.as_raw_fd(),
        events: 0,
        revents: 0,
    };
    let timeout = c_int::try_from(TIMEOUT.as_millis()).unwrap();
    // SAFETY: one valid `pollfd` for the duration of the call.
    let n = unsafe { libc::poll(&mut pfd, 1, timeout) };
    assert_eq!(n, 1, "poll: {}", io::Error::last_os_error());
    assert_ne!(pfd.revents & libc::POLLERR, 0, "revents {:#x}", pfd.revents);
}

// ------------------------------------------------------------- IP_PKTINFO

#[test]
fn ip_pktinfo_reports_interface_and_destination() {
    let rx = bind("127.0.0.1:0");
    let tx = bind("127.0.0.1:0");
    enable::<IpPktInfo>(&rx).unwrap();
    send_plain(&tx, rx.local_addr().unwrap(), b"pktinfo");
    let info: IpPktInfo = receive_one(&rx, b"pktinfo", tx.local_addr().unwrap());
    assert_eq!(info.ifindex, lo_index());
    assert_eq!(info.destination(), Ipv4Addr::LOCALHOST);
    assert_eq!(info.local(), Ipv4Addr::LOCALHOST);
}

/// A socket bound to the wildcard learns which loopback address the
/// datagram was sent to (127.0.0.2, not its own 0.0.0.0).
#[test]
fn ip_pktinfo_reports_the_address_sent_to() {
    let rx = bind("0.0.0.0:0");
    let tx = bind("127.0.0.1:0");
    enable::<IpPktInfo>(&rx).unwrap();
    let to = SocketAddrV4::new(Ipv4Addr::new(127, 0, 0, 2), v4(&rx).port());
    send_plain(&tx, to.into(), b"to .2");
    let info: IpPktInfo = receive_one(&rx, b"to .2", tx.local_addr().unwrap());
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
    let rx = bind("127.0.0.1:0");
    let tx = bind("127.0.0.1:0");
    let source = Ipv4Addr::new(127, 0, 0, 3);
    let info = IpPktInfo {
        ifindex: 0,
        spec_dst: source.octets(),
        addr: [0; 4],
    };
    send_with(&tx, rx.local_addr().unwrap(), b"from .3", &info).unwrap();
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
    send_with(&tx, rx.local_addr().unwrap(), b"via lo", &info).unwrap();
    let msg = receive(&rx, &mut data, &mut control);
    assert_eq!(&data[..msg.bytes], b"via lo");
    assert_eq!(msg.address, Some(tx.local_addr().unwrap()));
}

// ----------------------------------------------------------------- IP_TTL

#[test]
fn ip_ttl_reports_the_socket_and_per_datagram_ttl() {
    let rx = bind("127.0.0.1:0");
    let tx = bind("127.0.0.1:0");
    let to = rx.local_addr().unwrap();
    let from = tx.local_addr().unwrap();
    enable::<IpTtl>(&rx).unwrap();

    // The default: what the kernel says the socket's TTL is.
    let default = get(&tx, libc::IPPROTO_IP, libc::IP_TTL);
    assert!((1..=255).contains(&default), "{default}");
    send_plain(&tx, to, b"default");
    assert_eq!(receive_one::<IpTtl>(&rx, b"default", from), IpTtl(default));

    set(&tx, libc::IPPROTO_IP, libc::IP_TTL, 42);
    send_plain(&tx, to, b"sockopt");
    assert_eq!(receive_one::<IpTtl>(&rx, b"sockopt", from), IpTtl(42));

    send_with(&tx, to, b"cmsg", &IpTtl(7)).unwrap();
    assert_eq!(receive_one::<IpTtl>(&rx, b"cmsg", from), IpTtl(7));

    // The kernel reads the value: 0 is out of range.
    let err = send_with(&tx, to, b"zero", &IpTtl(0)).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::EINVAL), "{err}");
}

// ----------------------------------------------------------------- IP_TOS

#[test]
fn ip_tos_reports_the_socket_and_per_datagram_tos() {
    let rx = bind("127.0.0.1:0");
    let tx = bind("127.0.0.1:0");
    let to = rx.local_addr().unwrap();
    let from = tx.local_addr().unwrap();
    enable::<IpTos>(&rx).unwrap();

    send_plain(&tx, to, b"default");
    let tos = get(&tx, libc::IPPROTO_IP, libc::IP_TOS);
    assert_eq!(
        receive_one::<IpTos>(&rx, b"default", from),
        IpTos(u8::try_from(tos).unwrap())
    );

    send_with(&tx, to, b"cmsg", &IpTosSend(0x28)).unwrap();
    assert_eq!(receive_one::<IpTos>(&rx, b"cmsg", from), IpTos(0x28));

    set(&tx, libc::IPPROTO_IP, libc::IP_TOS, 0x10);
    send_plain(&tx, to, b"sockopt");
    assert_eq!(receive_one::<IpTos>(&rx, b"sockopt", from), IpTos(0x10));

    // The per-datagram value wins over the socket's.
    send_with(&tx, to, b"both", &IpTosSend(0x28)).unwrap();
    assert_eq!(receive_one::<IpTos>(&rx, b"both", from), IpTos(0x28));
}

/// The kernel delivers the received TOS as one byte: the raw message says
/// so, and the library's type has exactly that size.
#[test]
fn ip_tos_arrives_as_one_byte() {
    let rx = bind("127.0.0.1:0");
    let tx = bind("127.0.0.1:0");
    enable::<IpTos>(&rx).unwrap();
    send_with(&tx, rx.local_addr().unwrap(), b"b", &IpTosSend(0x28)).unwrap();
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

// ------------------------------------------------------------- IP_RECVERR

#[test]
fn ip_recverr_reports_port_unreachable() {
    let closed = closed_port("127.0.0.1:0");
    let socket = bind("127.0.0.1:0");
    socket.connect(closed).unwrap();
    enable::<IpRecvErr>(&socket).unwrap();
    socket.send(b"anyone?").unwrap();
    wait_for_error(&socket);

    let mut data = [0u8; 64];
    let mut control = ControlBuffer::<{ space::<IpRecvErr>() }>::new();
    let msg = recvmsg(
        &socket,
        &mut [IoSliceMut::new(&mut data)],
        &mut control,
        RecvFlags::ERRQUEUE | RecvFlags::DONTWAIT,
    )
    .unwrap();
    assert!(msg.flags.contains(MsgFlags::ERRQUEUE), "{:?}", msg.flags);
    assert!(!msg.flags.control_truncated());
    // The queued datagram's payload, and the address it was sent to.
    assert_eq!(&data[..msg.bytes], b"anyone?");
    assert_eq!(msg.address, Some(closed));

    let error: IpRecvErr = must(&msg);
    let err = error.err;
    assert_eq!(err.ee_errno, libc::ECONNREFUSED as u32);
    assert_eq!(err.ee_origin, SO_EE_ORIGIN_ICMP);
    assert_eq!(err.ee_type, 3, "ICMP_DEST_UNREACH");
    assert_eq!(err.ee_code, 3, "ICMP_PORT_UNREACH");
    assert_eq!(err.ee_info, 0);
    assert_eq!(err.error().raw_os_error(), Some(libc::ECONNREFUSED));
    assert_eq!(err.error().kind(), io::ErrorKind::ConnectionRefused);
    assert_eq!(
        error.offender.to_socket_addr(),
        Some(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0))
    );

    // One error, one read: the queue is empty now.
    let mut control = ControlBuffer::<{ space::<IpRecvErr>() }>::new();
    let again = recvmsg(
        &socket,
        &mut [IoSliceMut::new(&mut data)],
        &mut control,
        RecvFlags::ERRQUEUE | RecvFlags::DONTWAIT,
    )
    .unwrap_err();
    assert_eq!(again.raw_os_error(), Some(libc::EAGAIN), "{again}");
}

// --------------------------------------------------------- IP_ORIGDSTADDR

#[test]
fn ip_origdstaddr_reports_the_bound_address() {
    let rx = bind("127.0.0.1:0");
    let tx = bind("127.0.0.1:0");
    enable::<IpOrigDstAddr>(&rx).unwrap();
    send_plain(&tx, rx.local_addr().unwrap(), b"orig");
    let orig: IpOrigDstAddr = receive_one(&rx, b"orig", tx.local_addr().unwrap());
    assert_eq!(orig.0.to_socket_addr(), Some(v4(&rx)));
    assert_eq!(orig.0.zero, [0; 8]);
}

#[test]
fn ip_origdstaddr_on_a_wildcard_socket_reports_the_address_sent_to() {
    let rx = bind("0.0.0.0:0");
    let tx = bind("127.0.0.1:0");
    enable::<IpOrigDstAddr>(&rx).unwrap();
    let to = SocketAddrV4::new(Ipv4Addr::new(127, 0, 0, 2), v4(&rx).port());
    send_plain(&tx, to.into(), b"orig .2");
    let orig: IpOrigDstAddr = receive_one(&rx, b"orig .2", tx.local_addr().unwrap());
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
        let rx = bind("127.0.0.1:0");
        let tx = bind("127.0.0.1:0");
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
        eprintln!("UNAVAILABLE: IP_RECVFRAGSIZE (private network namespace): {e}");
        fragsize_format_on_byte_buffers();
    }
}

/// What the kernel's `put_cmsg(SOL_IP, IP_RECVFRAGSIZE, sizeof(int))`
/// produces, walked and decoded.
fn fragsize_format_on_byte_buffers() {
    let mut buf = ControlBuffer::<{ space::<IpRecvFragsize>() }>::new();
    let mut encoder = Encoder::new(&mut buf);
    encoder
        .push_raw(
            libc::IPPROTO_IP,
            libc::IP_RECVFRAGSIZE,
            &1500i32.to_ne_bytes(),
        )
        .unwrap();
    let bytes = encoder.finish().as_bytes();
    assert_eq!(bytes.len(), cmsg_space(4));
    check_header(bytes, libc::IPPROTO_IP, libc::IP_RECVFRAGSIZE, 4);
    let found = Messages::new(bytes).get::<IpRecvFragsize>().unwrap();
    assert_eq!(found, Some(&IpRecvFragsize(1500)));
}

// ------------------------------------------------- several messages at once

const ALL_FOUR: usize =
    space::<IpPktInfo>() + space::<IpTtl>() + space::<IpTos>() + space::<IpOrigDstAddr>();

/// A receiver with packet info, TTL, TOS and original destination enabled,
/// and a sender with TTL 42 and TOS 0x28 that has sent it one datagram.
fn four_messages_pending() -> (UdpSocket, UdpSocket) {
    let rx = bind("127.0.0.1:0");
    let tx = bind("127.0.0.1:0");
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
    let cut = space::<IpOrigDstAddr>() - 8 - cmsg_len(0);
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

// ------------------------------------------------------------------- IPv6

#[test]
fn ipv6_pktinfo_reports_interface_and_destination() {
    let Some(rx) = bind6() else { return };
    let tx = bind("[::1]:0");
    enable::<Ipv6PktInfo>(&rx).unwrap();
    send_plain(&tx, rx.local_addr().unwrap(), b"pktinfo6");
    let info: Ipv6PktInfo = receive_one(&rx, b"pktinfo6", tx.local_addr().unwrap());
    assert_eq!(info.address(), Ipv6Addr::LOCALHOST);
    assert_eq!(info.ifindex, lo_index());
}

#[test]
fn ipv6_pktinfo_on_send_is_read_by_the_kernel() {
    let Some(rx) = bind6() else { return };
    let tx = bind("[::1]:0");
    let to = rx.local_addr().unwrap();
    enable::<Ipv6PktInfo>(&rx).unwrap();

    let info = Ipv6PktInfo {
        addr: Ipv6Addr::LOCALHOST.octets(),
        ifindex: lo_index(),
    };
    send_with(&tx, to, b"via lo", &info).unwrap();
    let got: Ipv6PktInfo = receive_one(&rx, b"via lo", tx.local_addr().unwrap());
    assert_eq!(got.address(), Ipv6Addr::LOCALHOST);
    assert_eq!(got.ifindex, lo_index());

    // A source address this host does not have: refused, so the kernel
    // read the address field.
    let foreign = Ipv6PktInfo {
        addr: Ipv6Addr::new(0, 0, 0, 0, 0, 0, 0, 2).octets(),
        ifindex: 0,
    };
    let err = send_with(&tx, to, b"x", &foreign).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::EINVAL), "{err}");

    // An interface that does not exist: refused, so it read the index.
    let nowhere = Ipv6PktInfo {
        addr: [0; 16],
        ifindex: c_int::MAX,
    };
    let err = send_with(&tx, to, b"x", &nowhere).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::ENODEV), "{err}");
}

#[test]
fn ipv6_hoplimit_reports_the_socket_and_per_packet_limit() {
    let Some(rx) = bind6() else { return };
    let tx = bind("[::1]:0");
    let to = rx.local_addr().unwrap();
    let from = tx.local_addr().unwrap();
    enable::<Ipv6HopLimit>(&rx).unwrap();

    set(&tx, libc::IPPROTO_IPV6, libc::IPV6_UNICAST_HOPS, 42);
    send_plain(&tx, to, b"sockopt");
    assert_eq!(
        receive_one::<Ipv6HopLimit>(&rx, b"sockopt", from),
        Ipv6HopLimit(42)
    );

    send_with(&tx, to, b"cmsg", &Ipv6HopLimit(9)).unwrap();
    assert_eq!(
        receive_one::<Ipv6HopLimit>(&rx, b"cmsg", from),
        Ipv6HopLimit(9)
    );

    // -1 on send means "the socket's".
    send_with(&tx, to, b"default", &Ipv6HopLimit(-1)).unwrap();
    assert_eq!(
        receive_one::<Ipv6HopLimit>(&rx, b"default", from),
        Ipv6HopLimit(42)
    );

    let err = send_with(&tx, to, b"x", &Ipv6HopLimit(256)).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::EINVAL), "{err}");
}

#[test]
fn ipv6_tclass_reports_the_socket_and_per_packet_class() {
    let Some(rx) = bind6() else { return };
    let tx = bind("[::1]:0");
    let to = rx.local_addr().unwrap();
    let from = tx.local_addr().unwrap();
    enable::<Ipv6TClass>(&rx).unwrap();

    send_plain(&tx, to, b"default");
    let class = get(&tx, libc::IPPROTO_IPV6, libc::IPV6_TCLASS);
    assert_eq!(
        receive_one::<Ipv6TClass>(&rx, b"default", from),
        Ipv6TClass(class)
    );

    send_with(&tx, to, b"cmsg", &Ipv6TClass(0x28)).unwrap();
    assert_eq!(
        receive_one::<Ipv6TClass>(&rx, b"cmsg", from),
        Ipv6TClass(0x28)
    );

    set(&tx, libc::IPPROTO_IPV6, libc::IPV6_TCLASS, 0x10);
    send_plain(&tx, to, b"sockopt");
    assert_eq!(
        receive_one::<Ipv6TClass>(&rx, b"sockopt", from),
        Ipv6TClass(0x10)
    );

    // -1 on send was "the socket's class" (RFC 3542) until the kernel began
    // pre-filling the per-packet class from the socket (`ipcm6_init_sk`) and
    // dropped the `tclass < 0` fallback in `udpv6_sendmsg`: since then a -1
    // goes into the header as all ones, 0xff (seen on 6.18). Either way the
    // kernel accepted and applied the message.
    send_with(&tx, to, b"minus one", &Ipv6TClass(-1)).unwrap();
    let got = receive_one::<Ipv6TClass>(&rx, b"minus one", from);
    assert!(
        got == Ipv6TClass(0x10) || got == Ipv6TClass(0xff),
        "{got:?}"
    );
    // Out of range: refused.
    let err = send_with(&tx, to, b"x", &Ipv6TClass(256)).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::EINVAL), "{err}");
}

#[test]
fn ipv6_recverr_reports_port_unreachable() {
    let Some(socket) = bind6() else { return };
    let closed = closed_port("[::1]:0");
    socket.connect(closed).unwrap();
    enable::<Ipv6RecvErr>(&socket).unwrap();
    socket.send(b"anyone6?").unwrap();
    wait_for_error(&socket);

    let mut data = [0u8; 64];
    let mut control = ControlBuffer::<{ space::<Ipv6RecvErr>() }>::new();
    let msg = recvmsg(
        &socket,
        &mut [IoSliceMut::new(&mut data)],
        &mut control,
        RecvFlags::ERRQUEUE | RecvFlags::DONTWAIT,
    )
    .unwrap();
    assert!(msg.flags.contains(MsgFlags::ERRQUEUE), "{:?}", msg.flags);
    assert!(!msg.flags.control_truncated());
    assert_eq!(&data[..msg.bytes], b"anyone6?");
    assert_eq!(msg.address, Some(closed));

    let error: Ipv6RecvErr = must(&msg);
    let err = error.err;
    assert_eq!(err.ee_errno, libc::ECONNREFUSED as u32);
    assert_eq!(err.ee_origin, SO_EE_ORIGIN_ICMP6);
    assert_eq!(err.ee_type, 1, "ICMPV6_DEST_UNREACH");
    assert_eq!(err.ee_code, 4, "ICMPV6_PORT_UNREACH");
    assert_eq!(err.error().raw_os_error(), Some(libc::ECONNREFUSED));
    assert_eq!(
        error.offender.to_socket_addr(),
        Some(SocketAddrV6::new(Ipv6Addr::LOCALHOST, 0, 0, 0))
    );
}

#[test]
fn ipv6_origdstaddr_reports_the_bound_address() {
    let Some(rx) = bind6() else { return };
    let tx = bind("[::1]:0");
    enable::<Ipv6OrigDstAddr>(&rx).unwrap();
    send_plain(&tx, rx.local_addr().unwrap(), b"orig6");
    let orig: Ipv6OrigDstAddr = receive_one(&rx, b"orig6", tx.local_addr().unwrap());
    assert_eq!(orig.0.to_socket_addr(), Some(v6(&rx)));
}

// --------------------------------------------- wire formats on byte buffers

fn cmsg_len(payload: usize) -> usize {
    // SAFETY: CMSG_LEN is arithmetic on its argument.
    unsafe { libc::CMSG_LEN(u32::try_from(payload).unwrap()) as usize }
}

fn cmsg_space(payload: usize) -> usize {
    // SAFETY: CMSG_SPACE is arithmetic on its argument.
    unsafe { libc::CMSG_SPACE(u32::try_from(payload).unwrap()) as usize }
}

/// The `struct cmsghdr` at the start of `bytes` says `level`, `ty` and
/// `CMSG_LEN(payload)`.
fn check_header(bytes: &[u8], level: c_int, ty: c_int, payload: usize) {
    let len = size_of::<libc::size_t>();
    let cmsg_len = usize::from_ne_bytes(bytes[..len].try_into().unwrap());
    let at = |i: usize| c_int::from_ne_bytes(bytes[i..i + 4].try_into().unwrap());
    assert_eq!(
        (cmsg_len, at(len), at(len + 4)),
        (self::cmsg_len(payload), level, ty)
    );
}

fn as_bytes<T: Copy>(value: &T) -> Vec<u8> {
    // SAFETY: `T` is a padding-free C struct of integers here (checked by
    // the callers' size assertions); reading its bytes is reading integers.
    unsafe { std::slice::from_raw_parts(std::ptr::from_ref(value).cast::<u8>(), size_of::<T>()) }
        .to_vec()
}

/// The IPv6 messages in the layouts the kernel writes and reads, checked
/// without the kernel: what runs when IPv6 is unavailable.
fn ipv6_formats_on_byte_buffers() {
    // Sent messages: pktinfo, hop limit, traffic class, back to back.
    let mut buf = ControlBuffer::<
        { space::<Ipv6PktInfo>() + space::<Ipv6HopLimit>() + space::<Ipv6TClass>() },
    >::new();
    let info = Ipv6PktInfo {
        addr: Ipv6Addr::LOCALHOST.octets(),
        ifindex: 1,
    };
    let mut encoder = Encoder::new(&mut buf);
    encoder.push(&info).unwrap();
    encoder.push(&Ipv6HopLimit(9)).unwrap();
    encoder.push(&Ipv6TClass(0x28)).unwrap();
    let bytes = encoder.finish().as_bytes();
    assert_eq!(bytes.len(), cmsg_space(20) + 2 * cmsg_space(4));
    check_header(bytes, libc::IPPROTO_IPV6, libc::IPV6_PKTINFO, 20);
    let data = &bytes[cmsg_len(0)..cmsg_len(20)];
    assert_eq!(&data[..16], &Ipv6Addr::LOCALHOST.octets());
    assert_eq!(&data[16..], &1i32.to_ne_bytes());
    check_header(
        &bytes[cmsg_space(20)..],
        libc::IPPROTO_IPV6,
        libc::IPV6_HOPLIMIT,
        4,
    );
    let raw: Vec<_> = Messages::new(bytes).map(Result::unwrap).collect();
    assert_eq!(raw.len(), 3);
    assert_eq!(raw[0].decode::<Ipv6PktInfo>().unwrap(), &info);
    assert_eq!(raw[1].decode::<Ipv6HopLimit>().unwrap(), &Ipv6HopLimit(9));
    assert_eq!(raw[2].decode::<Ipv6TClass>().unwrap(), &Ipv6TClass(0x28));

    // Received-only messages, as the kernel writes them.
    // SAFETY: all-zero is valid for these C structs of integers.
    let mut ee: libc::sock_extended_err = unsafe { std::mem::zeroed() };
    ee.ee_errno = libc::ECONNREFUSED as u32;
    ee.ee_origin = SO_EE_ORIGIN_ICMP6;
    ee.ee_type = 1;
    ee.ee_code = 4;
    // SAFETY: as above.
    let mut offender: libc::sockaddr_in6 = unsafe { std::mem::zeroed() };
    offender.sin6_family = libc::AF_INET6 as libc::sa_family_t;
    offender.sin6_addr.s6_addr = Ipv6Addr::LOCALHOST.octets();
    assert_eq!(size_of::<libc::sock_extended_err>(), 16);
    assert_eq!(size_of::<libc::sockaddr_in6>(), 28);
    let mut payload = as_bytes(&ee);
    payload.extend(as_bytes(&offender));
    let mut buf = ControlBuffer::<{ space::<Ipv6RecvErr>() + space::<Ipv6OrigDstAddr>() }>::new();
    let mut encoder = Encoder::new(&mut buf);
    encoder
        .push_raw(libc::IPPROTO_IPV6, libc::IPV6_RECVERR, &payload)
        .unwrap();
    let dst = SocketAddrV6::new(Ipv6Addr::LOCALHOST, 4242, 0, 0);
    encoder
        .push_raw(
            libc::IPPROTO_IPV6,
            libc::IPV6_ORIGDSTADDR,
            &as_bytes(&SockAddrIn6::from(dst)),
        )
        .unwrap();
    let bytes = encoder.finish().as_bytes();
    assert_eq!(bytes.len(), cmsg_space(44) + cmsg_space(28));
    check_header(bytes, libc::IPPROTO_IPV6, libc::IPV6_RECVERR, 44);
    let error = Messages::new(bytes).get::<Ipv6RecvErr>().unwrap().unwrap();
    assert_eq!(
        error.err,
        SockExtendedErr {
            ee_errno: libc::ECONNREFUSED as u32,
            ee_origin: SO_EE_ORIGIN_ICMP6,
            ee_type: 1,
            ee_code: 4,
            ee_pad: 0,
            ee_info: 0,
            ee_data: 0,
        }
    );
    assert_eq!(
        error.offender.to_socket_addr(),
        Some(SocketAddrV6::new(Ipv6Addr::LOCALHOST, 0, 0, 0))
    );
    let orig = Messages::new(bytes)
        .get::<Ipv6OrigDstAddr>()
        .unwrap()
        .unwrap();
    assert_eq!(orig.0.to_socket_addr(), Some(dst));
}

/// The IPv4 counterparts of the kernel's layouts, on byte buffers: sizes
/// agree with `CMSG_LEN`/`CMSG_SPACE` and with libc's structs.
#[test]
fn ipv4_formats_on_byte_buffers() {
    assert_eq!(
        space::<IpPktInfo>(),
        cmsg_space(size_of::<libc::in_pktinfo>())
    );
    assert_eq!(space::<IpTtl>(), cmsg_space(4));
    assert_eq!(space::<IpTos>(), cmsg_space(1));
    assert_eq!(space::<IpTosSend>(), cmsg_space(4));
    assert_eq!(
        space::<IpRecvErr>(),
        cmsg_space(size_of::<libc::sock_extended_err>() + size_of::<libc::sockaddr_in>())
    );
    assert_eq!(
        space::<IpOrigDstAddr>(),
        cmsg_space(size_of::<libc::sockaddr_in>())
    );
    assert_eq!(space::<IpRecvFragsize>(), cmsg_space(4));

    let mut buf = ControlBuffer::<{ space::<IpPktInfo>() + space::<IpTosSend>() }>::new();
    let mut encoder = Encoder::new(&mut buf);
    let info = IpPktInfo {
        ifindex: 1,
        spec_dst: [127, 0, 0, 3],
        addr: [0; 4],
    };
    encoder.push(&info).unwrap();
    encoder.push(&IpTosSend(0x28)).unwrap();
    let bytes = encoder.finish().as_bytes();
    check_header(bytes, libc::IPPROTO_IP, libc::IP_PKTINFO, 12);
    assert_eq!(
        &bytes[cmsg_len(0)..cmsg_len(12)],
        &[&1i32.to_ne_bytes()[..], &[127, 0, 0, 3], &[0; 4]].concat()[..]
    );
    check_header(&bytes[cmsg_space(12)..], libc::IPPROTO_IP, libc::IP_TOS, 4);
    fragsize_format_on_byte_buffers();

    let addr = SocketAddrV4::new(Ipv4Addr::LOCALHOST, 4242);
    let sin = SockAddrIn::from(addr);
    assert_eq!(sin.to_socket_addr(), Some(addr));
    assert_eq!(sin.port, 4242u16.to_be_bytes());
}

#[test]
fn ipv6_formats_hold_without_the_kernel() {
    ipv6_formats_on_byte_buffers();
}

// `ControlMessage` constants agree with the socket options the kernel
// documents for enabling each message.
#[test]
fn enable_options_are_the_documented_ones() {
    let ip = |name| Some(option(libc::IPPROTO_IP, name));
    let ip6 = |name| Some(option(libc::IPPROTO_IPV6, name));
    assert_eq!(IpPktInfo::ENABLE, ip(libc::IP_PKTINFO));
    assert_eq!(IpTtl::ENABLE, ip(libc::IP_RECVTTL));
    assert_eq!(IpTos::ENABLE, ip(libc::IP_RECVTOS));
    assert_eq!(IpRecvErr::ENABLE, ip(libc::IP_RECVERR));
    assert_eq!(IpOrigDstAddr::ENABLE, ip(libc::IP_RECVORIGDSTADDR));
    assert_eq!(IpRecvFragsize::ENABLE, ip(libc::IP_RECVFRAGSIZE));
    assert_eq!(IpTosSend::ENABLE, None);
    assert_eq!(Ipv6PktInfo::ENABLE, ip6(libc::IPV6_RECVPKTINFO));
    assert_eq!(Ipv6HopLimit::ENABLE, ip6(libc::IPV6_RECVHOPLIMIT));
    assert_eq!(Ipv6TClass::ENABLE, ip6(libc::IPV6_RECVTCLASS));
    assert_eq!(Ipv6RecvErr::ENABLE, ip6(libc::IPV6_RECVERR));
    assert_eq!(Ipv6OrigDstAddr::ENABLE, ip6(libc::IPV6_RECVORIGDSTADDR));
}

/// `sendmsg` on a connected socket with two messages: TTL and TOS both
/// apply to the one datagram.
#[test]
fn two_messages_on_send_both_apply() {
    let rx = bind("127.0.0.1:0");
    let tx = bind("127.0.0.1:0");
    tx.connect(rx.local_addr().unwrap()).unwrap();
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
