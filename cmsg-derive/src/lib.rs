//! `#[derive(ControlMessage)]` for the [`cmsg`](https://docs.rs/cmsg) crate.
//!
//! Split as serde_derive is: `ctxt` collects errors, `attr` reads the
//! attributes, `ast` reads the struct once into the model the rest share,
//! `check` holds one function per rule, `expand` writes the impl. Every
//! error is collected and reported with its span; nothing panics. The
//! user-facing documentation is on `cmsg::ControlMessage`.

mod ast;
mod attr;
mod check;
mod ctxt;
mod expand;
mod set;

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

/// Implements `cmsg::ReceiveSet` for an enum whose variants each hold one
/// received control message.
///
/// See the trait's documentation for the `#[cmsg(...)]` keys.
#[proc_macro_derive(ControlMessages, attributes(cmsg))]
pub fn derive_control_messages(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    set::derive(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

fn derive(input: &DeriveInput) -> syn::Result<proc_macro2::TokenStream> {
    let cx = ctxt::Ctxt::new();
    let cont = ast::Container::from_ast(&cx, input);
    if let Some(cont) = &cont {
        check::check(&cx, cont);
    }
    let complete = cont.as_ref().and_then(|c| c.attrs.as_ref().map(|a| (c, a)));
    match complete {
        Some((cont, attrs)) if !cx.has_errors() => {
            cx.check()?;
            Ok(expand::expand(cont, attrs))
        }
        // Whatever made the model incomplete was reported.
        _ => {
            cx.check()?;
            Err(syn::Error::new(
                input.ident.span(),
                "#[derive(ControlMessage)] could not read this struct",
            ))
        }
    }
}

#[cfg(test)]
mod tests;
