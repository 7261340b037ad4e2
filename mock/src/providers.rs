//! Service-market providers: what `/wxa/servicemarket` routes `(service, api)` to, including
//! the built-in fake of OcrAllInOne.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};

use crate::codes;

/// Service id of the OcrAllInOne provider.
pub const OCR_SERVICE: &str = "wx79ac3de8be320b71";
/// API name of the OcrAllInOne provider.
pub const OCR_API: &str = "OcrAllInOne";

/// What a provider answers to one call.
#[derive(Debug, Clone, PartialEq)]
pub enum ProviderReply {
    /// Success: the value is sent JSON-encoded inside the string field `data`
    /// (`{"errcode":0,"errmsg":"ok","data":"{\"…\":…}"}`).
    Data(Value),
    /// Success with this exact `data` string (for testing clients against a `data` that is
    /// not valid JSON, for example).
    RawData(String),
    /// The provider failed: `{"errcode":9301002,"errmsg":"call api service failed: <message> rid: …"}`.
    Failed(String),
    /// Any other error, answered as is (e.g. 9301001 invalid parameter, 9301012 service timeout).
    Error {
        /// The `errcode` to answer.
        errcode: i64,
        /// The `errmsg` to answer, before the `rid:` suffix.
        errmsg: String,
    },
}

impl ProviderReply {
    /// [`ProviderReply::Data`].
    pub fn data(value: Value) -> Self {
        ProviderReply::Data(value)
    }

    /// [`ProviderReply::Failed`].
    pub fn failed(message: impl Into<String>) -> Self {
        ProviderReply::Failed(message.into())
    }

    /// [`ProviderReply::Error`] with the standard message of `errcode` (see [`codes::errmsg`]).
    pub fn error(errcode: i64) -> Self {
        ProviderReply::Error {
            errcode,
            errmsg: codes::errmsg(errcode).to_owned(),
        }
    }

    /// `9301001 invalid parameter`.
    pub fn invalid_parameter() -> Self {
        ProviderReply::error(codes::INVALID_PARAMETER)
    }
}

/// When the result of an asynchronous call becomes available, and for how long.
///
/// ```
/// use std::time::Duration;
/// use wxapi_mock::AsyncOptions;
///
/// // Two "not ready" answers, then the result; it may be fetched for an hour.
/// let options = AsyncOptions::new()
///     .ready_after_polls(2)
///     .retention(Duration::from_secs(3600));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AsyncOptions {
    pub(crate) ready_after_polls: u32,
    pub(crate) ready_after: Duration,
    pub(crate) retention: Duration,
}

impl Default for AsyncOptions {
    fn default() -> Self {
        Self {
            ready_after_polls: 0,
            ready_after: Duration::ZERO,
            retention: Duration::from_secs(24 * 3600),
        }
    }
}

impl AsyncOptions {
    /// Ready at the first poll, kept 24 hours (fake-clock time).
    pub fn new() -> Self {
        Self::default()
    }

    /// The first `polls` calls of `/wxa/servicemarketretrieve` answer "not ready".
    pub fn ready_after_polls(mut self, polls: u32) -> Self {
        self.ready_after_polls = polls;
        self
    }

    /// The result is "not ready" until this much fake-clock time has passed since the call.
    pub fn ready_after(mut self, delay: Duration) -> Self {
        self.ready_after = delay;
        self
    }

    /// The result is forgotten this long after the call (then 9301001); default 24 hours.
    pub fn retention(mut self, retention: Duration) -> Self {
        self.retention = retention;
        self
    }
}

/// A provider function.
pub(crate) type ProviderFn = Arc<dyn Fn(Value) -> ProviderReply + Send + Sync>;

/// A registered provider: its function and whether it is called synchronously or not.
#[derive(Clone)]
pub(crate) struct Provider {
    pub(crate) handler: ProviderFn,
    /// `None` for a synchronous provider.
    pub(crate) asynchronous: Option<AsyncOptions>,
}

impl fmt::Debug for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Provider")
            .field("asynchronous", &self.asynchronous)
            .finish_non_exhaustive()
    }
}

