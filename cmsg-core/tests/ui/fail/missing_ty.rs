extern crate cmsg_core as cmsg;
use cmsg::ControlMessage;

#[derive(ControlMessage)]
#[cmsg(level = libc::SOL_SOCKET)]
#[repr(C)]
struct NoType {
    value: u32,
}

fn main() {}
