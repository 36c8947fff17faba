#![allow(dead_code)]
//! A real SMTP server for tests, on a port of its own: the protocol is
//! mailin's state machine; this file only moves lines between it and a
//! socket, records what arrives, and can be told to answer with failures
//! or to hang on one recipient, as a server that stops answering would.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use mailin::{Action, Handler, Response, SessionBuilder};

/// One message as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    /// The raw message: headers, blank line, body.
    pub data: String,
}

impl Received {
    /// A header's value, unfolded.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next().unwrap_or("");
        let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
        unfolded.split("\r\n").find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name)
                .then(|| value.trim().to_owned())
        })
    }

    /// Every header line's name, in order.
    pub fn header_names(&self) -> Vec<String> {
        let head = self.data.split("\r\n\r\n").next().unwrap_or("");
        head.split("\r\n")
            .filter(|line| !line.starts_with([' ', '\t']))
            .filter_map(|line| line.split_once(':').map(|(key, _)| key.to_owned()))
            .collect()
    }

    /// The text of the message, decoded, as a mail client shows it.
    pub fn text(&self) -> String {
        self.parsed()
            .body_text(0)
            .map(|text| text.into_owned())
            .unwrap_or_default()
    }

    /// The calendar file the message carries, if any, and its content type.
    pub fn calendar(&self) -> Option<(String, String)> {
        use mail_parser::MimeHeaders;
        let parsed = self.parsed();
        parsed.attachments().find_map(|part| {
            let kind = part.content_type()?;
            let full = format!(
                "{}/{}{}",
                kind.ctype(),
                kind.subtype().unwrap_or_default(),
                (kind.attributes().into_iter().flatten())
                    .map(|attribute| format!("; {}={}", attribute.name, attribute.value))
                    .collect::<String>()
            );
            (kind.ctype() == "text" && kind.subtype() == Some("calendar"))
                .then(|| (full, String::from_utf8_lossy(part.contents()).into_owned()))
        })
    }

    fn parsed(&self) -> mail_parser::Message<'_> {
        mail_parser::MessageParser::default()
            .parse(self.data.as_bytes())
            .expect("the test server holds whole messages")
    }
}

#[derive(Default)]
struct Shared {
    received: Vec<Received>,
    /// Replies to give at the end of DATA, in order; then 250.
    scripted: VecDeque<u16>,
    /// A `RCPT TO` for one of these addresses gets no reply until released.
    stalled: Vec<String>,
    /// How many sessions have hung on a stalled recipient so far.
    stalls: usize,
}

pub struct SmtpServer {
    pub address: SocketAddr,
    shared: Arc<Mutex<Shared>>,
    /// Rung when the stalled recipients are released.
    released: Arc<Condvar>,
}

impl SmtpServer {
    /// Starts a server on a free port.
    pub fn start() -> SmtpServer {
        Self::start_on(TcpListener::bind("127.0.0.1:0").unwrap())
    }

