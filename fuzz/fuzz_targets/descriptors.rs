//! `descriptors`: `Received` owns and closes descriptors, so random bytes
//! never reach it. The fuzzer chooses a layout (message kinds, payload
//! sizes, `cmsg_len` exact, past the end, short or raw, a truncation point,
//! `MSG_CTRUNC`); the harness builds the bytes, puts a real descriptor (a
//! dup of /dev/null) in every descriptor slot of `SCM_RIGHTS`/`SCM_PIDFD`
//! messages as the walk finds them (`from_kernel`'s contract), and a
//! sentinel descriptor (also open, and ours) in every other whole `int`.
//! It then takes some descriptors (`take_fds`, `take_fds_of::<ScmPidfd>`,
//! `dispatch::<AnyMessage>` and its `Fds`), drops the `Received`, and
//! checks with `fcntl(F_GETFD)` that exactly the slot descriptors not taken
//! were closed, that the taken ones came out once and in order, and that
//! every sentinel is still open.
//!
//! Input format: see `cmsg_fuzz::format::descriptors`.
#![no_main]

use cmsg::layout::NATIVE;
use cmsg::platforms::linux::{AnyMessage, ScmPidfd};
use cmsg::{DecodeError, Expected, MsgFlags, Received};
use cmsg_fuzz::format::descriptors::*;
use cmsg_fuzz::{model_carries_fds, model_len, model_space, walk_model, Aligned, Item, Reader};
use libfuzzer_sys::fuzz_target;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::sync::OnceLock;

/// The most control bytes built (each `int` in them is a descriptor).
const MAX_BYTES: usize = 1024;

const RIGHTS: (i32, i32) = (libc::SOL_SOCKET, libc::SCM_RIGHTS);
const PIDFD: (i32, i32) = (libc::SOL_SOCKET, cmsg_fuzz::SCM_PIDFD);

fn dev_null() -> RawFd {
    static NULL: OnceLock<OwnedFd> = OnceLock::new();
    NULL.get_or_init(|| std::fs::File::open("/dev/null").unwrap().into())
        .as_raw_fd()
}

/// A new descriptor, ours.
fn new_fd() -> RawFd {
    // SAFETY: dup of a descriptor we hold open for the process's life.
    let fd = unsafe { libc::fcntl(dev_null(), libc::F_DUPFD_CLOEXEC, 0) };
    assert!(
        fd >= 0,
        "out of descriptors: {}",
        std::io::Error::last_os_error()
    );
    fd
}

fn is_open(fd: RawFd) -> bool {
    // SAFETY: F_GETFD only queries the descriptor table.
    unsafe { libc::fcntl(fd, libc::F_GETFD) >= 0 }
}

/// One descriptor slot, as the model's (clamping) walk finds it.
struct Slot {
    /// Byte offset of the `int`.
    at: usize,
    /// What the harness put there (-1: a slot already taken).
    fd: RawFd,
    kind: (i32, i32),
    taken: bool,
}

/// The lowest free descriptor number: the same after an iteration as
/// before it, or a descriptor leaked.
fn lowest_free() -> RawFd {
    let fd = new_fd();
    // SAFETY: just opened, ours.
    unsafe { libc::close(fd) };
    fd
}

