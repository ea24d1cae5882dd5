extern crate cmsg_core as cmsg;
use cmsg::ControlMessage;

// A `u32` header aligns the struct to 4, so a `[u8]` tail of 1 to 3
// elements leaves trailing padding: zerocopy cannot prove `IntoBytes`
// (see pass/slice_tail.rs for the `packed` form that works).
#[derive(ControlMessage)]
#[cmsg(level = libc::SOL_SOCKET, ty = 0x7b)]
#[repr(C)]
struct Blob {
    header: u32,
    data: [u8],
}

fn main() {}
