//! The three outputs: the table as measured (text), one JSON object per
//! row, and a Markdown table for the README that stays the same from run
//! to run (no times, pids or offsets: only ✓ and × with the reason).

use crate::live::net::Sock;
use crate::live::{Row, Status};
use std::fmt::Write;

/// `✓`, `×` or `–`.
fn mark(status: Status) -> &'static str {
    match status {
        Status::Ok => "✓",
        Status::Unavailable | Status::Failed => "×",
        Status::NotMeant => "–",
    }
}

/// The rows of each message, in order (rows arrive grouped).
fn groups(rows: &[Row]) -> Vec<&[Row]> {
    let mut groups = Vec::new();
    let mut start = 0;
    for i in 1..=rows.len() {
        if i == rows.len() || !std::ptr::eq(rows[i].message, rows[start].message) {
            if start < i {
                groups.push(&rows[start..i]);
            }
            start = i;
        }
    }
    groups
}

/// Socket types joined, each family named once: `UDP v4, v6; TCP v4`,
/// with `each` appended to every one.
fn join_socks(items: impl IntoIterator<Item = (Sock, String)>) -> String {
    let mut out = String::new();
    let mut family = None;
    for (sock, suffix) in items {
        let (fam, variant) = sock.label();
        let name = if family == Some(fam) {
            out.push_str(", ");
            variant.to_owned()
        } else {
            if family.is_some() {
                out.push_str("; ");
            }
            family = Some(fam);
            sock.name()
        };
        out.push_str(&name);
        out.push_str(&suffix);
    }
    out
}

/// The one-line summary.
pub fn summary(rows: &[Row], release: &str, machine: &str) -> String {
    let meant = rows.iter().filter(|r| r.status != Status::NotMeant).count();
    let ok = rows.iter().filter(|r| r.status == Status::Ok).count();
    let mut line = format!(
        "{ok}/{meant} message×socket combinations verified live on Linux {release} {machine}"
    );
    let mut missing: Vec<(&str, usize)> = Vec::new();
    for row in rows.iter().filter(|r| r.status == Status::Unavailable) {
        let feature = row.missing.as_ref().map_or("?", |(f, _)| *f);
        match missing.iter_mut().find(|(f, _)| *f == feature) {
            Some((_, n)) => *n += 1,
            None => missing.push((feature, 1)),
        }
    }
    if !missing.is_empty() {
        let count: usize = missing.iter().map(|(_, n)| n).sum();
        let list: Vec<String> = missing
            .iter()
            .map(|&(f, n)| {
                if n == 1 {
                    f.to_owned()
                } else {
                    format!("{f} x{n}")
                }
            })
            .collect();
        let _ = write!(line, "; {count} unavailable: {}", list.join(", "));
    }
    let failed: Vec<String> = rows
        .iter()
        .filter(|r| r.status == Status::Failed)
        .map(|r| format!("{} on {}", r.message.c_name, r.sock.name()))
        .collect();
    if !failed.is_empty() {
        let _ = write!(line, "; {} FAILED: {}", failed.len(), failed.join(", "));
    }
    line
}

/// The table as measured, grouped per message, and the summary.
pub fn text(rows: &[Row], release: &str, machine: &str) -> String {
    let mut out = format!(
        "cmsg::platforms::linux, measured live on Linux {release} {machine}\n\
         (✓ received and decoded as checked; × unavailable or FAILED; – not meant for that socket type)\n"
    );
    let width = rows
        .iter()
        .filter(|r| r.status != Status::NotMeant)
        .map(|r| r.sock.name().chars().count())
        .max()
        .unwrap_or(0);
    for group in groups(rows) {
        let m = group[0].message;
        let _ = writeln!(
            out,
            "\n{} ({}, {})  {}  switch: {}",
            m.c_name,
            m.level_name(),
            m.value,
            m.rust_type(),
            m.switch()
        );
        for row in group.iter().filter(|r| r.status != Status::NotMeant) {
            let detail = match row.status {
                Status::Unavailable => format!("unavailable: {}", row.detail),
                Status::Failed => format!("FAILED: {}", row.detail),
                _ => row.detail.clone(),
            };
            let _ = writeln!(
                out,
                "  {} {:<width$}  {detail}",
                mark(row.status),
                row.sock.name()
            );
        }
        let not_meant: Vec<_> = group
            .iter()
            .filter(|r| r.status == Status::NotMeant)
            .map(|r| (r.sock, String::new()))
            .collect();
        if !not_meant.is_empty() {
            let _ = writeln!(out, "  – not meant for {}", join_socks(not_meant));
        }
    }
    let _ = writeln!(out, "\n{}", summary(rows, release, machine));
    out
}

/// `s` as a JSON string.
fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A JSON array, one object per row on its own line.
pub fn json(rows: &[Row]) -> String {
    let mut out = String::from("[\n");
    for (i, row) in rows.iter().enumerate() {
        let m = row.message;
        let missing = row
            .missing
            .as_ref()
            .map_or("null".to_owned(), |(f, _)| json_str(f));
        let _ = write!(
            out,
            "{{\"message\":{},\"c_name\":{},\"level\":{},\"value\":{},\"rust_type\":{},\
             \"switch\":{},\"socket\":{},\"socket_name\":{},\"status\":{},\"detail\":{},\
             \"missing\":{missing}}}",
            json_str(&format!("{} ({})", m.c_name, m.value)),
            json_str(m.c_name),
            json_str(m.level_name()),
            m.value,
            json_str(m.rust_type()),
            json_str(&m.switch()),
            json_str(row.sock.id()),
            json_str(&row.sock.name()),
            json_str(row.status.id()),
            json_str(&row.detail),
        );
        out.push_str(if i + 1 < rows.len() { ",\n" } else { "\n" });
    }
    out.push_str("]\n");
    out
}

/// `s` safe inside a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

/// The Markdown table: one line per message, the socket types it is meant
/// for with ✓, or × and the kernel's reason.
pub fn markdown(rows: &[Row]) -> String {
    let mut out = String::from(
        "| Linux message (type) | Rust type (`cmsg::platforms::linux`) | switch | socket types verified here |\n\
         |---|---|---|---|\n",
    );
    for group in groups(rows) {
        let m = group[0].message;
        let socks = join_socks(
            group
                .iter()
                .filter(|r| r.status != Status::NotMeant)
                .map(|r| {
                    let suffix = match (r.status, &r.missing) {
                        (Status::Ok, _) => " ✓".to_owned(),
                        (Status::Unavailable, Some((_, reason))) => format!(" × ({reason})"),
                        _ => " × (failed)".to_owned(),
                    };
                    (r.sock, suffix)
                }),
        );
        let _ = writeln!(
            out,
            "| `{}` ({}) | `{}` | {} | {} |",
            m.c_name,
            m.value,
            m.rust_type(),
            cell(m.switch_markdown()),
            cell(&socks)
        );
    }
    out
}
