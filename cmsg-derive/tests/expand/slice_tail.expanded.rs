const _: () = {
    #[repr(C)]
    #[doc(hidden)]
    #[allow(dead_code, missing_docs, non_camel_case_types)]
    pub struct __CmsgHead([u8; 4], [u8; 0]);
    #[allow(dead_code)]
    fn __cmsg_same<P>(_: &P, _: &P) {}
    #[allow(dead_code, unused_variables, clippy::all)]
    fn __cmsg_types_are_the_struct_s(
        user: &Iv,
        fields: &<Iv as crate::reexport::ControlMessage>::Fields,
        head: &<Iv as crate::reexport::ControlMessage>::Head,
        zero: &[<Iv as crate::reexport::ControlMessage>::Element; 0],
        elements: &[<Iv as crate::reexport::ControlMessage>::Element],
    ) {
        let Iv { len: _, bytes: _ } = *user;
        __cmsg_same(&&raw const user.len, &&raw const fields.0);
        __cmsg_same(&&raw const user.len, &&raw const head.0);
        __cmsg_same(&&raw const head.1, &&raw const *zero);
        __cmsg_same(&&raw const user.bytes, &&raw const *elements);
    }
    #[allow(dead_code, clippy::all)]
    fn __cmsg_fields_are_plain() {
        crate::reexport::__private::plain::<[u8; 4]>();
        crate::reexport::__private::plain::<u8>();
    }
    const _: usize = <Iv as crate::reexport::ControlMessage>::BASE_SIZE;
    #[automatically_derived]
    unsafe impl crate::reexport::ControlMessage for Iv {
        const LEVEL: crate::reexport::__private::libc::c_int = 279;
        const TYPE: crate::reexport::__private::libc::c_int = 2;
        const ENABLE: crate::reexport::__private::core::option::Option<
            crate::reexport::SocketOption,
        > = crate::reexport::__private::core::option::Option::None;
        const DIRECTION: crate::reexport::Direction = crate::reexport::Direction::Send;
        type Fields = ([u8; 4], ());
        type Head = __CmsgHead;
        type Element = u8;
        #[inline(always)]
        fn from_elements(elements: *const [Self::Element]) -> *const Self {
            elements as *const Self
        }
    }
    const _: () = crate::reexport::__private::core::assert!(
        crate ::reexport::__private::sendable_as_bytes(< Iv as crate
        ::reexport::ControlMessage > ::LEVEL, < Iv as crate ::reexport::ControlMessage >
        ::TYPE,),
        "this message carries file descriptors (SCM_RIGHTS) or memory addresses (SOL_RDS): declare it `direction = recv`; send descriptors with `Encoder::push_fds(&[BorrowedFd])`"
    );
    #[automatically_derived]
    unsafe impl crate::reexport::Sendable for Iv {}
};
