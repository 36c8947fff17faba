//! Email for consultation requests: the transport chosen once from the
//! settings (SMTP in production, `.eml` files in development), and the two
//! messages, built so nothing a visitor typed can break a header or end the
//! message early (lettre 0.11 panics on CR/LF in a display name, and bare
//! CR/LF in a body can end DATA: see the guide).

use std::path::Path;

use jiff::Timestamp;
use std::time::{Duration, SystemTime};

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::Error as SmtpError;
use lettre::{
    Address, AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};

use std::sync::Arc;

use super::form::{clean_name, single_line};
use super::invitation::{self, Parties};
use super::outbox::{Due, Kind};
use super::token::{BookingAction, FormKey};
use crate::content::model::Site;
use crate::i18n::{Catalog, Language};
use crate::staff::store::{DueSignIn, LINK_LIFETIME};

/// Where emails go.
pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// Development: each message becomes a file in this folder.
    Files(AsyncFileTransport<Tokio1Executor>, std::path::PathBuf),
}

#[derive(Debug, thiserror::Error)]
pub enum MailConfigError {
    #[error("HEARTH_SMTP_URL is not a valid URL: {0}")]
    Url(#[from] url::ParseError),
    #[error(
        "HEARTH_SMTP_URL sends mail in plain text to {0}: use smtps:// or add ?tls=required (plain smtp:// is only allowed to this machine)"
    )]
    Plaintext(String),
    #[error("HEARTH_SMTP_URL: {0}")]
    Smtp(#[from] SmtpError),
    #[error("{setting} is not an email address: {value:?}")]
    Address {
        setting: &'static str,
        value: String,
    },
    #[error("cannot create the dev mail folder {0}: {1}")]
    Folder(String, std::io::Error),
}

impl Transport {
    /// SMTP from `smtp_url`, or files under `data_dir/mail/` when unset.
    pub fn from_settings(
        smtp_url: Option<&str>,
        data_dir: &Path,
        timeout: Duration,
    ) -> Result<Transport, MailConfigError> {
        let Some(smtp_url) = smtp_url else {
            let folder = data_dir.join("mail");
            std::fs::create_dir_all(&folder)
                .map_err(|error| MailConfigError::Folder(folder.display().to_string(), error))?;
            return Ok(Transport::Files(AsyncFileTransport::new(&folder), folder));
        };
        let parsed = url::Url::parse(smtp_url)?;
        let tls_required = parsed
            .query_pairs()
            .any(|(key, value)| key == "tls" && value == "required");
        let host = parsed.host_str().unwrap_or_default();
        let loopback = matches!(host, "localhost" | "127.0.0.1" | "[::1]" | "::1");
        if parsed.scheme() == "smtp" && !tls_required && !loopback {
            return Err(MailConfigError::Plaintext(host.to_owned()));
        }
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)?
            .timeout(Some(timeout))
            .build();
        Ok(Transport::Smtp(transport))
    }

    /// Says where mail goes, without credentials.
    pub fn describe(&self) -> String {
        match self {
            Transport::Smtp(_) => "SMTP (HEARTH_SMTP_URL)".to_owned(),
            Transport::Files(_, folder) => format!(
                "files in {} (set HEARTH_SMTP_URL to send real email)",
                folder.display()
            ),
        }
    }

    /// The folder dev mail is written to, when mail goes to files.
    pub fn dev_mail_folder(&self) -> Option<&Path> {
        match self {
            Transport::Smtp(_) => None,
            Transport::Files(_, folder) => Some(folder),
        }
    }
}

