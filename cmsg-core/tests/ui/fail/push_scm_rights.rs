// `ScmRights` holds plain numbers: pushing it (or building one in place)
// would send descriptors nobody lent. `Encoder::push_fds` is the way.
extern crate cmsg_core as cmsg;
use cmsg::{Encoder, ScmRights};

fn resend(rights: &ScmRights, buf: &mut [u8]) {
    let mut encoder = Encoder::new(buf);
    let _ = encoder.push(rights);
    let _ = encoder.push_with::<ScmRights>(1, |_| {});
}

fn main() {}