fuzz_target!(|input: &[u8]| {
    let baseline = lowest_free();
    let mut r = Reader::new(input);
    let flags = r.u8();
    let cut = r.u16();
    let negative = r.u32();
    let count = r.u8() % 9;

    // 1. The layout, with zeroed payloads.
    let mut bytes: Vec<u8> = Vec::new();
    for _ in 0..count {
        let (kind, ints, extra, mode, value) = (r.u8(), r.u8(), r.u8(), r.u8(), r.u16());
        let (level, ty) = kind_message(kind);
        let payload = usize::from(ints % 17) * 4 + usize::from(extra % 4);
        let exact = model_len(NATIVE, payload).unwrap();
        let cmsg_len: u64 = match mode % LEN_MODES {
            LEN_EXACT => exact as u64,
            LEN_PLUS => (exact + usize::from(value)) as u64,
            LEN_MINUS => exact.saturating_sub(usize::from(value % 64)) as u64,
            _ => match value {
                0xffff => u64::MAX,
                0xfffe => u64::from(u32::MAX) + 1,
                v => u64::from(v),
            },
        };
        let space = model_space(NATIVE, payload).unwrap();
        if bytes.len() + space > MAX_BYTES {
            break;
        }
        let at = bytes.len();
        bytes.resize(at + space, 0);
        bytes[at..at + 8].copy_from_slice(&cmsg_len.to_ne_bytes());
        bytes[at + 8..at + 12].copy_from_slice(&level.to_ne_bytes());
        bytes[at + 12..at + 16].copy_from_slice(&ty.to_ne_bytes());
    }
    if cut != 0xffff {
        bytes.truncate(usize::from(cut) % (bytes.len() + 1));
    }
    let truncated = flags & 1 != 0;
    let mut msg_flags = MsgFlags::empty();
    if truncated {
        msg_flags |= MsgFlags::CTRUNC;
    }
    if flags & 2 != 0 {
        msg_flags |= MsgFlags::TRUNC;
    }

    // 2. The slots, by the model's clamping walk; every other whole `int`
    //    outside the headers it read gets a sentinel.
    let walk = walk_model(NATIVE, &bytes, true);
    let mut headers: Vec<usize> = Vec::new();
    let mut slots: Vec<Slot> = Vec::new();
    for item in &walk {
        match item {
            Item::Msg {
                header,
                level,
                ty,
                data,
                ..
            } => {
                headers.push(*header);
                if model_carries_fds(*level, *ty) {
                    let mut at = data.start;
                    while at + 4 <= data.end {
                        let n = slots.len();
                        let fd = if negative & (1 << (n % 32)) != 0 {
                            -1
                        } else {
                            new_fd()
                        };
                        slots.push(Slot {
                            at,
                            fd,
                            kind: (*level, *ty),
                            taken: false,
                        });
                        at += 4;
                    }
                }
            }
            Item::Err(DecodeError::LengthTooSmall { offset, .. }) => headers.push(*offset),
            Item::Err(_) => {}
        }
    }
    let mut sentinels: Vec<RawFd> = Vec::new();
    let mut next_slot = slots.iter().peekable();
    let mut at = 0;
    while at + 4 <= bytes.len() {
        if headers
            .iter()
            .any(|&h| (h..h + NATIVE.header_size).contains(&at))
        {
            at += 4;
            continue;
        }
        let value = match next_slot.peek() {
            Some(slot) if slot.at == at => next_slot.next().unwrap().fd,
            _ => {
                let fd = new_fd();
                sentinels.push(fd);
                fd
            }
        };
        bytes[at..at + 4].copy_from_slice(&value.to_ne_bytes());
        at += 4;
    }
    assert!(next_slot.next().is_none(), "a slot the fill did not reach");
    // Filling left the walk as it was.
    assert_eq!(walk_model(NATIVE, &bytes, true).len(), walk.len());

    let mut buf = Aligned::new(bytes.len());
    buf.as_mut().copy_from_slice(&bytes);
    let mut taken: Vec<OwnedFd> = Vec::new();
    {
        // SAFETY: every non-negative int in every descriptor slot (the
        // clamping walk of `walk_model`, which the library's walk is checked
        // against by the `decode` target) is a descriptor this harness just
        // opened and gives up; nothing else closes them.
        let mut received = unsafe { Received::from_kernel(buf.as_mut(), msg_flags) };
        assert_eq!(received.is_truncated(), truncated);
        let mut ops = 0;
        while !r.is_empty() && ops < 8 {
            ops += 1;
            let op = r.u8() % TAKE_OPS;
            let n = r.u8();
            let limit = if n == 0xff {
                usize::MAX
            } else {
                usize::from(n % 8)
            };
            match op {
                TAKE_FDS | TAKE_PIDFD => {
                    let kind = if op == TAKE_FDS { RIGHTS } else { PIDFD };
                    let got: Vec<OwnedFd> = if op == TAKE_FDS {
                        received.take_fds().take(limit).collect()
                    } else {
                        received.take_fds_of::<ScmPidfd>().take(limit).collect()
                    };
                    let want: Vec<RawFd> = slots
                        .iter_mut()
                        .filter(|s| s.kind == kind && s.fd >= 0 && !s.taken)
                        .take(limit)
                        .map(|s| {
                            s.taken = true;
                            s.fd
                        })
                        .collect();
                    let raw: Vec<RawFd> = got.iter().map(|fd| fd.as_raw_fd()).collect();
                    assert_eq!(raw, want, "take {kind:?} x{limit}");
                    taken.extend(got);
                }
                DISPATCH => {
                    let counts: Vec<usize> = (0..8).map(|_| usize::from(r.u8() % 4)).collect();
                    dispatch(&mut received, &mut slots, &counts, truncated, &mut taken);
                }
                _ => check_messages(&received, truncated),
            }
            // The bytes show every taken slot as -1, every other as it was.
            for slot in &slots {
                let now = RawFd::from_ne_bytes(
                    received.as_bytes()[slot.at..slot.at + 4]
                        .try_into()
                        .unwrap(),
                );
                assert_eq!(
                    now,
                    if slot.taken { -1 } else { slot.fd },
                    "slot at {}",
                    slot.at
                );
            }
        }
        drop(received);
    }

    // 3. Exactly the slots not taken were closed; the taken ones are ours
    //    (each once: an OwnedFd each, unique numbers); sentinels are open.
    for slot in slots.iter().filter(|s| s.fd >= 0) {
        if slot.taken {
            assert!(is_open(slot.fd), "taken descriptor {} was closed", slot.fd);
        } else {
            assert!(
                !is_open(slot.fd),
                "descriptor {} at {} leaked",
                slot.fd,
                slot.at
            );
        }
    }
    let mut numbers: Vec<RawFd> = taken.iter().map(|fd| fd.as_raw_fd()).collect();
    numbers.sort_unstable();
    numbers.dedup();
    assert_eq!(numbers.len(), taken.len(), "a descriptor handed out twice");
    assert_eq!(taken.len(), slots.iter().filter(|s| s.taken).count());
    for &fd in &sentinels {
        assert!(
            is_open(fd),
            "sentinel {fd} (not in a descriptor slot) was closed"
        );
    }
    // 4. Close everything we own.
    drop(taken);
    for fd in sentinels {
        // SAFETY: opened above, checked open, owned by nobody else.
        drop(unsafe { OwnedFd::from_raw_fd(fd) });
    }
    assert_eq!(lowest_free(), baseline, "a descriptor leaked");
});

