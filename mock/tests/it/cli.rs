//! The `wxapi-mock` command: serves a spec until interrupted.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::common::*;

#[tokio::test]
async fn serves_a_spec_until_interrupted() {
    let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec");
    let mut child = Command::new(env!("CARGO_BIN_EXE_wxapi-mock"))
        .args(["--spec", spec, "--port", "0", "--app", "wxcli:clisecret"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn wxapi-mock");
    let mut line = String::new();
    let stdout = child.stdout.take().expect("stdout");
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("first line");
    assert!(line.starts_with("serving "), "{line}");
    assert!(line.trim_end().ends_with("(app wxcli)"), "{line}");
    let base = line
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .expect("a URL")
        .to_owned();

    let http = http();
    let token_url =
        format!("{base}/cgi-bin/token?grant_type=client_credential&appid=wxcli&secret=clisecret");
    let token = get(&http, &token_url).await["access_token"]
        .as_str()
        .expect("token")
        .to_owned();
    let quota = format!("{base}/cgi-bin/openapi/quota/get?access_token={token}");
    let answer = post(&http, &quota, r#"{"cgi_path":"/x"}"#).await;
    assert_eq!(answer["rate_limit"]["call_count"], 3000);
    assert_error(&post(&http, &quota, "{}").await, 47001);

    let interrupted = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill -INT");
    assert!(interrupted.success());
    let output = child.wait_with_output().expect("wait");
    assert!(output.status.success(), "{:?}", output.status);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("spec violation: get_api_quota: 47001"),
        "{stderr}"
    );
}

#[test]
fn a_missing_spec_is_an_error() {
    let output = Command::new(env!("CARGO_BIN_EXE_wxapi-mock"))
        .args(["--spec", "/no/such/spec"])
        .output()
        .expect("run wxapi-mock");
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("/no/such/spec"));
}
