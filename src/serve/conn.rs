//! The accept loop of `deskbook serve`, with the limits that keep slow or hostile clients from
//! taking the server down.
//!
//! `axum::serve` keeps every connection for as long as the client likes: hyper's header-read
//! timeout needs a timer, which axum does not give it, and there is no cap on connections. So a
//! client that sends its request head one byte a second (slowloris), opens connections and sends
//! nothing, or asks for a file and never reads the answer, holds a task, its buffers and a file
//! descriptor forever; enough of them and `accept` fails, and so do the server's own file reads.
//! This loop drives hyper's HTTP/1.1 connections itself, with [`Limits`]:
//!
//! * **header timeout**: a request head must arrive whole within it, or the connection is closed.
//!   hyper starts the clock as soon as it waits for a request, so this is also how long an idle
//!   keep-alive connection is kept (browsers simply open a new one);
//! * **write-stall timeout**: a connection whose writes make no progress for that long (the client
//!   stopped reading) is closed. The live-reload event stream writes a few bytes every 15 s and a
//!   browser reads them, so it never stalls;
//! * **connection cap**: at the cap, new connections wait in the listen backlog until one closes,
//!   which the two timeouts guarantee happens. It bounds memory (each connection buffers at most
//!   `head_buffer` of request) and keeps file descriptors free for the files being served;
//! * **request-head buffer**: a bigger head gets `431 Request Header Fields Too Large`.
//!
//! Malformed requests are hyper's business: 400, 414 or 431, and the connection is closed.
//!
//! The shutdown signal (Ctrl-C) ends the loop at once without waiting for open connections:
//! the event stream of an open page never ends, so a graceful shutdown would wait forever (which
//! is what `axum::serve(..).with_graceful_shutdown` did while any page was open).

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Sleep;

#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Open connections at most.
    pub connections: usize,
    /// Time allowed for a whole request head (and for an idle keep-alive connection).
    pub header_read: Duration,
    /// Time a response may wait for the client to read before the connection is dropped.
    pub write_stall: Duration,
    /// Bytes of request head at most (hyper's minimum is 8 KiB).
    pub head_buffer: usize,
}

impl Limits {
    /// A browser opens at most six connections to a host, plus one event stream per tab, so 512
    /// connections is far above real use; it bounds request buffers to 32 MiB and leaves half of
    /// Linux's usual soft limit of 1,024 file descriptors to the files being served. 64 KiB of
    /// request head is twice what nginx accepts by default (hyper's own limit is ~400 KiB). The
    /// timeouts are generous for a client on the same machine.
    pub(crate) const DEFAULT: Limits = Limits {
        connections: 512,
        header_read: Duration::from_secs(10),
        write_stall: Duration::from_secs(30),
        head_buffer: 64 * 1024,
    };
}

/// Serves `router` on `listener` within `limits` until `shutdown` completes.
pub(crate) async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let slots = Arc::new(Semaphore::new(limits.connections));
    let service = TowerToHyperService::new(router);
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read)
        .max_header_size(limits.head_buffer)
        .max_buf_size(limits.head_buffer);
    let accept = async {
        loop {
            let slot = Arc::clone(&slots)
                .acquire_owned()
                .await
                .expect("the semaphore is never closed");
            let stream = loop {
                match listener.accept().await {
                    Ok((stream, _peer)) => break stream,
                    // The client gave up before we took the connection: nothing to do.
                    Err(err) if is_connection_error(&err) => {}
                    // Out of file descriptors or memory: give closing connections a moment.
                    Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
                }
            };
            // Responses are written whole; do not let Nagle hold their last packet back.
            let _best_effort = stream.set_nodelay(true);
            let io = TokioIo::new(Guarded::new(stream, slot, limits.write_stall));
            let connection = builder.serve_connection(io, service.clone());
            tokio::spawn(async move {
                // An error here is the client's (malformed request, timeout, reset): hyper has
                // already answered what could be answered.
                let _closed = connection.await;
            });
        }
    };
    tokio::select! {
        () = accept => {}
        () = shutdown => {}
    }
}

