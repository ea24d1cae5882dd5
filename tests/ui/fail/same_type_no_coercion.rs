// The derive's last line of defence, written as the expansion writes it:
// each field of the copy it proves is unified with the user's field through
// `PhantomData`. Each `field_type` call stands alone in a `let` (nothing
// expected of it, so nothing is coerced), and `PhantomData` itself has no
// coercion (auto-ref, unsizing, `Cell` unwrapping) that could bridge two
// different field types.
use cmsg::__private::{field_type, same_type};

fn main() {
    let (int, reference, array) = (0u64, &0u64, [0u8; 4]);
    let user = field_type(&int as *const u64);
    let twin = field_type(&reference as *const &u64);
    same_type(user, twin);

    let slice: &[u8] = &array;
    let user = field_type(slice as *const [u8]);
    let twin = field_type(&array as *const [u8; 4]);
    same_type(user, twin);

    let cell = std::cell::Cell::new(0i32);
    let user = field_type(&0i32 as *const i32);
    let twin = field_type(&cell as *const std::cell::Cell<i32>);
    same_type(user, twin);
}
