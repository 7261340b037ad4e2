//! The service market (服务市场): third-party APIs invoked through WeChat, as generated
//! code calls them. What an application gets back from an asynchronous API,
//! [`PendingService`], is at the crate root.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::envelope::decode_body;
use crate::{random, ApiError, Client, DecodeError, Error, JsonString, PendingService};

use super::{Answer, Encoded, Endpoint};

/// A service-market provider API, implemented by each generated `...Data`
/// type (the request's `data`).
pub trait ServiceApi: Serialize + Send + Sync {
    /// The provider's service id, for example `wx79ac3de8be320b71`.
    const SERVICE: &'static str;
    /// The API name within the service, for example `OcrAllInOne`.
    const API: &'static str;
    /// Whether the API is asynchronous: the call returns a request id, and the result is
    /// retrieved later ([`PendingService`]).
    const ASYNC: bool;
    /// The decoded `data` of the response.
    type Result: DeserializeOwned + Send;
}

/// The body of `invokeService`.
#[derive(Serialize)]
struct Invocation<'a, D: ?Sized> {
    service: &'a str,
    api: &'a str,
    data: &'a D,
    client_msg_id: &'a str,
    #[serde(rename = "async", skip_serializing_if = "is_false")]
    is_async: bool,
}

impl<'a, D: Serialize + ?Sized> Invocation<'a, D> {
    /// The invocation of a typed provider API.
    fn typed(data: &'a D, client_msg_id: &'a str) -> Self
    where
        D: ServiceApi,
    {
        Invocation::raw(D::SERVICE, D::API, data, D::ASYNC, client_msg_id)
    }

