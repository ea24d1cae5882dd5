//! Shared pieces of the fuzz targets: an independent model of the
//! `CMSG_*` walk, a byte reader for the hand-rolled input formats (so that
//! the seed generator can write inputs from real kernel output), aligned
//! buffers, and the input formats themselves.
//!
//! The model deliberately does not call into cmsg-core's arithmetic: it
//! takes only the three facts of a [`Layout`] (header size, payload
//! alignment, header alignment) and redoes `CMSG_LEN`, `CMSG_SPACE` and the
//! header parse itself.

use cmsg::layout::Layout;
use cmsg::DecodeError;
use std::ops::Range;

/// `SOL_SOCKET` on this (x86_64/aarch64 Linux) host: asm-generic's 1.
pub const SOL_SOCKET: i32 = libc::SOL_SOCKET;
/// `SCM_RIGHTS`.
pub const SCM_RIGHTS: i32 = libc::SCM_RIGHTS;
/// `SCM_PIDFD` (`include/linux/socket.h`).
pub const SCM_PIDFD: i32 = 4;
/// `SOL_RDS` (`include/linux/socket.h`).
pub const SOL_RDS: i32 = 276;

/// Whether the kernel reads/fills this message's payload as descriptors
/// (the model's own statement of Linux's rule).
pub fn model_carries_fds(level: i32, ty: i32) -> bool {
    level == SOL_SOCKET && (ty == SCM_RIGHTS || ty == SCM_PIDFD)
}

/// Whether the level's messages carry addresses (Linux: `SOL_RDS`).
pub fn model_carries_addresses(level: i32) -> bool {
    level == SOL_RDS
}

/// Rounds `n` up to `align` (a power of two), checked.
pub fn round_up(n: usize, align: usize) -> Option<usize> {
    assert!(align.is_power_of_two());
    Some(n.checked_add(align - 1)? / align * align)
}

/// `CMSG_LEN(0)`: the payload offset.
pub fn model_data_offset(l: Layout) -> usize {
    round_up(l.header_size, l.data_align).unwrap()
}

/// `CMSG_LEN(n)`.
pub fn model_len(l: Layout, n: usize) -> Option<usize> {
    model_data_offset(l).checked_add(n)
}

/// `CMSG_SPACE(n)`.
pub fn model_space(l: Layout, n: usize) -> Option<usize> {
    round_up(model_len(l, n)?, l.header_align)
}

/// One item of the modelled walk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    /// A whole message.
    Msg {
        /// Header offset.
        header: usize,
        /// `cmsg_len` as read.
        cmsg_len: usize,
        level: i32,
        ty: i32,
        /// Payload range (may be clamped in [`walk_model`] with `clamp`).
        data: Range<usize>,
    },
    /// The walk stopped with this error.
    Err(DecodeError),
}

fn read_ne_u32(b: &[u8], at: usize) -> u32 {
    u32::from_ne_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

fn read_ne_u64(b: &[u8], at: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[at..at + 8]);
    u64::from_ne_bytes(a)
}

