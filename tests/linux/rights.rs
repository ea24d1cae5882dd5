//! `SCM_RIGHTS` (cmsg-core's `ScmRights`, which the catalogue re-exports)
//! on real UNIX sockets: the received descriptors are new descriptors for
//! the same open files, and truncation is never taken for absence.

use crate::support::{identity, is_cloexec, recv, temp_file, unix_pair, UNIX_TYPES};
use cmsg::platforms::linux::UCred;
use cmsg::{
    enable, sendmsg, space, space_for, ControlBuffer, DecodeError, Encoder, MsgFlags, RecvFlags,
    ScmRights, SendFlags,
};
use std::fs::File;
use std::io::{IoSlice, Read};
use std::os::fd::{AsFd, AsRawFd};

/// Sends `data` with `files` in one SCM_RIGHTS message.
fn send_files(socket: &impl AsFd, data: &[u8], files: &[File; 3]) {
    let mut out = ControlBuffer::<{ space_for::<ScmRights>(3) }>::new();
    let mut encoder = Encoder::new(&mut out);
    encoder
        .push_fds(&[files[0].as_fd(), files[1].as_fd(), files[2].as_fd()])
        .unwrap();
    let sent = sendmsg(
        socket,
        &[IoSlice::new(data)],
        encoder.finish(),
        SendFlags::empty(),
    );
    assert_eq!(sent.unwrap(), data.len());
}

#[test]
fn passes_descriptors_on_every_unix_socket_type() {
    for (name, ty) in UNIX_TYPES {
        let (a, b) = unix_pair(ty).unwrap();
        let files = [
            temp_file(b"first"),
            temp_file(b"second"),
            temp_file(b"third"),
        ];
        send_files(&a, b"payload", &files);

        let mut data = [0u8; 16];
        let mut control = ControlBuffer::<{ space_for::<ScmRights>(3) }>::new();
        let mut msg = recv(&b, &mut data, &mut control, RecvFlags::empty()).unwrap();
        assert_eq!(&data[..msg.bytes], b"payload", "{name}");
        assert!(!msg.flags.control_truncated(), "{name}");
        // Linux echoes MSG_CMSG_CLOEXEC, which recvmsg added itself.
        assert_eq!(msg.flags, MsgFlags::empty(), "{name}");
        assert!(!msg.control.is_truncated(), "{name}");

        let rights: &ScmRights = msg.control.get().unwrap().expect("an SCM_RIGHTS message");
        assert_eq!(rights.as_raw_fds().len(), 3, "{name}");
        let received: Vec<_> = msg.control.take_fds().collect();
        assert_eq!(received.len(), 3, "{name}");
        for ((fd, file), contents) in
            received
                .into_iter()
                .zip(&files)
                .zip([&b"first"[..], b"second", b"third"])
        {
            assert_eq!(identity(&fd), identity(file), "{name}: same inode");
            assert_ne!(fd.as_raw_fd(), file.as_raw_fd(), "{name}: a new descriptor");
            assert!(is_cloexec(&fd), "{name}: received close-on-exec");
            let mut read = String::new();
            File::from(fd).read_to_string(&mut read).unwrap();
            assert_eq!(read.as_bytes(), contents, "{name}: same open file");
        }
        // Taken descriptors read as -1 afterwards and are not handed out again.
        assert_eq!(msg.control.take_fds().count(), 0, "{name}");
    }
}

#[test]
fn several_messages_in_one_sendmsg() {
    for (name, ty) in [("stream", libc::SOCK_STREAM), ("dgram", libc::SOCK_DGRAM)] {
        let (a, b) = unix_pair(ty).unwrap();
        enable::<UCred>(&b).unwrap();
        let file = temp_file(b"x");

        let me = UCred::current();
        let mut out = ControlBuffer::<
            { space_for::<ScmRights>(1) + space::<UCred>() + space_for::<ScmRights>(2) },
        >::new();
        let mut encoder = Encoder::new(&mut out);
        encoder.push_fds(&[file.as_fd()]).unwrap();
        encoder.push(&me).unwrap();
        let sent = encoder.finish();
        assert_eq!(
            sent.len(),
            space_for::<ScmRights>(1) + space::<UCred>(),
            "{name}"
        );
        sendmsg(&a, &[IoSlice::new(b"m")], sent, SendFlags::empty()).unwrap();

        let mut data = [0u8; 4];
        let mut control = ControlBuffer::<{ space_for::<ScmRights>(1) + space::<UCred>() }>::new();
        let mut msg = recv(&b, &mut data, &mut control, RecvFlags::empty()).unwrap();
        assert!(!msg.flags.control_truncated(), "{name}");
        let kinds: Vec<_> = msg
            .control
            .messages()
            .map(|m| m.map(|m| (m.level, m.ty)))
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(kinds.len(), 2, "{name}: {kinds:?}");
        assert!(
            kinds.contains(&(libc::SOL_SOCKET, libc::SCM_RIGHTS)),
            "{name}"
        );
        assert!(
            kinds.contains(&(libc::SOL_SOCKET, libc::SCM_CREDENTIALS)),
            "{name}"
        );
        assert_eq!(msg.control.get::<UCred>().unwrap(), Some(&me), "{name}");
        let fd = msg.control.take_fds().next().expect("one descriptor");
        assert_eq!(identity(&fd), identity(&file), "{name}");
    }
}

