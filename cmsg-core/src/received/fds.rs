//! The descriptor slots in received control bytes: finding them, handing
//! each out once, closing the rest. Private to `received`, whose
//! `Received::from_kernel` states the ownership all of this relies on.

use crate::decode::{walk, Overrun};
use crate::layout::{Abi, Native};
use crate::sys::carries_fds;
use core::ffi::c_int;
use core::marker::PhantomData;
use core::mem::size_of;
use core::ops::Range;
#[cfg(feature = "std")]
use std::os::fd::{FromRawFd, OwnedFd};

/// A descriptor number, as `c_int` (`std::os::fd::RawFd` without std).
pub(super) type RawFd = c_int;

/// What a slot holds once its descriptor has been handed out.
const TAKEN: RawFd = -1;

/// Finds every descriptor slot in `bytes`: the whole `c_int`s of each
/// fd-carrying message of the requested kind, clamped to the end of the
/// buffer (a truncated array still holds installed descriptors).
///
/// Generic over the layout so that every system's walk, with its clamp, is
/// tested on any host (`Received` itself only ever holds native bytes).
#[derive(Debug)]
pub(super) struct Slots<A: Abi = Native> {
    /// `Some((level, type))` for one kind, `None` for every fd-carrying kind.
    kind: Option<(c_int, c_int)>,
    next_header: usize,
    current: Range<usize>,
    abi: PhantomData<A>,
}

impl<A: Abi> Slots<A> {
    pub(super) fn new(kind: Option<(c_int, c_int)>) -> Self {
        Slots {
            kind,
            next_header: 0,
            current: 0..0,
            abi: PhantomData,
        }
    }

    /// The byte range of the next slot.
    fn next(&mut self, bytes: &[u8]) -> Option<Range<usize>> {
        loop {
            let end = self.current.start + size_of::<RawFd>();
            if end <= self.current.end {
                let slot = self.current.start..end;
                self.current.start = end;
                return Some(slot);
            }
            let step = walk::<A>(bytes, self.next_header, Overrun::Clamp)?.ok()?;
            self.next_header = step.next;
            let (level, ty) = (step.header.level, step.header.ty);
            let wanted = match self.kind {
                Some(kind) => kind == (level, ty),
                None => true,
            };
            self.current = if wanted && carries_fds(level, ty) {
                step.data
            } else {
                0..0
            };
        }
    }
}

impl<A: Abi> Slots<A> {
    /// The next descriptor not yet taken, marking its slot taken so that
    /// nothing hands it out or closes it again.
    fn take_next(&mut self, bytes: &mut [u8]) -> Option<RawFd> {
        loop {
            let slot = self.next(bytes)?;
            if let Some(fd) = bytes.get_mut(slot).and_then(take_slot) {
                return Some(fd);
            }
        }
    }
}

/// The descriptor in `slot` (one `c_int`'s bytes), marking the slot taken;
/// `None` if it was taken already or is not a whole slot.
pub(super) fn take_slot(slot: &mut [u8]) -> Option<RawFd> {
    let fd = slot_fd(slot)?;
    slot.copy_from_slice(&TAKEN.to_ne_bytes());
    Some(fd)
}

/// The descriptor in `slot` (one `c_int`'s bytes); `None` if it was taken
/// or is not a whole slot.
pub(super) fn slot_fd(slot: &[u8]) -> Option<RawFd> {
    let fd = RawFd::from_ne_bytes(slot.try_into().ok()?);
    (fd >= 0).then_some(fd)
}

/// Reads the descriptor in `slot`; `None` if it was taken or is not one.
#[cfg(feature = "std")]
fn read_slot(bytes: &[u8], slot: &Range<usize>) -> Option<RawFd> {
    slot_fd(bytes.get(slot.clone())?)
}

/// An iterator that hands out received descriptors as `OwnedFd`s, each once.
/// Those it does not reach stay with the [`Received`](crate::Received) and
/// are closed when it is dropped.
///
/// ```no_run
/// # fn f(mut received: cmsg_core::Received<'_>) {
/// for fd in received.take_fds() {
///     // `fd` is an OwnedFd: closed when dropped, unless kept.
///     drop(fd);
/// }
/// # }
/// ```
#[cfg(feature = "std")]
#[derive(Debug)]
pub struct ReceivedFds<'a> {
    bytes: &'a mut [u8],
    slots: Slots,
}

