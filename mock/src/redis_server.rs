//! A throwaway `redis-server` on 127.0.0.1 and a random free port, killed on drop, for the
//! suites that test the Redis token store. A missing `redis-server` fails the test (never
//! skips it), saying what to install.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `redis-server`, stopped when dropped.
pub struct RedisServer {
    child: Child,
    port: u16,
}

impl RedisServer {
    /// Starts one with no password and no persistence.
    ///
    /// # Panics
    ///
    /// If `redis-server` is not installed or does not answer.
    pub fn start() -> RedisServer {
        RedisServer::start_with(&[])
    }

    /// Starts one with extra command-line options (such as
    /// `--requirepass`).
    ///
    /// # Panics
    ///
    /// As [`start`](Self::start).
    pub fn start_with(options: &[&str]) -> RedisServer {
        // A free port can be taken between our probe and the server's bind:
        // try a few.
        for _ in 0..5 {
            let port = free_port();
            let spawned = Command::new("redis-server")
                .args(["--port", &port.to_string()])
                .args(["--bind", "127.0.0.1"])
                .args(["--save", "", "--appendonly", "no"])
                .args(options)
                .current_dir(std::env::temp_dir())
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn();
            let child = match spawned {
                Ok(child) => child,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
                    "redis-server is not installed, and the Redis token store tests need it: \
                     apt-get install -y redis-server"
                ),
                Err(e) => panic!("could not start redis-server: {e}"),
            };
            let mut server = RedisServer { child, port };
            if server.wait_for_ping() {
                return server;
            }
            // Dropping it kills it; try another port.
        }
        panic!("redis-server did not answer PING on 127.0.0.1");
    }

    /// Its port on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `redis://127.0.0.1:<port>/`.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    fn wait_for_ping(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return false;
            }
            if ping(self.port) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .unwrap_or_else(|e| panic!("no free port on 127.0.0.1: {e}"))
}

fn ping(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
    if stream.write_all(b"PING\r\n").is_err() {
        return false;
    }
    // "+PONG", or "-NOAUTH ..." from a server with a password: either way it
    // is up.
    let mut reply = [0u8; 1];
    stream.read_exact(&mut reply).is_ok() && matches!(&reply, b"+" | b"-")
}
