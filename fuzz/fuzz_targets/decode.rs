//! `decode`: arbitrary bytes, at an aligned and at a misaligned start,
//! walked by `Messages` (native and several foreign layouts) and checked
//! against the model walk in `cmsg_fuzz`; every message of the native walk
//! is then decoded as every receivable type of the Linux catalogue, with
//! the expected outcome computed independently.
//!
//! Input: the control bytes themselves (so real kernel output is a seed as
//! it is); the misaligned copy starts `1 + len % 15` bytes past a 16-byte
//! boundary.
#![no_main]

use cmsg::layout::{Abi, Bsd16, Bsd8, IllumosSparc, Layout, Linux32, Linux64, Native, NATIVE};
use cmsg::platforms::linux::*;
use cmsg::{DecodeError, Expected, Messages, RawMessage, Receivable, ScmRights};
use cmsg_fuzz::{model_data_offset, model_len, model_space, walk_model, Aligned, Item};
use core::mem::{align_of, size_of};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let shift = 1 + bytes.len() % 15;
    let mut buf = Aligned::new(bytes.len() + 16);
    buf.as_mut()[..bytes.len()].copy_from_slice(bytes);
    check_all(&buf.as_ref()[..bytes.len()]);
    let mut buf = Aligned::new(bytes.len() + 16);
    buf.as_mut()[shift..shift + bytes.len()].copy_from_slice(bytes);
    check_all(&buf.as_ref()[shift..shift + bytes.len()]);
});

fn check_all(bytes: &[u8]) {
    check_walk::<Native>(bytes);
    check_walk::<Linux64>(bytes);
    check_walk::<Linux32>(bytes); // also Apple, Bsd4, IllumosX86: same rules
    check_walk::<Bsd8>(bytes);
    check_walk::<Bsd16>(bytes);
    check_walk::<IllumosSparc>(bytes);
    check_truncated(bytes);
    check_first(bytes, false);
    check_first(bytes, true);
    for message in Messages::new(bytes).flatten() {
        check_catalogue(&message);
    }
    // Helpers over whole walks: must not panic.
    let _ = receive_time(Messages::new(bytes));
}

/// The layout arithmetic the model uses agrees with the crate's, and the
/// walk yields exactly the model's items, then stays ended.
fn check_walk<A: Abi>(bytes: &[u8]) {
    let l: Layout = A::LAYOUT;
    for n in [0, 1, 3, 4, 7, 8, 12, 13, 16, 255, bytes.len()] {
        assert_eq!(l.len(n), model_len(l, n).unwrap());
        assert_eq!(l.space(n), model_space(l, n).unwrap());
        assert_eq!(l.checked_space(n), model_space(l, n));
    }
    assert_eq!(l.checked_space(usize::MAX), None);
    assert_eq!(l.data_offset(), model_data_offset(l));

    let model = walk_model(l, bytes, false);
    let mut messages = Messages::<A>::for_abi(bytes);
    for (i, expected) in model.iter().enumerate() {
        let got = messages.next();
        match (expected, got) {
            (
                Item::Msg {
                    level, ty, data, ..
                },
                Some(Ok(m)),
            ) => {
                assert_eq!((m.level, m.ty), (*level, *ty), "item {i}");
                assert_eq!(m.offset, data.start, "item {i}");
                assert_eq!(m.data.as_ptr(), bytes[data.clone()].as_ptr(), "item {i}");
                assert_eq!(m.data.len(), data.len(), "item {i}");
            }
            (Item::Err(e), Some(Err(got))) => assert_eq!(*e, got, "item {i}"),
            (expected, got) => panic!("item {i}: model {expected:?}, walk {got:?}"),
        }
    }
    assert!(messages.next().is_none(), "the walk went on past the model");
    assert!(messages.next().is_none(), "not fused");
}

