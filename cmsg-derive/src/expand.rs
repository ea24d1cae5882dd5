//! Writing the `ControlMessage` impl.
//!
//! The impl states three types about the struct: `Fields`, its field types
//! before any trailing slice as a list `(A, (B, ()))`; `Element`, the
//! slice's element type (`()` when sized); and `Head`, the struct itself
//! when sized, else a copy `__CmsgHead` with the same `#[repr]` and a
//! `[Element; 0]` where the slice is. cmsg-core, not this expansion, checks
//! what makes bytes-to-struct sound (every field plain bytes, sizes adding
//! up to no padding; see `cmsg-core/src/payload.rs`): every path this
//! expansion writes resolves in the user's crate, where `cmsg`, `core` and
//! zerocopy can all be made to name something else, so nothing reached
//! through a path may carry the proof.
//!
//! What the expansion must prove is that those types are the struct's own,
//! and it does so without naming any path: `__cmsg_same` takes two
//! `&*const T`, between which no coercion exists, and is called on
//! `&raw const` of each of the struct's fields and of the matching place
//! in a `Fields`, `Head` or `Element` value. A field whose type means
//! something else in the impl (through `Self`, a macro or a shadowed name)
//! fails to compile there.

use crate::attr::{Attrs, Direction};
use crate::check::Shape;
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, Index, Member};

