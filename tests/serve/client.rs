//! A small keep-alive HTTP/1.1 client over `std::net::TcpStream`, strict about what it accepts.
//!
//! The load test and the load benchmark (`benches/serve.rs` includes this file) need many
//! requests over few connections, and a response that is not exactly well-formed must count as a
//! failure rather than be repaired: every response needs a status line, headers and a body of
//! exactly `Content-Length` bytes (the dev server always knows its lengths), so a truncated or
//! over-long body is an error, not a shorter page. No HTTP crate: the project has none besides
//! the server's own, and a client built on the server's stack would share its bugs.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One connection, opened on the first request and again after the server closes it.
pub struct Client {
    address: String,
    connection: Option<BufReader<TcpStream>>,
    /// Connections opened so far.
    pub connects: usize,
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}

impl Client {
    pub fn new(address: &str) -> Client {
        Client {
            address: address.to_string(),
            connection: None,
            connects: 0,
        }
    }

    /// Sends `METHOD path` and reads the whole response.
    pub fn request(&mut self, method: &str, path: &str) -> io::Result<Reply> {
        if self.connection.is_none() {
            let stream = TcpStream::connect(&self.address)?;
            stream.set_nodelay(true)?;
            stream.set_read_timeout(Some(Duration::from_secs(20)))?;
            stream.set_write_timeout(Some(Duration::from_secs(20)))?;
            self.connection = Some(BufReader::new(stream));
            self.connects += 1;
        }
        let result = self.exchange(method, path);
        let reusable = result
            .as_ref()
            .is_ok_and(|r| r.header("connection") != Some("close"));
        if !reusable {
            self.connection = None;
        }
        result
    }

    fn exchange(&mut self, method: &str, path: &str) -> io::Result<Reply> {
        let address = self.address.clone();
        let connection = self.connection.as_mut().expect("connected above");
        write!(
            connection.get_mut(),
            "{method} {path} HTTP/1.1\r\nHost: {address}\r\nUser-Agent: deskbook-test\r\n\r\n"
        )?;
        let mut line = String::new();
        connection.read_line(&mut line)?;
        let status = line
            .strip_prefix("HTTP/1.1 ")
            .and_then(|rest| rest.get(..3))
            .and_then(|code| code.parse().ok())
            .filter(|_| line.ends_with("\r\n"))
            .ok_or_else(|| invalid(format!("bad status line {line:?}")))?;
        let mut headers = Vec::new();
        loop {
            line.clear();
            connection.read_line(&mut line)?;
            let Some(header) = line.strip_suffix("\r\n") else {
                return Err(invalid(format!("bad header line {line:?}")));
            };
            if header.is_empty() {
                break;
            }
            let (name, value) = header
                .split_once(':')
                .ok_or_else(|| invalid(format!("bad header {header:?}")))?;
            headers.push((name.to_string(), value.trim().to_string()));
        }
        let mut reply = Reply {
            status,
            headers,
            body: Vec::new(),
        };
        if reply.header("transfer-encoding").is_some() {
            return Err(invalid(format!("{path}: chunked, not Content-Length")));
        }
        let length: usize = reply
            .header("content-length")
            .and_then(|l| l.parse().ok())
            .ok_or_else(|| invalid(format!("{path}: no Content-Length")))?;
        if method != "HEAD" {
            reply.body = vec![0; length];
            connection.read_exact(&mut reply.body)?;
        }
        Ok(reply)
    }
}