/// Credentials and three descriptors into room for the credentials and two
/// descriptors: the credentials arrive whole and decode, the cut descriptor
/// array is reported as truncated (not as a whole message), and the
/// descriptors that did arrive are still handed out.
#[test]
fn a_cut_descriptor_array_is_reported_truncated() {
    for (name, ty) in UNIX_TYPES {
        let (a, b) = unix_pair(ty).unwrap();
        enable::<UCred>(&b).unwrap();
        let files = [temp_file(b"1"), temp_file(b"2"), temp_file(b"3")];
        send_files(&a, b"x", &files);

        let mut data = [0u8; 4];
        let mut control = ControlBuffer::<{ space::<UCred>() + space_for::<ScmRights>(2) }>::new();
        let mut msg = recv(&b, &mut data, &mut control, RecvFlags::empty()).unwrap();
        assert_eq!(msg.flags, MsgFlags::CTRUNC, "{name}");
        assert!(msg.control.is_truncated(), "{name}");
        assert_eq!(
            msg.control.get::<UCred>(),
            Ok(Some(&UCred::current())),
            "{name}"
        );
        assert_eq!(
            msg.control.get::<ScmRights>(),
            Err(DecodeError::Truncated {
                wanted: Some((libc::SOL_SOCKET, libc::SCM_RIGHTS)),
                received: msg.control.as_bytes().len(),
            }),
            "{name}"
        );
        let received: Vec<_> = msg.control.take_fds().collect();
        assert_eq!(received.len(), 2, "{name}: what fit is still handed out");
        for (fd, file) in received.iter().zip(&files) {
            assert_eq!(identity(fd.as_fd()), identity(file.as_fd()), "{name}");
        }
    }
}

/// Credentials and three descriptors received into every control length
/// from 0 to what they need: under truncation a lookup never answers
/// "absent" and never passes a cut descriptor array off as whole.
#[test]
fn truncation_at_every_length_is_never_absence() {
    const FULL: usize = space::<UCred>() + space_for::<ScmRights>(3);
    // The last message needs no padding after it: CMSG_LEN, not CMSG_SPACE.
    const NEEDED: usize = space::<UCred>() + cmsg::layout::NATIVE.len(3 * 4);
    let (a, b) = unix_pair(libc::SOCK_DGRAM).unwrap();
    enable::<UCred>(&b).unwrap();
    let files = [temp_file(b"1"), temp_file(b"2"), temp_file(b"3")];
    let (mut whole, mut cut) = (0, 0);
    for len in 0..=FULL {
        send_files(&a, b"x", &files);
        let mut data = [0u8; 4];
        let mut control = ControlBuffer::<FULL>::new();
        let msg = recv(&b, &mut data, &mut control[..len], RecvFlags::empty()).unwrap();
        let truncated = msg.control.is_truncated();
        assert_eq!(truncated, len < NEEDED, "len {len}");
        let received = msg.control.as_bytes().len();
        let dropped = |wanted| DecodeError::Truncated {
            wanted: Some(wanted),
            received,
        };
        match msg.control.get::<UCred>() {
            Ok(Some(cred)) => assert_eq!(cred, &UCred::current(), "len {len}"),
            other => assert_eq!(
                other,
                Err(dropped((libc::SOL_SOCKET, libc::SCM_CREDENTIALS))),
                "len {len}"
            ),
        }
        match msg.control.get::<ScmRights>() {
            Ok(Some(rights)) => {
                assert_eq!(rights.as_raw_fds().len(), 3, "len {len}");
                whole += 1;
            }
            other => {
                assert_eq!(
                    other,
                    Err(dropped((libc::SOL_SOCKET, libc::SCM_RIGHTS))),
                    "len {len}"
                );
                cut += 1;
            }
        }
    }
    assert_eq!(
        (whole, cut),
        (FULL - NEEDED + 1, NEEDED),
        "only a buffer that holds every descriptor sees them as whole"
    );
}
