// `Fds` only for a message the kernel fills with descriptors; `max` only
// for a message ending in a slice.
extern crate cmsg_core as cmsg;
use cmsg::{CarriesFds, ControlMessage, ControlMessages, Fds};

#[derive(ControlMessage, Debug)]
#[cmsg(level = 1234, ty = 1, direction = recv)]
#[repr(C)]
struct NotDescriptors {
    words: [u32],
}

// A safe trait: implementing it changes nothing at run time, and the derive
// refuses the variant at compile time.
impl CarriesFds for NotDescriptors {}

#[derive(ControlMessage, Clone, Copy, Debug)]
#[cmsg(level = 1234, ty = 2)]
#[repr(C)]
struct Fixed(u32);

#[derive(ControlMessages)]
enum Kinds<'a> {
    #[cmsg(max = 2)]
    Words(Fds<'a, NotDescriptors>),
    #[cmsg(max = 2)]
    Fixed(Fixed),
}

fn main() {}
