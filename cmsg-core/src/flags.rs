//! `sendmsg`/`recvmsg` flag words. Flags only some systems have are
//! added beside their other facts, in `sys/`.

use core::ffi::c_int;
use core::fmt;
use core::ops::{BitOr, BitOrAssign};

macro_rules! flag_word {
    ($(#[$doc:meta])* $name:ident { $($(#[$fattr:meta])* $flag:ident = $value:expr;)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct $name(c_int);

        impl $name {
            $($(#[$fattr])* pub const $flag: Self = Self($value);)*

            /// No flags.
            pub const fn empty() -> Self {
                Self(0)
            }
            /// The flag word from its raw bits, unknown bits kept.
            pub const fn from_bits(bits: c_int) -> Self {
                Self(bits)
            }
            /// The raw bits, as the system call takes or returns them.
            pub const fn bits(self) -> c_int {
                self.0
            }
            /// Whether every bit of `other` is set.
            pub const fn contains(self, other: Self) -> bool {
                self.0 & other.0 == other.0
            }
        }

        impl BitOr for $name {
            type Output = Self;
            fn bitor(self, other: Self) -> Self {
                Self(self.0 | other.0)
            }
        }

        impl BitOrAssign for $name {
            fn bitor_assign(&mut self, other: Self) {
                self.0 |= other.0;
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({:#x})"), self.0)
            }
        }
    };
}

flag_word! {
    /// Flags for `sendmsg` (`MSG_*`; see `send(2)`).
    SendFlags {
        /// `MSG_DONTWAIT`: do not block.
        DONTWAIT = libc::MSG_DONTWAIT;
        /// `MSG_EOR`: end of record (seqpacket).
        EOR = libc::MSG_EOR;
        /// `MSG_OOB`: out-of-band data.
        OOB = libc::MSG_OOB;
    }
}

flag_word! {
    /// Flags for `recvmsg` (`MSG_*`; see `recv(2)`). Close-on-exec for
    /// received descriptors is always requested.
    RecvFlags {
        /// `MSG_DONTWAIT`: do not block.
        DONTWAIT = libc::MSG_DONTWAIT;
        /// `MSG_PEEK`: leave the data queued.
        PEEK = libc::MSG_PEEK;
        /// `MSG_WAITALL`: wait for the whole request (streams).
        WAITALL = libc::MSG_WAITALL;
        /// `MSG_TRUNC`: return the real length of a longer datagram.
        TRUNC = libc::MSG_TRUNC;
    }
}

flag_word! {
    /// The flags `recvmsg` returns in `msg_flags`.
    MsgFlags {
        /// `MSG_CTRUNC`: the control buffer was too small; messages are missing
        /// or cut short.
        CTRUNC = libc::MSG_CTRUNC;
        /// `MSG_TRUNC`: the datagram was longer than the buffers.
        TRUNC = libc::MSG_TRUNC;
        /// `MSG_EOR`: end of record.
        EOR = libc::MSG_EOR;
        /// `MSG_OOB`: out-of-band data was received.
        OOB = libc::MSG_OOB;
    }
}

impl MsgFlags {
    /// Whether the kernel truncated the control data (`MSG_CTRUNC`).
    pub const fn control_truncated(self) -> bool {
        self.contains(Self::CTRUNC)
    }

    /// Whether the kernel truncated the data (`MSG_TRUNC`).
    pub const fn data_truncated(self) -> bool {
        self.contains(Self::TRUNC)
    }
}
