// The expansion names everything by absolute path (`::cmsg`, and `core`
// and `libc` through it) or declares it itself, so it compiles without the
// prelude and beside local items named like what it uses.
#![no_implicit_prelude]
extern crate cmsg_core as cmsg;

mod messages {
    // Local items that would capture unqualified names in the expansion.
    #[allow(dead_code)]
    mod core {}
    #[allow(dead_code)]
    mod cmsg {}
    #[allow(dead_code)]
    mod libc {}
    #[allow(dead_code)]
    struct Option;
    #[allow(dead_code)]
    struct Sized;
    #[allow(dead_code)]
    fn same<T>() {}

    #[derive(::cmsg::ControlMessage)]
    #[cmsg(level = 1234, ty = 1, enable = 5)]
    #[repr(C)]
    pub struct Sized3 {
        pub a: u32,
        pub b: [u8; 4],
    }

    #[derive(::cmsg::ControlMessage)]
    #[cmsg(level = 1234, ty = 2, direction = recv)]
    #[repr(C)]
    pub struct Tailed {
        pub len: u32,
        pub items: [u32],
    }
}

fn main() {
    ::std::assert_eq!(<messages::Sized3 as ::cmsg::ControlMessage>::BASE_SIZE, 8);
    ::std::assert_eq!(<messages::Tailed as ::cmsg::ControlMessage>::ELEMENT_SIZE, 4);
}
