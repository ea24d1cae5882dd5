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
//! and it does so without naming any path (`same_types`).
//!
//! Everything is emitted inside `const _: () = { ... };`, so the helper
//! items it declares (all named `__Cmsg*`/`__cmsg*`, names `check.rs`
//! refuses in the input) are invisible outside.

use crate::ast::{Container, Field};
use crate::attr::{self, Direction};
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Index, Type};

pub(crate) fn expand(cont: &Container<'_>, attrs: &attr::Container) -> TokenStream {
    let head = head(cont);
    let same_types = same_types(cont, attrs);
    let diagnostics = diagnostics(cont, attrs);
    let control_message = impl_control_message(cont, attrs);
    let enable = impl_enable(cont, attrs);
    let direction = impl_direction(cont, attrs);
    quote! {
        const _: () = {
            #head
            #same_types
            #diagnostics
            #control_message
            #enable
            #direction
        };
    }
}

/// For a slice-tailed struct, `__CmsgHead`: its `#[repr]` and sized fields,
/// then `[T; 0]`. Its size is where the slice starts; its alignment the
/// struct's (Rust Reference, "The `C` Representation": a `repr(C)` struct's
/// layout follows from its fields' sizes and alignments, in order).
fn head(cont: &Container<'_>) -> TokenStream {
    let Some(element) = cont.tail() else {
        return quote!();
    };
    let repr = &cont.repr.attrs;
    let types = cont.head().iter().map(|f| f.ty);
    quote! {
        #(#repr)*
        #[doc(hidden)]
        #[allow(dead_code, missing_docs, non_camel_case_types)]
        pub struct __CmsgHead(#(#types,)* [#element; 0]);
    }
}

/// The proof that the impl's `Fields`, `Head` and `Element` are the
/// struct's own types, whatever their spelling means in either place (a
/// field type naming `Self`, a macro or a shadowed name is refused by
/// `check.rs`; anything missed is a type error here, not a wrong layout).
///
/// `__cmsg_same` takes two `&P` and is given `&&raw const` of each field
/// of the struct and of the same place in a `Fields` value (`fields.1.0` for
/// the second), a `Head` and an `Element` slice: `P` is `*const FieldType`,
/// and no coercion turns one `&*const A` into a `&*const B` (no auto-ref,
/// no unsizing behind a second pointer, no `&mut`-to-`&`, raw pointers do
/// not deref). Nothing in it is reached through a path, not even `?Sized`
/// (a raw pointer is always sized).
fn same_types(cont: &Container<'_>, attrs: &attr::Container) -> TokenStream {
    let name = cont.ident;
    let krate = &attrs.krate;
    let trait_ = quote!(<#name as #krate::ControlMessage>);
    let head = cont.head();
    let in_list = head.iter().enumerate().map(|(depth, field)| {
        let member = &field.member;
        let ones = std::iter::repeat_n(Index::from(1), depth);
        quote!(__cmsg_same(&&raw const user.#member, &&raw const fields #(.#ones)* .0);)
    });
    let in_head = cont.tail().map(|_| {
        let members = head.iter().map(|f| &f.member);
        let indices = (0..head.len()).map(Index::from);
        let zero = Index::from(head.len());
        let tail = cont.fields.last().map(|f| &f.member);
        quote! {
            #(__cmsg_same(&&raw const user.#members, &&raw const head.#indices);)*
            __cmsg_same(&&raw const head.#zero, &&raw const *zero);
            __cmsg_same(&&raw const user.#tail, &&raw const *elements);
        }
    });
    // A struct pattern must name every field (a tuple pattern, match the
    // arity): one the derive did not see fails to compile.
    let members = cont.fields.iter().map(|f| &f.member);
    let every_field = quote!(let #name { #(#members: _),* } = *user;);
    quote! {
        #[allow(dead_code)]
        fn __cmsg_same<P>(_: &P, _: &P) {}

        #[allow(dead_code, unused_variables, clippy::all)]
        fn __cmsg_types_are_the_struct_s(
            user: &#name,
            fields: &#trait_::Fields,
            head: &#trait_::Head,
            zero: &[#trait_::Element; 0],
            elements: &[#trait_::Element],
        ) {
            #every_field
            #(#in_list)*
            #in_head
        }
    }
}

/// What cmsg-core proves, checked here too so that `cargo check` reports it
/// at the struct: each field's type on its own (the error names the field),
/// and the layout (a free constant is evaluated by `cargo check`).
fn diagnostics(cont: &Container<'_>, attrs: &attr::Container) -> TokenStream {
    let name = cont.ident;
    let krate = &attrs.krate;
    let private = quote!(#krate::__private);
    let plain = cont.fields.iter().map(|field| {
        let ty = element_or_type(cont, field);
        quote_spanned!(ty.span()=> #private::plain::<#ty>();)
    });
    quote! {
        #[allow(dead_code, clippy::all)]
        fn __cmsg_fields_are_plain() {
            #(#plain)*
        }
        const _: usize = <#name as #krate::ControlMessage>::BASE_SIZE;
    }
}

/// The field's type, or its element type for the trailing slice.
fn element_or_type<'a>(cont: &Container<'a>, field: &Field<'a>) -> &'a Type {
    match (field.ty, cont.tail()) {
        (Type::Slice(_), Some(element)) => element,
        (ty, _) => ty,
    }
}

fn impl_control_message(cont: &Container<'_>, attrs: &attr::Container) -> TokenStream {
    let name = cont.ident;
    let krate = &attrs.krate;
    let private = quote!(#krate::__private);
    let (level, ty) = (&attrs.level, &attrs.ty);
    let enable = match option(attrs) {
        Some(option) => quote!(#private::core::option::Option::Some(#option)),
        None => quote!(#private::core::option::Option::None),
    };
    let direction = match attrs.direction {
        Direction::Send => quote!(#krate::Direction::Send),
        Direction::Receive => quote!(#krate::Direction::Receive),
        Direction::Both => quote!(#krate::Direction::Both),
    };
    let fields = cont.head().iter().rev().fold(quote!(()), |rest, field| {
        let ty = field.ty;
        quote_spanned!(ty.span()=> (#ty, #rest))
    });
    let (head, element) = match cont.tail() {
        None => (quote!(Self), quote!(())),
        Some(element) => (
            quote!(__CmsgHead),
            quote_spanned!(element.span()=> #element),
        ),
    };
    quote! {
        #[automatically_derived]
        // SAFETY (of the impl): `Fields`, `Head` and `Element` are the
        // struct's own types, as `__cmsg_types_are_the_struct_s` proves, and
        // `from_elements` is the cast the trait asks for; cmsg-core checks
        // everything else about them.
        unsafe impl #krate::ControlMessage for #name {
            const LEVEL: #private::libc::c_int = #level;
            const TYPE: #private::libc::c_int = #ty;
            const ENABLE: #private::core::option::Option<#krate::SocketOption> = #enable;
            const DIRECTION: #krate::Direction = #direction;
            type Fields = #fields;
            type Head = #head;
            type Element = #element;

            #[inline(always)]
            fn from_elements(elements: *const [Self::Element]) -> *const Self {
                elements as *const Self
            }
        }
    }
}

/// `SocketOption { level, name }` for `enable = ...`.
fn option(attrs: &attr::Container) -> Option<TokenStream> {
    let krate = &attrs.krate;
    let name = attrs.enable.as_ref()?;
    let level = attrs.enable_level.as_ref().unwrap_or(&attrs.level);
    Some(quote!(#krate::SocketOption { level: #level, name: #name }))
}

fn impl_enable(cont: &Container<'_>, attrs: &attr::Container) -> TokenStream {
    let Some(option) = option(attrs) else {
        return quote!();
    };
    let name = cont.ident;
    let krate = &attrs.krate;
    quote! {
        #[automatically_derived]
        impl #krate::Enable for #name {
            const OPTION: #krate::SocketOption = #option;
        }
    }
}

/// `Sendable` and `Receivable`, as `direction` says.
///
/// A sendable message must not be one whose payload the kernel reads as
/// descriptors or addresses: its fields are plain integers, so safe code
/// could send descriptors it does not hold (`Encoder::push_fds` takes
/// `BorrowedFd`s) or make the kernel write anywhere.
/// The assertion is a free constant, which `cargo check` evaluates, at the
/// declaration; the encoder refuses such messages again itself.
fn impl_direction(cont: &Container<'_>, attrs: &attr::Container) -> TokenStream {
    let name = cont.ident;
    let krate = &attrs.krate;
    let private = quote!(#krate::__private);
    let span = name.span();
    let sendable = matches!(attrs.direction, Direction::Send | Direction::Both).then(|| {
        let at = quote_spanned!(attrs.ty.span()=> #private::core::assert!(
            #private::sendable_as_bytes(
                <#name as #krate::ControlMessage>::LEVEL,
                <#name as #krate::ControlMessage>::TYPE,
            ),
            "this message carries file descriptors (SCM_RIGHTS) or memory addresses (SOL_RDS): declare it `direction = recv`; send descriptors with `Encoder::push_fds(&[BorrowedFd])`"
        ));
        quote_spanned! {span=>
            const _: () = #at;
            #[automatically_derived]
            // SAFETY: the assertion above proves that the kernel reads
            // neither descriptors nor addresses in this message's payload.
            unsafe impl #krate::Sendable for #name {}
        }
    });
    let receivable = matches!(attrs.direction, Direction::Receive | Direction::Both).then(
        || quote_spanned!(span=> #[automatically_derived] impl #krate::Receivable for #name {}),
    );
    quote!(#sendable #receivable)
}
