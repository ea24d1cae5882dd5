extern crate cmsg_core as cmsg;
use cmsg::ControlMessage;

#[derive(ControlMessage)]
#[repr(C)]
struct NoAttribute {
    value: u32,
}

fn main() {}
