extern crate cmsg_core as cmsg;
use cmsg::ControlMessage;

#[derive(ControlMessage)]
#[cmsg(level = libc::SOL_SOCKET, ty = 1)]
#[repr(C)]
enum NotAStruct {
    A,
    B,
}

fn main() {}
