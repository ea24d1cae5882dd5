//! The codec's tests: layout arithmetic against libc, encode/decode round
//! trips, a differential walk against libc's `CMSG_FIRSTHDR`/`CMSG_NXTHDR`,
//! every malformed-input class with its exact error, encoder errors, and a
//! never-panics fuzz of the decoder against an independent model.
//!
//! Everything here is pure computation over byte buffers, so it runs under
//! Miri: no sockets, no descriptors opened or closed (a `Received` only over
//! bytes that carry none).

extern crate cmsg_core as cmsg;

use cmsg::layout::{Layout, NATIVE};
use cmsg::{
    space, space_for, ControlBuffer, ControlMessage, DecodeError, Direction, EncodeError, Encoder,
    Expected, Messages, MsgFlags, RawMessage, Received, ScmRights,
};
use core::ffi::{c_int, c_uint};
use core::mem::{align_of, size_of};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::Config as ProptestConfig;

// ---------------------------------------------------------------------------
// Test messages.

const LEVEL: c_int = 1234;

/// A sized message of two `u32`s.
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq)]
#[cmsg(level = LEVEL, ty = 1)]
#[repr(C)]
struct Pair {
    a: u32,
    b: u32,
}

/// A sized message that needs 8-byte alignment for a zero-copy reference.
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq)]
#[cmsg(level = LEVEL, ty = 2)]
#[repr(C)]
struct Wide {
    v: u64,
}

/// A one-byte message: its space is mostly padding.
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq)]
#[cmsg(level = LEVEL, ty = 3)]
#[repr(transparent)]
struct Byte(u8);

/// A message ending in a slice. (`[u8]` elements are refused by cmsg-core's
/// layout check: `{ u32, [u8] }` has trailing padding for most lengths.)
#[derive(ControlMessage)]
#[cmsg(level = LEVEL, ty = 4)]
#[repr(C)]
struct Iv {
    len: u32,
    words: [u32],
}

/// A message ending in a slice of bytes after an odd-sized head: alignment 1,
/// no padding for any length.
#[derive(ControlMessage)]
#[cmsg(level = LEVEL, ty = 5)]
#[repr(C)]
struct Blob {
    head: [u8; 3],
    tail: [u8],
}

/// A slice of `int`s, laid out as `SCM_RIGHTS` is but at a level whose
/// payload is not descriptors, so it can be sent as a value.
#[derive(ControlMessage)]
#[cmsg(level = LEVEL, ty = 6)]
#[repr(C)]
struct Ints {
    ints: [c_int],
}

// ---------------------------------------------------------------------------
// Helpers.

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: if cfg!(miri) { 4 } else { 256 },
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// `sizeof(struct cmsghdr)`.
const HDR: usize = size_of::<libc::cmsghdr>();
/// `CMSG_LEN(0)`: the payload's offset from its header.
const DATA: usize = NATIVE.data_offset();

fn cmsg_len(n: usize) -> usize {
    let n = c_uint::try_from(n).expect("payload fits c_uint");
    // SAFETY: CMSG_LEN is pure arithmetic; `unsafe` only mirrors the C macro.
    let len = unsafe { libc::CMSG_LEN(n) };
    len as usize
}

fn cmsg_space(n: usize) -> usize {
    let n = c_uint::try_from(n).expect("payload fits c_uint");
    // SAFETY: CMSG_SPACE is pure arithmetic; `unsafe` only mirrors the C macro.
    let space = unsafe { libc::CMSG_SPACE(n) };
    space as usize
}

fn round_up(n: usize, align: usize) -> usize {
    n.div_ceil(align) * align
}

/// Writes a native `struct cmsghdr` at `buf[at..]`, byte for byte as C would.
fn put_header(buf: &mut [u8], at: usize, len: usize, level: c_int, ty: c_int) {
    // SAFETY: `cmsghdr` is plain integers (musl's padding fields included):
    // all zeroes is a valid value.
    let mut header: libc::cmsghdr = unsafe { core::mem::zeroed() };
    // Truncates to `socklen_t` where `cmsg_len` is 32 bits, as C would.
    header.cmsg_len = len as _;
    header.cmsg_level = level;
    header.cmsg_type = ty;
    let dst = &mut buf[at..at + HDR];
    // SAFETY: `dst` is `HDR` writable bytes; `write_unaligned` needs no
    // alignment, and `cmsghdr` has no padding bytes on any libc target.
    unsafe {
        dst.as_mut_ptr()
            .cast::<libc::cmsghdr>()
            .write_unaligned(header)
    };
}

/// Reads the native `struct cmsghdr` at `bytes[at..]`.
fn get_header(bytes: &[u8], at: usize) -> libc::cmsghdr {
    let src = &bytes[at..at + HDR];
    // SAFETY: `src` is `HDR` initialized bytes and every bit pattern is a
    // valid `cmsghdr`; `read_unaligned` needs no alignment.
    unsafe { src.as_ptr().cast::<libc::cmsghdr>().read_unaligned() }
}

/// One header found by libc's macros: `(header offset, cmsg_len, level, type,
/// CMSG_DATA offset)`, all offsets from the start of `bytes`.
type LibcHeader = (usize, usize, c_int, c_int, usize);

/// Walks `bytes` (which must start 8-byte aligned) with libc's
/// `CMSG_FIRSTHDR`/`CMSG_NXTHDR`/`CMSG_DATA`, as C code would.
fn libc_walk(bytes: &[u8]) -> Vec<LibcHeader> {
    assert_eq!(bytes.as_ptr() as usize % align_of::<libc::cmsghdr>(), 0);
    let base = bytes.as_ptr();
    // SAFETY: `msghdr` is integers and raw pointers: all zeroes (null
    // pointers, zero lengths) is a valid value.
    let mut mhdr: libc::msghdr = unsafe { core::mem::zeroed() };
    mhdr.msg_control = base.cast_mut().cast();
    mhdr.msg_controllen = bytes.len() as _;
    let mut found = Vec::new();
    // SAFETY: `mhdr` is a valid msghdr; CMSG_FIRSTHDR only reads it.
    let mut cmsg = unsafe { libc::CMSG_FIRSTHDR(&mhdr) };
    while !cmsg.is_null() {
        assert!(found.len() <= bytes.len() / HDR, "libc walk does not end");
        // SAFETY: libc only returns a header that lies wholly within
        // `msg_control` (checked against `msg_controllen`), aligned because
        // `bytes` is and every step is a multiple of CMSG_ALIGN.
        let header = unsafe { cmsg.read() };
        // SAFETY: `cmsg` and `base` point into the same buffer `bytes`.
        let at = unsafe { cmsg.cast::<u8>().offset_from(base) } as usize;
        // SAFETY: the header lies within `bytes`, so one past it is in bounds.
        let data = unsafe { libc::CMSG_DATA(cmsg) };
        // SAFETY: `data` is at most one past the header, within `bytes`.
        let data_at = unsafe { data.cast_const().offset_from(base) } as usize;
        #[allow(clippy::unnecessary_cast)] // `size_t` on Linux, `socklen_t` elsewhere.
        found.push((
            at,
            header.cmsg_len as usize,
            header.cmsg_level,
            header.cmsg_type,
            data_at,
        ));
        // libc's CMSG_ALIGN overflows (and panics in a debug build) where C's
        // pointer arithmetic would wrap and end the walk: end it here.
        #[allow(clippy::unnecessary_cast)] // `size_t` on Linux, `socklen_t` elsewhere.
        if header.cmsg_len as usize > usize::MAX - (NATIVE.header_align - 1) {
            break;
        }
        // SAFETY: `mhdr` describes `bytes` and `cmsg` is a header in it.
        cmsg = unsafe { libc::CMSG_NXTHDR(&mhdr, cmsg) };
    }
    found
}

/// A message's `(level, type)`.
fn id<M: ControlMessage + ?Sized>() -> (c_int, c_int) {
    (M::LEVEL, M::TYPE)
}

fn words_bytes(words: &[u32]) -> Vec<u8> {
    words.iter().flat_map(|w| w.to_ne_bytes()).collect()
}

fn ints_bytes(ints: &[c_int]) -> Vec<u8> {
    ints.iter().flat_map(|i| i.to_ne_bytes()).collect()
}

fn assert_all_zero(bytes: &[u8], what: &str) {
    assert!(bytes.iter().all(|&b| b == 0), "{what}: {bytes:?}");
}

// ---------------------------------------------------------------------------
// 1. Layout against libc and the per-family rules.

