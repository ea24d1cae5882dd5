//! Socket control messages (ancillary data: `SCM_RIGHTS`, credentials,
//! timestamps, packet info, GRO/GSO, ...) as declared Rust types.
//!
//! Write one `#[repr(C)]` struct with `#[derive(ControlMessage)]` and get the
//! level/type constants, a `CMSG_LEN`/`CMSG_SPACE`-correct [`Encoder`] and a
//! validated zero-copy decoder ([`Messages`], [`Received`]). Received file
//! descriptors are owned: what you do not take is closed. Nothing allocates.
//!
//! ```
//! # #[cfg(target_os = "linux")] {
//! use cmsg::platforms::linux::UCred;
//! use cmsg::{enable, recvmsg, sendmsg, space, space_for, ControlBuffer, Encoder, RecvFlags, ScmRights, SendFlags};
//! use std::io::{IoSlice, IoSliceMut};
//! use std::os::fd::AsFd;
//! use std::os::unix::net::UnixDatagram;
//!
//! let (a, b) = UnixDatagram::pair()?;
//! enable::<UCred>(&b)?;
//!
//! let mut out = ControlBuffer::<{ space_for::<ScmRights>(1) }>::new();
//! let mut encoder = Encoder::new(&mut out);
//! encoder.push_fds(&[a.as_fd()])?;
//! sendmsg(&a, &[IoSlice::new(b"hi")], encoder.finish(), SendFlags::empty())?;
//!
//! let mut data = [0; 16];
//! let mut control = ControlBuffer::<{ space_for::<ScmRights>(1) + space::<UCred>() }>::new();
//! let mut msg = recvmsg(&b, &mut [IoSliceMut::new(&mut data)], &mut control, RecvFlags::empty())?;
//! assert_eq!(msg.control.get::<UCred>()?, Some(&UCred::current()));
//! let fd = msg.control.take_fds().next().expect("one descriptor");
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![no_std]

#[cfg(feature = "std")]
extern crate std;

pub use cmsg_core::*;

/// The catalogue: every operating system's messages.
pub use cmsg_platforms as platforms;
