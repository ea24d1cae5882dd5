//! `CMSG_ALIGN`, `CMSG_LEN`, `CMSG_SPACE` and the `CMSG_DATA` offset as
//! `const fn`, for every operating system family.
//!
//! Each family's rule comes from its `<sys/socket.h>`; [`NATIVE`] is the
//! running target's, and is asserted equal to libc's own macros wherever
//! libc makes them `const`.
//!
//! ```
//! use cmsg_core::layout::{Layout, NATIVE};
//!
//! // A message carrying one `int`, such as SCM_RIGHTS with one descriptor.
//! assert_eq!(NATIVE.len(4), unsafe { libc::CMSG_LEN(4) } as usize);
//! assert_eq!(NATIVE.space(4), unsafe { libc::CMSG_SPACE(4) } as usize);
//! // macOS aligns to 4 bytes and has a 12-byte header.
//! assert_eq!(Layout::APPLE.space(4), 16);
//! ```

/// How one operating system lays out `struct cmsghdr` and the payload after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Layout {
    /// `sizeof(struct cmsghdr)`.
    pub header_size: usize,
    /// The alignment the payload starts at (`CMSG_DATA`): the header size is
    /// rounded up to it.
    pub data_align: usize,
    /// The alignment every header starts at (`CMSG_SPACE`, `CMSG_NXTHDR`).
    pub header_align: usize,
}

/// Rounds `n` up to `align` (a power of two).
const fn align_up(n: usize, align: usize) -> usize {
    (n + align - 1) & !(align - 1)
}

/// Rounds `n` up to `align` (a power of two), or `None` on overflow.
const fn checked_align(n: usize, align: usize) -> Option<usize> {
    match n.checked_add(align - 1) {
        Some(sum) => Some(sum & !(align - 1)),
        None => None,
    }
}

impl Layout {
    /// Linux and Android with 64-bit pointers: `CMSG_ALIGN` rounds to
    /// `sizeof(size_t)`; `cmsg_len` is a `size_t` (`include/linux/socket.h`).
    pub const LINUX_64: Layout = Layout {
        header_size: 16,
        data_align: 8,
        header_align: 8,
    };
    /// Linux and Android with 32-bit pointers (`include/linux/socket.h`).
    pub const LINUX_32: Layout = Layout {
        header_size: 12,
        data_align: 4,
        header_align: 4,
    };
    /// macOS, iOS and the other Apple systems: `__DARWIN_ALIGN32`, 4 bytes on
    /// every architecture (xnu `bsd/sys/socket.h`, `bsd/{i386,arm}/_param.h`).
    pub const APPLE: Layout = Layout::bsd(4);
    /// Haiku on 64-bit targets: `_ALIGNBYTES` is `sizeof(long) - 1`
    /// (`headers/posix/sys/param.h`); note that Haiku's `SOL_SOCKET` is -1.
    pub const HAIKU_64: Layout = Layout::bsd(8);
    /// Haiku on 32-bit targets.
    pub const HAIKU_32: Layout = Layout::bsd(4);
    /// illumos and Solaris on x86: headers align to `_CMSG_HDR_ALIGNMENT`
    /// (4), payloads to `_CMSG_DATA_ALIGNMENT` (`sizeof(int)`)
    /// (`usr/src/uts/common/sys/socket.h`).
    pub const ILLUMOS_X86: Layout = Layout {
        header_size: 12,
        data_align: 4,
        header_align: 4,
    };
    /// illumos and Solaris on SPARC: headers align to 8, payloads to 4.
    pub const ILLUMOS_SPARC: Layout = Layout {
        header_size: 12,
        data_align: 4,
        header_align: 8,
    };

