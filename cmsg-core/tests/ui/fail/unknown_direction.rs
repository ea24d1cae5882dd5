extern crate cmsg_core as cmsg;
use cmsg::ControlMessage;

#[derive(ControlMessage)]
#[cmsg(direction = sideways, level = libc::SOL_SOCKET, ty = 1)]
#[repr(C)]
struct UnknownDirection {
    value: u32,
}

fn main() {}
