// Names the expansion declares beside the copy it proves would shadow the
// user's own items inside it.
extern crate cmsg_core as cmsg;
#![allow(non_camel_case_types)]
use cmsg::ControlMessage;

#[derive(Clone, Copy)]
#[repr(C)]
struct __CmsgRepr(u64);

#[derive(ControlMessage)]
#[cmsg(level = 1234, ty = 4)]
#[repr(C)]
struct Shadowed {
    inner: __CmsgRepr,
}

fn main() {}
