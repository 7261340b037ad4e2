//! Which way each type travels, and so which serde traits it has.
//!
//! A request is only ever encoded and a response only ever decoded. Giving both traits to
//! every type doubles the code the compiler checks for no use. So a type derives `Serialize`
//! when it is sent (reachable from a request or service data), implements `Deserialize` when
//! it is received (reachable from a response or service result; see `object.rs`), and both
//! when it is both, or neither (an unused shared type, kept usable either way). `both_ways`
//! gives both everywhere, for users who store or forward the values.

use std::collections::HashSet;

use crate::model::Model;

/// What the emitters ask of a type's serde derives.
#[derive(Debug, Default)]
pub struct Directions {
    sent: HashSet<String>,
    received: HashSet<String>,
    /// Types the examples test decodes request examples into: when they are only sent,
    /// they also derive `Deserialize` under `cfg(test)`.
    in_examples: HashSet<String>,
    examples_test: bool,
    /// Derive both traits on every type.
    both_ways: bool,
}

/// The serde traits one type derives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ways {
    pub encode: bool,
    pub decode: bool,
    /// `Deserialize` only in the crate's own tests.
    pub decode_in_tests: bool,
}

impl Directions {
    pub fn new(model: &Model, both_ways: bool, examples_test: bool) -> Self {
        let sent = model.reachable(
            model
                .endpoints
                .iter()
                .flat_map(|e| &e.request.fields)
                .chain(model.services.iter().flat_map(|s| &s.data.fields)),
        );
        let received = model.reachable(
            model
                .endpoints
                .iter()
                .flat_map(|e| &e.response.fields)
                .chain(model.services.iter().flat_map(|s| &s.result.fields)),
        );
        let in_examples = if examples_test {
            model.reachable(
                model
                    .endpoints
                    .iter()
                    .filter(|e| e.examples.iter().any(|x| x.input.is_some()))
                    .flat_map(|e| &e.request.fields)
                    .chain(
                        model
                            .services
                            .iter()
                            .filter(|s| s.examples.iter().any(|x| x.input.is_some()))
                            .flat_map(|s| &s.data.fields),
                    ),
            )
        } else {
            HashSet::new()
        };
        Directions {
            sent,
            received,
            in_examples,
            examples_test,
            both_ways,
        }
    }

    /// True when a named type is reachable from a request or service data: it is built by
    /// callers, so it gets a constructor and setters.
    pub fn is_sent(&self, name: &str) -> bool {
        self.sent.contains(name)
    }

    /// A request or service data; `has_examples` when the spec gives examples of it.
    pub fn input(&self, has_examples: bool) -> Ways {
        self.ways(true, false, self.examples_test && has_examples)
    }

    /// A response or service result.
    pub fn output(&self) -> Ways {
        self.ways(false, true, false)
    }

    /// A named type, by where it is used.
    pub fn named(&self, name: &str) -> Ways {
        let (sent, received) = (self.sent.contains(name), self.received.contains(name));
        if sent || received {
            self.ways(sent, received, self.in_examples.contains(name))
        } else {
            self.ways(true, true, false)
        }
    }

    fn ways(&self, sent: bool, received: bool, in_examples: bool) -> Ways {
        let encode = sent || self.both_ways;
        let decode = received || self.both_ways;
        Ways {
            encode,
            decode,
            decode_in_tests: !decode && in_examples,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{check, Diagnostics, SpecTree};

    /// The repository's spec with one shared type nothing uses.
    fn model() -> Model {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        let mut tree = SpecTree::read(&root).expect("spec/ reads");
        tree.files.push((
            "types/zz_unused.yaml".to_owned(),
            b"doc: Test.\ntypes:\n  ZzUnused:\n    type: object\n    doc: Nothing uses it.\n    fields:\n      a: { type: string, doc: A. }\n".to_vec(),
        ));
        let mut dx = Diagnostics::default();
        check(&tree, &mut dx).unwrap_or_else(|| panic!("the spec is invalid: {dx}"))
    }

    fn ways(encode: bool, decode: bool, decode_in_tests: bool) -> Ways {
        Ways {
            encode,
            decode,
            decode_in_tests,
        }
    }

    #[test]
    fn each_type_derives_what_its_direction_needs() {
        let model = model();
        let d = Directions::new(&model, false, true);
        // A scene is only sent, a suggestion only received.
        assert_eq!(d.named("SecScene"), ways(true, false, true));
        assert_eq!(d.named("SecSuggest"), ways(false, true, false));
        assert_eq!(d.named("SecResult"), ways(false, true, false));
        assert!(d.is_sent("SecScene") && !d.is_sent("SecResult"));
        assert_eq!(d.named("ZzUnused"), ways(true, true, false));
        assert_eq!(d.input(true), ways(true, false, true));
        assert_eq!(d.input(false), ways(true, false, false));
        assert_eq!(d.output(), ways(false, true, false));
        let without_tests = Directions::new(&model, false, false);
        assert_eq!(without_tests.input(true), ways(true, false, false));
        assert_eq!(without_tests.named("SecScene"), ways(true, false, false));
    }

    #[test]
    fn both_ways_derives_both_everywhere() {
        let model = model();
        let d = Directions::new(&model, true, true);
        for w in [
            d.input(true),
            d.output(),
            d.named("SecScene"),
            d.named("SecSuggest"),
        ] {
            assert_eq!(w, ways(true, true, false));
        }
    }
}
