//! Kernel timestamps on UDP over loopback: the software receive stamp the
//! kernel takes as a datagram arrives (`SO_TIMESTAMPING` with
//! `RX_SOFTWARE`, read as `ScmTimestamping`), the software transmit stamp
//! it takes as the datagram leaves (`TX_SOFTWARE`, read back from the
//! sender's error queue with `RecvFlags::ERRQUEUE`), and the time between
//! the two.
//! Run: `cargo run --example udp_timestamps`.

#[cfg(target_os = "linux")]
mod linux {
    use cmsg::platforms::linux::{
        enable_timestamping, timestamping, IpRecvErr, ScmTimestamping, SCM_TSTAMP_SND,
        SO_EE_ORIGIN_TIMESTAMPING,
    };
    use cmsg::{recvmsg, space, ControlBuffer, RecvFlags};
    use std::error::Error;
    use std::io::{self, IoSliceMut};
    use std::net::UdpSocket;
    use std::os::fd::AsRawFd;
    use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

    const TIMEOUT: Duration = Duration::from_secs(5);

    pub fn run() -> Result<(), Box<dyn Error>> {
        let receiver = UdpSocket::bind("127.0.0.1:0")?;
        let sender = UdpSocket::bind("127.0.0.1:0")?;
        receiver.set_read_timeout(Some(TIMEOUT))?;
        sender.connect(receiver.local_addr()?)?;

        // Receive stamps first: the kernel turns them on a little later.
        let receive = timestamping::RX_SOFTWARE | timestamping::SOFTWARE;
        if !enabled(enable_timestamping(&receiver, receive))? {
            return Ok(());
        }
        wait_until_the_kernel_stamps(&sender, &receiver)?;
        // Transmit stamps, numbered from 0 (OPT_ID), without a copy of the
        // datagram (OPT_TSONLY).
        let transmit = timestamping::TX_SOFTWARE
            | timestamping::SOFTWARE
            | timestamping::OPT_ID
            | timestamping::OPT_TSONLY;
        if !enabled(enable_timestamping(&sender, transmit))? {
            return Ok(());
        }

        for id in 0..3 {
            let before = SystemTime::now();
            let payload = format!("datagram {id}");
            sender.send(payload.as_bytes())?;
            let sent = transmit_stamp(&sender, id)?;
            let received = receive_stamp(&receiver, &payload)?.ok_or("no receive stamp")?;
            let after = SystemTime::now();

            let (before, after) = (since_epoch(before), since_epoch(after));
            if !(before <= sent && sent <= received && received <= after) {
                return Err(format!(
                    "stamps out of order: {before:?} {sent:?} {received:?} {after:?}"
                )
                .into());
            }
            println!(
                "datagram {id}: transmit stamp {}, receive stamp {}: {:?} apart",
                clock(sent),
                clock(received),
                received - sent
            );
        }
        Ok(())
    }

    /// Whether the kernel took the option; `false` (said) if it has no
    /// `SO_TIMESTAMPING`.
    fn enabled(result: io::Result<()>) -> io::Result<bool> {
        match result {
            Ok(()) => Ok(true),
            Err(e) if matches!(e.raw_os_error(), Some(libc::ENOPROTOOPT | libc::EINVAL)) => {
                println!("UNAVAILABLE: SO_TIMESTAMPING: {e}");
                Ok(false)
            }
            Err(e) => Err(e),
        }
    }

