extern crate cmsg_core as cmsg;
use cmsg::{ControlMessage, Direction};

#[derive(ControlMessage)]
#[cmsg(level = libc::IPPROTO_IPV6)]
#[cmsg(ty = libc::IPV6_HOPLIMIT, direction = recv)]
#[repr(C)]
struct HopLimit(i32);

fn main() {
    assert_eq!(HopLimit::LEVEL, libc::IPPROTO_IPV6);
    assert_eq!(HopLimit::TYPE, libc::IPV6_HOPLIMIT);
    assert_eq!(HopLimit::DIRECTION, Direction::Receive);
    assert_eq!(HopLimit::BASE_SIZE, 4);
    let _ = HopLimit(0).0;
}