#[test]
fn native_layout_matches_libc_macros() {
    for n in 0..=1024 {
        assert_eq!(NATIVE.len(n), cmsg_len(n), "CMSG_LEN({n})");
        assert_eq!(NATIVE.space(n), cmsg_space(n), "CMSG_SPACE({n})");
        assert_eq!(NATIVE.checked_len(n), Some(cmsg_len(n)));
        assert_eq!(NATIVE.checked_space(n), Some(cmsg_space(n)));
    }
    assert_eq!(NATIVE.header_size, HDR);
    assert_eq!(NATIVE.len(0), DATA);
}

#[test]
fn native_data_offset_matches_cmsg_data() {
    let buf = ControlBuffer::<64>::new();
    let header = buf.as_ptr().cast::<libc::cmsghdr>();
    // SAFETY: `buf` holds more than one header, so one past it is in bounds.
    let data = unsafe { libc::CMSG_DATA(header) };
    // SAFETY: both point into `buf`.
    let offset = unsafe { data.cast_const().offset_from(buf.as_ptr()) };
    assert_eq!(offset as usize, NATIVE.data_offset());
}

#[test]
fn family_layouts() {
    for n in 0..=1024 {
        // Apple: 12-byte header, 4-byte alignment for both.
        assert_eq!(Layout::APPLE.len(n), 12 + n);
        assert_eq!(Layout::APPLE.space(n), 12 + round_up(n, 4));
        assert_eq!(Layout::APPLE.data_offset(), 12);
        // A BSD with 8-byte _ALIGN: the 12-byte header is padded to 16.
        assert_eq!(Layout::bsd(8).len(n), 16 + n);
        assert_eq!(Layout::bsd(8).space(n), 16 + round_up(n, 8));
        // NetBSD aarch64 / OpenBSD sparc64: 16-byte _ALIGN.
        assert_eq!(Layout::bsd(16).len(n), 16 + n);
        assert_eq!(Layout::bsd(16).space(n), 16 + round_up(n, 16));
        // illumos SPARC: payload right after the 12-byte header, headers on 8.
        assert_eq!(Layout::ILLUMOS_SPARC.len(n), 12 + n);
        assert_eq!(Layout::ILLUMOS_SPARC.space(n), round_up(12 + n, 8));
        assert_eq!(Layout::ILLUMOS_X86.len(n), 12 + n);
        assert_eq!(Layout::ILLUMOS_X86.space(n), 12 + round_up(n, 4));
        // Linux.
        assert_eq!(Layout::LINUX_64.len(n), 16 + n);
        assert_eq!(Layout::LINUX_64.space(n), 16 + round_up(n, 8));
        assert_eq!(Layout::LINUX_32.len(n), 12 + n);
        assert_eq!(Layout::LINUX_32.space(n), 12 + round_up(n, 4));
        // Haiku follows the BSD rule with sizeof(long).
        assert_eq!(Layout::HAIKU_64, Layout::bsd(8));
        assert_eq!(Layout::HAIKU_32, Layout::bsd(4));
    }
    assert_eq!(Layout::APPLE, Layout::bsd(4));
    assert_eq!(Layout::ILLUMOS_SPARC.data_offset(), 12);
    // The space of consecutive messages tiles: every space is a multiple of
    // the header alignment.
    for layout in [
        Layout::APPLE,
        Layout::bsd(8),
        Layout::bsd(16),
        Layout::ILLUMOS_SPARC,
        Layout::ILLUMOS_X86,
        Layout::LINUX_64,
        Layout::LINUX_32,
        NATIVE,
    ] {
        for n in 0..64 {
            assert_eq!(layout.space(n) % layout.header_align, 0, "{layout:?}");
            assert!(layout.space(n) >= layout.len(n));
            assert!(layout.space(n) < layout.len(n) + layout.header_align);
        }
    }
}

#[test]
fn checked_layout_overflows_to_none() {
    for layout in [
        Layout::APPLE,
        Layout::bsd(8),
        Layout::bsd(16),
        Layout::ILLUMOS_SPARC,
        Layout::ILLUMOS_X86,
        Layout::LINUX_64,
        Layout::LINUX_32,
        NATIVE,
    ] {
        let offset = layout.data_offset();
        // len: exactly usize::MAX still fits, one more does not.
        assert_eq!(layout.checked_len(usize::MAX - offset), Some(usize::MAX));
        assert_eq!(layout.checked_len(usize::MAX - offset + 1), None);
        assert_eq!(layout.checked_len(usize::MAX), None);
        // space: the largest header-aligned value is the last that fits.
        let top = usize::MAX & !(layout.header_align - 1);
        assert_eq!(layout.checked_space(top - offset), Some(top));
        assert_eq!(layout.checked_space(top - offset + 1), None);
        assert_eq!(layout.checked_space(usize::MAX - offset), None);
        assert_eq!(layout.checked_space(usize::MAX), None);
    }
}

// ---------------------------------------------------------------------------
// 7. Compile-time sizes.

#[test]
fn space_helpers_match_cmsg_space() {
    assert_eq!(space::<Pair>(), cmsg_space(8));
    assert_eq!(space::<Wide>(), cmsg_space(8));
    assert_eq!(space::<Byte>(), cmsg_space(1));
    assert_eq!(space::<Iv>(), cmsg_space(4));
    assert_eq!(space::<ScmRights>(), cmsg_space(0));
    assert_eq!(space_for::<ScmRights>(3), cmsg_space(12));
    assert_eq!(space_for::<Iv>(5), cmsg_space(4 + 5 * 4));
    assert_eq!(space_for::<Blob>(5), cmsg_space(3 + 5));
    // Ignored for sized messages.
    assert_eq!(space_for::<Pair>(7), cmsg_space(8));
    // Usable as a const generic.
    const THREE_FDS: usize = space_for::<ScmRights>(3);
    let buf = ControlBuffer::<THREE_FDS>::new();
    assert_eq!(buf.len(), cmsg_space(12));
    assert_eq!(buf.as_ptr() as usize % 8, 0);
    assert!(buf.iter().all(|&b| b == 0));
}

#[test]
fn derived_constants() {
    assert_eq!(
        (
            Pair::LEVEL,
            Pair::TYPE,
            Pair::BASE_SIZE,
            Pair::ELEMENT_SIZE,
            Pair::ALIGN
        ),
        (LEVEL, 1, 8, 0, 4)
    );
    assert_eq!(
        (Wide::BASE_SIZE, Wide::ELEMENT_SIZE, Wide::ALIGN),
        (8, 0, align_of::<u64>())
    );
    assert_eq!(
        (Byte::BASE_SIZE, Byte::ELEMENT_SIZE, Byte::ALIGN),
        (1, 0, 1)
    );
    assert_eq!((Iv::BASE_SIZE, Iv::ELEMENT_SIZE, Iv::ALIGN), (4, 4, 4));
    assert_eq!(
        (Blob::BASE_SIZE, Blob::ELEMENT_SIZE, Blob::ALIGN),
        (3, 1, 1)
    );
    assert_eq!(
        (
            ScmRights::LEVEL,
            ScmRights::TYPE,
            ScmRights::BASE_SIZE,
            ScmRights::ELEMENT_SIZE,
            ScmRights::ALIGN
        ),
        (libc::SOL_SOCKET, libc::SCM_RIGHTS, 0, 4, 4)
    );
    assert_eq!(Pair::ENABLE, None);
    assert_eq!(Pair::DIRECTION, Direction::Both);
}

// ---------------------------------------------------------------------------
// 2 and 3. Round trips, and the same bytes walked by libc.

/// One message of a generated sequence, with what it must decode to.
#[derive(Clone, Debug)]
enum Msg {
    Pair(u32, u32),
    Wide(u64),
    Byte(u8),
    Iv(u32, Vec<u32>),
    Blob([u8; 3], Vec<u8>),
    /// `SCM_RIGHTS` with arbitrary numbers, written with `push_raw`.
    Rights(Vec<c_int>),
    /// `SCM_RIGHTS` with the standard streams, written with `push_fds`.
    StdFds(Vec<u8>),
    Raw(c_int, c_int, Vec<u8>),
}

impl Msg {
    fn id(&self) -> (c_int, c_int) {
        match self {
            Msg::Pair(..) => id::<Pair>(),
            Msg::Wide(_) => id::<Wide>(),
            Msg::Byte(_) => id::<Byte>(),
            Msg::Iv(..) => id::<Iv>(),
            Msg::Blob(..) => id::<Blob>(),
            Msg::Rights(_) | Msg::StdFds(_) => id::<ScmRights>(),
            Msg::Raw(level, ty, _) => (*level, *ty),
        }
    }

