//! The form's hidden submission id, signed so it cannot be forged or
//! replayed with another time, with a key kept in the data folder: a form
//! opened before a restart or a deploy still submits afterwards.
//!
//! A form shown again after a mistake carries a signed "returned" marker and
//! the time the visitor first opened it: they have already shown they are a
//! person, so fixing a field quickly is never taken for a bot.

use std::io::Write;
use std::path::Path;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// How long an opened form stays valid: long enough for a visitor who
/// leaves a tab open overnight.
pub const TOKEN_LIFETIME_SECONDS: i64 = 3 * 24 * 60 * 60;

const KEY_FILE: &str = "form-key";
const KEY_BYTES: usize = 32;

/// The secret that signs form tokens.
#[derive(Clone)]
pub struct FormKey([u8; KEY_BYTES]);

impl std::fmt::Debug for FormKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FormKey(..)")
    }
}

/// The hidden fields of one opened form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Random, so a double submit of the same form is recognised.
    pub submission_id: String,
    /// Unix seconds when the visitor first opened the form, carried through
    /// every time it is shown again.
    pub issued_at: i64,
    /// The form was shown again after a mistake: the minimum fill time is
    /// not asked of it (the first showing was).
    pub returned: bool,
    pub signature: String,
}

/// What verified hidden fields tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verified {
    /// Unix seconds when the form was first opened.
    pub issued_at: i64,
    /// See [`Token::returned`].
    pub returned: bool,
}

/// The value of the hidden `returned` field in a form shown again.
pub const RETURNED: &str = "1";

/// Why hidden fields were not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenProblem {
    /// Missing, altered, or signed by another key.
    Invalid,
    /// Older than [`TOKEN_LIFETIME_SECONDS`].
    Expired,
}

impl FormKey {
    /// Reads the key from `data_dir`, creating it (readable by this user only) on first start.
    pub fn load_or_create(data_dir: &Path) -> std::io::Result<FormKey> {
        let path = data_dir.join(KEY_FILE);
        match std::fs::read(&path) {
            Ok(bytes) => {
                let key: [u8; KEY_BYTES] = bytes.try_into().map_err(|_| {
                    std::io::Error::other(format!(
                        "{} is damaged: delete it to make a new one (forms opened before then will ask to be sent again)",
                        path.display()
                    ))
                })?;
                Ok(FormKey(key))
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                let mut key = [0u8; KEY_BYTES];
                getrandom::fill(&mut key).map_err(std::io::Error::other)?;
                std::fs::create_dir_all(data_dir)?;
                let mut options = std::fs::OpenOptions::new();
                options.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
                let mut file = options.open(&path)?;
                file.write_all(&key)?;
                file.sync_all()?;
                Ok(FormKey(key))
            }
            Err(error) => Err(error),
        }
    }

    /// A fresh token for a form opened at `now` (unix seconds).
    pub fn issue(&self, now: i64) -> Token {
        self.token(now, false)
    }

    /// A token for a form shown again after a mistake: a new submission id
    /// (nothing was stored under the old one), the time the visitor first
    /// opened the form, and the returned marker.
    pub fn issue_returned(&self, first_opened: i64) -> Token {
        self.token(first_opened, true)
    }

    fn token(&self, issued_at: i64, returned: bool) -> Token {
        let mut id = [0u8; 16];
        // getrandom only fails without an OS entropy source, which Hearth cannot run without.
        getrandom::fill(&mut id).expect("the operating system provides random bytes");
        let submission_id = crate::digest::hex(&id);
        let signature = self.sign(&submission_id, issued_at, returned);
        Token {
            submission_id,
            issued_at,
            returned,
            signature,
        }
    }

    /// Checks hidden fields as posted (`returned` is empty or [`RETURNED`]);
    /// returns when the form was first opened and whether it came back.
    pub fn verify(
        &self,
        submission_id: &str,
        issued_at: &str,
        returned: &str,
        signature: &str,
        now: i64,
    ) -> Result<Verified, TokenProblem> {
        let issued_at: i64 = issued_at.parse().map_err(|_| TokenProblem::Invalid)?;
        let returned = match returned {
            "" => false,
            RETURNED => true,
            _ => return Err(TokenProblem::Invalid),
        };
        let well_formed =
            submission_id.len() == 32 && submission_id.bytes().all(|byte| byte.is_ascii_hexdigit());
        let expected = self.sign(submission_id, issued_at, returned);
        if !well_formed || !constant_time_eq(expected.as_bytes(), signature.as_bytes()) {
            return Err(TokenProblem::Invalid);
        }
        if now.saturating_sub(issued_at) > TOKEN_LIFETIME_SECONDS {
            return Err(TokenProblem::Expired);
        }
        Ok(Verified {
            issued_at,
            returned,
        })
    }

