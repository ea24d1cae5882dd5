const _: () = {
    #[allow(dead_code)]
    fn __cmsg_same<P>(_: &P, _: &P) {}
    #[allow(dead_code, unused_variables, clippy::all)]
    fn __cmsg_types_are_the_struct_s(
        user: &Credentials,
        fields: &<Credentials as ::cmsg::ControlMessage>::Fields,
        head: &<Credentials as ::cmsg::ControlMessage>::Head,
        zero: &[<Credentials as ::cmsg::ControlMessage>::Element; 0],
        elements: &[<Credentials as ::cmsg::ControlMessage>::Element],
    ) {
        let Credentials { pid: _, uid: _, gid: _ } = *user;
        __cmsg_same(&&raw const user.pid, &&raw const fields.0);
        __cmsg_same(&&raw const user.uid, &&raw const fields.1.0);
        __cmsg_same(&&raw const user.gid, &&raw const fields.1.1.0);
    }
    #[allow(dead_code, clippy::all)]
    fn __cmsg_fields_are_plain() {
        ::cmsg::__private::plain::<i32>();
        ::cmsg::__private::plain::<u32>();
        ::cmsg::__private::plain::<u32>();
    }
    const _: usize = <Credentials as ::cmsg::ControlMessage>::BASE_SIZE;
    #[automatically_derived]
    unsafe impl ::cmsg::ControlMessage for Credentials {
        const LEVEL: ::cmsg::__private::libc::c_int = libc::SOL_SOCKET;
        const TYPE: ::cmsg::__private::libc::c_int = libc::SCM_CREDENTIALS;
        const ENABLE: ::cmsg::__private::core::option::Option<::cmsg::SocketOption> = ::cmsg::__private::core::option::Option::Some(::cmsg::SocketOption {
            level: libc::SOL_SOCKET,
            name: libc::SO_PASSCRED,
        });
        const DIRECTION: ::cmsg::Direction = ::cmsg::Direction::Both;
        type Fields = (i32, (u32, (u32, ())));
        type Head = Self;
        type Element = ();
        #[inline(always)]
        fn from_elements(elements: *const [Self::Element]) -> *const Self {
            elements as *const Self
        }
    }
    #[automatically_derived]
    impl ::cmsg::Enable for Credentials {
        const OPTION: ::cmsg::SocketOption = ::cmsg::SocketOption {
            level: libc::SOL_SOCKET,
            name: libc::SO_PASSCRED,
        };
    }
    const _: () = ::cmsg::__private::core::assert!(
        ::cmsg::__private::sendable_as_bytes(< Credentials as ::cmsg::ControlMessage >
        ::LEVEL, < Credentials as ::cmsg::ControlMessage > ::TYPE,),
        "this message carries file descriptors (SCM_RIGHTS) or memory addresses (SOL_RDS): declare it `direction = recv`; send descriptors with `Encoder::push_fds(&[BorrowedFd])`"
    );
    #[automatically_derived]
    unsafe impl ::cmsg::Sendable for Credentials {}
    #[automatically_derived]
    impl ::cmsg::Receivable for Credentials {}
};
