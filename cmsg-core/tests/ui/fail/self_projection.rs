// The review's reproducer: `<Self as Pick>::T` is `&'static u64` in the
// user's struct but would be `u64` in a copy of it, where `Self` is the copy.
extern crate cmsg_core as cmsg;
use cmsg::ControlMessage;

trait Pick {
    type T;
}
impl Pick for Evil {
    type T = &'static u64;
}
impl<X: cmsg::zerocopy::KnownLayout> Pick for X {
    type T = u64;
}

#[derive(ControlMessage, Clone, Copy)]
#[cmsg(level = 1234, ty = 1)]
#[repr(C)]
struct Evil {
    r: <Self as Pick>::T,
    pad: u64,
}

fn main() {}