    /// A keyed digest of `text` for things kept without keeping them, such as
    /// which addresses got a confirmation recently.
    pub fn digest(&self, text: &str) -> String {
        let mut mac = self.mac();
        mac.update(b"digest\0");
        mac.update(text.as_bytes());
        crate::digest::hex(&mac.finalize().into_bytes())
    }

    /// A link to booking `booking` for `action` (its confirmation page, its
    /// cancellation, its rescheduling): the booking, its `sequence` (how
    /// often it has changed, so a link from before a change no longer
    /// works), and a keyed digest of both. Never a visitor's words.
    pub fn booking_link(&self, action: BookingAction, booking: i64, sequence: i64) -> String {
        format!(
            "{booking}-{sequence}-{}",
            self.booking_signature(action, booking, sequence)
        )
    }

    /// The booking and sequence of a link this key made for `action`.
    pub fn read_booking_link(&self, action: BookingAction, link: &str) -> Option<(i64, i64)> {
        let mut parts = link.trim().splitn(3, '-');
        let booking: i64 = parts.next()?.parse().ok()?;
        let sequence: i64 = parts.next()?.parse().ok()?;
        let signature = parts.next()?;
        let expected = self.booking_signature(action, booking, sequence);
        constant_time_eq(expected.as_bytes(), signature.as_bytes()).then_some((booking, sequence))
    }

    fn booking_signature(&self, action: BookingAction, booking: i64, sequence: i64) -> String {
        let mut mac = self.mac();
        mac.update(b"booking\0");
        mac.update(action.as_str().as_bytes());
        mac.update(format!("\0{booking}\0{sequence}").as_bytes());
        // 128 bits are plenty for a link that works only until the call.
        crate::digest::hex(&mac.finalize().into_bytes()[..16])
    }

    /// A staff sign-in link's secret part: link `id` and a keyed digest of
    /// it, so the outbox keeps no secret and the mail worker can write the
    /// link again on a retry. Whether it is unused and fresh is the store's.
    pub fn sign_in_link(&self, id: i64) -> String {
        format!("{id}-{}", self.sign_in_signature(id))
    }

    /// The link id of a sign-in link this key made.
    pub fn read_sign_in_link(&self, link: &str) -> Option<i64> {
        let (id, signature) = link.trim().split_once('-')?;
        let id: i64 = id.parse().ok()?;
        let expected = self.sign_in_signature(id);
        constant_time_eq(expected.as_bytes(), signature.as_bytes()).then_some(id)
    }

    fn sign_in_signature(&self, id: i64) -> String {
        let mut mac = self.mac();
        mac.update(format!("staff-sign-in\0{id}").as_bytes());
        // 128 bits, for a link that works once and for 15 minutes.
        crate::digest::hex(&mac.finalize().into_bytes()[..16])
    }

    /// The hidden `token` field of every staff form in one session: a
    /// keyed digest of the session, so a page from another site cannot
    /// know it even where a browser sends the cookie.
    pub fn staff_form_token(&self, session_digest: &str) -> String {
        let mut mac = self.mac();
        mac.update(b"staff-form\0");
        mac.update(session_digest.as_bytes());
        crate::digest::hex(&mac.finalize().into_bytes())
    }

    /// A first showing signs exactly as before the returned marker existed,
    /// so forms opened before an upgrade still send after it.
    fn sign(&self, submission_id: &str, issued_at: i64, returned: bool) -> String {
        let mut mac = self.mac();
        mac.update(b"form\0");
        mac.update(submission_id.as_bytes());
        mac.update(b"\0");
        mac.update(issued_at.to_string().as_bytes());
        if returned {
            mac.update(b"\0returned");
        }
        crate::digest::hex(&mac.finalize().into_bytes())
    }

    fn mac(&self) -> Hmac<Sha256> {
        <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0).expect("HMAC takes keys of any length")
    }
}

/// What a booking link is for: each is signed for its own purpose, so one
/// cannot be turned into another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookingAction {
    /// The page that confirms the booking.
    Confirmed,
    Cancel,
    Reschedule,
}

impl BookingAction {
    const fn as_str(self) -> &'static str {
        match self {
            BookingAction::Confirmed => "confirmed",
            BookingAction::Cancel => "cancel",
            BookingAction::Reschedule => "reschedule",
        }
    }
}

pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A booking link reads back for its own action only, and not once
    /// its booking has changed; any text is read or refused, never a panic.
    #[test]
    fn booking_links_are_for_one_action_and_one_version() {
        let dir = tempfile::tempdir().unwrap();
        let key = FormKey::load_or_create(dir.path()).unwrap();
        let link = key.booking_link(BookingAction::Cancel, 7, 0);
        assert_eq!(
            key.read_booking_link(BookingAction::Cancel, &link),
            Some((7, 0))
        );
        assert_eq!(
            key.read_booking_link(BookingAction::Reschedule, &link),
            None
        );
        let other = link.replacen("7-", "8-", 1);
        assert_eq!(key.read_booking_link(BookingAction::Cancel, &other), None);
        let changed = link.replacen("-0-", "-1-", 1);
        assert_eq!(key.read_booking_link(BookingAction::Cancel, &changed), None);
        let elsewhere = FormKey::load_or_create(tempfile::tempdir().unwrap().path()).unwrap();
        assert_eq!(
            elsewhere.read_booking_link(BookingAction::Cancel, &link),
            None
        );
    }

    proptest! {
        #[test]
        fn any_text_as_a_booking_link_is_refused_without_a_panic(text in "\\PC{0,80}") {
            let key = FormKey([7; 32]);
            prop_assert_eq!(key.read_booking_link(BookingAction::Cancel, &text), None);
        }
    }

    /// A token verifies with the key that made it, even after reloading the key from disk.
    #[test]
    fn tokens_survive_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let token = FormKey::load_or_create(dir.path()).unwrap().issue(1_000);
        let reloaded = FormKey::load_or_create(dir.path()).unwrap();
        let issued = reloaded.verify(&token.submission_id, "1000", "", &token.signature, 1_010);
        assert_eq!(
            issued,
            Ok(Verified {
                issued_at: 1_000,
                returned: false
            })
        );
    }

    /// Altered ids, times or signatures, and other keys, are refused.
    #[test]
    fn forgeries_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let key = FormKey::load_or_create(dir.path()).unwrap();
        let token = key.issue(1_000);
        let id = &token.submission_id;
        assert_eq!(
            key.verify(id, "999", "", &token.signature, 1_010),
            Err(TokenProblem::Invalid)
        );
        assert_eq!(
            key.verify(id, "x", "", &token.signature, 1_010),
            Err(TokenProblem::Invalid)
        );
        assert_eq!(
            key.verify("0".repeat(32).as_str(), "1000", "", &token.signature, 1_010),
            Err(TokenProblem::Invalid)
        );
        assert_eq!(
            key.verify(id, "1000", "", "", 1_010),
            Err(TokenProblem::Invalid)
        );
        let other = FormKey::load_or_create(tempfile::tempdir().unwrap().path()).unwrap();
        assert_eq!(
            other.verify(id, "1000", "", &token.signature, 1_010),
            Err(TokenProblem::Invalid)
        );
    }

    /// Old forms are told apart from forged ones, so the visitor gets the right message.
    #[test]
    fn old_tokens_expire() {
        let dir = tempfile::tempdir().unwrap();
        let key = FormKey::load_or_create(dir.path()).unwrap();
        let token = key.issue(0);
        let late = TOKEN_LIFETIME_SECONDS + 1;
        assert_eq!(
            key.verify(&token.submission_id, "0", "", &token.signature, late),
            Err(TokenProblem::Expired)
        );
    }

    /// A form shown again verifies with its marker and first-opened time; the
    /// marker cannot be added to, or dropped from, a token that lacks it.
    #[test]
    fn returned_marker_is_signed() {
        let dir = tempfile::tempdir().unwrap();
        let key = FormKey::load_or_create(dir.path()).unwrap();
        let again = key.issue_returned(1_000);
        let id = &again.submission_id;
        assert_eq!(
            key.verify(id, "1000", RETURNED, &again.signature, 1_010),
            Ok(Verified {
                issued_at: 1_000,
                returned: true
            })
        );
        assert_eq!(
            key.verify(id, "1000", "", &again.signature, 1_010),
            Err(TokenProblem::Invalid)
        );
        assert_eq!(
            key.verify(id, "1000", "yes", &again.signature, 1_010),
            Err(TokenProblem::Invalid)
        );
        let fresh = key.issue(1_000);
        assert_eq!(
            key.verify(
                &fresh.submission_id,
                "1000",
                RETURNED,
                &fresh.signature,
                1_010
            ),
            Err(TokenProblem::Invalid)
        );
    }

    /// The key file is private to the user running Hearth.
    #[cfg(unix)]
    #[test]
    fn key_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        FormKey::load_or_create(dir.path()).unwrap();
        let mode = std::fs::metadata(dir.path().join(KEY_FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
