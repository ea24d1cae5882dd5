// A `Cell` in an SCM_RIGHTS lookalike would let `get()` write another
// descriptor number into the bytes a `Received` closes: zerocopy's
// `Immutable` refuses it.
extern crate cmsg_core as cmsg;
use cmsg::ControlMessage;
use std::cell::Cell;

#[derive(ControlMessage)]
#[cmsg(level = libc::SOL_SOCKET, ty = libc::SCM_RIGHTS, direction = recv)]
#[repr(C)]
struct Rewritable {
    fd: Cell<i32>,
}

fn main() {}
