// repr(transparent) with a slice tail is refused with a way out.
extern crate cmsg_core as cmsg;
use cmsg::ControlMessage;

#[derive(ControlMessage)]
#[cmsg(level = 1234, ty = 10)]
#[repr(transparent)]
struct Words([u32]);

fn main() {}
