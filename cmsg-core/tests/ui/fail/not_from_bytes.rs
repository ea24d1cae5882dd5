extern crate cmsg_core as cmsg;
use cmsg::ControlMessage;

// `bool` has invalid bit patterns: zerocopy cannot prove `FromBytes`.
#[derive(ControlMessage)]
#[cmsg(level = libc::SOL_SOCKET, ty = 1)]
#[repr(C)]
struct HasBool {
    flag: bool,
    rest: [u8; 3],
}

fn main() {}
