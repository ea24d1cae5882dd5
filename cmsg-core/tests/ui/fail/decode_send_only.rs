extern crate cmsg_core as cmsg;
use cmsg::{ControlMessage, RawMessage};

#[derive(ControlMessage, Clone, Copy)]
#[cmsg(level = libc::SOL_SOCKET, ty = 1, direction = send)]
#[repr(C)]
struct OnlySent(i32);

fn decode(message: RawMessage<'_>) {
    let _ = message.decode::<OnlySent>();
}

fn main() {
    let _ = decode;
}