/// Deletes the dev mail (`.eml` files and their `.ics`) in `folder` last written before
/// `cutoff`: each holds a whole request, so it is kept no longer than the
/// outbox keeps a request's record. Other files are left alone. Returns how
/// many went; a file that cannot be deleted does not stop the others.
pub fn delete_dev_mail_before(folder: &Path, cutoff: SystemTime) -> std::io::Result<usize> {
    let mut deleted = 0;
    let mut first_error = None;
    for entry in std::fs::read_dir(folder)? {
        let outcome = entry.and_then(|entry| {
            let path = entry.path();
            let metadata = entry.metadata()?;
            // The calendar files beside the messages name the visitor too.
            let is_mail = path
                .extension()
                .is_some_and(|extension| extension == "eml" || extension == "ics");
            if !is_mail || !metadata.is_file() || metadata.modified()? >= cutoff {
                return Ok(false);
            }
            match std::fs::remove_file(&path) {
                Ok(()) => Ok(true),
                // Deleted meanwhile, by hand or by another purge: gone is what we want.
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(false),
                Err(error) => Err(error),
            }
        });
        match outcome {
            Ok(true) => deleted += 1,
            Ok(false) => {}
            Err(error) => {
                first_error.get_or_insert(error);
            }
        }
    }
    match first_error {
        Some(error) => Err(error),
        None => Ok(deleted),
    }
}

/// Why one attempt failed, without anything the server said (a reply can
/// quote the visitor's address).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendFailure {
    /// A 5xx reply: retrying will not help.
    Permanent(String),
    /// A 4xx reply, a lost connection, a timeout: try again later.
    Temporary(String),
}

impl SendFailure {
    pub fn reason(&self) -> &str {
        match self {
            SendFailure::Permanent(reason) | SendFailure::Temporary(reason) => reason,
        }
    }
}

fn classify(error: &SmtpError) -> SendFailure {
    let code = error
        .status()
        .map(|code| code.to_string())
        .unwrap_or_default();
    if error.is_permanent() {
        SendFailure::Permanent(format!("rejected permanently ({code})"))
    } else if error.is_transient() {
        SendFailure::Temporary(format!("deferred ({code})"))
    } else if error.is_timeout() {
        SendFailure::Temporary("timed out".to_owned())
    } else if error.is_tls() {
        SendFailure::Temporary("TLS failed".to_owned())
    } else {
        SendFailure::Temporary("connection failed".to_owned())
    }
}

/// Everything needed to write and send the practice's emails.
pub struct Mailer {
    pub transport: Transport,
    /// The sender of every message.
    pub from: Mailbox,
    /// The care coordinator, who receives requests.
    pub coordinator: Mailbox,
    /// How long one attempt may take, connection to final reply. lettre's
    /// own timeout covers only the connection, so each send is wrapped in this.
    pub send_timeout: Duration,
}

/// What the emails say about the practice, in each of its languages.
#[derive(Debug, Clone)]
pub struct Practice {
    pub name: String,
    pub phone: String,
    /// Where booked calls' times are said.
    pub timezone: jiff::tz::TimeZone,
    /// Per language of the site, the default first: the words the emails
    /// are written in, and the crisis notice in that language.
    pub languages: Vec<PracticeWords>,
}

/// The practice's words in one language.
#[derive(Debug, Clone)]
pub struct PracticeWords {
    pub words: Arc<Catalog>,
    pub crisis: String,
}

impl Practice {
    /// The practice as `site` (the default language's, with its
    /// translations) describes it.
    pub fn of(site: &Site) -> Practice {
        let editions = std::iter::once(site).chain(site.translations.iter());
        Practice {
            name: site.settings.name.clone(),
            phone: site.settings.phone.clone(),
            timezone: site.settings.timezone.clone(),
            languages: editions
                .map(|edition| PracticeWords {
                    words: Arc::clone(&edition.settings.catalogs[0]),
                    crisis: edition.settings.crisis.clone(),
                })
                .collect(),
        }
    }

    /// The practice's words in `language`, or in its default language.
    fn in_language(&self, language: &Language) -> &PracticeWords {
        (self.languages.iter())
            .find(|words| words.words.language() == language)
            .unwrap_or(&self.languages[0])
    }
}

/// One email ready to send, with the calendar file it carries, if any,
/// which dev mail also writes beside the message for a person to open.
pub struct Outgoing {
    pub message: Message,
    pub calendar: Option<String>,
}

/// Parses an address setting such as HEARTH_MAIL_FROM ("Name <a@b.c>" or "a@b.c").
pub fn mailbox_setting(setting: &'static str, value: &str) -> Result<Mailbox, MailConfigError> {
    value
        .parse::<Mailbox>()
        .map_err(|_| MailConfigError::Address {
            setting,
            value: value.to_owned(),
        })
}

