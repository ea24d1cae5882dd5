//! Every system's control-data layout, run on this machine: the encoder and
//! the walk compiled for each `Abi`, round trips and malformed input for
//! each, and a differential test against a C model of each system's
//! `CMSG_*` macros copied from its header (`c_model/cmsg_model.c`, built
//! with the host's C compiler).

use cmsg_core::layout::{
    Abi, Apple, Bsd16, Bsd4, Bsd8, IllumosSparc, IllumosX86, Layout, Linux32, Linux64,
};
use cmsg_core::{DecodeError, Encoder, Messages};
use proptest::prelude::*;
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

/// A 64-byte-aligned buffer: aligning an address and an offset agree.
#[repr(C, align(64))]
struct Aligned([u8; 4096]);

/// One message: level, type, payload.
type Message = (i32, i32, Vec<u8>);

fn encode<A: Abi>(messages: &[Message], out: &mut Aligned) -> usize {
    let mut encoder = Encoder::<A>::for_abi(&mut out.0);
    for (level, ty, data) in messages {
        encoder.push_raw(*level, *ty, data).unwrap();
    }
    encoder.len()
}

fn decode<A: Abi>(bytes: &[u8]) -> Vec<Result<(usize, Message), DecodeError>> {
    Messages::<A>::for_abi(bytes)
        .map(|m| m.map(|m| (m.offset, (m.level, m.ty, m.data.to_vec()))))
        .collect()
}

/// The C model, built once per process (nextest runs each test in its own
/// process, at the same time: each builds its own binary).
fn model() -> &'static PathBuf {
    static MODEL: OnceLock<PathBuf> = OnceLock::new();
    MODEL.get_or_init(|| {
        let source = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/c_model/cmsg_model.c");
        let binary = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("cmsg_model-{}", std::process::id()));
        let status = Command::new(std::env::var("CC").unwrap_or_else(|_| "cc".into()))
            .args(["-O1", "-Wall", "-Werror", "-o"])
            .arg(&binary)
            .arg(&source)
            .status()
            .expect("a C compiler (cc) to build the CMSG model");
        assert!(status.success(), "building {}", source.display());
        binary
    })
}

fn run_model(system: &str, args: &[&str]) -> Vec<Vec<u64>> {
    let output = Command::new(model())
        .arg(system)
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            line.split(' ')
                .map(|n| n.parse::<i64>().unwrap() as u64)
                .collect()
        })
        .collect()
}

/// Each system's name in the C model, and its layout.
fn systems() -> [(&'static str, Layout); 8] {
    [
        ("linux64", Linux64::LAYOUT),
        ("linux32", Linux32::LAYOUT),
        ("apple", Apple::LAYOUT),
        ("bsd4", Bsd4::LAYOUT),
        ("bsd8", Bsd8::LAYOUT),
        ("bsd16", Bsd16::LAYOUT),
        ("illumos_x86", IllumosX86::LAYOUT),
        ("illumos_sparc", IllumosSparc::LAYOUT),
    ]
}

#[test]
#[cfg_attr(miri, ignore = "runs the C model")]
fn sizes_match_each_systems_macros() {
    for (system, layout) in systems() {
        let rows = run_model(system, &["sizes"]);
        assert_eq!(rows.len(), 257);
        for row in rows {
            let n = row[0] as usize;
            let ours = [n, layout.len(n), layout.space(n), layout.data_offset()];
            let theirs = [n, row[1] as usize, row[2] as usize, row[3] as usize];
            assert_eq!(
                ours, theirs,
                "{system}: n, CMSG_LEN, CMSG_SPACE, CMSG_DATA offset"
            );
        }
    }
}

/// A deterministic spread of message sequences: payload lengths 0 to 40,
/// a few levels and types (100 and up: clear of `SOL_SOCKET`, whose
/// descriptor messages the encoder refuses as bytes).
fn sequences() -> Vec<Vec<Message>> {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |bound: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % bound
    };
    (0..30)
        .map(|_| {
            (0..=next(6))
                .map(|_| {
                    let len = next(41) as usize;
                    let byte = next(256) as u8;
                    (next(3) as i32 + 100, next(20) as i32, vec![byte; len])
                })
                .collect()
        })
        .collect()
}

