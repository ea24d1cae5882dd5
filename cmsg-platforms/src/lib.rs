//! Every operating system's socket control messages, declared with
//! `#[derive(ControlMessage)]`, one module per system, each compiled only
//! for its own targets.
#![no_std]

#[cfg(feature = "std")]
extern crate std;

// The derive's default path is `::cmsg`; here that is cmsg-core.
extern crate cmsg_core as cmsg;

/// Where `scripts/abi-check` puts what it read from a system's headers: it
/// builds with `--cfg cmsg_abi_check` and `CMSG_ABI_CHECK_FACTS` naming a
/// file of const assertions (scripts/abi/facts.py for Linux, bsd.py for the
/// BSDs and macOS), included inside the system's module so that its
/// private items can be named. The allow: the cfg is the script's alone,
/// and the workspace's lint table cannot be extended per package.
// Unused on the systems abi-check does not read (DragonFly, illumos, Haiku).
#[allow(unused_macros)]
macro_rules! abi_check_hook {
    () => {
        #[allow(unexpected_cfgs)]
        mod abi_check {
            #[cfg(cmsg_abi_check)]
            mod facts {
                include!(env!("CMSG_ABI_CHECK_FACTS"));
            }
        }
    };
}

#[cfg(any(target_os = "linux", target_os = "android"))]
pub mod linux;

#[cfg(target_os = "freebsd")]
pub mod freebsd;

#[cfg(target_vendor = "apple")]
pub mod apple;

#[cfg(target_os = "netbsd")]
pub mod netbsd;

#[cfg(target_os = "openbsd")]
pub mod openbsd;

#[cfg(target_os = "dragonfly")]
pub mod dragonfly;

#[cfg(any(target_os = "illumos", target_os = "solaris"))]
pub mod illumos;

#[cfg(target_os = "haiku")]
pub mod haiku;

#[cfg(any(
    target_os = "freebsd",
    target_os = "dragonfly",
    target_vendor = "apple"
))]
mod bsd;

mod time;
pub use time::KernelTime;

#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "freebsd",
    target_vendor = "apple"
))]
mod rfc3542;
