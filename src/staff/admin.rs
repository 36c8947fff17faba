//! `hearth staff`: the editors' sessions and the audit log, for whoever
//! runs the server. `sessions revoke` ends a session at once: every staff
//! request reads its session from the store, so the next click of that
//! browser is refused, in the running server too.

use std::io::Write;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::store::{self, SessionRow};
use crate::Clock;
use crate::config::{SessionsAction, StaffAction, StaffArgs};
use crate::consultation::admin::AdminError;
use crate::consultation::outbox::{FILE_NAME, Outbox};

/// Runs one staff command, writing its report to `out`. Returns false
/// when the session asked for does not exist or had ended.
pub fn run(args: &StaffArgs, out: &mut impl Write) -> Result<bool, AdminError> {
    if !args.data_dir.join(FILE_NAME).exists() {
        let _ = writeln!(
            out,
            "No outbox in {}: no editor has signed in there yet.",
            args.data_dir.display()
        );
        return Ok(!matches!(
            args.action,
            StaffAction::Sessions {
                action: Some(SessionsAction::Revoke { .. })
            }
        ));
    }
    let outbox = Outbox::open(&args.data_dir)?;
    let now = crate::SystemClock.now();
    let zone = TimeZone::system();
    match &args.action {
        StaffAction::Sessions {
            action: None | Some(SessionsAction::List),
        } => {
            let sessions = outbox.blocking(|connection| Ok(store::sessions(connection)?))?;
            if sessions.is_empty() {
                let _ = writeln!(out, "No editor has signed in.");
            }
            for session in &sessions {
                let _ = writeln!(out, "{}", session_line(session, now, &zone));
            }
            Ok(true)
        }
        StaffAction::Sessions {
            action: Some(SessionsAction::Revoke { id, editor }),
        } => {
            let sessions = outbox.blocking(|connection| Ok(store::sessions(connection)?))?;
            let editor = editor.as_deref().map(|editor| editor.trim().to_lowercase());
            let chosen: Vec<&SessionRow> = sessions
                .iter()
                .filter(|session| session.is_open(now))
                .filter(|session| match (id, &editor) {
                    (Some(id), _) => session.id == *id,
                    (None, Some(editor)) => session.editor == *editor,
                    (None, None) => false,
                })
                .collect();
            if id.is_none() && editor.is_none() {
                let _ = writeln!(
                    out,
                    "Say which session to end: `hearth staff sessions revoke ID` (the number `hearth staff sessions` shows), or `--editor ADDRESS` for all of one editor's."
                );
                return Ok(false);
            }
            if chosen.is_empty() {
                let _ = writeln!(out, "No open session matches: nothing was revoked.");
                return Ok(false);
            }
            for session in chosen {
                let id = session.id;
                outbox.blocking(move |connection| {
                    Ok(store::end_session(connection, id, "revoked", now)?)
                })?;
                let _ = writeln!(
                    out,
                    "Revoked session #{id} of {}: that browser is signed out now.",
                    session.editor
                );
            }
            Ok(true)
        }
        StaffAction::Audit { limit } => {
            let limit = *limit;
            let entries =
                outbox.blocking(move |connection| Ok(store::audit_log(connection, limit)?))?;
            if entries.is_empty() {
                let _ = writeln!(out, "Nothing in the audit log yet.");
            }
            for entry in entries {
                let _ = writeln!(
                    out,
                    "{}  {}  {}{}",
                    when(entry.at, &zone),
                    entry.editor,
                    entry.action,
                    entry
                        .path
                        .map(|path| format!("  {path}"))
                        .unwrap_or_default()
                );
            }
            Ok(true)
        }
    }
}

fn when(at: Timestamp, zone: &TimeZone) -> String {
    at.to_zoned_datetime(zone.clone())
        .strftime("%Y-%m-%d %H:%M %Z")
        .to_string()
}

/// One line of `hearth staff sessions`.
fn session_line(session: &SessionRow, now: Timestamp, zone: &TimeZone) -> String {
    let state = match (&session.ended_by, session.is_open(now)) {
        (Some(by), _) if by == "revoked" => "revoked".to_owned(),
        (Some(_), _) => "signed out".to_owned(),
        (None, true) => "open".to_owned(),
        (None, false) => "idle for 8 hours: over".to_owned(),
    };
    format!(
        "#{}  {}  started {}  last used {}  {state}",
        session.id,
        session.editor,
        when(session.created_at, zone),
        when(session.last_seen_at, zone),
    )
}
