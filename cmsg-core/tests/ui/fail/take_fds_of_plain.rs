// `take_fds_of::<M>()` for a message without descriptors is a type error at
// the call, not a panic in a constant after monomorphization.
extern crate cmsg_core as cmsg;
use cmsg::{ControlMessage, Received};

#[derive(ControlMessage)]
#[cmsg(level = libc::IPPROTO_IP, ty = libc::IP_TTL)]
#[repr(C)]
struct Ttl(i32);

fn main() {
    let mut received = Received::empty();
    let _ = received.take_fds_of::<Ttl>().count();
}
