// error: unknown key `colour`; expected one of `level`, `ty`, `direction`, `enable`, `enable_level` or `crate`
// error: #[derive(ControlMessage)] does not support generics: a message's level, type and layout are fixed
// error: #[repr(packed)] and #[repr(align)] cannot be combined: a struct is either packed or over-aligned
// error: a control message's field type cannot name `Self`: the expansion names field types where `Self` means something else; name the type itself
// error: a control message's field type cannot use a macro: its expansion could mean a different type where the derive names it again; write the type out
// error: a slice field must be the last: only a trailing `[T]` can vary in length
