//! What can be a control message: one named function per rule, each
//! reporting to the [`Ctxt`] (serde_derive's `internals/check.rs`).
//!
//! `#[cfg]`s are applied before a derive runs: the fields and variants it
//! sees are the ones compiled (a true `#[cfg]` is still shown; it changes
//! nothing).
//!
//! Soundness does not rest on these: cmsg-core checks the layout itself,
//! and the expansion ties the types it states to the struct's fields (see
//! `expand.rs`). These rules turn what would be a confusing error deep in
//! the expansion, or a panic in rustc's layout code, into a plain one at
//! the right tokens.

use crate::ast::Container;
use crate::ctxt::Ctxt;
use proc_macro2::{Ident, TokenStream, TokenTree};
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::Type;

/// Every rule, in the order their errors are reported.
pub(crate) fn check(cx: &Ctxt, cont: &Container<'_>) {
    no_generics(cx, cont);
    repr_fixes_a_c_layout(cx, cont);
    repr_hints_combine(cx, cont);
    name_is_not_reserved(cx, cont);
    enable_level_needs_enable(cx, cont);
    attributes_leave_the_layout_alone(cx, cont);
    for field in &cont.fields {
        field_types_mean_the_same_everywhere(cx, field.ty);
    }
    slice_is_last(cx, cont);
    transparent_has_no_slice_tail(cx, cont);
}

/// A message's level, type and layout are fixed.
fn no_generics(cx: &Ctxt, cont: &Container<'_>) {
    let generics = &cont.original.generics;
    if !generics.params.is_empty() || generics.where_clause.is_some() {
        cx.error_spanned_by(
            generics,
            "#[derive(ControlMessage)] does not support generics: a message's level, type and layout are fixed",
        );
    }
}

/// `repr(C)` or `repr(transparent)`: the layout C code and the kernel use.
fn repr_fixes_a_c_layout(cx: &Ctxt, cont: &Container<'_>) {
    if cont.repr.c.is_none() && cont.repr.transparent.is_none() {
        cx.error_at(
            cont.ident.span(),
            "#[derive(ControlMessage)] needs #[repr(C)] or #[repr(transparent)]: the payload's layout must be the one C code and the kernel use",
        );
    }
}

/// Combinations rustc refuses, or that zerocopy's and rustc's layout code
/// would trip on, refused first with a span.
fn repr_hints_combine(cx: &Ctxt, cont: &Container<'_>) {
    let repr = &cont.repr;
    if let Some(transparent) = repr.transparent {
        if repr.c.is_some() || repr.packed.is_some() || repr.align.is_some() {
            cx.error_at(
                transparent,
                "#[repr(transparent)] cannot be combined with `C`, `packed` or `align`",
            );
        }
    }
    if let (Some(packed), Some(_)) = (repr.packed, repr.align) {
        cx.error_at(
            packed,
            "#[repr(packed)] and #[repr(align)] cannot be combined: a struct is either packed or over-aligned",
        );
    }
}

/// Attributes that cannot change the struct's layout or fields: rustc's
/// own (but `repr`, which is read), whose names nothing can shadow (rustc
/// calls such an import ambiguous), and cmsg's own helper.
const INERT: [&str; 13] = [
    "doc",
    "cmsg",
    "repr",
    "derive",
    "allow",
    "warn",
    "deny",
    "forbid",
    "expect",
    "deprecated",
    "must_use",
    "non_exhaustive",
    "automatically_derived",
];

/// The derive sees the struct as it is when `#[derive]` expands: attribute
/// macros written before it have run, but one written after it runs later,
/// and could give the struct another `#[repr]`, more fields or other ones
/// (`cfg` and `cfg_attr` are already applied). The impl's layout facts would
/// then describe a different struct, so every attribute must be one of
/// rustc's single-name ones: a path (`zerocopy::x`, `rustfmt::skip`) can
/// name a user's macro through a module of the same name.
fn attributes_leave_the_layout_alone(cx: &Ctxt, cont: &Container<'_>) {
    for attr in &cont.original.attrs {
        let name = attr.path().get_ident().map(syn::ext::IdentExt::unraw);
        if !name.is_some_and(|name| INERT.iter().any(|inert| name == inert)) {
            cx.error_spanned_by(
                attr.path(),
                "#[derive(ControlMessage)] accepts only rustc's own attributes beside it (doc, repr, allow, ...): an attribute macro runs after the derive has read the struct and could change it; apply it to a wrapper, or put it before the #[derive(...)] line",
            );
        }
    }
}

