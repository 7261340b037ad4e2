//! Macros generated code invokes for the code that is the same for every enum and struct,
//! so each generated endpoint stays short and reads as what the spec says (its variants,
//! codes and fields), not as boilerplate. Reached through [`crate::codegen`].

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

/// The behaviour of a generated per-endpoint error enum whose variants are its own codes,
/// `Common(<common enum>)` and `Unknown { code, message }`: `code()`, `message()`,
/// `solution()`, [`ApiError`](crate::ApiError), `Display` and `std::error::Error`. Each own
/// code is given as `Variant => (code, "errmsg", "solution")`, followed by `retry` and/or
/// `refresh_token` when the spec sets those flags (each the name of an
/// [`ErrorInfo`](crate::ErrorInfo) method that sets it).
#[doc(hidden)]
#[macro_export]
macro_rules! __wxapi_api_error {
    ($name:ident, $common:path {
        $($variant:ident => ($code:expr, $message:expr, $solution:expr $(, $flag:ident)*)),* $(,)?
    }) => {
        impl $name {
            /// The `errcode`.
            pub fn code(&self) -> i64 {
                $crate::ApiError::code(self)
            }
            /// The documented `errmsg`, or the received one for unknown codes.
            pub fn message(&self) -> &str {
                $crate::ApiError::message(self)
            }
            /// What to do about it, when the spec says.
            pub fn solution(&self) -> ::core::option::Option<&'static str> {
                $crate::ApiError::solution(self)
            }
        }
        impl $crate::ApiError for $name {
            fn from_code(code: i64, message: ::std::string::String) -> Self {
                $(if code == $code {
                    return Self::$variant;
                })*
                match <$common>::from_code(code) {
                    ::core::option::Option::Some(common) => Self::Common(common),
                    ::core::option::Option::None => Self::Unknown { code, message },
                }
            }
            fn info(&self) -> ::core::option::Option<&'static $crate::ErrorInfo> {
                match self {
                    $(Self::$variant => ::core::option::Option::Some(const {
                        &$crate::ErrorInfo::new(
                            $code,
                            ::core::stringify!($variant),
                            $message,
                            $solution,
                        )$(.$flag())*
                    }),)*
                    Self::Common(common) => ::core::option::Option::Some(common.info()),
                    Self::Unknown { .. } => ::core::option::Option::None,
                }
            }
            fn unknown(&self) -> ::core::option::Option<(i64, &str)> {
                match self {
                    Self::Unknown { code, message } => ::core::option::Option::Some((*code, message)),
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
}

/// The constructor of a generated input type and its setters. `new` takes each required
/// field as `impl Into<T>` (in declaration order; `#[secret]` ones are wrapped in
/// [`Secret`](crate::Secret)), sets each `fixed` field to its value, and leaves the optional
/// ones unset; each optional field gets a setter (see `setters!`).
///
/// ```
/// use wxapi_runtime::{codegen, Secret};
/// #[derive(Debug)]
/// pub struct Req {
///     pub appid: String,
///     pub secret: Secret<String>,
///     pub version: i64,
///     pub scene: Option<i64>,
/// }
/// codegen::builder!(Req {
///     required { appid: String, #[secret] secret: String }
///     fixed { version = 2 }
///     optional { scene: i64 }
/// });
/// let r = Req::new("wx1", "s3cret").scene(3);
/// assert_eq!((r.appid.as_str(), r.version, r.scene), ("wx1", 2, Some(3)));
/// assert_eq!(r.secret.expose(), "s3cret");
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! __wxapi_builder {
    ($name:ident {
        $(required { $($(#[$secret:ident])? $req:ident: $req_ty:ty),* $(,)? })?
        $(fixed { $($fixed:ident = $value:expr),* $(,)? })?
        $(optional { $($opt:ident: $opt_ty:ty),* $(,)? })?
    }) => {
        impl $name {
            #[doc = ::core::concat!(
                "A `", ::core::stringify!($name),
                "` with its required fields; optional ones start unset."
            )]
            #[allow(clippy::too_many_arguments)]
            pub fn new($($($req: impl ::core::convert::Into<$req_ty>),*)?) -> Self {
                Self {
                    $($($req: $crate::__wxapi_builder!(@wrap $($secret)? $req),)*)?
                    $($($fixed: $value,)*)?
                    $($($opt: ::core::option::Option::None,)*)?
                }
            }
        }
        $crate::__wxapi_setters!($name { $($($opt: $opt_ty),*)? });
    };
    (@wrap secret $value:ident) => {
        $crate::Secret::new($value.into())
    };
    (@wrap $value:ident) => {
        $value.into()
    };
}

/// One builder-style setter per optional field: `fn field(self, value: impl Into<T>) -> Self`.
#[doc(hidden)]
#[macro_export]
macro_rules! __wxapi_setters {
    ($name:ident { $($field:ident: $ty:ty),* $(,)? }) => {
        impl $name {
            $(
                #[doc = ::core::concat!("Sets `", ::core::stringify!($field), "`.")]
                #[must_use]
                pub fn $field(mut self, value: impl ::core::convert::Into<$ty>) -> Self {
                    self.$field = ::core::option::Option::Some(value.into());
                    self
                }
            )*
        }
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

    crate::codegen::api_error!(FlagError, NoCommon {
        Busy => (1, "busy", "wait", retry),
        Expired => (2, "expired", "", refresh_token),
        Both => (3, "both", "", refresh_token, retry),
        Plain => (4, "plain", "nothing to do"),
    });

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
