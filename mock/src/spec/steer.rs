//! Steering one endpoint of the spec by its id: which example it answers, an error code from
//! its table, faults, for some calls or all.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use super::{answer, Spec};
use crate::MockServer;

/// A steering call that names something the spec doesn't have: an endpoint, an example
/// title, an error code. The message says what exists ("did you mean …").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SteerError {
    pub(crate) message: String,
}

impl std::fmt::Display for SteerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SteerError {}

/// How one endpoint answers next; made by [`MockServer::steer`]. Nothing changes until
/// [`times`](Steer::times) or [`always`](Steer::always).
#[derive(Debug)]
#[must_use = "a steering does nothing until .times(n) or .always()"]
pub struct Steer<'a> {
    pub(crate) server: &'a MockServer,
    pub(crate) endpoint: String,
    pub(crate) answer: SteerAnswer,
    pub(crate) delay: Option<Duration>,
    pub(crate) spec: Arc<Spec>,
    pub(crate) index: usize,
    pub(crate) string_errcode: bool,
}

/// What a steered endpoint answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SteerAnswer {
    /// Its first success example (the default).
    Default,
    /// The example with this index in the spec.
    Example(usize),
    /// This error code, with the message of its table.
    Error(i64),
    /// HTTP 502 with an HTML page.
    BadGateway,
    /// The default answer cut in the middle.
    TruncatedJson,
    /// No answer: the connection is closed.
    DropConnection,
}

/// One steering of an endpoint, as armed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rule {
    pub(crate) answer: SteerAnswer,
    pub(crate) delay: Option<Duration>,
    pub(crate) string_errcode: bool,
    /// `None`: until the next steering of the endpoint.
    remaining: Option<u64>,
}

/// The steerings of every endpoint: per endpoint a stack, the newest on top. `always()`
/// replaces the stack; `times(n)` goes on top and is popped once used up, so the endpoint
/// answers as before.
#[derive(Debug, Default)]
pub(crate) struct SteerTable {
    rules: HashMap<String, Vec<Rule>>,
}

impl SteerTable {
    /// The steering for the next call of `endpoint`, used once; `None`: the default answer.
    pub(crate) fn take(&mut self, endpoint: &str) -> Option<Rule> {
        let stack = self.rules.get_mut(endpoint)?;
        while stack.last().is_some_and(|r| r.remaining == Some(0)) {
            stack.pop();
        }
        let rule = stack.last_mut()?;
        if let Some(left) = rule.remaining.as_mut() {
            *left -= 1;
        }
        Some(rule.clone())
    }

    /// Whether a steering is armed for `endpoint`.
    pub(crate) fn armed(&self, endpoint: &str) -> bool {
        self.rules
            .get(endpoint)
            .is_some_and(|stack| stack.iter().any(|r| r.remaining != Some(0)))
    }

    fn arm(&mut self, endpoint: String, rule: Rule) {
        let stack = self.rules.entry(endpoint).or_default();
        if rule.remaining.is_none() {
            stack.clear();
        }
        stack.push(rule);
    }

    /// Forgets every steering.
    pub(crate) fn clear(&mut self) {
        self.rules.clear();
    }
}

impl MockServer {
    /// Steers the endpoint with this id; an id the spec doesn't have is an error naming the
    /// closest one. Needs a spec ([`MockServerBuilder::spec`](crate::MockServerBuilder::spec)).
    ///
    /// ```no_run
    /// # async fn demo(server: &wxapi_mock::MockServer) -> Result<(), wxapi_mock::SteerError> {
    /// use std::time::Duration;
    /// server.steer("msg_sec_check")?.error(87014)?.times(1);
    /// server.steer("get_phone_number")?.example("code 无效")?.always();
    /// server.steer("get_rid_info")?.delay(Duration::from_millis(300)).drop_connection().times(2);
    /// # Ok(()) }
    /// ```
    pub fn steer(&self, endpoint: &str) -> Result<Steer<'_>, SteerError> {
        let Some(spec) = self.shared.lock().spec.clone() else {
            return Err(SteerError {
                message:
                    "this server serves no spec: start it with MockServer::builder().spec(dir)"
                        .to_owned(),
            });
        };
        let ids = spec.model.endpoints.iter().map(|e| e.id.as_str());
        let Some(index) = spec.model.endpoints.iter().position(|e| e.id == endpoint) else {
            return Err(SteerError {
                message: format!(
                    "the spec has no endpoint `{endpoint}`{}",
                    suggest(endpoint, ids)
                ),
            });
        };
        Ok(Steer {
            server: self,
            endpoint: endpoint.to_owned(),
            answer: SteerAnswer::Default,
            delay: None,
            spec,
            index,
            string_errcode: false,
        })
    }

    /// Forgets every steering: each endpoint answers its default again.
    pub fn clear_steering(&self) {
        self.shared.lock().spec_state.steering.clear();
    }
}

/// `: did you mean `x`?` for a close name, else `; it has: a, b, c`.
pub(crate) fn suggest<'a>(wanted: &str, names: impl Iterator<Item = &'a str>) -> String {
    let names: Vec<&str> = names.collect();
    let closest = names
        .iter()
        .map(|n| (distance(wanted, n), *n))
        .min_by_key(|(d, _)| *d);
    match closest {
        Some((d, name)) if d <= (wanted.chars().count() / 3).max(2) => {
            format!(": did you mean `{name}`?")
        }
        _ if names.is_empty() => String::new(),
        _ => format!("; it has: {}", names.join(", ")),
    }
}

