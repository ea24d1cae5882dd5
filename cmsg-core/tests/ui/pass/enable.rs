extern crate cmsg_core as cmsg;
use cmsg::{ControlMessage, SocketOption};

// `enable` alone: the option's level is the message's level.
#[derive(ControlMessage)]
#[cmsg(level = libc::IPPROTO_IP, ty = libc::IP_TTL, enable = libc::IP_RECVTTL)]
#[repr(C)]
struct Ttl(i32);

// `enable_level` overrides it.
#[derive(ControlMessage)]
#[cmsg(level = libc::SOL_SOCKET, ty = 0x7c, enable = libc::SO_TIMESTAMP,
       enable_level = libc::IPPROTO_IP)]
#[repr(C)]
struct Elsewhere(u32);

#[derive(ControlMessage)]
#[cmsg(level = libc::SOL_SOCKET, ty = 0x7d)]
#[repr(C)]
struct Always(u32);

fn main() {
    assert_eq!(
        Ttl::ENABLE,
        Some(SocketOption {
            level: libc::IPPROTO_IP,
            name: libc::IP_RECVTTL,
        })
    );
    assert_eq!(
        Elsewhere::ENABLE,
        Some(SocketOption {
            level: libc::IPPROTO_IP,
            name: libc::SO_TIMESTAMP,
        })
    );
    assert_eq!(Elsewhere::LEVEL, libc::SOL_SOCKET);
    assert_eq!(Always::ENABLE, None);
    let _ = (Ttl(0).0, Elsewhere(0).0, Always(0).0);
}
