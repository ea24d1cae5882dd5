//! Writing the `ControlMessage` impl.
//!
//! The impl rests on a twin of the input struct, `__CmsgRepr`: the same
//! `#[repr]` and the same field types in the same order, with zerocopy's
//! derives on it. zerocopy proves the twin's byte-level properties (every
//! bit pattern valid, no padding, no interior mutability, its layout); since
//! a `#[repr(C)]`/`#[repr(transparent)]` layout is fixed by the field types
//! alone, the input struct has exactly the same layout and validity, so a
//! reference to one may be reinterpreted as the other. Const assertions
//! check size, alignment and every field offset again for sized messages.
//! This way the derive works for users who depend on neither zerocopy nor
//! cmsg-derive: zerocopy is named through `cmsg::__private`.

use crate::attr::{Attrs, Direction};
use crate::check::Shape;
use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, Member};

pub(crate) fn expand(input: &DeriveInput, attrs: &Attrs, shape: &Shape<'_>) -> TokenStream {
    let name = &input.ident;
    let krate = &attrs.krate;
    let private = quote!(#krate::__private);
    let zerocopy_path = format!(
        "{}::zerocopy",
        quote!(#private).to_string().replace(' ', "")
    );
    let repr = &shape.repr;

    // The twin's fields: the same types, `cfg`s kept, names kept so offsets
    // can be compared.
    let twin_fields = shape.fields.iter().map(|field| {
        let cfgs = field.attrs.iter().filter(|a| a.path().is_ident("cfg"));
        let ty = &field.ty;
        match &field.ident {
            Some(ident) => quote!(#(#cfgs)* pub #ident: #ty),
            None => quote!(#(#cfgs)* pub #ty),
        }
    });
    let twin_body = if shape.tuple {
        quote!((#(#twin_fields),*);)
    } else if shape.fields.is_empty() {
        quote!(;)
    } else {
        quote!({ #(#twin_fields),* })
    };
    let members: Vec<Member> = shape
        .fields
        .iter()
        .enumerate()
        .map(|(i, field)| match &field.ident {
            Some(ident) => Member::Named(ident.clone()),
            None => Member::Unnamed(i.into()),
        })
        .collect();

    let (sizes, layout_checks) = match shape.tail {
        None => (
            quote! {
                const BASE_SIZE: usize = #private::core::mem::size_of::<Self>();
                const ELEMENT_SIZE: usize = 0;
                const ALIGN: usize = #private::core::mem::align_of::<Self>();
            },
            quote! {
                const _: () = {
                    use #private::core::mem::{align_of, offset_of, size_of};
                    #private::core::assert!(size_of::<#name>() == size_of::<__CmsgRepr>());
                    #private::core::assert!(align_of::<#name>() == align_of::<__CmsgRepr>());
                    #(#private::core::assert!(offset_of!(#name, #members) == offset_of!(__CmsgRepr, #members));)*
                };
            },
        ),
        Some(element) => {
            // A sized head with a zero-length array where the slice is: its
            // tail offset is the slice's offset, its alignment the struct's.
            // (`check` refuses `repr(transparent)` here, so `repr` is C.)
            let head_fields = shape
                .fields
                .iter()
                .take(shape.fields.len().saturating_sub(1))
                .map(|f| {
                    let ty = &f.ty;
                    quote!(#ty)
                });
            let tail = syn::Index::from(shape.fields.len().saturating_sub(1));
            (
                quote! {
                    const BASE_SIZE: usize = #private::core::mem::offset_of!(__CmsgHead, #tail);
                    const ELEMENT_SIZE: usize = #private::core::mem::size_of::<#element>();
                    const ALIGN: usize = #private::core::mem::align_of::<__CmsgHead>();
                },
                quote! {
                    #(#repr)*
                    struct __CmsgHead(#(#head_fields,)* [#element; 0]);
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
    let twin = format_ident!("__CmsgRepr");

    quote! {
        const _: () = {
            #[derive(
                #private::zerocopy::FromBytes,
                #private::zerocopy::IntoBytes,
                #private::zerocopy::KnownLayout,
                #private::zerocopy::Immutable
            )]
            #[zerocopy(crate = #zerocopy_path)]
            #(#repr)*
            #[doc(hidden)]
            #[allow(dead_code, non_camel_case_types, private_interfaces, missing_docs)]
            pub struct #twin #twin_body

            #layout_checks

            // The twin's field types are the user's field types, whatever
            // their spelling means in either scope: each pair is unified
            // through `PhantomData`, which no coercion can bridge, so a field
            // whose type differs in the twin (through `Self`, a macro or a
            // shadowed name) is a type error here rather than a wrong proof.
            #[allow(dead_code, clippy::all)]
            fn __cmsg_same_field_types(user: &#name, twin: &#twin) {
                #(
                    let user_field = #private::field_type(#private::core::ptr::addr_of!(user.#members));
                    let twin_field = #private::field_type(#private::core::ptr::addr_of!(twin.#members));
                    #private::same_type(user_field, twin_field);
                )*
            }

            #[automatically_derived]
            // SAFETY (of the impl): `__CmsgRepr` is `#name`'s twin (see
            // cmsg-derive's expand.rs): identical repr and field types, hence
            // identical layout and bit validity.
            unsafe impl #krate::ControlMessage for #name {
                const LEVEL: #private::libc::c_int = #level;
                const TYPE: #private::libc::c_int = #ty;
                const ENABLE: #private::core::option::Option<#krate::SocketOption> = #enable;
                #sizes
                const DIRECTION: #krate::Direction = #direction;
                type Repr = #twin;

                #[inline(always)]
                fn from_repr(repr: &#twin) -> &Self {
                    // SAFETY: the twin has `Self`'s layout (for a slice tail,
                    // the same element type, so the element count carried by
                    // the pointer means the same) and validity; the cast keeps
                    // the address, metadata and lifetime.
                    unsafe { &*(repr as *const #twin as *const Self) }
                }

                #[inline(always)]
                fn from_repr_mut(repr: &mut #twin) -> &mut Self {
                    // SAFETY: as in `from_repr`; both types accept every bit
                    // pattern, so writes through either stay valid for both.
                    unsafe { &mut *(repr as *mut #twin as *mut Self) }
                }

                #[inline(always)]
                fn as_repr(&self) -> &#twin {
                    // SAFETY: as in `from_repr`, in the other direction.
                    unsafe { &*(self as *const Self as *const #twin) }
                }
            }

            #enable_impl
            #sendable
            #receivable
        };
    }
}
