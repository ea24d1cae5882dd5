//! Helpers shared by the live test binaries (`linux`, `fd_leaks`,
//! `no_alloc`): sockets std lacks, sending and receiving on them, file
//! identity, fd counting.
#![allow(dead_code)]

pub mod counting;

use cmsg::platforms::linux::ScmPidfd;
use cmsg::{enable, recvmsg, sendmsg, Encoded, RecvFlags, RecvMsg, SendFlags};
use std::io::{self, IoSlice, IoSliceMut};
use std::os::fd::{AsFd, AsRawFd, FromRawFd, OwnedFd, RawFd};

/// `socketpair(AF_UNIX, ty | SOCK_CLOEXEC)`.
pub fn unix_pair(ty: libc::c_int) -> io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [-1; 2];
    // SAFETY: `fds` has room for the two descriptors socketpair writes.
    let rc =
        unsafe { libc::socketpair(libc::AF_UNIX, ty | libc::SOCK_CLOEXEC, 0, fds.as_mut_ptr()) };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: socketpair succeeded: both are new descriptors we own.
    let first = unsafe { OwnedFd::from_raw_fd(fds[0]) };
    // SAFETY: as above, the second one.
    let second = unsafe { OwnedFd::from_raw_fd(fds[1]) };
    Ok((first, second))
}

/// The three UNIX socket types every fd-passing test runs on.
pub const UNIX_TYPES: [(&str, libc::c_int); 3] = [
    ("stream", libc::SOCK_STREAM),
    ("dgram", libc::SOCK_DGRAM),
    ("seqpacket", libc::SOCK_SEQPACKET),
];

/// `(st_dev, st_ino)`: two descriptors with equal identity refer to the same
/// file.
pub fn identity(fd: impl AsFd) -> (u64, u64) {
    // SAFETY: an all-zero `stat` is valid; fstat fills it.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: `st` is a valid out-pointer for the duration of the call.
    let rc = unsafe { libc::fstat(fd.as_fd().as_raw_fd(), &mut st) };
    assert_eq!(rc, 0, "fstat: {}", io::Error::last_os_error());
    (st.st_dev as u64, st.st_ino as u64)
}

/// Whether `fd` has FD_CLOEXEC set.
pub fn is_cloexec(fd: impl AsFd) -> bool {
    // SAFETY: F_GETFD reads the descriptor's flags only.
    let flags = unsafe { libc::fcntl(fd.as_fd().as_raw_fd(), libc::F_GETFD) };
    assert!(flags >= 0);
    flags & libc::FD_CLOEXEC != 0
}

/// How many descriptors this process has open.
pub fn open_fds() -> usize {
    // The directory handle itself is one more while listing; it is the same
    // in every count, so differences are exact.
    std::fs::read_dir("/proc/self/fd")
        .expect("/proc/self/fd")
        .count()
}

/// `recvmsg` into the one buffer `data`.
pub fn recv<'c>(
    socket: impl AsFd,
    data: &mut [u8],
    control: &'c mut [u8],
    flags: RecvFlags,
) -> io::Result<RecvMsg<'c>> {
    recvmsg(socket, &mut [IoSliceMut::new(data)], control, flags)
}

/// Sends all of `data` without control messages.
pub fn send_bytes(socket: impl AsFd, data: &[u8]) {
    let sent = sendmsg(
        socket,
        &[IoSlice::new(data)],
        Encoded::empty(),
        SendFlags::empty(),
    );
    assert_eq!(sent.unwrap(), data.len());
}

/// The `Pid:` line of `/proc/self/fdinfo/<fd>` (a pidfd's process).
pub fn fdinfo_pid(fd: RawFd) -> Option<u32> {
    let info = std::fs::read_to_string(format!("/proc/self/fdinfo/{fd}")).ok()?;
    info.lines()
        .find_map(|l| l.strip_prefix("Pid:"))
        .map(|v| v.trim().parse().unwrap())
}

/// Enables `SO_PASSPIDFD` on `socket`; false (after printing
/// `UNAVAILABLE`) if the kernel has no such option.
pub fn pass_pidfd(socket: impl AsFd) -> bool {
    match enable::<ScmPidfd>(socket) {
        Ok(()) => true,
        Err(e) => {
            let errno = e.raw_os_error();
            assert!(
                matches!(errno, Some(libc::ENOPROTOOPT | libc::EINVAL)),
                "SO_PASSPIDFD: {e}"
            );
            eprintln!("UNAVAILABLE: SO_PASSPIDFD: {e}");
            false
        }
    }
}
