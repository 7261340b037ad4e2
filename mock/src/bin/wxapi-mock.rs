//! `wxapi-mock`: the fake WeChat server on its own, serving a spec's endpoints until Ctrl-C.
//!
//! ```text
//! wxapi-mock --spec spec --port 8080 --app APPID:SECRET
//! serving 42 endpoints of spec/ on http://127.0.0.1:8080 (app APPID)
//! ```
//!
//! Requests that break the spec are printed to stderr as they come.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use wxapi_mock::{MockServer, DEFAULT_APPID, DEFAULT_SECRET};

const USAGE: &str = "\
usage: wxapi-mock --spec DIR [--port PORT] [--app APPID:SECRET]...

Serves the WeChat server API a wxapi spec declares, on 127.0.0.1, until Ctrl-C.

  --spec DIR            the spec folder (spec/ of the repository)
  --port PORT           the port to listen on (default 0: a free one, printed)
  --app APPID:SECRET    an app that may fetch tokens; repeatable
                        (default wxfa4e0000000000a1:fake-wechat-app-secret)
  --print-curl URL      print a curl command per endpoint against the mock at URL
                        (`ACCESS_TOKEN` where a token goes) and exit
  -h, --help            this text";

#[derive(Debug)]
struct Args {
    spec: PathBuf,
    port: u16,
    apps: Vec<(String, String)>,
    print_curl: Option<String>,
}

/// `None`: help was asked for.
fn parse(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let (mut spec, mut port, mut apps, mut print_curl) = (None, 0, Vec::new(), None);
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (arg, None),
        };
        if flag == "-h" || flag == "--help" {
            return Ok(None);
        }
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--spec" => spec = Some(PathBuf::from(value()?)),
            "--port" => {
                let text = value()?;
                port = text
                    .parse()
                    .map_err(|_| format!("--port {text}: not a port number"))?;
            }
            "--app" => {
                let text = value()?;
                let (appid, secret) = text
                    .split_once(':')
                    .filter(|(a, s)| !a.is_empty() && !s.is_empty())
                    .ok_or_else(|| format!("--app {text}: expected APPID:SECRET"))?;
                apps.push((appid.to_owned(), secret.to_owned()));
            }
            "--print-curl" => print_curl = Some(value()?),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let spec = spec.ok_or("--spec DIR is required")?;
    if apps.is_empty() {
        apps.push((DEFAULT_APPID.to_owned(), DEFAULT_SECRET.to_owned()));
    }
    Ok(Some(Args {
        spec,
        port,
        apps,
        print_curl,
    }))
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            eprintln!("wxapi-mock: {error}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if let Some(base_url) = &args.print_curl {
        return print_curl(&args, base_url);
    }
    let mut builder = MockServer::builder().spec(&args.spec).port(args.port);
    for (appid, secret) in &args.apps {
        builder = builder.app(appid, secret);
    }
    let server = match builder.try_start_spec().await {
        Ok(server) => server,
        Err(error) => {
            eprintln!("wxapi-mock: {error}");
            return ExitCode::FAILURE;
        }
    };
    let appids: Vec<&str> = args.apps.iter().map(|(a, _)| a.as_str()).collect();
    let mut shown = args.spec.display().to_string();
    if !shown.ends_with('/') {
        shown.push('/');
    }
    println!(
        "serving {} endpoints of {shown} on {} ({} {})",
        server.spec_endpoints().len(),
        server.base_url(),
        if appids.len() == 1 { "app" } else { "apps" },
        appids.join(", ")
    );
    let mut tick = tokio::time::interval(Duration::from_millis(200));
    loop {
        tokio::select! {
            signal = tokio::signal::ctrl_c() => {
                if let Err(error) = signal {
                    eprintln!("wxapi-mock: cannot wait for Ctrl-C: {error}");
                }
                break;
            }
            _ = tick.tick() => report(&server),
        }
    }
    report(&server);
    server.shutdown().await;
    ExitCode::SUCCESS
}

/// Prints `id<TAB>command` per endpoint of the spec, for the first app.
fn print_curl(args: &Args, base_url: &str) -> ExitCode {
    let tree = match wxapi_codegen::SpecTree::read(&args.spec) {
        Ok(tree) => tree,
        Err(error) => {
            eprintln!("wxapi-mock: reading {}: {error}", args.spec.display());
            return ExitCode::FAILURE;
        }
    };
    let mut dx = wxapi_codegen::Diagnostics::default();
    let Some(model) = wxapi_codegen::check(&tree, &mut dx) else {
        eprintln!("wxapi-mock: the spec has errors:\n{dx}");
        return ExitCode::FAILURE;
    };
    let (appid, secret) = &args.apps[0];
    for (id, command) in wxapi_mock::spec::curl::curl_commands(&model, base_url, appid, secret) {
        println!("{id}\t{command}");
    }
    ExitCode::SUCCESS
}

/// Prints the requests that broke the spec since the last report.
fn report(server: &MockServer) {
    for violation in server.take_violations() {
        eprintln!("spec violation: {violation}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Result<Option<Args>, String> {
        parse(line.split_whitespace().map(str::to_owned))
    }

    #[test]
    fn parses_flags() {
        let parsed = args("--spec spec --port=8080 --app a:b --app c:d")
            .unwrap()
            .unwrap();
        assert_eq!(parsed.spec, PathBuf::from("spec"));
        assert_eq!(parsed.port, 8080);
        assert_eq!(
            parsed.apps,
            [("a".into(), "b".into()), ("c".into(), "d".into())]
        );
        let default = args("--spec s").unwrap().unwrap();
        assert_eq!(default.apps[0].0, DEFAULT_APPID);
        assert!(args("--help").unwrap().is_none());
        assert!(args("--port 1").unwrap_err().contains("--spec"));
        assert!(args("--spec s --port x")
            .unwrap_err()
            .contains("not a port"));
        assert!(args("--spec s --app nocolon")
            .unwrap_err()
            .contains("APPID:SECRET"));
        assert!(args("--spec").unwrap_err().contains("needs a value"));
        assert!(args("--spec s --what").unwrap_err().contains("unknown"));
    }
}
