//! Enums: their values, each a string or an integer with a PascalCase variant name.

use std::collections::HashMap;

use super::{notes, Resolver, Scope};
use crate::diag::Code;
use crate::load::raw::RawEnumValue;
use crate::load::spans::{Path, Seg};
use crate::model::{EnumDef, EnumRepr, EnumValue, Literal};
use crate::naming;
use crate::validate::context::join;

/// What the values of one enum read so far have settled: their kind, and the wire values
/// and variant names taken (with the index of the value that took each).
#[derive(Default)]
struct Taken {
    repr: Option<EnumRepr>,
    wires: HashMap<String, usize>,
    names: HashMap<String, usize>,
}

impl Resolver<'_> {
    pub(super) fn enum_def(
        &mut self,
        scope: &Scope,
        path: &Path,
        values: Option<&[RawEnumValue]>,
    ) -> Option<EnumDef> {
        let values_path = join(path, &["values"]);
        let values = match values {
            Some(v) if !v.is_empty() => v,
            _ => {
                self.dx.push(
                    scope
                        .cx
                        .key_error(
                            Code::EmptyEnum,
                            if values.is_some() { &values_path } else { path },
                            "this enum has no values",
                        )
                        .help("add `values: [ { value: ..., name: ..., doc: ... } ]`"),
                );
                return None;
            }
        };
        let mut taken = Taken::default();
        let mut out = Vec::new();
        for (i, value) in values.iter().enumerate() {
            let mut at = values_path.clone();
            at.push(Seg::Index(i));
            out.extend(self.enum_value(scope, &at, i, value, &mut taken));
        }
        Some(EnumDef {
            repr: taken.repr?,
            values: out,
        })
    }

    /// Value #`i` of an enum, at `at`; `None` (reported) when it can't be one.
    fn enum_value(
        &mut self,
        scope: &Scope,
        at: &Path,
        i: usize,
        value: &RawEnumValue,
        taken: &mut Taken,
    ) -> Option<EnumValue> {
        let value_at = join(at, &["value"]);
        let (wire, repr) = self.wire_value(scope, &value_at, &value.value)?;
        match taken.repr {
            None => taken.repr = Some(repr),
            Some(r) if r != repr => {
                self.dx.push(
                    scope
                        .cx
                        .error(
                            Code::MixedEnum,
                            &value_at,
                            "all values of one enum must be strings, or all integers",
                        )
                        .help("quote the value to make it a string, or change the others"),
                );
                return None;
            }
            Some(_) => {}
        }
        let wire_text = wire.to_string();
        if let Some(first) = taken.wires.get(&wire_text) {
            self.dx.push(
                scope
                    .cx
                    .error(
                        Code::DuplicateValue,
                        &value_at,
                        format!("the value `{wire_text}` is already listed"),
                    )
                    .help(format!(
                        "it is value #{} of this enum; remove one",
                        first + 1
                    )),
            );
            return None;
        }
        let name = self.variant_name(scope, at, value.name.as_ref(), &wire_text, repr)?;
        if let Some(first) = taken.names.get(&name) {
            self.dx.push(
                scope
                    .cx
                    .error(
                        Code::DuplicateName,
                        &join(at, &["name"]),
                        format!("the variant name `{name}` is already used"),
                    )
                    .help(format!(
                        "value #{} of this enum has it; pick another name",
                        first + 1
                    )),
            );
            return None;
        }
        taken.wires.insert(wire_text, i);
        taken.names.insert(name.clone(), i);
        Some(EnumValue {
            wire,
            name,
            doc: value.doc.clone(),
            notes: notes(value.since.as_ref(), value.deprecated.as_ref()),
        })
    }

    /// The `value:` of an enum value: a string or an integer.
    fn wire_value(
        &mut self,
        scope: &Scope,
        value_at: &Path,
        value: &serde_yaml::Value,
    ) -> Option<(Literal, EnumRepr)> {
        match value {
            serde_yaml::Value::String(s) => Some((Literal::Str(s.clone()), EnumRepr::String)),
            serde_yaml::Value::Number(n) if n.as_i64().is_some() => Some((
                Literal::Int(n.as_i64().unwrap_or_default()),
                EnumRepr::Integer,
            )),
            _ => {
                self.dx.push(
                    scope
                        .cx
                        .error(
                            Code::BadValue,
                            value_at,
                            "an enum value must be a string or an integer",
                        )
                        .help("write e.g. `value: risky` or `value: 100`"),
                );
                None
            }
        }
    }

    /// The variant name of an enum value: its `name:`, or one made from a string value.
    fn variant_name(
        &mut self,
        scope: &Scope,
        at: &Path,
        name: Option<&String>,
        wire_text: &str,
        repr: EnumRepr,
    ) -> Option<String> {
        match name {
            Some(name) if naming::is_type_name(name) && name != "Unknown" => Some(name.clone()),
            Some(name) => {
                let better = naming::type_name(name).filter(|n| n != "Unknown");
                self.dx.push(
                    scope
                        .cx
                        .error(Code::BadIdentifier, &join(at, &["name"]), format!("`{name}` can't be an enum variant name"))
                        .help(match better {
                            Some(b) => format!("write it in PascalCase: `{b}`"),
                            None => "use a PascalCase name other than `Unknown` (which keeps values the spec doesn't list)".to_owned(),
                        }),
                );
                None
            }
            None => match naming::variant_for_value(wire_text) {
                Some(name) if repr == EnumRepr::String && name != "Unknown" => Some(name),
                _ => {
                    self.dx.push(
                        scope
                            .cx
                            .key_error(Code::MissingKey, at, format!("the value `{wire_text}` needs a `name`"))
                            .help("integer values (and strings that make no Rust name) need `name: PascalCaseName`"),
                    );
                    None
                }
            },
        }
    }
}
