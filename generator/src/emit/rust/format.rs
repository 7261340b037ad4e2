//! Tokens -> formatted source: `syn::parse2` then prettyplease, once, with a header.

use proc_macro2::TokenStream;

/// The generator produced tokens that don't parse as a Rust file: a bug in the generator,
/// reported with the file and the offending tokens rather than a panic.
#[derive(Debug, thiserror::Error)]
#[error("internal error: the generated code for {path} does not parse ({message}); please report this with the spec that caused it")]
pub struct RenderError {
    pub path: String,
    pub message: String,
    pub tokens: String,
}

/// Formats `tokens` as a file and puts `header` (comment lines) on top.
pub fn render(path: &str, tokens: TokenStream, header: &str) -> Result<String, RenderError> {
    let file: syn::File = syn::parse2(tokens.clone()).map_err(|e| RenderError {
        path: path.to_owned(),
        message: e.to_string(),
        tokens: tokens.to_string(),
    })?;
    Ok(format!("{header}{}", prettyplease::unparse(&file)))
}
