//! Hand open descriptors to another process: the parent opens a file (and
//! then deletes its name) and a pipe, spawns this same program as a child
//! with one end of a UNIX socketpair inherited, and sends both descriptors
//! over it with `SCM_RIGHTS`. The child takes them with `take_fds()` and
//! reads the file, which it could no longer open by name, and the pipe,
//! which the parent writes into after sending; the parent checks what the
//! child says it read.
//! Run: `cargo run --example fd_passing`.

#[cfg(target_os = "linux")]
mod linux {
    use cmsg::{
        recvmsg, sendmsg, space_for, ControlBuffer, Encoder, RecvFlags, ScmRights, SendFlags,
    };
    use std::error::Error;
    use std::fs::File;
    use std::io::{IoSlice, IoSliceMut, Read, Seek, Write};
    use std::os::fd::{AsFd, AsRawFd, FromRawFd, OwnedFd, RawFd};
    use std::os::unix::net::UnixDatagram;
    use std::os::unix::process::CommandExt;
    use std::process::{Command, Stdio};
    use std::time::Duration;

    const FILE_CONTENTS: &str = "the file's bytes, read through a descriptor";
    const PIPE_CONTENTS: &str = "written into the pipe after the send";

    pub fn parent() -> Result<(), Box<dyn Error>> {
        // Close-on-exec, as std makes every socket; the child's end is
        // made inheritable below, in the child only.
        let (ours, theirs) = UnixDatagram::pair()?;
        let file = unnamed_file(FILE_CONTENTS)?;
        let (pipe_read, pipe_write) = pipe()?;

        let child_fd = theirs.as_raw_fd();
        let mut command = Command::new(std::env::current_exe()?);
        command
            .args(["child", &child_fd.to_string()])
            .stdout(Stdio::piped());
        // Run in the child between fork and exec: clear FD_CLOEXEC on its
        // end of the socket, so that this one descriptor survives the exec.
        let inherit = move || {
            // SAFETY: fcntl(2) changes only the flags of the descriptor
            // `child_fd`, which is open: the parent keeps `theirs` open
            // until after the spawn.
            if unsafe { libc::fcntl(child_fd, libc::F_SETFD, 0) } == -1 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        };
        // SAFETY: between fork and exec only async-signal-safe calls are
        // allowed: `inherit` makes one, fcntl(2), and allocates nothing.
        unsafe { command.pre_exec(inherit) };
        let child = command.spawn()?;
        drop(theirs); // the child has its own copy now
        println!(
            "parent {}: spawned child {} with the socket as its fd {child_fd}",
            std::process::id(),
            child.id()
        );

        let mut out = ControlBuffer::<{ space_for::<ScmRights>(2) }>::new();
        let mut encoder = Encoder::new(&mut out);
        encoder.push_fds(&[file.as_fd(), pipe_read.as_fd()])?;
        sendmsg(
            &ours,
            &[IoSlice::new(b"a file and a pipe")],
            encoder.finish(),
            SendFlags::empty(),
        )?;
        println!(
            "parent: sent fds {} (file, name already deleted) and {} (pipe's read end)",
            file.as_raw_fd(),
            pipe_read.as_raw_fd()
        );
        // The kernel holds references for the child: ours can go.
        drop((file, pipe_read));

        let mut pipe_write = File::from(pipe_write);
        pipe_write.write_all(PIPE_CONTENTS.as_bytes())?;
        drop(pipe_write); // the child reads to end of file

        let output = child.wait_with_output()?;
        let report = String::from_utf8(output.stdout)?;
        print!("{report}");
        if !output.status.success() {
            return Err(format!("the child failed: {}", output.status).into());
        }
        let expected = format!("child: file: {FILE_CONTENTS:?}\nchild: pipe: {PIPE_CONTENTS:?}\n");
        if !report.ends_with(&expected) {
            return Err(format!("the child read something else:\n{report}").into());
        }
        println!("parent: the child read both descriptors' contents");
        Ok(())
    }

    pub fn child(fd: &str) -> Result<(), Box<dyn Error>> {
        let fd: RawFd = fd.parse()?;
        // SAFETY: the parent spawned us with `fd` as the only descriptor it
        // made inheritable, its end of the socketpair, and nothing else in
        // this process knows or closes that number.
        let socket = UnixDatagram::from(unsafe { OwnedFd::from_raw_fd(fd) });
        socket.set_read_timeout(Some(Duration::from_secs(5)))?;

        let mut data = [0u8; 64];
        let mut control = ControlBuffer::<{ space_for::<ScmRights>(2) }>::new();
        let mut msg = recvmsg(
            &socket,
            &mut [IoSliceMut::new(&mut data)],
            &mut control,
            RecvFlags::empty(),
        )?;
        if msg.flags.control_truncated() {
            return Err("control data truncated".into());
        }
        let fds: Vec<OwnedFd> = msg.control.take_fds().collect();
        println!(
            "child {}: got {:?} with fds {:?}",
            std::process::id(),
            std::str::from_utf8(&data[..msg.bytes])?,
            fds.iter().map(AsRawFd::as_raw_fd).collect::<Vec<_>>()
        );
        let [file, pipe] = <[OwnedFd; 2]>::try_from(fds).map_err(|_| "expected two fds")?;

        let mut contents = String::new();
        File::from(file).read_to_string(&mut contents)?;
        println!("child: file: {contents:?}");
        let mut contents = String::new();
        File::from(pipe).read_to_string(&mut contents)?;
        println!("child: pipe: {contents:?}");
        Ok(())
    }

    /// A file holding `contents`, at offset 0, whose name is already gone:
    /// only a descriptor reaches it.
    fn unnamed_file(contents: &str) -> std::io::Result<File> {
        let path = std::env::temp_dir().join(format!("cmsg-fd-passing-{}", std::process::id()));
        let mut file = File::options()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)?;
        std::fs::remove_file(&path)?;
        file.write_all(contents.as_bytes())?;
        file.rewind()?; // the offset is shared with the child's descriptor
        Ok(file)
    }

    /// `pipe2(O_CLOEXEC)`: the read and write ends.
    fn pipe() -> std::io::Result<(OwnedFd, OwnedFd)> {
        let mut fds = [-1; 2];
        // SAFETY: `fds` has room for the two descriptors pipe2 writes.
        if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } == -1 {
            return Err(std::io::Error::last_os_error());
        }
        // SAFETY: pipe2 succeeded: both are new descriptors that we own.
        let read = unsafe { OwnedFd::from_raw_fd(fds[0]) };
        // SAFETY: as above, the write end.
        let write = unsafe { OwnedFd::from_raw_fd(fds[1]) };
        Ok((read, write))
    }
}

#[cfg(target_os = "linux")]
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("child") => linux::child(args.get(2).ok_or("child needs an fd")?),
        _ => linux::parent(),
    }
}

#[cfg(not(target_os = "linux"))]
fn main() {
    eprintln!("this example is written for Linux");
}