fn is_connection_error(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

/// A connection that holds one of the server's slots (given back when it is dropped) and fails
/// its writes once they have been stalled for `write_stall`.
struct Guarded {
    stream: TcpStream,
    _slot: OwnedSemaphorePermit,
    write_stall: Duration,
    /// Armed when a write found the socket full; disarmed by any write that makes progress.
    stalled: Option<Pin<Box<Sleep>>>,
}

impl Guarded {
    fn new(stream: TcpStream, slot: OwnedSemaphorePermit, write_stall: Duration) -> Guarded {
        Guarded {
            stream,
            _slot: slot,
            write_stall,
            stalled: None,
        }
    }

    /// Passes on a write's outcome, timing how long the client has not been reading.
    fn watch<T>(&mut self, cx: &mut Context<'_>, poll: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        if poll.is_ready() {
            self.stalled = None;
            return poll;
        }
        let stall = self.write_stall;
        let timer = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(stall)));
        ready!(timer.as_mut().poll(cx));
        Poll::Ready(Err(io::Error::new(
            io::ErrorKind::TimedOut,
            "the client stopped reading",
        )))
    }
}

impl AsyncRead for Guarded {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Guarded {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.stream).poll_write(cx, buf);
        self.watch(cx, poll)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        self.watch(cx, poll)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let poll = Pin::new(&mut self.stream).poll_flush(cx);
        self.watch(cx, poll)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let poll = Pin::new(&mut self.stream).poll_shutdown(cx);
        self.watch(cx, poll)
    }
}

#[cfg(test)]
mod tests {
    //! The cap and the write-stall timeout with small limits (the header timeout, at its real
    //! value, is exercised against the binary by `tests/serve/attack.rs`).

    use super::*;
    use axum::routing::get;
    use std::io::{Read, Write};
    use std::time::Instant;

    const BIG: usize = 32 << 20;

    /// A server with `limits` on its own runtime thread; returns its address.
    fn start(limits: Limits) -> String {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let listener = runtime.block_on(TcpListener::bind("127.0.0.1:0")).unwrap();
        let address = listener.local_addr().unwrap().to_string();
        let router = Router::new()
            .route("/", get(|| async { "hello" }))
            .route("/big", get(|| async { vec![b'x'; BIG] }));
        std::thread::spawn(move || {
            runtime.block_on(serve(listener, router, limits, std::future::pending()));
        });
        address
    }

    fn connect(address: &str) -> std::net::TcpStream {
        let stream = std::net::TcpStream::connect(address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream
    }

    /// Sends a GET for `path` and reads the connection to its end (the request says close).
    fn fetch(stream: &mut std::net::TcpStream, path: &str) -> io::Result<Vec<u8>> {
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer)?;
        Ok(answer)
    }

    #[test]
    fn at_the_cap_a_new_connection_waits_for_a_free_slot() {
        let address = start(Limits {
            connections: 2,
            header_read: Duration::from_secs(60),
            ..Limits::DEFAULT
        });
        let idle = [connect(&address), connect(&address)];
        let mut third = connect(&address);
        third
            .set_read_timeout(Some(Duration::from_millis(500)))
            .unwrap();
        write!(
            third,
            "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut byte = [0u8; 1];
        let waited = third.read(&mut byte);
        assert!(
            waited.as_ref().is_err_and(|e| matches!(
                e.kind(),
                io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
            )),
            "the third connection was served while two held the only slots: {waited:?}"
        );
        drop(idle);
        third
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut answer = Vec::new();
        third.read_to_end(&mut answer).unwrap();
        let answer = String::from_utf8_lossy(&answer);
        assert!(
            answer.starts_with("HTTP/1.1 200 OK") && answer.ends_with("hello"),
            "{answer}"
        );
    }

    #[test]
    fn a_client_that_stops_reading_is_dropped_after_the_write_stall() {
        let address = start(Limits {
            write_stall: Duration::from_millis(200),
            ..Limits::DEFAULT
        });
        let mut reader = connect(&address);
        write!(reader, "GET /big HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        // Far longer than the stall: the socket buffers fill up and the server gives up.
        std::thread::sleep(Duration::from_secs(2));
        let started = Instant::now();
        let mut received = 0;
        let mut buffer = vec![0u8; 1 << 16];
        loop {
            match reader.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => received += n,
                Err(e) if e.kind() == io::ErrorKind::ConnectionReset => break,
                Err(e) => panic!("the connection stayed open ({e}) after {received} bytes"),
            }
        }
        assert!(
            received < BIG,
            "the whole {received}-byte answer arrived: the stalled connection was kept"
        );
        assert!(started.elapsed() < Duration::from_secs(10));
        // The server itself is fine.
        let answer = fetch(&mut connect(&address), "/").unwrap();
        assert!(String::from_utf8_lossy(&answer).ends_with("hello"));
    }
}
