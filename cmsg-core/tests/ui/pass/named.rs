extern crate cmsg_core as cmsg;
use cmsg::{space, ControlMessage, Direction};

#[derive(ControlMessage)]
#[cmsg(level = libc::SOL_SOCKET, ty = 0x7a)]
#[repr(C)]
struct Named {
    pid: i32,
    uid: u32,
    gid: u32,
}

const _: () = assert!(Named::LEVEL == libc::SOL_SOCKET);
const _: () = assert!(Named::TYPE == 0x7a);
const _: () = assert!(Named::BASE_SIZE == 12);
const _: () = assert!(Named::ELEMENT_SIZE == 0);
const _: () = assert!(Named::ALIGN == 4);

fn main() {
    assert_eq!(Named::DIRECTION, Direction::Both);
    assert_eq!(Named::ENABLE, None);
    // SAFETY: CMSG_SPACE is arithmetic on its argument.
    assert_eq!(space::<Named>(), unsafe { libc::CMSG_SPACE(12) } as usize);
    let n = Named { pid: 1, uid: 2, gid: 3 };
    assert_eq!((n.pid, n.uid, n.gid), (1, 2, 3));
}
