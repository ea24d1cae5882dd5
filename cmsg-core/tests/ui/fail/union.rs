extern crate cmsg_core as cmsg;
use cmsg::ControlMessage;

#[derive(ControlMessage)]
#[cmsg(level = libc::SOL_SOCKET, ty = 1)]
#[repr(C)]
union NotAStruct {
    a: u32,
    b: i32,
}

fn main() {}
