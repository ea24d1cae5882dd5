// The derive reads the struct as it is when the derive runs: an attribute
// macro written after it runs later and could change the repr or the fields
// (shown live with a proc macro adding `#[repr(align(8))]`). Only rustc's
// own single-name attributes are accepted: a path such as `zerocopy::m` can
// reach a user's macro through a local module of that name. `r#repr` is
// read as `repr`.
extern crate cmsg_core as cmsg;
use cmsg::ControlMessage;

#[derive(ControlMessage)]
#[cmsg(level = 1234, ty = 1)]
#[repr(C)]
#[my_layout_changer]
struct AfterDerive {
    a: u32,
    tail: [u32],
}

// A raw `r#repr` is a repr all the same: here it over-aligns the struct,
// which leaves padding after a 4-byte head.
#[derive(ControlMessage)]
#[cmsg(level = 1234, ty = 2)]
#[repr(C)]
#[r#repr(align(8))]
struct RawRepr {
    a: u32,
    tail: [u32],
}

mod zerocopy {
    pub use core::prelude::v1::test as looks_inert;
}

#[derive(ControlMessage)]
#[cmsg(level = 1234, ty = 3)]
#[repr(C)]
#[zerocopy::looks_inert]
struct ThroughAModule {
    a: u32,
    tail: [u32],
}

fn main() {}
