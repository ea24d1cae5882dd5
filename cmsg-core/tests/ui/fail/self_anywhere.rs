// `Self` in any position of a field type: a generic argument, an array
// element, a tuple, a slice tail.
extern crate cmsg_core as cmsg;
use cmsg::ControlMessage;

trait Width {
    type T;
}
impl<X: ?Sized> Width for X {
    type T = u32;
}

#[derive(ControlMessage)]
#[cmsg(level = 1234, ty = 2)]
#[repr(C)]
struct Nested {
    a: [<Self as Width>::T; 2],
    b: (u32, <Self as Width>::T),
    tail: [<Self as Width>::T],
}

fn main() {}