/// The walk as the model sees it. With `clamp`, a `cmsg_len` past the end
/// yields a message whose payload is clamped to the end (and ends the walk)
/// instead of [`DecodeError::LengthBeyondEnd`].
pub fn walk_model(l: Layout, bytes: &[u8], clamp: bool) -> Vec<Item> {
    let mut out = Vec::new();
    let hs = l.header_size;
    let min = model_data_offset(l);
    let mut off = 0usize;
    while off < bytes.len() {
        let available = bytes.len() - off;
        if available < hs {
            out.push(Item::Err(DecodeError::HeaderTruncated {
                offset: off,
                needed: hs,
                available,
            }));
            break;
        }
        let (cmsg_len, width) = if hs == 16 {
            (
                usize::try_from(read_ne_u64(bytes, off)).unwrap_or(usize::MAX),
                8,
            )
        } else {
            (read_ne_u32(bytes, off) as usize, 4)
        };
        let level = read_ne_u32(bytes, off + width) as i32;
        let ty = read_ne_u32(bytes, off + width + 4) as i32;
        if cmsg_len < min {
            out.push(Item::Err(DecodeError::LengthTooSmall {
                offset: off,
                min,
                found: cmsg_len,
            }));
            break;
        }
        if cmsg_len > available {
            if clamp {
                let end = bytes.len();
                out.push(Item::Msg {
                    header: off,
                    cmsg_len,
                    level,
                    ty,
                    data: (off + min).min(end)..end,
                });
            } else {
                out.push(Item::Err(DecodeError::LengthBeyondEnd {
                    offset: off,
                    available,
                    found: cmsg_len,
                }));
            }
            break;
        }
        out.push(Item::Msg {
            header: off,
            cmsg_len,
            level,
            ty,
            data: off + min..off + cmsg_len,
        });
        // CMSG_NXTHDR: the header rounded up; cmsg_len <= available, so
        // this cannot overflow.
        off += round_up(cmsg_len, l.header_align).unwrap();
    }
    out
}

/// Reads an input format field by field; past the end every read gives
/// zeros, so any byte string is a valid input.
pub struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes }
    }
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
    pub fn bytes(&mut self, n: usize) -> &'a [u8] {
        let n = n.min(self.bytes.len());
        let (a, b) = self.bytes.split_at(n);
        self.bytes = b;
        a
    }
    fn array<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        let got = self.bytes(N);
        out[..got.len()].copy_from_slice(got);
        out
    }
    pub fn u8(&mut self) -> u8 {
        self.array::<1>()[0]
    }
    pub fn u16(&mut self) -> u16 {
        u16::from_le_bytes(self.array())
    }
    pub fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.array())
    }
    pub fn i32(&mut self) -> i32 {
        i32::from_le_bytes(self.array())
    }
    pub fn u64(&mut self) -> u64 {
        u64::from_le_bytes(self.array())
    }
    pub fn rest(&mut self) -> &'a [u8] {
        core::mem::take(&mut self.bytes)
    }
}

/// A zeroed buffer whose start is 16-byte aligned.
pub struct Aligned {
    words: Vec<u128>,
    len: usize,
}

impl Aligned {
    pub fn new(len: usize) -> Self {
        Aligned {
            words: vec![0; len.div_ceil(16) + 1],
            len,
        }
    }
    pub fn as_mut(&mut self) -> &mut [u8] {
        // SAFETY: `words` holds at least `len` initialized bytes; u8 has no
        // alignment requirement and any bytes are valid u8s.
        unsafe { core::slice::from_raw_parts_mut(self.words.as_mut_ptr().cast::<u8>(), self.len) }
    }
    pub fn as_ref(&self) -> &[u8] {
        // SAFETY: as in `as_mut`.
        unsafe { core::slice::from_raw_parts(self.words.as_ptr().cast::<u8>(), self.len) }
    }
}

/// Input formats, written by the seed generator and read by the targets.
pub mod format {
    /// `round_trip`: `abi: u8, shift: u8, size: u16` then ops, each
    /// `kind: u8` and its fields ([`RoundTripOp`]).
    pub mod round_trip {
        pub const OP_RAW: u8 = 0;
        pub const OP_RAW_PICKED: u8 = 1;
        pub const OP_FDS: u8 = 2;
        pub const OP_TTL: u8 = 3;
        pub const OP_TXTIME_WITH: u8 = 4;
        pub const OP_IV_WITH: u8 = 5;
        pub const OP_UCRED: u8 = 6;
        pub const OP_UDP_SEGMENT: u8 = 7;
        pub const OPS: u8 = 8;
        /// Levels `OP_RAW_PICKED` indexes (so the fuzzer meets the refused
        /// ones early): SOL_SOCKET, 0, IPPROTO_IPV6, SOL_RDS, SOL_UDP,
        /// 0xffff, -1, SOL_ALG, SOL_TLS.
        pub const PICKED_LEVELS: [i32; 9] = [1, 0, 41, 276, 17, 0xffff, -1, 279, 282];

