// `crate = "..."`: the derive reaches cmsg through a re-export.
extern crate cmsg_core as cmsg;
mod reexport {
    pub use cmsg_core as inner;
}

use cmsg::ControlMessage;

#[derive(ControlMessage)]
#[cmsg(crate = "crate::reexport::inner", level = libc::SOL_SOCKET, ty = 0x7e)]
#[repr(C)]
struct ThroughReexport(u16, u16);

fn main() {
    assert_eq!(ThroughReexport::TYPE, 0x7e);
    assert_eq!(ThroughReexport::BASE_SIZE, 4);
    // SAFETY: CMSG_SPACE is arithmetic on its argument.
    assert_eq!(cmsg::space::<ThroughReexport>(), unsafe { libc::CMSG_SPACE(4) } as usize);
    let _ = (ThroughReexport(0, 0).0, ThroughReexport(0, 0).1);
}
