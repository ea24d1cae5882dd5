/// Several refusals at once: every error is collected.
#[derive(ControlMessage)]
#[cmsg(level = 1, ty = 2, colour = blue)]
#[repr(C, packed, align(8))]
struct Wrong<T> {
    a: [u8],
    b: <Self as Trait>::T,
    #[cfg(unix)]
    c: my_type!(),
}
