const _: () = {
    #[repr(C)]
    #[doc(hidden)]
    #[allow(dead_code, missing_docs, non_camel_case_types)]
    pub struct __CmsgHead([i32; 0]);
    #[allow(dead_code)]
    fn __cmsg_same<P>(_: &P, _: &P) {}
    #[allow(dead_code, unused_variables, clippy::all)]
    fn __cmsg_types_are_the_struct_s(
        user: &Rights,
        fields: &<Rights as ::cmsg::ControlMessage>::Fields,
        head: &<Rights as ::cmsg::ControlMessage>::Head,
        zero: &[<Rights as ::cmsg::ControlMessage>::Element; 0],
        elements: &[<Rights as ::cmsg::ControlMessage>::Element],
    ) {
        let Rights { fds: _ } = *user;
        __cmsg_same(&&raw const head.0, &&raw const *zero);
        __cmsg_same(&&raw const user.fds, &&raw const *elements);
    }
    #[allow(dead_code, clippy::all)]
    fn __cmsg_fields_are_plain() {
        ::cmsg::__private::plain::<i32>();
    }
    const _: usize = <Rights as ::cmsg::ControlMessage>::BASE_SIZE;
    #[automatically_derived]
    unsafe impl ::cmsg::ControlMessage for Rights {
        const LEVEL: ::cmsg::__private::libc::c_int = libc::SOL_SOCKET;
        const TYPE: ::cmsg::__private::libc::c_int = libc::SCM_RIGHTS;
        const ENABLE: ::cmsg::__private::core::option::Option<::cmsg::SocketOption> = ::cmsg::__private::core::option::Option::None;
        const DIRECTION: ::cmsg::Direction = ::cmsg::Direction::Receive;
        type Fields = ();
        type Head = __CmsgHead;
        type Element = i32;
        #[inline(always)]
        fn from_elements(elements: *const [Self::Element]) -> *const Self {
            elements as *const Self
        }
    }
    #[automatically_derived]
    impl ::cmsg::Receivable for Rights {}
};
