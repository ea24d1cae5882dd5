//! The derive's error messages, pinned. Each case names `cmsg_core` as
//! `cmsg` (`extern crate cmsg_core as cmsg;`), the path the derive writes by
//! default; living here, the cases see no catalogue, so rustc's lists of
//! "other types that implement" a trait do not change as it grows.
#[test]
#[cfg_attr(miri, ignore = "runs rustc")]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/fail/*.rs");
    t.pass("tests/ui/pass/*.rs");
}
