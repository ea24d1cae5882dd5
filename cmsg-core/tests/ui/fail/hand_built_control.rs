// `sendmsg` sends only what an `Encoder` finished: control bytes written by
// hand (here an SCM_RIGHTS naming descriptor 0, which nobody lent) are not
// accepted. `Encoded::from_bytes_unchecked` is the unsafe way in.
extern crate cmsg_core as cmsg;
use cmsg::{sendmsg, SendFlags};

fn main() {
    let (a, _b) = std::os::unix::net::UnixDatagram::pair().unwrap();
    let mut bytes = [0u8; 24];
    bytes[..8].copy_from_slice(&20usize.to_ne_bytes());
    bytes[8..12].copy_from_slice(&libc::SOL_SOCKET.to_ne_bytes());
    bytes[12..16].copy_from_slice(&libc::SCM_RIGHTS.to_ne_bytes());
    sendmsg(&a, &[], &bytes[..20], SendFlags::empty()).unwrap();
}
