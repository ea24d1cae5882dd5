//! UDP over IPv4 and IPv6: packet info, TTL/hop limit, TOS/traffic class,
//! original destination, fragment size, ICMP errors, marks, drop counts,
//! transmit times, GSO and GRO. Every receive goes through one receive set
//! ([`Udp`]), switched on with its one-call `enable`.

use crate::live::net::{
    getsockopt_int, identity, lo_index, recv, send_to_with, set_int, udp, udp_pair, wait_for_error,
    Sock,
};
use crate::live::outcome::{describe, ensure, errno, unavailable_if, Check, Context, Fail};
use crate::live::Ctx;
use cmsg::platforms::linux::{
    enable_txtime, IpOrigDstAddr, IpPktInfo, IpRecvErr, IpRecvFragsize, IpTos, IpTosSend, IpTtl,
    Ipv6HopLimit, Ipv6OrigDstAddr, Ipv6PktInfo, Ipv6RecvErr, Ipv6TClass, Mark, RxqOvfl, SockAddrIn,
    SockAddrIn6, SockExtendedErr, TxTime, UdpGro, UdpSegment, SO_EE_ORIGIN_ICMP,
    SO_EE_ORIGIN_ICMP6,
};
use cmsg::{
    enable, recvmsg, sendmsg, space, ControlBuffer, ControlMessage, ControlMessages, Encoder,
    MsgFlags, RecvFlags, SendFlags,
};
use std::ffi::c_int;
use std::io::{self, IoSlice, IoSliceMut};
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6, UdpSocket};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

