//! Declare your own control message type, as a downstream crate would,
//! depending only on `cmsg` (and libc for the constants), then send it and
//! receive it through a socketpair; then a receive set of your message and
//! descriptors. Run: `cargo run --example custom_message`.

#[cfg(target_os = "linux")]
mod linux {
    use cmsg::{ControlMessage, ControlMessages, Fds, ScmRights};

    /// Linux `SCM_CREDENTIALS`: the sender's pid, uid and gid, checked by the kernel.
    #[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq)]
    #[cmsg(level = libc::SOL_SOCKET, ty = libc::SCM_CREDENTIALS, enable = libc::SO_PASSCRED)]
    #[repr(C)]
    pub struct MyCred {
        pub pid: libc::pid_t,
        pub uid: libc::uid_t,
        pub gid: libc::gid_t,
    }

    pub fn run() -> Result<(), Box<dyn std::error::Error>> {
        use cmsg::{enable, recvmsg, sendmsg, space, ControlBuffer, Encoder, RecvFlags, SendFlags};
        use std::io::{IoSlice, IoSliceMut};
        use std::os::unix::net::UnixDatagram;

        let (a, b) = UnixDatagram::pair()?;
        enable::<MyCred>(&b)?;
        // SAFETY: getuid(2) cannot fail and touches no memory.
        let uid = unsafe { libc::getuid() };
        // SAFETY: getgid(2) likewise.
        let gid = unsafe { libc::getgid() };
        let me = MyCred {
            pid: std::process::id() as libc::pid_t,
            uid,
            gid,
        };

        let mut out = ControlBuffer::<{ space::<MyCred>() }>::new();
        let mut encoder = Encoder::new(&mut out);
        encoder.push(&me)?;
        sendmsg(
            &a,
            &[IoSlice::new(b"hi")],
            encoder.finish(),
            SendFlags::empty(),
        )?;

        let mut data = [0; 8];
        let mut control = ControlBuffer::<{ space::<MyCred>() }>::new();
        let msg = recvmsg(
            &b,
            &mut [IoSliceMut::new(&mut data)],
            &mut control,
            RecvFlags::empty(),
        )?;
        let got = msg.control.get::<MyCred>()?.ok_or("no credentials")?;
        assert_eq!(*got, me);
        println!("received {got:?}: equal to what was sent");
        Ok(())
    }

    /// What this receiver wants: the sender's credentials and up to two
    /// descriptors.
    #[derive(ControlMessages, Debug)]
    enum Wanted<'a> {
        Credentials(MyCred),
        #[cmsg(max = 2)]
        Rights(Fds<'a, ScmRights>),
    }

    pub fn receive_set() -> Result<(), Box<dyn std::error::Error>> {
        use cmsg::{recvmsg, sendmsg, space_for, ControlBuffer, Encoder, RecvFlags, SendFlags};
        use std::io::{IoSlice, IoSliceMut};
        use std::os::fd::AsFd;
        use std::os::unix::net::UnixDatagram;

        let (a, b) = UnixDatagram::pair()?;
        Wanted::enable(&b).into_result()?; // SO_PASSCRED, in one call
        let file = std::fs::File::open("/dev/null")?;
        let mut out = ControlBuffer::<{ space_for::<ScmRights>(1) }>::new();
        let mut encoder = Encoder::new(&mut out);
        encoder.push_fds(&[file.as_fd()])?;
        sendmsg(
            &a,
            &[IoSlice::new(b"hi")],
            encoder.finish(),
            SendFlags::empty(),
        )?;

        let mut data = [0; 8];
        let mut control = Wanted::buffer();
        let mut msg = recvmsg(
            &b,
            &mut [IoSliceMut::new(&mut data)],
            &mut control,
            RecvFlags::empty(),
        )?;
        let (mut pid, mut fds) = (None, Vec::new());
        for message in msg.control.dispatch::<Wanted>() {
            match message? {
                Wanted::Credentials(c) => pid = Some(c.pid),
                Wanted::Rights(received) => fds.extend(received),
            }
        }
        assert_eq!(pid, Some(std::process::id() as libc::pid_t));
        assert_eq!(fds.len(), 1);
        println!(
            "receive set: credentials of pid {pid:?} and {} descriptor",
            fds.len()
        );
        Ok(())
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    #[cfg(target_os = "linux")]
    linux::run()?;
    #[cfg(target_os = "linux")]
    linux::receive_set()?;
    Ok(())
}
