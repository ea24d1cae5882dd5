// A message ending in a slice needs `#[cmsg(max = n)]`: how many elements
// the buffer makes room for.
extern crate cmsg_core as cmsg;
use cmsg::{ControlMessages, Fds, ScmRights};

#[derive(ControlMessages)]
enum Unsized<'a> {
    Rights(Fds<'a, ScmRights>),
}

fn main() {}
