//! A finding drawn the way diagnostics are: the change, then each place with its source line
//! and the node underlined, the old place labelled "was" and the new "now", and the version
//! bump it needs. miette draws it when the `fancy` feature is on (the old place as a related
//! report, since each has its own file); rustc's plain style otherwise.

use std::fmt::Write as _;

use super::Finding;
use crate::diag::render::plain::snippet;
use crate::load::SpecTree;
use crate::model::Origin;

/// One side of a finding: where it is, with the text of its file.
pub(super) struct Place<'a> {
    /// `file:line:col`, the file as its tree displays it.
    pub shown: String,
    pub file: String,
    pub line: usize,
    pub col: usize,
    /// The declaration's byte offset and length in `text`.
    pub span: (usize, usize),
    pub text: &'a [u8],
}

impl<'a> Place<'a> {
    pub(super) fn of(origin: Option<&Origin>, tree: &'a SpecTree) -> Option<Place<'a>> {
        let o = origin?;
        let file = tree.display(&o.file);
        let text = tree
            .files
            .iter()
            .find(|(rel, _)| *rel == o.file)
            .map_or(&[][..], |(_, bytes)| bytes.as_slice());
        Some(Place {
            shown: format!("{file}:{}:{}", o.line, o.col),
            file,
            line: o.line,
            col: o.col,
            span: (o.offset, o.len),
            text,
        })
    }
}

/// The labels under the old place and the new. Where a thing was added (or removed), the
/// old (or new) place is its parent's: say so rather than "was" (or "now").
fn labels(f: &Finding) -> [&'static str; 2] {
    let id = f.rule.id();
    let old = if id.contains("-added") {
        "not declared in here before"
    } else {
        "was"
    };
    let new = if id.ends_with("-removed") {
        "no longer declared in here"
    } else {
        "now"
    };
    [old, new]
}

/// Drawn in rustc's plain style.
pub(super) fn plain(f: &Finding, was: Option<&Place>, now: Option<&Place>) -> String {
    let mut out = String::new();
    let (level, id) = (f.level().as_str(), f.rule.id());
    let _ = writeln!(out, "{level}[{id}]: {}", f.message);
    let [old, new] = labels(f);
    for (side, label, place) in [("was", old, was), ("now", new, now)] {
        if let Some(p) = place {
            let text = String::from_utf8_lossy(p.text);
            let at = format!("{side}: {}", p.shown);
            out.push_str(&snippet(&at, p.span, &text, label));
        }
    }
    let _ = writeln!(out, "  = semver: {}", f.level().semver_note());
    out.push('\n');
    out
}

/// Drawn by miette.
#[cfg(feature = "fancy")]
pub(super) fn draw(f: &Finding, was: Option<&Place>, now: Option<&Place>, color: bool) -> String {
    fancy::draw(f, was, now, color)
}

/// Drawn in rustc's plain style (the `fancy` feature is off).
#[cfg(not(feature = "fancy"))]
pub(super) fn draw(f: &Finding, was: Option<&Place>, now: Option<&Place>, _color: bool) -> String {
    plain(f, was, now)
}

#[cfg(feature = "fancy")]
mod fancy {
    use std::fmt;
    use std::sync::Arc;

    use miette::{
        GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, Severity, SourceSpan,
    };

    use super::{labels, Finding, Place};
    use crate::diag::render::fancy::{source_span, WIDTH};
    use crate::diff::Level;

    pub(super) fn draw(
        f: &Finding,
        was: Option<&Place>,
        now: Option<&Place>,
        color: bool,
    ) -> String {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_width(WIDTH)
            .with_links(false);
        // The new place is the finding's own; the old one is related, with its own file.
        let [old, new] = labels(f);
        let (main, other) = match (was, now) {
            (Some(was), Some(now)) => (Some((new, now)), Some((old, was))),
            (Some(was), None) => (Some((old, was)), None),
            (None, now) => (now.map(|p| (new, p)), None),
        };
        let related = other.map(|(label, p)| Side::new(label, p, format!("was: {}", p.file)));
        let report = Report {
            finding: f,
            side: main.map(|(label, p)| Side::new(label, p, String::new())),
            related,
            help: f.level().semver_note(),
        };
        let mut out = String::new();
        if handler.render_report(&mut out, &report).is_err() {
            return super::plain(f, was, now);
        }
        out
    }

    /// One place as miette draws it.
    #[derive(Debug)]
    struct Side {
        label: &'static str,
        message: String,
        source: NamedSource<Arc<str>>,
        span: SourceSpan,
    }

    impl Side {
        fn new(label: &'static str, p: &Place, message: String) -> Side {
            let text: Arc<str> = Arc::from(String::from_utf8_lossy(p.text));
            Side {
                label,
                message,
                span: source_span(&text, p.span),
                source: NamedSource::new(&p.file, text),
            }
        }

        fn labels(&self) -> Box<dyn Iterator<Item = LabeledSpan> + '_> {
            let label = LabeledSpan::new_with_span(Some(self.label.to_owned()), self.span);
            Box::new(std::iter::once(label))
        }
    }

    impl fmt::Display for Side {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(&self.message)
        }
    }

    impl std::error::Error for Side {}

    impl miette::Diagnostic for Side {
        fn severity(&self) -> Option<Severity> {
            Some(Severity::Advice)
        }

        fn source_code(&self) -> Option<&dyn miette::SourceCode> {
            Some(&self.source)
        }

        fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
            Some(Side::labels(self))
        }
    }

    /// A finding as miette draws it.
    #[derive(Debug)]
    struct Report<'a> {
        finding: &'a Finding,
        side: Option<Side>,
        related: Option<Side>,
        help: &'static str,
    }

    impl fmt::Display for Report<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(&self.finding.message)
        }
    }

    impl std::error::Error for Report<'_> {}

    impl miette::Diagnostic for Report<'_> {
        fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
            let level = self.finding.level().as_str();
            let code = format!("{level}[{}]", self.finding.rule.id());
            Some(Box::new(code))
        }

        fn severity(&self) -> Option<Severity> {
            Some(match self.finding.level() {
                Level::Breaking => Severity::Error,
                Level::Warning => Severity::Warning,
                Level::Info => Severity::Advice,
            })
        }

        fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
            Some(Box::new(self.help))
        }

        fn source_code(&self) -> Option<&dyn miette::SourceCode> {
            self.side
                .as_ref()
                .map(|s| &s.source as &dyn miette::SourceCode)
        }

        fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
            self.side.as_ref().map(Side::labels)
        }

        fn related<'b>(
            &'b self,
        ) -> Option<Box<dyn Iterator<Item = &'b dyn miette::Diagnostic> + 'b>> {
            let related = self.related.as_ref()?;
            Some(Box::new(std::iter::once(
                related as &dyn miette::Diagnostic,
            )))
        }
    }
}
