//! Linux and Android (`include/linux/socket.h`,
//! `include/uapi/asm-generic/socket.h`, `include/uapi/linux/if_packet.h`).

use crate::layout::Layout;
use core::ffi::c_int;
use core::mem::size_of;

/// `CMSG_ALIGN` rounds to `sizeof(size_t)`.
pub(crate) const LAYOUT: Layout = if size_of::<usize>() == 8 {
    Layout::LINUX_64
} else {
    Layout::LINUX_32
};

#[cfg(feature = "std")]
pub(crate) const MSG_CMSG_CLOEXEC: c_int = libc::MSG_CMSG_CLOEXEC;

/// `SOL_SOCKET`: asm-generic's 1 (`include/uapi/asm-generic/socket.h`),
/// 0xffff on sparc (`arch/sparc/include/uapi/asm/socket.h:9`) and mips
/// (`arch/mips/include/uapi/asm/socket.h:21`). Not libc's: libc 0.2.191
/// gives mips64 asm-generic's 1 (its `src/new/linux_uapi/asm/mod.rs` picks
/// the mips header only for 32-bit mips), which `scripts/abi-check` found.
pub const SOL_SOCKET: c_int = if cfg!(any(
    target_arch = "sparc",
    target_arch = "sparc64",
    target_arch = "mips",
    target_arch = "mips32r6",
    target_arch = "mips64",
    target_arch = "mips64r6"
)) {
    0xffff
} else {
    1
};

#[cfg(not(any(target_arch = "mips64", target_arch = "mips64r6")))]
const _: () = assert!(SOL_SOCKET == libc::SOL_SOCKET);

/// `SCM_PIDFD`: a pidfd for the sender, installed in the receiver (Linux
/// 6.5). Not in libc; `include/linux/socket.h` defines it as `0x04` on
/// every architecture.
pub const SCM_PIDFD: c_int = 0x04;

/// `SOL_RDS` (`include/linux/socket.h`): its RDMA messages
/// (`include/uapi/linux/rds.h`: `RDS_CMSG_RDMA_ARGS`, `RDS_CMSG_RDMA_MAP`,
/// the atomics) carry addresses of the sender's memory that the kernel
/// reads, writes or pins.
pub(crate) const ADDRESS_LEVELS: &[c_int] = &[SOL_RDS];

const SOL_RDS: c_int = 276;

#[cfg(all(target_os = "linux", target_env = "gnu"))]
const _: () = assert!(SOL_RDS == libc::SOL_RDS);

pub(crate) const FD_MESSAGES: &[(c_int, c_int)] = &[(SOL_SOCKET, SCM_PIDFD)];

/// `SO_ATTACH_BPF` and `SO_ATTACH_REUSEPORT_EBPF` take a BPF program's fd
/// (per-architecture numbers, from libc; Android's libc lacks the first, and
/// its kernels use asm-generic's 50); `PACKET_FANOUT_DATA` takes an eBPF
/// program's fd in `PACKET_FANOUT_EBPF` mode.
pub(crate) const FD_OPTIONS: &[(c_int, c_int)] = &[
    #[cfg(target_os = "linux")]
    (SOL_SOCKET, libc::SO_ATTACH_BPF),
    #[cfg(target_os = "android")]
    (SOL_SOCKET, 50),
    (SOL_SOCKET, libc::SO_ATTACH_REUSEPORT_EBPF),
    (libc::SOL_PACKET, PACKET_FANOUT_DATA),
];

/// `PACKET_FANOUT_DATA` (`include/uapi/linux/if_packet.h`); Android's libc
/// lacks it.
const PACKET_FANOUT_DATA: c_int = 22;

#[cfg(target_os = "linux")]
const _: () = assert!(PACKET_FANOUT_DATA == libc::PACKET_FANOUT_DATA);

impl crate::RecvFlags {
    /// `MSG_ERRQUEUE`: read the socket's error queue.
    pub const ERRQUEUE: Self = Self::from_bits(libc::MSG_ERRQUEUE);
}

impl crate::MsgFlags {
    /// `MSG_ERRQUEUE`: this came from the error queue.
    pub const ERRQUEUE: Self = Self::from_bits(libc::MSG_ERRQUEUE);
}

// libc's `CMSG_*` are `const fn` here: the layout is checked against them
// at compile time for a spread of payload sizes (the host test checks every
// length in 0..=1024 at run time).
const _: () = {
    let mut n = 0;
    while n <= 64 {
        // SAFETY: CMSG_LEN is pure arithmetic on its argument; libc marks it
        // `unsafe` only because the C macro is.
        let len = unsafe { libc::CMSG_LEN(n as _) };
        // SAFETY: likewise for CMSG_SPACE.
        let space = unsafe { libc::CMSG_SPACE(n as _) };
        assert!(LAYOUT.len(n) == len as usize);
        assert!(LAYOUT.space(n) == space as usize);
        n += 1;
    }
};