impl Mailer {
    /// Sends one message within the send timeout.
    pub async fn send(&self, outgoing: Outgoing) -> Result<(), SendFailure> {
        let Outgoing { message, calendar } = outgoing;
        let attempt = async {
            match &self.transport {
                Transport::Smtp(smtp) => smtp
                    .send(message)
                    .await
                    .map(drop)
                    .map_err(|error| classify(&error)),
                Transport::Files(files, folder) => {
                    let unwritten =
                        || SendFailure::Temporary("could not write the mail file".to_owned());
                    let id = files.send(message).await.map_err(|_| unwritten())?;
                    if let Some(calendar) = calendar {
                        tokio::fs::write(folder.join(format!("{id}.ics")), calendar)
                            .await
                            .map_err(|_| unwritten())?;
                    }
                    Ok(())
                }
            }
        };
        match tokio::time::timeout(self.send_timeout, attempt).await {
            Ok(result) => result,
            Err(_) => Err(SendFailure::Temporary("timed out".to_owned())),
        }
    }

    /// The domain of the From address, for Message-IDs.
    fn domain(&self) -> &str {
        self.from.email.domain()
    }

    /// The email to the care coordinator, in the site's default language,
    /// saying which language the visitor wrote in. The subject carries only
    /// the id: subjects show on lock screens.
    pub fn coordinator_message(&self, practice: &Practice, due: &Due, now: Timestamp) -> Outgoing {
        let (id, submission_id, record) = (due.request_id, due.submission_id.as_str(), &due.record);
        let request = &record.request;
        let labels = &record.labels;
        let words = &practice.languages[0].words;
        let say = |message: &str| words.message(message, &[]);
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(self.coordinator.clone())
            .subject(words.message("mail-coordinator-subject", &[("id", id.to_string().into())]))
            .message_id(Some(format!(
                "<consultation-{id}-{}@{}>",
                &submission_id[..submission_id.len().min(12)],
                self.domain()
            )));
        if let Some(address) = request
            .email
            .as_deref()
            .and_then(|email| email.parse::<Address>().ok())
        {
            // The form already cleaned the name; this is the last guard, for
            // control characters and direction overrides alike.
            builder = builder.reply_to(Mailbox::new(Some(clean_name(&request.name)), address));
        }
        let or_dash = |value: &str| {
            if value.is_empty() {
                "-".to_owned()
            } else {
                value.to_owned()
            }
        };
        let state = if labels.state_served {
            labels.state.clone()
        } else {
            words.message(
                "mail-state-not-served",
                &[("state", labels.state.as_str().into())],
            )
        };
        let mut lines = Vec::new();
        if let Some(start) = request.slot {
            lines.push((
                "mail-field-booked-call",
                words.moment(start, &practice.timezone),
            ));
        }
        lines.extend([
            ("mail-field-name", request.name.clone()),
            (
                "mail-field-email",
                or_dash(request.email.as_deref().unwrap_or("")),
            ),
            (
                "mail-field-phone",
                or_dash(request.phone.as_deref().unwrap_or("")),
            ),
            ("mail-field-contact-by", labels.contact_preference.clone()),
            (
                "mail-field-voicemail",
                say(if request.voicemail_ok {
                    "mail-yes"
                } else {
                    "mail-no"
                }),
            ),
            ("mail-field-service", or_dash(&labels.service)),
            (
                "mail-field-session-language",
                request
                    .session_language
                    .clone()
                    .unwrap_or_else(|| say("mail-session-language-any")),
            ),
            ("mail-field-therapist", or_dash(&labels.therapist)),
            (
                "mail-field-fits",
                match labels.fits.as_deref() {
                    None => "-".to_owned(),
                    Some([]) => say("mail-fits-none"),
                    Some(names) => words.list_and(names),
                },
            ),
            ("mail-field-format", labels.format.clone()),
            ("mail-field-state", state),
            ("mail-field-for", labels.who_for.clone()),
            ("mail-field-availability", or_dash(&request.availability)),
            ("mail-field-language", words.language_name(&record.language)),
        ]);
        if request.health_data_consent {
            lines.push(("mail-field-health-data-consent", say("mail-yes")));
        }
        let mut body = words.message("mail-coordinator-subject", &[("id", id.to_string().into())]);
        body.push_str("\n\n");
        for (label, value) in lines {
            body.push_str(&format!("{}: {value}\n", say(label)));
        }
        // Without the visitor's address there is no Reply-To, and a reply
        // would only come back to the practice.
        let reply = match (&request.email, &request.phone) {
            (Some(_), _) => say("mail-coordinator-reply"),
            (None, phone) => words.message(
                "mail-coordinator-no-email",
                &[("phone", phone.as_deref().unwrap_or("-").into())],
            ),
        };
        body.push_str(&format!(
            "\n{}:\n{}\n\n{reply}\n",
            say("mail-field-message"),
            or_dash(&request.message),
        ));
        let calendar = due.call.map(|call| {
            invitation::for_coordinator(
                call,
                &self.parties(practice, id),
                &clean_name(&request.name),
                request.phone.as_deref().unwrap_or_default(),
                words,
                now,
            )
        });
        with_calendar(builder, body, calendar, "REQUEST")
    }

