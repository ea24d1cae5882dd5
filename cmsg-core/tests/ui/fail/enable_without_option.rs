// `enable::<M>()` for a message declared without `enable = ...` is a type
// error at the call, not a panic in a constant after monomorphization.
extern crate cmsg_core as cmsg;
use cmsg::{enable, ControlMessage};

#[derive(ControlMessage)]
#[cmsg(level = libc::IPPROTO_IP, ty = libc::IP_TTL)]
#[repr(C)]
struct Ttl(i32);

fn main() {
    let (a, _b) = std::os::unix::net::UnixDatagram::pair().unwrap();
    let _ = enable::<Ttl>(&a);
}
