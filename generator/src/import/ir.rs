//! What one documentation page says about an API, whatever its layout: the importer's
//! reading of a page, between the layout readers (`layout/`) and the draft writer
//! (`draft.rs`).
//!
//! Everything keeps the place it was read from, so that what the writer can't map is
//! reported at the page's line and column. Values are as the page writes them (types such
//! as `objarray` or `Object`, `是`/`否`); the writer interprets them.

use crate::diag::Span;

/// The layouts WeChat has published its server API pages in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `…/server/API/…` (2024–): `接口英文名：X`, numbered sections `1. 调用方式` … `6. 错误码`,
    /// tables `参数名 | 类型 | 必填 | 说明`, sub-tables `Body.x Object Payload` /
    /// `Res.x Object Payload`.
    Current,
    /// `…/OpenApiDoc/…`: `# 接口英文名`, `# 功能描述`, `# 调用方式` with the HTTP line, tables
    /// `属性 | 类型 | 默认值 | 必填 | 说明` with nested rows under an `object` row, `# 调用示例`,
    /// `# 错误码`.
    OpenApiDoc,
    /// `…/api-backend/…` (until 2023): `### 请求地址` with the HTTP line in a code block,
    /// `### 请求参数`, `### 返回值` with `### Object` sub-headings, `**errcode 的合法值**`.
    ApiBackend,
}

impl Layout {
    pub fn name(self) -> &'static str {
        match self {
            Layout::Current => "current",
            Layout::OpenApiDoc => "OpenApiDoc",
            Layout::ApiBackend => "api-backend",
        }
    }
}

/// A value and where the page says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub span: Span,
}

/// One page, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub layout: Layout,
    /// The official URL, when the page names it (a `来源:` comment, a link to itself).
    pub source_url: Option<String>,
    /// The page's heading, e.g. `查询scheme码` (leading `#`s and the `# #` of some
    /// conversions removed).
    pub title: Option<Located<String>>,
    /// The API's English name: `queryScheme` (`接口英文名`), or the name an older page is
    /// titled with (`auth.code2Session`, `wxacode.get`).
    pub english_name: Option<Located<String>>,
    /// The description under the title, as plain paragraphs (links reduced to their text).
    pub description: Vec<String>,
    /// `POST https://api.weixin.qq.com/wxa/queryscheme?access_token=ACCESS_TOKEN`, read.
    pub http: Option<Located<HttpLine>>,
    /// The page says the API supports encrypted requests (`支持加密请求`).
    pub security_mode: bool,
    /// The cloud-call method, e.g. `urlscheme.query`.
    pub cloud_call: Option<String>,
    /// Query string parameters, `access_token` and the like included.
    pub query: Vec<Param>,
    /// Request body parameters.
    pub body: Vec<Param>,
    /// Response fields, the `errcode`/`errmsg` envelope included.
    pub response: Vec<Param>,
    /// The response is a file on success (a `buffer` field, a `Buffer` heading).
    pub binary_response: bool,
    /// The error table.
    pub errors: Vec<ErrorRow>,
    /// Request and response samples.
    pub samples: Vec<Sample>,
    /// The `注意事项` text, when it says more than "none".
    pub notes: Vec<String>,
}

/// The HTTP line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpLine {
    /// `GET` or `POST`, upper case.
    pub method: String,
    /// The path without host and query, e.g. `/wxa/queryscheme`.
    pub path: String,
    /// The names in the line's query string, e.g. `access_token`, `appid`, `secret`.
    pub query: Vec<String>,
}

/// One row of a parameter table, with the rows of its sub-table (or its nested rows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    pub name: String,
    /// As written: `string`, `number`, `objarray`, `array<string>`, `Object`, `-`, ….
    pub ty: String,
    /// `是`/`否` (or `true`/`false`, `Y`/`N`); `None` when the table has no such column.
    pub required: Option<bool>,
    /// A `默认值` column's value, when not empty.
    pub default: Option<String>,
    /// The description, cells joined, `<br>` as line breaks.
    pub doc: String,
    /// The fields of an `object`/`objarray` row, from its sub-table or nested rows.
    pub children: Vec<Param>,
    /// The row.
    pub span: Span,
}

/// One row of the error table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorRow {
    pub code: i64,
    /// The `错误描述` (errmsg) column.
    pub message: String,
    /// The `解决方案` column, when there is one.
    pub solution: String,
    pub span: Span,
}

/// What a sample shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SampleKind {
    Request,
    Response,
}

/// A request or response sample, as the page prints it (maybe truncated with `…`, maybe
/// with `//` comments).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    pub kind: SampleKind,
    /// The heading it is under, e.g. `5.2 HTTP调用示例（失败）`.
    pub title: Option<String>,
    pub text: String,
    pub span: Span,
}