/// `Messages::new_truncated`: the model's whole messages, then one
/// `Truncated` in place of an error or at the end.
fn check_truncated(bytes: &[u8]) {
    let truncation = DecodeError::Truncated {
        wanted: None,
        received: bytes.len(),
    };
    let model = walk_model(NATIVE, bytes, false);
    let mut messages = Messages::new_truncated(bytes);
    for expected in &model {
        match expected {
            Item::Msg {
                level, ty, data, ..
            } => {
                let m = messages.next().unwrap().unwrap();
                assert_eq!(
                    (m.level, m.ty, m.offset, m.data.len()),
                    (*level, *ty, data.start, data.len())
                );
            }
            Item::Err(_) => break,
        }
    }
    assert_eq!(messages.next(), Some(Err(truncation)));
    assert_eq!(messages.next(), None);
}

/// `Messages::get`/`read` for a few types, plain and truncated: the first
/// message of the type, an error met on the way, or truncation.
fn check_first(bytes: &[u8], truncated: bool) {
    fn run<M: Receivable + Copy + PartialEq + core::fmt::Debug>(bytes: &[u8], truncated: bool) {
        let messages = || {
            if truncated {
                Messages::new_truncated(bytes)
            } else {
                Messages::new(bytes)
            }
        };
        let cut = DecodeError::Truncated {
            wanted: Some((M::LEVEL, M::TYPE)),
            received: bytes.len(),
        };
        let model = walk_model(NATIVE, bytes, false);
        let mut expected: Result<Option<Vec<u8>>, DecodeError> =
            if truncated { Err(cut) } else { Ok(None) };
        for (i, item) in model.iter().enumerate() {
            match item {
                Item::Err(e) => {
                    expected = Err(if truncated { cut } else { *e });
                    break;
                }
                Item::Msg {
                    level, ty, data, ..
                } if (*level, *ty) == (M::LEVEL, M::TYPE) => {
                    let last = !matches!(model.get(i + 1), Some(Item::Msg { .. }));
                    let whole = data.len() == size_of::<M>();
                    expected = if truncated && last && !whole {
                        Err(cut)
                    } else if !whole {
                        Err(length_error(
                            *level,
                            *ty,
                            data.len(),
                            Expected::Exactly(size_of::<M>()),
                        ))
                    } else {
                        Ok(Some(bytes[data.clone()].to_vec()))
                    };
                    break;
                }
                Item::Msg { .. } => {}
            }
        }
        let got = messages().read::<M>();
        match (&expected, got) {
            (Ok(Some(b)), Ok(Some(v))) => assert_eq!(b.as_slice(), value_bytes(&v)),
            (Ok(None), Ok(None)) => {}
            (Err(e), Err(g)) => assert_eq!(*e, g),
            (e, g) => panic!(
                "read::<{}>: model {e:?}, got {g:?}",
                core::any::type_name::<M>()
            ),
        }
        // `get` agrees with `read` but for alignment.
        match (messages().get::<M>(), expected) {
            (Ok(Some(r)), Ok(Some(b))) => assert_eq!(value_bytes(r), b.as_slice()),
            (Ok(None), Ok(None)) => {}
            (Err(DecodeError::Misaligned { .. }), Ok(Some(_))) => {}
            (Err(g), Err(e)) => assert_eq!(e, g),
            (g, e) => panic!(
                "get::<{}>: model {e:?}, got {g:?}",
                core::any::type_name::<M>()
            ),
        }
    }
    run::<IpTtl>(bytes, truncated);
    run::<UCred>(bytes, truncated);
    run::<ScmTimestamp>(bytes, truncated);
    run::<IpPktInfo>(bytes, truncated);

    // A slice-tailed message: the last one of truncated data is always cut.
    let cut = DecodeError::Truncated {
        wanted: Some((SOL_SOCKET_, libc::SCM_RIGHTS)),
        received: bytes.len(),
    };
    let model = walk_model(NATIVE, bytes, false);
    let mut expected: Result<Option<usize>, DecodeError> =
        if truncated { Err(cut) } else { Ok(None) };
    for (i, item) in model.iter().enumerate() {
        match item {
            Item::Err(e) => {
                expected = Err(if truncated { cut } else { *e });
                break;
            }
            Item::Msg {
                level, ty, data, ..
            } if (*level, *ty) == (SOL_SOCKET_, libc::SCM_RIGHTS) => {
                let last = !matches!(model.get(i + 1), Some(Item::Msg { .. }));
                expected = if truncated && last {
                    Err(cut)
                } else if data.len() % 4 != 0 {
                    Err(length_error(
                        *level,
                        *ty,
                        data.len(),
                        Expected::Elements {
                            base: 0,
                            element: 4,
                        },
                    ))
                } else if bytes[data.clone()].as_ptr() as usize % 4 != 0 {
                    Err(DecodeError::Misaligned {
                        align: 4,
                        found: bytes[data.clone()].as_ptr() as usize % 4,
                    })
                } else {
                    Ok(Some(data.start))
                };
                break;
            }
            Item::Msg { .. } => {}
        }
    }
    let got = if truncated {
        Messages::new_truncated(bytes).get::<ScmRights>()
    } else {
        Messages::new(bytes).get::<ScmRights>()
    };
    match (expected, got) {
        (Ok(Some(start)), Ok(Some(r))) => {
            assert_eq!(
                r.as_raw_fds().as_ptr().cast::<u8>(),
                bytes[start..].as_ptr()
            )
        }
        (Ok(None), Ok(None)) => {}
        (Err(e), Err(g)) => assert_eq!(e, g),
        (e, g) => panic!("get::<ScmRights>: model {e:?}, got {g:?}"),
    }
}

