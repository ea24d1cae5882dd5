//! What a check finds: the decoded value in short, the kernel's own word
//! that a feature is missing, or a failure; and the errno names both use.

use std::ffi::c_int;
use std::fmt;
use std::io;

/// Why a combination was not verified.
#[derive(Debug)]
pub enum Fail {
    /// The kernel itself said it lacks the feature (an errno such as
    /// `EAFNOSUPPORT`, or the LSM absence check).
    Unavailable {
        /// What is missing, for the summary (`AF_ALG`, `kTLS`, ...).
        feature: &'static str,
        /// Short and stable: the errno and what it means here.
        reason: String,
        /// The longer story, for the text and JSON output.
        note: String,
    },
    /// Something that should have worked did not.
    Failed(String),
}

/// A check's result: on success, the decoded value in short.
pub type Check = Result<String, Fail>;

impl From<io::Error> for Fail {
    fn from(error: io::Error) -> Self {
        Fail::Failed(describe(&error))
    }
}

/// `ensure!(condition, "format", args...)`: fails the check with the
/// message unless the condition holds.
macro_rules! ensure {
    ($cond:expr, $($fmt:tt)+) => {
        if !$cond {
            return Err($crate::live::outcome::Fail::Failed(format!($($fmt)+)));
        }
    };
}
pub(crate) use ensure;

/// Adds what was being done to an error.
pub trait Context<T> {
    /// `Err(e)` becomes [`Fail::Failed`] `"{what}: {e}"`.
    fn ctx(self, what: &str) -> Result<T, Fail>;
}

impl<T> Context<T> for io::Result<T> {
    fn ctx(self, what: &str) -> Result<T, Fail> {
        self.map_err(|e| Fail::Failed(format!("{what}: {}", describe(&e))))
    }
}

impl<T> Context<T> for Result<T, cmsg::DecodeError> {
    fn ctx(self, what: &str) -> Result<T, Fail> {
        self.map_err(|e| Fail::Failed(format!("{what}: decode error: {e}")))
    }
}

impl<T> Context<T> for Result<T, cmsg::EncodeError> {
    fn ctx(self, what: &str) -> Result<T, Fail> {
        self.map_err(|e| Fail::Failed(format!("{what}: encode error: {e}")))
    }
}

impl<T> Context<T> for Option<T> {
    fn ctx(self, what: &str) -> Result<T, Fail> {
        self.ok_or_else(|| Fail::Failed(format!("{what}: missing")))
    }
}

/// The error number of `error` (0 if it has none).
pub fn errno(error: &io::Error) -> c_int {
    error.raw_os_error().unwrap_or(0)
}

/// `error` as `ENAME (message)`.
pub fn describe(error: &io::Error) -> String {
    match error.raw_os_error() {
        Some(n) => format!("{} ({})", errno_name(n), strip_os_error(error)),
        None => error.to_string(),
    }
}

/// The message of an OS error without std's ` (os error N)` suffix.
fn strip_os_error(error: &io::Error) -> String {
    let text = error.to_string();
    match text.rfind(" (os error ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// `Err(Unavailable)` if `error` is one of `missing` (what a kernel
/// without `feature` answers), else `Err(Failed)`. `why` says what the
/// errno means here: the reason reads `ENAME: why`.
pub fn unavailable_if(
    error: io::Error,
    missing: &[c_int],
    feature: &'static str,
    what: &str,
    why: &str,
) -> Fail {
    if missing.contains(&errno(&error)) {
        Fail::Unavailable {
            feature,
            reason: format!("{}: {why}", errno_name(errno(&error))),
            note: format!("{what}: {}", strip_os_error(&error)),
        }
    } else {
        Fail::Failed(format!("{what}: {}", describe(&error)))
    }
}

/// The symbolic name of an errno, for the ones this program can meet.
pub fn errno_name(n: c_int) -> ErrnoName {
    ErrnoName(n)
}

/// [`errno_name`]'s result.
pub struct ErrnoName(c_int);

impl fmt::Display for ErrnoName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self.0 {
            libc::EPERM => "EPERM",
            libc::ENOENT => "ENOENT",
            libc::ESRCH => "ESRCH",
            libc::EINTR => "EINTR",
            libc::EIO => "EIO",
            libc::EBADF => "EBADF",
            libc::EAGAIN => "EAGAIN",
            libc::ENOMEM => "ENOMEM",
            libc::EACCES => "EACCES",
            libc::EFAULT => "EFAULT",
            libc::EBUSY => "EBUSY",
            libc::EEXIST => "EEXIST",
            libc::ENODEV => "ENODEV",
            libc::EINVAL => "EINVAL",
            libc::ENOSPC => "ENOSPC",
            libc::EPIPE => "EPIPE",
            libc::ENOSYS => "ENOSYS",
            libc::ENOMSG => "ENOMSG",
            libc::EBADMSG => "EBADMSG",
            libc::ENOTSOCK => "ENOTSOCK",
            libc::EMSGSIZE => "EMSGSIZE",
            libc::ENOPROTOOPT => "ENOPROTOOPT",
            libc::EPROTONOSUPPORT => "EPROTONOSUPPORT",
            libc::EOPNOTSUPP => "EOPNOTSUPP",
            libc::EAFNOSUPPORT => "EAFNOSUPPORT",
            libc::EADDRINUSE => "EADDRINUSE",
            libc::EADDRNOTAVAIL => "EADDRNOTAVAIL",
            libc::ENETUNREACH => "ENETUNREACH",
            libc::ECONNRESET => "ECONNRESET",
            libc::ENOTCONN => "ENOTCONN",
            libc::ETIMEDOUT => "ETIMEDOUT",
            libc::ECONNREFUSED => "ECONNREFUSED",
            libc::EHOSTUNREACH => "EHOSTUNREACH",
            n => return write!(f, "errno {n}"),
        };
        f.write_str(name)
    }
}
