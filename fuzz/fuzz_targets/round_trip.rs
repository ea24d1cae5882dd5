//! `round_trip`: message sequences (level, type, payload chosen by the
//! fuzzer, plus a few typed messages) written by `Encoder` (native and
//! `Encoder::<A>::for_abi`) into buffers of arbitrary size and alignment,
//! each push's outcome checked against a model (`BufferTooSmall` exactly
//! when the `CMSG_SPACE` sum exceeds the buffer, `CarriesFds` for
//! `SCM_RIGHTS`/`SCM_PIDFD`, `CarriesAddresses` for `SOL_RDS`,
//! `Misaligned`, `PayloadTooLarge`), the bytes compared with the model's
//! and decoded back.
//!
//! Input format: see `cmsg_fuzz::format::round_trip`.
#![no_main]

use cmsg::layout::{Abi, Bsd16, Bsd8, Foreign, IllumosSparc, Layout, Linux32, Linux64, Native};
use cmsg::platforms::linux::{AlgSetIv, IpTtl, TxTime, UCred, UdpSegment};
use cmsg::{ControlMessage, EncodeError, Encoder, Messages};
use cmsg_fuzz::format::round_trip::*;
use cmsg_fuzz::{
    model_carries_addresses, model_carries_fds, model_data_offset, model_len, model_space, Aligned,
    Reader,
};
use libfuzzer_sys::fuzz_target;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::sync::OnceLock;

const FILL: u8 = 0xa5;

fuzz_target!(|input: &[u8]| {
    let mut r = Reader::new(input);
    let abi = r.u8();
    match abi % 6 {
        0 => run::<Native>(r),
        1 => run::<Linux64>(r),
        2 => run::<Linux32>(r), // Apple, Bsd4, IllumosX86: same rules
        3 => run::<Bsd8>(r),
        4 => run::<Bsd16>(r),
        _ => run::<IllumosSparc>(r),
    }
});

/// What only the native encoder can do (`push_fds`, `finish`).
trait Native_: Abi {
    fn push_fds<'a>(
        e: &mut Encoder<'a, Self>,
        fds: &[BorrowedFd<'a>],
    ) -> Option<Result<(), EncodeError>>;
    fn finished<'a>(e: Encoder<'a, Self>) -> &'a [u8];
}

impl Native_ for Native {
    fn push_fds<'a>(
        e: &mut Encoder<'a, Self>,
        fds: &[BorrowedFd<'a>],
    ) -> Option<Result<(), EncodeError>> {
        Some(e.push_fds(fds).map(|_| ()))
    }
    fn finished<'a>(e: Encoder<'a, Self>) -> &'a [u8] {
        e.finish().as_bytes()
    }
}

impl<const H: usize, const D: usize, const A: usize> Native_ for Foreign<H, D, A> {
    fn push_fds<'a>(
        _: &mut Encoder<'a, Self>,
        _: &[BorrowedFd<'a>],
    ) -> Option<Result<(), EncodeError>> {
        None
    }
    fn finished<'a>(e: Encoder<'a, Self>) -> &'a [u8] {
        e.into_bytes()
    }
}

fn dev_null() -> BorrowedFd<'static> {
    static NULL: OnceLock<OwnedFd> = OnceLock::new();
    NULL.get_or_init(|| std::fs::File::open("/dev/null").unwrap().into())
        .as_fd()
}

/// The model's outcome for a message of `payload` bytes (or a payload
/// size that overflowed: `None`) pushed at `len` into `available` bytes.
fn room(
    l: Layout,
    len: usize,
    available: usize,
    payload: Option<usize>,
) -> Result<usize, EncodeError> {
    let Some(payload) = payload else {
        return Err(EncodeError::PayloadTooLarge {
            payload: usize::MAX,
        });
    };
    let too_large = EncodeError::PayloadTooLarge { payload };
    let space = model_space(l, payload).ok_or(too_large)?;
    let needed = len.checked_add(space).ok_or(too_large)?;
    if needed > available {
        return Err(EncodeError::BufferTooSmall { needed, available });
    }
    Ok(needed)
}

