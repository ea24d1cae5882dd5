//! Pass a file descriptor and the sender's credentials over a socketpair.
//! Run: `cargo run --example quickstart`.

#[cfg(target_os = "linux")]
fn main() -> Result<(), Box<dyn std::error::Error>> {
    use cmsg::platforms::linux::UCred;
    use cmsg::{
        enable, recvmsg, sendmsg, space, space_for, ControlBuffer, Encoder, RecvFlags, ScmRights,
        SendFlags,
    };
    use std::io::{IoSlice, IoSliceMut};
    use std::os::fd::AsFd;
    use std::os::unix::net::UnixDatagram;

    let (a, b) = UnixDatagram::pair()?;
    enable::<UCred>(&b)?; // SO_PASSCRED: the kernel attaches the sender's pid/uid/gid

    let mut out = ControlBuffer::<{ space_for::<ScmRights>(1) }>::new();
    let mut encoder = Encoder::new(&mut out);
    let stdout = std::io::stdout(); // borrowed by the message until it is sent
    encoder.push_fds(&[stdout.as_fd()])?;
    sendmsg(
        &a,
        &[IoSlice::new(b"hello")],
        encoder.finish(),
        SendFlags::empty(),
    )?;

    let mut data = [0; 16];
    let mut control = ControlBuffer::<{ space_for::<ScmRights>(1) + space::<UCred>() }>::new();
    let mut msg = recvmsg(
        &b,
        &mut [IoSliceMut::new(&mut data)],
        &mut control,
        RecvFlags::empty(),
    )?;
    let creds = msg.control.get::<UCred>()?.ok_or("no credentials")?;
    println!(
        "{:?} from pid {} (uid {}, gid {})",
        std::str::from_utf8(&data[..msg.bytes])?,
        creds.pid,
        creds.uid,
        creds.gid
    );
    let stdout = msg.control.take_fds().next().ok_or("no descriptor")?;
    let mut file = std::fs::File::from(stdout); // a new descriptor for the same stdout
    std::io::Write::write_all(&mut file, b"written through the received descriptor\n")?;
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn main() {
    eprintln!("the quick start uses Linux SCM_CREDENTIALS; see the catalogue for this system");
}