#[cfg(feature = "std")]
impl<'a> ReceivedFds<'a> {
    /// Only `Received` makes these: its construction is where ownership of
    /// the descriptors in `bytes` is asserted.
    pub(super) fn new(bytes: &'a mut [u8], kind: Option<(c_int, c_int)>) -> Self {
        ReceivedFds {
            bytes,
            slots: Slots::new(kind),
        }
    }
}

#[cfg(feature = "std")]
impl Iterator for ReceivedFds<'_> {
    type Item = OwnedFd;

    fn next(&mut self) -> Option<OwnedFd> {
        let fd = self.slots.take_next(self.bytes)?;
        // SAFETY: `ReceivedFds` only exists over the bytes of a `Received`,
        // whose constructor's contract is that every non-negative descriptor
        // in these slots is open and owned by it. `take_next` marked the slot
        // taken, so this descriptor is handed out exactly once.
        Some(unsafe { OwnedFd::from_raw_fd(fd) })
    }
}

/// Sets `FD_CLOEXEC` on every descriptor still in `bytes`.
///
/// # Safety
///
/// As for [`close_all`]: every descriptor found is owned by the caller.
#[cfg(feature = "std")]
pub(super) unsafe fn set_cloexec_all(bytes: &[u8]) {
    let mut slots = Slots::<Native>::new(None);
    while let Some(slot) = slots.next(bytes) {
        if let Some(fd) = read_slot(bytes, &slot) {
            // SAFETY: `fcntl(F_SETFD)` on a descriptor the caller owns; it
            // changes only that descriptor's flags.
            unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) };
        }
    }
}

/// Closes every descriptor still in `bytes` and marks its slot taken.
///
/// # Safety
///
/// As for [`Received::from_kernel`](super::Received::from_kernel): every
/// descriptor found is owned by the caller, who gives it up.
pub(super) unsafe fn close_all(bytes: &mut [u8]) {
    let mut slots = Slots::<Native>::new(None);
    while let Some(fd) = slots.take_next(bytes) {
        // SAFETY: the caller owns `fd` and gives it up; `take_next` marked
        // its slot taken, so it is closed once. An error from close(2) leaves
        // nothing to recover: the descriptor is released either way on Linux
        // and the BSDs.
        unsafe { libc::close(fd) };
    }
}

#[cfg(test)]
mod tests {
    use super::Slots;
    use crate::layout::{Abi, Apple, Bsd16, Linux32, Linux64};
    extern crate std;
    use crate::Encoder;
    use std::vec::Vec;

    /// `SCM_RIGHTS` with three descriptors (7, 8, 9) in `A`'s layout, cut
    /// to `keep` bytes, its `cmsg_len` left at the untruncated size as macOS
    /// leaves it: the slots are the whole `int`s that remain.
    fn slots_after_cut<A: Abi>(keep: usize) -> Vec<i32> {
        #[repr(C, align(16))]
        struct Aligned([u8; 128]);
        let mut buf = Aligned([0; 128]);
        let mut encoder = Encoder::<A>::for_abi(&mut buf.0);
        let fds: Vec<u8> = [7i32, 8, 9]
            .iter()
            .flat_map(|fd| fd.to_ne_bytes())
            .collect();
        // SAFETY: these bytes are never sent: a foreign layout's encoder
        // cannot finish them for `sendmsg`.
        unsafe { encoder.push_raw_unchecked(crate::sys::SOL_SOCKET, libc::SCM_RIGHTS, &fds) }
            .unwrap();
        let bytes = encoder.into_bytes();
        let mut cut = bytes[..keep.min(bytes.len())].to_vec();
        let mut slots = Slots::<A>::new(None);
        let mut found = Vec::new();
        while let Some(fd) = slots.take_next(&mut cut) {
            found.push(fd);
        }
        found
    }

    fn clamps<A: Abi>() {
        let data = A::LAYOUT.data_offset();
        assert_eq!(slots_after_cut::<A>(data + 12), [7, 8, 9]);
        assert_eq!(slots_after_cut::<A>(data + 11), [7, 8]);
        assert_eq!(slots_after_cut::<A>(data + 4), [7]);
        assert_eq!(slots_after_cut::<A>(data + 3), [] as [i32; 0]);
        assert_eq!(slots_after_cut::<A>(data - 1), [] as [i32; 0]);
    }

    #[test]
    fn every_layouts_descriptor_walk_clamps_to_the_end() {
        clamps::<Linux64>();
        clamps::<Linux32>();
        clamps::<Apple>();
        clamps::<Bsd16>();
    }
}