/// The prefixes of the names the expansion declares inside its
/// `const _: () = { ... }`, where they would shadow a user's item of the
/// same name.
const RESERVED: [&str; 2] = ["__Cmsg", "__cmsg"];

fn is_reserved(ident: &Ident) -> bool {
    let ident = syn::ext::IdentExt::unraw(ident).to_string();
    RESERVED.iter().any(|prefix| ident.starts_with(prefix))
}

fn name_is_not_reserved(cx: &Ctxt, cont: &Container<'_>) {
    if is_reserved(cont.ident) {
        cx.error_at(
            cont.ident.span(),
            format!(
                "`{}` is reserved for #[derive(ControlMessage)]'s expansion; rename the struct",
                cont.ident
            ),
        );
    }
}

fn enable_level_needs_enable(cx: &Ctxt, cont: &Container<'_>) {
    if let Some(attrs) = &cont.attrs {
        if let (Some(level), None) = (&attrs.enable_level, &attrs.enable) {
            cx.error_spanned_by(level, "`enable_level` needs `enable = ...` beside it");
        }
    }
}

/// Refuses field types whose meaning could differ between the user's struct
/// and the places the expansion names them again (the impl's `Fields`, the
/// `__CmsgHead` of a slice-tailed struct):
///
/// - `Self` (anywhere, array lengths included) names the user's struct in
///   one and `__CmsgHead` in the other;
/// - a macro (a type macro, or one in an array length) may expand to `Self`,
///   or differently each time;
/// - tokens syn could not read (`Type::Verbatim`) cannot be checked;
/// - names reserved for the expansion would be shadowed inside the block.
fn field_types_mean_the_same_everywhere(cx: &Ctxt, ty: &Type) {
    struct Finder<'c> {
        cx: &'c Ctxt,
    }
    impl<'ast> Visit<'ast> for Finder<'_> {
        fn visit_macro(&mut self, mac: &'ast syn::Macro) {
            self.cx.error_spanned_by(
                mac,
                "a control message's field type cannot use a macro: its expansion could mean a different type where the derive names it again; write the type out",
            );
        }
        fn visit_type(&mut self, ty: &'ast Type) {
            if let Type::Verbatim(tokens) = ty {
                self.cx.error_spanned_by(
                    tokens,
                    "this field type cannot be checked by #[derive(ControlMessage)]",
                );
            }
            syn::visit::visit_type(self, ty);
        }
    }
    Finder { cx }.visit_type(ty);
    scan_idents(cx, quote::ToTokens::to_token_stream(ty));
}

/// Refuses `Self` and the reserved names anywhere in `tokens`.
fn scan_idents(cx: &Ctxt, tokens: TokenStream) {
    for token in tokens {
        match token {
            TokenTree::Ident(ident) if ident == "Self" => cx.error_at(
                ident.span(),
                "a control message's field type cannot name `Self`: the expansion names field types where `Self` means something else; name the type itself",
            ),
            TokenTree::Ident(ident) if is_reserved(&ident) => cx.error_at(
                ident.span(),
                format!("`{ident}` is reserved for #[derive(ControlMessage)]'s expansion; rename the type"),
            ),
            TokenTree::Group(group) => scan_idents(cx, group.stream()),
            _ => {}
        }
    }
}

/// Only a trailing `[T]` can vary in length.
fn slice_is_last(cx: &Ctxt, cont: &Container<'_>) {
    let before_last = cont.fields.len().saturating_sub(1);
    for field in cont.fields.iter().take(before_last) {
        if let Type::Slice(_) = field.ty {
            cx.error_at(
                field.ty.span(),
                "a slice field must be the last: only a trailing `[T]` can vary in length",
            );
        }
    }
}

fn transparent_has_no_slice_tail(cx: &Ctxt, cont: &Container<'_>) {
    if let (Some(transparent), Some(_)) = (cont.repr.transparent, cont.tail()) {
        cx.error_at(
            transparent,
            "#[repr(transparent)] on a struct ending in a slice is not supported: write #[repr(C)], which gives a lone slice field the same layout",
        );
    }
}
