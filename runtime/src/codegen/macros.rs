//! Macros generated code invokes for the code that is the same for every enum, so each
//! generated module stays short and reads as what the spec says (its wire values, its codes),
//! not as boilerplate. Constructors and setters are written out in the generated files:
//! they are what a user reads. Reached through [`crate::codegen`].

/// The conversions of a generated enum that keeps unknown values in `Unknown`:
/// `as_str`/`value`, `From` the wire type and back (for `#[serde(from, into)]`), `Display`.
///
/// ```
/// use wxapi_runtime::codegen;
/// #[derive(Debug, Clone, PartialEq)]
/// pub enum Suggest { Risky, Pass, Unknown(String) }
/// codegen::wire_enum!(Suggest: String { Risky => "risky", Pass => "pass" });
/// assert_eq!(Suggest::from("pass".to_owned()), Suggest::Pass);
/// assert_eq!(String::from(Suggest::Unknown("new".into())), "new");
///
/// #[derive(Debug, Clone, PartialEq)]
/// pub enum Label { Normal, Ad, Unknown(i64) }
/// codegen::wire_enum!(Label: i64 { Normal => 100, Ad => 10001 });
/// assert_eq!(Label::from(codegen::WireInt(10001)), Label::Ad);
/// assert_eq!(i64::from(Label::Unknown(7)), 7);
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! __wxapi_wire_enum {
    ($name:ident: String { $($variant:ident => $wire:literal),* $(,)? }) => {
        impl $name {
            /// The value on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(value) => value,
                }
            }
        }
        impl ::core::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    $($wire => Self::$variant,)*
                    _ => Self::Unknown(value),
                }
            }
        }
        impl ::core::convert::From<$name> for ::std::string::String {
            fn from(value: $name) -> Self {
                match value {
                    $name::Unknown(value) => value,
                    known => known.as_str().to_owned(),
                }
            }
        }
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
    ($name:ident: i64 { $($variant:ident => $wire:expr),* $(,)? }) => {
        impl $name {
            /// The value on the wire.
            pub fn value(&self) -> i64 {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(value) => *value,
                }
            }
        }
        impl ::core::convert::From<$crate::codegen::WireInt> for $name {
            fn from(value: $crate::codegen::WireInt) -> Self {
                $(if value.0 == $wire {
                    return Self::$variant;
                })*
                Self::Unknown(value.0)
            }
        }
        impl ::core::convert::From<$name> for i64 {
            fn from(value: $name) -> Self {
                value.value()
            }
        }
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(&self.value(), f)
            }
        }
    };
}

/// One row of a generated error table ([`ErrorTable::CODES`](crate::codegen::ErrorTable)),
/// with named entries: `Variant(code = 61010, message = "errmsg", solution = "…", retry =
/// true)`. `code` and `message` come first; then, in any order, `solution` (none when left
/// out) and the [`ErrorInfo`](crate::ErrorInfo) flags `retry` and `refresh_token` (false
/// when left out). `Self` is the enum: use it inside `impl ErrorTable for ...`.
#[doc(hidden)]
#[macro_export]
macro_rules! __wxapi_error_code {
    ($variant:ident(code = $code:literal, message = $message:literal $(, $($more:tt)*)?)) => {
        $crate::codegen::ErrorCode {
            variant: Self::$variant,
            info: $crate::__wxapi_error_code!(@info $variant, $code, $message, [""] []
                $($($more)*)?),
        }
    };
    // The entries after `message`, folded into the `ErrorInfo`.
    (@info $variant:ident, $code:literal, $message:literal, [$solution:literal] [$($flag:ident)*]) => {
        $crate::ErrorInfo::new($code, ::core::stringify!($variant), $message, $solution)$(.$flag())*
    };
    (@info $variant:ident, $code:literal, $message:literal, [$_old:literal] [$($flag:ident)*]
        solution = $solution:literal $(, $($more:tt)*)?) => {
        $crate::__wxapi_error_code!(@info $variant, $code, $message, [$solution] [$($flag)*]
            $($($more)*)?)
    };
    (@info $variant:ident, $code:literal, $message:literal, [$solution:literal] [$($flag:ident)*]
        $set:ident = true $(, $($more:tt)*)?) => {
        $crate::__wxapi_error_code!(@info $variant, $code, $message, [$solution] [$($flag)* $set]
            $($($more)*)?)
    };
    (@info $variant:ident, $code:literal, $message:literal, [$solution:literal] [$($flag:ident)*]
        $unset:ident = false $(, $($more:tt)*)?) => {
        $crate::__wxapi_error_code!(@info $variant, $code, $message, [$solution] [$($flag)*]
            $($($more)*)?)
    };
}