    /// The BSD rule: a 12-byte `{ socklen_t, int, int }` header, and one
    /// `_ALIGN` (`_ALIGNBYTES + 1` = `align`) for both the payload and the
    /// next header (`sys/sys/socket.h` of FreeBSD, NetBSD, OpenBSD and
    /// DragonFly; Apple and Haiku follow it too).
    ///
    /// `_ALIGNBYTES + 1` per architecture (from each `machine/_align.h`,
    /// `machine/cdefs.h` or `machine/_types.h`): FreeBSD 4 on i386, arm and
    /// powerpc, 8 on amd64, arm64, riscv64 and powerpc64; NetBSD 4 on i386,
    /// 8 on amd64 and arm EABI, 16 on aarch64 (`__int128`) and sparc64;
    /// OpenBSD 4 on i386, 8 on amd64 and arm64, 16 on sparc64.
    pub const fn bsd(align: usize) -> Layout {
        Layout {
            header_size: 12,
            data_align: align,
            header_align: align,
        }
    }

    /// A layout from its parts, checked: a 12- or 16-byte header, power-of-two
    /// alignments, a payload offset that is a multiple of its alignment.
    /// Fails to compile (in a constant) or panics otherwise.
    pub const fn checked(header_size: usize, data_align: usize, header_align: usize) -> Layout {
        assert!(
            header_size == 12 || header_size == 16,
            "a cmsghdr is 12 or 16 bytes"
        );
        assert!(data_align.is_power_of_two() && header_align.is_power_of_two());
        let layout = Layout {
            header_size,
            data_align,
            header_align,
        };
        assert!(layout.data_offset() % data_align == 0);
        layout
    }

    /// Whether two layouts are the same (`==`, in a constant).
    pub const fn same(self, other: Layout) -> bool {
        self.header_size == other.header_size
            && self.data_align == other.data_align
            && self.header_align == other.header_align
    }

    /// The width of `cmsg_len`: 8 bytes in a 16-byte header, else 4.
    pub const fn len_width(self) -> usize {
        self.header_size - 8
    }

    /// `CMSG_ALIGN` for the payload: rounds `n` up to [`data_align`](Self::data_align).
    pub const fn align_data(self, n: usize) -> usize {
        align_up(n, self.data_align)
    }

    /// Rounds `n` up to [`header_align`](Self::header_align).
    pub const fn align_header(self, n: usize) -> usize {
        align_up(n, self.header_align)
    }

    /// The payload's offset from its header: `CMSG_DATA(cmsg) - (u8 *)cmsg`.
    pub const fn data_offset(self) -> usize {
        self.align_data(self.header_size)
    }

    /// `CMSG_LEN(payload)`: the `cmsg_len` of a message with `payload` bytes.
    pub const fn len(self, payload: usize) -> usize {
        self.data_offset() + payload
    }

    /// `CMSG_SPACE(payload)`: the bytes a message with `payload` bytes
    /// occupies, padding to the next header included.
    pub const fn space(self, payload: usize) -> usize {
        self.align_header(self.len(payload))
    }

    /// [`len`](Self::len), or `None` where it overflows.
    pub const fn checked_len(self, payload: usize) -> Option<usize> {
        self.data_offset().checked_add(payload)
    }

    /// [`space`](Self::space), or `None` where it overflows.
    pub const fn checked_space(self, payload: usize) -> Option<usize> {
        match self.checked_len(payload) {
            Some(len) => checked_align(len, self.header_align),
            None => None,
        }
    }
}

/// The layout of the target this crate is compiled for (its facts are in
/// `cmsg-core/src/sys/`).
pub const NATIVE: Layout = crate::sys::LAYOUT;