/// Levenshtein distance, by chars.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb))
                .min(above + 1)
                .min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

impl Steer<'_> {
    fn endpoint_model(&self) -> &wxapi_codegen::model::Endpoint {
        &self.spec.model.endpoints[self.index]
    }

    fn error_here(&self, message: String) -> SteerError {
        SteerError {
            message: format!("endpoint `{}`: {message}", self.endpoint),
        }
    }

    /// Answer with the example of this title, as the spec writes it.
    pub fn example(self, title: &str) -> Result<Self, SteerError> {
        let endpoint = self.endpoint_model();
        let titles = endpoint.examples.iter().filter_map(|e| e.title.as_deref());
        match endpoint
            .examples
            .iter()
            .position(|e| e.title.as_deref() == Some(title))
        {
            Some(index) => self.example_at(index),
            None => {
                let hint = suggest(title, titles);
                Err(self.error_here(format!("no example titled {title:?}{hint}")))
            }
        }
    }

    /// Answer with the example at this position (0-based) of the endpoint's `examples`.
    pub fn example_at(mut self, index: usize) -> Result<Self, SteerError> {
        let examples = &self.endpoint_model().examples;
        match examples.get(index) {
            None => Err(self.error_here(format!(
                "no example at {index}: it has {} example(s)",
                examples.len()
            ))),
            Some(example) if example.output.is_none() => Err(self.error_here(format!(
                "example {index} ({:?}) has no response to answer with",
                example.title.as_deref().unwrap_or("untitled")
            ))),
            Some(_) => {
                self.answer = SteerAnswer::Example(index);
                Ok(self)
            }
        }
    }

    /// Answer with this error code: one of the endpoint's own table or the common table,
    /// with the message of its table.
    pub fn error(mut self, code: i64) -> Result<Self, SteerError> {
        let endpoint = self.endpoint_model();
        if answer::error_message(&self.spec.model, endpoint, code).is_some() {
            self.answer = SteerAnswer::Error(code);
            return Ok(self);
        }
        let own: Vec<String> = endpoint
            .errors
            .codes
            .iter()
            .map(|c| c.code.to_string())
            .collect();
        let listed: Vec<String> = endpoint.common_errors.iter().map(i64::to_string).collect();
        Err(self.error_here(format!(
            "error {code} is neither in its table ({}) nor in the common table (it lists {})",
            if own.is_empty() {
                "empty".to_owned()
            } else {
                own.join(", ")
            },
            if listed.is_empty() {
                "none".to_owned()
            } else {
                listed.join(", ")
            },
        )))
    }

    /// Wait this long (real time) before answering.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// Answer HTTP 502 with an HTML page, as a gateway does.
    pub fn bad_gateway(mut self) -> Self {
        self.answer = SteerAnswer::BadGateway;
        self
    }

    /// Answer the default body cut in the middle.
    pub fn truncated_json(mut self) -> Self {
        self.answer = SteerAnswer::TruncatedJson;
        self
    }

    /// Close the connection instead of answering.
    pub fn drop_connection(mut self) -> Self {
        self.answer = SteerAnswer::DropConnection;
        self
    }

    /// Spell a numeric top-level `errcode` of the answer as a string (`"errcode":"0"`).
    pub fn string_errcode(mut self) -> Self {
        self.string_errcode = true;
        self
    }

    /// Applies to the next `n` calls, then the endpoint answers as before.
    pub fn times(self, n: u64) {
        self.arm(Some(n));
    }

    /// Applies until the next steering of this endpoint.
    pub fn always(self) {
        self.arm(None);
    }

    fn arm(self, remaining: Option<u64>) {
        let rule = Rule {
            answer: self.answer,
            delay: self.delay,
            string_errcode: self.string_errcode,
            remaining,
        };
        self.server
            .shared
            .lock()
            .spec_state
            .steering
            .arm(self.endpoint, rule);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(answer: SteerAnswer, remaining: Option<u64>) -> Rule {
        Rule {
            answer,
            delay: None,
            string_errcode: false,
            remaining,
        }
    }

    #[test]
    fn times_goes_back_to_the_previous_answer() {
        let mut table = SteerTable::default();
        table.arm("a".into(), rule(SteerAnswer::Error(1), None));
        table.arm("a".into(), rule(SteerAnswer::Error(2), Some(1)));
        assert_eq!(
            table.take("a").map(|r| r.answer),
            Some(SteerAnswer::Error(2))
        );
        assert_eq!(
            table.take("a").map(|r| r.answer),
            Some(SteerAnswer::Error(1))
        );
        table.arm("a".into(), rule(SteerAnswer::BadGateway, Some(1)));
        table.arm("a".into(), rule(SteerAnswer::Default, None));
        assert_eq!(
            table.take("a").map(|r| r.answer),
            Some(SteerAnswer::Default)
        );
        assert_eq!(table.take("b"), None);
    }

    #[test]
    fn suggestions() {
        let names = ["msg_sec_check", "img_sec_check"];
        assert_eq!(
            suggest("msg_sec_chek", names.into_iter()),
            ": did you mean `msg_sec_check`?"
        );
        assert_eq!(
            suggest("qrcode", names.into_iter()),
            "; it has: msg_sec_check, img_sec_check"
        );
    }
}
