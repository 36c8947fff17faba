//! `hearth outbox`: what staff can see and do with requests waiting to be
//! emailed. `list` never shows personal data, so it is safe to paste into a
//! support ticket; `show` prints one request in full, for the coordinator;
//! `recover` gets back what a damaged outbox holds.

use std::io::Write;

use super::outbox::{DeliveryState, Kind, Outbox, OutboxError, Status, Summary};
use super::recover::{self, RecoverError};
use crate::Clock;
use crate::config::{OutboxAction, OutboxArgs};

/// Why an outbox command could not run.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error(transparent)]
    Outbox(#[from] OutboxError),
    #[error(transparent)]
    Recover(#[from] RecoverError),
}

/// Runs one outbox command, writing its report to `out`. Returns false when
/// the request asked for does not exist or cannot be retried.
pub fn run(args: &OutboxArgs, out: &mut impl Write) -> Result<bool, AdminError> {
    // Recovering makes the current outbox if the damaged one was the only one.
    let recovering = matches!(args.action, OutboxAction::Recover { .. });
    if !recovering && !args.data_dir.join("outbox.sqlite3").exists() {
        let _ = writeln!(
            out,
            "No outbox in {}: no consultation request has been received there yet.",
            args.data_dir.display()
        );
        return Ok(matches!(args.action, OutboxAction::List));
    }
    let outbox = Outbox::open(&args.data_dir)?;
    let now = crate::SystemClock.now();
    let zone = crate::content::scaffold::practice_timezone(&args.content);
    match args.action {
        OutboxAction::List => {
            let summaries = outbox.list()?;
            if summaries.is_empty() {
                let _ = writeln!(out, "The outbox is empty.");
            }
            for summary in &summaries {
                let _ = writeln!(out, "{}", summary_line(summary, &zone));
            }
            Ok(true)
        }
        OutboxAction::Show { id } => show(&outbox, id, &zone, out),
        OutboxAction::Retry { id } => {
            let changed = outbox.retry(id, now)?;
            if changed == 0 {
                let _ = writeln!(
                    out,
                    "Request #{id} has nothing to retry: it does not exist or was already delivered."
                );
                return Ok(false);
            }
            let _ = writeln!(
                out,
                "Request #{id} will be sent again within seconds by a running `hearth serve`, or as soon as one starts."
            );
            Ok(true)
        }
        OutboxAction::Recover { ref file } => {
            let report = recover::recover(file, &args.data_dir, &outbox, now)?;
            let _ = write!(out, "{report}");
            Ok(true)
        }
    }
}

/// `hearth outbox show ID`: the request, its deliveries and, until it
/// is erased after delivery, what the visitor wrote. Also the second half
/// of `hearth bookings show`.
pub(super) fn show(
    outbox: &Outbox,
    id: i64,
    zone: &jiff::tz::TimeZone,
    out: &mut impl Write,
) -> Result<bool, AdminError> {
    let Some((summary, record)) = outbox.show(id)? else {
        let _ = writeln!(out, "There is no request #{id}.");
        return Ok(false);
    };
    let _ = writeln!(out, "{}", summary_line(&summary, zone));
    for delivery in &summary.deliveries {
        let _ = writeln!(out, "  {}", delivery_line(delivery, zone));
    }
    match record {
        None => {
            let _ = writeln!(
                out,
                "The visitor's details were erased after delivery, as they always are."
            );
        }
        Some(record) => {
            let request = &record.request;
            let labels = &record.labels;
            let fields = [
                ("Name", request.name.clone()),
                ("Email", request.email.clone().unwrap_or_default()),
                ("Phone", request.phone.clone().unwrap_or_default()),
                ("Contact by", labels.contact_preference.clone()),
                (
                    "Voicemail OK",
                    if request.voicemail_ok { "yes" } else { "no" }.to_owned(),
                ),
                ("Service", labels.service.clone()),
                ("Therapist", labels.therapist.clone()),
                ("Format", labels.format.clone()),
                ("State", labels.state.clone()),
                ("For", labels.who_for.clone()),
                ("Availability", request.availability.clone()),
                ("Message", request.message.clone()),
            ];
            for (label, value) in fields {
                let _ = writeln!(out, "{label}: {value}");
            }
        }
    }
    Ok(true)
}

/// A moment where the practice is, with the zone's abbreviation: the
/// coordinator reads these beside the calls they take.
fn time(at: jiff::Timestamp, zone: &jiff::tz::TimeZone) -> String {
    at.to_zoned_datetime(zone.clone())
        .strftime("%Y-%m-%d %H:%M:%S %Z")
        .to_string()
}

fn summary_line(summary: &Summary, zone: &jiff::tz::TimeZone) -> String {
    let coordinator = summary
        .deliveries
        .iter()
        .find(|delivery| delivery.kind == Kind::Coordinator);
    let status = coordinator.map_or("unknown", |delivery| delivery.status.as_str());
    let attempts: i64 = summary
        .deliveries
        .iter()
        .map(|delivery| delivery.attempts)
        .sum();
    format!(
        "#{:<6} {:<8} received {}  attempts {}{}",
        summary.id,
        status,
        time(summary.created_at, zone),
        attempts,
        if summary.erased {
            "  (details erased)"
        } else {
            ""
        }
    )
}

fn delivery_line(delivery: &DeliveryState, zone: &jiff::tz::TimeZone) -> String {
    let kind = match delivery.kind {
        Kind::Coordinator => "to the coordinator",
        Kind::Confirmation => "confirmation to the visitor",
        Kind::Reminder => "reminder to the visitor",
        Kind::Cancellation => "cancellation to the coordinator",
        Kind::Change => "new time to the coordinator",
        Kind::ChangeConfirmation => "new time to the visitor",
        Kind::VisitorCancellation => "cancellation to the visitor",
        Kind::SignIn => "sign-in link to an editor",
    };
    let mut line = format!(
        "{kind}: {}, {} attempt(s)",
        delivery.status, delivery.attempts
    );
    if let Some(sent) = delivery.sent_at {
        line.push_str(&format!(", delivered {}", time(sent, zone)));
    } else if delivery.status == Status::Pending {
        line.push_str(&format!(
            ", next try {}",
            time(delivery.next_attempt_at, zone)
        ));
    }
    if let Some(last) = delivery.last_attempt_at {
        line.push_str(&format!(", last try {}", time(last, zone)));
    }
    if let Some(error) = &delivery.last_error {
        line.push_str(&format!(" ({error})"));
    }
    line
}
