extern crate cmsg_core as cmsg;
use cmsg::ControlMessage;

#[derive(ControlMessage)]
#[cmsg(level = libc::SOL_SOCKET, ty = 1)]
#[repr(C)]
struct SliceInTheMiddle {
    count: u32,
    items: [u8],
    trailer: u32,
}

fn main() {}