    /// Who the invitations name, for request `id`.
    fn parties<'a>(&'a self, practice: &'a Practice, id: i64) -> Parties<'a> {
        Parties {
            request: id,
            domain: self.domain(),
            organizer: self.from.email.as_ref(),
            coordinator: self.coordinator.email.as_ref(),
            practice: &practice.name,
            practice_phone: &practice.phone,
        }
    }

    /// The emails to the visitor, in the language of the form they sent:
    /// the confirmation (that it arrived, when to expect a call or when the
    /// booked call is), the reminder before a booked call, and the new time
    /// after they moved it; each with the crisis lines, and for a booked
    /// call its calendar file and the links to cancel or pick another time.
    /// They repeat nothing the visitor wrote. `None` for a booked call's
    /// email whose booking is gone.
    pub fn visitor_message(
        &self,
        practice: &Practice,
        due: &Due,
        to: Address,
        links: Option<&BookingLinks>,
        now: Timestamp,
    ) -> Option<Outgoing> {
        let (id, submission_id, record) = (due.request_id, due.submission_id.as_str(), &due.record);
        let own = practice.in_language(&record.language);
        let mut args = vec![
            ("practice", practice.name.as_str().into()),
            ("phone", practice.phone.as_str().into()),
            ("crisis", own.crisis.as_str().into()),
        ];
        let booked = due.call.zip(links);
        if let Some((call, links)) = booked {
            let when = own.words.moment(call.slot.start, &practice.timezone);
            args.push(("when", when.into()));
            args.push(("cancel", links.cancel.as_str().into()));
            args.push(("reschedule", links.reschedule.as_str().into()));
        }
        let (subject, body, suffix) = match (due.kind, booked.is_some()) {
            (Kind::Confirmation, false) => (
                "mail-confirmation-subject",
                "mail-confirmation-body",
                "confirmation".to_owned(),
            ),
            (Kind::Confirmation, true) => (
                "mail-confirmation-subject",
                "mail-confirmation-booked-body",
                "confirmation".to_owned(),
            ),
            (Kind::Reminder, true) => (
                "mail-reminder-subject",
                "mail-reminder-body",
                "reminder".to_owned(),
            ),
            (Kind::VisitorCancellation, true) => (
                "mail-visitor-cancellation-subject",
                "mail-visitor-cancellation-body",
                "cancellation".to_owned(),
            ),
            (Kind::ChangeConfirmation, true) => (
                "mail-change-confirmation-subject",
                "mail-change-confirmation-body",
                format!("change-{}", due.call.map_or(0, |call| call.sequence)),
            ),
            _ => return None,
        };
        let body = own.words.message(body, &args);
        let subject = own
            .words
            .message(subject, &[("practice", single_line(&practice.name).into())]);
        let builder = Message::builder()
            .from(self.from.clone())
            .reply_to(self.coordinator.clone())
            .to(Mailbox::new(None, to))
            .subject(single_line(&subject))
            .message_id(Some(format!(
                "<consultation-{id}-{}-{suffix}@{}>",
                &submission_id[..submission_id.len().min(12)],
                self.domain()
            )));
        // The reminder adds nothing to the calendar the confirmation filled;
        // a cancellation takes the event off it.
        let parties = self.parties(practice, id);
        let calendar = booked.and_then(|(call, _)| match due.kind {
            Kind::Reminder => None,
            Kind::VisitorCancellation => Some(invitation::visitor_cancellation(
                call, &parties, &own.words, now,
            )),
            _ => Some(invitation::for_visitor(call, &parties, &own.words, now)),
        });
        let method = match due.kind {
            Kind::VisitorCancellation => "CANCEL",
            _ => "PUBLISH",
        };
        Some(with_calendar(builder, body, calendar, method))
    }

