// The derive's proof that the types its impl states are the struct's own,
// written as the expansion writes it: `__cmsg_same` takes two `&P`, given
// `&&raw const` of two places, and no coercion (auto-ref, unsizing, `Cell`
// unwrapping, `&mut` to `&`) turns one `&*const A` into a `&*const B`, so
// two different field types never unify.
extern crate cmsg_core as cmsg;
#[allow(dead_code)]
fn __cmsg_same<P>(_: &P, _: &P) {}

struct User {
    int: u64,
    slice: [u8],
}

struct Stated {
    reference: &'static u64,
    array: [u8; 4],
    cell: std::cell::Cell<u64>,
    mutable: *mut u64,
}

fn check(user: &User, stated: &Stated) {
    __cmsg_same(&&raw const user.int, &&raw const stated.reference);
    __cmsg_same(&&raw const user.slice, &&raw const stated.array);
    __cmsg_same(&&raw const user.int, &&raw const stated.cell);
    __cmsg_same(&&raw const user.int, &&raw mut *stated.mutable);
}

fn main() {}
