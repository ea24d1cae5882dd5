// A receive set's shape: an enum of one-field variants, one lifetime, at
// most one catch-all, which excludes `unknown = error`.
extern crate cmsg_core as cmsg;
use cmsg::{ControlMessage, ControlMessages, RawMessage};

#[derive(ControlMessage, Clone, Copy)]
#[cmsg(level = 1234, ty = 1)]
#[repr(C)]
struct Ttl(i32);

#[derive(ControlMessages)]
struct NotAnEnum(Ttl);

#[derive(ControlMessages)]
#[cmsg(unknown = error)]
enum Shapes<'a, T> {
    Two(Ttl, Ttl),
    Named { ttl: Ttl },
    #[cmsg(other)]
    Other(RawMessage<'a>),
    #[cmsg(other)]
    Again(RawMessage<'a>),
    #[cmsg(colour = 3)]
    Unknown(T),
}

fn main() {}