const SOL_SOCKET_: i32 = libc::SOL_SOCKET;

fn length_error(level: i32, ty: i32, found: usize, expected: Expected) -> DecodeError {
    DecodeError::PayloadLength {
        message: (level, ty),
        expected,
        found,
    }
}

/// The bytes of a plain value (catalogue types have no padding).
fn value_bytes<M>(v: &M) -> &[u8] {
    // SAFETY: every catalogue message is plain bytes without padding
    // (cmsg-core proves it at compile time), so all its bytes are
    // initialized; the slice borrows `v`.
    unsafe { core::slice::from_raw_parts((v as *const M).cast::<u8>(), size_of::<M>()) }
}

/// One message decoded as every receivable catalogue type.
fn check_catalogue(m: &RawMessage<'_>) {
    macro_rules! sized {
        ($($t:ty),* $(,)?) => {$(
            check_sized::<$t>(m);
        )*};
    }
    sized!(
        UCred,
        ScmTimestamp,
        ScmTimestampNew,
        ScmTimestampNs,
        ScmTimestampNsNew,
        ScmTimestamping,
        ScmTimestamping64,
        ScmPidfd,
        RxqOvfl,
        Mark,
        IpPktInfo,
        IpTtl,
        IpTos,
        IpRecvErr,
        IpOrigDstAddr,
        IpRecvFragsize,
        Ipv6PktInfo,
        Ipv6HopLimit,
        Ipv6TClass,
        Ipv6RecvErr,
        Ipv6OrigDstAddr,
        UdpGro,
        TlsGetRecordType,
    );
    check_slice::<ScmRights>(m, 4, 4);
    check_slice::<ScmSecurity>(m, 1, 1);

    // What the catalogue's helpers do with a decoded value must not panic.
    use cmsg::platforms::KernelTime;
    if let Ok(t) = m.read::<ScmTimestamp>() {
        let _ = (t.0.to_duration(), t.0.to_system_time());
    }
    if let Ok(t) = m.read::<ScmTimestampNew>() {
        let _ = t.0.to_duration();
    }
    if let Ok(t) = m.read::<ScmTimestampNs>() {
        let _ = t.0.to_duration();
    }
    if let Ok(t) = m.read::<ScmTimestampNsNew>() {
        let _ = t.0.to_duration();
    }
    if let Ok(t) = m.read::<ScmTimestamping>() {
        let _ = (t.software(), t.hardware());
    }
    if let Ok(t) = m.read::<ScmTimestamping64>() {
        let _ = (t.software(), t.hardware());
    }
    if let Ok(s) = m.decode::<ScmSecurity>() {
        assert!(s.label().len() + 1 >= m.data.len());
    }
    if let Ok(p) = m.read::<IpPktInfo>() {
        let _ = (p.local(), p.destination());
    }
    if let Ok(p) = m.read::<Ipv6PktInfo>() {
        let _ = p.address();
    }
    if let Ok(e) = m.read::<IpRecvErr>() {
        let _ = e.err.error();
    }
}

