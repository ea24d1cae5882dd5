extern crate cmsg_core as cmsg;
use cmsg::{space, ControlMessage};

#[derive(ControlMessage)]
#[cmsg(level = libc::IPPROTO_IP, ty = libc::IP_TTL)]
#[repr(C)]
struct Pair(u64, u16, u16, u32);

const _: () = assert!(Pair::LEVEL == libc::IPPROTO_IP);
const _: () = assert!(Pair::TYPE == libc::IP_TTL);
const _: () = assert!(Pair::BASE_SIZE == 16);
const _: () = assert!(Pair::ELEMENT_SIZE == 0);
const _: () = assert!(Pair::ALIGN == core::mem::align_of::<u64>());

fn main() {
    // SAFETY: CMSG_SPACE is arithmetic on its argument.
    assert_eq!(space::<Pair>(), unsafe { libc::CMSG_SPACE(16) } as usize);
    let p = Pair(1, 2, 3, 4);
    assert_eq!((p.0, p.1, p.2, p.3), (1, 2, 3, 4));
}
