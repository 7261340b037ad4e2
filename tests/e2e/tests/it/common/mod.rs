//! What only the suites need besides the crate's harness (`wxapi_e2e`): captured logs, the
//! repository and its copies, one-at-a-time heavy tests, and shared assertions.

pub mod logs;
pub mod repo;

use tokio::sync::{Mutex, MutexGuard};
use wxapi::{Client, CommonError, Error, MsgSecCheckError, MsgSecCheckRequest, SecScene};

/// Held by each heavy test (a cargo build, the TypeScript compiler, the load run) for its
/// whole run, so that they run one at a time, as they did when each suite was a binary of its
/// own: two of them at once share two cores with each other, and the load run must not (a
/// starved retry meets the next token rotation).
static HEAVY: Mutex<()> = Mutex::const_new(());

/// [`HEAVY`], for a synchronous test.
pub fn heavy() -> MutexGuard<'static, ()> {
    HEAVY.blocking_lock()
}

/// [`HEAVY`], for an asynchronous test.
pub async fn heavy_async() -> MutexGuard<'static, ()> {
    HEAVY.lock().await
}

/// A check with an empty openid is refused with the common error 40003, typed.
pub async fn assert_empty_openid_is_invalid(client: &Client, content: &str) {
    let err = client
        .msg_sec_check(MsgSecCheckRequest::new(content, SecScene::Comment, ""))
        .await
        .expect_err("empty openid");
    assert!(
        matches!(
            err,
            Error::Api(MsgSecCheckError::Common(CommonError::InvalidOpenid))
        ),
        "{err:?}"
    );
}
