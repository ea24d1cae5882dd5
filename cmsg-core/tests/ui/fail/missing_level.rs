extern crate cmsg_core as cmsg;
use cmsg::ControlMessage;

#[derive(ControlMessage)]
#[cmsg(ty = libc::SCM_RIGHTS)]
#[repr(C)]
struct NoLevel {
    value: u32,
}

fn main() {}
