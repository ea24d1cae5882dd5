// A descriptor pushed into a message stays borrowed until the message is
// sent: closing it first (so that its number could name another file by
// the time `sendmsg` runs) does not compile.
extern crate cmsg_core as cmsg;
use cmsg::{sendmsg, ControlBuffer, Encoder, SendFlags};
use std::os::fd::AsFd;

fn main() {
    let (a, _b) = std::os::unix::net::UnixDatagram::pair().unwrap();
    let file = std::fs::File::open("/dev/null").unwrap();
    let mut buf = ControlBuffer::<64>::new();
    let mut encoder = Encoder::new(&mut buf);
    encoder.push_fds(&[file.as_fd()]).unwrap();
    drop(file);
    sendmsg(&a, &[], encoder.finish(), SendFlags::empty()).unwrap();
}
