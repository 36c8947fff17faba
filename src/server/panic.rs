//! What a panic leaves in the log: where it happened, never what it said.
//!
//! A panic's message is built from whatever the code had at hand, and in a
//! request handler that can be the visitor's own words: slicing a search
//! query at a bad byte quotes the query, and the README promises searches
//! are never logged. Rust's default panic hook prints the message to
//! stderr, so Hearth replaces it: the log gets the thread and the file, line
//! and column (and a backtrace, which names only code, when
//! `RUST_BACKTRACE` asks for one). The visitor gets the designed 500 page
//! from the web layer.

use std::panic::PanicHookInfo;

/// Replaces the default panic hook with [`log_panic`], for the whole process.
pub fn install() {
    std::panic::set_hook(Box::new(log_panic));
}

/// Logs where a panic happened, through `tracing`, without its message.
pub fn log_panic(info: &PanicHookInfo<'_>) {
    let thread = std::thread::current();
    let thread = thread.name().unwrap_or("unnamed");
    let at = info.location().map_or_else(
        || "an unknown place".to_owned(),
        |location| {
            format!(
                "{}:{}:{}",
                location.file(),
                location.line(),
                location.column()
            )
        },
    );
    let backtrace = std::backtrace::Backtrace::capture();
    if backtrace.status() == std::backtrace::BacktraceStatus::Captured {
        tracing::error!(
            thread,
            "a panic at {at}; its message is not logged, as it may hold what a visitor sent\n{backtrace}"
        );
    } else {
        tracing::error!(
            thread,
            "a panic at {at}; its message is not logged, as it may hold what a visitor sent"
        );
    }
}

/// A task that ended badly, for the log: tokio's own description of a
/// panicked task quotes the panic's message.
pub struct JoinFailure<'a>(pub &'a tokio::task::JoinError);

impl std::fmt::Display for JoinFailure<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_panic() {
            f.write_str("it panicked (where is logged above)")
        } else {
            f.write_str("it was cancelled")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    /// A log that tests can read back.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// The thread the canary panic runs on; every other thread keeps the
    /// hook it had, so other tests' failures still print their messages.
    const PANICKING: &str = "panics-with-a-canary";

    /// A panic whose message carries what a visitor sent, as a handler's
    /// would, logs its place and thread and none of the visitor's text.
    #[test]
    fn a_panic_logs_where_it_happened_but_not_its_message() {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() == Some(PANICKING) {
                log_panic(info);
            } else {
                previous(info);
            }
        }));
        let log = Captured::default();
        let writer = log.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        let expected = Arc::new(Mutex::new(String::new()));
        let place = Arc::clone(&expected);
        let joined = std::thread::Builder::new()
            .name(PANICKING.into())
            .spawn(move || {
                tracing::subscriber::with_default(subscriber, || {
                    let query = "canary-7f3a my search words";
                    *place.lock().unwrap() = format!("src/server/panic.rs:{}:", line!() + 1);
                    panic!("searching for {query:?} went wrong");
                })
            })
            .unwrap()
            .join();
        assert!(joined.is_err(), "the thread panicked");
        let logged = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
        assert!(!logged.contains("canary-7f3a"), "{logged}");
        assert!(!logged.contains("search words"), "{logged}");
        let expected = expected.lock().unwrap().clone();
        assert!(logged.contains(&expected), "{expected} in {logged}");
        assert!(logged.contains(PANICKING), "{logged}");
    }

    /// A panicked task is described without the panic's message.
    #[tokio::test]
    async fn a_panicked_task_is_logged_without_its_message() {
        let error = tokio::spawn(async { panic!("canary-91b2") })
            .await
            .unwrap_err();
        assert!(error.to_string().contains("canary-91b2"), "tokio quotes it");
        let logged = JoinFailure(&error).to_string();
        assert!(!logged.contains("canary-91b2"), "{logged}");
        assert!(logged.contains("panicked"), "{logged}");
    }
}