    /// A staff sign-in link, to the editor who asked for it, in the language
    /// of the page they asked on. It names the practice and says what to do
    /// if they did not ask; the link itself works once, for 15 minutes.
    pub fn sign_in_message(
        &self,
        practice: &Practice,
        link: &DueSignIn,
        to: Address,
        address: &str,
    ) -> Outgoing {
        let own = practice.in_language(&link.language);
        let practice_name = single_line(&practice.name);
        let args = [
            ("practice", practice_name.as_str().into()),
            ("link", address.into()),
            ("minutes", LINK_MINUTES.into()),
        ];
        let subject = own.words.message("mail-sign-in-subject", &args);
        let body = own.words.message("mail-sign-in-body", &args);
        let builder = Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(None, to))
            .subject(single_line(&subject))
            .message_id(Some(format!("<sign-in-{}@{}>", link.id, self.domain())));
        with_calendar(builder, body, None, "")
    }

    /// What the coordinator is told when the visitor cancels a booked call
    /// (with the calendar's cancellation of its invitation) or moves it
    /// (with the invitation updated). `None` when the booking is gone.
    pub fn coordinator_notice(
        &self,
        practice: &Practice,
        due: &Due,
        now: Timestamp,
    ) -> Option<Outgoing> {
        let call = due.call?;
        let (id, submission_id, request) = (
            due.request_id,
            due.submission_id.as_str(),
            &due.record.request,
        );
        let words = &practice.languages[0].words;
        let args = [
            ("id", id.into()),
            (
                "when",
                words.moment(call.slot.start, &practice.timezone).into(),
            ),
            ("name", clean_name(&request.name).into()),
            ("phone", request.phone.clone().unwrap_or_default().into()),
        ];
        let parties = self.parties(practice, id);
        let (subject, body, calendar, method) = match due.kind {
            Kind::Cancellation => (
                "mail-cancellation-subject",
                "mail-cancellation-body",
                invitation::cancellation(call, &parties, words, now),
                "CANCEL",
            ),
            Kind::Change => (
                "mail-change-subject",
                "mail-change-body",
                invitation::for_coordinator(
                    call,
                    &parties,
                    &clean_name(&request.name),
                    request.phone.as_deref().unwrap_or_default(),
                    words,
                    now,
                ),
                "REQUEST",
            ),
            _ => return None,
        };
        let builder = Message::builder()
            .from(self.from.clone())
            .to(self.coordinator.clone())
            .subject(single_line(&words.message(subject, &args)))
            .message_id(Some(format!(
                "<consultation-{id}-{}-{}-{}@{}>",
                &submission_id[..submission_id.len().min(12)],
                due.kind,
                call.sequence,
                self.domain()
            )));
        Some(with_calendar(
            builder,
            words.message(body, &args),
            Some(calendar),
            method,
        ))
    }
}

/// The links a booked call's emails give the visitor, each signed for the
/// booking as it stands.
#[derive(Debug, Clone)]
pub struct BookingLinks {
    pub cancel: String,
    pub reschedule: String,
}