/// A system's `struct cmsghdr` rules as a type, which [`Encoder`] and
/// [`Messages`] take as a parameter: [`Native`] (the default) for the
/// system compiled for, at no cost, or a [`Foreign`] layout, to read or
/// write control data as another system lays it out (data captured
/// elsewhere, an emulator, or this crate's tests of every system's rules).
///
/// ```
/// use cmsg_core::layout::Apple;
/// use cmsg_core::{Encoder, Messages};
///
/// // Control data as macOS lays it out (12-byte header, 4-byte alignment),
/// // written and read on any system.
/// let mut buf = [0u8; 64];
/// let mut encoder = Encoder::<Apple>::for_abi(&mut buf);
/// encoder.push_raw(0xffff, 0x02, &[1; 16])?;
/// let bytes = encoder.into_bytes();
/// assert_eq!(bytes.len(), 12 + 16);
/// let message = Messages::<Apple>::for_abi(bytes).next().unwrap()?;
/// assert_eq!((message.level, message.ty, message.data.len()), (0xffff, 0x02, 16));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// [`Encoder`]: crate::Encoder
/// [`Messages`]: crate::Messages
pub trait Abi: Copy + Default + core::fmt::Debug + 'static {
    /// The rules.
    const LAYOUT: Layout;
}

/// The system this crate is compiled for: [`NATIVE`].
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq, Hash)]
pub struct Native;

impl Abi for Native {
    const LAYOUT: Layout = NATIVE;
}

/// Another system's rules: a `HEADER`-byte `struct cmsghdr` (12 with a
/// 32-bit `cmsg_len`, 16 with a 64-bit one), payloads aligned to
/// `DATA_ALIGN`, headers to `HEADER_ALIGN`. The aliases below name each
/// system's.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq, Hash)]
pub struct Foreign<const HEADER: usize, const DATA_ALIGN: usize, const HEADER_ALIGN: usize>;

impl<const HEADER: usize, const DATA_ALIGN: usize, const HEADER_ALIGN: usize> Abi
    for Foreign<HEADER, DATA_ALIGN, HEADER_ALIGN>
{
    const LAYOUT: Layout = Layout::checked(HEADER, DATA_ALIGN, HEADER_ALIGN);
}

/// [`Layout::LINUX_64`].
pub type Linux64 = Foreign<16, 8, 8>;
/// [`Layout::LINUX_32`].
pub type Linux32 = Foreign<12, 4, 4>;
/// [`Layout::APPLE`].
pub type Apple = Foreign<12, 4, 4>;
/// [`Layout::bsd`]`(4)`: FreeBSD on i386 and arm, NetBSD and OpenBSD on
/// i386, Haiku on 32-bit targets.
pub type Bsd4 = Foreign<12, 4, 4>;
/// [`Layout::bsd`]`(8)`: FreeBSD, NetBSD and OpenBSD on most 64-bit
/// targets, DragonFly, Haiku on 64-bit targets.
pub type Bsd8 = Foreign<12, 8, 8>;
/// [`Layout::bsd`]`(16)`: NetBSD on aarch64 and sparc64, OpenBSD on sparc64.
pub type Bsd16 = Foreign<12, 16, 16>;
/// [`Layout::ILLUMOS_X86`].
pub type IllumosX86 = Foreign<12, 4, 4>;
/// [`Layout::ILLUMOS_SPARC`].
pub type IllumosSparc = Foreign<12, 4, 8>;

const _: () = {
    assert!(Linux64::LAYOUT.same(Layout::LINUX_64));
    assert!(Linux32::LAYOUT.same(Layout::LINUX_32));
    assert!(Apple::LAYOUT.same(Layout::APPLE));
    assert!(Bsd8::LAYOUT.same(Layout::HAIKU_64));
    assert!(Bsd4::LAYOUT.same(Layout::HAIKU_32));
    assert!(IllumosX86::LAYOUT.same(Layout::ILLUMOS_X86));
    assert!(IllumosSparc::LAYOUT.same(Layout::ILLUMOS_SPARC));
};

// Every power-of-two rule above relies on these.
const _: () = {
    assert!(NATIVE.data_align.is_power_of_two());
    assert!(NATIVE.header_align.is_power_of_two());
    assert!(NATIVE.header_size == core::mem::size_of::<libc::cmsghdr>());
    // The payload offset must itself start a header-aligned run, or
    // CMSG_SPACE(a) + CMSG_SPACE(b) would not tile.
    assert!(NATIVE.data_offset() % NATIVE.data_align == 0);
};
