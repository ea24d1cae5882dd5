extern crate cmsg_core as cmsg;
use cmsg::ControlMessage;

#[derive(ControlMessage)]
#[cmsg(level = libc::SOL_SOCKET, ty = libc::SCM_RIGHTS)]
struct NoRepr {
    fd: i32,
}

fn main() {}
