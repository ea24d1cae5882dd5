/// Nothing but a slice, as `SCM_RIGHTS`.
#[derive(ControlMessage)]
#[cmsg(level = libc::SOL_SOCKET, ty = libc::SCM_RIGHTS, direction = recv)]
#[repr(C)]
pub struct Rights {
    fds: [i32],
}
