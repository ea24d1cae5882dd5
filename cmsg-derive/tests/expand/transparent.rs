/// A tuple struct, `repr(transparent)`, receive-only, its option at another level.
#[derive(ControlMessage)]
#[cmsg(level = libc::IPPROTO_IPV6, ty = libc::IPV6_HOPLIMIT, direction = recv,
       enable = libc::IPV6_RECVHOPLIMIT, enable_level = libc::IPPROTO_IPV6)]
#[repr(transparent)]
struct HopLimit(i32);
