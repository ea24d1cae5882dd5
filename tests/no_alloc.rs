//! No heap allocation on encode, send, receive, decode or taking fds: a
//! counting global allocator watches this thread while they run.
#![cfg(target_os = "linux")]

mod common;

use cmsg::platforms::linux::UCred;
use cmsg::{
    enable, sendmsg, space, space_for, ControlBuffer, Encoder, Messages, RecvFlags, ScmRights,
    SendFlags,
};
use std::io::IoSlice;
use std::os::fd::AsFd;

#[global_allocator]
static ALLOCATOR: common::counting::Counting = common::counting::Counting;

use common::counting::allocations;

#[test]
fn send_receive_decode_allocate_nothing() {
    let (a, b) = common::unix_pair(libc::SOCK_DGRAM).unwrap();
    enable::<UCred>(&b).unwrap();
    let mut seen = None;

    let count = allocations(|| {
        let mut out = ControlBuffer::<{ space_for::<ScmRights>(2) + space::<UCred>() }>::new();
        let mut encoder = Encoder::new(&mut out);
        encoder.push_fds(&[a.as_fd(), b.as_fd()]).unwrap();
        encoder.push(&UCred::current()).unwrap();
        sendmsg(
            &a,
            &[IoSlice::new(b"data")],
            encoder.finish(),
            SendFlags::empty(),
        )
        .unwrap();

        let mut data = [0u8; 8];
        let mut control = ControlBuffer::<{ space_for::<ScmRights>(2) + space::<UCred>() }>::new();
        let mut msg = common::recv(&b, &mut data, &mut control, RecvFlags::empty()).unwrap();
        let mut messages = 0;
        for message in Messages::new(msg.control.as_bytes()) {
            let message = message.unwrap();
            if message.is::<ScmRights>() {
                assert_eq!(message.decode::<ScmRights>().unwrap().as_raw_fds().len(), 2);
            }
            messages += 1;
        }
        let credentials = *msg.control.get::<UCred>().unwrap().unwrap();
        let fds = msg.control.take_fds().count();
        drop(msg);
        seen = Some((messages, credentials, fds));
    });

    assert_eq!(
        seen,
        Some((2, UCred::current(), 2)),
        "the work was really done"
    );
    assert_eq!(count, 0, "allocations on the send/receive/decode path");
}

#[test]
fn the_counter_counts() {
    // The check above could not fail if the allocator were not installed.
    let count = allocations(|| drop(std::hint::black_box(vec![1u8; 16])));
    assert_eq!(count, 1);
}
