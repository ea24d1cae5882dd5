//! A receive set's enum, read once, with the rules it must follow.

use crate::attr;
use crate::ctxt::Ctxt;
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{
    Attribute, Data, DeriveInput, Expr, GenericArgument, Ident, Lifetime, LitStr, Path,
    PathArguments, Type,
};

/// The enum.
pub(crate) struct Set<'a> {
    pub(crate) ident: &'a Ident,
    /// Its lifetime, if its variants borrow.
    pub(crate) lifetime: Option<&'a Lifetime>,
    pub(crate) krate: Path,
    /// `#[cmsg(unknown = error)]`: a message no variant takes is an error.
    pub(crate) unknown_is_error: bool,
    pub(crate) variants: Vec<Variant<'a>>,
    /// The catch-all variant, `#[cmsg(other)]`.
    pub(crate) other: Option<&'a Ident>,
}

/// One variant holding a message.
pub(crate) struct Variant<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) kind: Kind,
    /// The message type.
    pub(crate) message: &'a Type,
    /// `#[cmsg(max = n)]`: trailing elements to make room for.
    pub(crate) max: Option<Expr>,
}

/// How a variant holds its message.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    /// `&'a T`: a reference into the control buffer.
    Borrowed,
    /// `T`: copied out.
    Value,
    /// `Fds<'a, T>`: the descriptors, to take as `OwnedFd`s.
    Fds,
}

impl<'a> Set<'a> {
    pub(crate) fn from_ast(cx: &Ctxt, input: &'a DeriveInput) -> Option<Self> {
        let Data::Enum(data) = &input.data else {
            cx.error_at(
                input.ident.span(),
                "#[derive(ControlMessages)] needs an enum: one variant per message the receiver wants",
            );
            return None;
        };
        let (krate, unknown_is_error) = container_attrs(cx, &input.attrs);
        let lifetime = lifetime(cx, input);
        let mut variants = Vec::new();
        let mut other = None;
        for variant in &data.variants {
            let attrs = variant_attrs(cx, &variant.attrs);
            let field = match &variant.fields {
                syn::Fields::Unnamed(fields) if fields.unnamed.len() == 1 => fields.unnamed.first(),
                _ => None,
            };
            let Some(field) = field else {
                cx.error_spanned_by(
                    variant,
                    "each variant of a receive set holds one message: `Name(Type)`, `Name(&'a Type)` or `Name(Fds<'a, Type>)`",
                );
                continue;
            };
            if attrs.other {
                if other.replace(&variant.ident).is_some() {
                    cx.error_spanned_by(
                        &variant.ident,
                        "a receive set has at most one `#[cmsg(other)]` variant",
                    );
                }
                if unknown_is_error {
                    cx.error_spanned_by(
                        &variant.ident,
                        "`#[cmsg(other)]` takes every message no other variant takes, so none is unknown: drop `unknown = error` or this variant",
                    );
                }
                continue;
            }
            let (kind, message) = kind_of(&field.ty);
            variants.push(Variant {
                ident: &variant.ident,
                kind,
                message,
                max: attrs.max,
            });
        }
        Some(Set {
            ident: &input.ident,
            lifetime,
            krate,
            unknown_is_error,
            variants,
            other,
        })
    }
}

/// At most one lifetime, nothing else generic: a set is one fixed list.
fn lifetime<'a>(cx: &Ctxt, input: &'a DeriveInput) -> Option<&'a Lifetime> {
    let generics = &input.generics;
    let mut lifetimes = generics.lifetimes();
    let first = lifetimes.next().map(|l| &l.lifetime);
    if lifetimes.next().is_some()
        || generics.type_params().next().is_some()
        || generics.const_params().next().is_some()
        || generics.where_clause.is_some()
    {
        cx.error_spanned_by(
            generics,
            "a receive set takes one lifetime (that of the control buffer) and no other generics",
        );
    }
    first
}

/// `&'a T`, `Fds<'a, T>` or `T`.
fn kind_of(ty: &Type) -> (Kind, &Type) {
    match ty {
        Type::Reference(reference) if reference.mutability.is_none() => {
            (Kind::Borrowed, &reference.elem)
        }
        Type::Path(path) if path.qself.is_none() => {
            let last = path.path.segments.last();
            let fds = last
                .filter(|s| s.ident.unraw() == "Fds")
                .and_then(|s| match &s.arguments {
                    PathArguments::AngleBracketed(args) => args.args.iter().find_map(|a| match a {
                        GenericArgument::Type(t) => Some(t),
                        _ => None,
                    }),
                    _ => None,
                });
            match fds {
                Some(message) => (Kind::Fds, message),
                None => (Kind::Value, ty),
            }
        }
        _ => (Kind::Value, ty),
    }
}

fn container_attrs(cx: &Ctxt, attrs: &[Attribute]) -> (Path, bool) {
    let mut krate = None;
    let mut unknown_is_error = false;
    for attr in attrs.iter().filter(|a| attr::is(a, "cmsg")) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("crate") {
                let path: LitStr = meta.value()?.parse()?;
                krate = Some(attr::absolute(path.parse()?));
            } else if meta.path.is_ident("unknown") {
                let value: Ident = meta.value()?.parse()?;
                match value.to_string().as_str() {
                    "error" => unknown_is_error = true,
                    "skip" => unknown_is_error = false,
                    other => cx.error_spanned_by(
                        &value,
                        format!(
                            "unknown `unknown = {other}`; expected `skip` (the default) or `error`"
                        ),
                    ),
                }
            } else {
                cx.error_spanned_by(
                    &meta.path,
                    "unknown key in a receive set's #[cmsg(...)]; expected `crate` or `unknown`",
                );
                attr::skip_value(&meta)?;
            }
            Ok(())
        });
        if let Err(e) = result {
            cx.syn_error(e);
        }
    }
    (
        krate.unwrap_or_else(|| syn::parse_quote!(::cmsg)),
        unknown_is_error,
    )
}

#[derive(Default)]
struct VariantAttrs {
    max: Option<Expr>,
    other: bool,
}

fn variant_attrs(cx: &Ctxt, attrs: &[Attribute]) -> VariantAttrs {
    let mut found = VariantAttrs::default();
    for attr in attrs.iter().filter(|a| attr::is(a, "cmsg")) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("max") {
                found.max = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("other") {
                found.other = true;
            } else {
                cx.error_spanned_by(
                    &meta.path,
                    "unknown key in a variant's #[cmsg(...)]; expected `max = n` or `other`",
                );
                attr::skip_value(&meta)?;
            }
            Ok(())
        });
        if let Err(e) = result {
            cx.syn_error(e);
        }
    }
    if let (true, Some(max)) = (found.other, &found.max) {
        cx.error_at(
            max.span(),
            "the `other` variant takes any message: `max` does not apply",
        );
    }
    found
}