/// Our walk and the C macros' walk over the same bytes: the same headers,
/// up to where ours stops. C's `CMSG_NXTHDR` only checks that a header
/// fits; ours also refuses a `cmsg_len` that runs past the end.
fn compare_walks<A: Abi>(system: &str, bytes: &[u8]) {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("walk-{system}-{}", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    let theirs = run_model(system, &["walk", path.to_str().unwrap()]);
    std::fs::remove_file(&path).unwrap();
    let ours = decode::<A>(bytes);
    let data_offset = A::LAYOUT.data_offset() as u64;
    let mut ok = 0;
    for (i, row) in theirs.iter().enumerate() {
        let (offset, len, level, ty, data) = (row[0], row[1], row[2] as i32, row[3] as i32, row[4]);
        let whole = len >= data_offset && offset + len <= bytes.len() as u64;
        match ours.get(i) {
            Some(Ok((at, (l, t, payload)))) => {
                assert!(
                    whole,
                    "{system}: we accepted a message C would run past the end with"
                );
                assert_eq!(
                    (*at as u64, *l, *t),
                    (data, level, ty),
                    "{system}: message {i}"
                );
                assert_eq!(
                    payload.len() as u64,
                    len - data_offset,
                    "{system}: message {i}"
                );
                assert_eq!(
                    data,
                    offset + data_offset,
                    "{system}: CMSG_DATA of message {i}"
                );
                ok += 1;
            }
            Some(Err(_)) => {
                assert!(
                    !whole,
                    "{system}: we refused message {i}, which C reads whole: {row:?}"
                );
                break;
            }
            None => panic!("{system}: C found message {i} ({row:?}) after our walk ended"),
        }
    }
    let ours_ok = ours.iter().filter(|m| m.is_ok()).count();
    assert_eq!(ours_ok, ok, "{system}: we found messages C did not");
}

fn differential<A: Abi>(system: &str) {
    for messages in sequences() {
        let mut out = Aligned([0; 4096]);
        let len = encode::<A>(&messages, &mut out);
        let expected: usize = messages.iter().map(|m| A::LAYOUT.space(m.2.len())).sum();
        assert_eq!(
            len, expected,
            "{system}: the encoder writes CMSG_SPACE per message"
        );
        let bytes = &out.0[..len];
        compare_walks::<A>(system, bytes);
        // Every truncation of the same bytes, as a kernel might cut them.
        for cut in (0..len).step_by(7) {
            compare_walks::<A>(system, &bytes[..cut]);
        }
    }
}

#[test]
#[cfg_attr(miri, ignore = "runs the C model")]
fn walks_match_each_systems_macros() {
    // The comparison can fail: one system's walk against another's macros.
    let mismatch = std::panic::catch_unwind(|| differential::<Bsd8>("bsd16"));
    assert!(mismatch.is_err(), "bsd8 bytes walked as bsd16 must differ");
    differential::<Linux64>("linux64");
    differential::<Linux32>("linux32");
    differential::<Apple>("apple");
    differential::<Bsd4>("bsd4");
    differential::<Bsd8>("bsd8");
    differential::<Bsd16>("bsd16");
    differential::<IllumosX86>("illumos_x86");
    differential::<IllumosSparc>("illumos_sparc");
}

/// Malformed input, for each layout: a header cut short, a `cmsg_len`
/// below `CMSG_LEN(0)`, one past the end.
fn malformed<A: Abi>() {
    let layout = A::LAYOUT;
    let width = layout.len_width();
    let header = |len: u64| {
        let mut bytes = vec![0u8; layout.header_size];
        if width == 8 {
            bytes[..8].copy_from_slice(&len.to_ne_bytes());
        } else {
            bytes[..4].copy_from_slice(&(len as u32).to_ne_bytes());
        }
        bytes
    };
    let short = &header(0)[..layout.header_size - 1];
    assert_eq!(
        decode::<A>(short),
        [Err(DecodeError::HeaderTruncated {
            offset: 0,
            needed: layout.header_size,
            available: layout.header_size - 1
        })]
    );
    let min = layout.data_offset();
    let tiny = header(min as u64 - 1);
    assert_eq!(
        decode::<A>(&tiny),
        [Err(DecodeError::LengthTooSmall {
            offset: 0,
            min,
            found: min - 1
        })]
    );
    let mut long = header(min as u64 + 100);
    long.resize(min + 4, 0);
    assert_eq!(
        decode::<A>(&long),
        [Err(DecodeError::LengthBeyondEnd {
            offset: 0,
            available: min + 4,
            found: min + 100
        })]
    );
}

#[test]
fn malformed_input_is_refused_in_every_layout() {
    malformed::<Linux64>();
    malformed::<Linux32>();
    malformed::<Apple>();
    malformed::<Bsd8>();
    malformed::<Bsd16>();
    malformed::<IllumosSparc>();
}

fn round_trip<A: Abi>(messages: &[Message]) -> Result<(), TestCaseError> {
    let mut out = Aligned([0; 4096]);
    let len = encode::<A>(messages, &mut out);
    let decoded: Vec<Message> = decode::<A>(&out.0[..len])
        .into_iter()
        .map(|m| m.map(|(_, m)| m))
        .collect::<Result<_, _>>()
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(decoded, messages);
    Ok(())
}

proptest! {
    // No failure files: Miri has no file system.
    #![proptest_config(ProptestConfig {
        cases: if cfg!(miri) { 4 } else { 256 },
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_layout_round_trips(
        messages in proptest::collection::vec(
            (1000..i32::MAX, any::<i32>(), proptest::collection::vec(any::<u8>(), 0..64)),
            0..8,
        )
    ) {
        round_trip::<Linux64>(&messages)?;
        round_trip::<Linux32>(&messages)?;
        round_trip::<Apple>(&messages)?;
        round_trip::<Bsd8>(&messages)?;
        round_trip::<Bsd16>(&messages)?;
        round_trip::<IllumosX86>(&messages)?;
        round_trip::<IllumosSparc>(&messages)?;
    }
}

/// Apple aligns payloads to 4 bytes, so a 64-bit integer in a payload is
/// misaligned in every buffer. A type packed to 4-byte alignment (as the
/// Apple catalogue declares `SCM_TIMESTAMP_MONOTONIC` and `timeval`)
/// decodes by reference there; one with 8-byte alignment cannot, and says
/// so rather than misreading.
#[test]
fn apple_payloads_decode_when_declared_four_byte_aligned() {
    use cmsg_core::ControlMessage;

    #[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq)]
    #[cmsg(crate = "cmsg_core", level = 0x7fff, ty = 0x04, direction = recv)]
    #[repr(C, packed(4))]
    struct Monotonic(u64);

    #[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq)]
    #[cmsg(crate = "cmsg_core", level = 0x7fff, ty = 0x04, direction = recv)]
    #[repr(C)]
    struct Aligned8(u64);

    let mut out = Aligned([0; 4096]);
    let mut encoder = Encoder::<Apple>::for_abi(&mut out.0);
    encoder
        .push_raw(0x7fff, 0x04, &0x0102_0304_0506_0708u64.to_ne_bytes())
        .unwrap();
    let len = encoder.len();
    let message = Messages::<Apple>::for_abi(&out.0[..len])
        .next()
        .unwrap()
        .unwrap();
    // 12-byte header on a 64-byte-aligned buffer: the payload is at 4 mod 8.
    assert_eq!(message.data.as_ptr() as usize % 8, 4);
    assert_eq!(
        message.decode::<Monotonic>(),
        Ok(&Monotonic(0x0102_0304_0506_0708))
    );
    assert_eq!(
        message.decode::<Aligned8>(),
        Err(DecodeError::Misaligned { align: 8, found: 4 })
    );
    // By value, any alignment reads.
    assert_eq!(
        message.read::<Aligned8>(),
        Ok(Aligned8(0x0102_0304_0506_0708))
    );
}
