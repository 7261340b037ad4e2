//! Everything tracing writes, captured for the tests that check no secret is logged.
//!
//! One global subscriber per test binary, writing into one buffer: a thread-local subscriber
//! races with other tests of the binary that meet the same callsites first with none
//! (tracing then caches that those callsites are off). So a capture holds the logs of every
//! test of the binary, every suite's — which must hold no secret either.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// A handle to the binary's captured logs.
#[derive(Clone)]
pub struct Captured(Arc<Mutex<Vec<u8>>>);

impl Default for Captured {
    fn default() -> Self {
        static BUFFER: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
        Captured(BUFFER.get_or_init(Arc::default).clone())
    }
}

impl Captured {
    /// Makes sure the global subscriber writing here is installed (at every level, spans
    /// included).
    pub fn install(&self) {
        static INSTALLED: OnceLock<()> = OnceLock::new();
        INSTALLED.get_or_init(|| {
            let writer = self.clone();
            let subscriber = tracing_subscriber::fmt()
                .with_max_level(tracing::Level::TRACE)
                .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
                .with_writer(move || writer.clone())
                .with_ansi(false)
                .finish();
            tracing::subscriber::set_global_default(subscriber)
                .expect("no other global subscriber in this test binary");
        });
    }

    /// What was written so far (by every test of the binary).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(PoisonError::into_inner)).into_owned()
    }
}

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
