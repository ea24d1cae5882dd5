//! Runs the `cmsg-matrix` binary on this machine: its JSON parses and has
//! no failed row, its Markdown is stable from run to run (and matches the
//! README's block, once the README has one), and `--only` picks one
//! message.
#![cfg(target_os = "linux")]

use serde_json::Value;
use std::process::{Command, Output};

/// Runs the binary with `args`.
fn matrix(args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_cmsg-matrix"))
        .args(args)
        .output()
        .expect("cmsg-matrix runs");
    eprint!("{}", String::from_utf8_lossy(&output.stderr));
    output
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn rows(args: &[&str]) -> (Vec<Value>, Output) {
    let output = matrix(args);
    let json: Value = serde_json::from_str(&stdout(&output)).expect("--json parses");
    let rows = json.as_array().expect("a JSON array").clone();
    (rows, output)
}

fn field<'v>(row: &'v Value, key: &str) -> &'v str {
    row[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} in {row}"))
}

#[test]
fn json_parses_and_nothing_failed() {
    let (rows, output) = rows(&["--json"]);
    assert!(!rows.is_empty());
    let mut failed = Vec::new();
    for row in &rows {
        for key in ["message", "c_name", "rust_type", "socket", "detail"] {
            assert!(!field(row, key).is_empty(), "{key} empty in {row}");
        }
        assert!(row["value"].is_i64(), "value in {row}");
        match field(row, "status") {
            "ok" | "not_meant" => {}
            "unavailable" => assert!(row["missing"].is_string(), "what is missing: {row}"),
            "failed" => failed.push(format!(
                "{} on {}: {}",
                field(row, "c_name"),
                field(row, "socket"),
                field(row, "detail")
            )),
            other => panic!("status {other:?} in {row}"),
        }
    }
    assert!(failed.is_empty(), "failed rows:\n{}", failed.join("\n"));
    assert!(output.status.success(), "{:?}", output.status);
    let ok = rows.iter().filter(|r| field(r, "status") == "ok").count();
    println!("{ok} of {} rows verified", rows.len());
}

#[test]
fn markdown_is_a_table_and_stable() {
    let first = matrix(&["--markdown"]);
    assert!(first.status.success(), "{:?}", first.status);
    let markdown = stdout(&first);
    println!("{markdown}");
    let lines: Vec<&str> = markdown.lines().collect();
    assert!(lines.len() > 2);
    assert!(
        lines[0].starts_with("| Linux message (type) |"),
        "{}",
        lines[0]
    );
    assert_eq!(lines[1], "|---|---|---|---|");
    for line in &lines[2..] {
        assert!(line.starts_with("| `") && line.ends_with(" |"), "{line}");
        assert_eq!(line.matches(" | ").count(), 3, "four cells: {line}");
    }
    // Nothing that changes between runs: the same table again.
    let second = stdout(&matrix(&["--markdown"]));
    assert_eq!(markdown, second, "--markdown differs between runs");
}

#[test]
fn only_picks_one_message() {
    let (rows, output) = rows(&["--json", "--only", "SCM_CREDENTIALS"]);
    assert!(output.status.success(), "{:?}", output.status);
    assert!(!rows.is_empty());
    for row in &rows {
        assert_eq!(field(row, "c_name"), "SCM_CREDENTIALS", "{row}");
        assert_eq!(field(row, "rust_type"), "UCred", "{row}");
    }

    let markdown = stdout(&matrix(&["--markdown", "--only", "SCM_CREDENTIALS"]));
    let table: Vec<&str> = markdown.lines().skip(2).collect();
    assert_eq!(table.len(), 1, "{markdown}");
    assert!(
        table[0].starts_with("| `SCM_CREDENTIALS` (2) | `UCred` |"),
        "{}",
        table[0]
    );

    // By Rust type, too; and the text names that message alone.
    let text = stdout(&matrix(&["--only", "UCred"]));
    println!("{text}");
    assert!(text.contains("\nSCM_CREDENTIALS ("), "{text}");
    assert!(
        !text.contains("SCM_RIGHTS") && !text.contains("SCM_PIDFD"),
        "{text}"
    );
}

#[test]
fn an_unknown_name_is_a_usage_error() {
    let output = matrix(&["--only", "SCM_NOTHING"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
}

/// The README's table, between `<!-- matrix:begin -->` and
/// `<!-- matrix:end -->`, is what `--markdown` prints here.
#[test]
fn readme_block_matches_the_markdown() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md");
    let readme = std::fs::read_to_string(path).expect("README.md");
    let (begin, end) = ("<!-- matrix:begin -->", "<!-- matrix:end -->");
    let block = readme
        .split_once(begin)
        .and_then(|(_, rest)| rest.split_once(end))
        .map(|(block, _)| block);
    let Some(block) = block else {
        println!("SKIPPED: README.md has no {begin} ... {end} block yet; nothing to compare");
        return;
    };
    let markdown = stdout(&matrix(&["--markdown"]));
    assert_eq!(
        block.trim(),
        markdown.trim(),
        "README.md's matrix block differs from `cargo run -p cmsg-matrix -- --markdown`"
    );
}
