//! A message's payload as bytes and back: the layout facts every
//! [`ControlMessage`] states, checked here, and the only code that turns
//! bytes into a `&M` or a `&M` into bytes.
//!
//! The checks live in this crate on purpose. `#[derive(ControlMessage)]`
//! expands in the user's crate, where every path it writes (`cmsg`, `core`,
//! zerocopy) can be made to name something else (`extern crate fake as
//! core;`, `crate = "..."`); a proof built from those paths could be
//! forged. What the derive states instead are types ([`ControlMessage::Fields`],
//! [`Head`](ControlMessage::Head), [`Element`](ControlMessage::Element)),
//! tied to the struct's real fields without naming any path (see
//! cmsg-derive's `expand.rs`); the bounds on those types and the
//! arithmetic on their sizes below run in this crate, where nothing can be
//! substituted.

use crate::ControlMessage;
use core::mem::{align_of, size_of};
use zerocopy::{FromBytes, Immutable, IntoBytes};

/// A type any bytes of its size are a valid value of, whose values are
/// all initialized bytes, with no interior mutability: what every field of
/// a control message must be.
///
/// Implemented for every type with zerocopy's `FromBytes`, `IntoBytes` and
/// `Immutable`; derive those on a struct nested in a payload with
/// `#[zerocopy(crate = "cmsg::zerocopy")]`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a control message field: it is not plain bytes",
    label = "not plain bytes",
    note = "a field must accept every bit pattern and have no padding and no interior mutability: integers, arrays of them, or structs with zerocopy's `FromBytes`, `IntoBytes` and `Immutable`",
    note = "on your own nested struct: #[derive(cmsg::zerocopy::FromBytes, cmsg::zerocopy::IntoBytes, cmsg::zerocopy::Immutable)] #[zerocopy(crate = \"cmsg::zerocopy\")] #[repr(C)]"
)]
pub trait Plain: FromBytes + IntoBytes + Immutable {}

impl<T: FromBytes + IntoBytes + Immutable + ?Sized> Plain for T {}

/// The types of a payload's fields before any trailing slice, as a list
/// `(A, (B, (C, ())))`: [`ControlMessage::Fields`].
pub trait FieldList {
    /// The sum of the fields' sizes: the payload's size if it has no padding.
    const SIZE: usize;
}

impl FieldList for () {
    const SIZE: usize = 0;
}

impl<Head: Plain, Rest: FieldList> FieldList for (Head, Rest) {
    const SIZE: usize = size_of::<Head>() + Rest::SIZE;
}

/// A payload's layout, as [`ControlMessage`]'s constants report it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Shape {
    /// Bytes before the trailing slice; the whole payload of a sized message.
    pub(crate) base: usize,
    /// Bytes per trailing element; 0 for a sized message.
    pub(crate) element: usize,
    /// The payload's alignment.
    pub(crate) align: usize,
}

/// `M`'s payload layout, proven free of padding: evaluating it for a type
/// whose layout has padding fails to compile.
pub(crate) const fn shape<M: ControlMessage + ?Sized>() -> Shape {
    let base = size_of::<M::Head>();
    let align = align_of::<M::Head>();
    let element = size_of::<M::Element>();
    // Every field is `Plain` (the bound on `FieldList`), so padding-free
    // itself; if the sizes add up to the head's, no byte lies between the
    // fields or after them (fields of a struct never overlap). `Head` has
    // `M`'s repr and fields and ends in `[Element; 0]`: by the `repr(C)`
    // layout algorithm [1], each field's offset depends only on the fields
    // before it, so `Head`'s head fields sit where `M`'s do, its zero-length
    // array where `M`'s slice starts, and its alignment (the largest of its
    // fields', or `align(N)`) is `M`'s [2].
    //
    // [1] https://doc.rust-lang.org/reference/type-layout.html#reprc-structs
    // [2] https://doc.rust-lang.org/reference/type-layout.html#dynamically-sized-types
    assert!(
        M::Fields::SIZE == base,
        "this control message's payload has padding bytes: make every byte a field (e.g. `_pad: [u8; N]`) or reorder the fields"
    );
    // With no padding before the slice, `M` with n elements is
    // `base + n * element` bytes exactly when `element` keeps the alignment.
    assert!(
        element % align == 0,
        "this control message's trailing slice element is smaller than its alignment, so the payload would have padding after the slice: write the head's wider fields as byte arrays or use #[repr(C, packed)]"
    );
    Shape {
        base,
        element,
        align,
    }
}

