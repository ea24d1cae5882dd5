extern crate cmsg_core as cmsg;
use cmsg::ControlMessage;

// Three padding bytes after `a`: zerocopy cannot prove `IntoBytes`.
#[derive(ControlMessage)]
#[cmsg(level = libc::SOL_SOCKET, ty = 1)]
#[repr(C)]
struct Padded {
    a: u8,
    b: u32,
}

fn main() {}