    /// The transmit stamp of datagram `id`, from the sender's error queue.
    fn transmit_stamp(sender: &UdpSocket, id: u32) -> Result<Duration, Box<dyn Error>> {
        wait_for_error_queue(sender)?;
        let mut control =
            ControlBuffer::<{ space::<ScmTimestamping>() + space::<IpRecvErr>() }>::new();
        let msg = recvmsg(
            sender,
            &mut [IoSliceMut::new(&mut [])],
            &mut control,
            RecvFlags::ERRQUEUE | RecvFlags::DONTWAIT,
        )?;
        // The "error" says what the stamp is: a software stamp (origin
        // TIMESTAMPING) of the send (SCM_TSTAMP_SND), for datagram `ee_data`.
        let error = msg.control.get::<IpRecvErr>()?.ok_or("no IP_RECVERR")?.err;
        if (error.ee_origin, error.ee_info, error.ee_data)
            != (SO_EE_ORIGIN_TIMESTAMPING, SCM_TSTAMP_SND, id)
        {
            return Err(format!("not the send stamp of datagram {id}: {error:?}").into());
        }
        let stamp = msg.control.get::<ScmTimestamping>()?;
        Ok(stamp
            .and_then(ScmTimestamping::software)
            .ok_or("no transmit stamp")?)
    }

    /// The software receive stamp of the next datagram, which must be
    /// `payload`, if it has one.
    fn receive_stamp(
        receiver: &UdpSocket,
        payload: &str,
    ) -> Result<Option<Duration>, Box<dyn Error>> {
        let mut data = [0u8; 64];
        let mut control = ControlBuffer::<{ space::<ScmTimestamping>() }>::new();
        let msg = recvmsg(
            receiver,
            &mut [IoSliceMut::new(&mut data)],
            &mut control,
            RecvFlags::empty(),
        )?;
        if &data[..msg.bytes] != payload.as_bytes() {
            return Err(format!("received {:?}, not {payload:?}", &data[..msg.bytes]).into());
        }
        let stamp = msg.control.get::<ScmTimestamping>()?;
        Ok(stamp.and_then(ScmTimestamping::software))
    }

    /// The kernel stamps arriving packets only while some socket wants it,
    /// and turns that on from a work queue a little after the first one
    /// asks: until then datagrams arrive without a receive stamp. Sends
    /// probes until one has it (before the sender stamps its transmits).
    fn wait_until_the_kernel_stamps(
        sender: &UdpSocket,
        receiver: &UdpSocket,
    ) -> Result<(), Box<dyn Error>> {
        let deadline = Instant::now() + TIMEOUT;
        for probes in 1.. {
            sender.send(b"probe")?;
            if receive_stamp(receiver, "probe")?.is_some() {
                println!("receive stamping on after {probes} probe(s)");
                return Ok(());
            }
            if Instant::now() > deadline {
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        Err("the kernel took no receive stamp".into())
    }

    /// Waits until `socket` has something on its error queue (`POLLERR`).
    fn wait_for_error_queue(socket: &UdpSocket) -> io::Result<()> {
        let mut fds = [libc::pollfd {
            fd: socket.as_raw_fd(),
            events: 0, // POLLERR is reported whatever is asked for
            revents: 0,
        }];
        let ms = TIMEOUT.as_millis() as libc::c_int;
        // SAFETY: `fds` is a live array of one pollfd, which the kernel
        // writes `revents` into during the call.
        match unsafe { libc::poll(fds.as_mut_ptr(), 1, ms) } {
            1 if fds[0].revents & libc::POLLERR != 0 => Ok(()),
            0 => Err(io::Error::new(io::ErrorKind::TimedOut, "no transmit stamp")),
            -1 => Err(io::Error::last_os_error()),
            _ => Err(io::Error::other(format!("poll: {:#x}", fds[0].revents))),
        }
    }

    fn since_epoch(time: SystemTime) -> Duration {
        time.duration_since(UNIX_EPOCH).unwrap_or_default()
    }

    /// `hh:mm:ss.nnnnnnnnn` (UTC) of a time since the epoch.
    fn clock(time: Duration) -> String {
        let s = time.as_secs();
        let (h, m, s) = (s / 3600 % 24, s / 60 % 60, s % 60);
        format!("{h:02}:{m:02}:{s:02}.{:09}", time.subsec_nanos())
    }
}

#[cfg(target_os = "linux")]
fn main() -> Result<(), Box<dyn std::error::Error>> {
    linux::run()
}

#[cfg(not(target_os = "linux"))]
fn main() {
    eprintln!("this example uses Linux SO_TIMESTAMPING");
}
