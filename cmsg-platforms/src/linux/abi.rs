//! Kernel numbers libc 0.2 does not define on every Linux target, taken from
//! the kernel's uapi headers: `include/uapi/asm-generic/socket.h` and, where
//! the number differs, `arch/{sparc,mips,powerpc}/include/uapi/asm/socket.h`
//! (alpha and parisc differ too but have no Rust target). Where libc has the
//! constant, a const assertion below checks it is the same number; and
//! `SOL_SOCKET`/`SO_PASSCRED` are here too because libc 0.2.191 has them
//! wrong on mips64. `scripts/abi-check` checks every number here against
//! each architecture's headers.

use core::ffi::c_int;

#[cfg(any(target_arch = "sparc", target_arch = "sparc64"))]
mod arch {
    use core::ffi::c_int;
    pub(crate) const SO_TIMESTAMP_OLD: c_int = 0x001d;
    pub(crate) const SO_TIMESTAMPNS_OLD: c_int = 0x0021;
    pub(crate) const SO_TIMESTAMPING_OLD: c_int = 0x0023;
    pub(crate) const SO_TIMESTAMP_NEW: c_int = 0x0046;
    pub(crate) const SO_TIMESTAMPNS_NEW: c_int = 0x0042;
    pub(crate) const SO_TIMESTAMPING_NEW: c_int = 0x0043;
    pub(crate) const SO_PASSSEC: c_int = 0x001f;
    pub(crate) const SO_MARK: c_int = 0x0022;
    pub(crate) const SO_RXQ_OVFL: c_int = 0x0024;
    pub(crate) const SO_TXTIME: c_int = 0x003f;
    pub(crate) const SO_RCVMARK: c_int = 0x0054;
    pub(crate) const SO_PASSPIDFD: c_int = 0x0055;
    pub(crate) const SCM_TS_OPT_ID: c_int = 0x005a;
}

// asm-generic. powerpc includes it for all of these (overriding only
// SO_RCVLOWAT..SO_PEERCRED), and arch/mips/include/uapi/asm/socket.h has
// the same numbers for all of these (its SOL_SOCKET and SO_PASSCRED differ:
// below).
#[cfg(not(any(target_arch = "sparc", target_arch = "sparc64")))]
mod arch {
    use core::ffi::c_int;
    pub(crate) const SO_TIMESTAMP_OLD: c_int = 29;
    pub(crate) const SO_TIMESTAMPNS_OLD: c_int = 35;
    pub(crate) const SO_TIMESTAMPING_OLD: c_int = 37;
    pub(crate) const SO_TIMESTAMP_NEW: c_int = 63;
    pub(crate) const SO_TIMESTAMPNS_NEW: c_int = 64;
    pub(crate) const SO_TIMESTAMPING_NEW: c_int = 65;
    pub(crate) const SO_PASSSEC: c_int = 34;
    pub(crate) const SO_MARK: c_int = 36;
    pub(crate) const SO_RXQ_OVFL: c_int = 40;
    pub(crate) const SO_TXTIME: c_int = 61;
    pub(crate) const SO_RCVMARK: c_int = 75;
    pub(crate) const SO_PASSPIDFD: c_int = 76;
    pub(crate) const SCM_TS_OPT_ID: c_int = 81;
}

pub(crate) use arch::*;

/// `SOL_SOCKET`, from cmsg-core's OS facts (the header's, also on mips64
/// where libc 0.2.191 is wrong).
pub(crate) use cmsg_core::sys::SOL_SOCKET;

/// `SO_PASSCRED`: asm-generic's 16 (`include/uapi/asm-generic/socket.h:29`),
/// 2 on sparc (`arch/sparc/include/uapi/asm/socket.h:12`), 17 on mips
/// (`arch/mips/include/uapi/asm/socket.h:53`), 20 on powerpc
/// (`arch/powerpc/include/uapi/asm/socket.h:16`). libc 0.2.191 has 16 on
/// mips64, as for `SOL_SOCKET`.
pub(crate) const SO_PASSCRED: c_int = if cfg!(any(target_arch = "sparc", target_arch = "sparc64")) {
    2
} else if cfg!(any(
    target_arch = "mips",
    target_arch = "mips32r6",
    target_arch = "mips64",
    target_arch = "mips64r6"
)) {
    17
} else if cfg!(any(target_arch = "powerpc", target_arch = "powerpc64")) {
    20
} else {
    16
};

/// `SCM_SECURITY` (`include/linux/socket.h`, every architecture).
pub(crate) const SCM_SECURITY: c_int = 0x03;
/// `SCM_PIDFD` (`include/linux/socket.h`, every architecture).
pub(crate) const SCM_PIDFD: c_int = cmsg_core::sys::SCM_PIDFD;

// libc agrees wherever it has these numbers.
const _: () = {
    assert!(SO_PASSSEC == libc::SO_PASSSEC);
    assert!(SO_MARK == libc::SO_MARK);
    assert!(SO_RXQ_OVFL == libc::SO_RXQ_OVFL);
    // libc resolves SO_TIMESTAMP* to _OLD or _NEW by the size of time_t, as
    // the kernel's userspace headers do.
    assert!(libc::SO_TIMESTAMP == SO_TIMESTAMP_OLD || libc::SO_TIMESTAMP == SO_TIMESTAMP_NEW);
    assert!(
        libc::SO_TIMESTAMPNS == SO_TIMESTAMPNS_OLD || libc::SO_TIMESTAMPNS == SO_TIMESTAMPNS_NEW
    );
    assert!(
        libc::SO_TIMESTAMPING == SO_TIMESTAMPING_OLD
            || libc::SO_TIMESTAMPING == SO_TIMESTAMPING_NEW
    );
};

#[cfg(not(target_os = "android"))]
const _: () = {
    assert!(SO_TXTIME == libc::SO_TXTIME);
    assert!(SO_PASSPIDFD == libc::SO_PASSPIDFD);
    assert!(SO_RCVMARK == libc::SO_RCVMARK);
};

#[cfg(all(target_arch = "x86_64", target_env = "gnu"))]
const _: () = {
    assert!(SO_TIMESTAMP_NEW == libc::SO_TIMESTAMP_NEW);
    assert!(SO_TIMESTAMPNS_NEW == libc::SO_TIMESTAMPNS_NEW);
    assert!(SO_TIMESTAMPING_NEW == libc::SO_TIMESTAMPING_NEW);
    assert!(SO_TIMESTAMP_OLD == libc::SO_TIMESTAMP);
    assert!(SO_TIMESTAMPNS_OLD == libc::SO_TIMESTAMPNS);
    assert!(SO_TIMESTAMPING_OLD == libc::SO_TIMESTAMPING);
};

#[cfg(target_arch = "sparc64")]
const _: () = assert!(SCM_TS_OPT_ID == libc::SCM_TS_OPT_ID);

// libc agrees except on mips64, where libc 0.2.191 has asm-generic's
// numbers for these (see `SOL_SOCKET`): the assertion is left out there.
#[cfg(not(any(target_arch = "mips64", target_arch = "mips64r6")))]
const _: () = assert!(SOL_SOCKET == libc::SOL_SOCKET && SO_PASSCRED == libc::SO_PASSCRED);
