//! `#[derive(ControlMessages)]`: a receive set, from an enum whose variants
//! each hold one received control message. Read in `ast.rs` (with its
//! rules), written in `expand.rs`; errors go through the same [`Ctxt`] as
//! the message derive's.
//!
//! [`Ctxt`]: crate::ctxt::Ctxt

mod ast;
mod expand;

use crate::ctxt::Ctxt;
use proc_macro2::TokenStream;
use syn::DeriveInput;

pub(crate) fn derive(input: &DeriveInput) -> syn::Result<TokenStream> {
    let cx = Ctxt::new();
    let set = ast::Set::from_ast(&cx, input);
    match set {
        Some(set) if !cx.has_errors() => {
            cx.check()?;
            Ok(expand::expand(&set))
        }
        _ => {
            cx.check()?;
            Err(syn::Error::new(
                input.ident.span(),
                "#[derive(ControlMessages)] could not read this enum",
            ))
        }
    }
}
