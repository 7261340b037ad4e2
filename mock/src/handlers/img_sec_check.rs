//! `POST /wxa/img_sec_check`: a multipart upload with a file part named `media`.

use serde_json::json;

use super::msg_sec_check::ok_errcode;
use super::{authenticate, require_post};
use crate::codes;
use crate::config::IMG_SEC_CHECK_MAX_BYTES;
use crate::envelope::{Outcome, Reply};
use crate::multipart;
use crate::request::ReceivedRequest;
use crate::state::{MediaInfo, Shared};

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Not multipart, no part named `media`, or a `media` part without filename → 41005;
/// an empty file → 44001; a file over [`IMG_SEC_CHECK_MAX_BYTES`] → 40006; a risky marker in
/// the bytes → 87014; else ok.
pub(crate) fn img_sec_check(shared: &Shared, req: &ReceivedRequest) -> Outcome {
    require_post(req)?;
    authenticate(shared, req)?;
    let missing = || Reply::error(codes::MEDIA_DATA_MISSING);
    let boundary = req
        .header("content-type")
        .and_then(multipart::boundary)
        .ok_or_else(missing)?;
    let parts = multipart::parse(&req.body, &boundary).ok_or_else(missing)?;
    let part = parts
        .into_iter()
        .find(|p| p.name == "media" && p.filename.is_some())
        .ok_or_else(missing)?;
    if part.data.is_empty() {
        return Err(Reply::error(codes::EMPTY_MEDIA_DATA));
    }
    if part.data.len() > IMG_SEC_CHECK_MAX_BYTES {
        return Err(Reply::error(codes::INVALID_MEDIA_SIZE));
    }

    let mut inner = shared.lock();
    let risky = inner
        .config
        .content
        .image_markers
        .iter()
        .any(|marker| contains(&part.data, marker));
    let style = inner.config.content.img_style;
    inner.last_media = Some(MediaInfo {
        filename: part.filename.unwrap_or_default(),
        content_type: part.content_type,
        len: part.data.len(),
        data: part.data,
    });
    drop(inner);
    if risky {
        return Err(Reply::error(codes::RISKY_CONTENT));
    }
    Ok(Reply::ok(
        json!({ "errcode": ok_errcode(style), "errmsg": "ok" }),
    ))
}
