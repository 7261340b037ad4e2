//! Spec evolution: what changed between two checked models, and what each change means for
//! code built on the generated crate.
//!
//! The comparison is of models, not YAML text: a moved key or a reworded doc is no change, a
//! renamed `rust_name` is. Direction decides a field's rules: what the client sends
//! (requests, service data, and the named types reachable from them) breaks users when it
//! gains a required field, what it receives breaks them when it loses one.

mod draw;
mod report;
mod rules;
pub mod semver;

use std::collections::{BTreeMap, HashSet};

use crate::model::{EnumDef, ErrorTable, Field, Model, Origin, Ty, TypeDef, TypeKind};

pub use report::{report, summary, ReportFormat};
pub use rules::{Level, Rule};

/// One change between the old spec and the new.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: Rule,
    /// What changed, naming the endpoint, type or code and the field.
    pub message: String,
    /// Where it was declared in the old spec, if it was.
    pub old: Option<Origin>,
    /// Where it is declared in the new spec, if it is.
    pub new: Option<Origin>,
}

impl Finding {
    pub fn level(&self) -> Level {
        self.rule.level()
    }
}

/// Every change from `old` to `new`, endpoints first, then services, types and the common
/// error table; each group in the order of the new spec, then what the old one had alone.
pub fn diff(old: &Model, new: &Model) -> Vec<Finding> {
    let mut cx = Cx {
        out: Vec::new(),
        old_dirs: Directions::of(old),
        new_dirs: Directions::of(new),
    };
    endpoints(&mut cx, old, new);
    services(&mut cx, old, new);
    types(&mut cx, old, new);
    cx.errors(
        "the common error table",
        &old.common_errors,
        &new.common_errors,
        (
            old.common_errors.origin.as_ref(),
            new.common_errors.origin.as_ref(),
        ),
    );
    cx.out
}

/// Which named types are sent and which received, in one model.
struct Directions {
    sent: HashSet<String>,
    received: HashSet<String>,
}

impl Directions {
    fn of(model: &Model) -> Directions {
        let sent = model.reachable(
            model
                .endpoints
                .iter()
                .flat_map(|e| &e.request.fields)
                .chain(model.services.iter().flat_map(|s| &s.data.fields)),
        );
        let received = model.reachable(
            model
                .endpoints
                .iter()
                .flat_map(|e| &e.response.fields)
                .chain(model.services.iter().flat_map(|s| &s.result.fields)),
        );
        Directions { sent, received }
    }
}

/// The way a set of fields travels.
#[derive(Debug, Clone, Copy)]
struct Way {
    sent: bool,
    received: bool,
}

const SENT: Way = Way {
    sent: true,
    received: false,
};
const RECEIVED: Way = Way {
    sent: false,
    received: true,
};

struct Cx {
    out: Vec<Finding>,
    old_dirs: Directions,
    new_dirs: Directions,
}

type Origins<'a> = (Option<&'a Origin>, Option<&'a Origin>);

impl Cx {
    fn push(&mut self, rule: Rule, message: String, (old, new): Origins) {
        self.out.push(Finding {
            rule,
            message,
            old: old.cloned(),
            new: new.cloned(),
        });
    }

    /// The fields of one struct, request, response, data or result.
    fn fields(&mut self, what: &str, old: &[Field], new: &[Field], way: Way, at: Origins) {
        let old_by: BTreeMap<&str, &Field> = old.iter().map(|f| (f.wire.as_str(), f)).collect();
        for f in new {
            let place = format!("{what}: field `{}`", f.wire);
            let before = old_by.get(f.wire.as_str());
            // The field's own places where the model has them, else its parent's.
            let at = (
                before.and_then(|b| b.origin.as_ref()).or(at.0),
                f.origin.as_ref().or(at.1),
            );
            let Some(before) = before else {
                // A constant is filled in by the client: adding one changes no signature.
                if f.constant.is_some() {
                    continue;
                }
                if way.sent {
                    let rule = if f.required {
                        Rule::RequestFieldAddedRequired
                    } else {
                        Rule::RequestFieldAddedOptional
                    };
                    self.push(rule, format!("{place} was added"), at);
                }
                if way.received {
                    self.push(Rule::ResponseFieldAdded, format!("{place} was added"), at);
                }
                continue;
            };
            if before.ty != f.ty {
                let message = format!(
                    "{place}: its type changed from {} to {}",
                    ty_text(&before.ty),
                    ty_text(&f.ty)
                );
                self.push(Rule::FieldTypeChanged, message, at);
            }
            if before.sensitive != f.sensitive {
                let became = if f.sensitive {
                    "became"
                } else {
                    "is no longer"
                };
                let message = format!("{place} {became} sensitive");
                self.push(Rule::FieldSensitivityChanged, message, at);
            }
            if before.rust != f.rust {
                let message = format!(
                    "{place}: its Rust name changed from `{}` to `{}`",
                    before.rust.name, f.rust.name
                );
                self.push(Rule::FieldRenamed, message, at);
            }
            if before.required != f.required && f.constant.is_none() {
                let became = if f.required { "required" } else { "optional" };
                let message = format!("{place} became {became}");
                if way.sent {
                    let rule = if f.required {
                        Rule::RequestFieldBecameRequired
                    } else {
                        Rule::RequestFieldBecameOptional
                    };
                    self.push(rule, message.clone(), at);
                }
                if way.received {
                    let rule = if f.required {
                        Rule::ResponseFieldBecameRequired
                    } else {
                        Rule::ResponseFieldBecameOptional
                    };
                    self.push(rule, message, at);
                }
            }
        }
        let now: HashSet<&str> = new.iter().map(|f| f.wire.as_str()).collect();
        for f in old.iter().filter(|f| !now.contains(f.wire.as_str())) {
            let message = format!("{what}: field `{}` was removed", f.wire);
            let at = (f.origin.as_ref().or(at.0), at.1);
            if way.sent && f.constant.is_none() {
                self.push(Rule::RequestFieldRemoved, message.clone(), at);
            }
            if way.received {
                self.push(Rule::ResponseFieldRemoved, message, at);
            }
        }
    }

