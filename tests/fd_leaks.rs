//! No leaked descriptor: whatever the kernel installed and the caller did not
//! take is closed, truncated or not, `SCM_RIGHTS` or `SCM_PIDFD`. A binary
//! of its own, whose every test holds [`COUNTING`], so that no other thread
//! opens descriptors while they are counted.
#![cfg(target_os = "linux")]

mod common;

use cmsg::layout::NATIVE;
use cmsg::platforms::linux::{ScmPidfd, UCred};
use cmsg::{
    enable, sendmsg, space, space_for, ControlBuffer, DecodeError, Encoder, MsgFlags, Received,
    RecvFlags, ScmRights, SendFlags,
};
use common::{fdinfo_pid, open_fds, pass_pidfd, recv, send_bytes, unix_pair};
use std::io::IoSlice;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Held by every test while it opens or counts descriptors.
static COUNTING: Mutex<()> = Mutex::new(());

fn counting() -> MutexGuard<'static, ()> {
    COUNTING.lock().unwrap_or_else(PoisonError::into_inner)
}

fn send_fds(socket: &OwnedFd, fds: &[BorrowedFd<'_>]) {
    let mut out = ControlBuffer::<{ space_for::<ScmRights>(8) }>::new();
    let mut encoder = Encoder::new(&mut out);
    encoder.push_fds(fds).unwrap();
    sendmsg(
        socket,
        &[IoSlice::new(b"f")],
        encoder.finish(),
        SendFlags::empty(),
    )
    .unwrap();
}

fn is_open(fd: i32) -> bool {
    // SAFETY: F_GETFD only queries; on a closed descriptor it fails with EBADF.
    unsafe { libc::fcntl(fd, libc::F_GETFD) >= 0 }
}

#[test]
fn received_descriptors_never_leak() {
    let _counting = counting();
    let (a, b) = unix_pair(libc::SOCK_DGRAM).unwrap();
    let (x, y) = unix_pair(libc::SOCK_STREAM).unwrap();
    let four = [a.as_fd(), b.as_fd(), x.as_fd(), y.as_fd()];
    let baseline = open_fds();

    // 1. Control buffer with room for one header and two ints: the kernel
    //    installs two of four descriptors and sets MSG_CTRUNC. Nothing taken.
    send_fds(&a, &four);
    let mut data = [0u8; 4];
    let mut small = ControlBuffer::<{ space_for::<ScmRights>(1) }>::new();
    let msg = recv(&b, &mut data, &mut small, RecvFlags::empty()).unwrap();
    assert!(msg.flags.control_truncated(), "four descriptors cannot fit");
    let delivered = msg.control.messages().next().unwrap().unwrap().data.len() / 4;
    assert_eq!(
        delivered,
        (space_for::<ScmRights>(1) - NATIVE.data_offset()) / 4
    );
    assert_eq!(
        open_fds(),
        baseline + delivered,
        "the kernel installed what fit"
    );
    drop(msg);
    assert_eq!(open_fds(), baseline, "truncated, undecoded: all closed");

    // 2. Room for a header only: nothing installed, MSG_CTRUNC, no panic.
    send_fds(&a, &four);
    let mut header_only = ControlBuffer::<{ NATIVE.data_offset() }>::new();
    let msg = recv(&b, &mut data, &mut header_only, RecvFlags::empty()).unwrap();
    assert!(msg.flags.control_truncated());
    drop(msg);
    assert_eq!(open_fds(), baseline);

    // 3. No control buffer at all.
    send_fds(&a, &four);
    let msg = recv(&b, &mut data, &mut [], RecvFlags::empty()).unwrap();
    assert!(msg.flags.control_truncated());
    drop(msg);
    assert_eq!(open_fds(), baseline);

    // 4. Take one of four; the other three close with the `Received`.
    send_fds(&a, &four);
    let mut room = ControlBuffer::<{ space_for::<ScmRights>(4) }>::new();
    let mut msg = recv(&b, &mut data, &mut room, RecvFlags::empty()).unwrap();
    assert!(!msg.flags.control_truncated());
    let kept = msg.control.take_fds().next().unwrap();
    assert_eq!(open_fds(), baseline + 4);
    drop(msg);
    assert_eq!(open_fds(), baseline + 1, "only the taken one is left");
    drop(kept);
    assert_eq!(open_fds(), baseline);

    // 5. Descriptors beside other messages, never looked at.
    enable::<UCred>(&b).unwrap();
    send_fds(&a, &four);
    let mut both = ControlBuffer::<{ space_for::<ScmRights>(4) + space::<UCred>() }>::new();
    let msg = recv(&b, &mut data, &mut both, RecvFlags::empty()).unwrap();
    assert_eq!(msg.control.messages().count(), 2);
    drop(msg);
    assert_eq!(open_fds(), baseline);

    // 6. macOS leaves cmsg_len at the untruncated size: a header claiming
    //    four descriptors in a buffer that holds two. Both must close.
    let first = a.try_clone().unwrap();
    let second = a.try_clone().unwrap();
    let (first_raw, second_raw) = (first.as_raw_fd(), second.as_raw_fd());
    let mut bytes = ControlBuffer::<{ space_for::<ScmRights>(2) }>::new();
    let mut encoder = Encoder::new(&mut bytes);
    encoder.push_fds(&[first.as_fd(), second.as_fd()]).unwrap();
    let len = encoder.len();
    let claimed = NATIVE.len(4 * 4);
    bytes[..std::mem::size_of::<usize>()].copy_from_slice(&claimed.to_ne_bytes());
    // The descriptors now belong to the bytes.
    std::mem::forget((first, second));
    // SAFETY: the two descriptors in `bytes` are open and owned by nothing
    // else (their OwnedFds were forgotten).
    // macOS sets MSG_CTRUNC with it.
    let received = unsafe { Received::from_kernel(&mut bytes[..len], MsgFlags::CTRUNC) };
    assert_eq!(
        received.messages().next(),
        Some(Err(DecodeError::Truncated {
            wanted: None,
            received: len
        })),
        "strict decoding reports the overrun as the truncation it is"
    );
    drop(received);
    assert!(
        !is_open(first_raw) && !is_open(second_raw),
        "clamped array closed"
    );
    assert_eq!(open_fds(), baseline);
}

/// A pidfd the kernel installed (`SCM_PIDFD`) and nobody took is closed with
/// the `Received`.
#[test]
fn an_untaken_scm_pidfd_is_closed_with_the_received() {
    let _counting = counting();
    let (a, b) = unix_pair(libc::SOCK_DGRAM).unwrap();
    if !pass_pidfd(&b) {
        return;
    }
    let baseline = open_fds();
    send_bytes(&a, b"p");
    let mut data = [0u8; 8];
    let mut control = ControlBuffer::<{ space::<ScmPidfd>() }>::new();
    let msg = recv(&b, &mut data, &mut control, RecvFlags::empty()).unwrap();
    let raw = msg.control.get::<ScmPidfd>().unwrap().expect("SCM_PIDFD").0;
    assert_eq!(open_fds(), baseline + 1, "the kernel installed the pidfd");
    assert_eq!(fdinfo_pid(raw), Some(std::process::id()));
    drop(msg);
    assert_eq!(open_fds(), baseline, "closed with the Received");
    assert!(!is_open(raw));
}
