// Two variants holding the same (level, type): the second could never be
// reached. The error names both.
extern crate cmsg_core as cmsg;
use cmsg::{ControlMessage, ControlMessages};

#[derive(ControlMessage, Clone, Copy)]
#[cmsg(level = 1234, ty = 1)]
#[repr(C)]
struct Ttl(i32);

#[derive(ControlMessage, Clone, Copy)]
#[cmsg(level = 1234, ty = 1)]
#[repr(C)]
struct SameTtl(u32);

#[derive(ControlMessages)]
enum Twice {
    Ttl(Ttl),
    Again(SameTtl),
}

fn main() {}
