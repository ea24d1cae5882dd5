// A user-declared SCM_RIGHTS that could be pushed would send descriptor
// numbers the sender does not hold: refused at the declaration, by
// `cargo check`.
extern crate cmsg_core as cmsg;
use cmsg::ControlMessage;

#[derive(ControlMessage)]
#[cmsg(level = libc::SOL_SOCKET, ty = libc::SCM_RIGHTS)]
#[repr(C)]
struct MyRights {
    fds: [i32],
}

#[derive(ControlMessage)]
#[cmsg(level = libc::SOL_SOCKET, ty = 0x04, direction = send)]
#[repr(C)]
struct MyPidfd(i32);

fn main() {}
