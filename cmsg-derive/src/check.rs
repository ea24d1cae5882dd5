//! What can be a control message: a non-generic struct with a fixed layout,
//! optionally ending in a slice, whose field types mean the same wherever
//! the expansion names them.

use proc_macro2::{Span, TokenStream, TokenTree};
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{Attribute, Data, DeriveInput, Field, Fields, Type};

/// The parts of the struct the expansion needs.
pub(crate) struct Shape<'a> {
    pub(crate) fields: Vec<&'a Field>,
    /// `T` where the last field is `[T]`.
    pub(crate) tail: Option<&'a Type>,
    /// The `#[repr(...)]` attributes, copied to a slice-tailed struct's `__CmsgHead`.
    pub(crate) repr: Vec<&'a Attribute>,
}

/// Checks the item, collecting every error.
pub(crate) fn shape(input: &DeriveInput) -> syn::Result<Shape<'_>> {
    let mut errors: Vec<syn::Error> = Vec::new();
    let data = match &input.data {
        Data::Struct(data) => Some(data),
        Data::Enum(e) => {
            errors.push(syn::Error::new(
                e.enum_token.span,
                "#[derive(ControlMessage)] needs a struct: a control message's payload is one fixed layout, not an enum",
            ));
            None
        }
        Data::Union(u) => {
            errors.push(syn::Error::new(
                u.union_token.span,
                "#[derive(ControlMessage)] needs a struct, not a union",
            ));
            None
        }
    };
    if !input.generics.params.is_empty() || input.generics.where_clause.is_some() {
        errors.push(syn::Error::new_spanned(
            &input.generics,
            "#[derive(ControlMessage)] does not support generics: a message's level, type and layout are fixed",
        ));
    }

    let repr: Vec<&Attribute> = input
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("repr"))
        .collect();
    let hints = repr_hints(&repr, &mut errors);
    hints.check(input.ident.span(), &mut errors);

    let fields = match data.map(|d| &d.fields) {
        Some(Fields::Named(named)) => named.named.iter().collect::<Vec<_>>(),
        Some(Fields::Unnamed(unnamed)) => unnamed.unnamed.iter().collect(),
        Some(Fields::Unit) | None => Vec::new(),
    };
    if is_reserved(&input.ident) {
        errors.push(syn::Error::new(
            input.ident.span(),
            format!(
                "`{}` is reserved for #[derive(ControlMessage)]'s expansion; rename the struct",
                input.ident
            ),
        ));
    }
    let mut tail = None;
    for (i, field) in fields.iter().enumerate() {
        same_meaning_everywhere(&field.ty, &mut errors);
        for attr in &field.attrs {
            if attr.path().is_ident("cfg") || attr.path().is_ident("cfg_attr") {
                errors.push(syn::Error::new_spanned(
                    attr,
                    "a control message's fields cannot be conditional: declare the struct once per configuration, each with its own #[cfg]",
                ));
            }
        }
        if let Type::Slice(slice) = &field.ty {
            if i + 1 == fields.len() {
                tail = Some(&*slice.elem);
            } else {
                errors.push(syn::Error::new(
                    field.ty.span(),
                    "a slice field must be the last: only a trailing `[T]` can vary in length",
                ));
            }
        }
    }
    if let (Some(transparent), Some(_)) = (hints.transparent, tail) {
        errors.push(syn::Error::new(
            transparent,
            "#[repr(transparent)] on a struct ending in a slice is not supported: write #[repr(C)], which gives a lone slice field the same layout",
        ));
    }

    let mut errors = errors.into_iter();
    if let Some(mut first) = errors.next() {
        errors.for_each(|e| first.combine(e));
        return Err(first);
    }
    Ok(Shape { fields, tail, repr })
}

/// The representation hints found in `#[repr(...)]`, each with its span.
#[derive(Default)]
struct ReprHints {
    c: Option<Span>,
    transparent: Option<Span>,
    packed: Option<Span>,
    align: Option<Span>,
}

