//! A small, lenient `multipart/form-data` parser (RFC 7578), enough for `img_sec_check`.
//! It never panics: anything it cannot make sense of is `None`.

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The `name` of its `Content-Disposition`.
    pub name: String,
    /// The `filename` of its `Content-Disposition`, if any.
    pub filename: Option<String>,
    /// Its `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// Its bytes.
    pub data: Vec<u8>,
}

/// The boundary of a `multipart/form-data` content type, or `None` for any other type.
pub(crate) fn boundary(content_type: &str) -> Option<String> {
    let mut params = split_params(content_type).into_iter();
    let mime = params.next()?;
    if !mime.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params
        .filter_map(|p| param(&p))
        .find(|(k, _)| k.eq_ignore_ascii_case("boundary"))
        .map(|(_, v)| v)
        .filter(|b| !b.is_empty())
}

/// Splits `a; b="x;y"; c` on the semicolons that are not inside quotes.
fn split_params(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut escaped = false;
    for c in value.chars() {
        match c {
            _ if escaped => {
                current.push(c);
                escaped = false;
            }
            '\\' if quoted => {
                current.push(c);
                escaped = true;
            }
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            ';' if !quoted => out.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    out.push(current);
    out
}

/// `key=value` or `key="value"` into `(key, value)`.
fn param(segment: &str) -> Option<(String, String)> {
    let (key, value) = segment.split_once('=')?;
    let value = value.trim();
    let value = match value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        Some(inner) => inner.replace("\\\"", "\"").replace("\\\\", "\\"),
        None => value.to_owned(),
    };
    Some((key.trim().to_owned(), value))
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || from > haystack.len() {
        return None;
    }
    haystack[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// Parses a multipart body. `None` if it has no well-formed part at all.
pub(crate) fn parse(body: &[u8], boundary: &str) -> Option<Vec<Part>> {
    let delimiter = format!("--{boundary}").into_bytes();
    let close = [b"\r\n".as_slice(), &delimiter].concat();
    let mut pos = find(body, &delimiter, 0)? + delimiter.len();
    let mut parts = Vec::new();
    loop {
        if body.get(pos..pos + 2) == Some(b"--") {
            break;
        }
        // Skip transport padding up to the end of the delimiter line.
        pos = find(body, b"\r\n", pos)? + 2;
        let (headers, data_start) = if body.get(pos..pos + 2) == Some(b"\r\n") {
            ("", pos + 2)
        } else {
            let end = find(body, b"\r\n\r\n", pos)?;
            (std::str::from_utf8(&body[pos..end]).ok()?, end + 4)
        };
        let data_end = find(body, &close, data_start)?;
        if let Some(part) = make_part(headers, &body[data_start..data_end]) {
            parts.push(part);
        }
        pos = data_end + close.len();
    }
    (!parts.is_empty()).then_some(parts)
}

fn make_part(headers: &str, data: &[u8]) -> Option<Part> {
    let mut name = None;
    let mut filename = None;
    let mut content_type = None;
    for line in headers.split("\r\n") {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let key = key.trim();
        if key.eq_ignore_ascii_case("content-disposition") {
            let mut params = split_params(value).into_iter();
            if !params
                .next()
                .is_some_and(|d| d.trim().eq_ignore_ascii_case("form-data"))
            {
                return None;
            }
            for (k, v) in params.filter_map(|p| param(&p)) {
                if k.eq_ignore_ascii_case("name") {
                    name = Some(v);
                } else if k.eq_ignore_ascii_case("filename") {
                    filename = Some(v);
                }
            }
        } else if key.eq_ignore_ascii_case("content-type") {
            content_type = Some(value.trim().to_owned());
        }
    }
    Some(Part {
        name: name?,
        filename,
        content_type,
        data: data.to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_boundary() {
        assert_eq!(
            boundary("multipart/form-data; boundary=abc").as_deref(),
            Some("abc")
        );
        assert_eq!(
            boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a;b\"").as_deref(),
            Some("a;b")
        );
        assert_eq!(boundary("application/json"), None);
        assert_eq!(boundary("multipart/form-data"), None);
    }

    #[test]
    fn parses_files_and_fields() {
        let body = b"preamble\r\n--XyZ\r\n\
Content-Disposition: form-data; name=\"media\"; filename=\"a;b.jpg\"\r\n\
Content-Type: image/jpeg\r\n\r\n\
\xff\xd8\r\n--X\x00\r\n--XyZ\r\n\
Content-Disposition: form-data; name=\"note\"\r\n\r\n\
hi\r\n--XyZ--\r\n";
        let parts = parse(body, "XyZ").unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "media");
        assert_eq!(parts[0].filename.as_deref(), Some("a;b.jpg"));
        assert_eq!(parts[0].content_type.as_deref(), Some("image/jpeg"));
        assert_eq!(parts[0].data, b"\xff\xd8\r\n--X\x00");
        assert_eq!(parts[1].name, "note");
        assert_eq!(parts[1].filename, None);
        assert_eq!(parts[1].data, b"hi");
    }

    #[test]
    fn garbage_is_none() {
        assert_eq!(parse(b"", "b"), None);
        assert_eq!(parse(b"--b\r\nno headers end", "b"), None);
        assert_eq!(parse(b"--b--\r\n", "b"), None);
        assert_eq!(
            parse(
                b"--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nunterminated",
                "b"
            ),
            None
        );
    }
}
