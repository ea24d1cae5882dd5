// Every path the derive writes resolves in the user's crate, so a user can
// point `crate = "..."` at a module that re-exports cmsg's traits and
// replaces its helpers with ones that check nothing. Soundness does not
// rest on those helpers: cmsg-core itself requires every field to be plain
// bytes and the sizes to add up to no padding, so these still fail.
extern crate cmsg_core as cmsg;
mod fake {
    pub use cmsg::{ControlMessage, Direction, Receivable, Sendable, SocketOption};
    pub mod __private {
        pub use cmsg::__private::{core, libc};
        // A `plain` check that accepts anything.
        pub const fn plain<T: ?Sized>() {}
        // A descriptor check that sees no descriptors.
        pub const fn sendable_as_bytes(_: libc::c_int, _: libc::c_int) -> bool {
            true
        }
    }
}

use cmsg::ControlMessage;

#[derive(ControlMessage)]
#[cmsg(crate = "crate::fake", level = 1234, ty = 1)]
#[repr(C)]
struct NotPlain {
    reference: &'static u64,
}

#[derive(ControlMessage)]
#[cmsg(crate = "crate::fake", level = 1234, ty = 2)]
#[repr(C)]
struct Padded {
    byte: u8,
    word: u64,
}

fn main() {}