    fn payload(&self) -> Vec<u8> {
        match self {
            Msg::Pair(a, b) => [a.to_ne_bytes(), b.to_ne_bytes()].concat(),
            Msg::Wide(v) => v.to_ne_bytes().to_vec(),
            Msg::Byte(b) => vec![*b],
            Msg::Iv(len, words) => [len.to_ne_bytes().to_vec(), words_bytes(words)].concat(),
            Msg::Blob(head, tail) => [head.as_slice(), tail.as_slice()].concat(),
            Msg::Rights(ints) => ints_bytes(ints),
            Msg::StdFds(which) => {
                ints_bytes(&which.iter().map(|&w| c_int::from(w)).collect::<Vec<_>>())
            }
            Msg::Raw(_, _, data) => data.clone(),
        }
    }

    fn encode(&self, encoder: &mut Encoder<'_>) -> Result<(), EncodeError> {
        match self {
            Msg::Pair(a, b) => encoder.push(&Pair { a: *a, b: *b })?,
            Msg::Wide(v) => encoder.push(&Wide { v: *v })?,
            Msg::Byte(b) => encoder.push(&Byte(*b))?,
            Msg::Iv(len, words) => encoder.push_with::<Iv>(words.len(), |iv| {
                assert_eq!(iv.len, 0);
                assert_eq!(iv.words.len(), words.len());
                assert_all_zero(&words_bytes(&iv.words), "fresh Iv");
                iv.len = *len;
                iv.words.copy_from_slice(words);
            })?,
            Msg::Blob(head, tail) => encoder.push_with::<Blob>(tail.len(), |blob| {
                assert_eq!(blob.tail.len(), tail.len());
                blob.head = *head;
                blob.tail.copy_from_slice(tail);
            })?,
            Msg::Rights(ints) => {
                // SAFETY: the tests decode these bytes and never send them:
                // the numbers lend no descriptor to anyone.
                unsafe {
                    encoder.push_raw_unchecked(
                        libc::SOL_SOCKET,
                        libc::SCM_RIGHTS,
                        &ints_bytes(ints),
                    )
                }?
            }
            Msg::StdFds(which) => {
                let fds: Vec<_> = which
                    .iter()
                    .map(|&w| {
                        // SAFETY: stdin, stdout and stderr (0, 1, 2) stay
                        // open for the whole test process.
                        unsafe { std::os::fd::BorrowedFd::borrow_raw(c_int::from(w)) }
                    })
                    .collect();
                encoder.push_fds(&fds)?
            }
            Msg::Raw(level, ty, data) => encoder.push_raw(*level, *ty, data)?,
        };
        Ok(())
    }

    /// Checks the typed views of `message`, which carries this message.
    fn check_typed(&self, message: &RawMessage<'_>) {
        let at = message.data.as_ptr();
        match self {
            Msg::Pair(a, b) => {
                let pair = Pair { a: *a, b: *b };
                let decoded = message.decode::<Pair>().unwrap();
                assert_eq!(decoded, &pair);
                assert_eq!((decoded.a, decoded.b), (*a, *b));
                assert_eq!(core::ptr::from_ref(decoded).cast::<u8>(), at);
                assert_eq!(message.read::<Pair>(), Ok(pair));
                assert_eq!(
                    message.decode::<Wide>(),
                    Err(DecodeError::WrongMessage {
                        expected: id::<Wide>(),
                        found: id::<Pair>()
                    })
                );
            }
            Msg::Wide(v) => {
                let wide = Wide { v: *v };
                if at as usize % align_of::<Wide>() == 0 {
                    let decoded = message.decode::<Wide>().unwrap();
                    assert_eq!(decoded.v, *v);
                    assert_eq!(core::ptr::from_ref(decoded).cast::<u8>(), at);
                } else {
                    assert_eq!(
                        message.decode::<Wide>(),
                        Err(DecodeError::Misaligned {
                            align: align_of::<Wide>(),
                            found: at as usize % align_of::<Wide>()
                        })
                    );
                }
                assert_eq!(message.read::<Wide>(), Ok(wide));
            }
            Msg::Byte(b) => {
                assert_eq!(message.decode::<Byte>(), Ok(&Byte(*b)));
                assert_eq!(message.read::<Byte>().map(|b| b.0), Ok(*b));
            }
            Msg::Iv(len, words) => {
                let iv = message.decode::<Iv>().unwrap();
                assert_eq!(iv.len, *len);
                assert_eq!(&iv.words, words.as_slice());
                assert_eq!(core::ptr::from_ref(iv).cast::<u8>(), at);
            }
            Msg::Blob(head, tail) => {
                let blob = message.decode::<Blob>().unwrap();
                assert_eq!(&blob.head, head);
                assert_eq!(&blob.tail, tail.as_slice());
            }
            Msg::Rights(ints) => {
                let rights = message.decode::<ScmRights>().unwrap();
                assert_eq!(rights.as_raw_fds(), ints.as_slice());
            }
            Msg::StdFds(which) => {
                let rights = message.decode::<ScmRights>().unwrap();
                let expected: Vec<c_int> = which.iter().map(|&w| c_int::from(w)).collect();
                assert_eq!(rights.as_raw_fds(), expected.as_slice());
            }
            Msg::Raw(level, ty, _) => {
                assert_eq!(
                    message.decode::<Pair>(),
                    Err(DecodeError::WrongMessage {
                        expected: id::<Pair>(),
                        found: (*level, *ty)
                    })
                );
                assert_eq!(
                    message.decode::<ScmRights>(),
                    Err(DecodeError::WrongMessage {
                        expected: id::<ScmRights>(),
                        found: (*level, *ty)
                    })
                );
            }
        }
    }
}

fn msg_strategy() -> impl Strategy<Value = Msg> {
    // Raw messages never collide with a typed one.
    let level = any::<c_int>().prop_filter("not a typed level", |&level| {
        level != LEVEL && level != libc::SOL_SOCKET
    });
    prop_oneof![
        (any::<u32>(), any::<u32>()).prop_map(|(a, b)| Msg::Pair(a, b)),
        any::<u64>().prop_map(Msg::Wide),
        any::<u8>().prop_map(Msg::Byte),
        (any::<u32>(), prop::collection::vec(any::<u32>(), 0..40))
            .prop_map(|(len, words)| Msg::Iv(len, words)),
        (any::<[u8; 3]>(), prop::collection::vec(any::<u8>(), 0..40))
            .prop_map(|(head, tail)| Msg::Blob(head, tail)),
        prop::collection::vec(any::<c_int>(), 0..10).prop_map(Msg::Rights),
        prop::collection::vec(0u8..3, 0..10).prop_map(Msg::StdFds),
        (
            level,
            any::<c_int>(),
            prop::collection::vec(any::<u8>(), 0..64)
        )
            .prop_map(|(level, ty, data)| Msg::Raw(level, ty, data)),
    ]
}

/// Encodes `msgs` into `buf` (pre-filled with garbage, so that zeroed
/// padding is the encoder's doing) and returns the length written.
fn encode_all(msgs: &[Msg], buf: &mut [u8]) -> usize {
    buf.fill(0xA5);
    let mut encoder = Encoder::new(buf);
    assert!(encoder.is_empty());
    let mut expected_len = 0;
    for msg in msgs {
        msg.encode(&mut encoder).unwrap();
        expected_len += NATIVE.space(msg.payload().len());
        assert_eq!(encoder.len(), expected_len);
        assert_eq!(encoder.as_bytes().len(), expected_len);
    }
    let bytes = encoder.finish().as_bytes();
    assert_eq!(bytes.len(), expected_len);
    bytes.len()
}

