//! A UNIX-socket server that authenticates each client by the credentials
//! the kernel vouches for (`SCM_CREDENTIALS`), and by a pidfd of the client
//! (`SCM_PIDFD`, Linux 6.5+) where the kernel has it. Two clients, each a
//! real process (this program, run again): one sends as itself and is
//! accepted; the other claims another uid in explicit credentials, which
//! the kernel lets a privileged process do, and is refused by the server.
//! Run: `cargo run --example peer_credentials`.

#[cfg(target_os = "linux")]
mod linux {
    use cmsg::platforms::linux::{ScmPidfd, UCred};
    use cmsg::{
        recvmsg, sendmsg, space, ControlBuffer, ControlMessages, Encoder, Fds, RecvFlags, SendFlags,
    };
    use std::error::Error;
    use std::io::{self, IoSlice, IoSliceMut, Read, Write};
    use std::os::fd::{AsRawFd, OwnedFd};
    use std::os::linux::net::SocketAddrExt;
    use std::os::unix::net::{SocketAddr, UnixListener, UnixStream};
    use std::process::{Child, Command, Stdio};
    use std::time::{Duration, Instant};

    /// What the server wants with every request: who sent it.
    #[derive(ControlMessages, Debug)]
    enum Peer<'a> {
        Credentials(UCred),
        Pidfd(Fds<'a, ScmPidfd>),
    }

    const TIMEOUT: Duration = Duration::from_secs(5);

    pub fn server() -> Result<(), Box<dyn Error>> {
        // An abstract address: no file to clean up.
        let name = format!("cmsg-peer-credentials-{}", std::process::id());
        let listener = UnixListener::bind_addr(&SocketAddr::from_abstract_name(&name)?)?;
        // SO_PASSCRED and SO_PASSPIDFD, in one call; accepted connections
        // inherit them.
        let report = Peer::enable(&listener);
        let mut have_pidfd = true;
        for refused in report.refused() {
            let errno = refused.error.raw_os_error();
            if refused.variant == "Pidfd" && matches!(errno, Some(libc::ENOPROTOOPT | libc::EINVAL))
            {
                println!("UNAVAILABLE: SO_PASSPIDFD: {}", refused.error);
                have_pidfd = false;
            } else {
                return Err(format!("{}: {}", refused.variant, refused.error).into());
            }
        }
        // SAFETY: getuid(2) cannot fail and touches no memory.
        let expected_uid = unsafe { libc::getuid() };
        println!(
            "server {}: accepting uid {expected_uid} only",
            std::process::id()
        );

        // A client that sends as itself: the kernel attaches its ids.
        println!("-- client 1 sends as itself");
        let reply = serve(&listener, &name, None, expected_uid, have_pidfd)?;
        if reply != Some(format!("welcome, uid {expected_uid}")) {
            return Err(format!("the honest client was answered {reply:?}").into());
        }

        // A client that claims another uid. The kernel lets a process with
        // CAP_SETUID (root) name any uid; it still checks the pid.
        let other_uid = if expected_uid == 4242 { 4243 } else { 4242 };
        println!("-- client 2 claims uid {other_uid} in explicit SCM_CREDENTIALS");
        match serve(&listener, &name, Some(other_uid), expected_uid, have_pidfd)? {
            Some(reply) if reply == format!("refused: uid {other_uid}") => {}
            None => {} // the kernel would not send the claim (said why)
            reply => return Err(format!("the impostor was answered {reply:?}").into()),
        }
        Ok(())
    }

    /// Spawns a client (claiming `claim_uid` if given), authenticates its
    /// one request and answers it. Returns the answer, which the client
    /// must have printed it received; `None` if the kernel would not send
    /// the claim.
    fn serve(
        listener: &UnixListener,
        name: &str,
        claim_uid: Option<u32>,
        expected_uid: u32,
        have_pidfd: bool,
    ) -> Result<Option<String>, Box<dyn Error>> {
        let mut command = Command::new(std::env::current_exe()?);
        command.args(["client", name]).stdout(Stdio::piped());
        if let Some(uid) = claim_uid {
            command.arg(uid.to_string());
        }
        let mut child = command.spawn()?;
        let stream = accept_from(listener, &mut child)?;
        stream.set_read_timeout(Some(TIMEOUT))?;

        let mut data = [0u8; 64];
        let mut control = Peer::buffer();
        let mut msg = recvmsg(
            &stream,
            &mut [IoSliceMut::new(&mut data)],
            &mut control,
            RecvFlags::empty(),
        )?;
        let request = String::from_utf8_lossy(&data[..msg.bytes]).into_owned();
        let (mut credentials, mut pidfd): (Option<UCred>, Option<OwnedFd>) = (None, None);
        for message in msg.control.dispatch::<Peer>() {
            match message? {
                Peer::Credentials(c) => credentials = Some(c),
                Peer::Pidfd(mut fds) => pidfd = fds.next(),
            }
        }
        if msg.bytes == 0 {
            // End of stream: the client sent nothing. See why.
            let output = child.wait_with_output()?;
            print!("{}", String::from_utf8(output.stdout)?);
            if output.status.code() == Some(libc::EPERM) && claim_uid.is_some() {
                println!("UNAVAILABLE: claiming another uid: EPERM (needs CAP_SETUID)");
                return Ok(None);
            }
            return Err(format!("the client sent nothing: {}", output.status).into());
        }

        let credentials = credentials.ok_or("no SCM_CREDENTIALS")?;
        println!(
            "server: {request:?} from pid {} uid {} gid {}",
            credentials.pid, credentials.uid, credentials.gid
        );
        // The kernel checked the pid: a client may name only itself (or,
        // with CAP_SYS_ADMIN, another process that exists).
        if credentials.pid != child.id() as libc::pid_t {
            return Err(format!("pid {} is not the client's", credentials.pid).into());
        }
        if have_pidfd {
            let pid = pidfd_pid(pidfd.as_ref().ok_or("no SCM_PIDFD")?)?;
            if pid != Some(child.id()) {
                return Err(format!("the pidfd names {pid:?}, not {}", child.id()).into());
            }
            println!("server: and SCM_PIDFD, a pidfd for process {}", child.id());
        }

        let reply = if credentials.uid == expected_uid {
            format!("welcome, uid {}", credentials.uid)
        } else {
            format!("refused: uid {}", credentials.uid)
        };
        println!("server: {reply}");
        (&stream).write_all(reply.as_bytes())?;
        drop(stream);

        let output = child.wait_with_output()?;
        let said = String::from_utf8(output.stdout)?;
        print!("{said}");
        if !output.status.success() || !said.contains(&format!("{reply:?}")) {
            return Err(format!("the client ({}) did not get {reply:?}", output.status).into());
        }
        if let Some(pidfd) = pidfd {
            pidfd_outlives_the_pid(&pidfd, credentials.pid)?;
        }
        Ok(Some(reply))
    }

