//! What can be a control message: a non-generic struct with a fixed layout,
//! optionally ending in a slice.

use syn::spanned::Spanned;
use syn::{Attribute, Data, DeriveInput, Field, Fields, Type};

/// The parts of the struct the expansion needs.
pub(crate) struct Shape<'a> {
    pub(crate) fields: Vec<&'a Field>,
    /// Whether the fields are positional.
    pub(crate) tuple: bool,
    /// `T` where the last field is `[T]`.
    pub(crate) tail: Option<&'a Type>,
    /// The `#[repr(...)]` attributes, copied to the twin.
    pub(crate) repr: Vec<&'a Attribute>,
    /// Whether the repr is `transparent`.
    pub(crate) transparent: bool,
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
    let (mut fixed, mut transparent) = (false, false);
    for attr in &repr {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("C") {
                fixed = true;
            } else if meta.path.is_ident("transparent") {
                fixed = true;
                transparent = true;
            }
            // `align(N)` and `packed` are copied verbatim; zerocopy judges them.
            if meta.input.peek(syn::token::Paren) {
                let _ = meta.input.parse::<proc_macro2::Group>();
            }
            Ok(())
        });
    }
    if !fixed {
        errors.push(syn::Error::new(
            input.ident.span(),
            "#[derive(ControlMessage)] needs #[repr(C)] or #[repr(transparent)]: the payload's layout must be the one C code and the kernel use",
        ));
    }

    let (fields, tuple) = match data.map(|d| &d.fields) {
        Some(Fields::Named(named)) => (named.named.iter().collect::<Vec<_>>(), false),
        Some(Fields::Unnamed(unnamed)) => (unnamed.unnamed.iter().collect(), true),
        Some(Fields::Unit) | None => (Vec::new(), false),
    };
    let mut tail = None;
    for (i, field) in fields.iter().enumerate() {
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

    let mut errors = errors.into_iter();
    if let Some(mut first) = errors.next() {
        errors.for_each(|e| first.combine(e));
        return Err(first);
    }
    Ok(Shape {
        fields,
        tuple,
        tail,
        repr,
        transparent,
    })
}
