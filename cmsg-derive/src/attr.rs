//! Reading the attributes: `#[cmsg(...)]` and `#[repr(...)]`.

use crate::ctxt::Ctxt;
use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Attribute, DeriveInput, Expr, Ident, LitStr, Path};

/// Which direction traits to implement.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    Send,
    Receive,
    Both,
}

/// `#[cmsg(...)]`, with every required key present.
pub(crate) struct Container {
    pub(crate) level: Expr,
    pub(crate) ty: Expr,
    pub(crate) direction: Direction,
    pub(crate) enable: Option<Expr>,
    pub(crate) enable_level: Option<Expr>,
    /// Where `cmsg` is (`::cmsg` unless overridden).
    pub(crate) krate: Path,
}

const KEYS: &str = "`level`, `ty`, `direction`, `enable`, `enable_level` or `crate`";

/// One key's value, reported if given twice.
struct Slot<T> {
    value: Option<T>,
}

impl<T> Slot<T> {
    fn new() -> Self {
        Slot { value: None }
    }

    fn set(&mut self, cx: &Ctxt, key: &Ident, value: T) {
        if self.value.is_some() {
            cx.error_at(key.span(), format!("duplicate key `{key}` in #[cmsg(...)]"));
        } else {
            self.value = Some(value);
        }
    }
}

impl Container {
    /// Reads every `#[cmsg(...)]` on the item (several may appear, e.g.
    /// through `cfg_attr`). A bad key or value is reported and skipped, so
    /// the keys after it are still read and no "missing key" error follows
    /// from it. `None` if anything was wrong.
    pub(crate) fn from_ast(cx: &Ctxt, input: &DeriveInput) -> Option<Self> {
        let (mut level, mut ty, mut direction) = (Slot::new(), Slot::new(), Slot::new());
        let (mut enable, mut enable_level, mut krate) = (Slot::new(), Slot::new(), Slot::new());
        let mut seen = false;
        let mut malformed = false;
        for attr in input.attrs.iter().filter(|a| is(a, "cmsg")) {
            seen = true;
            let result = attr.parse_nested_meta(|meta| {
                let Some(key) = meta.path.get_ident().cloned() else {
                    return Err(meta.error(format!("expected one of {KEYS}")));
                };
                match key.to_string().as_str() {
                    "level" => level.set(cx, &key, meta.value()?.parse()?),
                    "ty" => ty.set(cx, &key, meta.value()?.parse()?),
                    "enable" => enable.set(cx, &key, meta.value()?.parse()?),
                    "enable_level" => enable_level.set(cx, &key, meta.value()?.parse()?),
                    "direction" => {
                        let value: Ident = meta.value()?.parse()?;
                        match value.to_string().as_str() {
                            "send" => direction.set(cx, &key, Direction::Send),
                            "recv" => direction.set(cx, &key, Direction::Receive),
                            "both" => direction.set(cx, &key, Direction::Both),
                            other => {
                                malformed = true;
                                cx.error_at(
                                    value.span(),
                                    format!("unknown direction `{other}`; expected `send`, `recv` or `both`"),
                                );
                            }
                        }
                    }
                    "crate" => {
                        let path: LitStr = meta.value()?.parse()?;
                        krate.set(cx, &key, absolute(path.parse()?));
                    }
                    other => {
                        malformed = true;
                        cx.error_at(
                            key.span(),
                            format!("unknown key `{other}`; expected one of {KEYS}"),
                        );
                        skip_value(&meta)?;
                    }
                }
                Ok(())
            });
            if let Err(e) = result {
                malformed = true;
                cx.syn_error(e);
            }
        }

        let span = input.ident.span();
        if !seen {
            cx.error_at(
                span,
                "#[derive(ControlMessage)] needs #[cmsg(level = ..., ty = ...)] naming the message's level and type",
            );
            return None;
        }
        if malformed {
            return None;
        }
        if level.value.is_none() {
            cx.error_at(span, "missing `level = ...` in #[cmsg(...)]");
        }
        if ty.value.is_none() {
            cx.error_at(span, "missing `ty = ...` in #[cmsg(...)]");
        }
        Some(Container {
            level: level.value?,
            ty: ty.value?,
            direction: direction.value.unwrap_or(Direction::Both),
            enable: enable.value,
            enable_level: enable_level.value,
            krate: krate.value.unwrap_or_else(|| syn::parse_quote!(::cmsg)),
        })
    }
}

/// Skips an unknown key's value, if it has one, so that the keys after it
/// are still read.
pub(crate) fn skip_value(meta: &syn::meta::ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(syn::Token![=]) {
        meta.value()?.parse::<Expr>()?;
    }
    Ok(())
}

/// Resolves `crate = "..."` as zerocopy and serde resolve theirs: a path not
/// starting with `::`, `crate`, `self` or `super` names an extern crate.
pub(crate) fn absolute(mut path: Path) -> Path {
    let relative = path
        .segments
        .first()
        .is_some_and(|first| ["crate", "self", "super"].iter().any(|k| first.ident == k));
    if path.leading_colon.is_none() && !relative {
        path.leading_colon = Some(Default::default());
    }
    path
}

/// `#[repr(...)]`: the attributes themselves, copied to a slice-tailed
/// struct's head, and each hint found with its span.
#[derive(Default)]
pub(crate) struct Repr<'a> {
    pub(crate) attrs: Vec<&'a Attribute>,
    pub(crate) c: Option<Span>,
    pub(crate) transparent: Option<Span>,
    pub(crate) packed: Option<Span>,
    pub(crate) align: Option<Span>,
}

impl<'a> Repr<'a> {
    /// Reads every `#[repr(...)]`, reporting hints that give no fixed C
    /// layout.
    pub(crate) fn from_ast(cx: &Ctxt, attrs: &'a [Attribute]) -> Self {
        let mut repr = Repr {
            attrs: attrs.iter().filter(|a| is(a, "repr")).collect(),
            ..Repr::default()
        };
        for attr in repr.attrs.clone() {
            let result = attr.parse_nested_meta(|meta| {
                let span = meta.path.span();
                let name = meta.path.get_ident().map(|i| i.unraw().to_string());
                // `packed(N)` and `align(N)`: rustc checks N; we only skip it.
                if meta.input.peek(syn::token::Paren) {
                    meta.input.parse::<proc_macro2::Group>()?;
                }
                let slot = match name.as_deref() {
                    Some("C") => &mut repr.c,
                    Some("transparent") => &mut repr.transparent,
                    Some("packed") => &mut repr.packed,
                    Some("align") => &mut repr.align,
                    _ => {
                        cx.error_at(
                            span,
                            "a control message's #[repr] may only use `C`, `transparent`, `packed`, `packed(N)` and `align(N)`",
                        );
                        return Ok(());
                    }
                };
                slot.get_or_insert(span);
                Ok(())
            });
            if let Err(e) = result {
                cx.syn_error(e);
            }
        }
        repr
    }
}

/// Whether `attr` is `#[name ...]`, also when spelled `#[r#name ...]` (which
/// rustc applies all the same).
pub(crate) fn is(attr: &Attribute, name: &str) -> bool {
    attr.path().get_ident().is_some_and(|i| i.unraw() == name)
}
