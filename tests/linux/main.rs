//! Every Linux control message on the real kernel, one module per file of
//! the catalogue (`cmsg-platforms/src/linux/`) that it tests, plus
//! `SCM_RIGHTS` from cmsg-core; the helpers they share are in [`support`].
//! The bytes of each message, without the kernel, are checked in
//! `cmsg-platforms/tests/wire.rs`.
//!
//! Where the kernel refuses a feature (no IPv6, no AF_ALG, no kTLS, an
//! option it does not know) a test prints `UNAVAILABLE: ...` and returns.
#![cfg(target_os = "linux")]

#[path = "../common/mod.rs"]
mod common;
mod support;

mod alg;
mod errqueue;
mod ip;
mod ipv6;
mod rights;
mod socket;
mod timestamps;
mod tls;
mod udp;
