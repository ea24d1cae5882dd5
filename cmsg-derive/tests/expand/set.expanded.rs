const _: () = {
    #[automatically_derived]
    impl<'a> ::cmsg::ReceiveSet<'a> for Supervisor<'a> {
        const SPACE: usize = {
            let mut space = 0usize;
            space += ::cmsg::space_for::<UCred>(0);
            space += ::cmsg::space_for::<IpPktInfo>(0);
            space += ::cmsg::space_for::<ScmRights>(3);
            space
        };
        fn dispatch(
            message: ::cmsg::Incoming<'a>,
        ) -> ::cmsg::__private::core::result::Result<
            ::cmsg::__private::core::option::Option<Self>,
            ::cmsg::DecodeError,
        > {
            #[allow(unused_imports)]
            use ::cmsg::__private::core::result::Result::{Err, Ok};
            #[allow(unused_imports)]
            use ::cmsg::__private::core::option::Option::{None, Some};
            if message.is::<UCred>() {
                return message
                    .read::<UCred>()
                    .map(|value| Some(Self::Credentials(value)));
            }
            if message.is::<IpPktInfo>() {
                return message
                    .decode::<IpPktInfo>()
                    .map(|value| Some(Self::Info(value)));
            }
            if message.is::<ScmRights>() {
                return message.fds::<ScmRights>().map(|value| Some(Self::Rights(value)));
            }
            Ok(Some(Self::Other(message.into_raw())))
        }
    }
    const _: () = ::cmsg::__private::core::assert!(
        < UCred as ::cmsg::ControlMessage > ::ELEMENT_SIZE == 0,
        "variant `Credentials` holds a message ending in a slice: say how many elements to make room for with #[cmsg(max = n)]"
    );
    const _: () = ::cmsg::__private::core::assert!(
        ! (< UCred as ::cmsg::ControlMessage > ::LEVEL == < IpPktInfo as
        ::cmsg::ControlMessage > ::LEVEL && < UCred as ::cmsg::ControlMessage > ::TYPE ==
        < IpPktInfo as ::cmsg::ControlMessage > ::TYPE),
        "variants `Credentials` and `Info` hold the same message (level and type): the second would never be reached"
    );
    const _: () = ::cmsg::__private::core::assert!(
        < IpPktInfo as ::cmsg::ControlMessage > ::ELEMENT_SIZE == 0,
        "variant `Info` holds a message ending in a slice: say how many elements to make room for with #[cmsg(max = n)]"
    );
    const _: () = ::cmsg::__private::core::assert!(
        ! (< UCred as ::cmsg::ControlMessage > ::LEVEL == < ScmRights as
        ::cmsg::ControlMessage > ::LEVEL && < UCred as ::cmsg::ControlMessage > ::TYPE ==
        < ScmRights as ::cmsg::ControlMessage > ::TYPE),
        "variants `Credentials` and `Rights` hold the same message (level and type): the second would never be reached"
    );
    const _: () = ::cmsg::__private::core::assert!(
        ! (< IpPktInfo as ::cmsg::ControlMessage > ::LEVEL == < ScmRights as
        ::cmsg::ControlMessage > ::LEVEL && < IpPktInfo as ::cmsg::ControlMessage >
        ::TYPE == < ScmRights as ::cmsg::ControlMessage > ::TYPE),
        "variants `Info` and `Rights` hold the same message (level and type): the second would never be reached"
    );
    const _: () = ::cmsg::__private::core::assert!(
        ::cmsg::sys::carries_fds(< ScmRights as ::cmsg::ControlMessage > ::LEVEL, <
        ScmRights as ::cmsg::ControlMessage > ::TYPE),
        "variant `Rights` holds `Fds` of a message that carries no descriptors: use `Rights(Type)` or `Rights(&'a Type)`"
    );
    const _: () = ::cmsg::__private::core::assert!(
        < ScmRights as ::cmsg::ControlMessage > ::ELEMENT_SIZE != 0,
        "variant `Rights` holds a message of fixed size: `max` applies only to a message ending in a slice"
    );
    #[automatically_derived]
    impl<'a> Supervisor<'a> {
        /// `CMSG_SPACE` of one of each variant's message: the control
        /// buffer that receives them all without truncation.
        pub const SPACE: usize = <Supervisor<'a> as ::cmsg::ReceiveSet<'a>>::SPACE;
        /// A control buffer of exactly [`SPACE`](Self::SPACE) bytes.
        pub fn buffer() -> ::cmsg::ControlBuffer<
            { <Supervisor<'static> as ::cmsg::ReceiveSet<'static>>::SPACE },
        > {
            ::cmsg::ControlBuffer::new()
        }
        ::cmsg::__private::with_std! {
            #[doc = r" Sets every variant's socket option (its message's"] #[doc =
            r" `ENABLE`) on `socket`, going on past refusals: the report"] #[doc =
            r" says which ones the kernel refused, and why."] pub fn enable(socket : impl
            ::cmsg::__private::AsFd) -> ::cmsg::Enabled < 3usize > {
            ::cmsg::Enabled::set(::cmsg::__private::AsFd::as_fd(& socket),
            [("Credentials", < UCred as ::cmsg::ControlMessage > ::ENABLE), ("Info", <
            IpPktInfo as ::cmsg::ControlMessage > ::ENABLE), ("Rights", < ScmRights as
            ::cmsg::ControlMessage > ::ENABLE)]) }
        }
    }
};
