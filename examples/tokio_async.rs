//! cmsg under tokio: descriptors and credentials over a
//! `tokio::net::UnixDatagram`, with readiness handled as tokio wants it.
//! `recvmsg`/`sendmsg` take the socket through its `AsFd` and run inside
//! `try_io`, which clears the readiness when the call says `WouldBlock`, so
//! the next `.readable()` waits for the kernel again. Run:
//! `cargo run --example tokio_async`.
//!
//! (`UdpSocket` works the same; a socket tokio does not wrap goes through
//! `AsyncFd` and its guard's `try_io`; with mio, register the fd and call
//! `recvmsg` until it returns `WouldBlock`.)

#[cfg(target_os = "linux")]
mod linux {
    use cmsg::platforms::linux::UCred;
    use cmsg::{
        recvmsg, sendmsg, space_for, ControlBuffer, ControlMessages, Encoder, Fds, RecvFlags,
        ScmRights, SendFlags,
    };
    use std::io::{ErrorKind, IoSlice, IoSliceMut, Read, Seek, Write};
    use std::os::fd::AsFd;
    use tokio::io::Interest;
    use tokio::net::UnixDatagram;

    /// What the receiver wants.
    #[derive(ControlMessages, Debug)]
    enum Wanted<'a> {
        Credentials(UCred),
        #[cmsg(max = 1)]
        Rights(Fds<'a, ScmRights>),
    }

    pub async fn run() -> Result<(), Box<dyn std::error::Error>> {
        let (a, b) = UnixDatagram::pair()?;
        Wanted::enable(&b).into_result()?;

        // The receiver waits first: nothing has been sent yet, so the first
        // `recvmsg` says WouldBlock and the task sleeps until the send.
        let receiver = tokio::spawn(async move {
            let mut data = [0u8; 32];
            let mut control = Wanted::buffer();
            loop {
                b.readable().await?;
                let attempt = b.try_io(Interest::READABLE, || {
                    let mut msg = recvmsg(
                        &b,
                        &mut [IoSliceMut::new(&mut data)],
                        &mut control,
                        RecvFlags::empty(),
                    )?;
                    let (mut pid, mut file) = (None, None);
                    for message in msg.control.dispatch::<Wanted>() {
                        match message.map_err(std::io::Error::from)? {
                            Wanted::Credentials(c) => pid = Some(c.pid),
                            Wanted::Rights(mut fds) => file = fds.next(),
                        }
                    }
                    Ok((msg.bytes, pid, file))
                });
                match attempt {
                    Ok((n, pid, file)) => {
                        return Ok::<_, std::io::Error>((data[..n].to_vec(), pid, file));
                    }
                    // Readiness cleared: wait for the kernel again.
                    Err(e) if e.kind() == ErrorKind::WouldBlock => continue,
                    Err(e) => return Err(e),
                }
            }
        });

        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        let mut file = tempfile()?;
        file.write_all(b"written before the send")?;
        let mut out = ControlBuffer::<{ space_for::<ScmRights>(1) }>::new();
        loop {
            a.writable().await?;
            let mut encoder = Encoder::new(&mut out);
            encoder.push_fds(&[file.as_fd()])?;
            let sent = a.try_io(Interest::WRITABLE, || {
                sendmsg(
                    &a,
                    &[IoSlice::new(b"a file, asynchronously")],
                    encoder.finish(),
                    SendFlags::empty(),
                )
            });
            match sent {
                Ok(_) => break,
                Err(e) if e.kind() == ErrorKind::WouldBlock => continue,
                Err(e) => return Err(e.into()),
            }
        }

        let (data, pid, file) = receiver.await??;
        assert_eq!(data, b"a file, asynchronously");
        assert_eq!(
            pid,
            Some(std::process::id() as libc::pid_t),
            "credentials of this process"
        );
        let mut file = std::fs::File::from(file.ok_or("no descriptor")?);
        let mut contents = String::new();
        file.rewind()?;
        file.read_to_string(&mut contents)?;
        assert_eq!(contents, "written before the send");
        println!(
            "received {:?} from pid {pid:?} with a file reading {contents:?}",
            String::from_utf8_lossy(&data)
        );
        Ok(())
    }

    /// An unnamed temporary file.
    fn tempfile() -> std::io::Result<std::fs::File> {
        let path = std::env::temp_dir().join(format!("cmsg-tokio-{}", std::process::id()));
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)?;
        std::fs::remove_file(&path)?;
        Ok(file)
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    #[cfg(target_os = "linux")]
    linux::run().await?;
    Ok(())
}
