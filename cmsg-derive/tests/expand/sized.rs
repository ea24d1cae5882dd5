/// A sized message with an enabling option, sent and received.
#[derive(ControlMessage)]
#[cmsg(level = libc::SOL_SOCKET, ty = libc::SCM_CREDENTIALS, enable = libc::SO_PASSCRED)]
#[repr(C)]
pub struct Credentials {
    pub pid: i32,
    pub uid: u32,
    pub gid: u32,
}
