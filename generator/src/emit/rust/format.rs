//! Tokens -> formatted source: `syn::parse2` then prettyplease, once, with a header.

use proc_macro2::TokenStream;

/// The generator produced tokens that don't parse as a Rust file: a bug in the generator,
/// reported with the file and syn's message rather than a panic.
#[derive(Debug, thiserror::Error)]
#[error("internal error: the generated code for {path} does not parse ({message}); please report this with the spec that caused it")]
pub struct RenderError {
    pub path: String,
    pub message: String,
}

/// Formats `tokens` as a file and puts `header` (comment lines) on top.
///
/// The tokens are handed to syn, not copied: a token stream shared with a clone is copied
/// whole when parsed, which was a tenth of the formatting time.
pub fn render(path: &str, tokens: TokenStream, header: &str) -> Result<String, RenderError> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| RenderError {
        path: path.to_owned(),
        message: e.to_string(),
    })?;
    let body = prettyplease::unparse(&file);
    let mut text = String::with_capacity(header.len() + body.len());
    text.push_str(header);
    text.push_str(&body);
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_that_do_not_parse_are_an_error_naming_the_file() {
        let tokens: TokenStream = "pub struct ;".parse().unwrap_or_default();
        let error = render("src/api/x.rs", tokens, "").expect_err("does not parse");
        assert_eq!(error.path, "src/api/x.rs");
        assert!(error.to_string().contains("src/api/x.rs"), "{error}");
    }

    #[test]
    fn the_header_comes_first() {
        let tokens: TokenStream = "pub struct A;".parse().unwrap_or_default();
        let text = render("a.rs", tokens, "// top\n").expect("renders");
        assert_eq!(text, "// top\npub struct A;\n");
    }
}
