//! Small token helpers shared by the Rust emitters: identifiers, docs, type expressions.

use std::cell::RefCell;
use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::{format_ident, quote};

use crate::model::{Literal, Notes, RustIdent, Ty, TypeHome};

/// An identifier from a name the model already checked.
pub fn ident(name: &str) -> Ident {
    format_ident!("{}", name)
}

/// A field or method identifier, raw when the model says so (`r#type`).
pub fn rust_ident(id: &RustIdent) -> Ident {
    if id.raw {
        Ident::new_raw(&id.name, Span::call_site())
    } else {
        Ident::new(&id.name, Span::call_site())
    }
}

/// `#[doc = " line"]` attributes, one per line, so prettyplease prints `/// line`.
pub fn doc(text: &str) -> TokenStream {
    let lines = text.trim_end().lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {}", autolink(line.trim_end()))
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// A doc line with each bare `http(s)://` URL made an autolink (`<https://…>`): rustdoc
/// warns of bare URLs, and spec docs quote official pages. URLs already in `<…>`, in a
/// markdown link's `(…)`, or in code are left as they are.
pub fn autolink(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    let mut in_code = false;
    while let Some(at) = rest.find(['`', 'h']) {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        if let Some(after) = from.strip_prefix('`') {
            in_code = !in_code;
            out.push('`');
            rest = after;
            continue;
        }
        let is_url = from.starts_with("https://") || from.starts_with("http://");
        let quoted = out.ends_with(['<', '(', '[', '"', '\'']);
        if !is_url || in_code || quoted {
            out.push('h');
            rest = &from[1..];
            continue;
        }
        // The URL runs to whitespace, a closing bracket or quote, or full-width punctuation;
        // a trailing `.` or `,` ends the sentence, not the URL.
        let end = from
            .find(|c: char| c.is_whitespace() || ")]>\"'，。；：！？）】、".contains(c))
            .unwrap_or(from.len());
        let url = from[..end].trim_end_matches(['.', ',', ';', ':']);
        out.push('<');
        out.push_str(url);
        out.push('>');
        rest = &from[url.len()..];
    }
    out.push_str(rest);
    out
}

/// Joins doc paragraphs that are present, separated by blank lines.
pub fn paragraphs<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> String {
    parts
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The `since`/`deprecated` notes as doc text.
pub fn notes_text(notes: &Notes) -> Option<String> {
    let mut out = Vec::new();
    if let Some(since) = &notes.since {
        out.push(format!("Since: {since}."));
    }
    if let Some(deprecated) = &notes.deprecated {
        out.push(format!("**Deprecated:** {deprecated}"));
    }
    (!out.is_empty()).then(|| out.join("\n\n"))
}

/// How a module reaches the crate root of the generated code: `super::super` from
/// `endpoints::msg_sec_check`. Relative, so that the code works wherever it is `include!`d.
#[derive(Debug, Clone, Copy)]
pub struct Depth(pub usize);

impl Depth {
    pub fn root(self) -> TokenStream {
        if self.0 == 0 {
            return quote!(self);
        }
        let supers = (0..self.0).map(|_| quote!(super));
        quote!(#(#supers)::*)
    }
}

/// The names a module's code uses: its own types directly, and the crate root's (`Client`,
/// `CommonError`, shared types, other modules' types, all re-exported there) through one
/// `use super::super::{...};` that lists exactly those it named.
pub struct Scope<'a> {
    depth: Depth,
    here: &'a TypeHome,
    imports: RefCell<BTreeSet<String>>,
}

/// A home no type has: from it every type is named bare.
static NOWHERE: TypeHome = TypeHome::Shared(String::new());

impl<'a> Scope<'a> {
    pub fn new(depth: Depth, here: &'a TypeHome) -> Self {
        Scope {
            depth,
            here,
            imports: RefCell::default(),
        }
    }

    /// The scope of the generated test modules, which see every type of the crate through
    /// `use super::*`: each type is named bare.
    pub fn test_module() -> Scope<'static> {
        Scope::new(Depth(0), &NOWHERE)
    }

    /// A name of the crate root, imported by [`Scope::uses`].
    pub fn root(&self, name: &str) -> Ident {
        self.imports.borrow_mut().insert(name.to_owned());
        ident(name)
    }

    /// The `use` line for the root names the module named, if any.
    pub fn uses(&self) -> TokenStream {
        let imports = self.imports.borrow();
        let root = self.depth.root();
        let names: Vec<Ident> = imports.iter().map(|n| ident(n)).collect();
        match names.as_slice() {
            [] => TokenStream::new(),
            [one] => quote!(use #root::#one;),
            many => quote!(use #root::{#(#many),*};),
        }
    }

    /// The Rust type for a resolved spec type: types of this module's own home by name,
    /// other named types imported from the root.
    pub fn ty(&self, t: &Ty) -> TokenStream {
        match t {
            Ty::String => quote!(String),
            Ty::Integer(format) => {
                let name = ident(format.rust_name());
                quote!(#name)
            }
            Ty::Number => quote!(f64),
            Ty::Boolean => quote!(bool),
            Ty::File => quote!(codegen::File),
            Ty::Bytes => quote!(Vec<u8>),
            Ty::Json => quote!(codegen::serde_json::Value),
            Ty::Array(items) => {
                let items = self.ty(items);
                quote!(Vec<#items>)
            }
            Ty::JsonString(inner) => {
                let inner = self.ty(inner);
                quote!(codegen::JsonString<#inner>)
            }
            Ty::Map(values) => {
                let values = self.ty(values);
                quote!(::std::collections::BTreeMap<String, #values>)
            }
            Ty::Named(r) if &r.home == self.here => {
                let name = ident(&r.name);
                quote!(#name)
            }
            Ty::Named(r) => {
                let name = self.root(&r.name);
                quote!(#name)
            }
        }
    }
}

/// A literal as a Rust expression of type `t` (used for `const` fields).
pub fn literal(value: &Literal, t: &Ty) -> TokenStream {
    match (value, t) {
        (Literal::Str(s), Ty::String) => quote!(#s.to_owned()),
        (Literal::Str(s), _) => quote!(#s.to_owned().into()),
        (Literal::Int(i), Ty::Number) => {
            let f = *i as f64;
            quote!(#f)
        }
        (Literal::Int(i), _) => int(*i),
        (Literal::Float(x), _) => quote!(#x),
        (Literal::Bool(b), _) => quote!(#b),
    }
}

/// An integer literal; negative numbers as a minus sign and a literal, as Rust parses them.
/// The sign is joint to the number, so that inside a macro call, which prettyplease prints
/// token by token, it reads `-1` and not `- 1`.
pub fn int(value: i64) -> TokenStream {
    let lit = proc_macro2::Literal::u64_unsuffixed(value.unsigned_abs());
    if value < 0 {
        let minus = proc_macro2::Punct::new('-', proc_macro2::Spacing::Joint);
        quote!(#minus #lit)
    } else {
        quote!(#lit)
    }
}

/// A module's items with the `use` lines they need in front: the runtime facade and serde's
/// derive macros, each only when the items name it bare (an unused import would be a warning
/// in the output; a name after `::` is a full path and needs no import), and the root names
/// `scope` handed out.
pub fn with_uses(items: TokenStream, scope: &Scope) -> TokenStream {
    let mut named = Named::default();
    // Walked by value: iterating a stream that is shared copies it whole.
    let trees: Vec<TokenTree> = items.into_iter().collect();
    named.scan_trees(&trees);
    let codegen = named.codegen.then(|| {
        quote!(
            use ::wxapi_runtime::codegen;
        )
    });
    let derives: Vec<TokenStream> = [
        ("Deserialize", named.deserialize),
        ("Serialize", named.serialize),
    ]
    .into_iter()
    .filter(|(_, used)| *used)
    .map(|(name, _)| {
        let name = ident(name);
        quote!(#name)
    })
    .collect();
    let serde = match derives.as_slice() {
        [] => None,
        [one] => Some(quote!(use ::wxapi_runtime::codegen::serde::#one;)),
        many => Some(quote!(use ::wxapi_runtime::codegen::serde::{#(#many),*};)),
    };
    let mut out = TokenStream::new();
    out.extend(codegen);
    out.extend(serde);
    out.extend(scope.uses());
    out.extend(trees);
    out
}

/// Joins token streams without copying them (quote!'s `#stream` copies a stream it borrows).
pub fn concat(parts: impl IntoIterator<Item = TokenStream>) -> TokenStream {
    let mut out = TokenStream::new();
    out.extend(parts);
    out
}

/// Which importable names a token stream uses bare.
#[derive(Default)]
struct Named {
    codegen: bool,
    serialize: bool,
    deserialize: bool,
}

impl Named {
    fn scan_trees(&mut self, trees: &[TokenTree]) {
        let mut after_colon = false;
        for tree in trees {
            match tree {
                TokenTree::Ident(i) if !after_colon => {
                    if i == "codegen" {
                        self.codegen = true;
                    } else if i == "Serialize" {
                        self.serialize = true;
                    } else if i == "Deserialize" {
                        self.deserialize = true;
                    }
                }
                TokenTree::Group(g) => {
                    let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                    self.scan_trees(&inner);
                }
                // serde attributes name paths inside strings (`deserialize_with = "codegen::…"`):
                // such a path needs the import as much as a bare one does.
                TokenTree::Literal(l) if l.to_string().starts_with("\"codegen::") => {
                    self.codegen = true;
                }
                _ => {}
            }
            after_colon = matches!(tree, TokenTree::Punct(p) if p.as_char() == ':');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `use` lines put in front of `items` (which follow unchanged).
    fn uses_of(items: TokenStream) -> String {
        uses_in(
            items,
            &Scope::new(Depth(2), &TypeHome::Endpoint("e".to_owned())),
        )
    }

    fn uses_in(items: TokenStream, scope: &Scope) -> String {
        let text = items.to_string();
        let all = with_uses(items, scope).to_string();
        let uses = all
            .strip_suffix(&text)
            .expect("the items follow the imports");
        uses.trim().to_owned()
    }

    #[test]
    fn bare_urls_become_autolinks_and_others_stay() {
        assert_eq!(
            autolink("介绍：https://developers.weixin.qq.com/a-b?x=1，见上"),
            "介绍：<https://developers.weixin.qq.com/a-b?x=1>，见上"
        );
        assert_eq!(autolink("see http://x.io/a."), "see <http://x.io/a>.");
        for kept in [
            "<https://a.b/c>",
            "[page](https://a.b/c)",
            "`https://a.b/c`",
            "a `GET https://a.b/c?x` call",
            "hash and hint",
        ] {
            assert_eq!(autolink(kept), kept);
        }
    }

    #[test]
    fn imports_follow_what_the_items_name() {
        let received = quote! {
            #[derive(Debug, Deserialize)]
            pub struct A { pub secret: ::wxapi_runtime::codegen::Secret<String> }
        };
        assert_eq!(
            uses_of(received),
            "use :: wxapi_runtime :: codegen :: serde :: Deserialize ;"
        );
        let sent = quote! {
            #[derive(Debug, Serialize)]
            #[cfg_attr(test, derive(::wxapi_runtime::codegen::serde::Deserialize))]
            pub struct B { pub a: Option<i64> }
            impl codegen::Request for B {}
        };
        assert_eq!(
            uses_of(sent),
            "use :: wxapi_runtime :: codegen ; use :: wxapi_runtime :: codegen :: serde :: Serialize ;"
        );
        let lenient = quote! {
            #[derive(Deserialize)]
            pub struct D {
                #[serde(default, deserialize_with = "codegen::lenient::option_string")]
                pub adcode: Option<String>,
            }
        };
        assert_eq!(
            uses_of(lenient),
            "use :: wxapi_runtime :: codegen ; use :: wxapi_runtime :: codegen :: serde :: Deserialize ;"
        );
        let both = quote!(
            #[derive(Serialize, Deserialize)]
            pub struct C {}
        );
        assert_eq!(
            uses_of(both),
            "use :: wxapi_runtime :: codegen :: serde :: { Deserialize , Serialize } ;"
        );
        assert_eq!(
            uses_of(quote!(
                pub struct D;
            )),
            ""
        );
    }

    #[test]
    fn root_names_are_imported_once_and_sorted_and_own_types_not_at_all() {
        let here = TypeHome::Endpoint("e".to_owned());
        let scope = Scope::new(Depth(2), &here);
        let named = |name: &str, home: &TypeHome| {
            Ty::Named(crate::model::TypeRef {
                name: name.to_owned(),
                home: home.clone(),
            })
        };
        let shared = TypeHome::Shared("security".to_owned());
        let items = [
            scope.ty(&named("SecScene", &shared)),
            scope.ty(&Ty::Array(Box::new(named("SecDetail", &shared)))),
            scope.ty(&named("SecScene", &shared)),
            scope.ty(&named("Local", &here)),
        ];
        let client = scope.root("Client");
        assert_eq!(
            items.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["SecScene", "Vec < SecDetail >", "SecScene", "Local"]
        );
        assert_eq!(
            uses_in(quote!(impl #client {}), &scope),
            "use super :: super :: { Client , SecDetail , SecScene } ;"
        );
        let alone = Scope::new(Depth(2), &here);
        alone.root("Client");
        assert_eq!(uses_in(quote!(), &alone), "use super :: super :: Client ;");
    }
}
