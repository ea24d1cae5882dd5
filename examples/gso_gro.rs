//! UDP segmentation offload both ways: one `sendmsg` of a large buffer with
//! `UdpSegment(1200)` (`UDP_SEGMENT`) leaves as many 1200-byte datagrams,
//! and a receiver with `UDP_GRO` on reads them back coalesced, in one
//! `recvmsg`, with the segment size in `UdpGro` to split them again. A
//! receiver without `UDP_GRO` reads every datagram on its own.
//! Run: `cargo run --example gso_gro`.

#[cfg(target_os = "linux")]
mod linux {
    use cmsg::platforms::linux::{UdpGro, UdpSegment};
    use cmsg::{
        enable, recvmsg, sendmsg, set_socket_option, space, ControlBuffer, Encoder, RecvFlags,
        SendFlags, SocketOption,
    };
    use std::error::Error;
    use std::io::{self, IoSlice, IoSliceMut};
    use std::net::UdpSocket;
    use std::time::Duration;

    /// A QUIC-sized datagram.
    const SEGMENT: u16 = 1200;
    /// 40 segments, the last one shorter.
    const TOTAL: usize = 40 * SEGMENT as usize - 300;

    /// What the kernel says when it has no UDP GSO or GRO.
    fn missing(e: &io::Error) -> bool {
        matches!(
            e.raw_os_error(),
            Some(libc::ENOPROTOOPT | libc::EINVAL | libc::EIO)
        )
    }

    pub fn run() -> Result<(), Box<dyn Error>> {
        let payload: Vec<u8> = (0..TOTAL).map(|i| (i % 251) as u8).collect();

        let receiver = UdpSocket::bind("127.0.0.1:0")?;
        receiver.set_read_timeout(Some(Duration::from_secs(5)))?;
        match enable::<UdpGro>(&receiver) {
            Err(e) if missing(&e) => {
                println!("UNAVAILABLE: UDP_GRO: {e}");
                return Ok(());
            }
            other => other?,
        }
        let sender = UdpSocket::bind("127.0.0.1:0")?;
        sender.connect(receiver.local_addr()?)?;
        if !send_segmented(&sender, &payload)? {
            return Ok(());
        }
        let segments = TOTAL.div_ceil(usize::from(SEGMENT));
        println!(
            "sent {TOTAL} bytes in one sendmsg with UDP_SEGMENT {SEGMENT}: {segments} datagrams"
        );

        // Loopback keeps the burst whole, and a UDP_GRO socket takes it as
        // it is: one read. (From a real network it may come in a few
        // coalesced pieces; each says its segment size.)
        let mut counted = 0;
        for Read { bytes, gro } in receive_all(&receiver, &payload)? {
            let Some(size) = gro else {
                println!("receiver with UDP_GRO: a read of {bytes} bytes, one datagram");
                counted += 1;
                continue;
            };
            let count = bytes.div_ceil(usize::try_from(size)?);
            println!(
                "receiver with UDP_GRO: a read of {bytes} bytes, UdpGro({size}): {count} segments"
            );
            if size != i32::from(SEGMENT) {
                return Err(format!("segment size {size}, not {SEGMENT}").into());
            }
            counted += count;
        }
        if counted != segments {
            return Err(format!("{counted} segments arrived, not {segments}").into());
        }

        // Without UDP_GRO the kernel splits the burst up for the receiver.
        let plain = UdpSocket::bind("127.0.0.1:0")?;
        plain.set_read_timeout(Some(Duration::from_secs(5)))?;
        sender.connect(plain.local_addr()?)?;
        if !send_segmented(&sender, &payload)? {
            return Err("UDP_SEGMENT worked once".into());
        }
        let reads = receive_all(&plain, &payload)?;
        println!(
            "receiver without UDP_GRO: {} reads of up to {} bytes",
            reads.len(),
            reads.iter().map(|r| r.bytes).max().unwrap_or(0)
        );
        if reads.len() != segments {
            return Err(format!("expected {segments} reads: {reads:?}").into());
        }
        Ok(())
    }

    /// Sends `payload` in one `sendmsg` with `UdpSegment(SEGMENT)`; `false`
    /// (said) if the kernel has no UDP GSO.
    fn send_segmented(sender: &UdpSocket, payload: &[u8]) -> Result<bool, Box<dyn Error>> {
        let mut out = ControlBuffer::<{ space::<UdpSegment>() }>::new();
        let mut encoder = Encoder::new(&mut out);
        encoder.push(&UdpSegment(SEGMENT))?;
        match sendmsg(
            sender,
            &[IoSlice::new(payload)],
            encoder.finish(),
            SendFlags::empty(),
        ) {
            Ok(sent) if sent == payload.len() => Ok(true),
            Ok(sent) => Err(format!("sent {sent} of {} bytes", payload.len()).into()),
            Err(e) if missing(&e) => {
                // Only if the option itself is unknown too: a kernel with
                // GSO refusing the message would be a bug to report.
                let option = SocketOption {
                    level: libc::SOL_UDP,
                    name: libc::UDP_SEGMENT,
                };
                match set_socket_option(sender, option, SEGMENT.into()) {
                    Err(o) if missing(&o) => {
                        println!("UNAVAILABLE: UDP_SEGMENT: {e} (the option: {o})");
                        Ok(false)
                    }
                    _ => Err(format!("sendmsg with UDP_SEGMENT: {e}").into()),
                }
            }
            Err(e) => Err(e.into()),
        }
    }

    /// One `recvmsg`: its length, and its `UdpGro` segment size if any.
    #[derive(Debug)]
    struct Read {
        bytes: usize,
        gro: Option<i32>,
    }

    /// Reads until all of `payload` came back, in order.
    fn receive_all(receiver: &UdpSocket, payload: &[u8]) -> Result<Vec<Read>, Box<dyn Error>> {
        let mut data = vec![0u8; 65536];
        let mut received = Vec::new();
        let mut reads = Vec::new();
        while received.len() < payload.len() {
            let mut control = ControlBuffer::<{ space::<UdpGro>() }>::new();
            let msg = recvmsg(
                receiver,
                &mut [IoSliceMut::new(&mut data)],
                &mut control,
                RecvFlags::empty(),
            )?;
            let gro = msg.control.get::<UdpGro>()?.map(|g| g.0);
            received.extend_from_slice(&data[..msg.bytes]);
            reads.push(Read {
                bytes: msg.bytes,
                gro,
            });
        }
        if received != payload {
            return Err("the bytes that arrived are not the bytes sent".into());
        }
        Ok(reads)
    }
}

#[cfg(target_os = "linux")]
fn main() -> Result<(), Box<dyn std::error::Error>> {
    linux::run()
}

#[cfg(not(target_os = "linux"))]
fn main() {
    eprintln!("this example uses Linux UDP_SEGMENT and UDP_GRO");
}