    /// An error table: the codes by number.
    fn errors(&mut self, what: &str, old: &ErrorTable, new: &ErrorTable, at: Origins) {
        let old_by: BTreeMap<i64, _> = old.codes.iter().map(|c| (c.code, c)).collect();
        for c in &new.codes {
            let before = old_by.get(&c.code);
            let at = (before.map(|b| &b.origin).or(at.0), Some(&c.origin));
            let Some(before) = before else {
                let message = format!("{what}: code {} ({}) was added", c.code, c.name);
                self.push(Rule::ErrorCodeAdded, message, at);
                continue;
            };
            if before.name != c.name {
                let message = format!(
                    "{what}: code {}'s variant was renamed from `{}` to `{}`",
                    c.code, before.name, c.name
                );
                self.push(Rule::ErrorVariantRenamed, message, at);
            }
            if before.retry != c.retry || before.refresh_token != c.refresh_token {
                let message = format!("{what}: code {}'s retry behaviour changed", c.code);
                self.push(Rule::ErrorRetryChanged, message, at);
            }
        }
        let now: HashSet<i64> = new.codes.iter().map(|c| c.code).collect();
        for c in old.codes.iter().filter(|c| !now.contains(&c.code)) {
            let message = format!("{what}: code {} ({}) was removed", c.code, c.name);
            let at = (Some(&c.origin), at.1);
            self.push(Rule::ErrorCodeRemoved, message, at);
        }
    }
}

fn endpoints(cx: &mut Cx, old: &Model, new: &Model) {
    let old_by: BTreeMap<&str, _> = old.endpoints.iter().map(|e| (e.id.as_str(), e)).collect();
    for e in &new.endpoints {
        let Some(before) = old_by.get(e.id.as_str()) else {
            let message = format!("endpoint `{}` was added", e.id);
            cx.push(Rule::EndpointAdded, message, (None, Some(&e.origin)));
            continue;
        };
        let at = (Some(&before.origin), Some(&e.origin));
        let what = format!("endpoint `{}`", e.id);
        if (before.method, &before.path, before.api_version) != (e.method, &e.path, e.api_version) {
            let message = format!(
                "{what}: its route changed from {:?} {} to {:?} {}",
                before.method, before.path, e.method, e.path
            );
            cx.push(Rule::EndpointRouteChanged, message, at);
        }
        if before.auth != e.auth || before.signature != e.signature {
            cx.push(
                Rule::EndpointAuthChanged,
                format!("{what}: its authentication changed"),
                at,
            );
        }
        if before.group != e.group {
            let message = format!(
                "{what}: it moved from group {} to {}",
                group_text(before.group.as_deref()),
                group_text(e.group.as_deref())
            );
            cx.push(Rule::EndpointGroupChanged, message, at);
        }
        // Between JSON and a file, the response's fields say nothing more.
        let response_kind_changed = before.response_body != e.response_body;
        if response_kind_changed {
            let message = format!("{what}: its success changed between JSON and a file");
            cx.push(Rule::EndpointResponseKindChanged, message, at);
        }
        let request = format!("{what}'s request");
        cx.fields(
            &request,
            &before.request.fields,
            &e.request.fields,
            SENT,
            at,
        );
        if !response_kind_changed {
            let response = format!("{what}'s response");
            cx.fields(
                &response,
                &before.response.fields,
                &e.response.fields,
                RECEIVED,
                at,
            );
        }
        cx.errors(&what, &before.errors, &e.errors, at);
    }
    let now: HashSet<&str> = new.endpoints.iter().map(|e| e.id.as_str()).collect();
    for e in old
        .endpoints
        .iter()
        .filter(|e| !now.contains(e.id.as_str()))
    {
        let message = format!("endpoint `{}` was removed", e.id);
        cx.push(Rule::EndpointRemoved, message, (Some(&e.origin), None));
    }
}

