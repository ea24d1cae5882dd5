extern crate cmsg_core as cmsg;
use cmsg::ControlMessage;

#[derive(ControlMessage)]
#[cmsg(kind = 2, level = libc::SOL_SOCKET, ty = 1)]
#[repr(C)]
struct UnknownKey {
    value: u32,
}

fn main() {}
