//! The matrix itself: Linux only (the live catalogue).

#[path = "catalogue.rs"]
mod catalogue;
#[path = "ip.rs"]
mod ip;
#[path = "net.rs"]
mod net;
#[path = "outcome.rs"]
mod outcome;
#[path = "report.rs"]
mod report;
#[path = "special.rs"]
mod special;
#[path = "stamps.rs"]
mod stamps;
#[path = "unix.rs"]
mod unix;

use catalogue::Message;
use net::{Sock, BASIC};
use outcome::Fail;
use std::os::fd::OwnedFd;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::process::ExitCode;
use std::time::Instant;

/// What the checks share for the run.
#[derive(Default)]
pub(crate) struct Ctx {
    /// A socket keeping the kernel's receive stamping on
    /// (`stamps::netstamp_on`).
    netstamp: Option<OwnedFd>,
}

/// What one message × socket combination came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Status {
    Ok,
    Unavailable,
    Failed,
    NotMeant,
}

impl Status {
    /// The JSON name.
    pub(crate) fn id(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Unavailable => "unavailable",
            Status::Failed => "failed",
            Status::NotMeant => "not_meant",
        }
    }
}

/// One row of the matrix.
pub(crate) struct Row {
    pub(crate) message: &'static Message,
    pub(crate) sock: Sock,
    pub(crate) status: Status,
    /// The decoded value in short, or why not.
    pub(crate) detail: String,
    /// For unavailable rows: what is missing (`AF_ALG`), and the short,
    /// stable reason (`EAFNOSUPPORT: no AF_ALG`).
    pub(crate) missing: Option<(&'static str, String)>,
}

/// `sysname`-less `uname`: (release, machine).
pub(crate) fn uname() -> (String, String) {
    // SAFETY: all-zero is a valid `utsname` (arrays of `c_char`).
    let mut uts: libc::utsname = unsafe { std::mem::zeroed() };
    // SAFETY: `uts` is a valid out-pointer for the duration of the call.
    if unsafe { libc::uname(&mut uts) } != 0 {
        return ("unknown".to_owned(), std::env::consts::ARCH.to_owned());
    }
    let text = |field: &[libc::c_char]| {
        let bytes: Vec<u8> = field
            .iter()
            .take_while(|&&c| c != 0)
            .map(|&c| c as u8)
            .collect();
        String::from_utf8_lossy(&bytes).into_owned()
    };
    (text(&uts.release), text(&uts.machine))
}

/// The last path segment of `M`'s type name: `UCred`, `ScmRights`.
pub(crate) fn short_type_name<M: ?Sized>() -> &'static str {
    let name = std::any::type_name::<M>();
    name.rsplit("::").next().unwrap_or(name)
}

/// Runs `message`'s check on `sock`, turning a panic into a failure.
fn run_one(ctx: &mut Ctx, message: &'static Message, sock: Sock) -> Row {
    let outcome = catch_unwind(AssertUnwindSafe(|| (message.check)(ctx, sock)));
    let (status, detail, missing) = match outcome {
        Ok(Ok(detail)) => (Status::Ok, detail, None),
        Ok(Err(Fail::Unavailable {
            feature,
            reason,
            note,
        })) => (
            Status::Unavailable,
            format!("{reason} ({note})"),
            Some((feature, reason)),
        ),
        Ok(Err(Fail::Failed(why))) => (Status::Failed, why, None),
        Err(panic) => {
            let why = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "panicked".to_owned());
            (Status::Failed, format!("panicked: {why}"), None)
        }
    };
    Row {
        message,
        sock,
        status,
        detail,
        missing,
    }
}

/// Every row for `messages`: each meant socket type run, each basic socket
/// type it is not meant for recorded as such.
fn run(messages: &[&'static Message]) -> Vec<Row> {
    let mut ctx = Ctx::default();
    let mut rows = Vec::new();
    for &message in messages {
        for &sock in message.sockets {
            rows.push(run_one(&mut ctx, message, sock));
        }
        for sock in BASIC {
            if !message.sockets.iter().any(|s| s.base() == sock) {
                rows.push(Row {
                    message,
                    sock,
                    status: Status::NotMeant,
                    detail: "not meant for this socket type".to_owned(),
                    missing: None,
                });
            }
        }
    }
    rows
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    Markdown,
}

fn usage() -> ExitCode {
    eprintln!("usage: cmsg-matrix [--json | --markdown] [--only NAME]");
    eprintln!("  NAME: a C name (SCM_CREDENTIALS, IP_TOS) or a Rust type (UCred, IpTosSend)");
    ExitCode::from(2)
}

pub(crate) fn main() -> ExitCode {
    let mut format = Format::Text;
    let mut only = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--json" => format = Format::Json,
            "--markdown" => format = Format::Markdown,
            "--only" => match args.next() {
                Some(name) => only = Some(name),
                None => return usage(),
            },
            "-h" | "--help" => {
                usage();
                return ExitCode::SUCCESS;
            }
            _ => match arg.strip_prefix("--only=") {
                Some(name) => only = Some(name.to_owned()),
                None => return usage(),
            },
        }
    }

    let messages: Vec<&'static Message> = catalogue::MESSAGES
        .iter()
        .filter(|m| {
            only.as_deref().is_none_or(|name| {
                m.c_name.eq_ignore_ascii_case(name) || m.rust_type().eq_ignore_ascii_case(name)
            })
        })
        .collect();
    if messages.is_empty() {
        eprintln!(
            "cmsg-matrix: no message named {:?}; the catalogue has:",
            only.unwrap_or_default()
        );
        for m in catalogue::MESSAGES.iter() {
            eprintln!("  {} ({})", m.c_name, m.rust_type());
        }
        return ExitCode::from(2);
    }

    // A failing check reports its panic as its row's reason, not on stderr.
    std::panic::set_hook(Box::new(|_| {}));
    let started = Instant::now();
    let rows = run(&messages);
    let elapsed = started.elapsed();
    let _ = std::panic::take_hook();

    let (release, machine) = uname();
    let out = match format {
        Format::Text => report::text(&rows, &release, &machine),
        Format::Json => report::json(&rows),
        Format::Markdown => report::markdown(&rows),
    };
    // A closed pipe (`| head`) is the reader's choice, not an error here.
    let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), out.as_bytes());
    if format == Format::Text {
        eprintln!("measured in {:.2} s", elapsed.as_secs_f64());
    }
    if rows.iter().any(|r| r.status == Status::Failed) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
