//! Parsing `#[cmsg(level = ..., ty = ..., ...)]`.

use proc_macro2::Span;
use syn::{DeriveInput, Expr, Ident, LitStr, Path};

/// Which direction traits to implement.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    Send,
    Receive,
    Both,
}

/// The container attributes, all present and valid.
pub(crate) struct Attrs {
    pub(crate) level: Expr,
    pub(crate) ty: Expr,
    pub(crate) direction: Direction,
    pub(crate) enable: Option<Expr>,
    pub(crate) enable_level: Option<Expr>,
    /// Where `cmsg` is (`::cmsg` unless overridden).
    pub(crate) krate: Path,
}

const KEYS: &str = "`level`, `ty`, `direction`, `enable`, `enable_level` or `crate`";

/// Stores `value` in `slot`, or reports a duplicate at `span`.
fn set<T>(slot: &mut Option<T>, value: T, key: &Ident, errors: &mut Vec<syn::Error>) {
    if slot.is_some() {
        errors.push(syn::Error::new(
            key.span(),
            format!("duplicate key `{key}` in #[cmsg(...)]"),
        ));
    } else {
        *slot = Some(value);
    }
}

/// Reads every `#[cmsg(...)]` on the item (several may appear, e.g. through
/// `cfg_attr`), collecting all errors. A bad key or value is reported and
/// skipped, so the keys after it are still read and no "missing key" error
/// follows from it.
pub(crate) fn parse(input: &DeriveInput) -> syn::Result<Attrs> {
    let mut errors = Vec::new();
    let (mut level, mut ty, mut direction, mut enable, mut enable_level, mut krate) =
        (None, None, None, None, None, None);
    let mut seen = false;
    let mut malformed = false;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("cmsg")) {
        seen = true;
        let result = attr.parse_nested_meta(|meta| {
            let Some(key) = meta.path.get_ident().cloned() else {
                return Err(meta.error(format!("expected one of {KEYS}")));
            };
            match key.to_string().as_str() {
                "level" => set(&mut level, meta.value()?.parse()?, &key, &mut errors),
                "ty" => set(&mut ty, meta.value()?.parse()?, &key, &mut errors),
                "enable" => set(&mut enable, meta.value()?.parse()?, &key, &mut errors),
                "enable_level" => set(&mut enable_level, meta.value()?.parse()?, &key, &mut errors),
                "direction" => {
                    let value: Ident = meta.value()?.parse()?;
                    match value.to_string().as_str() {
                        "send" => set(&mut direction, Direction::Send, &key, &mut errors),
                        "recv" => set(&mut direction, Direction::Receive, &key, &mut errors),
                        "both" => set(&mut direction, Direction::Both, &key, &mut errors),
                        other => {
                            malformed = true;
                            errors.push(syn::Error::new(
                                value.span(),
                                format!("unknown direction `{other}`; expected `send`, `recv` or `both`"),
                            ));
                        }
                    }
                }
                "crate" => {
                    let path: LitStr = meta.value()?.parse()?;
                    set(&mut krate, absolute(path.parse()?), &key, &mut errors);
                }
                other => {
                    malformed = true;
                    errors.push(syn::Error::new(
                        key.span(),
                        format!("unknown key `{other}`; expected one of {KEYS}"),
                    ));
                    // Skip its value, if any, and go on with the next key.
                    if meta.input.peek(syn::Token![=]) {
                        meta.value()?.parse::<Expr>()?;
                    }
                }
            }
            Ok(())
        });
        if let Err(e) = result {
            malformed = true;
            errors.push(e);
        }
    }

    let span = input.ident.span();
    if !seen {
        errors.push(syn::Error::new(
            span,
            "#[derive(ControlMessage)] needs #[cmsg(level = ..., ty = ...)] naming the message's level and type",
        ));
    } else if !malformed {
        if level.is_none() {
            errors.push(missing("level", span));
        }
        if ty.is_none() {
            errors.push(missing("ty", span));
        }
    }
    if let (Some(e), None) = (&enable_level, &enable) {
        errors.push(syn::Error::new_spanned(
            e,
            "`enable_level` needs `enable = ...` beside it",
        ));
    }
    let mut errors = errors.into_iter();
    if let Some(mut first) = errors.next() {
        errors.for_each(|e| first.combine(e));
        return Err(first);
    }
    match (level, ty) {
        (Some(level), Some(ty)) => Ok(Attrs {
            level,
            ty,
            direction: direction.unwrap_or(Direction::Both),
            enable,
            enable_level,
            krate: krate.unwrap_or_else(|| syn::parse_quote!(::cmsg)),
        }),
        // Both missing cases pushed an error above.
        _ => Err(missing("level", span)),
    }
}

/// Resolves `crate = "..."` as zerocopy resolves its own `crate` path (which
/// the derive hands on to it): a path not starting with `::`, `crate`,
/// `self` or `super` names an extern crate.
fn absolute(mut path: Path) -> Path {
    let relative = path
        .segments
        .first()
        .is_some_and(|first| ["crate", "self", "super"].iter().any(|k| first.ident == k));
    if path.leading_colon.is_none() && !relative {
        path.leading_colon = Some(Default::default());
    }
    path
}

fn missing(key: &str, span: Span) -> syn::Error {
    syn::Error::new(span, format!("missing `{key} = ...` in #[cmsg(...)]"))
}
