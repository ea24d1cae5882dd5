//! What a QUIC stack wants with every datagram, as one receive set: the ECN
//! bits (`IpTos` / `Ipv6TClass`), the address it was sent to (`IpPktInfo` /
//! `Ipv6PktInfo`), the GRO segment size (`UdpGro`) and a receive timestamp
//! (`ScmTimestampNs`). `Quic::enable` switches all of it on in one call
//! and reports what the kernel refused; `Quic::buffer()` is exactly the
//! room they need; `dispatch` hands each message to its variant. First on
//! an IPv4 socket (which refuses the IPv6 options), then on a dual-stack
//! IPv6 socket, which takes all of them and gets IPv4 and IPv6 datagrams.
//! The sender marks each burst's ECN bits and sends it with GSO.
//! Run: `cargo run --example quic_receive`.

#[cfg(target_os = "linux")]
mod linux {
    use cmsg::platforms::linux::{
        IpPktInfo, IpTos, IpTosSend, Ipv6PktInfo, Ipv6TClass, KernelTime, ScmTimestampNs, UdpGro,
        UdpSegment,
    };
    use cmsg::{
        recvmsg, sendmsg_to, space, ControlBuffer, ControlMessages, Encoder, RecvFlags, SendFlags,
    };
    use std::error::Error;
    use std::io::{self, IoSlice, IoSliceMut};
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, UdpSocket};
    use std::time::{Duration, SystemTime};

    /// The README's receive set.
    #[derive(ControlMessages, Debug)]
    enum Quic<'a> {
        Tos(IpTos),
        TClass(Ipv6TClass),
        PktInfo(&'a IpPktInfo),
        Ipv6PktInfo(&'a Ipv6PktInfo),
        Gro(UdpGro),
        Stamp(ScmTimestampNs),
    }

    const SEGMENT: u16 = 1200;
    /// Three datagrams, the last one shorter.
    const BURST: usize = 3 * SEGMENT as usize - 200;

    /// The ECN codepoints, the low two bits of TOS / traffic class.
    const ECT1: u8 = 0b01;
    const ECT0: u8 = 0b10;
    const CE: u8 = 0b11;

    fn ecn_name(ecn: u8) -> &'static str {
        ["Not-ECT", "ECT(1)", "ECT(0)", "CE"][usize::from(ecn & 3)]
    }

    /// The kernel's answer to an option or message it does not have.
    fn missing(e: &io::Error) -> bool {
        matches!(
            e.raw_os_error(),
            Some(libc::ENOPROTOOPT | libc::EINVAL | libc::EIO)
        )
    }

    pub fn run() -> Result<(), Box<dyn Error>> {
        println!(
            "IPv4 socket, Quic::SPACE = {} bytes of control",
            Quic::SPACE
        );
        let socket = UdpSocket::bind("127.0.0.1:0")?;
        enable(&socket, &["TClass", "Ipv6PktInfo"])?;
        let to = socket.local_addr()?;
        let client = UdpSocket::bind("127.0.0.1:0")?;
        exchange(&socket, &client, to, ECT0)?;

        let v6 = match UdpSocket::bind("[::1]:0") {
            Ok(client) => client,
            Err(e)
                if matches!(
                    e.raw_os_error(),
                    Some(libc::EADDRNOTAVAIL | libc::EAFNOSUPPORT)
                ) =>
            {
                println!("UNAVAILABLE: IPv6 loopback: {e}");
                return Ok(());
            }
            Err(e) => return Err(e.into()),
        };
        println!("dual-stack IPv6 socket on [::]");
        let socket = UdpSocket::bind("[::]:0")?;
        enable(&socket, &[])?;
        let port = socket.local_addr()?.port();
        exchange(&socket, &v6, (Ipv6Addr::LOCALHOST, port).into(), ECT1)?;
        if std::fs::read_to_string("/proc/sys/net/ipv6/bindv6only")?.trim() == "0" {
            exchange(&socket, &client, (Ipv4Addr::LOCALHOST, port).into(), CE)?;
        } else {
            println!("  net.ipv6.bindv6only is set: [::] takes no IPv4 datagrams");
        }
        Ok(())
    }

    /// `Quic::enable`, printing what the kernel refused. Only the variants
    /// in `expected` may be refused, or any the kernel lacks (said so).
    fn enable(socket: &UdpSocket, expected: &[&str]) -> Result<(), Box<dyn Error>> {
        let report = Quic::enable(socket);
        if report.all_enabled() {
            println!("  Quic::enable: every option enabled");
        }
        for refused in report.refused() {
            println!(
                "  Quic::enable: {} refused: {}",
                refused.variant, refused.error
            );
            if expected.contains(&refused.variant) {
                continue;
            }
            if !missing(refused.error) {
                return Err(format!("{}: {}", refused.variant, refused.error).into());
            }
            println!("UNAVAILABLE: {}: {}", refused.variant, refused.error);
        }
        Ok(())
    }

    /// What one read told about its datagrams.
    #[derive(Debug, Default)]
    struct Seen {
        ecn: Option<u8>,
        to: Option<IpAddr>,
        segment: Option<i32>,
        at: Option<SystemTime>,
    }

    /// Sends a burst from `client` to `to`, marked `ecn` and split into
    /// `SEGMENT`-byte datagrams by the kernel (GSO), and receives it on
    /// `socket` with the receive set: checks that every message says what
    /// was sent.
    fn exchange(
        socket: &UdpSocket,
        client: &UdpSocket,
        to: SocketAddr,
        ecn: u8,
    ) -> Result<(), Box<dyn Error>> {
        socket.set_read_timeout(Some(Duration::from_secs(5)))?;
        let burst = vec![ecn; BURST];
        let before = SystemTime::now();
        let gso = send(client, to, &burst, ecn)?;
        println!(
            "  sent {BURST} bytes to {to} as {}, marked {}",
            if gso {
                "3 datagrams (GSO)"
            } else {
                "one datagram"
            },
            ecn_name(ecn)
        );

        let mut data = [0u8; 65536];
        let mut control = Quic::buffer();
        let mut msg = recvmsg(
            socket,
            &mut [IoSliceMut::new(&mut data)],
            &mut control,
            RecvFlags::empty(),
        )?;
        let after = SystemTime::now();
        let from = msg.address.ok_or("no sender address")?;
        println!("  received {} bytes from {from}:", msg.bytes);
        let mut seen = Seen::default();
        for message in msg.control.dispatch::<Quic>() {
            match message? {
                Quic::Tos(IpTos(tos)) => {
                    println!("    Tos({tos:#04x}): {}", ecn_name(tos));
                    seen.ecn = Some(tos & 3);
                }
                Quic::TClass(Ipv6TClass(class)) => {
                    let class = u8::try_from(class)?;
                    println!("    TClass({class:#04x}): {}", ecn_name(class));
                    seen.ecn = Some(class & 3);
                }
                Quic::PktInfo(info) => {
                    println!(
                        "    PktInfo: to {} on interface {}",
                        info.destination(),
                        info.ifindex
                    );
                    seen.to = Some(info.destination().into());
                }
                Quic::Ipv6PktInfo(info) => {
                    println!(
                        "    Ipv6PktInfo: to {} on interface {}",
                        info.address(),
                        info.ifindex
                    );
                    // An IPv4 datagram's address comes IPv4-mapped.
                    let address = info.address();
                    seen.to = Some(
                        address
                            .to_ipv4_mapped()
                            .map_or(address.into(), IpAddr::from),
                    );
                }
                Quic::Gro(UdpGro(size)) => {
                    println!(
                        "    Gro({size}): {} datagrams coalesced",
                        msg.bytes.div_ceil(usize::try_from(size)?)
                    );
                    seen.segment = Some(size);
                }
                Quic::Stamp(ScmTimestampNs(stamp)) => {
                    let at = stamp.to_system_time().ok_or("a stamp before 1970")?;
                    let delay = at.duration_since(before).unwrap_or_default();
                    println!("    Stamp: received {delay:?} after the send began");
                    seen.at = Some(at);
                }
            }
        }

        let expected_segment = gso.then_some(i32::from(SEGMENT));
        let in_time = seen.at.is_some_and(|at| before <= at && at <= after);
        if msg.bytes != BURST
            || data[..BURST] != burst[..]
            || seen.ecn != Some(ecn)
            || seen.to != Some(to.ip())
            || seen.segment != expected_segment
            || !in_time
        {
            return Err(format!("{} bytes, {seen:?}", msg.bytes).into());
        }
        Ok(())
    }

    /// Sends `burst` to `to` marked `ecn`, with `UdpSegment(SEGMENT)`;
    /// whether the kernel segmented it (without UDP GSO: one datagram).
    fn send(
        client: &UdpSocket,
        to: SocketAddr,
        burst: &[u8],
        ecn: u8,
    ) -> Result<bool, Box<dyn Error>> {
        for gso in [true, false] {
            let mut out = ControlBuffer::<
                { space::<IpTosSend>() + space::<Ipv6TClass>() + space::<UdpSegment>() },
            >::new();
            let mut encoder = Encoder::new(&mut out);
            match to {
                SocketAddr::V4(_) => encoder.push(&IpTosSend(ecn.into()))?,
                SocketAddr::V6(_) => encoder.push(&Ipv6TClass(ecn.into()))?,
            };
            if gso {
                encoder.push(&UdpSegment(SEGMENT))?;
            }
            let iov = [IoSlice::new(burst)];
            match sendmsg_to(client, &to, &iov, encoder.finish(), SendFlags::empty()) {
                Ok(_) => return Ok(gso),
                Err(e) if gso && missing(&e) => println!("UNAVAILABLE: UDP_SEGMENT: {e}"),
                Err(e) => return Err(e.into()),
            }
        }
        unreachable!("the send without GSO returns")
    }
}

#[cfg(target_os = "linux")]
fn main() -> Result<(), Box<dyn std::error::Error>> {
    linux::run()
}

#[cfg(not(target_os = "linux"))]
fn main() {
    eprintln!("this example uses the Linux catalogue");
}
