//! Receive sets: each received message dispatched, once, to a variant of
//! the caller's enum (`#[derive(ControlMessages)]`).

#[cfg(feature = "std")]
use super::fds::take_slot;
use super::fds::{slot_fd, RawFd};
use super::Received;
use crate::decode::{walk, Overrun, RawMessage};
use crate::error::DecodeError;
use crate::layout::Native;
use crate::sys::carries_fds;
use crate::{CarriesFds, ControlMessage, Receivable};
use core::ffi::c_int;
use core::marker::PhantomData;
use core::mem::size_of;

/// An enum whose variants are the control messages a receiver wants:
/// what `#[derive(ControlMessages)]` implements.
///
/// ```
/// use cmsg_core::{ControlMessage, ControlMessages, Fds, ScmRights};
///
/// /// A protocol's own message (on Linux, the kernel's credentials are
/// /// `cmsg::platforms::linux::UCred`).
/// #[derive(ControlMessage, Clone, Copy, Debug)]
/// #[cmsg(crate = "cmsg_core", level = 1234, ty = 1)]
/// #[repr(C)]
/// struct Hello { pid: i32 }
///
/// /// What a process supervisor receives.
/// #[derive(ControlMessages)]
/// #[cmsg(crate = "cmsg_core")]
/// enum Supervisor<'a> {
///     #[cmsg(max = 3)]
///     Rights(Fds<'a, ScmRights>),
///     Hello(Hello),
/// }
///
/// // CMSG_SPACE for three descriptors plus CMSG_SPACE for the greeting.
/// assert_eq!(Supervisor::SPACE, unsafe { libc::CMSG_SPACE(12) + libc::CMSG_SPACE(4) } as usize);
/// ```
///
/// Each variant holds one message, in one of three ways:
///
/// | variant | what it holds |
/// |---|---|
/// | `Name(T)` | the message copied out (`T: Copy`; any alignment) |
/// | `Name(&'a T)` | a reference into the control buffer, without copying |
/// | `Name(Fds<'a, T>)` | the descriptors of `SCM_RIGHTS` or Linux `SCM_PIDFD`: an iterator of `OwnedFd`s; those not taken are closed with the [`Received`] |
///
/// and the attribute's keys are:
///
/// | key | on | meaning |
/// |---|---|---|
/// | `max = n` | a variant | room for `n` trailing elements (descriptors, bytes) of a message ending in a slice; required for those |
/// | `other` | a variant `Name(RawMessage<'a>)` | takes every message no other variant takes |
/// | `unknown = error` | the enum | a message no variant takes is [`DecodeError::Unexpected`] (default `skip`) |
/// | `crate = "path"` | the enum | where `cmsg` is |
///
/// The derive also gives the enum `SPACE` (this trait's constant),
/// `buffer()` (a [`ControlBuffer`](crate::ControlBuffer) of that size) and,
/// with `std`, `enable(&socket)`, which sets every variant's
/// [`ENABLE`](ControlMessage::ENABLE) option and reports each one the
/// kernel refused ([`Enabled`](crate::Enabled)) instead of stopping at the
/// first. Two variants with the same level and type, and a slice-tailed
/// message without `max`, do not compile.
///
/// `SPACE` is what the kernel consumes for one of each message: every
/// message's `CMSG_SPACE`. The last message written needs only its
/// `CMSG_LEN`, so a buffer up to its padding smaller may also hold them all;
/// nothing smaller does. Where the kernel can send a message in two layouts
/// (Linux's old and new timestamps), declare both variants: each is counted.
pub trait ReceiveSet<'a>: Sized {
    /// `CMSG_SPACE` of one of each variant's message (with its `max`
    /// elements): the control buffer that holds them all, exactly.
    const SPACE: usize;

    /// The variant for `message`; `Ok(None)` for a message no variant
    /// takes (unless the set makes those an error).
    fn dispatch(message: Incoming<'a>) -> Result<Option<Self>, DecodeError>;
}

/// One received message, on its way to a [`ReceiveSet`]'s variant: decode
/// it by reference, by value, as descriptors, or raw.
#[derive(Debug)]
pub struct Incoming<'a> {
    level: c_int,
    ty: c_int,
    data: &'a mut [u8],
    offset: usize,
    /// The last message of truncated control data: it may have been cut.
    maybe_cut: bool,
    received: usize,
}