        /// A raw op as bytes.
        pub fn raw(out: &mut Vec<u8>, level: i32, ty: i32, payload: &[u8]) {
            let n = payload.len().min(255);
            out.push(OP_RAW);
            out.extend_from_slice(&level.to_le_bytes());
            out.extend_from_slice(&ty.to_le_bytes());
            out.push(n as u8);
            out.extend_from_slice(&payload[..n]);
        }
    }

    /// `descriptors`: `flags: u8` (bit 0: MSG_CTRUNC, bit 1: MSG_TRUNC),
    /// `cut: u16` (0xffff: none), `negative: u32` (bit `i % 32`: the
    /// `i`th descriptor slot holds -1, as a slot already taken), `count: u8`,
    /// then `count % 9` message specs of 6 bytes (`kind, ints, extra,
    /// len_mode, len_value: u16`), then take ops: `op, n` and, for
    /// `DISPATCH`, 8 per-message take counts.
    pub mod descriptors {
        pub const KIND_RIGHTS: u8 = 0;
        pub const KIND_PIDFD: u8 = 1;
        pub const KIND_CREDENTIALS: u8 = 2;
        pub const KIND_TTL: u8 = 3;
        pub const KIND_RIGHTS_OTHER_LEVEL: u8 = 4;
        pub const KIND_TIMESTAMP: u8 = 5;
        pub const KIND_OTHER: u8 = 6;
        pub const KINDS: u8 = 7;

        pub const LEN_EXACT: u8 = 0;
        pub const LEN_PLUS: u8 = 1;
        pub const LEN_MINUS: u8 = 2;
        pub const LEN_RAW: u8 = 3;
        pub const LEN_MODES: u8 = 4;

        pub const TAKE_FDS: u8 = 0;
        pub const TAKE_PIDFD: u8 = 1;
        pub const DISPATCH: u8 = 2;
        pub const MESSAGES: u8 = 3;
        pub const TAKE_OPS: u8 = 4;

        /// The (level, type) of a message kind.
        pub fn kind_message(kind: u8) -> (i32, i32) {
            match kind % KINDS {
                KIND_RIGHTS => (libc::SOL_SOCKET, libc::SCM_RIGHTS),
                KIND_PIDFD => (libc::SOL_SOCKET, super::super::SCM_PIDFD),
                KIND_CREDENTIALS => (libc::SOL_SOCKET, libc::SCM_CREDENTIALS),
                KIND_TTL => (libc::IPPROTO_IP, libc::IP_TTL),
                // IP_TOS is 1: SCM_RIGHTS's number at another level.
                KIND_RIGHTS_OTHER_LEVEL => (libc::IPPROTO_IP, libc::IP_TOS),
                KIND_TIMESTAMP => (libc::SOL_SOCKET, libc::SO_TIMESTAMP),
                _ => (libc::SOL_SOCKET, 3), // SCM_SECURITY,
            }
        }

        /// The kind closest to a (level, type) seen in kernel output.
        pub fn message_kind(level: i32, ty: i32) -> u8 {
            (0..KINDS)
                .find(|&k| kind_message(k) == (level, ty))
                .unwrap_or(KIND_OTHER)
        }

        /// One message spec as bytes.
        pub fn spec(
            out: &mut Vec<u8>,
            kind: u8,
            ints: u8,
            extra: u8,
            len_mode: u8,
            len_value: u16,
        ) {
            out.extend_from_slice(&[kind, ints, extra, len_mode]);
            out.extend_from_slice(&len_value.to_le_bytes());
        }

        /// The header: flags, no cut unless given, no negative slots.
        pub fn header(out: &mut Vec<u8>, flags: u8, cut: Option<u16>, count: u8) {
            out.push(flags);
            out.extend_from_slice(&cut.unwrap_or(0xffff).to_le_bytes());
            out.extend_from_slice(&0u32.to_le_bytes());
            out.push(count);
        }
    }
}
