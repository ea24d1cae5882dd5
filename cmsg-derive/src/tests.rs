//! Snapshots of the expansion for representative inputs (as zerocopy-derive's
//! `output_tests`): each `tests/expand/NAME.rs` input is expanded and
//! compared with `tests/expand/NAME.expanded.rs`. Run with `BLESS=1` to
//! write the snapshots after a deliberate change, and read the diff.

use std::path::Path;

fn expand(input: &str) -> String {
    let input: syn::DeriveInput = match syn::parse_str(input) {
        Ok(input) => input,
        Err(e) => return format!("// input does not parse: {e}\n"),
    };
    // Which derive: the one the input names.
    let derived = if source_names_set(input_attrs(&input)) {
        crate::set::derive(&input)
    } else {
        crate::derive(&input)
    };
    match derived {
        Ok(tokens) => match syn::parse2::<syn::File>(tokens.clone()) {
            Ok(file) => prettyplease::unparse(&file),
            Err(e) => format!("// expansion does not parse ({e}):\n{tokens}\n"),
        },
        Err(errors) => errors
            .into_iter()
            .map(|e| format!("// error: {e}\n"))
            .collect(),
    }
}

fn input_attrs(input: &syn::DeriveInput) -> String {
    input
        .attrs
        .iter()
        .map(|a| quote::ToTokens::to_token_stream(a).to_string())
        .collect()
}

fn source_names_set(attrs: String) -> bool {
    attrs.contains("ControlMessages")
}

#[test]
fn snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expand");
    let bless = std::env::var_os("BLESS").is_some();
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/expand exists")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.extension().is_some_and(|e| e == "rs")
                && !path.to_string_lossy().ends_with(".expanded.rs")
        })
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no inputs in {}", dir.display());
    let mut stale = Vec::new();
    for input in inputs {
        let source = std::fs::read_to_string(&input).expect("input readable");
        let actual = expand(&source);
        let snapshot = input.with_extension("expanded.rs");
        if bless {
            std::fs::write(&snapshot, &actual).expect("snapshot writable");
            continue;
        }
        let expected = std::fs::read_to_string(&snapshot).unwrap_or_default();
        if expected != actual {
            eprintln!("--- {} differs; got:\n{actual}", snapshot.display());
            stale.push(snapshot);
        }
    }
    assert!(
        stale.is_empty(),
        "stale snapshots (BLESS=1 to rewrite): {stale:?}"
    );
}
