// A receive set with every kind of variant, a cfg'd one, and a catch-all.
extern crate cmsg_core as cmsg;
use cmsg::{ControlMessage, ControlMessages, Fds, RawMessage, ReceiveSet, ScmRights};

#[derive(ControlMessage, Clone, Copy, Debug)]
#[cmsg(level = 1234, ty = 1, enable = 77)]
#[repr(C)]
struct Ttl(i32);

#[derive(ControlMessage, Debug)]
#[cmsg(level = 1234, ty = 2)]
#[repr(C)]
struct Label {
    bytes: [u8],
}

#[derive(ControlMessages, Debug)]
enum Everything<'a> {
    Ttl(Ttl),
    #[cmsg(max = 16)]
    Label(&'a Label),
    #[cmsg(max = 2)]
    Rights(Fds<'a, ScmRights>),
    #[cfg(any())]
    Never(NoSuchType),
    #[cmsg(other)]
    Other(RawMessage<'a>),
}

fn main() {
    let space = cmsg::space_for::<Ttl>(0) + cmsg::space_for::<Label>(16) + cmsg::space_for::<ScmRights>(2);
    assert_eq!(Everything::SPACE, space);
    assert_eq!(<Everything<'_> as ReceiveSet<'_>>::SPACE, space);
    assert_eq!(Everything::buffer().len(), space);
    let (socket, _peer) = std::os::unix::net::UnixDatagram::pair().unwrap();
    let report: cmsg::Enabled<3> = Everything::enable(&socket);
    // Option 77 at level 1234 is unknown to the kernel: refused, by name.
    assert_eq!(report.refused().map(|r| r.variant).collect::<Vec<_>>(), ["Ttl"]);
}