fn services(cx: &mut Cx, old: &Model, new: &Model) {
    let old_by: BTreeMap<&str, _> = old.services.iter().map(|s| (s.id.as_str(), s)).collect();
    for s in &new.services {
        let Some(before) = old_by.get(s.id.as_str()) else {
            let message = format!("service `{}` was added", s.id);
            cx.push(Rule::ServiceAdded, message, (None, Some(&s.origin)));
            continue;
        };
        let at = (Some(&before.origin), Some(&s.origin));
        let what = format!("service `{}`", s.id);
        cx.fields(
            &format!("{what}'s data"),
            &before.data.fields,
            &s.data.fields,
            SENT,
            at,
        );
        let result = format!("{what}'s result");
        cx.fields(
            &result,
            &before.result.fields,
            &s.result.fields,
            RECEIVED,
            at,
        );
        cx.errors(&what, &before.errors, &s.errors, at);
    }
    let now: HashSet<&str> = new.services.iter().map(|s| s.id.as_str()).collect();
    for s in old.services.iter().filter(|s| !now.contains(s.id.as_str())) {
        let message = format!("service `{}` was removed", s.id);
        cx.push(Rule::ServiceRemoved, message, (Some(&s.origin), None));
    }
}

fn types(cx: &mut Cx, old: &Model, new: &Model) {
    let old_by: BTreeMap<&str, &TypeDef> = old.types().map(|t| (t.name.as_str(), t)).collect();
    for t in new.types() {
        let Some(before) = old_by.get(t.name.as_str()) else {
            let message = format!("type `{}` was added", t.name);
            cx.push(Rule::TypeAdded, message, (None, Some(&t.origin)));
            continue;
        };
        let at = (Some(&before.origin), Some(&t.origin));
        let what = format!("type `{}`", t.name);
        // A type's fields follow how it travels in either spec.
        let way = Way {
            sent: cx.old_dirs.sent.contains(&t.name) || cx.new_dirs.sent.contains(&t.name),
            received: cx.old_dirs.received.contains(&t.name)
                || cx.new_dirs.received.contains(&t.name),
        };
        match (&before.kind, &t.kind) {
            (TypeKind::Struct { fields: a }, TypeKind::Struct { fields: b }) => {
                cx.fields(&what, a, b, way, at);
            }
            (TypeKind::OneOf { variants: a }, TypeKind::OneOf { variants: b }) => {
                cx.fields(&what, a, b, SENT, at);
            }
            (TypeKind::Enum(a), TypeKind::Enum(b)) => enum_values(cx, &what, a, b, at),
            _ => {
                let message = format!("{what} changed kind (struct, enum or choice)");
                cx.push(Rule::TypeKindChanged, message, at);
            }
        }
    }
    let now: HashSet<&str> = new.types().map(|t| t.name.as_str()).collect();
    for t in old.types().filter(|t| !now.contains(t.name.as_str())) {
        let message = format!("type `{}` was removed", t.name);
        cx.push(Rule::TypeRemoved, message, (Some(&t.origin), None));
    }
}

fn enum_values(cx: &mut Cx, what: &str, old: &EnumDef, new: &EnumDef, at: Origins) {
    let old_by: BTreeMap<String, &str> = old
        .values
        .iter()
        .map(|v| (v.wire.to_string(), v.name.as_str()))
        .collect();
    for v in &new.values {
        let wire = v.wire.to_string();
        match old_by.get(&wire) {
            None => {
                let message = format!("{what}: value `{wire}` ({}) was added", v.name);
                cx.push(Rule::EnumValueAdded, message, at);
            }
            Some(name) if *name != v.name => {
                let message = format!(
                    "{what}: value `{wire}`'s variant was renamed from `{name}` to `{}`",
                    v.name
                );
                cx.push(Rule::EnumVariantRenamed, message, at);
            }
            Some(_) => {}
        }
    }
    let now: HashSet<String> = new.values.iter().map(|v| v.wire.to_string()).collect();
    for v in old
        .values
        .iter()
        .filter(|v| !now.contains(&v.wire.to_string()))
    {
        let message = format!("{what}: value `{}` ({}) was removed", v.wire, v.name);
        cx.push(Rule::EnumValueRemoved, message, at);
    }
}

fn group_text(group: Option<&str>) -> String {
    group.map_or_else(|| "none".to_owned(), |g| format!("`{g}`"))
}

/// A type as the spec writes it.
fn ty_text(ty: &Ty) -> String {
    match ty {
        Ty::String => "string".to_owned(),
        Ty::Integer(format) => format!("integer ({})", format.rust_name()),
        Ty::Number => "number".to_owned(),
        Ty::Boolean => "boolean".to_owned(),
        Ty::File => "file".to_owned(),
        Ty::Bytes => "bytes".to_owned(),
        Ty::Json => "json".to_owned(),
        Ty::Array(inner) => format!("array of {}", ty_text(inner)),
        Ty::JsonString(inner) => format!("json_string of {}", ty_text(inner)),
        Ty::Map(inner) => format!("map of {}", ty_text(inner)),
        Ty::Named(r) => format!("`{}`", r.name),
    }
}

#[cfg(test)]
mod tests;
