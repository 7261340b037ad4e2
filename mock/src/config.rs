//! The settings a server is built with (see [`MockServerBuilder`](crate::MockServerBuilder)),
//! and the small public enums that name them.

use std::collections::HashMap;

use crate::component::ComponentSettings;
use crate::tokens::TokenSettings;

/// The official v1 test text of msg_sec_check; it is a risky word of every fake server, so it
/// answers 87014 (v1) or `suggest: "risky"` (v2) as the real one does.
pub const OFFICIAL_RISKY_TEST_TEXT: &str =
    "特3456书yuuo莞6543李zxcz蒜7782法fgnv级\n完2347全dfji试3726测asad感3847知qwez到";

/// A byte string that makes img_sec_check answer 87014 on every fake server when the image
/// contains it (more can be added with
/// [`risky_image_marker`](crate::MockServerBuilder::risky_image_marker)).
pub const DEFAULT_RISKY_IMAGE_MARKER: &[u8] = b"WXAPI-FAKE-RISKY-IMAGE";

/// The largest image img_sec_check accepts, as the real server documents it (图片大小限制：1M),
/// read as 1 MiB: a larger `media` file answers 40006 `invalid media size`.
pub const IMG_SEC_CHECK_MAX_BYTES: usize = 1024 * 1024;

/// The label of risky words when none is given: 20006 (违法犯罪, illegal).
pub const DEFAULT_RISKY_LABEL: i64 = 20006;

/// How a successful answer spells `errcode: 0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ErrcodeStyle {
    /// `"errcode": 0`.
    #[default]
    Number,
    /// `"errcode": "0"`, as some real answers (and the seed documents) show.
    String,
}

/// What the token endpoints answer for a known appid with a wrong secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WrongSecret {
    /// `40125 invalid appsecret` (the documented answer; default).
    #[default]
    InvalidAppsecret,
    /// `40001 invalid credential, …`, as some real deployments answer.
    InvalidCredential,
}

/// The verdict of a content rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    Risky,
    Review,
}

/// A word that makes the content model flag a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ContentRule {
    pub(crate) word: String,
    pub(crate) verdict: Verdict,
    /// `None`: the server's risky label.
    pub(crate) label: Option<i64>,
}

/// A custom keyword (the `keyword` strategy of msg_sec_check v2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct KeywordRule {
    pub(crate) word: String,
    pub(crate) level: i64,
}

/// Everything msg_sec_check and img_sec_check look for.
#[derive(Debug, Clone)]
pub(crate) struct ContentSettings {
    pub(crate) rules: Vec<ContentRule>,
    pub(crate) keywords: Vec<KeywordRule>,
    pub(crate) risky_label: i64,
    pub(crate) image_markers: Vec<Vec<u8>>,
    pub(crate) v1_style: ErrcodeStyle,
    pub(crate) v2_style: ErrcodeStyle,
    pub(crate) img_style: ErrcodeStyle,
}

impl Default for ContentSettings {
    fn default() -> Self {
        Self {
            rules: vec![ContentRule {
                word: OFFICIAL_RISKY_TEST_TEXT.to_owned(),
                verdict: Verdict::Risky,
                label: None,
            }],
            keywords: Vec::new(),
            risky_label: DEFAULT_RISKY_LABEL,
            image_markers: vec![DEFAULT_RISKY_IMAGE_MARKER.to_vec()],
            v1_style: ErrcodeStyle::String,
            v2_style: ErrcodeStyle::Number,
            img_style: ErrcodeStyle::Number,
        }
    }
}

/// The full configuration of one server.
#[derive(Debug, Clone, Default)]
pub(crate) struct Config {
    /// appid → secret.
    pub(crate) apps: HashMap<String, String>,
    pub(crate) tokens: TokenSettings,
    pub(crate) wrong_secret: WrongSecret,
    pub(crate) content: ContentSettings,
    pub(crate) component: ComponentSettings,
    pub(crate) frozen_clock: bool,
}