/// Reads every `#[repr(...)]`, refusing hints that give no fixed C layout.
fn repr_hints(attrs: &[&Attribute], errors: &mut Vec<syn::Error>) -> ReprHints {
    let mut hints = ReprHints::default();
    for attr in attrs {
        let result = attr.parse_nested_meta(|meta| {
            let span = meta.path.span();
            let name = meta.path.get_ident().map(ToString::to_string);
            // `packed(N)` and `align(N)`: rustc checks N; we only skip it.
            if meta.input.peek(syn::token::Paren) {
                meta.input.parse::<proc_macro2::Group>()?;
            }
            let slot = match name.as_deref() {
                Some("C") => &mut hints.c,
                Some("transparent") => &mut hints.transparent,
                Some("packed") => &mut hints.packed,
                Some("align") => &mut hints.align,
                _ => {
                    errors.push(syn::Error::new(
                        span,
                        "a control message's #[repr] may only use `C`, `transparent`, `packed`, `packed(N)` and `align(N)`",
                    ));
                    return Ok(());
                }
            };
            slot.get_or_insert(span);
            Ok(())
        });
        if let Err(e) = result {
            errors.push(e);
        }
    }
    hints
}

impl ReprHints {
    /// The combinations rustc or zerocopy would refuse (some by panicking
    /// inside zerocopy's derive), refused here first with a span.
    fn check(&self, item: Span, errors: &mut Vec<syn::Error>) {
        if self.c.is_none() && self.transparent.is_none() {
            errors.push(syn::Error::new(
                item,
                "#[derive(ControlMessage)] needs #[repr(C)] or #[repr(transparent)]: the payload's layout must be the one C code and the kernel use",
            ));
        }
        if let Some(transparent) = self.transparent {
            if self.c.is_some() || self.packed.is_some() || self.align.is_some() {
                errors.push(syn::Error::new(
                    transparent,
                    "#[repr(transparent)] cannot be combined with `C`, `packed` or `align`",
                ));
            }
        }
        if let (Some(packed), Some(_)) = (self.packed, self.align) {
            errors.push(syn::Error::new(
                packed,
                "#[repr(packed)] and #[repr(align)] cannot be combined: a struct is either packed or over-aligned",
            ));
        }
    }
}

/// The prefixes of the names the expansion declares inside its
/// `const _: () = { ... }`. A field type naming one would mean the user's
/// item in the struct and ours in the impl.
const RESERVED: [&str; 2] = ["__Cmsg", "__cmsg"];

fn is_reserved(ident: &proc_macro2::Ident) -> bool {
    let ident = ident.to_string();
    RESERVED.iter().any(|prefix| ident.starts_with(prefix))
}

/// Refuses field types whose meaning could differ between the user's struct
/// and the places the expansion names them again (the impl's `Fields`, the
/// `__CmsgHead` of a slice-tailed struct):
///
/// - `Self` (anywhere, array lengths included) names the user's struct in
///   one and `__CmsgHead` in the other;
/// - a macro (a type macro, or one in an array length) may expand to `Self`;
/// - tokens syn could not read (`Type::Verbatim`) cannot be checked;
/// - names reserved for the expansion would be shadowed inside the block.
///
/// The expansion also proves that each type it names is exactly the user's
/// field type (see `expand.rs`), so anything missed here is a compile error
/// there, not unsoundness.
fn same_meaning_everywhere(ty: &Type, errors: &mut Vec<syn::Error>) {
    struct Finder<'e> {
        errors: &'e mut Vec<syn::Error>,
    }
    impl<'ast> Visit<'ast> for Finder<'_> {
        fn visit_macro(&mut self, mac: &'ast syn::Macro) {
            self.errors.push(syn::Error::new_spanned(
                mac,
                "a control message's field type cannot use a macro: its expansion could mean a different type where the derive names it again; write the type out",
            ));
        }
        fn visit_type(&mut self, ty: &'ast Type) {
            if let Type::Verbatim(tokens) = ty {
                self.errors.push(syn::Error::new_spanned(
                    tokens,
                    "this field type cannot be checked by #[derive(ControlMessage)]",
                ));
            }
            syn::visit::visit_type(self, ty);
        }
    }
    Finder { errors }.visit_type(ty);
    scan_idents(quote::ToTokens::to_token_stream(ty), errors);
}

/// Refuses `Self` and the reserved names anywhere in `tokens`.
fn scan_idents(tokens: TokenStream, errors: &mut Vec<syn::Error>) {
    for token in tokens {
        match token {
            TokenTree::Ident(ident) if ident == "Self" => errors.push(syn::Error::new(
                ident.span(),
                "a control message's field type cannot name `Self`: the expansion names field types where `Self` means something else; name the type itself",
            )),
            TokenTree::Ident(ident) if is_reserved(&ident) => {
                errors.push(syn::Error::new(
                    ident.span(),
                    format!("`{ident}` is reserved for #[derive(ControlMessage)]'s expansion; rename the type"),
                ));
            }
            TokenTree::Group(group) => scan_idents(group.stream(), errors),
            _ => {}
        }
    }
}