/// A text and its position, the way OCR results give every field.
fn text(value: &str, left: f64, top: f64, right: f64, bottom: f64) -> Value {
    let point = |x: f64, y: f64| json!({ "x": x, "y": y });
    json!({
        "text": value,
        "pos": {
            "left_top": point(left, top),
            "right_top": point(right, top),
            "right_bottom": point(right, bottom),
            "left_bottom": point(left, bottom),
        }
    })
}

/// The fake OcrAllInOne: validates `data_type` / `img_url` / `img_data` / `ocr_type` and answers
/// a fixed result for the requested document type. An ID card (`ocr_type` 1) is the front side
/// of 张三's card in a 480×304 image.
pub(crate) fn ocr_all_in_one(data: Value) -> ProviderReply {
    let image_given = match data.get("data_type").and_then(Value::as_i64) {
        Some(3) => data.get("img_url"),
        Some(2) => data.get("img_data"),
        _ => None,
    }
    .and_then(Value::as_str)
    .is_some_and(|s| !s.is_empty());
    if !image_given {
        return ProviderReply::invalid_parameter();
    }
    let result = match data.get("ocr_type").and_then(Value::as_i64) {
        Some(1) => json!({ "idcard_res": {
            "type": 0,
            "name": text("张三", 0.1875, 0.125, 0.3125, 0.1907895),
            "id": text("440305199001011234", 0.3333333, 0.8059211, 0.875, 0.8717105),
            "gender": text("男", 0.1875, 0.2302632, 0.225, 0.2894737),
            "nationality": text("汉", 0.3541667, 0.2302632, 0.3958333, 0.2894737),
            "address": text("广东省深圳市南山区科技园", 0.1875, 0.4276316, 0.625, 0.4934211),
            "birth": text("1990年1月1日", 0.1875, 0.3289474, 0.4583333, 0.3881579),
        }}),
        Some(2) => json!({ "bankcard_res": {
            "number": text("6222020200000000000", 0.125, 0.5921053, 0.875, 0.6907895),
        }}),
        Some(3) => json!({ "driving_res": {
            "plate_num": text("粤B12345", 0.2, 0.2, 0.4, 0.26),
            "vin": text("LSVAM4187C2184847", 0.3, 0.5, 0.7, 0.56),
        }}),
        Some(4) => json!({ "driving_license_res": {
            "id_num": text("440305199001011234", 0.3, 0.2, 0.8, 0.26),
            "name": text("张三", 0.2, 0.3, 0.35, 0.36),
            "car_class": text("C1", 0.6, 0.7, 0.65, 0.76),
        }}),
        Some(7) => json!({ "biz_license_res": {
            "reg_num": text("91440300000000000X", 0.3, 0.2, 0.8, 0.26),
            "enterprise_name": text("深圳市某某科技有限公司", 0.3, 0.3, 0.8, 0.36),
            "legal_representative": text("张三", 0.3, 0.4, 0.4, 0.46),
        }}),
        Some(8) => json!({ "ocr_comm_res": { "items": [
            text("你好，世界", 0.1, 0.1, 0.5, 0.2),
        ]}}),
        _ => return ProviderReply::invalid_parameter(),
    };
    let mut result = result;
    result["image_width"] = json!(480);
    result["image_height"] = json!(304);
    ProviderReply::Data(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_card_result_has_the_documented_shape() {
        let reply =
            ocr_all_in_one(json!({"img_url": "http://x/y.jpg", "data_type": 3, "ocr_type": 1}));
        let ProviderReply::Data(value) = reply else {
            panic!("{reply:?}");
        };
        assert_eq!(value["idcard_res"]["name"]["text"], "张三");
        assert_eq!(value["idcard_res"]["type"], 0);
        assert_eq!(value["idcard_res"]["id"]["pos"]["left_top"]["x"], 0.3333333);
        assert_eq!(
            (
                value["image_width"].as_i64(),
                value["image_height"].as_i64()
            ),
            (Some(480), Some(304))
        );
    }

    #[test]
    fn bad_input_is_invalid_parameter() {
        for data in [
            json!({"img_url": "", "data_type": 3, "ocr_type": 1}),
            json!({"img_url": "http://x", "data_type": 2, "ocr_type": 1}),
            json!({"img_data": "AAAA", "data_type": 2, "ocr_type": 99}),
            json!("not an object"),
        ] {
            assert_eq!(ocr_all_in_one(data), ProviderReply::invalid_parameter());
        }
    }
}