impl<'a> Incoming<'a> {
    /// Whether this message has `M`'s level and type.
    pub const fn is<M: ControlMessage + ?Sized>(&self) -> bool {
        self.level == M::LEVEL && self.ty == M::TYPE
    }

    /// `cmsg_level` and `cmsg_type`.
    pub const fn kind(&self) -> (c_int, c_int) {
        (self.level, self.ty)
    }

    fn raw(&self) -> RawMessage<'_> {
        RawMessage {
            level: self.level,
            ty: self.ty,
            data: self.data,
            offset: self.offset,
        }
    }

    /// [`DecodeError::Truncated`] if the kernel may have cut this message:
    /// the last one in truncated data, if it ends in a slice or its length
    /// is not `M`'s.
    fn whole<M: ControlMessage + ?Sized>(&self) -> Result<(), DecodeError> {
        if self.maybe_cut && self.raw().may_be_cut::<M>() {
            return Err(DecodeError::Truncated {
                wanted: Some((self.level, self.ty)),
                received: self.received,
            });
        }
        Ok(())
    }

    /// The payload as a `&M`, without copying ([`RawMessage::decode`]).
    pub fn decode<M: Receivable + ?Sized>(self) -> Result<&'a M, DecodeError> {
        self.whole::<M>()?;
        self.into_raw().decode::<M>()
    }

    /// The payload as an `M` by value ([`RawMessage::read`]).
    pub fn read<M: Receivable + Copy>(self) -> Result<M, DecodeError> {
        self.whole::<M>()?;
        self.into_raw().read::<M>()
    }

    /// The message's descriptors, to take as `OwnedFd`s.
    pub fn fds<M: CarriesFds + ?Sized>(self) -> Result<Fds<'a, M>, DecodeError> {
        self.whole::<M>()?;
        // `CarriesFds` is a safe trait: only what the kernel really fills
        // with descriptors is handed out as such.
        if !self.is::<M>() || !carries_fds(self.level, self.ty) {
            return Err(DecodeError::WrongMessage {
                expected: (M::LEVEL, M::TYPE),
                found: (self.level, self.ty),
            });
        }
        self.raw().check::<M>()?;
        Ok(Fds {
            slots: self.data,
            message: PhantomData,
        })
    }

    /// The message as it is: level, type and payload bytes. Descriptors in
    /// it stay owned by the [`Received`].
    pub fn into_raw(self) -> RawMessage<'a> {
        RawMessage {
            level: self.level,
            ty: self.ty,
            data: self.data,
            offset: self.offset,
        }
    }

    /// The error for a message the set does not take.
    pub fn unexpected(self) -> DecodeError {
        DecodeError::Unexpected {
            found: (self.level, self.ty),
        }
    }
}

/// The descriptors of one received message (`SCM_RIGHTS`, Linux
/// `SCM_PIDFD`), as a receive set's variant holds them: an iterator that
/// hands each out once as an `OwnedFd`. Those not taken stay with the
/// [`Received`], which closes them.
pub struct Fds<'a, M: ?Sized> {
    slots: &'a mut [u8],
    message: PhantomData<fn() -> &'a M>,
}

impl<M: ?Sized> Fds<'_, M> {
    /// The descriptor numbers not yet taken.
    pub fn as_raw_fds(&self) -> impl Iterator<Item = RawFd> + '_ {
        self.slots
            .chunks_exact(size_of::<RawFd>())
            .filter_map(slot_fd)
    }

    /// How many descriptors are left to take.
    pub fn count_left(&self) -> usize {
        self.as_raw_fds().count()
    }
}

impl<M: ?Sized> core::fmt::Debug for Fds<'_, M> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.as_raw_fds()).finish()
    }
}

