// A type macro may expand to `Self` (macro_rules! output is not hygienic
// for it), so the copy the derive proves could hold another type.
extern crate cmsg_core as cmsg;
use cmsg::ControlMessage;

trait Pick {
    type T;
}
impl<X: ?Sized> Pick for X {
    type T = u64;
}
macro_rules! hidden {
    () => {
        <Self as Pick>::T
    };
}
macro_rules! four {
    () => {
        4
    };
}

#[derive(ControlMessage)]
#[cmsg(level = 1234, ty = 3)]
#[repr(C)]
struct Hidden {
    r: hidden!(),
    bytes: [u8; four!()],
}

fn main() {}