/// The expected outcome of decoding `m` as `M`, computed from `M`'s real
/// size and alignment; `decode` and `read` agree with it.
fn check_sized<M: Receivable + Copy>(m: &RawMessage<'_>) {
    let (size, align) = (size_of::<M>(), align_of::<M>());
    let addr = m.data.as_ptr() as usize;
    let kind = if (m.level, m.ty) != (M::LEVEL, M::TYPE) {
        Err(DecodeError::WrongMessage {
            expected: (M::LEVEL, M::TYPE),
            found: (m.level, m.ty),
        })
    } else if m.data.len() != size {
        Err(DecodeError::PayloadLength {
            message: (m.level, m.ty),
            expected: Expected::Exactly(size),
            found: m.data.len(),
        })
    } else {
        Ok(())
    };
    match (&kind, m.read::<M>()) {
        (Ok(()), Ok(v)) => assert_eq!(value_bytes(&v), m.data),
        (Err(e), Err(g)) => assert_eq!(*e, g, "read::<{}>", core::any::type_name::<M>()),
        (e, g) => panic!(
            "read::<{}>: model {e:?}, got {:?}",
            core::any::type_name::<M>(),
            g.map(|_| ())
        ),
    }
    let decoded = m.decode::<M>();
    match (kind, decoded) {
        (Ok(()), Ok(r)) => {
            assert_eq!(addr % align, 0);
            assert_eq!((r as *const M).cast::<u8>(), m.data.as_ptr());
        }
        (Ok(()), Err(g)) => assert_eq!(
            g,
            DecodeError::Misaligned {
                align,
                found: addr % align
            },
            "decode::<{}>",
            core::any::type_name::<M>()
        ),
        (Err(e), Err(g)) => assert_eq!(e, g, "decode::<{}>", core::any::type_name::<M>()),
        (e, g) => panic!(
            "decode::<{}>: model {e:?}, got {:?}",
            core::any::type_name::<M>(),
            g.map(|_| ())
        ),
    }
    // A sized message's decode either fails or succeeds exactly at an
    // aligned address.
    if m.decode::<M>().is_ok() {
        assert_eq!(addr % align, 0);
    }
}

/// A message ending in a slice of `element`-byte elements with no head.
fn check_slice<M: Receivable + ?Sized>(m: &RawMessage<'_>, element: usize, align: usize) {
    let addr = m.data.as_ptr() as usize;
    let expected = if (m.level, m.ty) != (M::LEVEL, M::TYPE) {
        Err(DecodeError::WrongMessage {
            expected: (M::LEVEL, M::TYPE),
            found: (m.level, m.ty),
        })
    } else if m.data.len() % element != 0 {
        Err(DecodeError::PayloadLength {
            message: (m.level, m.ty),
            expected: Expected::Elements { base: 0, element },
            found: m.data.len(),
        })
    } else if addr % align != 0 {
        Err(DecodeError::Misaligned {
            align,
            found: addr % align,
        })
    } else {
        Ok(())
    };
    match (expected, m.decode::<M>()) {
        (Ok(()), Ok(r)) => {
            assert_eq!(core::mem::size_of_val(r), m.data.len());
            assert_eq!((r as *const M).cast::<u8>(), m.data.as_ptr());
        }
        (Err(e), Err(g)) => assert_eq!(e, g, "decode::<{}>", core::any::type_name::<M>()),
        (e, g) => panic!(
            "decode::<{}>: model {e:?}, got {:?}",
            core::any::type_name::<M>(),
            g.map(|_| ())
        ),
    }
}