fn check_round_trip(msgs: &[Msg]) {
    let mut buf = ControlBuffer::<4096>::new();
    let len = encode_all(msgs, &mut buf);
    let bytes = &buf[..len];
    let total: usize = msgs.iter().map(|m| NATIVE.space(m.payload().len())).sum();
    assert_eq!(len, total);

    // Raw view: exactly the same sequence, at the expected offsets, with
    // zeroed padding.
    let decoded: Vec<RawMessage<'_>> = Messages::new(bytes).map(Result::unwrap).collect();
    assert_eq!(decoded.len(), msgs.len());
    let mut header_at = 0;
    for (msg, message) in msgs.iter().zip(&decoded) {
        let payload = msg.payload();
        assert_eq!((message.level, message.ty), msg.id());
        assert_eq!(message.data, payload.as_slice());
        assert_eq!(message.offset, header_at + DATA);
        assert_eq!(message.data.as_ptr(), bytes[message.offset..].as_ptr());
        let header = get_header(bytes, header_at);
        #[allow(clippy::unnecessary_cast)] // `size_t` on Linux, `socklen_t` elsewhere.
        let found_len = header.cmsg_len as usize;
        assert_eq!(found_len, cmsg_len(payload.len()));
        let end = header_at + NATIVE.len(payload.len());
        let next = header_at + NATIVE.space(payload.len());
        assert_all_zero(&bytes[end..next], "padding after a payload");
        assert_all_zero(&bytes[header_at + HDR..header_at + DATA], "header padding");
        msg.check_typed(message);
        header_at = next;
    }
    assert_eq!(header_at, len);

    // `find` returns the first message of each type.
    let first = |id: (c_int, c_int)| msgs.iter().find(|m| m.id() == id);
    let found_pair = Messages::new(bytes).get::<Pair>().unwrap().copied();
    match first(id::<Pair>()) {
        Some(Msg::Pair(a, b)) => assert_eq!(found_pair, Some(Pair { a: *a, b: *b })),
        _ => assert_eq!(found_pair, None),
    }
    let found_iv = Messages::new(bytes).get::<Iv>().unwrap();
    match first(id::<Iv>()) {
        Some(Msg::Iv(len, words)) => {
            let iv = found_iv.unwrap();
            assert_eq!((iv.len, &iv.words), (*len, words.as_slice()));
        }
        _ => assert!(found_iv.is_none()),
    }
    let found_rights = Messages::new(bytes).get::<ScmRights>().unwrap();
    match first(id::<ScmRights>()) {
        Some(msg) => assert_eq!(
            found_rights.map(|r| ints_bytes(r.as_raw_fds())),
            Some(msg.payload())
        ),
        None => assert_eq!(found_rights, None),
    }

    // Decoded values encode back to the same bytes.
    let mut again = ControlBuffer::<4096>::new();
    again.fill(0x5A);
    let mut encoder = Encoder::new(&mut again);
    for message in &decoded {
        if message.is::<Pair>() {
            encoder.push(message.decode::<Pair>().unwrap()).unwrap();
        } else if message.is::<Wide>() {
            encoder.push(&message.read::<Wide>().unwrap()).unwrap();
        } else if message.is::<Byte>() {
            encoder.push(message.decode::<Byte>().unwrap()).unwrap();
        } else if message.is::<Iv>() {
            encoder.push(message.decode::<Iv>().unwrap()).unwrap();
        } else if message.is::<Blob>() {
            encoder.push(message.decode::<Blob>().unwrap()).unwrap();
        } else if message.is::<ScmRights>() {
            let rights = message.decode::<ScmRights>().unwrap();
            // SAFETY: these bytes are compared, never sent: no descriptor in
            // them is lent to anyone.
            unsafe { encoder.push_raw_unchecked(message.level, message.ty, message.data) }.unwrap();
            assert_eq!(ints_bytes(rights.as_raw_fds()), message.data);
        } else {
            encoder
                .push_raw(message.level, message.ty, message.data)
                .unwrap();
        }
    }
    assert_eq!(encoder.finish().as_bytes(), bytes);

    // 3. libc's macros see the same headers and payload pointers.
    let walked = libc_walk(bytes);
    assert_eq!(walked.len(), decoded.len());
    let mut header_at = 0;
    for ((at, len, level, ty, data_at), message) in walked.into_iter().zip(&decoded) {
        assert_eq!(at, header_at);
        assert_eq!(len, DATA + message.data.len());
        assert_eq!((level, ty), (message.level, message.ty));
        assert_eq!(data_at, message.offset);
        header_at += NATIVE.space(message.data.len());
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn round_trip(msgs in prop::collection::vec(msg_strategy(), 1..8)) {
        check_round_trip(&msgs);
    }
}

#[test]
fn round_trip_every_kind() {
    check_round_trip(&[
        Msg::Pair(1, 2),
        Msg::Wide(0x0102_0304_0506_0708),
        Msg::Byte(0xFF),
        Msg::Iv(7, vec![]),
        Msg::Iv(7, vec![1, 2, 3]),
        Msg::Blob([1, 2, 3], vec![]),
        Msg::Blob([1, 2, 3], vec![4, 5, 6, 7, 8]),
        Msg::Rights(vec![]),
        Msg::Rights(vec![-1, 0, c_int::MAX, c_int::MIN]),
        Msg::StdFds(vec![0, 1, 2]),
        Msg::Raw(-7, 99, vec![]),
        Msg::Raw(0, 0, (0..63).collect()),
    ]);
}

// ---------------------------------------------------------------------------
// 4. Malformed input, each with its exact error.

/// Collects everything the walk yields, then checks it stays ended.
fn walk_all(bytes: &[u8]) -> Vec<Result<RawMessage<'_>, DecodeError>> {
    let mut messages = Messages::new(bytes);
    let all: Vec<_> = messages.by_ref().collect();
    for _ in 0..3 {
        assert_eq!(messages.next(), None, "fused");
    }
    all
}

#[test]
fn empty_buffer_has_no_messages() {
    assert!(walk_all(&[]).is_empty());
    assert_eq!(Messages::new(&[]).get::<Pair>(), Ok(None));
    assert_eq!(Messages::new(&[]).get::<ScmRights>(), Ok(None));
}

#[test]
fn header_truncated() {
    let buf = ControlBuffer::<64>::new();
    for n in 1..HDR {
        assert_eq!(
            walk_all(&buf[..n]),
            vec![Err(DecodeError::HeaderTruncated {
                offset: 0,
                needed: HDR,
                available: n
            })]
        );
    }
    assert_eq!(
        Messages::new(&buf[..3]).get::<Pair>(),
        Err(DecodeError::HeaderTruncated {
            offset: 0,
            needed: HDR,
            available: 3
        })
    );
}

#[test]
fn length_too_small() {
    for found in [0, 1, 3, DATA - 1] {
        let mut buf = ControlBuffer::<64>::new();
        put_header(&mut buf, 0, found, LEVEL, 1);
        assert_eq!(
            walk_all(&buf),
            vec![Err(DecodeError::LengthTooSmall {
                offset: 0,
                min: cmsg_len(0),
                found
            })]
        );
    }
    // CMSG_LEN(0) itself is a valid, empty message.
    let mut buf = ControlBuffer::<64>::new();
    put_header(&mut buf, 0, DATA, LEVEL, 9);
    let first = Messages::new(&buf[..DATA]).next().unwrap().unwrap();
    assert_eq!(
        first,
        RawMessage {
            level: LEVEL,
            ty: 9,
            data: &[],
            offset: DATA
        }
    );
}

#[test]
fn length_beyond_end() {
    let mut buf = ControlBuffer::<32>::new();
    for found in [33, 64, 1 << 20] {
        put_header(&mut buf, 0, found, LEVEL, 1);
        assert_eq!(
            walk_all(&buf),
            vec![Err(DecodeError::LengthBeyondEnd {
                offset: 0,
                available: 32,
                found
            })]
        );
    }
    // Exactly to the end is fine.
    put_header(&mut buf, 0, 32, LEVEL, 1);
    let all = walk_all(&buf);
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].unwrap().data.len(), 32 - DATA);
}

#[test]
fn length_at_the_integer_limits_does_not_overflow() {
    let mut buf = ControlBuffer::<64>::new();
    #[allow(clippy::unnecessary_cast)] // `size_t` on Linux, `socklen_t` elsewhere.
    let limits = [
        usize::MAX,
        usize::MAX - 1,
        usize::MAX - DATA,
        u32::MAX as usize,
        u32::MAX as usize - 1,
    ];
    for len in limits {
        put_header(&mut buf, 0, len, LEVEL, 1);
        // What the header holds after truncation to `cmsg_len`'s type.
        #[allow(clippy::unnecessary_cast)]
        let found = get_header(&buf, 0).cmsg_len as usize;
        let expected = if found < DATA {
            DecodeError::LengthTooSmall {
                offset: 0,
                min: DATA,
                found,
            }
        } else {
            DecodeError::LengthBeyondEnd {
                offset: 0,
                available: 64,
                found,
            }
        };
        assert_eq!(walk_all(&buf), vec![Err(expected)], "cmsg_len {len}");
        // The same header after a valid message.
        let mut buf2 = ControlBuffer::<96>::new();
        let first = {
            let mut encoder = Encoder::new(&mut buf2);
            encoder.push(&Pair { a: 1, b: 2 }).unwrap();
            encoder.len()
        };
        put_header(&mut buf2, first, len, LEVEL, 1);
        let all = walk_all(&buf2);
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].unwrap().read::<Pair>(), Ok(Pair { a: 1, b: 2 }));
        let expected = match expected {
            DecodeError::LengthTooSmall { min, found, .. } => DecodeError::LengthTooSmall {
                offset: first,
                min,
                found,
            },
            _ => DecodeError::LengthBeyondEnd {
                offset: first,
                available: 96 - first,
                found,
            },
        };
        assert_eq!(all[1], Err(expected));
    }
}