    /// Why keep the pidfd rather than the pid: the client has exited and
    /// been reaped, so its pid number is free, and the next process to get
    /// it would pass any check made with the number. The pidfd stays bound
    /// to the process it was made for, and says it is gone.
    fn pidfd_outlives_the_pid(pidfd: &OwnedFd, pid: libc::pid_t) -> Result<(), Box<dyn Error>> {
        // SAFETY: pidfd_send_signal(2) with signal 0 only checks that the
        // process exists; the descriptor is a live pidfd we own, and the
        // null `info` pointer is allowed.
        let rc = unsafe {
            libc::syscall(
                libc::SYS_pidfd_send_signal,
                pidfd.as_raw_fd(),
                0,
                std::ptr::null::<libc::siginfo_t>(),
                0,
            )
        };
        let error = io::Error::last_os_error();
        if rc == 0 || error.raw_os_error() != Some(libc::ESRCH) {
            return Err(format!("pidfd_send_signal after the exit: {rc}, {error}").into());
        }
        println!(
            "server: client {pid} has exited; the number {pid} may now go to any new process,"
        );
        println!("server: but a pidfd is never recycled: it still means that client ({error})");
        Ok(())
    }

    /// The process a pidfd refers to: the `Pid:` line of its fdinfo.
    fn pidfd_pid(pidfd: &OwnedFd) -> io::Result<Option<u32>> {
        let info = std::fs::read_to_string(format!("/proc/self/fdinfo/{}", pidfd.as_raw_fd()))?;
        Ok(info
            .lines()
            .find_map(|line| line.strip_prefix("Pid:"))
            .and_then(|pid| pid.trim().parse().ok()))
    }

    /// Accepts the connection of `child`, failing if it exits first.
    fn accept_from(
        listener: &UnixListener,
        child: &mut Child,
    ) -> Result<UnixStream, Box<dyn Error>> {
        listener.set_nonblocking(true)?;
        let deadline = Instant::now() + TIMEOUT;
        loop {
            match listener.accept() {
                Ok((stream, _)) => return Ok(stream),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(e) => return Err(e.into()),
            }
            if let Some(status) = child.try_wait()? {
                return Err(format!("the client exited without connecting: {status}").into());
            }
            if Instant::now() > deadline {
                return Err("no client connected".into());
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    pub fn client(name: &str, claim_uid: Option<&str>) -> Result<(), Box<dyn Error>> {
        let mut stream = UnixStream::connect_addr(&SocketAddr::from_abstract_name(name)?)?;
        stream.set_read_timeout(Some(TIMEOUT))?;
        let mut out = ControlBuffer::<{ space::<UCred>() }>::new();
        let mut encoder = Encoder::new(&mut out);
        if let Some(uid) = claim_uid {
            // Explicit credentials: our own pid and gid, but another uid.
            let claim = UCred {
                uid: uid.parse()?,
                ..UCred::current()
            };
            encoder.push(&claim)?;
        }
        let request = format!("hello from {}", std::process::id());
        let sent = sendmsg(
            &stream,
            &[IoSlice::new(request.as_bytes())],
            encoder.finish(),
            SendFlags::empty(),
        );
        if let Err(e) = sent {
            println!("client: the kernel refused to send the claim: {e}");
            std::process::exit(e.raw_os_error().unwrap_or(1));
        }
        let mut reply = String::new();
        stream.read_to_string(&mut reply)?;
        println!("client {}: the server said {reply:?}", std::process::id());
        Ok(())
    }
}

#[cfg(target_os = "linux")]
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("client") => linux::client(
            args.get(2).ok_or("client needs the server's name")?,
            args.get(3).map(String::as_str),
        ),
        _ => linux::server(),
    }
}

#[cfg(not(target_os = "linux"))]
fn main() {
    eprintln!("this example uses Linux SCM_CREDENTIALS and SCM_PIDFD");
}
