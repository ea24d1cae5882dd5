//! Writing a receive set's `ReceiveSet` impl, its `SPACE`, `buffer()` and
//! `enable()`.
//!
//! Nothing here is unsafe: every message is decoded by cmsg-core's checked
//! `Incoming` methods, so a wrong path in the user's crate can only make
//! this fail to compile, or size a buffer wrongly (which truncation
//! reports), never misread memory.

use super::ast::{Kind, Set, Variant};
use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Lifetime, Type};

pub(crate) fn expand(set: &Set<'_>) -> TokenStream {
    let name = set.ident;
    let krate = &set.krate;
    let buffer_lifetime = Lifetime::new("'__cmsg", Span::call_site());
    let lifetime = set.lifetime.unwrap_or(&buffer_lifetime);
    let ty = match set.lifetime {
        Some(lifetime) => quote!(#name<#lifetime>),
        None => quote!(#name),
    };
    let static_ty = match set.lifetime {
        Some(_) => quote!(#name<'static>),
        None => quote!(#name),
    };
    let space = space(set);
    let dispatch = dispatch(set);
    let checks = checks(set);
    let enable = enable(set);
    quote! {
        const _: () = {
            #[automatically_derived]
            impl<#lifetime> #krate::ReceiveSet<#lifetime> for #ty {
                const SPACE: usize = #space;

                fn dispatch(
                    message: #krate::Incoming<#lifetime>,
                ) -> #krate::__private::core::result::Result<
                    #krate::__private::core::option::Option<Self>,
                    #krate::DecodeError,
                > {
                    #dispatch
                }
            }

            #checks

            #[automatically_derived]
            impl<#lifetime> #ty {
                /// `CMSG_SPACE` of one of each variant's message: the control
                /// buffer that receives them all without truncation.
                pub const SPACE: usize = <#ty as #krate::ReceiveSet<#lifetime>>::SPACE;

                /// A control buffer of exactly [`SPACE`](Self::SPACE) bytes.
                pub fn buffer() -> #krate::ControlBuffer<{ <#static_ty as #krate::ReceiveSet<'static>>::SPACE }> {
                    #krate::ControlBuffer::new()
                }

                #enable
            }
        };
    }
}

/// The sum of `CMSG_SPACE` for each variant (its `max` elements).
fn space(set: &Set<'_>) -> TokenStream {
    let krate = &set.krate;
    let terms = set.variants.iter().map(|v| {
        let message = v.message;
        let max = v.max.as_ref().map_or_else(|| quote!(0), |max| quote!(#max));
        quote_spanned!(message.span()=> space += #krate::space_for::<#message>(#max);)
    });
    quote!({
        let mut space = 0usize;
        #(#terms)*
        space
    })
}

fn dispatch(set: &Set<'_>) -> TokenStream {
    let krate = &set.krate;
    let arms = set.variants.iter().map(dispatch_arm);
    let rest = match (set.other, set.unknown_is_error) {
        (Some(other), _) => quote!(Ok(Some(Self::#other(message.into_raw())))),
        (None, true) => quote!(Err(message.unexpected())),
        (None, false) => quote!(Ok(None)),
    };
    quote! {
        #[allow(unused_imports)]
        use #krate::__private::core::result::Result::{Err, Ok};
        #[allow(unused_imports)]
        use #krate::__private::core::option::Option::{None, Some};
        #(#arms)*
        #rest
    }
}

fn dispatch_arm(v: &Variant<'_>) -> TokenStream {
    let (ident, message) = (v.ident, v.message);
    let decode = match v.kind {
        Kind::Borrowed => quote_spanned!(message.span()=> message.decode::<#message>()),
        Kind::Value => quote_spanned!(message.span()=> message.read::<#message>()),
        Kind::Fds => quote_spanned!(message.span()=> message.fds::<#message>()),
    };
    quote! {
        if message.is::<#message>() {
            return #decode.map(|value| Some(Self::#ident(value)));
        }
    }
}

/// Compile-time checks, each at the variant it is about: no two variants
/// are the same `(level, type)` (the second could never be reached), an
/// `Fds` variant holds a message the kernel fills with descriptors, and
/// `max` is given exactly for messages ending in a slice.
fn checks(set: &Set<'_>) -> TokenStream {
    let krate = &set.krate;
    // A free constant asserting `holds`, spanned at the variant's message.
    let assert_at = |v: &Variant<'_>, holds: TokenStream, message: String| {
        quote_spanned! {v.message.span()=>
            const _: () = #krate::__private::core::assert!(#holds, #message);
        }
    };
    let consts = |m: &Type| quote!(<#m as #krate::ControlMessage>);
    let mut checks = Vec::new();
    for (i, later) in set.variants.iter().enumerate() {
        let m = consts(later.message);
        for earlier in set.variants.iter().take(i) {
            let e = consts(earlier.message);
            checks.push(assert_at(
                later,
                quote!(!(#e::LEVEL == #m::LEVEL && #e::TYPE == #m::TYPE)),
                format!(
                    "variants `{}` and `{}` hold the same message (level and type): the second would never be reached",
                    earlier.ident, later.ident
                ),
            ));
        }
        let ident = later.ident;
        if let Kind::Fds = later.kind {
            checks.push(assert_at(
                later,
                quote!(#krate::sys::carries_fds(#m::LEVEL, #m::TYPE)),
                format!(
                    "variant `{ident}` holds `Fds` of a message that carries no descriptors: use `{ident}(Type)` or `{ident}(&'a Type)`"
                ),
            ));
        }
        checks.push(match later.max {
            Some(_) => assert_at(
                later,
                quote!(#m::ELEMENT_SIZE != 0),
                format!(
                    "variant `{ident}` holds a message of fixed size: `max` applies only to a message ending in a slice"
                ),
            ),
            None => assert_at(
                later,
                quote!(#m::ELEMENT_SIZE == 0),
                format!(
                    "variant `{ident}` holds a message ending in a slice: say how many elements to make room for with #[cmsg(max = n)]"
                ),
            ),
        });
    }
    quote!(#(#checks)*)
}

/// `enable(&socket)`: every variant's option, each tried.
fn enable(set: &Set<'_>) -> TokenStream {
    let krate = &set.krate;
    let count = set.variants.len();
    let entries = set.variants.iter().map(|v| {
        let (message, name) = (v.message, v.ident.to_string());
        quote!((#name, <#message as #krate::ControlMessage>::ENABLE))
    });
    quote! {
        #krate::__private::with_std! {
            /// Sets every variant's socket option (its message's
            /// `ENABLE`) on `socket`, going on past refusals: the report
            /// says which ones the kernel refused, and why.
            pub fn enable(socket: impl #krate::__private::AsFd) -> #krate::Enabled<#count> {
                #krate::Enabled::set(#krate::__private::AsFd::as_fd(&socket), [#(#entries),*])
            }
        }
    }
}