/// The number of trailing elements a payload of `len` bytes holds, if `len`
/// is a length `M` can have.
fn elements<M: ControlMessage + ?Sized>(len: usize) -> Option<usize> {
    let shape = const { shape::<M>() };
    let tail = len.checked_sub(shape.base)?;
    match shape.element {
        0 => (tail == 0).then_some(0),
        element => (tail % element == 0).then_some(tail / element),
    }
}

/// Why bytes cannot be viewed as a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ViewError {
    /// Not a length `M`'s payload can have.
    Length,
    /// Not at `M`'s alignment: the address modulo the alignment.
    Misaligned { align: usize, found: usize },
}

/// Checks that `bytes` can hold an `M` and says how many elements it has.
fn fit<M: ControlMessage + ?Sized>(bytes: &[u8]) -> Result<usize, ViewError> {
    let count = elements::<M>(bytes.len()).ok_or(ViewError::Length)?;
    let align = const { shape::<M>() }.align;
    let found = bytes.as_ptr() as usize % align;
    if found != 0 {
        return Err(ViewError::Misaligned { align, found });
    }
    Ok(count)
}

/// `bytes` as an `&M`, without copying.
pub(crate) fn view<M: ControlMessage + ?Sized>(bytes: &[u8]) -> Result<&M, ViewError> {
    let count = fit::<M>(bytes)?;
    let elements = core::ptr::slice_from_raw_parts(bytes.as_ptr().cast::<M::Element>(), count);
    let message = M::from_elements(elements);
    // SAFETY: `fit` checked that `bytes` is `base + count * element` bytes
    // at `M`'s alignment, which by `shape` (no padding, proven in this
    // crate) is exactly the size of an `M` with `count` elements (the size
    // of a slice-tailed `repr(C)` struct is its tail's offset plus the
    // slice, rounded up to the alignment [1], and `base` and `element` are
    // multiples of it);
    // `from_elements` keeps the address and gives the count as the slice's
    // length (`ControlMessage`'s contract). Every field and the element are
    // `Plain`: any initialized bytes are a valid `M`, and `M` has no
    // `UnsafeCell`, so a shared view of shared bytes is sound. The lifetime
    // is `bytes`'s.
    //
    // [1] https://doc.rust-lang.org/reference/type-layout.html#reprc-structs
    Ok(unsafe { &*message })
}

/// `bytes` as an `&mut M`, without copying.
pub(crate) fn view_mut<M: ControlMessage + ?Sized>(bytes: &mut [u8]) -> Result<&mut M, ViewError> {
    let count = fit::<M>(bytes)?;
    let elements =
        core::ptr::slice_from_raw_parts_mut(bytes.as_mut_ptr().cast::<M::Element>(), count);
    let message = M::from_elements(elements).cast_mut();
    // SAFETY: as in `view`, for a unique borrow: the pointer derives from
    // `bytes.as_mut_ptr()` (a `*const` in between does not change its
    // provenance). `M` has no padding, so every write through the `&mut M`
    // writes initialized bytes over initialized bytes, and the bytes stay
    // valid `u8`s when the borrow ends.
    Ok(unsafe { &mut *message })
}

/// `M`'s payload by value, copied out whatever its alignment.
pub(crate) fn read<M: ControlMessage + Copy>(bytes: &[u8]) -> Result<M, ViewError> {
    fit::<M>(bytes).or_else(|e| match e {
        ViewError::Misaligned { .. } => Ok(0),
        ViewError::Length => Err(e),
    })?;
    let elements = core::ptr::slice_from_raw_parts(bytes.as_ptr().cast::<M::Element>(), 0);
    let message = M::from_elements(elements);
    // SAFETY: `M` is sized and `bytes` has exactly its size (`fit`: a sized
    // payload has no elements); an unaligned read needs no alignment, and
    // any initialized bytes are a valid `M` (every field is `Plain`).
    Ok(unsafe { message.read_unaligned() })
}

/// The payload bytes of `message`.
pub(crate) fn bytes_of<M: ControlMessage + ?Sized>(message: &M) -> &[u8] {
    let _proven = const { shape::<M>() };
    let len = core::mem::size_of_val(message);
    // SAFETY: `M` has no padding (`shape`, evaluated above, fails to
    // compile otherwise) and no `UnsafeCell` (its fields are `Plain`), so
    // its `size_of_val` bytes are initialized and may be read through a
    // shared borrow for as long as `message` is borrowed.
    unsafe { core::slice::from_raw_parts((message as *const M).cast::<u8>(), len) }
}