/// The behaviour of a generated error enum, from its table
/// ([`ErrorTable`](crate::codegen::ErrorTable), rows written with `error_code!`). Two kinds
/// of enum share it:
/// - `api_error!(Name(common = Common))`: an endpoint's enum, whose variants are its own
///   codes, `Common(Common)` and `Unknown { code, message }`. It gets
///   [`ApiError`](crate::ApiError) (whose provided `code()`, `message()` and `solution()`
///   are its accessors: inherent copies in every enum were a tenth of a generated crate's
///   check time), `Display` and `std::error::Error`.
/// - `api_error!(Name)`: the common table, a fieldless enum the endpoints' enums wrap. It
///   gets `from_code(code) -> Option<Self>`, `info()`, `code()`, `message()`,
///   `solution()`, `Display` and `std::error::Error`.
///
/// ```
/// use wxapi_runtime::{codegen, ApiError};
/// #[derive(Debug, Clone, Copy, PartialEq, Eq)]
/// pub enum Common { SystemBusy }
/// impl codegen::ErrorTable for Common {
///     const CODES: &'static [codegen::ErrorCode<Self>] = &[
///         codegen::error_code!(SystemBusy(code = -1, message = "system error", retry = true)),
///     ];
/// }
/// codegen::api_error!(Common);
///
/// #[derive(Debug, Clone, PartialEq, Eq)]
/// pub enum CheckError { Risky, Common(Common), Unknown { code: i64, message: String } }
/// impl codegen::ErrorTable for CheckError {
///     const CODES: &'static [codegen::ErrorCode<Self>] = &[codegen::error_code!(
///         Risky(code = 87014, message = "risky content", solution = "change it")
///     )];
/// }
/// codegen::api_error!(CheckError(common = Common));
///
/// assert_eq!(CheckError::from_code(87014, String::new()), CheckError::Risky);
/// assert_eq!(CheckError::from_code(-1, String::new()), CheckError::Common(Common::SystemBusy));
/// assert!(Common::SystemBusy.info().retry);
/// assert_eq!(CheckError::Risky.to_string(), "87014 risky content: change it");
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! __wxapi_api_error {
    ($name:ident(common = $common:ty)) => {
        impl $crate::ApiError for $name {
            fn from_code(code: i64, message: ::std::string::String) -> Self {
                if let ::core::option::Option::Some(own) =
                    <Self as $crate::codegen::ErrorTable>::variant_of(code)
                {
                    return own;
                }
                match <$common>::from_code(code) {
                    ::core::option::Option::Some(common) => Self::Common(common),
                    ::core::option::Option::None => Self::Unknown { code, message },
                }
            }
            fn info(&self) -> ::core::option::Option<&'static $crate::ErrorInfo> {
                match self {
                    Self::Common(common) => ::core::option::Option::Some(common.info()),
                    Self::Unknown { .. } => ::core::option::Option::None,
                    own => $crate::codegen::ErrorTable::row_info(own),
                }
            }
            fn unknown(&self) -> ::core::option::Option<(i64, &str)> {
                match self {
                    Self::Unknown { code, message } => {
                        ::core::option::Option::Some((*code, message))
                    }
                    _ => ::core::option::Option::None,
                }
            }
        }
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                $crate::codegen::fmt_api_error(self, f)
            }
        }
        impl ::std::error::Error for $name {}
    };
    ($name:ident) => {
        impl $name {
            /// The variant for a code of this table.
            pub fn from_code(code: i64) -> ::core::option::Option<Self> {
                <Self as $crate::codegen::ErrorTable>::variant_of(code)
            }
            /// What the spec says about this code.
            pub fn info(&self) -> &'static $crate::ErrorInfo {
                match $crate::codegen::ErrorTable::row_info(self) {
                    ::core::option::Option::Some(info) => info,
                    // The generator writes a row for every variant it declares.
                    ::core::option::Option::None => {
                        ::core::unreachable!(
                            "`{}` has no row in its error table",
                            ::core::stringify!($name)
                        )
                    }
                }
            }
            /// The `errcode`.
            pub fn code(&self) -> i64 {
                self.info().code
            }
            /// The `errmsg` WeChat documents for this code.
            pub fn message(&self) -> &'static str {
                self.info().message
            }
            /// What to do about it, when the spec says.
            pub fn solution(&self) -> ::core::option::Option<&'static str> {
                ::core::option::Option::Some(self.info().solution).filter(|s| !s.is_empty())
            }
        }
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::write!(f, "{} {}", self.code(), self.message())
            }
        }
        impl ::std::error::Error for $name {}
    };
}

#[cfg(test)]
mod tests {
    use crate::{ApiError, ErrorInfo};

    /// A common table with no codes, enough for `api_error!`.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum NoCommon {}

    impl NoCommon {
        pub fn from_code(_: i64) -> Option<Self> {
            None
        }

        pub fn info(&self) -> &'static ErrorInfo {
            match *self {}
        }
    }

    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum FlagError {
        Busy,
        Expired,
        Both,
        Plain,
        Common(NoCommon),
        Unknown { code: i64, message: String },
    }

    impl crate::codegen::ErrorTable for FlagError {
        const CODES: &'static [crate::codegen::ErrorCode<Self>] = &[
            crate::codegen::error_code!(Busy(
                code = 1,
                message = "busy",
                solution = "wait",
                retry = true
            )),
            crate::codegen::error_code!(Expired(
                code = 2,
                message = "expired",
                refresh_token = true
            )),
            crate::codegen::error_code!(Both(
                code = 3,
                message = "both",
                refresh_token = true,
                retry = true
            )),
            crate::codegen::error_code!(Plain(
                code = 4,
                message = "plain",
                solution = "nothing to do"
            )),
        ];
    }
    crate::codegen::api_error!(FlagError(common = NoCommon));

    fn flags(code: i64) -> (bool, bool) {
        let info = FlagError::from_code(code, String::new())
            .info()
            .expect("an own code has its info");
        (info.retry, info.refresh_token)
    }

    #[test]
    fn flags_are_set_only_when_named_in_any_order() {
        assert_eq!(flags(1), (true, false));
        assert_eq!(flags(2), (false, true));
        assert_eq!(flags(3), (true, true));
        assert_eq!(flags(4), (false, false));
        assert_eq!(
            (FlagError::Plain.code(), FlagError::Plain.message()),
            (4, "plain")
        );
        assert_eq!(FlagError::Plain.solution(), Some("nothing to do"));
        assert_eq!(
            FlagError::from_code(9, "new".into()),
            FlagError::Unknown {
                code: 9,
                message: "new".into()
            }
        );
    }
}
