//! The input struct, read once into the model the checks and the expansion
//! share (serde_derive's `internals/ast.rs`).

use crate::attr::{self, Repr};
use crate::ctxt::Ctxt;
use syn::{Data, DeriveInput, Fields, Ident, Member, Type};

/// A struct deriving `ControlMessage`.
pub(crate) struct Container<'a> {
    pub(crate) ident: &'a Ident,
    /// `#[cmsg(...)]`, if it could be read.
    pub(crate) attrs: Option<attr::Container>,
    /// `#[repr(...)]`.
    pub(crate) repr: Repr<'a>,
    pub(crate) fields: Vec<Field<'a>>,
    pub(crate) original: &'a DeriveInput,
}

/// One field.
pub(crate) struct Field<'a> {
    /// Its name, or its index in a tuple struct.
    pub(crate) member: Member,
    pub(crate) ty: &'a Type,
}

impl<'a> Container<'a> {
    /// Reads `input`; `None` (with the error reported) for what is not a
    /// struct.
    pub(crate) fn from_ast(cx: &Ctxt, input: &'a DeriveInput) -> Option<Self> {
        let attrs = attr::Container::from_ast(cx, input);
        let repr = Repr::from_ast(cx, &input.attrs);
        let fields = match &input.data {
            Data::Struct(data) => &data.fields,
            Data::Enum(e) => {
                cx.error_at(
                    e.enum_token.span,
                    "#[derive(ControlMessage)] needs a struct: a control message's payload is one fixed layout, not an enum",
                );
                return None;
            }
            Data::Union(u) => {
                cx.error_at(
                    u.union_token.span,
                    "#[derive(ControlMessage)] needs a struct, not a union",
                );
                return None;
            }
        };
        let fields = match fields {
            Fields::Named(named) => named.named.iter().collect(),
            Fields::Unnamed(unnamed) => unnamed.unnamed.iter().collect(),
            Fields::Unit => Vec::new(),
        };
        let fields = fields
            .into_iter()
            .enumerate()
            .map(|(i, field)| Field {
                member: match &field.ident {
                    Some(ident) => Member::Named(ident.clone()),
                    None => Member::Unnamed(i.into()),
                },
                ty: &field.ty,
            })
            .collect();
        Some(Container {
            ident: &input.ident,
            attrs,
            repr,
            fields,
            original: input,
        })
    }

    /// `T` if the last field is a slice `[T]`.
    pub(crate) fn tail(&self) -> Option<&'a Type> {
        match self.fields.last()?.ty {
            Type::Slice(slice) => Some(&slice.elem),
            _ => None,
        }
    }

    /// The fields before any trailing slice.
    pub(crate) fn head(&self) -> &[Field<'a>] {
        let sized = self.fields.len() - usize::from(self.tail().is_some());
        self.fields.get(..sized).unwrap_or_default()
    }
}
