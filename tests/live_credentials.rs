//! SCM_CREDENTIALS with SO_PASSCRED: the kernel attaches the sender's real
//! pid, uid and gid, and checks credentials a sender supplies.
#![cfg(target_os = "linux")]

mod common;

use cmsg::platforms::linux::UCred;
use cmsg::{enable, recvmsg, sendmsg, space, ControlBuffer, Encoder, RecvFlags, SendFlags};
use common::unix_pair;
use std::io::{IoSlice, IoSliceMut};
use std::os::fd::OwnedFd;

fn receive_credentials(b: &OwnedFd) -> UCred {
    let mut data = [0u8; 8];
    let mut control = ControlBuffer::<{ space::<UCred>() }>::new();
    let msg = recvmsg(
        b,
        &mut [IoSliceMut::new(&mut data)],
        &mut control,
        RecvFlags::empty(),
    )
    .unwrap();
    assert!(!msg.flags.control_truncated());
    *msg.control
        .get::<UCred>()
        .unwrap()
        .expect("SCM_CREDENTIALS attached")
}

#[test]
fn kernel_attaches_the_senders_credentials() {
    let me = UCred {
        pid: std::process::id() as libc::pid_t,
        // SAFETY: getuid/getgid cannot fail.
        uid: unsafe { libc::getuid() },
        // SAFETY: as above.
        gid: unsafe { libc::getgid() },
    };
    for (name, ty) in [("stream", libc::SOCK_STREAM), ("dgram", libc::SOCK_DGRAM)] {
        let (a, b) = unix_pair(ty).unwrap();
        enable::<UCred>(&b).unwrap();
        sendmsg(
            &a,
            &[IoSlice::new(b"who")],
            cmsg::Encoded::empty(),
            SendFlags::empty(),
        )
        .unwrap();
        assert_eq!(receive_credentials(&b), me, "{name}");
    }
}

#[test]
fn explicit_credentials_are_delivered_as_sent() {
    for (name, ty) in [("stream", libc::SOCK_STREAM), ("dgram", libc::SOCK_DGRAM)] {
        let (a, b) = unix_pair(ty).unwrap();
        enable::<UCred>(&b).unwrap();
        let mut out = ControlBuffer::<{ space::<UCred>() }>::new();
        let mut encoder = Encoder::new(&mut out);
        encoder.push(&UCred::current()).unwrap();
        sendmsg(
            &a,
            &[IoSlice::new(b"me")],
            encoder.finish(),
            SendFlags::empty(),
        )
        .unwrap();
        assert_eq!(receive_credentials(&b), UCred::current(), "{name}");
    }
}

/// A pid no process has: the kernel refuses it (ESRCH with CAP_SYS_ADMIN,
/// which may name any existing pid; EPERM without, which may name only its
/// own).
#[test]
fn credentials_naming_a_missing_process_are_refused() {
    let (a, b) = unix_pair(libc::SOCK_DGRAM).unwrap();
    enable::<UCred>(&b).unwrap();
    // pid_max is at most 2^22 on Linux: this pid cannot exist.
    let forged = UCred {
        pid: (1 << 22) + 1,
        ..UCred::current()
    };
    let mut out = ControlBuffer::<{ space::<UCred>() }>::new();
    let mut encoder = Encoder::new(&mut out);
    encoder.push(&forged).unwrap();
    let err = sendmsg(
        &a,
        &[IoSlice::new(b"x")],
        encoder.finish(),
        SendFlags::empty(),
    )
    .unwrap_err();
    let code = err.raw_os_error().unwrap();
    // SAFETY: geteuid cannot fail.
    let root = unsafe { libc::geteuid() } == 0;
    let expected = if root { libc::ESRCH } else { libc::EPERM };
    assert_eq!(code, expected, "{err}");
}