fn refused(level: i32, ty: i32) -> Option<EncodeError> {
    if model_carries_fds(level, ty) {
        Some(EncodeError::CarriesFds { level, ty })
    } else if model_carries_addresses(level) {
        Some(EncodeError::CarriesAddresses { level, ty })
    } else {
        None
    }
}

fn run<A: Native_>(mut r: Reader<'_>) {
    let l = A::LAYOUT;
    let shift = usize::from(r.u8() % 16);
    let size = usize::from(r.u16() % 2048);
    let mut storage = Aligned::new(shift + size + 16);
    storage.as_mut().fill(FILL);
    let buf_addr = storage.as_ref()[shift..].as_ptr() as usize;
    // The model: the messages written, and the buffer's bytes.
    let mut written: Vec<(i32, i32, Vec<u8>)> = Vec::new();
    let mut image = vec![FILL; size];
    let mut len = 0usize;
    {
        let buf = &mut storage.as_mut()[shift..shift + size];
        let mut e = Encoder::<A>::for_abi(buf);
        let mut ops = 0;
        while !r.is_empty() && ops < 64 {
            ops += 1;
            let op = r.u8() % OPS;
            // (level, type, payload, expected outcome, result)
            let (level, ty, payload, expected, got): (
                i32,
                i32,
                Vec<u8>,
                Result<usize, EncodeError>,
                Result<(), EncodeError>,
            ) = match op {
                OP_RAW | OP_RAW_PICKED => {
                    let (level, ty) = if op == OP_RAW {
                        (r.i32(), r.i32())
                    } else {
                        let i = usize::from(r.u8()) % PICKED_LEVELS.len();
                        (PICKED_LEVELS[i], i32::from(r.u8() % 8))
                    };
                    let n = usize::from(r.u8());
                    let payload = r.bytes(n).to_vec();
                    let expected = match refused(level, ty) {
                        Some(err) => Err(err),
                        None => room(l, len, size, Some(payload.len())),
                    };
                    let got = e.push_raw(level, ty, &payload).map(|_| ());
                    (level, ty, payload, expected, got)
                }
                OP_FDS => {
                    let n = usize::from(r.u8() % 8);
                    let fds = vec![dev_null(); n];
                    let Some(got) = A::push_fds(&mut e, &fds) else {
                        continue;
                    };
                    let payload: Vec<u8> = fds
                        .iter()
                        .flat_map(|fd| std::os::fd::AsRawFd::as_raw_fd(fd).to_ne_bytes())
                        .collect();
                    let expected = room(l, len, size, Some(payload.len()));
                    (libc::SOL_SOCKET, libc::SCM_RIGHTS, payload, expected, got)
                }
                OP_TTL => {
                    let v = r.i32();
                    let got = e.push(&IpTtl(v)).map(|_| ());
                    let expected = room(l, len, size, Some(4));
                    (
                        IpTtl::LEVEL,
                        IpTtl::TYPE,
                        v.to_ne_bytes().to_vec(),
                        expected,
                        got,
                    )
                }
                OP_UCRED => {
                    let (pid, uid, gid) = (r.i32(), r.u32(), r.u32());
                    let got = e.push(&UCred { pid, uid, gid }).map(|_| ());
                    let mut payload = pid.to_ne_bytes().to_vec();
                    payload.extend_from_slice(&uid.to_ne_bytes());
                    payload.extend_from_slice(&gid.to_ne_bytes());
                    let expected = room(l, len, size, Some(12));
                    (UCred::LEVEL, UCred::TYPE, payload, expected, got)
                }
                OP_UDP_SEGMENT => {
                    let v = r.u16();
                    let got = e.push(&UdpSegment(v)).map(|_| ());
                    let expected = room(l, len, size, Some(2));
                    (
                        UdpSegment::LEVEL,
                        UdpSegment::TYPE,
                        v.to_ne_bytes().to_vec(),
                        expected,
                        got,
                    )
                }
                OP_TXTIME_WITH => {
                    // 8-byte aligned payload filled in place: misaligned
                    // where CMSG_DATA does not land on 8.
                    let v = r.u64();
                    let got = e.push_with::<TxTime>(0, |t| t.0 = v).map(|_| ());
                    let expected = room(l, len, size, Some(8)).and_then(|end| {
                        let found = (buf_addr + len + model_data_offset(l)) % 8;
                        if found != 0 {
                            Err(EncodeError::Misaligned { align: 8, found })
                        } else {
                            Ok(end)
                        }
                    });
                    (
                        TxTime::LEVEL,
                        TxTime::TYPE,
                        v.to_ne_bytes().to_vec(),
                        expected,
                        got,
                    )
                }
                _ => {
                    // OP_IV_WITH: a slice-tailed message; element counts
                    // small, or huge (overflowing) on request.
                    let mode = r.u8();
                    let raw = r.u64();
                    let elements = match mode % 4 {
                        0 | 1 => (raw % 512) as usize,
                        2 => usize::MAX - (raw % 16) as usize,
                        _ => raw as usize,
                    };
                    let seed = mode;
                    let iv: Vec<u8> = (0..elements.min(4096)).map(|i| (i as u8) ^ seed).collect();
                    let got = e
                        .push_with::<AlgSetIv>(elements, |m| m.set(&iv))
                        .map(|_| ());
                    let expected = room(l, len, size, elements.checked_add(4));
                    let mut payload = Vec::new();
                    if expected.is_ok() {
                        payload.extend_from_slice(&(elements as u32).to_ne_bytes());
                        payload.extend_from_slice(&iv);
                    }
                    (AlgSetIv::LEVEL, AlgSetIv::TYPE, payload, expected, got)
                }
            };
            match (expected, got) {
                (Ok(end), Ok(())) => {
                    assert_eq!(end - len, model_space(l, payload.len()).unwrap());
                    // The model's bytes: header, payload, zero padding.
                    let cmsg_len = model_len(l, payload.len()).unwrap();
                    let msg = &mut image[len..end];
                    msg.fill(0);
                    if l.header_size == 16 {
                        msg[..8].copy_from_slice(&(cmsg_len as u64).to_ne_bytes());
                    } else {
                        msg[..4].copy_from_slice(&(cmsg_len as u32).to_ne_bytes());
                    }
                    let w = l.header_size - 8;
                    msg[w..w + 4].copy_from_slice(&level.to_ne_bytes());
                    msg[w + 4..w + 8].copy_from_slice(&ty.to_ne_bytes());
                    let d = model_data_offset(l);
                    msg[d..d + payload.len()].copy_from_slice(&payload);
                    written.push((level, ty, payload));
                    len = end;
                }
                (Err(x), Err(y)) => assert_eq!(x, y, "op {op} ({level}, {ty})"),
                (x, y) => {
                    panic!("op {op} ({level}, {ty}) at {len} of {size}: model {x:?}, encoder {y:?}")
                }
            }
            assert_eq!(e.len(), len);
            assert_eq!(e.is_empty(), len == 0);
            assert_eq!(e.as_bytes(), &image[..len]);
        }
        let bytes = A::finished(e);
        assert_eq!(bytes, &image[..len]);
    }
    // Nothing outside the messages was touched, before or after the slice.
    let all = storage.as_ref();
    assert!(all[..shift].iter().all(|&b| b == FILL));
    assert_eq!(&all[shift..shift + size], image.as_slice());
    assert!(all[shift + size..].iter().all(|&b| b == FILL));

    // And it decodes back.
    let bytes = &all[shift..shift + len];
    let mut messages = Messages::<A>::for_abi(bytes);
    for (i, (level, ty, payload)) in written.iter().enumerate() {
        let m = messages
            .next()
            .unwrap_or_else(|| panic!("message {i} missing"))
            .unwrap();
        assert_eq!((m.level, m.ty), (*level, *ty), "message {i}");
        assert_eq!(m.data, payload.as_slice(), "message {i}");
    }
    assert!(messages.next().is_none());
}
