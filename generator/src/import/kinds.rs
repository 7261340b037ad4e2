//! The types a page writes (`objarray`, `Array.<string>`, `FormData`, `-`, …), sorted into
//! what the spec can say of them.

/// A page type, as far as the spec is concerned.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Str,
    Int,
    U64,
    Num,
    Bool,
    Object,
    ObjArray,
    ScalarArray(Box<Kind>),
    /// An array of nothing said.
    Array,
    File,
    Json,
    Unknown,
}

impl Kind {
    pub fn scalar(&self) -> Option<&'static str> {
        match self {
            Kind::Str => Some("string"),
            Kind::Int | Kind::U64 => Some("integer"),
            Kind::Num => Some("number"),
            Kind::Bool => Some("boolean"),
            _ => None,
        }
    }
}

/// How the page writes a type → its kind.
pub fn classify(written: &str) -> Kind {
    let t: String = written
        .split(['(', '（'])
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    match t.as_str() {
        "string" | "str" | "char" | "text" => Kind::Str,
        "number" | "int" | "integer" | "int8" | "int16" | "int32" | "int64" | "uint" | "uint8"
        | "uint16" | "uint32" | "long" | "short" => Kind::Int,
        "uint64" | "u64" => Kind::U64,
        "double" | "float" | "float32" | "float64" | "decimal" => Kind::Num,
        "boolean" | "bool" => Kind::Bool,
        "object" | "obj" | "struct" => Kind::Object,
        "objarray" | "objectarray" => Kind::ObjArray,
        "numarray" | "numberarray" => Kind::ScalarArray(Box::new(Kind::Int)),
        "strarray" | "stringarray" => Kind::ScalarArray(Box::new(Kind::Str)),
        "array" | "list" => Kind::Array,
        "buffer" | "formdata" | "file" | "media" | "blob" | "binary" | "arraybuffer" => Kind::File,
        "json" => Kind::Json,
        _ => match array_item(&t) {
            Some(item) => match classify(item) {
                Kind::Object => Kind::ObjArray,
                k if k.scalar().is_some() => Kind::ScalarArray(Box::new(k)),
                _ => Kind::Array,
            },
            None => Kind::Unknown,
        },
    }
}

/// `x` of `x[]`, `array<x>`, `array.<x>`, `array[x]`, `list<x>`, `[]x`.
fn array_item(t: &str) -> Option<&str> {
    if let Some(x) = t.strip_suffix("[]") {
        return Some(x);
    }
    if let Some(x) = t.strip_prefix("[]") {
        return Some(x);
    }
    for (open, close) in [
        ("array.<", ">"),
        ("array<", ">"),
        ("array[", "]"),
        ("list<", ">"),
    ] {
        if let Some(x) = t.strip_prefix(open).and_then(|x| x.strip_suffix(close)) {
            return Some(x);
        }
    }
    None
}

/// Whether the page's type is a file (`FormData`, `buffer`, `media`, …): a body with one is
/// an upload.
pub fn is_file(written: &str) -> bool {
    classify(written) == Kind::File
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pages_spellings_sort_into_kinds() {
        let int = || Kind::ScalarArray(Box::new(Kind::Int));
        let cases = [
            ("string", Kind::Str),
            ("String(128)", Kind::Str),
            ("number", Kind::Int),
            ("uint32", Kind::Int),
            ("uint64", Kind::U64),
            ("Double", Kind::Num),
            ("bool", Kind::Bool),
            ("Object", Kind::Object),
            ("objarray", Kind::ObjArray),
            ("object[]", Kind::ObjArray),
            ("Array.<Object>", Kind::ObjArray),
            ("array<object>", Kind::ObjArray),
            ("Array.<string>", Kind::ScalarArray(Box::new(Kind::Str))),
            ("string[]", Kind::ScalarArray(Box::new(Kind::Str))),
            ("numarray", int()),
            ("Array<Number>", int()),
            ("array", Kind::Array),
            ("Array<mixed>", Kind::Array),
            ("FormData", Kind::File),
            ("buffer", Kind::File),
            ("json", Kind::Json),
            ("-", Kind::Unknown),
            ("", Kind::Unknown),
            ("mixed", Kind::Unknown),
        ];
        for (written, kind) in cases {
            assert_eq!(classify(written), kind, "{written}");
        }
    }
}
