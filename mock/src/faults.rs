//! Faults on demand: armed from a test with [`MockServer::fault`](crate::MockServer::fault),
//! consumed by the next matching requests.

use std::sync::Arc;
use std::time::Duration;

use crate::codes;
use crate::envelope::{Reply, JSON_CONTENT_TYPE};
use crate::state::Shared;

/// Something going wrong with a request, on demand.
///
/// Arm one with [`MockServer::fault`](crate::MockServer::fault):
///
/// ```no_run
/// # async fn demo(server: &wxapi_mock::MockServer) {
/// use std::time::Duration;
/// use wxapi_mock::Fault;
///
/// server.fault(Fault::SystemBusy).on("/wxa/msg_sec_check").times(2);
/// server.fault(Fault::Delay(Duration::from_millis(300))).always();
/// server.fault(Fault::DropConnection).once();
/// # }
/// ```
///
/// Faults replace the normal handling of the request (the request is still counted by
/// [`MockServer::requests`](crate::MockServer::requests)), except [`Fault::Delay`], which
/// only waits, and [`Fault::StringErrcode`], which only rewrites the normal answer. A delay
/// combines with one other fault: per request, the oldest armed delay that matches and the
/// oldest armed other fault that matches are both used.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// Wait this long (real time, not the fake clock) before handling the request normally.
    Delay(Duration),
    /// `{"errcode":-1,"errmsg":"system error rid: …"}`.
    SystemBusy,
    /// `{"errcode":45009,"errmsg":"reach max api daily quota limit rid: …"}`.
    DailyQuota,
    /// `{"errcode":45011,"errmsg":"api minute-quota reach limit, must slower, retry next minute rid: …"}`.
    MinuteQuota,
    /// HTTP 502 with the HTML body `<html>502 Bad Gateway</html>`, as a gateway in front of
    /// the API would answer.
    BadGateway,
    /// HTTP 200 with a JSON content type and a truncated JSON body.
    MalformedJson,
    /// HTTP 200 with a JSON content type and an empty body.
    EmptyBody,
    /// The connection is closed without any response (after the request was read).
    DropConnection,
    /// The normal answer, with a numeric top-level `errcode` sent as a string (`"0"`,
    /// `"40001"`). Answers without `errcode` (a token) are unchanged.
    StringErrcode,
    /// Any WeChat error: `{"errcode": errcode, "errmsg": "<errmsg> rid: …"}`.
    Error {
        /// The `errcode` to answer.
        errcode: i64,
        /// The `errmsg` to answer, before the `rid:` suffix.
        errmsg: String,
    },
}

impl Fault {
    /// [`Fault::Error`] with the standard message of `errcode` (see [`codes::errmsg`]).
    pub fn errcode(errcode: i64) -> Self {
        Fault::Error {
            errcode,
            errmsg: codes::errmsg(errcode).to_owned(),
        }
    }

    /// The answer this fault produces in place of the normal one, if it replaces it.
    pub(crate) fn reply(&self) -> Option<Reply> {
        let raw = |status, content_type, body: &[u8]| Reply::Raw {
            status,
            content_type,
            body: body.to_vec(),
        };
        Some(match self {
            Fault::Delay(_) | Fault::StringErrcode => return None,
            Fault::SystemBusy => Reply::error(codes::SYSTEM_ERROR),
            Fault::DailyQuota => Reply::error(codes::DAILY_QUOTA),
            Fault::MinuteQuota => Reply::error(codes::MINUTE_QUOTA),
            Fault::BadGateway => raw(502, "text/html", b"<html>502 Bad Gateway</html>"),
            Fault::MalformedJson => {
                raw(200, JSON_CONTENT_TYPE, b"{\"errcode\":0,\"errmsg\":\"ok\",")
            }
            Fault::EmptyBody => raw(200, JSON_CONTENT_TYPE, b""),
            Fault::DropConnection => Reply::Drop,
            Fault::Error { errcode, errmsg } => Reply::error_with(*errcode, errmsg),
        })
    }
}

#[derive(Debug)]
struct Rule {
    id: u64,
    fault: Fault,
    path: Option<String>,
    /// `None`: forever.
    remaining: Option<u64>,
    triggered: u64,
}

impl Rule {
    fn matches(&self, path: &str) -> bool {
        self.remaining != Some(0) && self.path.as_deref().is_none_or(|p| p == path)
    }
}

/// The faults chosen for one request.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Selected {
    pub(crate) delay: Option<Duration>,
    pub(crate) fault: Option<Fault>,
}

/// Every armed fault of one server, oldest first.
#[derive(Debug, Default)]
pub(crate) struct FaultTable {
    rules: Vec<Rule>,
    next_id: u64,
}

