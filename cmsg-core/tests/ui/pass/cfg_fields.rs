// `#[cfg]` on fields and variants is applied before a derive runs: the
// derive sees the struct as compiled.
extern crate cmsg_core as cmsg;
use cmsg::ControlMessage;

#[derive(ControlMessage)]
#[cmsg(level = 1234, ty = 1)]
#[repr(C)]
struct Conditional {
    a: u32,
    #[cfg(all())]
    b: u32,
    #[cfg(any())]
    c: u64,
}

fn main() {
    assert_eq!(Conditional::BASE_SIZE, 8);
    let _ = Conditional { a: 0, b: 0 }.a;
}
