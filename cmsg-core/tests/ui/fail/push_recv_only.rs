extern crate cmsg_core as cmsg;
use cmsg::{ControlMessage, Encoder};

#[derive(ControlMessage, Clone, Copy)]
#[cmsg(level = libc::SOL_SOCKET, ty = 1, direction = recv)]
#[repr(C)]
struct OnlyReceived(i32);

fn main() {
    let mut buf = [0u8; 64];
    let _ = Encoder::new(&mut buf).push(&OnlyReceived(0));
}
