//! `cmsg-matrix`: every control message of cmsg's Linux catalogue,
//! exercised on the running kernel over every socket type it is meant for
//! (really sent and received, and the decoded value checked), printed as a
//! table.
//!
//! ```text
//! cargo run -p cmsg-matrix [-- --json | --markdown] [--only NAME]
//! ```
//!
//! `--only` takes a C name (`SCM_CREDENTIALS`, `IP_TOS`) or a Rust type
//! (`UCred`, `IpTosSend`). The exit status is 0 when every combination was
//! verified or the kernel said it lacks the feature, 1 when something that
//! should have worked failed, 2 on a usage error.

#[cfg(target_os = "linux")]
mod live;

#[cfg(target_os = "linux")]
fn main() -> std::process::ExitCode {
    live::main()
}

/// Elsewhere there is no live catalogue to run yet: each other system is
/// verified by layout tests and header checks (README, "Other systems").
#[cfg(not(target_os = "linux"))]
fn main() -> std::process::ExitCode {
    eprintln!(
        "cmsg-matrix runs the Linux catalogue live; on this system, see README.md, \"Other systems: how each is verified\""
    );
    std::process::ExitCode::SUCCESS
}