#[cfg(feature = "std")]
impl<M: ?Sized> Iterator for Fds<'_, M> {
    type Item = std::os::fd::OwnedFd;

    fn next(&mut self) -> Option<Self::Item> {
        let fd = self
            .slots
            .chunks_exact_mut(size_of::<RawFd>())
            .find_map(take_slot)?;
        // SAFETY: `Fds` is made only by `Incoming::fds`, over the payload
        // of a message `carries_fds` holds for, inside the bytes of a
        // `Received`, whose constructor's contract is that every
        // non-negative descriptor there is open and owned by it.
        // `take_slot` marked the slot taken, so this descriptor is handed
        // out once and not closed by the `Received`.
        Some(unsafe { std::os::fd::FromRawFd::from_raw_fd(fd) })
    }
}

/// The messages of a [`Received`], each as a variant of `S`: what
/// [`Received::dispatch`] returns.
///
/// Messages no variant takes are skipped (or an error, if the set says so).
/// Truncated control data ends the walk with [`DecodeError::Truncated`]:
/// truncation is never silent.
#[derive(Debug)]
pub struct Dispatch<'a, S> {
    /// The bytes not yet walked, starting at a header.
    rest: &'a mut [u8],
    /// `rest`'s offset in the control buffer.
    base: usize,
    truncated: bool,
    received: usize,
    set: PhantomData<fn() -> S>,
}

impl<'a> Received<'a> {
    /// Every message, dispatched to its variant of the receive set `S`.
    ///
    /// ```no_run
    /// # use cmsg_core::{ControlMessage, ControlMessages, Fds, ScmRights, Received};
    /// # #[derive(ControlMessage, Clone, Copy, Debug)]
    /// # #[cmsg(crate = "cmsg_core", level = 1234, ty = 1)]
    /// # #[repr(C)]
    /// # struct Hello { pid: i32 }
    /// # #[derive(ControlMessages)]
    /// # #[cmsg(crate = "cmsg_core")]
    /// # enum Supervisor<'a> { #[cmsg(max = 3)] Rights(Fds<'a, ScmRights>), Hello(Hello) }
    /// # fn f(mut received: Received<'_>) -> Result<(), cmsg_core::DecodeError> {
    /// for message in received.dispatch::<Supervisor>() {
    ///     match message? {
    ///         Supervisor::Rights(fds) => for fd in fds { /* an OwnedFd */ },
    ///         Supervisor::Hello(hello) => println!("hello from {}", hello.pid),
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub fn dispatch<'r, S: ReceiveSet<'r>>(&'r mut self) -> Dispatch<'r, S> {
        Dispatch {
            received: self.bytes.len(),
            rest: self.bytes,
            base: 0,
            truncated: self.truncated,
            set: PhantomData,
        }
    }
}

impl<'a, S: ReceiveSet<'a>> Iterator for Dispatch<'a, S> {
    type Item = Result<S, DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        let truncation = DecodeError::Truncated {
            wanted: None,
            received: self.received,
        };
        loop {
            let step = match walk::<Native>(self.rest, 0, Overrun::Reject) {
                // The end: say once that the kernel cut what came after it.
                None => return core::mem::take(&mut self.truncated).then_some(Err(truncation)),
                Some(Err(e)) => {
                    self.rest = &mut [];
                    // In truncated data a header cut short is the truncation.
                    let e = if core::mem::take(&mut self.truncated) {
                        truncation
                    } else {
                        e.shifted(self.base)
                    };
                    return Some(Err(e));
                }
                Some(Ok(step)) => step,
            };
            let rest = core::mem::take(&mut self.rest);
            let (this, after) = rest.split_at_mut(step.next.min(rest.len()));
            let offset = self.base;
            self.base += this.len();
            let last = matches!(
                walk::<Native>(after, 0, Overrun::Reject),
                None | Some(Err(_))
            );
            self.rest = after;
            let Some(data) = this.get_mut(step.data.clone()) else {
                continue;
            };
            let incoming = Incoming {
                level: step.header.level,
                ty: step.header.ty,
                data,
                offset: offset + step.data.start,
                maybe_cut: self.truncated && last,
                received: self.received,
            };
            match S::dispatch(incoming) {
                Ok(Some(variant)) => return Some(Ok(variant)),
                Ok(None) => continue,
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

impl<'a, S: ReceiveSet<'a>> core::iter::FusedIterator for Dispatch<'a, S> {}
