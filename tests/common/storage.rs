//! Helpers for the outbox storage tests (damage, recovery, erasure on
//! disk): a real `hearth serve` whose whole log is kept, the consultation
//! form posted as a browser would, `hearth outbox`, and the data folder read
//! as raw bytes.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use super::form::{hidden_fields_at, http_post_form, minimal_sources};
use super::{Running, hearth, http_get, serve_mailing_to};

/// How long a condition may take before a test gives up.
pub const WAIT: Duration = Duration::from_secs(20);

/// A running `hearth serve` on a port of its own.
pub struct Server {
    running: Running,
    pub address: String,
    /// Every line it logged so far, read by a thread so the pipe never fills.
    log: Arc<Mutex<String>>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// Starts the small fixture site with its data in `data`, mail through
    /// `smtp_url` (retries after a second at most), and no minimum fill time.
    pub fn start(data: &Path, smtp_url: &str) -> Server {
        let mut child = serve_mailing_to(data, smtp_url)
            .arg("--content")
            .arg(minimal_sources().content)
            .args(["--form-rate-limit", "1000"])
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let writing = Arc::clone(&log);
        let reader = std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr).lines() {
                let Ok(line) = line else { return };
                let mut log = writing.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let mut running = Running(Some(child));
        let start = Instant::now();
        let address = loop {
            let text = log.lock().unwrap().clone();
            if let Some(line) = text.lines().find(|line| line.contains("serving")) {
                break line.trim().rsplit("at http://").next().unwrap().to_owned();
            }
            let exited = running.0.as_mut().unwrap().try_wait().unwrap();
            assert!(exited.is_none(), "hearth exited before serving:\n{text}");
            assert!(start.elapsed() < WAIT, "hearth did not start:\n{text}");
            std::thread::sleep(Duration::from_millis(20));
        };
        Server {
            running,
            address,
            log,
            reader: Some(reader),
        }
    }

    /// What it logged so far.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    pub fn get(&self, path: &str) -> String {
        http_get(&self.address, path)
    }

    /// Opens the form and posts it with `fields`, as a browser would; returns the raw response.
    pub fn post_request(&self, fields: &[(String, String)]) -> String {
        let mut body = hidden_fields_at(&self.address);
        for (key, value) in fields {
            body.push_str(&format!(
                "&{key}={}",
                utf8_percent_encode(value, NON_ALPHANUMERIC)
            ));
        }
        http_post_form(&self.address, &body, "same-origin")
    }

    /// Stops it with SIGTERM, as systemd would, and returns its whole log.
    pub fn stop(self) -> String {
        self.signal("-TERM")
    }

    /// Kills it with SIGKILL, as a crash or the OOM killer would: nothing is tidied up.
    pub fn kill(self) -> String {
        self.signal("-KILL")
    }

    fn signal(mut self, signal: &str) -> String {
        let mut child = self.running.0.take().unwrap();
        std::process::Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status()
            .unwrap();
        child.wait().unwrap();
        if let Some(reader) = self.reader.take() {
            reader.join().unwrap();
        }
        self.log()
    }
}

/// A complete, valid request with these values in the fields a visitor types.
pub fn request_fields(
    name: &str,
    email: &str,
    phone: &str,
    availability: &str,
    message: &str,
) -> Vec<(String, String)> {
    [
        ("name", name),
        ("email", email),
        ("phone", phone),
        ("availability", availability),
        ("message", message),
        ("contact_preference", "phone"),
        ("format", "either"),
        ("state", "CA"),
        ("who_for", "individual"),
        ("consent", "yes"),
    ]
    .iter()
    .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
    .collect()
}

/// Runs `hearth outbox --data-dir DATA ARGS...`: whether it succeeded, and what it printed.
pub fn outbox_command(data: &Path, args: &[&std::ffi::OsStr]) -> (bool, String) {
    let output = hearth()
        .args(["outbox", "--data-dir"])
        .arg(data)
        .args(args)
        .output()
        .unwrap();
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    (output.status.success(), text)
}

/// Every file under `dir`, however deep.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return files;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// Which of `needles` appear, byte for byte, in which file under `dir`.
pub fn traces_under(dir: &Path, needles: &[String]) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    for path in files_under(dir) {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        for needle in needles {
            if bytes
                .windows(needle.len())
                .any(|window| window == needle.as_bytes())
            {
                found.push((path.clone(), needle.clone()));
            }
        }
    }
    found
}

/// The files in `data` whose name starts with `prefix`, sorted.
pub fn named_like(data: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(data)
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with(prefix))
        })
        .collect();
    found.sort();
    found
}