impl FaultTable {
    pub(crate) fn arm(&mut self, fault: Fault, path: Option<String>, times: Option<u64>) -> u64 {
        self.next_id += 1;
        self.rules.push(Rule {
            id: self.next_id,
            fault,
            path,
            remaining: times,
            triggered: 0,
        });
        self.next_id
    }

    /// Consumes the faults that apply to a request on `path`.
    pub(crate) fn take(&mut self, path: &str) -> Selected {
        let mut selected = Selected::default();
        for rule in self.rules.iter_mut().filter(|r| r.matches(path)) {
            let use_it = match rule.fault {
                Fault::Delay(d) if selected.delay.is_none() => {
                    selected.delay = Some(d);
                    true
                }
                Fault::Delay(_) => false,
                _ if selected.fault.is_none() => {
                    selected.fault = Some(rule.fault.clone());
                    true
                }
                _ => false,
            };
            if use_it {
                rule.triggered += 1;
                if let Some(left) = rule.remaining.as_mut() {
                    *left -= 1;
                }
            }
        }
        selected
    }

    fn rule(&self, id: u64) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    pub(crate) fn disarm(&mut self, id: u64) {
        if let Some(rule) = self.rules.iter_mut().find(|r| r.id == id) {
            rule.remaining = Some(0);
        }
    }

    pub(crate) fn clear(&mut self) {
        self.rules.clear();
    }
}

/// A fault being armed; returned by [`MockServer::fault`](crate::MockServer::fault).
///
/// It is armed only by one of [`once`](Self::once), [`times`](Self::times) or
/// [`always`](Self::always), after an optional [`on`](Self::on).
#[must_use = "a fault is armed only by .once(), .times(n) or .always()"]
#[derive(Debug)]
pub struct FaultBuilder {
    shared: Arc<Shared>,
    fault: Fault,
    path: Option<String>,
}

impl FaultBuilder {
    pub(crate) fn new(shared: Arc<Shared>, fault: Fault) -> Self {
        Self {
            shared,
            fault,
            path: None,
        }
    }

    /// Applies the fault only to requests on this path (e.g. `"/wxa/msg_sec_check"`, without
    /// query string). Without it, the fault applies to every path.
    pub fn on(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Arms the fault for the next `n` matching requests.
    pub fn times(self, n: u64) -> FaultHandle {
        self.arm(Some(n))
    }

    /// Arms the fault for the next matching request.
    pub fn once(self) -> FaultHandle {
        self.arm(Some(1))
    }

    /// Arms the fault for every matching request until it is disarmed.
    pub fn always(self) -> FaultHandle {
        self.arm(None)
    }

    fn arm(self, times: Option<u64>) -> FaultHandle {
        let id = self.shared.lock().faults.arm(self.fault, self.path, times);
        FaultHandle {
            shared: self.shared,
            id,
        }
    }
}

/// An armed fault. Dropping the handle leaves the fault armed.
#[derive(Debug, Clone)]
pub struct FaultHandle {
    shared: Arc<Shared>,
    id: u64,
}

impl FaultHandle {
    /// How many requests this fault has been applied to.
    pub fn triggered(&self) -> u64 {
        let inner = self.shared.lock();
        inner.faults.rule(self.id).map_or(0, |r| r.triggered)
    }

    /// How many more requests it will apply to; `None` for a fault armed with
    /// [`always`](FaultBuilder::always) and not disarmed.
    pub fn remaining(&self) -> Option<u64> {
        let inner = self.shared.lock();
        inner.faults.rule(self.id).map_or(Some(0), |r| r.remaining)
    }

    /// Stops the fault from applying to further requests.
    pub fn disarm(&self) {
        self.shared.lock().faults.disarm(self.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_are_consumed_in_order_and_by_path() {
        let mut table = FaultTable::default();
        table.arm(Fault::SystemBusy, Some("/a".into()), Some(1));
        table.arm(Fault::DailyQuota, None, Some(2));
        table.arm(Fault::Delay(Duration::from_millis(5)), None, None);
        let first = table.take("/a");
        assert_eq!(first.fault, Some(Fault::SystemBusy));
        assert_eq!(first.delay, Some(Duration::from_millis(5)));
        assert_eq!(table.take("/b").fault, Some(Fault::DailyQuota));
        assert_eq!(table.take("/a").fault, Some(Fault::DailyQuota));
        assert_eq!(table.take("/a").fault, None);
    }

    #[test]
    fn disarmed_faults_do_not_apply() {
        let mut table = FaultTable::default();
        let id = table.arm(Fault::EmptyBody, None, None);
        table.disarm(id);
        assert_eq!(table.take("/x"), Selected::default());
    }
}