#[test]
fn valid_message_then_truncated_header() {
    let mut buf = ControlBuffer::<64>::new();
    let first = {
        let mut encoder = Encoder::new(&mut buf);
        encoder.push(&Pair { a: 5, b: 6 }).unwrap();
        encoder.len()
    };
    assert_eq!(first, space::<Pair>());
    for extra in 1..HDR {
        let all = walk_all(&buf[..first + extra]);
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].unwrap().decode::<Pair>(), Ok(&Pair { a: 5, b: 6 }));
        assert_eq!(
            all[1],
            Err(DecodeError::HeaderTruncated {
                offset: first,
                needed: HDR,
                available: extra
            })
        );
        // `find` stops at the error only if it has not found the message.
        assert_eq!(
            Messages::new(&buf[..first + extra]).get::<Pair>(),
            Ok(Some(&Pair { a: 5, b: 6 }))
        );
        assert_eq!(
            Messages::new(&buf[..first + extra]).get::<Wide>(),
            Err(DecodeError::HeaderTruncated {
                offset: first,
                needed: HDR,
                available: extra
            })
        );
    }
}

#[test]
fn error_after_valid_messages_reports_its_offset() {
    let mut buf = ControlBuffer::<128>::new();
    let (first, second) = {
        let mut encoder = Encoder::new(&mut buf);
        encoder.push(&Byte(1)).unwrap();
        let first = encoder.len();
        encoder.push(&Wide { v: 2 }).unwrap();
        (first, encoder.len())
    };
    put_header(&mut buf, second, 2, LEVEL, 3);
    let all = walk_all(&buf);
    assert_eq!(all.len(), 3);
    assert_eq!(all[0].unwrap().read::<Byte>(), Ok(Byte(1)));
    assert_eq!(all[1].unwrap().read::<Wide>(), Ok(Wide { v: 2 }));
    assert_eq!(all[1].unwrap().offset, first + DATA);
    assert_eq!(
        all[2],
        Err(DecodeError::LengthTooSmall {
            offset: second,
            min: DATA,
            found: 2
        })
    );
}

#[test]
fn last_message_without_trailing_padding() {
    let mut buf = ControlBuffer::<64>::new();
    let total = {
        let mut encoder = Encoder::new(&mut buf);
        encoder.push(&Pair { a: 1, b: 2 }).unwrap();
        encoder.push(&Byte(0x42)).unwrap();
        encoder.len()
    };
    let pair_space = space::<Pair>();
    assert_eq!(total, pair_space + space::<Byte>());
    // Cut anywhere from the end of Byte's payload to the end of its padding.
    for end in pair_space + NATIVE.len(1)..=total {
        let all = walk_all(&buf[..end]);
        assert_eq!(all.len(), 2, "cut at {end}");
        assert_eq!(all[0].unwrap().decode::<Pair>(), Ok(&Pair { a: 1, b: 2 }));
        assert_eq!(all[1].unwrap().decode::<Byte>(), Ok(&Byte(0x42)));
        assert_eq!(
            Messages::new(&buf[..end]).get::<Byte>(),
            Ok(Some(&Byte(0x42)))
        );
    }
    // Cutting into the payload is LengthBeyondEnd for the second message.
    let end = pair_space + NATIVE.len(1) - 1;
    let all = walk_all(&buf[..end]);
    assert_eq!(
        all[1],
        Err(DecodeError::LengthBeyondEnd {
            offset: pair_space,
            available: end - pair_space,
            found: NATIVE.len(1)
        })
    );
}

#[test]
fn typed_errors() {
    let mut buf = ControlBuffer::<256>::new();
    let len = {
        let mut encoder = Encoder::new(&mut buf);
        encoder.push_raw(LEVEL, 9, &[0; 8]).unwrap(); // unknown type
        encoder.push_raw(LEVEL, 1, &[0; 7]).unwrap(); // Pair, one byte short
        encoder.push_raw(LEVEL, 1, &[0; 9]).unwrap(); // Pair, one byte long
        encoder.push_raw(LEVEL, 4, &[0; 6]).unwrap(); // Iv, half an element
        encoder.push_raw(LEVEL, 4, &[0; 2]).unwrap(); // Iv, shorter than its base
                                                      // 1.25 descriptors. SAFETY: these bytes are decoded, never sent.
        unsafe { encoder.push_raw_unchecked(libc::SOL_SOCKET, libc::SCM_RIGHTS, &[0; 5]) }.unwrap();
        encoder.push_raw(LEVEL, 4, &[0; 12]).unwrap(); // Iv, two elements
        encoder.len()
    };
    let all: Vec<RawMessage<'_>> = Messages::new(&buf[..len]).map(Result::unwrap).collect();
    assert_eq!(all.len(), 7);

    assert_eq!(
        all[0].decode::<Pair>(),
        Err(DecodeError::WrongMessage {
            expected: (LEVEL, 1),
            found: (LEVEL, 9)
        })
    );
    assert_eq!(
        all[0].read::<Pair>(),
        Err(DecodeError::WrongMessage {
            expected: (LEVEL, 1),
            found: (LEVEL, 9)
        })
    );
    assert_eq!(
        all[0].decode::<ScmRights>().unwrap_err(),
        DecodeError::WrongMessage {
            expected: (libc::SOL_SOCKET, libc::SCM_RIGHTS),
            found: (LEVEL, 9)
        }
    );
    for (message, found) in [(&all[1], 7), (&all[2], 9)] {
        let expected = DecodeError::PayloadLength {
            message: (LEVEL, 1),
            expected: Expected::Exactly(8),
            found,
        };
        assert_eq!(message.decode::<Pair>(), Err(expected));
        assert_eq!(message.read::<Pair>(), Err(expected));
    }
    for (message, found) in [(&all[3], 6), (&all[4], 2)] {
        assert_eq!(
            message.decode::<Iv>().err(),
            Some(DecodeError::PayloadLength {
                message: (LEVEL, 4),
                expected: Expected::Elements {
                    base: 4,
                    element: 4
                },
                found
            })
        );
    }
    assert_eq!(
        all[5].decode::<ScmRights>().unwrap_err(),
        DecodeError::PayloadLength {
            message: (libc::SOL_SOCKET, libc::SCM_RIGHTS),
            expected: Expected::Elements {
                base: 0,
                element: 4
            },
            found: 5
        }
    );
    let iv = all[6].decode::<Iv>().unwrap();
    assert_eq!((iv.len, &iv.words), (0, &[0u32, 0][..]));

    // `find` reports the first malformed message of the type asked for.
    assert_eq!(
        Messages::new(&buf[..len]).get::<Pair>(),
        Err(DecodeError::PayloadLength {
            message: (LEVEL, 1),
            expected: Expected::Exactly(8),
            found: 7
        })
    );
    assert!(Messages::new(&buf[..len]).get::<Iv>().is_err());
    assert_eq!(Messages::new(&buf[..len]).get::<Wide>(), Ok(None));
}

#[test]
fn misaligned_payload() {
    let mut buf = ControlBuffer::<128>::new();
    let wide = Wide {
        v: 0x0102_0304_0506_0708,
    };
    // Start the buffer 4 bytes into an 8-aligned one.
    let len = {
        let mut encoder = Encoder::new(&mut buf[4..]);
        encoder.push(&wide).unwrap();
        encoder.push(&Pair { a: 3, b: 4 }).unwrap();
        encoder.len()
    };
    let bytes = &buf[4..4 + len];
    let all: Vec<RawMessage<'_>> = Messages::new(bytes).map(Result::unwrap).collect();
    assert_eq!(all.len(), 2);
    let at = all[0].data.as_ptr() as usize;
    assert_eq!(at % 8, (4 + DATA) % 8);
    if at % align_of::<Wide>() != 0 {
        assert_eq!(
            all[0].decode::<Wide>(),
            Err(DecodeError::Misaligned {
                align: align_of::<Wide>(),
                found: at % align_of::<Wide>()
            })
        );
        assert_eq!(
            Messages::new(bytes).get::<Wide>(),
            Err(DecodeError::Misaligned {
                align: align_of::<Wide>(),
                found: at % align_of::<Wide>()
            })
        );
    }
    #[cfg(all(
        target_pointer_width = "64",
        any(target_os = "linux", target_os = "android")
    ))]
    assert_eq!(
        all[0].decode::<Wide>(),
        Err(DecodeError::Misaligned { align: 8, found: 4 })
    );
    // By value it reads whatever the alignment.
    assert_eq!(all[0].read::<Wide>(), Ok(wide));
    // A 4-aligned type is still borrowed in place.
    assert_eq!(all[1].decode::<Pair>(), Ok(&Pair { a: 3, b: 4 }));
}

// ---------------------------------------------------------------------------
// 5. Encoder errors.

