//! The multi-homed UDP server: one socket bound to the wildcard address
//! answers every request from the address the request was sent to. It
//! learns that address from `IP_PKTINFO` on receive and sends the reply
//! with an `IpPktInfo` naming it as the source. Loopback has all of
//! 127.0.0.0/8, so requests to 127.0.0.1 and 127.0.0.2 play two addresses
//! of one host; without the message the kernel would pick the source
//! itself, and the client of 127.0.0.2 would get its answer from
//! 127.0.0.1. Then the same over IPv6 (`IPV6_PKTINFO`, `Ipv6PktInfo`) on a
//! dual-stack socket bound to `[::]`, which serves IPv4 clients too, as
//! IPv4-mapped addresses.
//! Run: `cargo run --example udp_pktinfo`.

#[cfg(target_os = "linux")]
mod linux {
    use cmsg::platforms::linux::{IpPktInfo, Ipv6PktInfo};
    use cmsg::{enable, recvmsg, sendmsg_to, space, ControlBuffer, Encoder, RecvFlags, SendFlags};
    use std::error::Error;
    use std::io::{IoSlice, IoSliceMut};
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, UdpSocket};
    use std::time::Duration;

    const TIMEOUT: Duration = Duration::from_secs(5);

    pub fn run() -> Result<(), Box<dyn Error>> {
        ipv4()?;
        ipv6()
    }

    fn ipv4() -> Result<(), Box<dyn Error>> {
        let server = bind((Ipv4Addr::UNSPECIFIED, 0).into())?;
        enable::<IpPktInfo>(&server)?;
        let port = server.local_addr()?.port();
        println!("IPv4 server on {}", server.local_addr()?);

        for to in [Ipv4Addr::new(127, 0, 0, 1), Ipv4Addr::new(127, 0, 0, 2)] {
            let client = bind((Ipv4Addr::LOCALHOST, 0).into())?;
            let to = SocketAddr::from((to, port));
            client.send_to(b"ping", to)?;
            answer_v4(&server)?;
            let from = reply_source(&client)?;
            println!("  request to {to}: reply from {from}");
            if from != to {
                return Err(format!("the reply to {to} came from {from}").into());
            }
        }

        // The same request to 127.0.0.2 answered without the message: the
        // kernel chooses the source by routing back to the client.
        let client = bind((Ipv4Addr::LOCALHOST, 0).into())?;
        let to = SocketAddr::from((Ipv4Addr::new(127, 0, 0, 2), port));
        client.send_to(b"ping", to)?;
        let (_, peer) = server.recv_from(&mut [0u8; 16])?;
        server.send_to(b"pong", peer)?;
        let from = reply_source(&client)?;
        println!("  request to {to} answered without IpPktInfo: reply from {from}");
        println!("  (the kernel's choice: a client connected to {to} would drop it)");
        if from == to {
            return Err("the kernel chose the request's address by itself".into());
        }
        Ok(())
    }

    /// Receives one request and answers it from the address it was sent to.
    fn answer_v4(server: &UdpSocket) -> Result<(), Box<dyn Error>> {
        let mut data = [0u8; 16];
        let mut control = ControlBuffer::<{ space::<IpPktInfo>() }>::new();
        let msg = recvmsg(
            server,
            &mut [IoSliceMut::new(&mut data)],
            &mut control,
            RecvFlags::empty(),
        )?;
        let peer = msg.address.ok_or("no sender address")?;
        let info = *msg.control.get::<IpPktInfo>()?.ok_or("no IP_PKTINFO")?;
        println!(
            "  got {:?} from {peer} to {} (interface {})",
            std::str::from_utf8(&data[..msg.bytes])?,
            info.destination(),
            info.ifindex
        );

        // The source for the reply: `spec_dst`. Interface 0: let routing
        // choose it.
        let source = IpPktInfo {
            ifindex: 0,
            spec_dst: info.addr,
            addr: [0; 4],
        };
        let mut out = ControlBuffer::<{ space::<IpPktInfo>() }>::new();
        let mut encoder = Encoder::new(&mut out);
        encoder.push(&source)?;
        let reply = [IoSlice::new(b"pong")];
        sendmsg_to(server, &peer, &reply, encoder.finish(), SendFlags::empty())?;
        Ok(())
    }

    fn ipv6() -> Result<(), Box<dyn Error>> {
        // The IPv6 loopback address, if this kernel has one.
        if let Err(e) = UdpSocket::bind((Ipv6Addr::LOCALHOST, 0)) {
            if matches!(
                e.raw_os_error(),
                Some(libc::EAFNOSUPPORT | libc::EADDRNOTAVAIL)
            ) {
                println!("UNAVAILABLE: IPv6 loopback: {e}");
                return Ok(());
            }
            return Err(e.into());
        }
        let server = UdpSocket::bind((Ipv6Addr::UNSPECIFIED, 0))?;
        server.set_read_timeout(Some(TIMEOUT))?;
        enable::<Ipv6PktInfo>(&server)?;
        let port = server.local_addr()?.port();
        println!("IPv6 server on {}", server.local_addr()?);

        let mut requests = vec![(IpAddr::from(Ipv6Addr::LOCALHOST), Ipv6Addr::LOCALHOST)];
        if dual_stack()? {
            for v4 in [Ipv4Addr::new(127, 0, 0, 1), Ipv4Addr::new(127, 0, 0, 2)] {
                requests.push((IpAddr::from(Ipv4Addr::LOCALHOST), v4.to_ipv6_mapped()));
            }
        } else {
            println!("  net.ipv6.bindv6only is set: [::] serves no IPv4 clients");
        }

        for (client_ip, to) in requests {
            let client = bind((client_ip, 0).into())?;
            // An IPv4 client sends to the plain IPv4 address.
            let to = SocketAddr::new(to.to_ipv4_mapped().map_or(to.into(), IpAddr::from), port);
            client.send_to(b"ping", to)?;
            answer_v6(&server)?;
            let from = reply_source(&client)?;
            println!("  request to {to}: reply from {from}");
            if from != to {
                return Err(format!("the reply to {to} came from {from}").into());
            }
        }
        Ok(())
    }

    /// [`answer_v4`] on an IPv6 socket: also for IPv4 clients, whose
    /// addresses are IPv4-mapped (`::ffff:127.0.0.2`).
    fn answer_v6(server: &UdpSocket) -> Result<(), Box<dyn Error>> {
        let mut data = [0u8; 16];
        let mut control = ControlBuffer::<{ space::<Ipv6PktInfo>() }>::new();
        let msg = recvmsg(
            server,
            &mut [IoSliceMut::new(&mut data)],
            &mut control,
            RecvFlags::empty(),
        )?;
        let peer = msg.address.ok_or("no sender address")?;
        let info = *msg.control.get::<Ipv6PktInfo>()?.ok_or("no IPV6_PKTINFO")?;
        println!(
            "  got {:?} from {peer} to {} (interface {})",
            std::str::from_utf8(&data[..msg.bytes])?,
            info.address(),
            info.ifindex
        );

        let source = Ipv6PktInfo {
            addr: info.addr,
            ifindex: 0,
        };
        let mut out = ControlBuffer::<{ space::<Ipv6PktInfo>() }>::new();
        let mut encoder = Encoder::new(&mut out);
        encoder.push(&source)?;
        let reply = [IoSlice::new(b"pong")];
        sendmsg_to(server, &peer, &reply, encoder.finish(), SendFlags::empty())?;
        Ok(())
    }

    /// Whether an IPv6 socket bound to `[::]` also takes IPv4 datagrams.
    fn dual_stack() -> std::io::Result<bool> {
        let v6only = std::fs::read_to_string("/proc/sys/net/ipv6/bindv6only")?;
        Ok(v6only.trim() == "0")
    }

    /// A UDP socket bound to `address`, with a receive timeout.
    fn bind(address: SocketAddr) -> std::io::Result<UdpSocket> {
        let socket = UdpSocket::bind(address)?;
        socket.set_read_timeout(Some(TIMEOUT))?;
        Ok(socket)
    }

    /// Where the reply `client` receives came from.
    fn reply_source(client: &UdpSocket) -> Result<SocketAddr, Box<dyn Error>> {
        let mut data = [0u8; 16];
        let (n, from) = client.recv_from(&mut data)?;
        if &data[..n] != b"pong" {
            return Err(format!("the reply was {:?}", &data[..n]).into());
        }
        Ok(from)
    }
}

#[cfg(target_os = "linux")]
fn main() -> Result<(), Box<dyn std::error::Error>> {
    linux::run()
}

#[cfg(not(target_os = "linux"))]
fn main() {
    eprintln!("this example is written for Linux's IP_PKTINFO");
}
