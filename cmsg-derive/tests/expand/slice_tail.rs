/// A head and a trailing slice, send-only, through a re-exported crate path.
#[derive(ControlMessage)]
#[cmsg(crate = "crate::reexport", level = 279, ty = 2, direction = send)]
#[repr(C)]
struct Iv {
    len: [u8; 4],
    bytes: [u8],
}
