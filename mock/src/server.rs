//! The HTTP side: a tokio accept loop on `127.0.0.1` serving each connection with hyper,
//! turning requests into [`ReceivedRequest`]s and [`Reply`]s into responses.
//!
//! Dropped connections: every connection task races hyper's connection future against a
//! [`Notify`]. A request that hits [`Fault::DropConnection`](crate::Fault::DropConnection)
//! signals it (after its body was read) instead of producing a response; the task then drops
//! the connection future and the socket, so the client sees the connection closed with no
//! response at all.

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{HeaderValue, CONTENT_TYPE};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;
use tokio::task::{JoinHandle, JoinSet};

use crate::envelope::{Reply, JSON_CONTENT_TYPE};
use crate::handlers;
use crate::request::ReceivedRequest;
use crate::state::Shared;

/// Binds `127.0.0.1:port` (0: a free port) and spawns the accept loop on the current runtime. Aborting the
/// returned task stops the server and every connection.
pub(crate) async fn listen(
    shared: Arc<Shared>,
    port: u16,
) -> io::Result<(SocketAddr, JoinHandle<()>)> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await?;
    let addr = listener.local_addr()?;
    Ok((addr, tokio::spawn(accept_loop(listener, shared))))
}

/// Accepts connections until the task is aborted; aborting it drops the [`JoinSet`], which
/// aborts every connection task too.
async fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    connections.spawn(serve_connection(stream, Arc::clone(&shared)));
                }
                // Out of file descriptors and the like: try again shortly.
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

async fn serve_connection(stream: TcpStream, shared: Arc<Shared>) {
    let drop_signal = Arc::new(Notify::new());
    let signal = Arc::clone(&drop_signal);
    let service = service_fn(move |request: Request<Incoming>| {
        let shared = Arc::clone(&shared);
        let signal = Arc::clone(&signal);
        async move {
            let received = read_request(request).await?;
            match into_response(handlers::handle(&shared, received).await) {
                Some(response) => Ok::<_, hyper::Error>(response),
                None => {
                    signal.notify_one();
                    std::future::pending().await
                }
            }
        }
    });
    let connection = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        _ = connection => {}
        () = drop_signal.notified() => {}
    }
}

async fn read_request(request: Request<Incoming>) -> Result<ReceivedRequest, hyper::Error> {
    let (parts, body) = request.into_parts();
    let body = body.collect().await?.to_bytes();
    let query = parts
        .uri
        .query()
        .and_then(|q| serde_urlencoded::from_str(q).ok())
        .unwrap_or_default();
    let headers = parts
        .headers
        .iter()
        .map(|(name, value)| {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            (name.as_str().to_owned(), value)
        })
        .collect();
    Ok(ReceivedRequest {
        method: parts.method.as_str().to_owned(),
        path: parts.uri.path().to_owned(),
        query,
        headers,
        body: body.to_vec(),
    })
}

/// The HTTP response for a reply; `None` means "close the connection instead".
fn into_response(reply: Reply) -> Option<Response<Full<Bytes>>> {
    let mut extra_headers = Vec::new();
    let (status, content_type, body) = match reply {
        Reply::Json { status, value } => (
            status,
            Some(JSON_CONTENT_TYPE.to_owned()),
            serde_json::to_vec(&value).unwrap_or_default(),
        ),
        Reply::Raw {
            status,
            content_type,
            body,
        } => (status, Some(content_type.to_owned()), body),
        Reply::Custom {
            status,
            content_type,
            body,
        } => (status, content_type, body),
        Reply::Drop => return None,
        Reply::Signed {
            status,
            headers,
            body,
        } => {
            extra_headers = headers;
            (status, Some(JSON_CONTENT_TYPE.to_owned()), body)
        }
    };
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    if let Some(value) = content_type.and_then(|t| HeaderValue::from_str(&t).ok()) {
        response.headers_mut().insert(CONTENT_TYPE, value);
    }
    for (name, value) in extra_headers {
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().insert(name, value);
        }
    }
    Some(response)
}