pub(crate) fn expand(input: &DeriveInput, attrs: &Attrs, shape: &Shape<'_>) -> TokenStream {
    let name = &input.ident;
    let krate = &attrs.krate;
    let private = quote!(#krate::__private);
    let trait_ = quote!(<#name as #krate::ControlMessage>);

    let members: Vec<Member> = shape
        .fields
        .iter()
        .enumerate()
        .map(|(i, field)| match &field.ident {
            Some(ident) => Member::Named(ident.clone()),
            None => Member::Unnamed(i.into()),
        })
        .collect();
    let head_len = shape.fields.len() - usize::from(shape.tail.is_some());
    let head = &shape.fields[..head_len];
    let head_members = &members[..head_len];

    // `(A, (B, ()))`, and the place of each field in a value of it:
    // `fields.0`, `fields.1.0`, ...
    let field_list = head.iter().rev().fold(quote!(()), |rest, field| {
        let ty = &field.ty;
        quote_spanned!(ty.span()=> (#ty, #rest))
    });
    let list_places = (0..head_len).map(|depth| {
        let ones = std::iter::repeat_n(Index::from(1), depth);
        quote!(fields #(.#ones)* .0)
    });

    // Each field's type, checked on its own so that an error names it.
    let plain_checks = shape.fields.iter().map(|field| {
        let ty = match (&field.ty, shape.tail) {
            (syn::Type::Slice(_), Some(element)) => element,
            (ty, _) => ty,
        };
        quote_spanned!(ty.span()=> #private::plain::<#ty>();)
    });

    let (head_type, element_type, head_decl, head_link) = match shape.tail {
        None => (quote!(Self), quote!(()), quote!(), quote!()),
        Some(element) => {
            let repr = &shape.repr;
            let head_types = head.iter().map(|f| &f.ty);
            let tail = &members[head_len];
            let zero = Index::from(head_len);
            let head_indices = (0..head_len).map(Index::from);
            (
                quote!(__CmsgHead),
                quote_spanned!(element.span()=> #element),
                quote! {
                    #(#repr)*
                    #[doc(hidden)]
                    #[allow(dead_code, missing_docs, non_camel_case_types)]
                    pub struct __CmsgHead(#(#head_types,)* [#element; 0]);
                },
                quote! {
                    #(__cmsg_same(&&raw const user.#head_members, &&raw const head.#head_indices);)*
                    __cmsg_same(&&raw const head.#zero, &&raw const *zero);
                    __cmsg_same(&&raw const user.#tail, &&raw const *elements);
                },
            )
        }
    };

    let level = &attrs.level;
    let ty = &attrs.ty;
    let (enable, enable_impl) = match &attrs.enable {
        Some(option) => {
            let option_level = attrs.enable_level.as_ref().unwrap_or(level);
            let option = quote!(#krate::SocketOption { level: #option_level, name: #option });
            (
                quote!(#private::core::option::Option::Some(#option)),
                quote! {
                    #[automatically_derived]
                    impl #krate::Enable for #name {
                        const OPTION: #krate::SocketOption = #option;
                    }
                },
            )
        }
        None => (quote!(#private::core::option::Option::None), quote!()),
    };
    let direction = match attrs.direction {
        Direction::Send => quote!(#krate::Direction::Send),
        Direction::Receive => quote!(#krate::Direction::Receive),
        Direction::Both => quote!(#krate::Direction::Both),
    };
    let span = name.span();
    // A sendable message must not be one whose payload the kernel reads as
    // descriptors: its fields are plain integers, so safe code could send
    // descriptors it does not hold (`Encoder::push_fds` takes `BorrowedFd`s).
    // A free constant is evaluated by `cargo check`, at the declaration.
    let sendable = matches!(attrs.direction, Direction::Send | Direction::Both).then(|| {
        let at = quote_spanned!(ty.span()=> #private::core::assert!(
            !#private::carries_fds(
                <#name as #krate::ControlMessage>::LEVEL,
                <#name as #krate::ControlMessage>::TYPE,
            ),
            "this message carries file descriptors (SCM_RIGHTS): declare it `direction = recv` and send descriptors with `Encoder::push_fds(&[BorrowedFd])`"
        ));
        quote_spanned! {span=>
            const _: () = #at;
            #[automatically_derived]
            // SAFETY: the assertion above proves that the kernel does not
            // read this message's payload as descriptors.
            unsafe impl #krate::Sendable for #name {}
        }
    });
    let receivable = matches!(attrs.direction, Direction::Receive | Direction::Both).then(
        || quote_spanned!(span=> #[automatically_derived] impl #krate::Receivable for #name {}),
    );
    quote! {
        const _: () = {
            #head_decl

            /// Compiles only for two pointers to the same type: no coercion
            /// turns one `&*const T` into another.
            #[allow(dead_code)]
            fn __cmsg_same<T: ?Sized>(_: &*const T, _: &*const T) {}

            // The impl's `Fields`, `Head` and `Element` are the struct's
            // own field types (see cmsg-derive's expand.rs).
            #[allow(dead_code, unused_variables, clippy::all)]
            fn __cmsg_types_are_the_struct_s(
                user: &#name,
                fields: &#trait_::Fields,
                head: &#trait_::Head,
                zero: &[#trait_::Element; 0],
                elements: &[#trait_::Element],
            ) {
                #(__cmsg_same(&&raw const user.#head_members, &&raw const #list_places);)*
                #head_link
            }

            // The same facts cmsg-core proves, checked here too so that
            // `cargo check` reports them at the struct, each at its field.
            #[allow(dead_code, clippy::all)]
            fn __cmsg_fields_are_plain() {
                #(#plain_checks)*
            }
            const _: usize = #trait_::BASE_SIZE;

            #[automatically_derived]
            // SAFETY (of the impl): `Fields`, `Head` and `Element` are the
            // struct's own types, as `__cmsg_types_are_the_struct_s` proves;
            // cmsg-core checks everything else about them.
            unsafe impl #krate::ControlMessage for #name {
                const LEVEL: #private::libc::c_int = #level;
                const TYPE: #private::libc::c_int = #ty;
                const ENABLE: #private::core::option::Option<#krate::SocketOption> = #enable;
                const DIRECTION: #krate::Direction = #direction;
                type Fields = #field_list;
                type Head = #head_type;
                type Element = #element_type;

                #[inline(always)]
                fn from_elements(elements: *const [Self::Element]) -> *const Self {
                    elements as *const Self
                }
            }

            #enable_impl
            #sendable
            #receivable
        };
    }
}
