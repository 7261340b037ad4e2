//! The table of a generated error enum: one row per code of the spec, each the variant and
//! its [`ErrorInfo`]. Written out in the generated module, one `error_code!` per row; the
//! lookups both ways are here, once.

use crate::ErrorInfo;

/// One row of an error table: a variant and what the spec says about its code. Generated
/// code writes rows with [`error_code!`](crate::codegen::error_code).
#[derive(Debug)]
pub struct ErrorCode<E> {
    /// The variant that stands for the code.
    pub variant: E,
    /// The code, its message and solution, and the flags the client obeys.
    pub info: ErrorInfo,
}

/// An error enum's own codes, in spec order. `codegen::api_error!` builds the enum's
/// behaviour (`from_code`, `info`, `Display`, ...) on it.
pub trait ErrorTable: Clone + PartialEq + Sized + 'static {
    /// The rows, one per code the enum has a variant for.
    const CODES: &'static [ErrorCode<Self>];

    /// The variant of `code`, if the table has it.
    fn variant_of(code: i64) -> Option<Self> {
        Self::CODES
            .iter()
            .find(|row| row.info.code == code)
            .map(|row| row.variant.clone())
    }

    /// The facts about this variant, if it is a row of the table.
    fn row_info(&self) -> Option<&'static ErrorInfo> {
        Self::CODES
            .iter()
            .find(|row| row.variant == *self)
            .map(|row| &row.info)
    }
}