#[test]
fn buffer_too_small_leaves_the_buffer_unchanged() {
    let mut buf = [0xEEu8; 40];
    let first = space::<Pair>();
    let before = {
        let mut encoder = Encoder::new(&mut buf);
        encoder.push(&Pair { a: 1, b: 2 }).unwrap();
        assert_eq!(encoder.len(), first);
        let before = encoder.as_bytes().to_vec();
        assert_eq!(
            encoder.push(&Wide { v: 3 }).unwrap_err(),
            EncodeError::BufferTooSmall {
                needed: first + space::<Wide>(),
                available: 40
            }
        );
        assert_eq!(
            encoder.push_raw(1, 2, &[0; 100]).unwrap_err(),
            EncodeError::BufferTooSmall {
                needed: first + NATIVE.space(100),
                available: 40
            }
        );
        let mut called = false;
        assert_eq!(
            encoder.push_with::<Iv>(3, |_| called = true).unwrap_err(),
            EncodeError::BufferTooSmall {
                needed: first + space_for::<Iv>(3),
                available: 40
            }
        );
        assert!(!called, "fill must not run when the message does not fit");
        assert_eq!(encoder.len(), first);
        assert_eq!(encoder.as_bytes(), before.as_slice());
        assert_eq!(encoder.finish().as_bytes(), before.as_slice());
        before
    };
    // Nothing past the first message was touched.
    assert!(buf[first..].iter().all(|&b| b == 0xEE));
    assert_eq!(&buf[..first], before.as_slice());

    // A smaller message still fits afterwards.
    let mut encoder = Encoder::new(&mut buf);
    encoder.push(&Pair { a: 1, b: 2 }).unwrap();
    assert!(encoder.push(&Wide { v: 3 }).is_err());
    encoder.push_raw(LEVEL, 7, &[]).unwrap();
    assert_eq!(encoder.len(), first + NATIVE.space(0));
    let bytes = encoder.finish().as_bytes();
    let all: Vec<RawMessage<'_>> = Messages::new(bytes).map(Result::unwrap).collect();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].read::<Pair>(), Ok(Pair { a: 1, b: 2 }));
    assert_eq!((all[1].level, all[1].ty, all[1].data), (LEVEL, 7, &[][..]));
}

#[test]
fn empty_buffer_is_too_small() {
    let mut encoder = Encoder::new(&mut []);
    assert_eq!(
        encoder.push_raw(0, 0, &[]).unwrap_err(),
        EncodeError::BufferTooSmall {
            needed: NATIVE.space(0),
            available: 0
        }
    );
    assert!(encoder.is_empty());
    assert!(encoder.finish().as_bytes().is_empty());
}

#[test]
fn push_with_fills_in_place() {
    let mut buf = ControlBuffer::<256>::new();
    buf.fill(0xC3);
    let len = {
        let mut encoder = Encoder::new(&mut buf);
        // Sized: the element count is ignored.
        encoder
            .push_with::<Pair>(99, |pair| {
                assert_eq!(*pair, Pair { a: 0, b: 0 });
                pair.a = 10;
                pair.b = 20;
            })
            .unwrap();
        assert_eq!(encoder.len(), space::<Pair>());
        for n in [0, 1, 5] {
            encoder
                .push_with::<Iv>(n, |iv| {
                    assert_eq!((iv.len, iv.words.len()), (0, n));
                    assert!(iv.words.iter().all(|&w| w == 0));
                    iv.len = n as u32;
                    for (i, w) in iv.words.iter_mut().enumerate() {
                        *w = i as u32 * 3;
                    }
                })
                .unwrap();
        }
        encoder
            .push_with::<Ints>(3, |ints| {
                assert_eq!(&ints.ints, &[0, 0, 0]);
                ints.ints[2] = -7;
            })
            .unwrap();
        encoder.len()
    };
    let bytes = &buf[..len];
    assert_eq!(
        len,
        space::<Pair>()
            + space_for::<Iv>(0)
            + space_for::<Iv>(1)
            + space_for::<Iv>(5)
            + space_for::<Ints>(3)
    );
    // cmsg_len as libc sees it: CMSG_LEN(base + n * element).
    let walked = libc_walk(bytes);
    let lens: Vec<usize> = walked.iter().map(|h| h.1).collect();
    assert_eq!(
        lens,
        vec![
            cmsg_len(8),
            cmsg_len(4),
            cmsg_len(4 + 4),
            cmsg_len(4 + 5 * 4),
            cmsg_len(12)
        ]
    );
    let all: Vec<RawMessage<'_>> = Messages::new(bytes).map(Result::unwrap).collect();
    assert_eq!(all[0].decode::<Pair>(), Ok(&Pair { a: 10, b: 20 }));
    let iv = all[3].decode::<Iv>().unwrap();
    assert_eq!((iv.len, &iv.words), (5, &[0, 3, 6, 9, 12][..]));
    assert_eq!(&all[4].decode::<Ints>().unwrap().ints, &[0, 0, -7]);
    // Padding was zeroed over the garbage.
    for (i, message) in all.iter().enumerate() {
        let next = walked.get(i + 1).map_or(len, |h| h.0);
        assert_all_zero(&bytes[message.offset + message.data.len()..next], "padding");
    }
}

#[test]
fn push_with_absurd_element_counts() {
    let mut buf = ControlBuffer::<64>::new();
    let mut encoder = Encoder::new(&mut buf);
    let never = |_: &mut Iv| panic!("fill must not run");
    // elements * 4 overflows.
    assert_eq!(
        encoder.push_with::<Iv>(usize::MAX, never).unwrap_err(),
        EncodeError::PayloadTooLarge {
            payload: usize::MAX
        }
    );
    // elements * 4 fits, + base does not.
    assert_eq!(
        encoder.push_with::<Iv>(usize::MAX / 4, never).unwrap_err(),
        EncodeError::PayloadTooLarge {
            payload: usize::MAX
        }
    );
    // The payload fits a usize, CMSG_SPACE of it does not.
    let elements = (usize::MAX - DATA - 4) / 4;
    let payload = 4 + elements * 4;
    assert!(NATIVE.checked_space(payload).is_none());
    assert_eq!(
        encoder.push_with::<Iv>(elements, never).unwrap_err(),
        EncodeError::PayloadTooLarge { payload }
    );
    // Large but representable: simply too big for the buffer.
    let elements = 1 << 20;
    assert_eq!(
        encoder.push_with::<Iv>(elements, never).unwrap_err(),
        EncodeError::BufferTooSmall {
            needed: space_for::<Iv>(elements),
            available: 64
        }
    );
    assert!(encoder.is_empty());
    encoder.push_with::<Iv>(2, |iv| iv.len = 2).unwrap();
    assert_eq!(encoder.len(), space_for::<Iv>(2));
}

// ---------------------------------------------------------------------------
// 6. The decoder on arbitrary bytes.

/// What `Messages` must yield, written independently from the spec: each
/// item is `(level, type, payload range)` or the error that ends the walk.
type ModelItem = Result<(c_int, c_int, core::ops::Range<usize>), DecodeError>;

fn model(bytes: &[u8]) -> Vec<ModelItem> {
    let mut items = Vec::new();
    let mut offset = 0;
    while offset < bytes.len() {
        let available = bytes.len() - offset;
        if available < HDR {
            items.push(Err(DecodeError::HeaderTruncated {
                offset,
                needed: HDR,
                available,
            }));
            break;
        }
        let header = get_header(bytes, offset);
        #[allow(clippy::unnecessary_cast)] // `size_t` on Linux, `socklen_t` elsewhere.
        let len = header.cmsg_len as usize;
        if len < cmsg_len(0) {
            items.push(Err(DecodeError::LengthTooSmall {
                offset,
                min: cmsg_len(0),
                found: len,
            }));
            break;
        }
        if len > available {
            items.push(Err(DecodeError::LengthBeyondEnd {
                offset,
                available,
                found: len,
            }));
            break;
        }
        items.push(Ok((
            header.cmsg_level,
            header.cmsg_type,
            offset + cmsg_len(0)..offset + len,
        )));
        // CMSG_NXTHDR: the header rounded up to CMSG_ALIGN.
        offset += round_up(len, NATIVE.header_align);
    }
    items
}

