//! `#[derive(ControlMessage)]` for the [`cmsg`](https://docs.rs/cmsg) crate.
//!
//! Split as serde_derive is: [`attr`] parses `#[cmsg(...)]`, [`check`]
//! refuses what cannot be a control message, [`expand`] writes the impl.
//! Every error is collected and reported with its span; nothing panics.
//! The user-facing documentation is on `cmsg::ControlMessage`.

mod attr;
mod check;
mod expand;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

/// Implements `cmsg::ControlMessage` for a `#[repr(C)]` struct.
///
/// See the trait's documentation for the `#[cmsg(...)]` keys.
#[proc_macro_derive(ControlMessage, attributes(cmsg))]
pub fn derive_control_message(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    derive(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

fn derive(input: &DeriveInput) -> syn::Result<proc_macro2::TokenStream> {
    // Attribute errors and shape errors are reported together.
    let attrs = attr::parse(input);
    let shape = check::shape(input);
    match (attrs, shape) {
        (Ok(attrs), Ok(shape)) => Ok(expand::expand(input, &attrs, &shape)),
        (Err(mut a), Err(b)) => {
            a.combine(b);
            Err(a)
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}