impl BookingLinks {
    /// The links to booking `booking` at `sequence`, at `paths`' addresses
    /// (the visitor's language), each made whole by `address` (a page's
    /// own path, or an email's full address).
    pub fn new(
        key: &FormKey,
        paths: &crate::urls::Paths,
        booking: i64,
        sequence: i64,
        address: impl Fn(String) -> String,
    ) -> BookingLinks {
        let link = |action, path: String| {
            let signed = key.booking_link(action, booking, sequence);
            address(format!("{path}?ref={signed}"))
        };
        BookingLinks {
            cancel: link(BookingAction::Cancel, paths.consultation_cancel()),
            reschedule: link(BookingAction::Reschedule, paths.consultation_reschedule()),
        }
    }
}

/// [`LINK_LIFETIME`] in minutes, as the sign-in email says it.
const LINK_MINUTES: i64 = LINK_LIFETIME.as_secs() / 60;

/// The message with `body` as its text, and `calendar`, when there is one,
/// attached as `consultation.ics` for calendar apps to offer to add.
fn with_calendar(
    builder: lettre::message::MessageBuilder,
    body: String,
    calendar: Option<String>,
    method: &str,
) -> Outgoing {
    let text = plain_text(body);
    let message = match &calendar {
        None => builder.singlepart(text),
        Some(calendar) => {
            let kind =
                ContentType::parse(&format!("text/calendar; charset=utf-8; method={method}"))
                    .expect("a valid content type");
            let file = Attachment::new("consultation.ics".to_owned()).body(calendar.clone(), kind);
            builder.multipart(MultiPart::mixed().singlepart(text).singlepart(file))
        }
    }
    .expect("every header above is valid");
    Outgoing { message, calendar }
}