/// `Received::messages` agrees with the model walk (taken slots read -1).
fn check_messages(received: &Received<'_>, truncated: bool) {
    let bytes = received.as_bytes();
    let model = walk_model(NATIVE, bytes, false);
    let mut messages = received.messages();
    for item in &model {
        match (item, messages.next()) {
            (
                Item::Msg {
                    level, ty, data, ..
                },
                Some(Ok(m)),
            ) => {
                assert_eq!(
                    (m.level, m.ty, m.offset, m.data.len()),
                    (*level, *ty, data.start, data.len())
                )
            }
            (
                Item::Err(_),
                Some(Err(DecodeError::Truncated {
                    wanted: None,
                    received,
                })),
            ) if truncated => {
                assert_eq!(received, bytes.len());
                assert!(messages.next().is_none());
                return;
            }
            (Item::Err(e), Some(Err(g))) => assert_eq!(*e, g),
            (e, g) => panic!("messages(): model {e:?}, got {g:?}"),
        }
    }
    if truncated {
        assert_eq!(
            messages.next(),
            Some(Err(DecodeError::Truncated {
                wanted: None,
                received: bytes.len()
            }))
        );
    }
    assert!(messages.next().is_none());
    // Lookups never panic and never hand out descriptors.
    let _ = received.get::<cmsg::ScmRights>();
    let _ = received.read::<cmsg::platforms::linux::UCred>();
}