    /// Starts a server on a given listener (to come up on a known port later).
    pub fn start_on(listener: TcpListener) -> SmtpServer {
        let address = listener.local_addr().unwrap();
        let shared = Arc::new(Mutex::new(Shared::default()));
        let released = Arc::new(Condvar::new());
        let accepting = Arc::clone(&shared);
        let ringing = Arc::clone(&released);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let shared = Arc::clone(&accepting);
                let released = Arc::clone(&ringing);
                std::thread::spawn(move || serve(stream, shared, released));
            }
        });
        SmtpServer {
            address,
            shared,
            released,
        }
    }

    /// `smtp://127.0.0.1:PORT`, as HEARTH_SMTP_URL.
    pub fn url(&self) -> String {
        format!("smtp://{}", self.address)
    }

    /// The next messages are answered with these codes at the end of DATA.
    pub fn fail_next(&self, codes: &[u16]) {
        self.shared.lock().unwrap().scripted.extend(codes);
    }

    /// From now on, a session that names `address` in `RCPT TO` hangs there,
    /// with no reply, until [`SmtpServer::release`].
    pub fn stall_recipient(&self, address: &str) {
        self.shared
            .lock()
            .unwrap()
            .stalled
            .push(address.to_ascii_lowercase());
    }

    /// Lets every hung session go on, and stalls no one any more.
    pub fn release(&self) {
        self.shared.lock().unwrap().stalled.clear();
        self.released.notify_all();
    }

    /// How many sessions have hung on a stalled recipient so far.
    pub fn stalls(&self) -> usize {
        self.shared.lock().unwrap().stalls
    }

    pub fn received(&self) -> Vec<Received> {
        self.shared.lock().unwrap().received.clone()
    }

    /// Waits until at least `count` messages have arrived, or panics after `limit`.
    pub fn wait_for(&self, count: usize, limit: Duration) -> Vec<Received> {
        let start = Instant::now();
        loop {
            let received = self.received();
            if received.len() >= count {
                return received;
            }
            assert!(
                start.elapsed() < limit,
                "expected {count} messages within {limit:?}, got {}",
                received.len()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// A port nothing listens on now, to stand for a mail server that is down.
pub fn reserve_port() -> TcpListener {
    TcpListener::bind("127.0.0.1:0").unwrap()
}

#[derive(Clone)]
struct Recorder {
    shared: Arc<Mutex<Shared>>,
    /// Set after a scripted failure: mailin stays in its DATA state after an
    /// error reply, so the connection is closed, as a server shedding load would.
    hang_up: Arc<std::sync::atomic::AtomicBool>,
    from: String,
    to: Vec<String>,
    data: Vec<u8>,
}

impl Handler for Recorder {
    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.from = from.to_owned();
        self.to = to.to_vec();
        self.data.clear();
        mailin::response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let mut shared = self.shared.lock().unwrap();
        match shared.scripted.pop_front() {
            Some(code) => {
                self.hang_up
                    .store(true, std::sync::atomic::Ordering::SeqCst);
                Response::custom(code, format!("scripted failure for {}", self.to.join(",")))
            }
            None => {
                shared.received.push(Received {
                    from: self.from.clone(),
                    to: self.to.clone(),
                    data: String::from_utf8_lossy(&self.data).into_owned(),
                });
                mailin::response::OK
            }
        }
    }
}

/// Hangs while `line` is a `RCPT TO` naming a stalled recipient.
fn stall_if_asked(line: &[u8], shared: &Mutex<Shared>, released: &Condvar) {
    let line = String::from_utf8_lossy(line).to_ascii_lowercase();
    if !line.starts_with("rcpt to:") {
        return;
    }
    let mut state = shared.lock().unwrap();
    let names = |state: &Shared| {
        state
            .stalled
            .iter()
            .any(|address| line.contains(&format!("<{address}>")))
    };
    if !names(&state) {
        return;
    }
    state.stalls += 1;
    while names(&state) {
        state = released.wait(state).unwrap();
    }
}

fn serve(stream: TcpStream, shared: Arc<Mutex<Shared>>, released: Arc<Condvar>) {
    let peer: IpAddr = stream
        .peer_addr()
        .map(|address| address.ip())
        .unwrap_or([127, 0, 0, 1].into());
    let hang_up = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let handler = Recorder {
        shared: Arc::clone(&shared),
        hang_up: Arc::clone(&hang_up),
        from: String::new(),
        to: Vec::new(),
        data: Vec::new(),
    };
    let mut session = SessionBuilder::new("test-smtp").build(peer, handler);
    let mut writer = stream.try_clone().unwrap();
    let mut reader = BufReader::new(stream);
    let _ = session.greeting().write_to(&mut writer);
    let mut line = Vec::new();
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        stall_if_asked(&line, &shared, &released);
        let response = session.process(&line);
        match response.action {
            Action::Reply | Action::UpgradeTls => {
                let _ = response.write_to(&mut writer);
                if hang_up.load(std::sync::atomic::Ordering::SeqCst) {
                    return;
                }
            }
            Action::Close => {
                let _ = response.write_to(&mut writer);
                let _ = writer.flush();
                return;
            }
            Action::NoReply => {}
        }
    }
}
