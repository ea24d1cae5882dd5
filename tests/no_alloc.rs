//! No heap allocation on encode, send, receive, decode or taking fds: a
//! counting global allocator watches this thread while they run.
#![cfg(target_os = "linux")]

mod common;

use cmsg::platforms::linux::UCred;
use cmsg::{
    enable, recvmsg, sendmsg, space, space_for, ControlBuffer, Encoder, Messages, RecvFlags,
    ScmRights, SendFlags,
};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::io::{IoSlice, IoSliceMut};
use std::os::fd::AsFd;

struct Counting;

thread_local! {
    static WATCHING: Cell<bool> = const { Cell::new(false) };
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: forwards every call to `System` unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if WATCHING.with(Cell::get) {
            ALLOCATIONS.with(|n| n.set(n.get() + 1));
        }
        // SAFETY: the caller's contract for `alloc` is passed through.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if WATCHING.with(Cell::get) {
            ALLOCATIONS.with(|n| n.set(n.get() + 1));
        }
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f` and returns how many allocations it made on this thread.
fn allocations(f: impl FnOnce()) -> usize {
    ALLOCATIONS.with(|n| n.set(0));
    WATCHING.with(|w| w.set(true));
    f();
    WATCHING.with(|w| w.set(false));
    ALLOCATIONS.with(Cell::get)
}

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
        let mut msg = recvmsg(
            &b,
            &mut [IoSliceMut::new(&mut data)],
            &mut control,
            RecvFlags::empty(),
        )
        .unwrap();
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
