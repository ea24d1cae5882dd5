//! System calls, with the `std` feature: message I/O and socket options.

mod addr;
mod msg;
mod sockopt;

pub use msg::{recvmsg, sendmsg, sendmsg_to, RecvMsg};
pub use sockopt::{
    enable, set_socket_option, set_socket_option_fd, set_socket_option_to, Enabled, OptionTakesFd,
    Refused, TypedOption,
};
