//! What the runtime logs: call facts, never credentials.

use wxapi_runtime::codegen;

use super::server::{start, Mode};
use crate::support::{check, SECRET};

/// Collects every span field and event field recorded while it is the
/// current subscriber, to check what the runtime logs.
mod capture {
    use std::fmt::{Debug, Write as _};
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::{Arc, Mutex};

    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing::{Event, Metadata, Subscriber};

    #[derive(Clone, Default)]
    pub struct Capture {
        pub text: Arc<Mutex<String>>,
        next_id: Arc<AtomicU64>,
    }

    struct Visitor<'a>(&'a mut String);

    impl Visit for Visitor<'_> {
        fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
            let _ = write!(self.0, "{}={:?} ", field.name(), value);
        }
    }

    impl Subscriber for Capture {
        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }

        fn new_span(&self, span: &Attributes<'_>) -> Id {
            let mut text = self.text.lock().unwrap();
            let _ = write!(text, "\n[span {}] ", span.metadata().name());
            span.record(&mut Visitor(&mut text));
            Id::from_u64(self.next_id.fetch_add(1, Ordering::Relaxed) + 1)
        }

        fn record(&self, _: &Id, values: &Record<'_>) {
            values.record(&mut Visitor(&mut self.text.lock().unwrap()));
        }

        fn record_follows_from(&self, _: &Id, _: &Id) {}

        fn event(&self, event: &Event<'_>) {
            let mut text = self.text.lock().unwrap();
            let _ = write!(text, "\n[event {}] ", event.metadata().level());
            event.record(&mut Visitor(&mut text));
        }

        fn enter(&self, _: &Id) {}

        fn exit(&self, _: &Id) {}
    }
}

#[tokio::test]
async fn logs_carry_call_facts_but_no_credentials() {
    // The global subscriber of this test binary, set once: a thread-local one races with
    // other tests that meet the same callsites first with no subscriber (tracing caches that
    // they are off). Other tests' logs land here too, and must hold no credential either.
    static CAPTURE: std::sync::OnceLock<capture::Capture> = std::sync::OnceLock::new();
    let capture = CAPTURE
        .get_or_init(|| {
            let capture = capture::Capture::default();
            tracing::subscriber::set_global_default(capture.clone())
                .expect("no other global subscriber in this binary");
            capture
        })
        .clone();

    let h = start(Mode::AlwaysInvalid, None).await;
    let _ = codegen::call(&h.client(), check()).await.unwrap_err();
    let h = start(Mode::AcceptLatestToken, Some(40125)).await;
    let _ = codegen::call(&h.client(), check()).await.unwrap_err();

    let logs = capture.text.lock().unwrap().clone();
    for expected in [
        "[span wxapi.call] endpoint=\"test.check\"",
        "[span wxapi.token] app_id=wx-test",
        "status=200",
        "errcode=40001",
        "errcode=40125",
        "attempts=2",
        "latency_ms=",
    ] {
        assert!(logs.contains(expected), "missing {expected:?} in {logs}");
    }
    assert!(!logs.contains(SECRET), "{logs}");
    assert!(!logs.contains("tok-"), "{logs}");
}
