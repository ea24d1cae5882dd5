extern crate cmsg_core as cmsg;
use cmsg::{ControlMessage, Direction, Receivable, Sendable};

#[derive(ControlMessage)]
#[cmsg(level = libc::SOL_SOCKET, ty = 0x70, direction = send)]
#[repr(C)]
struct SendOnly(u32);

#[derive(ControlMessage)]
#[cmsg(level = libc::SOL_SOCKET, ty = 0x71, direction = recv)]
#[repr(C)]
struct RecvOnly(u32);

#[derive(ControlMessage)]
#[cmsg(level = libc::SOL_SOCKET, ty = 0x72, direction = both)]
#[repr(C)]
struct Both(u32);

#[derive(ControlMessage)]
#[cmsg(level = libc::SOL_SOCKET, ty = 0x73)]
#[repr(C)]
struct Unspecified(u32);

fn sendable<M: Sendable + ?Sized>() {}
fn receivable<M: Receivable + ?Sized>() {}

fn main() {
    assert_eq!(SendOnly::DIRECTION, Direction::Send);
    assert_eq!(RecvOnly::DIRECTION, Direction::Receive);
    assert_eq!(Both::DIRECTION, Direction::Both);
    assert_eq!(Unspecified::DIRECTION, Direction::Both);

    sendable::<SendOnly>();
    receivable::<RecvOnly>();
    sendable::<Both>();
    receivable::<Both>();
    sendable::<Unspecified>();
    receivable::<Unspecified>();
    let _ = (SendOnly(0).0, RecvOnly(0).0, Both(0).0, Unspecified(0).0);
}