/// A UTF-8 plain-text body with CRLF line endings, base64-encoded so no line
/// of what a visitor wrote can be read by a server as the end of the message.
fn plain_text(body: String) -> SinglePart {
    let normalised = body
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\n', "\r\n");
    SinglePart::builder()
        .header(ContentType::TEXT_PLAIN)
        .header(ContentTransferEncoding::Base64)
        .body(normalised)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consultation::form::Request;
    use crate::consultation::outbox::{Labels, Record};

    fn mailer() -> Mailer {
        Mailer {
            transport: Transport::Files(
                AsyncFileTransport::new("/nonexistent"),
                "/nonexistent".into(),
            ),
            from: "Harborlight website <web@harborlight.example>"
                .parse()
                .unwrap(),
            coordinator: "care@harborlight.example".parse().unwrap(),
            send_timeout: Duration::from_secs(30),
        }
    }

    fn practice() -> Practice {
        Practice {
            name: "Harborlight".into(),
            phone: "(510) 555-0148".into(),
            timezone: jiff::tz::TimeZone::get("America/Los_Angeles").unwrap(),
            languages: ["en", "es"]
                .map(|code| PracticeWords {
                    words: Catalog::built_in(&Language::parse(code).unwrap()),
                    crisis: format!("Call or text 988 ({code})."),
                })
                .to_vec(),
        }
    }

    fn due(id: i64, submission_id: &str, record: Record) -> Due {
        Due {
            request_id: id,
            submission_id: submission_id.to_owned(),
            kind: crate::consultation::outbox::Kind::Coordinator,
            attempts: 0,
            record,
            call: None,
        }
    }

    fn record(name: &str, message: &str) -> Record {
        Record {
            request: Request {
                name: name.into(),
                message: message.into(),
                ..Request::sample()
            },
            labels: Labels {
                state: "California".into(),
                state_served: true,
                ..Labels::default()
            },
            language: crate::i18n::Language::english(),
        }
    }

    fn raw(outgoing: &Outgoing) -> String {
        String::from_utf8(outgoing.message.formatted()).unwrap()
    }

    /// Subject, Reply-To and Message-ID as the coordinator's inbox needs them.
    #[test]
    fn coordinator_headers() {
        let text = raw(&mailer().coordinator_message(
            &practice(),
            &due(42, "0123456789abcdef", record("Jo Lee", "Hi")),
            Timestamp::UNIX_EPOCH,
        ));
        assert!(
            text.contains("Subject: New consultation request #42\r\n"),
            "{text}"
        );
        assert!(
            text.contains("Reply-To: \"Jo Lee\" <jo@example.org>\r\n"),
            "{text}"
        );
        assert!(
            text.contains("Message-ID: <consultation-42-0123456789ab@harborlight.example>\r\n"),
            "{text}"
        );
        assert!(
            text.contains("Content-Transfer-Encoding: base64\r\n"),
            "{text}"
        );
        assert!(
            !text.contains("Jo Lee\r\n\r\n"),
            "the body is encoded, not plain"
        );
    }

    /// A CR or LF in the name cannot add a header, even if it got past the form.
    #[test]
    fn names_cannot_inject_headers() {
        let text = raw(&mailer().coordinator_message(
            &practice(),
            &due(1, "abc", record("Jo\r\nBcc: evil@example.org", "x")),
            Timestamp::UNIX_EPOCH,
        ));
        assert!(!text.contains("\r\nBcc:"), "{text}");
    }

    /// A direction override in a stored name never reaches Reply-To.
    #[test]
    fn direction_overrides_never_reach_reply_to() {
        let text = raw(&mailer().coordinator_message(
            &practice(),
            &due(1, "abc", record("\u{202e}Jo Lee\u{2066}", "x")),
            Timestamp::UNIX_EPOCH,
        ));
        assert!(
            text.contains("Reply-To: \"Jo Lee\" <jo@example.org>\r\n"),
            "{text}"
        );
    }

    /// The confirmation repeats nothing the visitor wrote.
    #[test]
    fn confirmation_repeats_nothing() {
        let mut confirmation = due(7, "abc", record("Jo", "hello"));
        confirmation.kind = Kind::Confirmation;
        let message = mailer()
            .visitor_message(
                &practice(),
                &confirmation,
                "jo@example.org".parse().unwrap(),
                None,
                Timestamp::UNIX_EPOCH,
            )
            .unwrap();
        let text = raw(&message);
        assert!(text.contains("To: jo@example.org\r\n"), "{text}");
        assert!(
            text.contains("Reply-To: care@harborlight.example\r\n"),
            "{text}"
        );
        assert!(!text.contains("Jo"), "{text}");
    }

    /// Dev mail older than the cutoff goes; newer mail and other files stay.
    #[test]
    fn old_dev_mail_is_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let day = Duration::from_secs(24 * 60 * 60);
        let now = SystemTime::now();
        for (name, age) in [("old.eml", 31), ("new.eml", 29), ("old.txt", 31)] {
            let file = std::fs::File::create(dir.path().join(name)).unwrap();
            file.set_modified(now - age * day).unwrap();
        }
        std::fs::create_dir(dir.path().join("folder.eml")).unwrap();
        std::fs::File::open(dir.path().join("folder.eml"))
            .unwrap()
            .set_modified(now - 31 * day)
            .unwrap();
        let deleted = delete_dev_mail_before(dir.path(), now - 30 * day).unwrap();
        assert_eq!(deleted, 1);
        assert!(!dir.path().join("old.eml").exists());
        for kept in ["new.eml", "old.txt", "folder.eml"] {
            assert!(dir.path().join(kept).exists(), "{kept}");
        }
    }

    /// Plaintext SMTP is allowed only to this machine.
    #[test]
    fn plaintext_only_to_loopback() {
        let dir = tempfile::tempdir().unwrap();
        for url in [
            "smtp://mail.example.org:587",
            "smtp://mail.example.org:587?tls=opportunistic",
        ] {
            assert!(
                matches!(
                    Transport::from_settings(Some(url), dir.path(), Duration::from_secs(30)),
                    Err(MailConfigError::Plaintext(_))
                ),
                "{url}"
            );
        }
        for url in [
            "smtp://127.0.0.1:2525",
            "smtp://localhost:25",
            "smtps://u:p@mail.example.org:465",
            "smtp://mail.example.org:587?tls=required",
        ] {
            assert!(
                Transport::from_settings(Some(url), dir.path(), Duration::from_secs(30)).is_ok(),
                "{url}"
            );
        }
    }
}
