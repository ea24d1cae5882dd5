extern crate cmsg_core as cmsg;
use cmsg::ControlMessage;

#[derive(ControlMessage)]
#[cmsg(level = libc::IPPROTO_IP, ty = libc::IP_TTL, enable_level = libc::IPPROTO_IP)]
#[repr(C)]
struct EnableLevelAlone {
    ttl: i32,
}

fn main() {}
