//! A fake WeChat API server for tests (work in progress).