/// Walks `bytes` and checks every invariant; never panics inside the library.
fn check_walk(bytes: &[u8]) {
    let base = bytes.as_ptr() as usize;
    let mut messages = Messages::new(bytes);
    let mut items = Vec::new();
    let mut last_offset = None;
    for item in messages.by_ref() {
        assert!(items.len() <= bytes.len() / HDR, "walk does not end");
        match item {
            Ok(message) => {
                let start = message.data.as_ptr() as usize;
                assert!(start >= base && start + message.data.len() <= base + bytes.len());
                assert_eq!(start - base, message.offset);
                assert!(message.offset >= HDR);
                if let Some(last) = last_offset {
                    assert!(message.offset > last, "offsets strictly increase");
                }
                last_offset = Some(message.offset);
                // Typed views never panic, and borrow in place.
                if let Ok(iv) = message.decode::<Iv>() {
                    assert_eq!(core::ptr::from_ref(iv).cast::<u8>(), message.data.as_ptr());
                    assert_eq!(4 + iv.words.len() * 4, message.data.len());
                }
                if let Ok(rights) = message.decode::<ScmRights>() {
                    assert_eq!(rights.as_raw_fds().len() * 4, message.data.len());
                }
                let _ = message.decode::<Pair>();
                let _ = message.decode::<Wide>();
                let _ = message.read::<Wide>();
                let _ = message.decode::<Blob>();
                items.push(Ok((
                    message.level,
                    message.ty,
                    message.offset..message.offset + message.data.len(),
                )));
            }
            Err(e) => items.push(Err(e)),
        }
    }
    assert_eq!(messages.next(), None);
    assert_eq!(items, model(bytes));
    let _ = Messages::new(bytes).get::<ScmRights>();
    let _ = Messages::new(bytes).get::<Iv>();

    // libc's macros reach the same headers; they stop at the first one that
    // does not fit, without checking cmsg_len against the end.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let walked = libc_walk(bytes);
        let ok = items.iter().take_while(|i| i.is_ok()).count();
        for (item, header) in items.iter().zip(&walked) {
            match item {
                Ok((level, ty, data)) => {
                    assert_eq!((header.2, header.3), (*level, *ty));
                    assert_eq!(header.4, data.start);
                    assert_eq!(header.1, data.end - header.0);
                }
                Err(DecodeError::LengthTooSmall { offset, found, .. })
                | Err(DecodeError::LengthBeyondEnd { offset, found, .. }) => {
                    assert_eq!((header.0, header.1), (*offset, *found));
                }
                Err(e) => panic!("libc found a header where we found {e:?}"),
            }
        }
        match items.last() {
            None | Some(Ok(_)) | Some(Err(DecodeError::HeaderTruncated { .. })) => {
                assert_eq!(walked.len(), ok)
            }
            // The header libc reaches and we reject is its last.
            Some(Err(_)) => assert_eq!(walked.len(), ok + 1),
        }
    }
}

/// One chunk of a structured input: a header with a chosen `cmsg_len`, then
/// some bytes.
fn chunk_strategy() -> impl Strategy<Value = (usize, c_int, c_int, Vec<u8>)> {
    let len = prop_oneof![
        4 => 0..80usize,
        1 => any::<usize>(),
        1 => Just(usize::MAX),
    ];
    (
        len,
        prop_oneof![Just(LEVEL), Just(libc::SOL_SOCKET), any::<c_int>()],
        prop_oneof![1..6 as c_int, Just(libc::SCM_RIGHTS), any::<c_int>()],
        prop::collection::vec(any::<u8>(), 0..48),
    )
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes_never_panic(data in prop::collection::vec(any::<u8>(), 0..512)) {
        let mut buf = ControlBuffer::<512>::new();
        buf[..data.len()].copy_from_slice(&data);
        check_walk(&buf[..data.len()]);
    }

    #[test]
    fn structured_bytes_never_panic(
        chunks in prop::collection::vec(chunk_strategy(), 0..8),
        cut in any::<Index>(),
    ) {
        let mut buf = ControlBuffer::<1024>::new();
        let mut at = 0;
        for (len, level, ty, filler) in &chunks {
            put_header(&mut buf, at, *len, *level, *ty);
            at += HDR;
            buf[at..at + filler.len()].copy_from_slice(filler);
            at += filler.len();
        }
        check_walk(&buf[..at]);
        check_walk(&buf[..cut.index(at + 1)]);
    }

    #[test]
    fn encoded_then_truncated(
        msgs in prop::collection::vec(msg_strategy(), 1..8),
        cut in any::<Index>(),
    ) {
        let mut buf = ControlBuffer::<4096>::new();
        let len = encode_all(&msgs, &mut buf);
        check_walk(&buf[..cut.index(len + 1)]);
    }
}

/// `push_with` into a buffer whose payload address is not aligned for `M`
/// (any 8-aligned type on Apple or 32-bit ARM Linux, where `CMSG_DATA` is
/// only 4-aligned, even in a `ControlBuffer`). What holds today: an error,
/// `fill` not called, the length unchanged.
#[test]
fn push_with_misaligned_payload_fails_cleanly() {
    let mut buf = ControlBuffer::<64>::new();
    let mut encoder = Encoder::new(&mut buf[4..]);
    let mut called = false;
    let result = encoder.push_with::<Wide>(0, |_| called = true).map(|_| ());
    if (4 + DATA) % align_of::<Wide>() != 0 {
        assert!(result.is_err());
        assert!(!called);
        assert!(encoder.is_empty());
    } else {
        assert_eq!(result, Ok(()));
        assert!(called);
    }
    // `push` copies bytes and works at any alignment.
    encoder.push(&Wide { v: 7 }).unwrap();
    let message = Messages::new(encoder.finish().as_bytes())
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(message.read::<Wide>(), Ok(Wide { v: 7 }));
}

/// A payload that would be misaligned for filling in place is refused with
/// `Misaligned` before anything is written: the buffer stays as it was.
#[test]
fn push_with_misaligned_payload_leaves_buffer_unchanged() {
    let mut buf = ControlBuffer::<64>::new();
    buf.fill(0xEE);
    let result = {
        let mut encoder = Encoder::new(&mut buf[4..]);
        encoder.push_with::<Wide>(0, |w| w.v = 7).map(|e| e.len())
    };
    match result {
        Ok(len) => {
            let message = Messages::new(&buf[4..4 + len]).next().unwrap().unwrap();
            assert_eq!(message.read::<Wide>(), Ok(Wide { v: 7 }));
        }
        Err(e) => {
            let align = align_of::<Wide>();
            assert_eq!(
                e,
                EncodeError::Misaligned {
                    align,
                    found: (4 + DATA) % align
                }
            );
            assert!(buf.iter().all(|&b| b == 0xEE), "buffer modified");
        }
    }
}

// ---------------------------------------------------------------------------
// I/O safety: descriptors enter a message only as `BorrowedFd`s.

#[test]
fn push_raw_refuses_messages_that_carry_descriptors() {
    let mut buf = ControlBuffer::<128>::new();
    let mut encoder = Encoder::new(&mut buf);
    encoder.push(&Pair { a: 1, b: 2 }).unwrap();
    let before = encoder.as_bytes().to_vec();
    let mut kinds = vec![(libc::SOL_SOCKET, libc::SCM_RIGHTS)];
    if cfg!(any(target_os = "linux", target_os = "android")) {
        kinds.push((libc::SOL_SOCKET, 0x04)); // SCM_PIDFD
    }
    for (level, ty) in kinds {
        assert_eq!(
            encoder
                .push_raw(level, ty, &1i32.to_ne_bytes())
                .unwrap_err(),
            EncodeError::CarriesFds { level, ty }
        );
        assert_eq!(encoder.as_bytes(), &before[..], "nothing written");
        let text = EncodeError::CarriesFds { level, ty }.to_string();
        assert!(text.contains("push_fds"), "{text}");
    }
    // The same type number at another level is only a number.
    encoder
        .push_raw(LEVEL, libc::SCM_RIGHTS, &1i32.to_ne_bytes())
        .unwrap();
    assert!(!ScmRights::DIRECTION.eq(&Direction::Both));
}

// ---------------------------------------------------------------------------
// push_with commits only a finished message.

#[test]
fn push_with_commits_nothing_if_fill_panics() {
    let mut buf = ControlBuffer::<256>::new();
    let mut encoder = Encoder::new(&mut buf);
    encoder.push(&Byte(7)).unwrap();
    let before = encoder.as_bytes().to_vec();
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _ = encoder.push_with::<Iv>(2, |iv| {
            iv.len = 2;
            panic!("fill gave up half way");
        });
    }));
    assert!(caught.is_err());
    assert_eq!(
        encoder.len(),
        before.len(),
        "the half-built message is not counted"
    );
    assert_eq!(encoder.as_bytes(), &before[..]);
    // The next message takes its place.
    encoder.push(&Pair { a: 3, b: 4 }).unwrap();
    let bytes = encoder.finish().as_bytes();
    let kinds: Vec<_> = Messages::new(bytes)
        .map(|m| m.map(|m| (m.level, m.ty)).unwrap())
        .collect();
    assert_eq!(kinds, [(LEVEL, 3), (LEVEL, 1)]);
}

// ---------------------------------------------------------------------------
// Truncation (MSG_CTRUNC) is never mistaken for absence.

