extern crate cmsg_core as cmsg;
use cmsg::ControlMessage;

#[derive(ControlMessage)]
#[cmsg(level = libc::SOL_SOCKET, ty = 1, level = libc::IPPROTO_IP)]
#[repr(C)]
struct Duplicate {
    value: u32,
}

fn main() {}
