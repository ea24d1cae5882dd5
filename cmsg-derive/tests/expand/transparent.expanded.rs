const _: () = {
    #[allow(dead_code)]
    fn __cmsg_same<P>(_: &P, _: &P) {}
    #[allow(dead_code, unused_variables, clippy::all)]
    fn __cmsg_types_are_the_struct_s(
        user: &HopLimit,
        fields: &<HopLimit as ::cmsg::ControlMessage>::Fields,
        head: &<HopLimit as ::cmsg::ControlMessage>::Head,
        zero: &[<HopLimit as ::cmsg::ControlMessage>::Element; 0],
        elements: &[<HopLimit as ::cmsg::ControlMessage>::Element],
    ) {
        let HopLimit { 0: _ } = *user;
        __cmsg_same(&&raw const user.0, &&raw const fields.0);
    }
    #[allow(dead_code, clippy::all)]
    fn __cmsg_fields_are_plain() {
        ::cmsg::__private::plain::<i32>();
    }
    const _: usize = <HopLimit as ::cmsg::ControlMessage>::BASE_SIZE;
    #[automatically_derived]
    unsafe impl ::cmsg::ControlMessage for HopLimit {
        const LEVEL: ::cmsg::__private::libc::c_int = libc::IPPROTO_IPV6;
        const TYPE: ::cmsg::__private::libc::c_int = libc::IPV6_HOPLIMIT;
        const ENABLE: ::cmsg::__private::core::option::Option<::cmsg::SocketOption> = ::cmsg::__private::core::option::Option::Some(::cmsg::SocketOption {
            level: libc::IPPROTO_IPV6,
            name: libc::IPV6_RECVHOPLIMIT,
        });
        const DIRECTION: ::cmsg::Direction = ::cmsg::Direction::Receive;
        type Fields = (i32, ());
        type Head = Self;
        type Element = ();
        #[inline(always)]
        fn from_elements(elements: *const [Self::Element]) -> *const Self {
            elements as *const Self
        }
    }
    #[automatically_derived]
    impl ::cmsg::Enable for HopLimit {
        const OPTION: ::cmsg::SocketOption = ::cmsg::SocketOption {
            level: libc::IPPROTO_IPV6,
            name: libc::IPV6_RECVHOPLIMIT,
        };
    }
    #[automatically_derived]
    impl ::cmsg::Receivable for HopLimit {}
};