/// Everything a UDP receiver here may be sent, one variant each.
#[derive(ControlMessages, Debug)]
enum Udp<'a> {
    PktInfo(&'a IpPktInfo),
    Ttl(IpTtl),
    Tos(IpTos),
    OrigDstAddr(IpOrigDstAddr),
    FragSize(IpRecvFragsize),
    Ipv6PktInfo(&'a Ipv6PktInfo),
    HopLimit(Ipv6HopLimit),
    TClass(Ipv6TClass),
    Ipv6OrigDstAddr(Ipv6OrigDstAddr),
    Gro(UdpGro),
    Mark(Mark),
    Ovfl(RxqOvfl),
}

/// One datagram as the [`Udp`] set decoded it.
#[derive(Debug, Default)]
struct Seen {
    bytes: usize,
    from: Option<SocketAddr>,
    pktinfo: Option<IpPktInfo>,
    ttl: Option<c_int>,
    tos: Option<u8>,
    orig: Option<SockAddrIn>,
    fragsize: Option<c_int>,
    pktinfo6: Option<Ipv6PktInfo>,
    hoplimit: Option<c_int>,
    tclass: Option<c_int>,
    orig6: Option<SockAddrIn6>,
    gro: Option<c_int>,
    mark: Option<u32>,
    ovfl: Option<u32>,
}

/// A receiver and an unconnected sender on one family's loopback.
struct Link {
    rx: UdpSocket,
    tx: UdpSocket,
    to: SocketAddr,
    from: SocketAddr,
}

/// The errors a kernel without a socket option gives.
const NO_OPTION: [i32; 2] = [libc::ENOPROTOOPT, libc::EINVAL];

/// A [`Link`] whose receiver has the whole [`Udp`] set enabled in one
/// call; the options other than `variant`'s may be refused (an IPv4 socket
/// refuses the IPv6 ones), `variant`'s must not be, or it is unavailable
/// if the kernel does not know it (`feature`).
fn link(sock: Sock, variant: Option<(&str, &'static str)>) -> Result<Link, Fail> {
    let (rx, tx) = udp_pair(sock)?;
    if let Some((variant, feature)) = variant {
        let report = Udp::enable(&rx);
        let refused = report
            .refused()
            .find(|r| r.variant == variant)
            .map(|r| errno(r.error));
        if let Some(refused) = refused {
            return Err(unavailable_if(
                io::Error::from_raw_os_error(refused),
                &NO_OPTION,
                feature,
                &format!("{feature} (Udp::enable: {report})"),
                "the kernel does not know the option",
            ));
        }
    }
    let to = rx.local_addr().ctx("getsockname")?;
    let from = tx.local_addr().ctx("getsockname")?;
    Ok(Link { rx, tx, to, from })
}

/// Receives one datagram into `data` with a [`Udp`]-sized buffer and
/// dispatches every message to its variant.
fn receive(rx: &UdpSocket, data: &mut [u8], flags: RecvFlags) -> io::Result<Result<Seen, Fail>> {
    let mut control = Udp::buffer();
    let mut msg = recvmsg(rx, &mut [IoSliceMut::new(data)], &mut control, flags)?;
    let mut seen = Seen {
        bytes: msg.bytes,
        from: msg.address,
        ..Seen::default()
    };
    if msg.flags.control_truncated() {
        return Ok(Err(Fail::Failed(format!(
            "control truncated in Udp::SPACE = {} bytes",
            Udp::SPACE
        ))));
    }
    if msg.flags.data_truncated() {
        return Ok(Err(Fail::Failed("data truncated".to_owned())));
    }
    for message in msg.control.dispatch::<Udp>() {
        let message = match message {
            Ok(m) => m,
            Err(e) => return Ok(Err(Fail::Failed(format!("dispatch: {e}")))),
        };
        match message {
            Udp::PktInfo(info) => seen.pktinfo = Some(*info),
            Udp::Ttl(IpTtl(ttl)) => seen.ttl = Some(ttl),
            Udp::Tos(IpTos(tos)) => seen.tos = Some(tos),
            Udp::OrigDstAddr(IpOrigDstAddr(addr)) => seen.orig = Some(addr),
            Udp::FragSize(IpRecvFragsize(size)) => seen.fragsize = Some(size),
            Udp::Ipv6PktInfo(info) => seen.pktinfo6 = Some(*info),
            Udp::HopLimit(Ipv6HopLimit(limit)) => seen.hoplimit = Some(limit),
            Udp::TClass(Ipv6TClass(class)) => seen.tclass = Some(class),
            Udp::Ipv6OrigDstAddr(Ipv6OrigDstAddr(addr)) => seen.orig6 = Some(addr),
            Udp::Gro(UdpGro(size)) => seen.gro = Some(size),
            Udp::Mark(Mark(mark)) => seen.mark = Some(mark),
            Udp::Ovfl(RxqOvfl(count)) => seen.ovfl = Some(count),
        }
    }
    Ok(Ok(seen))
}

/// One datagram that must come, with `payload`, from `from`.
fn receive_one(link: &Link, payload: &[u8]) -> Result<Seen, Fail> {
    let mut data = [0u8; 128];
    let seen = receive(&link.rx, &mut data, RecvFlags::empty()).ctx("recvmsg")??;
    ensure!(
        &data[..seen.bytes] == payload,
        "payload {:?}, sent {payload:?}",
        &data[..seen.bytes]
    );
    ensure!(
        seen.from == Some(link.from),
        "from {:?}, sent from {}",
        seen.from,
        link.from
    );
    Ok(seen)
}

/// Sends `payload` from the link's sender without control messages.
fn send_plain(link: &Link, payload: &[u8]) -> Result<(), Fail> {
    let sent = link.tx.send_to(payload, link.to).ctx("sendto")?;
    ensure!(sent == payload.len(), "sent {sent} bytes");
    Ok(())
}

/// Sends `payload` with the one message `message`.
fn send_with<M: cmsg::Sendable>(link: &Link, payload: &[u8], message: &M) -> Result<(), Fail> {
    let sent = send_to_with(&link.tx, link.to, payload, message).ctx(&format!(
        "sendmsg with {}",
        crate::live::short_type_name::<M>()
    ))?;
    ensure!(sent == payload.len(), "sent {sent} bytes");
    Ok(())
}

// ------------------------------------------------------------------ IPv4

/// `IP_PKTINFO`: received, the interface and destination; sent, the
/// source address chosen (127.0.0.3, not the socket's 127.0.0.1).
pub fn pktinfo(_: &mut Ctx, sock: Sock) -> Check {
    let link = link(sock, Some(("PktInfo", "IP_PKTINFO")))?;
    send_plain(&link, b"pktinfo")?;
    let info = receive_one(&link, b"pktinfo")?.pktinfo.ctx("IP_PKTINFO")?;
    let lo = lo_index()?;
    ensure!(
        u32::try_from(info.ifindex).ok() == Some(lo),
        "ifindex {}, lo is {lo}",
        info.ifindex
    );
    ensure!(
        info.destination() == Ipv4Addr::LOCALHOST && info.local() == Ipv4Addr::LOCALHOST,
        "{info:?}"
    );

    let source = Ipv4Addr::new(127, 0, 0, 3);
    let sent = IpPktInfo {
        ifindex: 0,
        spec_dst: source.octets(),
        addr: [0; 4],
    };
    send_with(&link, b"from .3", &sent)?;
    let mut data = [0u8; 16];
    let seen = receive(&link.rx, &mut data, RecvFlags::empty()).ctx("recvmsg")??;
    let expected = SocketAddr::V4(SocketAddrV4::new(source, link.from.port()));
    ensure!(
        seen.from == Some(expected),
        "sent with ipi_spec_dst {source}: arrived from {:?}",
        seen.from
    );
    Ok(format!(
        "ifindex {} (lo), dst {}; sent: source {source} used",
        info.ifindex,
        info.destination()
    ))
}

/// `IP_TTL`: a per-datagram TTL of 7 arrives as 7; a plain datagram has
/// the socket's.
pub fn ttl(_: &mut Ctx, sock: Sock) -> Check {
    let link = link(sock, Some(("Ttl", "IP_RECVTTL")))?;
    send_with(&link, b"ttl", &IpTtl(7))?;
    let got = receive_one(&link, b"ttl")?.ttl.ctx("IP_TTL")?;
    ensure!(got == 7, "sent ttl 7, received {got}");
    let default = getsockopt_int(&link.tx, libc::IPPROTO_IP, libc::IP_TTL).ctx("IP_TTL")?;
    send_plain(&link, b"plain")?;
    let plain = receive_one(&link, b"plain")?.ttl.ctx("IP_TTL")?;
    ensure!(plain == default, "socket ttl {default}, received {plain}");
    Ok(format!(
        "ttl={got} sent and received; plain datagram ttl={plain}"
    ))
}

/// `IP_TOS` received (one byte): the sender's socket TOS.
pub fn tos(_: &mut Ctx, sock: Sock) -> Check {
    let link = link(sock, Some(("Tos", "IP_RECVTOS")))?;
    set_int(&link.tx, libc::IPPROTO_IP, libc::IP_TOS, 0x28)?;
    send_plain(&link, b"tos")?;
    let got = receive_one(&link, b"tos")?.tos.ctx("IP_TOS")?;
    ensure!(got == 0x28, "socket tos 0x28, received {got:#x}");
    Ok(format!("tos={got:#04x} (the sender's IP_TOS)"))
}

/// `IP_TOS` sent (an `int`): the datagram carries it.
pub fn tos_send(_: &mut Ctx, sock: Sock) -> Check {
    let link = link(sock, Some(("Tos", "IP_RECVTOS")))?;
    send_with(&link, b"tos", &IpTosSend(0x48))?;
    let got = receive_one(&link, b"tos")?.tos.ctx("IP_TOS")?;
    ensure!(got == 0x48, "sent tos 0x48, received {got:#x}");
    Ok(format!("sent tos=0x48 → received tos={got:#04x}"))
}

/// `IP_ORIGDSTADDR`: the address the datagram was sent to.
pub fn origdstaddr(_: &mut Ctx, sock: Sock) -> Check {
    let link = link(sock, Some(("OrigDstAddr", "IP_RECVORIGDSTADDR")))?;
    send_plain(&link, b"orig")?;
    let orig = receive_one(&link, b"orig")?.orig.ctx("IP_ORIGDSTADDR")?;
    let addr = orig.to_socket_addr().map(SocketAddr::V4);
    ensure!(addr == Some(link.to), "{addr:?}, sent to {}", link.to);
    Ok(format!("{} (the receiver's address)", link.to))
}

/// `struct ifreq` naming `lo`.
fn ifreq_lo() -> libc::ifreq {
    // SAFETY: `ifreq` is a name array and a union of plain integers,
    // arrays and a pointer; all-zero is a valid value of each.
    let mut ifr: libc::ifreq = unsafe { std::mem::zeroed() };
    for (to, from) in ifr.ifr_name.iter_mut().zip(b"lo") {
        *to = *from as libc::c_char;
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

/// In a fresh network namespace (the calling thread's own): `lo` up with
/// an MTU of 1500.
fn private_loopback_with_mtu_1500() -> io::Result<()> {
    // SAFETY: unshare changes only the calling thread's network namespace;
    // the thread is ours and ends with the check.
    if unsafe { libc::unshare(libc::CLONE_NEWNET) } != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: socket(2) takes no pointers.
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
    ioctl(&control, libc::SIOCSIFMTU, &mut ifr)
}

/// `IP_RECVFRAGSIZE`: a 4000-byte datagram over a 1500-byte MTU (in a
/// private network namespace, on a thread of its own) reports its largest
/// fragment; an unfragmented one reports nothing.
pub fn fragsize(_: &mut Ctx, sock: Sock) -> Check {
    let thread = std::thread::spawn(move || -> Check {
        if let Err(e) = private_loopback_with_mtu_1500() {
            let missing = [libc::EPERM, libc::EINVAL, libc::ENOSYS];
            return Err(unavailable_if(
                e,
                &missing,
                "private netns",
                "unshare(CLONE_NEWNET) and lo at MTU 1500",
                "no private network namespace",
            ));
        }
        let link = link(sock, Some(("FragSize", "IP_RECVFRAGSIZE")))?;
        set_int(
            &link.tx,
            libc::IPPROTO_IP,
            libc::IP_MTU_DISCOVER,
            libc::IP_PMTUDISC_DONT,
        )?;
        let big: Vec<u8> = (0..4000u32).map(|i| (i % 251) as u8).collect();
        send_plain(&link, &big)?;
        let mut data = vec![0u8; 8192];
        let seen = receive(&link.rx, &mut data, RecvFlags::empty()).ctx("recvmsg")??;
        ensure!(data[..seen.bytes] == big[..], "the 4000 bytes, reassembled");
        let size = seen.fragsize.ctx("IP_RECVFRAGSIZE")?;
        // The first fragment fills the MTU: 20 bytes of header, 1480 of data.
        ensure!(size == 1500, "largest fragment {size}, MTU 1500");
        send_plain(&link, b"whole")?;
        let whole = receive_one(&link, b"whole")?;
        ensure!(
            whole.fragsize.is_none(),
            "IP_RECVFRAGSIZE {:?} on an unfragmented datagram",
            whole.fragsize
        );
        Ok(format!(
            "fragsize={size} (4000 bytes over MTU 1500, private netns); none unfragmented"
        ))
    });
    thread
        .join()
        .unwrap_or_else(|_| Err(Fail::Failed("the check's thread panicked".to_owned())))
}

/// `sock_extended_err` is `ECONNREFUSED` from ICMP of `origin`, `(type,
/// code)`.
fn check_refused(err: &SockExtendedErr, origin: u8, (ty, code): (u8, u8)) -> Result<(), Fail> {
    ensure!(
        err.ee_errno == libc::ECONNREFUSED as u32,
        "ee_errno {}",
        err.ee_errno
    );
    ensure!(err.ee_origin == origin, "ee_origin {}", err.ee_origin);
    ensure!(
        (err.ee_type, err.ee_code) == (ty, code),
        "ICMP type/code {}/{}",
        err.ee_type,
        err.ee_code
    );
    ensure!(
        err.error().kind() == io::ErrorKind::ConnectionRefused,
        "error() {}",
        err.error()
    );
    Ok(())
}

/// A datagram to a loopback port nothing listens on; the error read back
/// from the queue into room for exactly `M`.
fn port_unreachable<M: cmsg::Receivable + cmsg::Enable + Copy>(
    sock: Sock,
) -> Result<(M, SocketAddr), Fail> {
    let socket = udp(sock)?;
    let closed = udp(sock)?.local_addr().ctx("getsockname")?; // closed on drop
    socket.connect(closed).ctx("connect")?;
    enable::<M>(&socket).ctx("enable RECVERR")?;
    socket.send(b"anyone?").ctx("send")?;
    wait_for_error(&socket)?;
    let mut data = [0u8; 16];
    let mut room = ControlBuffer::<{ space::<Ipv6RecvErr>() }>::new();
    let msg = recv(
        &socket,
        &mut data,
        &mut room[..space::<M>()],
        RecvFlags::ERRQUEUE | RecvFlags::DONTWAIT,
    )
    .ctx("recvmsg(MSG_ERRQUEUE)")?;
    ensure!(msg.flags.contains(MsgFlags::ERRQUEUE), "{:?}", msg.flags);
    ensure!(!msg.flags.control_truncated(), "control truncated");
    ensure!(&data[..msg.bytes] == b"anyone?", "the queued datagram");
    ensure!(msg.address == Some(closed), "address {:?}", msg.address);
    let error = msg
        .control
        .read::<M>()
        .ctx("error")?
        .ctx("the error message")?;
    Ok((error, closed))
}

/// `IP_RECVERR`: ICMP port unreachable on UDP; transmit stamps on the
/// error-queue socket types.
pub fn recverr(_: &mut Ctx, sock: Sock) -> Check {
    if sock != Sock::Udp4 {
        return crate::live::stamps::stamp_error(sock);
    }
    let (error, closed) = port_unreachable::<IpRecvErr>(sock)?;
    check_refused(&error.err, SO_EE_ORIGIN_ICMP, (3, 3))?;
    let offender = error.offender.to_socket_addr();
    ensure!(
        offender == Some(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0)),
        "offender {offender:?}"
    );
    Ok(format!(
        "ECONNREFUSED from {} (ICMP 3/3) for the datagram to {closed}",
        Ipv4Addr::LOCALHOST
    ))
}

// ------------------------------------------------------------------ IPv6

/// `IPV6_PKTINFO`: received, the interface and destination; sent, an
/// interface the kernel uses and an address it checks.
pub fn pktinfo6(_: &mut Ctx, sock: Sock) -> Check {
    let link = link(sock, Some(("Ipv6PktInfo", "IPV6_RECVPKTINFO")))?;
    let lo = lo_index()?;
    send_plain(&link, b"pktinfo6")?;
    let info = receive_one(&link, b"pktinfo6")?
        .pktinfo6
        .ctx("IPV6_PKTINFO")?;
    ensure!(info.ifindex == lo, "ifindex {}, lo is {lo}", info.ifindex);
    ensure!(info.address() == Ipv6Addr::LOCALHOST, "{info:?}");

    let via_lo = Ipv6PktInfo {
        addr: Ipv6Addr::LOCALHOST.octets(),
        ifindex: lo,
    };
    send_with(&link, b"via lo", &via_lo)?;
    receive_one(&link, b"via lo")?;
    // A source address this host does not have: refused, so it was read.
    let foreign = Ipv6PktInfo {
        addr: Ipv6Addr::new(0, 0, 0, 0, 0, 0, 0, 2).octets(),
        ifindex: 0,
    };
    let refused = send_to_with(&link.tx, link.to, b"x", &foreign);
    ensure!(
        refused.as_ref().map_err(errno) == Err(libc::EINVAL),
        "sending from ::2: {:?}",
        refused.map_err(|e| describe(&e))
    );
    Ok(format!(
        "ifindex {} (lo), dst ::1; sent: via lo accepted, from ::2 refused (EINVAL)",
        info.ifindex
    ))
}

/// `IPV6_HOPLIMIT`: a per-packet limit of 9 arrives as 9.
pub fn hoplimit(_: &mut Ctx, sock: Sock) -> Check {
    let link = link(sock, Some(("HopLimit", "IPV6_RECVHOPLIMIT")))?;
    send_with(&link, b"hops", &Ipv6HopLimit(9))?;
    let got = receive_one(&link, b"hops")?.hoplimit.ctx("IPV6_HOPLIMIT")?;
    ensure!(got == 9, "sent hop limit 9, received {got}");
    let default = getsockopt_int(&link.tx, libc::IPPROTO_IPV6, libc::IPV6_UNICAST_HOPS)
        .ctx("IPV6_UNICAST_HOPS")?;
    send_plain(&link, b"plain")?;
    let plain = receive_one(&link, b"plain")?
        .hoplimit
        .ctx("IPV6_HOPLIMIT")?;
    ensure!(
        plain == default || (default == -1 && plain > 0),
        "socket hop limit {default}, received {plain}"
    );
    Ok(format!(
        "hoplimit={got} sent and received; plain packet hoplimit={plain}"
    ))
}

/// `IPV6_TCLASS`: a per-packet class arrives as sent.
pub fn tclass(_: &mut Ctx, sock: Sock) -> Check {
    let link = link(sock, Some(("TClass", "IPV6_RECVTCLASS")))?;
    send_with(&link, b"class", &Ipv6TClass(0x28))?;
    let got = receive_one(&link, b"class")?.tclass.ctx("IPV6_TCLASS")?;
    ensure!(got == 0x28, "sent class 0x28, received {got:#x}");
    Ok(format!("tclass={got:#04x} sent and received"))
}

/// `IPV6_RECVERR`: ICMPv6 port unreachable on UDP; transmit stamps on the
/// error-queue socket types.
pub fn recverr6(_: &mut Ctx, sock: Sock) -> Check {
    if sock != Sock::Udp6 {
        return crate::live::stamps::stamp_error(sock);
    }
    let (error, closed) = port_unreachable::<Ipv6RecvErr>(sock)?;
    check_refused(&error.err, SO_EE_ORIGIN_ICMP6, (1, 4))?;
    let offender = error.offender.to_socket_addr();
    ensure!(
        offender == Some(SocketAddrV6::new(Ipv6Addr::LOCALHOST, 0, 0, 0)),
        "offender {offender:?}"
    );
    Ok(format!(
        "ECONNREFUSED from ::1 (ICMPv6 1/4) for the packet to {closed}"
    ))
}

/// `IPV6_ORIGDSTADDR`: the address the packet was sent to.
pub fn origdstaddr6(_: &mut Ctx, sock: Sock) -> Check {
    let link = link(sock, Some(("Ipv6OrigDstAddr", "IPV6_RECVORIGDSTADDR")))?;
    send_plain(&link, b"orig6")?;
    let orig = receive_one(&link, b"orig6")?
        .orig6
        .ctx("IPV6_ORIGDSTADDR")?;
    let addr = orig.to_socket_addr().map(SocketAddr::V6);
    ensure!(addr == Some(link.to), "{addr:?}, sent to {}", link.to);
    Ok(format!("{} (the receiver's address)", link.to))
}

// -------------------------------------------------------- SOL_SOCKET on UDP

/// `SO_MARK` with `SO_RCVMARK`: every packet's mark, 0 included; a mark
/// sent on one packet (needs `CAP_NET_ADMIN`) arrives.
pub fn mark(_: &mut Ctx, sock: Sock) -> Check {
    let link = link(sock, Some(("Mark", "SO_RCVMARK")))?;
    send_plain(&link, b"plain")?;
    let unmarked = receive_one(&link, b"plain")?.mark.ctx("SO_MARK")?;
    ensure!(unmarked == 0, "an unmarked packet has mark {unmarked:#x}");
    if let Err(e) = send_to_with(&link.tx, link.to, b"marked", &Mark(0x1234)) {
        return Err(unavailable_if(
            e,
            &[libc::EPERM],
            "CAP_NET_ADMIN",
            "sendmsg with SO_MARK",
            "per-packet marks need CAP_NET_ADMIN",
        ));
    }
    let marked = receive_one(&link, b"marked")?.mark.ctx("SO_MARK")?;
    ensure!(marked == 0x1234, "sent mark 0x1234, received {marked:#x}");
    Ok(format!(
        "mark={marked:#x} sent and received; unmarked packet mark=0"
    ))
}

/// The `drops` column of `/proc/net/udp{,6}` for the socket with inode
/// `inode`.
fn proc_net_udp_drops(v6: bool, inode: u64) -> Option<u64> {
    let path = if v6 {
        "/proc/net/udp6"
    } else {
        "/proc/net/udp"
    };
    let table = std::fs::read_to_string(path).ok()?;
    table.lines().skip(1).find_map(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops
        (fields.get(9)?.parse::<u64>().ok()? == inode).then(|| fields.last()?.parse().ok())?
    })
}

/// `SO_RXQ_OVFL`: a receive buffer at its minimum overflows; a datagram
/// sent after the drops carries their count, which `/proc/net/udp` agrees
/// with.
pub fn rxq_ovfl(_: &mut Ctx, sock: Sock) -> Check {
    const SENDS: u32 = 2000;
    const FINAL: u32 = u32::MAX;
    let link = link(sock, Some(("Ovfl", "SO_RXQ_OVFL")))?;
    // The kernel raises this to its minimum: a few datagrams at most.
    set_int(&link.rx, libc::SOL_SOCKET, libc::SO_RCVBUF, 1)?;
    link.tx.set_nonblocking(true).ctx("O_NONBLOCK")?;
    let mut sent = 0u32;
    for i in 0..SENDS {
        match link.tx.send_to(&i.to_ne_bytes(), link.to) {
            Ok(_) => sent += 1,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            Err(e) => return Err(e).ctx("sendto"),
        }
    }
    link.tx.set_nonblocking(false).ctx("O_NONBLOCK")?;
    ensure!(sent > 0, "nothing sent");

    // Drain what fit, then send one more: queued after every drop, it
    // carries the whole count.
    let mut received = 0u32;
    let mut final_sent = false;
    let mut data = [0u8; 16];
    let total = loop {
        ensure!(received <= SENDS, "more datagrams than were sent");
        let flags = if final_sent {
            RecvFlags::empty()
        } else {
            RecvFlags::DONTWAIT
        };
        match receive(&link.rx, &mut data, flags) {
            Ok(seen) => {
                let seen = seen?;
                ensure!(seen.bytes == 4, "a {}-byte datagram", seen.bytes);
                let seq = u32::from_ne_bytes([data[0], data[1], data[2], data[3]]);
                if seq == FINAL {
                    break seen.ovfl.ctx("SO_RXQ_OVFL after drops")?;
                }
                received += 1;
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock && !final_sent => {
                send_plain(&link, &FINAL.to_ne_bytes())?;
                final_sent = true;
            }
            Err(e) => return Err(e).ctx("recvmsg"),
        }
    };
    ensure!(total > 0, "no drops counted");
    ensure!(
        total <= sent - received,
        "{total} drops counted, but only {} datagrams missing",
        sent - received
    );
    let (_, inode) = identity(&link.rx)?;
    let drops = proc_net_udp_drops(sock.v6(), inode).ctx("the socket in /proc/net/udp")?;
    ensure!(
        u64::from(total) == drops,
        "SO_RXQ_OVFL {total}, /proc/net/udp drops {drops}"
    );
    let table = if sock.v6() { "udp6" } else { "udp" };
    Ok(format!(
        "dropped={total} of {sent} sent (= /proc/net/{table} drops)"
    ))
}

fn monotonic_ns() -> Result<u64, Fail> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid out-pointer for the duration of the call.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    if rc != 0 {
        return Err(io::Error::last_os_error()).ctx("clock_gettime");
    }
    let secs = u64::try_from(ts.tv_sec).unwrap_or(0);
    let nanos = u64::try_from(ts.tv_nsec).unwrap_or(0);
    Ok(secs * 1_000_000_000 + nanos)
}

/// `SCM_TXTIME` (send): refused (`EINVAL`) until `SO_TXTIME` is set, so
/// the kernel parsed it; then accepted and delivered; a payload of the
/// wrong size is refused.
pub fn txtime(_: &mut Ctx, sock: Sock) -> Check {
    let link = link(sock, None)?;
    link.tx.connect(link.to).ctx("connect")?;
    let early =
        crate::live::net::send_with(&link.tx, b"early", &TxTime(monotonic_ns()? + 1_000_000));
    ensure!(
        early.as_ref().map_err(errno) == Err(libc::EINVAL),
        "without SO_TXTIME: {:?}",
        early.map_err(|e| describe(&e))
    );
    enable_txtime(&link.tx, libc::CLOCK_MONOTONIC, 0)
        .map_err(|e| unavailable_if(e, &NO_OPTION, "SO_TXTIME", "SO_TXTIME", "no SO_TXTIME"))?;
    let sent =
        crate::live::net::send_with(&link.tx, b"timed", &TxTime(monotonic_ns()? + 1_000_000))
            .ctx("sendmsg with SCM_TXTIME")?;
    ensure!(sent == 5, "sent {sent} bytes");
    receive_one(&link, b"timed")?;
    let mut out = ControlBuffer::<64>::new();
    let mut encoder = Encoder::new(&mut out);
    encoder
        .push_raw(TxTime::LEVEL, TxTime::TYPE, &1u32.to_ne_bytes())
        .ctx("push_raw")?;
    let short = sendmsg(
        &link.tx,
        &[IoSlice::new(b"bad")],
        encoder.finish(),
        SendFlags::empty(),
    );
    ensure!(
        short.as_ref().map_err(errno) == Err(libc::EINVAL),
        "a 4-byte SCM_TXTIME: {:?}",
        short.map_err(|e| describe(&e))
    );
    Ok("refused (EINVAL) without SO_TXTIME; with it, accepted and delivered".to_owned())
}

// ------------------------------------------------------------ GSO and GRO

const GSO_SIZE: u16 = 1000;
const GSO_TOTAL: usize = 3500;

/// Sends [`GSO_TOTAL`] bytes with `UdpSegment(GSO_SIZE)`; unavailable
/// when the send fails *and* the kernel refuses the `UDP_SEGMENT` option
/// too (so a malformed message cannot pass for missing support).
fn send_segmented(link: &Link, payload: &[u8]) -> Result<(), Fail> {
    match send_to_with(&link.tx, link.to, payload, &UdpSegment(GSO_SIZE)) {
        Ok(sent) => {
            ensure!(sent == payload.len(), "sent {sent} bytes");
            Ok(())
        }
        Err(e) if matches!(errno(&e), libc::EIO | libc::EINVAL | libc::ENOPROTOOPT) => {
            let option = cmsg::SocketOption {
                level: libc::SOL_UDP,
                name: libc::UDP_SEGMENT,
            };
            match cmsg::set_socket_option(&link.tx, option, c_int::from(GSO_SIZE)) {
                Err(p) if NO_OPTION.contains(&errno(&p)) => Err(unavailable_if(
                    e,
                    &[libc::EIO, libc::EINVAL, libc::ENOPROTOOPT],
                    "UDP GSO",
                    "sendmsg with UDP_SEGMENT",
                    "no UDP GSO",
                )),
                _ => Err(Fail::Failed(format!(
                    "sendmsg with UDP_SEGMENT: {} though the kernel accepts the option",
                    describe(&e)
                ))),
            }
        }
        Err(e) => Err(e).ctx("sendmsg with UDP_SEGMENT"),
    }
}

fn gso_payload() -> Vec<u8> {
    (0..GSO_TOTAL).map(|i| (i % 251) as u8).collect()
}

/// Reads until [`GSO_TOTAL`] bytes came: each read's length and GRO size.
fn receive_segments(link: &Link) -> Result<Vec<(usize, Option<c_int>)>, Fail> {
    let mut data = vec![0u8; 64 * 1024];
    let mut all = Vec::new();
    let mut reads = Vec::new();
    while all.len() < GSO_TOTAL {
        ensure!(reads.len() < 8, "at most 4 datagrams were sent: {reads:?}");
        let seen = receive(&link.rx, &mut data, RecvFlags::empty()).ctx("recvmsg")??;
        ensure!(seen.from == Some(link.from), "from {:?}", seen.from);
        all.extend_from_slice(&data[..seen.bytes]);
        reads.push((seen.bytes, seen.gro));
    }
    ensure!(all == gso_payload(), "the bytes, in order");
    Ok(reads)
}

/// `UDP_SEGMENT` (send): without `UDP_GRO` on the receiver, one send of
/// 3500 bytes arrives as datagrams of 1000, 1000, 1000 and 500.
pub fn segment(_: &mut Ctx, sock: Sock) -> Check {
    let link = link(sock, None)?;
    send_segmented(&link, &gso_payload())?;
    let reads = receive_segments(&link)?;
    let expected = [(1000, None), (1000, None), (1000, None), (500, None)];
    ensure!(reads == expected, "reads {reads:?}");
    Ok("one 3500-byte send → 1000+1000+1000+500-byte datagrams".to_owned())
}

/// `UDP_GRO`: a receiver with it takes the GSO send whole, in one read
/// that reports the segment size.
pub fn gro(_: &mut Ctx, sock: Sock) -> Check {
    let link = link(sock, Some(("Gro", "UDP_GRO")))?;
    send_segmented(&link, &gso_payload())?;
    let reads = receive_segments(&link)?;
    let segment = c_int::from(GSO_SIZE);
    if let [(n, gro)] = reads[..] {
        ensure!(
            gro == Some(segment),
            "one {n}-byte read with UDP_GRO {gro:?}"
        );
        return Ok(format!("one {n}-byte read, gro={segment}"));
    }
    // The kernel segmented after all: a coalesced read reports the size.
    let coalesced = reads.iter().find(|(n, _)| *n > usize::from(GSO_SIZE));
    match coalesced {
        Some((n, gro)) => {
            ensure!(
                *gro == Some(segment),
                "a {n}-byte read with UDP_GRO {gro:?}"
            );
            Ok(format!(
                "{} reads, one of {n} bytes with gro={segment}",
                reads.len()
            ))
        }
        None => Err(Fail::Failed(format!("no coalesced read: {reads:?}"))),
    }
}
