//! Files that endpoints answer with (QR codes, temporary media).

use std::fmt;

use bytes::Bytes;

/// The bytes an endpoint answers with instead of JSON, such as a QR code image, with the
/// `Content-Type` WeChat labelled them with.
///
/// Such endpoints answer errors as the usual JSON envelope, with the same HTTP status, so
/// the client tells the two apart by the body itself: JSON with an `errcode` is the
/// endpoint's typed error, never a `Media`, whatever its `Content-Type` says. The bytes are
/// [`Bytes`], so cloning does not copy them; `Debug` shows their length, not their contents.
///
/// ```no_run
/// # fn save(media: wxapi_runtime::Media) -> std::io::Result<()> {
/// let name = format!("qrcode.{}", media.extension().unwrap_or("bin"));
/// std::fs::write(name, &media.bytes)?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Media {
    /// The response's `Content-Type` (e.g. `image/jpeg`), if it had one.
    pub content_type: Option<String>,
    /// The file's bytes, as received.
    pub bytes: Bytes,
}

impl Media {
    /// A file answer from its bytes and content type (for tests and mock servers).
    pub fn new(bytes: impl Into<Bytes>, content_type: Option<String>) -> Self {
        Media {
            content_type,
            bytes: bytes.into(),
        }
    }

    /// The usual file-name extension of the content type (`jpg` for `image/jpeg`), for the
    /// types WeChat sends; `None` for others or when there is no content type.
    pub fn extension(&self) -> Option<&'static str> {
        let essence = self.content_type.as_deref()?.split(';').next()?.trim();
        let extension = match essence.to_ascii_lowercase().as_str() {
            "image/jpeg" | "image/jpg" => "jpg",
            "image/png" => "png",
            "image/gif" => "gif",
            "image/webp" => "webp",
            "image/bmp" => "bmp",
            "audio/amr" => "amr",
            "audio/mpeg" | "audio/mp3" => "mp3",
            "video/mp4" => "mp4",
            _ => return None,
        };
        Some(extension)
    }

    /// Length of the bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether there are no bytes (never true for a decoded answer).
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

impl fmt::Debug for Media {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Media")
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_follows_the_content_type() {
        let media = |ct: Option<&str>| Media::new(vec![1, 2], ct.map(str::to_owned));
        assert_eq!(media(Some("image/jpeg")).extension(), Some("jpg"));
        assert_eq!(
            media(Some("IMAGE/PNG; charset=binary")).extension(),
            Some("png")
        );
        assert_eq!(media(Some("application/x-unknown")).extension(), None);
        assert_eq!(media(None).extension(), None);
    }

    #[test]
    fn debug_shows_length_not_bytes() {
        let media = Media::new(b"private".to_vec(), Some("image/png".to_owned()));
        assert_eq!(
            format!("{media:?}"),
            r#"Media { content_type: Some("image/png"), len: 7 }"#
        );
        assert_eq!(media.len(), 7);
        assert!(!media.is_empty());
    }
}