/// `dispatch::<AnyMessage>()`: each message once, the descriptor variants
/// exactly as the model says, `counts[i]` descriptors taken from the `i`th.
fn dispatch(
    received: &mut Received<'_>,
    slots: &mut [Slot],
    counts: &[usize],
    truncated: bool,
    taken: &mut Vec<OwnedFd>,
) {
    let len = received.as_bytes().len();
    let model = walk_model(NATIVE, received.as_bytes(), false);
    // The model's walk indexes differ from the clamping walk's only past a
    // message that runs off the end, where the rejecting walk stops.
    let mut items = received.dispatch::<AnyMessage>();
    for (i, item) in model.iter().enumerate() {
        let got = items
            .next()
            .unwrap_or_else(|| panic!("dispatch ended before item {i}"));
        let Item::Msg {
            level, ty, data, ..
        } = item
        else {
            let Item::Err(e) = item else { unreachable!() };
            let want = if truncated {
                DecodeError::Truncated {
                    wanted: None,
                    received: len,
                }
            } else {
                *e
            };
            assert_eq!(got.map(|_| ()), Err(want), "dispatch's walk error");
            assert!(items.next().is_none(), "dispatch went on after an error");
            return;
        };
        let kind = (*level, *ty);
        let last = !matches!(model.get(i + 1), Some(Item::Msg { .. }));
        let maybe_cut = truncated && last;
        let count = counts.get(i).copied().unwrap_or(0);
        // The slots of this message: the clamping walk's message at the
        // same header offset.
        let mine: Vec<usize> = slots
            .iter()
            .enumerate()
            .filter(|(_, s)| s.at >= data.start && s.at + 4 <= data.end && s.kind == kind)
            .map(|(j, _)| j)
            .collect();
        if kind == RIGHTS {
            let want = if maybe_cut {
                Err(DecodeError::Truncated {
                    wanted: Some(RIGHTS),
                    received: len,
                })
            } else if data.len() % 4 != 0 {
                Err(DecodeError::PayloadLength {
                    message: RIGHTS,
                    expected: Expected::Elements {
                        base: 0,
                        element: 4,
                    },
                    found: data.len(),
                })
            } else {
                Ok(())
            };
            match (want, got) {
                (Ok(()), Ok(AnyMessage::Rights(fds))) => take_from(fds, &mine, slots, count, taken),
                (Err(w), Err(g)) => assert_eq!(w, g),
                (w, g) => panic!("dispatch item {i} (rights): model {w:?}, got {g:?}"),
            }
        } else if kind == PIDFD {
            let want = if maybe_cut && data.len() != 4 {
                Err(DecodeError::Truncated {
                    wanted: Some(PIDFD),
                    received: len,
                })
            } else if data.len() != 4 {
                Err(DecodeError::PayloadLength {
                    message: PIDFD,
                    expected: Expected::Exactly(4),
                    found: data.len(),
                })
            } else {
                Ok(())
            };
            match (want, got) {
                (Ok(()), Ok(AnyMessage::Pidfd(fds))) => take_from(fds, &mine, slots, count, taken),
                (Err(w), Err(g)) => assert_eq!(w, g),
                (w, g) => panic!("dispatch item {i} (pidfd): model {w:?}, got {g:?}"),
            }
        } else {
            match got {
                Ok(AnyMessage::Rights(_) | AnyMessage::Pidfd(_)) => {
                    panic!("dispatch item {i}: {kind:?} handed out as descriptors")
                }
                Ok(_) | Err(_) => {}
            }
        }
    }
    if truncated {
        assert_eq!(
            items.next().map(|r| r.map(|_| ())),
            Some(Err(DecodeError::Truncated {
                wanted: None,
                received: len
            }))
        );
    }
    assert!(items.next().is_none(), "dispatch went on past the model");
}

fn take_from<M: ?Sized>(
    mut fds: cmsg::Fds<'_, M>,
    mine: &[usize],
    slots: &mut [Slot],
    count: usize,
    taken: &mut Vec<OwnedFd>,
) {
    let left: Vec<usize> = mine
        .iter()
        .copied()
        .filter(|&j| slots[j].fd >= 0 && !slots[j].taken)
        .collect();
    let raw: Vec<RawFd> = fds.as_raw_fds().collect();
    let want: Vec<RawFd> = left.iter().map(|&j| slots[j].fd).collect();
    assert_eq!(raw, want, "Fds::as_raw_fds");
    assert_eq!(fds.count_left(), left.len());
    for &j in left.iter().take(count) {
        let fd: OwnedFd = next_fd(&mut fds).expect("Fds ended early");
        assert_eq!(fd.as_raw_fd(), slots[j].fd, "Fds order");
        slots[j].taken = true;
        taken.push(fd);
    }
    if count > left.len() {
        assert!(next_fd(&mut fds).is_none(), "Fds went on past its slots");
    }
}

fn next_fd<M: ?Sized>(fds: &mut cmsg::Fds<'_, M>) -> Option<OwnedFd> {
    fds.next()
}
