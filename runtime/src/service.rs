//! The service market (服务市场): third-party APIs invoked through WeChat.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::{decode_body, ApiError, DecodeError, Error, JsonString};

/// A service-market provider API, implemented by each generated `...Data`
/// type (the request's `data`).
pub trait ServiceApi: Serialize + Send + Sync {
    /// The provider's service id, for example `wx79ac3de8be320b71`.
    const SERVICE: &'static str;
    /// The API name within the service, for example `OcrAllInOne`.
    const API: &'static str;
    /// Whether the API is invoked asynchronously (the result arrives later
    /// by message push).
    const ASYNC: bool;
    /// The decoded `data` of the response.
    type Result: DeserializeOwned + Send;
}

/// The body of `invokeService`.
#[derive(Serialize)]
pub(crate) struct Invocation<'a, S> {
    service: &'static str,
    api: &'static str,
    data: &'a S,
    client_msg_id: &'a str,
    #[serde(rename = "async", skip_serializing_if = "is_false")]
    is_async: bool,
}

impl<'a, S: ServiceApi> Invocation<'a, S> {
    pub(crate) fn new(data: &'a S, client_msg_id: &'a str) -> Self {
        Invocation {
            service: S::SERVICE,
            api: S::API,
            data,
            client_msg_id,
            is_async: S::ASYNC,
        }
    }
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// The part of the `invokeService` response we read: `data`, a string
/// holding the provider's JSON.
#[derive(Deserialize)]
#[serde(bound = "R: DeserializeOwned")]
struct Reply<R> {
    data: Option<JsonString<R>>,
}

/// Decodes an `invokeService` response into the provider's result.
///
/// A missing or `null` `data` (as asynchronous APIs answer) is decoded as
/// JSON `null`, which suits result types such as `()` or `Option<T>`.
pub(crate) fn decode_reply<R: DeserializeOwned, E: ApiError>(
    status: u16,
    body: &[u8],
) -> Result<R, Error<E>> {
    let reply: Reply<R> = decode_body(status, body)?;
    match reply.data {
        Some(data) => Ok(data.into_inner()),
        None => serde_json::from_value(serde_json::Value::Null)
            .map_err(|_| DecodeError::invalid(status, "the response has no data").into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api_error::tests::TestError;

    #[derive(Serialize)]
    struct Ocr {
        img_url: String,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct OcrResult {
        text: String,
    }

    impl ServiceApi for Ocr {
        const SERVICE: &'static str = "wx79ac3de8be320b71";
        const API: &'static str = "OcrAllInOne";
        const ASYNC: bool = false;
        type Result = OcrResult;
    }

    struct Later;
    impl Serialize for Later {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_unit_struct("Later")
        }
    }
    impl ServiceApi for Later {
        const SERVICE: &'static str = "wx1";
        const API: &'static str = "Later";
        const ASYNC: bool = true;
        type Result = ();
    }

    #[test]
    fn invocation_body() {
        let data = Ocr {
            img_url: "https://x/a.png".into(),
        };
        let json = serde_json::to_value(Invocation::new(&data, "id1")).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "service": "wx79ac3de8be320b71",
                "api": "OcrAllInOne",
                "data": {"img_url": "https://x/a.png"},
                "client_msg_id": "id1",
            })
        );
        let json = serde_json::to_value(Invocation::new(&Later, "id2")).unwrap();
        assert_eq!(json["async"], true);
    }

    #[test]
    fn reply_data_string_is_decoded() {
        let body = br#"{"errcode":0,"errmsg":"ok","data":"{\"text\":\"hello\"}"}"#;
        let result: OcrResult = decode_reply::<_, TestError>(200, body).unwrap();
        assert_eq!(result.text, "hello");
    }

    #[test]
    fn reply_errors() {
        let err = decode_reply::<OcrResult, TestError>(200, br#"{"errcode":-1,"errmsg":"busy"}"#)
            .unwrap_err();
        assert_eq!(err.api(), Some(&TestError::Busy));

        let err = decode_reply::<OcrResult, TestError>(200, br#"{"errcode":0}"#).unwrap_err();
        assert!(matches!(err, Error::Decode(_)), "{err:?}");

        decode_reply::<(), TestError>(200, br#"{"errcode":0,"errmsg":"ok"}"#).unwrap();
    }
}
