//! In-memory files for multipart uploads.

use std::fmt;

use bytes::Bytes;

/// A file sent as one part of a `multipart/form-data` body (for example the
/// `media` field of `img_sec_check`).
///
/// The contents are [`Bytes`], so cloning a `File` (as retries do) does not
/// copy them. `Debug` shows the name, type and length but never the bytes,
/// which may be large or private.
#[derive(Clone, PartialEq, Eq)]
pub struct File {
    bytes: Bytes,
    filename: String,
    content_type: String,
}

impl File {
    /// Creates a file from its contents, the filename sent to the server,
    /// and its MIME type (for example `image/png`).
    pub fn new(
        bytes: impl Into<Bytes>,
        filename: impl Into<String>,
        content_type: impl Into<String>,
    ) -> Self {
        File {
            bytes: bytes.into(),
            filename: filename.into(),
            content_type: content_type.into(),
        }
    }

    /// The contents.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// The filename sent in the part's `Content-Disposition`.
    pub fn filename(&self) -> &str {
        &self.filename
    }

    /// The part's `Content-Type`.
    pub fn content_type(&self) -> &str {
        &self.content_type
    }

    /// Length of the contents in bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether the contents are empty.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("File")
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_contents() {
        let file = File::new(b"secret pixels".to_vec(), "a.png", "image/png");
        let debug = format!("{file:?}");
        assert_eq!(
            debug,
            r#"File { filename: "a.png", content_type: "image/png", len: 13 }"#
        );
        assert_eq!(file.len(), 13);
        assert!(!file.is_empty());
        assert_eq!(file.filename(), "a.png");
        assert_eq!(file.content_type(), "image/png");
        assert_eq!(&file.bytes()[..], b"secret pixels");
    }
}