    /// The invocation of any provider API, by name.
    fn raw(
        service: &'a str,
        api: &'a str,
        data: &'a D,
        is_async: bool,
        client_msg_id: &'a str,
    ) -> Self {
        Invocation {
            service,
            api,
            data,
            client_msg_id,
            is_async,
        }
    }
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// The parts of an `invokeService` or `servicemarketretrieve` response we read: `data`,
/// a string holding the provider's JSON, and the request id of asynchronous calls.
#[derive(Deserialize)]
#[serde(bound = "R: DeserializeOwned")]
struct Reply<R> {
    #[serde(default)]
    data: Option<JsonString<R>>,
    #[serde(default)]
    request_id: Option<String>,
}

/// Decodes an `invokeService` response into the provider's result, keeping the raw text.
fn decode_reply<R: DeserializeOwned, E: ApiError>(
    answer: &Answer<'_>,
) -> Result<JsonString<R>, Error<E>> {
    let status = answer.status;
    let reply: Reply<R> = decode_body(status, answer.body)?;
    reply
        .data
        .ok_or_else(|| DecodeError::invalid(status, "the response has no `data`").into())
}

/// Decodes the answer to an asynchronous `invokeService`: its `request_id`.
fn decode_started<E: ApiError>(answer: &Answer<'_>) -> Result<String, Error<E>> {
    let status = answer.status;
    let reply: Reply<serde_json::Value> = decode_body(status, answer.body)?;
    reply.request_id.filter(|id| !id.is_empty()).ok_or_else(|| {
        DecodeError::invalid(status, "the asynchronous call returned no `request_id`").into()
    })
}

/// Decodes a `servicemarketretrieve` answer: the result once it is there, `None` while the
/// provider is still working (errcode 0 and no `data`).
pub(crate) fn decode_retrieved<R: DeserializeOwned, E: ApiError>(
    answer: &Answer<'_>,
) -> Result<Option<JsonString<R>>, Error<E>> {
    let reply: Reply<R> = decode_body(answer.status, answer.body)?;
    Ok(reply.data)
}

/// Invokes a typed service-market API through `endpoint` (`invokeService`).
///
/// Sends `{service, api, data, client_msg_id}` with `data` as a JSON object and a fresh
/// `client_msg_id` (reused by retries of this call, so the provider can de-duplicate them),
/// then decodes the response's `data` string into `S::Result`.
pub async fn call_service<S: ServiceApi, E: ApiError>(
    client: &Client,
    endpoint: &Endpoint,
    data: S,
) -> Result<JsonString<S::Result>, Error<E>> {
    let client_msg_id = random::message_id();
    let encoded = Encoded::json(&Invocation::typed(&data, &client_msg_id))?;
    drop(data);
    client
        .execute(endpoint, encoded, decode_reply::<S::Result, E>)
        .await
}

/// Starts an asynchronous service-market API through `endpoint` (`invokeService` with
/// `async: true`) and returns the pending task, whose result comes from `retrieve`
/// (`servicemarketretrieve`). `E` is the error enum of `endpoint`, `R` that of `retrieve`.
pub async fn start_service<S: ServiceApi, E: ApiError, R: ApiError>(
    client: &Client,
    endpoint: &Endpoint,
    retrieve: Endpoint,
    data: S,
) -> Result<PendingService<S::Result, R>, Error<E>> {
    let client_msg_id = random::message_id();
    let encoded = Encoded::json(&Invocation::raw(
        S::SERVICE,
        S::API,
        &data,
        true,
        &client_msg_id,
    ))?;
    drop(data);
    let request_id = client
        .execute(endpoint, encoded, decode_started::<E>)
        .await?;
    Ok(PendingService::new(client.clone(), retrieve, request_id))
}

/// Invokes a service-market API the spec does not declare, by service id and API name,
/// through `endpoint` (`invokeService`). The result is the response's `data`, decoded from
/// its string; `raw()` keeps the text.
pub async fn call_service_raw<E: ApiError>(
    client: &Client,
    endpoint: &Endpoint,
    service: &str,
    api: &str,
    data: &Value,
) -> Result<JsonString<Value>, Error<E>> {
    let client_msg_id = random::message_id();
    let encoded = Encoded::json(&Invocation::raw(service, api, data, false, &client_msg_id))?;
    client
        .execute(endpoint, encoded, decode_reply::<Value, E>)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api_error::tests::TestError;

    /// Decodes `body` as an HTTP 200 answer.
    fn ok<T>(body: &[u8], decode: impl FnOnce(&Answer<'_>) -> T) -> T {
        let body = bytes::Bytes::copy_from_slice(body);
        decode(&Answer {
            status: 200,
            content_type: Some("application/json"),
            body: &body,
        })
    }

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
        let json = serde_json::to_value(Invocation::typed(&data, "id1")).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "service": "wx79ac3de8be320b71",
                "api": "OcrAllInOne",
                "data": {"img_url": "https://x/a.png"},
                "client_msg_id": "id1",
            })
        );
        let json = serde_json::to_value(Invocation::typed(&Later, "id2")).unwrap();
        assert_eq!(json["async"], true);
    }

    #[test]
    fn reply_data_string_is_decoded() {
        let body = br#"{"errcode":0,"errmsg":"ok","data":"{\"text\":\"hello\"}"}"#;
        let result = ok(body, decode_reply::<OcrResult, TestError>).unwrap();
        assert_eq!(result.text, "hello");
        assert_eq!(
            result.raw(),
            Some(r#"{"text":"hello"}"#),
            "the raw text is kept"
        );
    }

    #[test]
    fn reply_errors() {
        let err = ok(
            br#"{"errcode":-1,"errmsg":"busy"}"#,
            decode_reply::<OcrResult, TestError>,
        )
        .unwrap_err();
        assert_eq!(err.api(), Some(&TestError::Busy));

        let err = ok(br#"{"errcode":0}"#, decode_reply::<OcrResult, TestError>).unwrap_err();
        assert!(matches!(err, Error::Decode(_)), "{err:?}");
    }

    #[test]
    fn async_replies() {
        let id = ok(
            br#"{"errcode":0,"errmsg":"ok","request_id":"r1"}"#,
            decode_started::<TestError>,
        )
        .unwrap();
        assert_eq!(id, "r1");
        let err = ok(
            br#"{"errcode":0,"errmsg":"ok"}"#,
            decode_started::<TestError>,
        )
        .unwrap_err();
        assert!(matches!(err, Error::Decode(_)), "{err:?}");
        let pending = ok(
            br#"{"errcode":0,"status":1,"request_id":"r2"}"#,
            decode_retrieved::<OcrResult, TestError>,
        )
        .unwrap();
        assert!(pending.is_none());
        let ready = ok(
            br#"{"errcode":0,"data":"{\"text\":\"x\"}"}"#,
            decode_retrieved::<OcrResult, TestError>,
        )
        .unwrap();
        assert_eq!(
            ready.map(|r| r.into_inner()),
            Some(OcrResult { text: "x".into() })
        );
    }
}