/// `Pair`, `Byte` and `Iv` with two words, the last cut to `keep` payload
/// bytes as Linux's put_cmsg() cuts the message that does not fit.
fn cut_after_three(buf: &mut [u8], keep: usize) -> usize {
    let mut encoder = Encoder::new(buf);
    encoder.push(&Pair { a: 1, b: 2 }).unwrap();
    encoder.push(&Byte(9)).unwrap();
    let start = encoder.len();
    encoder
        .push_with::<Iv>(2, |iv| {
            iv.len = 2;
            iv.words.copy_from_slice(&[5, 6]);
        })
        .unwrap();
    let cut = DATA + keep;
    put_header(buf, start, cmsg_len(keep), LEVEL, 4);
    start + cut
}

#[test]
fn truncated_data_reports_missing_and_cut_messages() {
    let mut buf = ControlBuffer::<256>::new();
    let end = cut_after_three(&mut buf, 6); // Iv: 4-byte head, half a word
    let bytes = &buf[..end];
    let truncated = |wanted| DecodeError::Truncated {
        wanted,
        received: end,
    };

    // Untruncated walks see a malformed Iv, and no Wide.
    assert_eq!(Messages::new(bytes).get::<Wide>(), Ok(None));
    assert!(matches!(
        Messages::new(bytes).get::<Iv>(),
        Err(DecodeError::PayloadLength { found: 6, .. })
    ));

    // Truncated: whole messages still decode...
    let messages = Messages::new_truncated(bytes);
    assert_eq!(
        messages.clone().get::<Pair>(),
        Ok(Some(&Pair { a: 1, b: 2 }))
    );
    assert_eq!(messages.clone().read::<Byte>(), Ok(Some(Byte(9))));
    // ...a message that is not there may have been dropped...
    assert_eq!(
        messages.clone().get::<Wide>(),
        Err(truncated(Some((LEVEL, 2))))
    );
    assert_eq!(
        messages.clone().read::<Wide>(),
        Err(truncated(Some((LEVEL, 2))))
    );
    // ...the cut one says it was cut...
    assert_eq!(
        messages.clone().get::<Iv>().err(),
        Some(truncated(Some((LEVEL, 4))))
    );
    // ...and a walk ends by saying so, once.
    let walked: Vec<_> = messages.collect();
    assert_eq!(walked.len(), 4);
    assert!(walked[..3].iter().all(Result::is_ok));
    assert_eq!(walked[3], Err(truncated(None)));
    assert!(truncated(None).to_string().contains("MSG_CTRUNC"));
    assert!(truncated(Some((LEVEL, 2)))
        .to_string()
        .contains("level 1234, type 2"));
}

#[test]
fn a_slice_message_at_the_end_of_truncated_data_may_have_lost_elements() {
    // Cut at a word boundary: the length fits `Iv`, but elements are gone.
    let mut buf = ControlBuffer::<256>::new();
    let end = cut_after_three(&mut buf, 8);
    let bytes = &buf[..end];
    assert_eq!(
        Messages::new(bytes).get::<Iv>().unwrap().unwrap().words,
        [5]
    );
    assert_eq!(
        Messages::new_truncated(bytes).get::<Iv>().err(),
        Some(DecodeError::Truncated {
            wanted: Some((LEVEL, 4)),
            received: end
        })
    );
}

#[test]
fn an_overrun_in_truncated_data_is_the_truncation() {
    // macOS leaves cmsg_len at the untruncated size.
    let mut buf = ControlBuffer::<64>::new();
    let mut encoder = Encoder::new(&mut buf);
    encoder.push(&Pair { a: 1, b: 2 }).unwrap();
    encoder.push(&Pair { a: 3, b: 4 }).unwrap();
    let end = encoder.len() - 4;
    let bytes = &buf[..end];
    assert!(matches!(
        Messages::new(bytes).nth(1),
        Some(Err(DecodeError::LengthBeyondEnd { .. }))
    ));
    let walked: Vec<_> = Messages::new_truncated(bytes).collect();
    assert_eq!(walked.len(), 2);
    assert_eq!(
        walked[1],
        Err(DecodeError::Truncated {
            wanted: None,
            received: end
        })
    );
}

#[test]
fn received_knows_its_truncation() {
    let mut buf = ControlBuffer::<256>::new();
    let end = cut_after_three(&mut buf, 6);
    let mut copy = buf;
    // SAFETY: no message in these bytes carries descriptors.
    let whole = unsafe { Received::from_kernel(&mut buf[..end], MsgFlags::empty()) };
    assert!(!whole.is_truncated());
    assert_eq!(whole.get::<Wide>(), Ok(None));
    // SAFETY: as above.
    let cut = unsafe { Received::from_kernel(&mut copy[..end], MsgFlags::CTRUNC) };
    assert!(cut.is_truncated());
    assert_eq!(cut.get::<Pair>(), Ok(Some(&Pair { a: 1, b: 2 })));
    assert_eq!(
        cut.get::<Wide>(),
        Err(DecodeError::Truncated {
            wanted: Some((LEVEL, 2)),
            received: end
        })
    );
    assert_eq!(cut.messages().count(), 4);
}

#[test]
fn a_cut_slice_message_followed_by_its_padding_is_truncated() {
    // The kernel counts a cut message's padding in msg_controllen: one
    // `int` of `Ints` (CMSG_LEN(4), then 4 bytes of padding on 64-bit
    // Linux) at the end of truncated data may be what is left of more.
    let mut buf = ControlBuffer::<128>::new();
    let mut encoder = Encoder::new(&mut buf);
    encoder.push(&Pair { a: 1, b: 2 }).unwrap();
    encoder
        .push_with::<Ints>(1, |ints| ints.ints[0] = 5)
        .unwrap();
    let bytes = encoder.finish().as_bytes();
    assert_eq!(
        &Messages::new(bytes).get::<Ints>().unwrap().unwrap().ints,
        &[5]
    );
    assert_eq!(
        Messages::new_truncated(bytes).get::<Ints>().err(),
        Some(DecodeError::Truncated {
            wanted: Some((LEVEL, 6)),
            received: bytes.len()
        })
    );
    // The sized message before it arrived whole.
    assert_eq!(
        Messages::new_truncated(bytes).get::<Pair>(),
        Ok(Some(&Pair { a: 1, b: 2 }))
    );
}

#[test]
fn push_with_refuses_messages_that_carry_descriptors() {
    // A type whose derive-time assertion was bypassed (the derive's checks
    // run in the user's crate) is still refused by the encoder itself.
    #[repr(C)]
    struct Forged([u8; 4]);
    // SAFETY: the layout facts are true (one `[u8; 4]` field); the level
    // and type are those of `SCM_RIGHTS`, to test the encoder's own check.
    unsafe impl ControlMessage for Forged {
        const LEVEL: c_int = libc::SOL_SOCKET;
        const TYPE: c_int = libc::SCM_RIGHTS;
        const ENABLE: Option<cmsg::SocketOption> = None;
        const DIRECTION: Direction = Direction::Send;
        type Fields = ([u8; 4], ());
        type Head = Self;
        type Element = ();
        fn from_elements(elements: *const [()]) -> *const Self {
            elements as *const Self
        }
    }
    // SAFETY: deliberately false, see above.
    unsafe impl cmsg::Sendable for Forged {}
    let mut buf = ControlBuffer::<64>::new();
    let mut encoder = Encoder::new(&mut buf);
    let refused = EncodeError::CarriesFds {
        level: libc::SOL_SOCKET,
        ty: libc::SCM_RIGHTS,
    };
    assert_eq!(encoder.push_with::<Forged>(0, |_| {}).unwrap_err(), refused);
    assert_eq!(encoder.push(&Forged([0; 4])).unwrap_err(), refused);
    assert!(encoder.is_empty());
}

#[test]
#[cfg(any(target_os = "linux", target_os = "android"))]
fn messages_carrying_addresses_are_never_bytes() {
    // Linux RDS_CMSG_RDMA_MAP (SOL_RDS = 276, type 3): the kernel writes a
    // cookie to the address in the payload. Safe code cannot send it.
    const SOL_RDS: c_int = 276;
    assert!(cmsg::sys::carries_addresses(SOL_RDS, 3));
    assert!(!cmsg::sys::carries_addresses(
        libc::SOL_SOCKET,
        libc::SCM_RIGHTS
    ));
    let mut buf = ControlBuffer::<64>::new();
    let mut encoder = Encoder::new(&mut buf);
    let address = 0x1000u64.to_ne_bytes();
    assert_eq!(
        encoder.push_raw(SOL_RDS, 3, &address).unwrap_err(),
        EncodeError::CarriesAddresses {
            level: SOL_RDS,
            ty: 3
        }
    );
    assert!(encoder.is_empty());
}
