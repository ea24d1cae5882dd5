// Every variant holds a message the kernel delivers.
extern crate cmsg_core as cmsg;
use cmsg::{ControlMessage, ControlMessages};

#[derive(ControlMessage, Clone, Copy)]
#[cmsg(level = 1234, ty = 1, direction = send)]
#[repr(C)]
struct SendOnly(i32);

#[derive(ControlMessages)]
enum Wrong {
    Sent(SendOnly),
}

fn main() {}
