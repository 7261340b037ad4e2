//! Whether a crate's version moved far enough for the changes made since: a breaking change
//! needs a version cargo treats as incompatible with the old one (a new major version; before
//! 1.0, a new minor one; before 0.1, a new patch).

use std::fmt;

use super::{Finding, Level};

/// A `MAJOR.MINOR.PATCH` version; a pre-release or build suffix is kept for display only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
    text: String,
}

impl Version {
    pub fn parse(text: &str) -> Result<Version, String> {
        let text = text.trim();
        let core = text.split(['-', '+']).next().unwrap_or_default();
        let numbers: Vec<Option<u64>> = core.split('.').map(|n| n.parse().ok()).collect();
        match numbers.as_slice() {
            [Some(major), Some(minor), Some(patch)] => Ok(Version {
                major: *major,
                minor: *minor,
                patch: *patch,
                text: text.to_owned(),
            }),
            _ => Err(format!("`{text}` is not a MAJOR.MINOR.PATCH version")),
        }
    }

    /// The numbers cargo compares to decide compatibility: the first non-zero one and those
    /// before it.
    fn compatibility(&self) -> (u64, u64, u64) {
        match (self.major, self.minor) {
            (0, 0) => (0, 0, self.patch),
            (0, minor) => (0, minor, 0),
            (major, _) => (major, 0, 0),
        }
    }

    /// The smallest version after `self` that cargo treats as incompatible with it.
    pub fn next_breaking(&self) -> Version {
        let (major, minor, patch) = match (self.major, self.minor) {
            (0, 0) => (0, 0, self.patch + 1),
            (0, minor) => (0, minor + 1, 0),
            (major, _) => (major + 1, 0, 0),
        };
        Version {
            major,
            minor,
            patch,
            text: format!("{major}.{minor}.{patch}"),
        }
    }

    fn numbers(&self) -> (u64, u64, u64) {
        (self.major, self.minor, self.patch)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Ok when going from `old` to `new` is allowed with these findings: any version after a
/// breaking change must be incompatible with `old`; otherwise nothing is asked (a release
/// picks its patch or minor bump). The error says which version would do.
pub fn check_bump(findings: &[Finding], old: &Version, new: &Version) -> Result<(), String> {
    let breaking = findings
        .iter()
        .filter(|f| f.level() == Level::Breaking)
        .count();
    if breaking == 0 {
        return Ok(());
    }
    if new.numbers() > old.numbers() && new.compatibility() > old.compatibility() {
        return Ok(());
    }
    Err(format!(
        "{breaking} breaking change(s) since version {old}, but the crate is still {new}, \
         which cargo treats as compatible: set its version to {} or later",
        old.next_breaking()
    ))
}

/// The `version = "…"` of a manifest's `[package]` table (a small reader: the manifest is
/// the project's own, with the version written out).
pub fn manifest_version(manifest: &str) -> Result<Version, String> {
    let mut in_package = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
            continue;
        }
        let Some(value) = line.strip_prefix("version") else {
            continue;
        };
        let Some(value) = value.trim_start().strip_prefix('=') else {
            continue;
        };
        if in_package {
            let value = value.trim().trim_matches('"');
            return Version::parse(value);
        }
    }
    Err("no `version = \"…\"` in its [package] table".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::Rule;

    fn v(text: &str) -> Version {
        Version::parse(text).expect("a version")
    }

    fn finding(rule: Rule) -> Finding {
        Finding {
            rule,
            message: String::new(),
            old: None,
            new: None,
        }
    }

    #[test]
    fn a_breaking_change_needs_an_incompatible_version() {
        let breaking = [finding(Rule::ErrorCodeRemoved), finding(Rule::TypeAdded)];
        for (old, new, ok) in [
            ("0.1.0", "0.1.1", false),
            ("0.1.0", "0.2.0", true),
            ("0.1.3", "1.0.0", true),
            ("1.2.3", "1.3.0", false),
            ("1.2.3", "2.0.0", true),
            ("0.0.3", "0.0.4", true),
            ("0.2.0", "0.1.9", false),
            ("0.1.0", "0.1.0", false),
        ] {
            assert_eq!(
                check_bump(&breaking, &v(old), &v(new)).is_ok(),
                ok,
                "{old} -> {new}"
            );
        }
        let error = check_bump(&breaking, &v("0.1.0"), &v("0.1.0")).expect_err("no bump");
        assert!(
            error.contains("set its version to 0.2.0 or later"),
            "{error}"
        );
        assert!(error.starts_with("1 breaking change(s)"), "{error}");
    }

    #[test]
    fn other_changes_ask_for_nothing() {
        let info = [finding(Rule::TypeAdded), finding(Rule::ErrorRetryChanged)];
        assert!(check_bump(&info, &v("0.1.0"), &v("0.1.0")).is_ok());
        assert!(check_bump(&[], &v("1.0.0"), &v("1.0.0")).is_ok());
    }

    #[test]
    fn the_package_version_is_read_from_its_table() {
        let manifest = "[workspace]\nversion = \"9.9.9\"\n\n[package]\nname = \"wxapi\"\nversion = \"0.3.1-beta.1\"\n\n[dependencies]\nx = { version = \"1\" }\n";
        let version = manifest_version(manifest).expect("version");
        assert_eq!((version.major, version.minor, version.patch), (0, 3, 1));
        assert_eq!(version.to_string(), "0.3.1-beta.1");
        assert!(manifest_version("[package]\nversion.workspace = true\n").is_err());
        assert!(Version::parse("1.2").is_err());
    }
}
