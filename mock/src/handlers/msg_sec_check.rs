//! `POST /wxa/msg_sec_check`, versions 1 and 2.

use serde_json::{json, Map, Value};

use super::{authenticate, json_object, opt_str, req_str, require_post};
use crate::codes;
use crate::config::{ContentSettings, ErrcodeStyle, Verdict};
use crate::envelope::{Outcome, Reply};
use crate::random;
use crate::request::ReceivedRequest;
use crate::state::Shared;

/// Keyword hits with at least this level are `risky`, lower ones `pass` (as in the official
/// example, where level 90 is risky and level 20 passes).
const RISKY_KEYWORD_LEVEL: i64 = 90;

/// `errcode: 0` spelled as configured.
pub(crate) fn ok_errcode(style: ErrcodeStyle) -> Value {
    match style {
        ErrcodeStyle::Number => json!(0),
        ErrcodeStyle::String => json!("0"),
    }
}

/// Dispatches on `version`: absent, null or 1 → v1; 2 → v2; anything else → 47001.
pub(crate) fn msg_sec_check(shared: &Shared, req: &ReceivedRequest) -> Outcome {
    require_post(req)?;
    authenticate(shared, req)?;
    let body = json_object(req)?;
    let version = match body.get("version") {
        None | Some(Value::Null) => 1,
        Some(v) => v
            .as_i64()
            .filter(|v| matches!(v, 1 | 2))
            .ok_or_else(|| Reply::error(codes::DATA_FORMAT_ERROR))?,
    };
    let settings = shared.lock().config.content.clone();
    if version == 1 {
        v1(&body, &settings)
    } else {
        v2(&body, &settings)
    }
}

/// v1: `{content}` → `{"errcode":"0","errmsg":"ok"}` or 87014 for a risky word.
fn v1(body: &Map<String, Value>, settings: &ContentSettings) -> Outcome {
    let content = req_str(body, "content")?;
    let risky = settings
        .rules
        .iter()
        .any(|rule| rule.verdict == Verdict::Risky && content.contains(&rule.word));
    if risky {
        return Err(Reply::error(codes::RISKY_CONTENT));
    }
    Ok(Reply::ok(json!({
        "errcode": ok_errcode(settings.v1_style),
        "errmsg": "ok",
    })))
}

/// v2: `{content, version: 2, scene, openid, title?, nickname?, signature?}` → a verdict with
/// errcode 0 even when the text is risky.
fn v2(body: &Map<String, Value>, settings: &ContentSettings) -> Outcome {
    let content = req_str(body, "content")?;
    let scene = body.get("scene").and_then(Value::as_i64);
    if !scene.is_some_and(|s| (1..=4).contains(&s)) {
        return Err(Reply::error(codes::INVALID_SCENE));
    }
    if opt_str(body, "openid")?.is_none_or(str::is_empty) {
        return Err(Reply::error(codes::INVALID_OPENID));
    }
    let mut text = content.to_owned();
    for key in ["title", "nickname", "signature"] {
        if let Some(extra) = opt_str(body, key)? {
            text.push('\n');
            text.push_str(extra);
        }
    }

    // A risky word wins over a review word.
    let model = [Verdict::Risky, Verdict::Review]
        .into_iter()
        .find_map(|verdict| {
            settings
                .rules
                .iter()
                .find(|rule| rule.verdict == verdict && text.contains(&rule.word))
        })
        .map(|rule| {
            let suggest = match rule.verdict {
                Verdict::Risky => "risky",
                Verdict::Review => "review",
            };
            (suggest, rule.label.unwrap_or(settings.risky_label))
        });
    let (model_suggest, model_label) = model.unwrap_or(("pass", 100));
    let mut detail = vec![json!({
        "strategy": "content_model",
        "errcode": 0,
        "suggest": model_suggest,
        "label": model_label,
        "prob": 90,
    })];
    let mut keyword_risky = false;
    for keyword in settings.keywords.iter().filter(|k| text.contains(&k.word)) {
        let risky = keyword.level >= RISKY_KEYWORD_LEVEL;
        keyword_risky |= risky;
        detail.push(json!({
            "strategy": "keyword",
            "errcode": 0,
            "suggest": if risky { "risky" } else { "pass" },
            "label": settings.risky_label,
            "level": keyword.level,
            "keyword": keyword.word,
        }));
    }
    let (suggest, label) = match model_suggest {
        "risky" => ("risky", model_label),
        _ if keyword_risky => ("risky", settings.risky_label),
        other => (other, model_label),
    };
    Ok(Reply::ok(json!({
        "errcode": ok_errcode(settings.v2_style),
        "errmsg": "ok",
        "result": { "suggest": suggest, "label": label },
        "detail": detail,
        "trace_id": random::rid(),
    })))
}
