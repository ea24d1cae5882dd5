// Reprs zerocopy's derive would panic on, or rustc would refuse, get our
// error first, at the offending hint.
extern crate cmsg_core as cmsg;
use cmsg::ControlMessage;

#[derive(ControlMessage)]
#[cmsg(level = 1234, ty = 5)]
#[repr(C, packed, align(8))]
struct PackedAligned(u32);

#[derive(ControlMessage)]
#[cmsg(level = 1234, ty = 6)]
#[repr(C)]
#[repr(packed(2), align(4))]
struct SplitAttributes(u32);

#[derive(ControlMessage)]
#[cmsg(level = 1234, ty = 7)]
#[repr(transparent, C)]
struct TransparentC(u32);

#[derive(ControlMessage)]
#[cmsg(level = 1234, ty = 8)]
#[repr(C, u8)]
struct Integer(u32);

#[derive(ControlMessage)]
#[cmsg(level = 1234, ty = 9)]
#[repr(Rust)]
struct RustRepr(u32);

fn main() {}
