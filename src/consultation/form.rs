//! The consultation form's fields: reading a posted body strictly, and
//! checking every field against allowlists and length limits. A person in
//! distress may be typing: every message says how to fix the field, and
//! nothing they typed is ever lost on the way back to them.

use std::collections::HashMap;
use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

/// The longest message, in characters (Unicode scalar values, as Rust's
/// `chars()` counts them). See [`MESSAGE_MAXLENGTH`] for the browser's side.
pub const MAX_MESSAGE_CHARS: usize = 2_000;
/// The textarea's `maxlength`. Browsers count it in UTF-16 code units, which
/// are never fewer than characters: whatever a browser lets through is
/// within [`MAX_MESSAGE_CHARS`]. For text without emoji (Latin, Chinese,
/// Japanese, Korean and most scripts) the two counts are the same; an emoji
/// takes two units, so a browser may stop a message of emoji early, and
/// the hint says so.
pub const MESSAGE_MAXLENGTH: usize = MAX_MESSAGE_CHARS;
const MAX_NAME_CHARS: usize = 100;
const MAX_EMAIL_CHARS: usize = 254;
const MAX_PHONE_CHARS: usize = 30;
const MAX_AVAILABILITY_CHARS: usize = 200;
/// A select's or radio button's value: a slug or a key, far shorter in
/// practice; this only sizes the body limit.
const MAX_CHOICE_CHARS: usize = 100;
/// The honeypot: people leave it empty. A bot that fills it with more is
/// refused as too large, which costs nobody anything.
const MAX_HONEYPOT_CHARS: usize = 100;

/// Every field a browser posts, with the most characters a person can put
/// in it. The body limit is computed from this table.
pub const FIELD_LIMITS: [(&str, usize); 18] = [
    ("name", MAX_NAME_CHARS),
    ("email", MAX_EMAIL_CHARS),
    ("phone", MAX_PHONE_CHARS),
    ("contact_preference", MAX_CHOICE_CHARS),
    ("voicemail_ok", MAX_CHOICE_CHARS),
    ("service", MAX_CHOICE_CHARS),
    ("therapist", MAX_CHOICE_CHARS),
    ("format", MAX_CHOICE_CHARS),
    ("state", MAX_CHOICE_CHARS),
    ("who_for", MAX_CHOICE_CHARS),
    ("availability", MAX_AVAILABILITY_CHARS),
    ("message", MAX_MESSAGE_CHARS),
    ("consent", MAX_CHOICE_CHARS),
    // 16 random bytes in hex, unix seconds, an HMAC-SHA256 in hex, a marker.
    ("submission_id", 32),
    ("issued_at", 20),
    ("token", 64),
    ("returned", 1),
    (HONEYPOT_FIELD, MAX_HONEYPOT_CHARS),
];

/// The most bytes one character can take in a form body: four bytes of
/// UTF-8 (emoji, rarer Chinese characters), each sent as `%XX`.
const WORST_BYTES_PER_CHAR: usize = 4 * 3;

/// The largest form body accepted, in bytes: every field at its limit in
/// four-byte characters, with its name, `=` and `&`. About 43 KB.
pub const MAX_BODY_BYTES: usize = worst_case_body(&FIELD_LIMITS);

/// How much of a larger body is still read, so that what a visitor typed
/// can be shown back to them with the field that is too long; beyond this
/// the body is not read at all and the designed 413 page answers.
pub const MAX_READ_BYTES: usize = 4 * MAX_BODY_BYTES;

const fn worst_case_body(fields: &[(&str, usize)]) -> usize {
    let mut total = 0;
    let mut index = 0;
    while index < fields.len() {
        let (name, chars) = fields[index];
        // name=value&
        total += name.len() + 1 + chars * WORST_BYTES_PER_CHAR + 1;
        index += 1;
    }
    total
}

/// The fields a visitor fills in, in the order the form shows them.
pub const VISIBLE_FIELDS: [&str; 13] = [
    "name",
    "email",
    "phone",
    "contact_preference",
    "voicemail_ok",
    "service",
    "therapist",
    "format",
    "state",
    "who_for",
    "availability",
    "message",
    "consent",
];

/// The fields the form carries without showing them. Anything in a post
/// that is neither visible nor hidden is refused.
pub const HIDDEN_FIELDS: [&str; 5] = [
    "submission_id",
    "issued_at",
    "token",
    "returned",
    HONEYPOT_FIELD,
];

/// A field people never see or fill; bots that fill every field do.
pub const HONEYPOT_FIELD: &str = "website";

pub const CONTACT_PREFERENCES: [(&str, &str); 3] = [
    ("phone", "Phone call"),
    ("text", "Text message"),
    ("email", "Email"),
];

pub const SESSION_FORMATS: [(&str, &str); 3] = [
    ("either", "Either is fine"),
    ("in_person", "In person"),
    ("online", "Online (video)"),
];

pub const WHO_FOR: [(&str, &str); 4] = [
    ("individual", "Me (individual therapy)"),
    ("couple", "Me and my partner (couples)"),
    ("family", "My family"),
    ("teen", "My teen"),
];

/// What a browser posted, field by field, exactly as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormValues(HashMap<String, String>);

impl FormValues {
    pub fn get(&self, field: &str) -> &str {
        self.0.get(field).map_or("", String::as_str)
    }

    pub fn set(&mut self, field: &str, value: impl Into<String>) {
        self.0.insert(field.to_owned(), value.into());
    }

    pub fn is_checked(&self, field: &str) -> bool {
        self.get(field) == "yes"
    }
}

/// Why a posted body could not even be read as our form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MalformedForm {
    #[error("the form has a field that is not valid UTF-8")]
    InvalidUtf8,
    #[error("the field {0:?} was sent twice")]
    Duplicate(String),
    #[error("the form has an unknown field")]
    UnknownField,
}

/// Reads an `application/x-www-form-urlencoded` body. Unlike a lenient
/// decoder it refuses invalid UTF-8 (instead of turning it into U+FFFD),
/// repeated fields and fields the form does not have.
pub fn parse_body(body: &[u8]) -> Result<FormValues, MalformedForm> {
    let mut values = HashMap::new();
    for pair in body.split(|byte| *byte == b'&') {
        if pair.is_empty() {
            continue;
        }
        let (key, value) = match pair.iter().position(|byte| *byte == b'=') {
            Some(at) => (&pair[..at], &pair[at + 1..]),
            None => (pair, &[][..]),
        };
        let key = decode(key)?;
        if !VISIBLE_FIELDS.contains(&key.as_str()) && !HIDDEN_FIELDS.contains(&key.as_str()) {
            return Err(MalformedForm::UnknownField);
        }
        let value = decode(value)?;
        if values.insert(key.clone(), value).is_some() {
            return Err(MalformedForm::Duplicate(key));
        }
    }
    Ok(FormValues(values))
}

fn decode(raw: &[u8]) -> Result<String, MalformedForm> {
    let spaced: Vec<u8> = raw
        .iter()
        .map(|byte| if *byte == b'+' { b' ' } else { *byte })
        .collect();
    let bytes: Vec<u8> = percent_encoding::percent_decode(&spaced).collect();
    String::from_utf8(bytes).map_err(|_| MalformedForm::InvalidUtf8)
}

/// A request that passed every check, ready for the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// A key of [`CONTACT_PREFERENCES`].
    pub contact_preference: String,
    pub voicemail_ok: bool,
    /// A service slug, or none when the visitor is not sure.
    pub service: Option<String>,
    /// A therapist slug, or none for no preference.
    pub therapist: Option<String>,
    /// A key of [`SESSION_FORMATS`].
    pub format: String,
    /// Postal code of where the visitor will be during sessions.
    pub state: String,
    /// A key of [`WHO_FOR`].
    pub who_for: String,
    pub availability: String,
    pub message: String,
}

#[cfg(test)]
impl Request {
    /// A plausible request for tests to adjust.
    pub(crate) fn sample() -> Request {
        Request {
            name: "Jo".into(),
            email: Some("jo@example.org".into()),
            phone: None,
            contact_preference: "email".into(),
            voicemail_ok: true,
            service: None,
            therapist: None,
            format: "online".into(),
            state: "CA".into(),
            who_for: "individual".into(),
            availability: String::new(),
            message: String::new(),
        }
    }
}

/// What the form may contain, from the site's content.
#[derive(Debug, Clone, Default)]
pub struct Choices {
    pub services: Vec<String>,
    pub therapists: Vec<String>,
    /// Postal codes of every state the select offers.
    pub states: Vec<String>,
}

/// A message for one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

/// Shown above the form when it was opened longer ago than a token lives.
pub const NOTICE_EXPIRED: &str = "This form was opened a while ago, so for your safety it needs to be sent again. Everything you typed is still here: please check it and press “Send my request”.";
/// Shown above the form when its hidden fields could not be verified.
pub const NOTICE_UNCONFIRMED: &str = "We could not confirm this form came from our website. Everything you typed is still here: please check it and press “Send my request” again.";
/// Shown above the form when the whole of it was more than it can take;
/// the fields that are too long say so beside them.
pub const NOTICE_TOO_LARGE: &str = "This was more than the form can take, so it has not been sent yet. Everything you typed is still here: please shorten it and press “Send my request” again, or call us and tell us the rest.";

/// Checks every field and returns the request, or every problem at once.
pub fn validate(values: &FormValues, choices: &Choices) -> Result<Request, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut fail = |field: &'static str, message: &str| {
        errors.push(FieldError {
            field,
            message: message.to_owned(),
        });
    };

    let name = clean_name(values.get("name"));
    let name_chars = name.chars().count();
    if name.is_empty() {
        fail(
            "name",
            "Please tell us your name, or a name we can call you by.",
        );
    } else if !is_visible(&name) {
        fail(
            "name",
            "We could not see any letters in your name. Please type your name, or a name we can call you by.",
        );
    } else if name_chars > MAX_NAME_CHARS {
        fail(
            "name",
            &format!(
                "Please shorten your name to {} characters or fewer (it has {}).",
                thousands(MAX_NAME_CHARS),
                thousands(name_chars)
            ),
        );
    }

    let email = single_line(values.get("email"));
    if !email.is_empty() && !is_valid_email(&email) {
        fail(
            "email",
            "Please check your email address: it should look like name@example.com.",
        );
    }
    let phone = single_line(values.get("phone"));
    if !phone.is_empty() && !is_valid_phone(&phone) {
        fail(
            "phone",
            "Please check your phone number: 10 digits, like (510) 555-0123, or + and a country code.",
        );
    }
    if email.is_empty() && phone.is_empty() {
        fail(
            "phone",
            "Please give a phone number or an email address so we can reach you.",
        );
    }

    let contact_preference = values.get("contact_preference");
    match contact_preference {
        "email" if email.is_empty() => fail(
            "contact_preference",
            "You asked us to email you: please add your email address above.",
        ),
        "phone" | "text" if phone.is_empty() => fail(
            "contact_preference",
            "You asked us to call or text: please add your phone number above.",
        ),
        known if is_key(&CONTACT_PREFERENCES, known) => {}
        _ => fail(
            "contact_preference",
            "Please choose how we should contact you.",
        ),
    }

    let service = values.get("service");
    if !service.is_empty() && !choices.services.iter().any(|known| known == service) {
        fail(
            "service",
            "Please choose a service from the list, or “Not sure yet”.",
        );
    }
    let therapist = values.get("therapist");
    if !therapist.is_empty() && !choices.therapists.iter().any(|known| known == therapist) {
        fail(
            "therapist",
            "Please choose a therapist from the list, or “No preference”.",
        );
    }
    let format = values.get("format");
    if !is_key(&SESSION_FORMATS, format) {
        fail("format", "Please choose in person, online, or either.");
    }
    let state = values.get("state");
    if !choices.states.iter().any(|known| known == state) {
        fail(
            "state",
            "Please choose the state you will be in during sessions.",
        );
    }
    let who_for = values.get("who_for");
    if !is_key(&WHO_FOR, who_for) {
        fail("who_for", "Please choose who the therapy is for.");
    }

    let availability = single_line(values.get("availability"));
    let availability_chars = availability.chars().count();
    if availability_chars > MAX_AVAILABILITY_CHARS {
        fail(
            "availability",
            &format!(
                "Please shorten this to {} characters or fewer (it has {}).",
                thousands(MAX_AVAILABILITY_CHARS),
                thousands(availability_chars)
            ),
        );
    }
    let message = multi_line(values.get("message"));
    let message_chars = message.chars().count();
    if message_chars > MAX_MESSAGE_CHARS {
        fail(
            "message",
            &format!(
                "Please shorten your message to {} characters or fewer (it has {}). You can tell the coordinator the rest on the phone.",
                thousands(MAX_MESSAGE_CHARS),
                thousands(message_chars)
            ),
        );
    }
    if !values.is_checked("consent") {
        fail(
            "consent",
            "Please confirm that you understand this form is not for emergencies.",
        );
    }

    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Request {
        name,
        email: non_empty(email),
        phone: non_empty(phone),
        contact_preference: contact_preference.to_owned(),
        voicemail_ok: values.is_checked("voicemail_ok"),
        service: non_empty(service.to_owned()),
        therapist: non_empty(therapist.to_owned()),
        format: format.to_owned(),
        state: state.to_owned(),
        who_for: who_for.to_owned(),
        availability,
        message,
    })
}

/// 2001 → "2,001", as people read numbers.
pub fn thousands(number: usize) -> String {
    let digits = number.to_string();
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

fn is_key(table: &[(&str, &str)], value: &str) -> bool {
    table.iter().any(|(key, _)| *key == value)
}

fn non_empty(value: String) -> Option<String> {
    (!value.is_empty()).then_some(value)
}

/// Characters that change the direction of the text around them. In a name
/// they can make the coordinator read it, or the address beside it in
/// Reply-To, as something it is not, so they are removed from names.
const BIDI_CONTROLS: [RangeInclusive<char>; 4] = [
    '\u{061C}'..='\u{061C}',
    '\u{200E}'..='\u{200F}',
    '\u{202A}'..='\u{202E}',
    '\u{2066}'..='\u{2069}',
];

/// Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties, stable
/// since Unicode 6): characters that show nothing by themselves, such as
/// zero-width spaces, joiners, variation selectors and Hangul fillers.
const DEFAULT_IGNORABLE: [RangeInclusive<char>; 17] = [
    '\u{00AD}'..='\u{00AD}',
    '\u{034F}'..='\u{034F}',
    '\u{061C}'..='\u{061C}',
    '\u{115F}'..='\u{1160}',
    '\u{17B4}'..='\u{17B5}',
    '\u{180B}'..='\u{180F}',
    '\u{200B}'..='\u{200F}',
    '\u{202A}'..='\u{202E}',
    '\u{2060}'..='\u{206F}',
    '\u{3164}'..='\u{3164}',
    '\u{FE00}'..='\u{FE0F}',
    '\u{FEFF}'..='\u{FEFF}',
    '\u{FFA0}'..='\u{FFA0}',
    '\u{FFF0}'..='\u{FFF8}',
    '\u{1BCA0}'..='\u{1BCA3}',
    '\u{1D173}'..='\u{1D17A}',
    '\u{E0000}'..='\u{E0FFF}',
];

fn is_bidi_control(character: char) -> bool {
    BIDI_CONTROLS.iter().any(|range| range.contains(&character))
}

/// Whitespace, control characters and characters that show nothing.
fn is_invisible(character: char) -> bool {
    character.is_whitespace()
        || character.is_control()
        || DEFAULT_IGNORABLE
            .iter()
            .any(|range| range.contains(&character))
}

/// Whether `text` has at least one character a reader can see.
pub fn is_visible(text: &str) -> bool {
    text.chars().any(|character| !is_invisible(character))
}

/// A name as it may reach the coordinator's email, its Reply-To display name
/// included: one line ([`single_line`]) without direction controls. Other
/// invisible characters stay (joiners belong in some names and emoji); a
/// name of nothing else is refused by [`validate`].
pub fn clean_name(text: &str) -> String {
    let without_bidi: String = text
        .chars()
        .filter(|character| !is_bidi_control(*character))
        .collect();
    single_line(&without_bidi)
}

/// One line of text: every control character (CR and LF included) becomes a
/// space, runs of spaces become one, and the ends are trimmed. Nothing that
/// reaches an email header can then break it.
pub fn single_line(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|character| {
            if character.is_control() {
                ' '
            } else {
                character
            }
        })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Free text: line endings become `\n` whatever the browser sent, other
/// control characters except tab are removed, and the ends are trimmed.
pub fn multi_line(text: &str) -> String {
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    let cleaned: String = unified
        .chars()
        .filter(|character| !character.is_control() || matches!(character, '\n' | '\t'))
        .collect();
    cleaned.trim().to_owned()
}

/// Our email policy, stricter than the RFC on purpose: ASCII only (no
/// look-alike Unicode domains), a dotted domain name (no IP literals, no
/// bare hosts), and a top-level domain of letters or punycode.
pub fn is_valid_email(address: &str) -> bool {
    if address.len() > MAX_EMAIL_CHARS || !address.is_ascii() {
        return false;
    }
    let Some((local, domain)) = address.rsplit_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|character| {
            character.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(character)
        });
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .chars()
                    .all(|character| character.is_ascii_alphanumeric() || character == '-')
        })
        && labels.last().is_some_and(|tld| {
            (tld.len() >= 2 && tld.chars().all(|character| character.is_ascii_alphabetic()))
                || tld.starts_with("xn--")
        });
    local_ok && domain_ok && address.parse::<lettre::Address>().is_ok()
}

/// A phone number as people write them: digits with spaces, dashes, dots
/// and brackets, an optional leading `+`; 10 to 15 digits.
pub fn is_valid_phone(phone: &str) -> bool {
    if phone.chars().count() > MAX_PHONE_CHARS {
        return false;
    }
    let body = phone.strip_prefix('+').unwrap_or(phone);
    let allowed = body
        .chars()
        .all(|character| character.is_ascii_digit() || " -().".contains(character));
    let digits = body.chars().filter(char::is_ascii_digit).count();
    allowed && (10..=15).contains(&digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choices() -> Choices {
        Choices {
            services: vec!["grief-and-loss".into()],
            therapists: vec!["maya-okafor".into()],
            states: vec!["CA".into(), "OR".into()],
        }
    }

    fn good() -> FormValues {
        parse_body(
            b"name=Jo+Example&email=jo%40example.org&phone=&contact_preference=email&service=grief-and-loss\
              &therapist=&format=online&state=CA&who_for=individual&availability=Evenings&message=Hello&consent=yes",
        )
        .unwrap()
    }

    /// A well-filled form becomes a request with every field.
    #[test]
    fn valid_form_passes() {
        let request = validate(&good(), &choices()).unwrap();
        assert_eq!(request.name, "Jo Example");
        assert_eq!(request.email.as_deref(), Some("jo@example.org"));
        assert_eq!(request.phone, None);
        assert_eq!(request.service.as_deref(), Some("grief-and-loss"));
        assert_eq!(request.therapist, None);
        assert!(!request.voicemail_ok);
    }

    /// Every problem is reported at once, by field.
    #[test]
    fn every_problem_at_once() {
        let values = parse_body(b"name=&email=nope&phone=12&contact_preference=fax&service=x&therapist=y&format=z&state=ZZ&who_for=w").unwrap();
        let errors = validate(&values, &choices()).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|error| error.field).collect();
        assert_eq!(
            fields,
            [
                "name",
                "email",
                "phone",
                "contact_preference",
                "service",
                "therapist",
                "format",
                "state",
                "who_for",
                "consent"
            ]
        );
    }

    /// At least one way to reach the visitor, matching the way they chose.
    #[test]
    fn needs_a_way_to_reach_the_visitor() {
        let mut values = good();
        values.set("email", "");
        let errors = validate(&values, &choices()).unwrap_err();
        assert!(errors.iter().any(|error| error.field == "phone"));
        assert!(
            errors
                .iter()
                .any(|error| error.field == "contact_preference")
        );
        values.set("phone", "(510) 555-0123");
        values.set("contact_preference", "text");
        assert!(validate(&values, &choices()).is_ok());
    }

    /// CR and LF never survive in single-line fields; messages keep their lines.
    #[test]
    fn control_characters_are_neutralised() {
        let mut values = good();
        values.set("name", "Jo\r\nBcc: evil@example.org");
        values.set("message", "line one\r\nline two\rline three\u{0}\r\n.\r\n");
        let request = validate(&values, &choices()).unwrap();
        assert_eq!(request.name, "Jo Bcc: evil@example.org");
        assert_eq!(request.message, "line one\nline two\nline three\n.");
    }

    /// The message limit counts characters, not bytes.
    #[test]
    fn message_limit_in_characters() {
        let mut values = good();
        values.set("message", "é".repeat(MAX_MESSAGE_CHARS));
        assert!(validate(&values, &choices()).is_ok());
        values.set("message", "é".repeat(MAX_MESSAGE_CHARS + 1));
        let errors = validate(&values, &choices()).unwrap_err();
        assert_eq!(errors[0].field, "message");
        assert!(errors[0].message.contains("2,001"), "{}", errors[0].message);
    }

    /// Our email policy: no IP literals, no look-alike Unicode, no bare hosts.
    #[test]
    fn email_policy() {
        for good in [
            "jo@example.org",
            "jo.lee+therapy@mail.example.co.uk",
            "a@xn--bcher-kva.example",
        ] {
            assert!(is_valid_email(good), "{good}");
        }
        for bad in [
            "jo@[127.0.0.1]",
            "jo@127.0.0.1",
            "jo@localhost",
            "jo@exаmple.org",
            "jö@example.org",
            "jo@@example.org",
            "jo@example..org",
            ".jo@example.org",
            "jo example@example.org",
            "\"jo\"@example.org",
            "jo@-example.org",
        ] {
            assert!(!is_valid_email(bad), "{bad}");
        }
    }

    /// Phone numbers as people write them, within limits.
    #[test]
    fn phone_policy() {
        for good in [
            "(510) 555-0123",
            "510.555.0123",
            "+44 20 7946 0958",
            "5105550123",
        ] {
            assert!(is_valid_phone(good), "{good}");
        }
        for bad in [
            "555-0123",
            "phone me",
            "+1 (510) 555-0123 ext 4",
            "++15105550123",
            "1234567890123456",
        ] {
            assert!(!is_valid_phone(bad), "{bad}");
        }
    }

    /// The body reader refuses what a lenient one would silently accept.
    #[test]
    fn malformed_bodies() {
        assert_eq!(parse_body(b"name=%FF"), Err(MalformedForm::InvalidUtf8));
        assert_eq!(
            parse_body(b"name=a&name=b"),
            Err(MalformedForm::Duplicate("name".into()))
        );
        assert_eq!(parse_body(b"nom=a"), Err(MalformedForm::UnknownField));
        assert_eq!(parse_body(b"").unwrap(), FormValues::default());
        assert_eq!(parse_body(b"name=a%2Bb+c").unwrap().get("name"), "a+b c");
    }

    /// The body limit's table names every field the form posts, and no other.
    #[test]
    fn field_limits_cover_every_field() {
        let mut limited: Vec<&str> = FIELD_LIMITS.iter().map(|(name, _)| *name).collect();
        let mut posted: Vec<&str> = VISIBLE_FIELDS
            .iter()
            .chain(&HIDDEN_FIELDS)
            .copied()
            .collect();
        limited.sort_unstable();
        posted.sort_unstable();
        assert_eq!(limited, posted);
    }

    /// A body with every field at its limit in four-byte characters, encoded
    /// as a browser does, fits the body limit exactly.
    #[test]
    fn the_worst_case_body_fits() {
        let body = FIELD_LIMITS
            .iter()
            .map(|(name, chars)| {
                let value = "😀".repeat(*chars);
                format!(
                    "{name}={}",
                    percent_encoding::utf8_percent_encode(
                        &value,
                        percent_encoding::NON_ALPHANUMERIC
                    )
                )
            })
            .collect::<Vec<_>>()
            .join("&");
        assert!(
            body.len() <= MAX_BODY_BYTES,
            "{} > {MAX_BODY_BYTES}",
            body.len()
        );
        assert!(MAX_BODY_BYTES - body.len() < 8, "the limit is not loose");
        const { assert!(MAX_READ_BYTES > MAX_BODY_BYTES) };
    }

    /// Names of nothing a reader can see are refused with their own message.
    #[test]
    fn invisible_names_are_refused() {
        for invisible in [
            "\u{200b}\u{200b}",
            "\u{2060}\u{feff}\u{200d}",
            "\u{3164}\u{115f}",
            "\u{00ad} \u{fe0f}",
            "\u{e0041}\u{e007f}",
            "\u{202e}\u{200f}",
        ] {
            let mut values = good();
            values.set("name", invisible);
            let errors = validate(&values, &choices()).unwrap_err();
            assert_eq!(errors.len(), 1, "{invisible:?}");
            assert_eq!(errors[0].field, "name", "{invisible:?}");
        }
        for visible in ["J", "李", "🌻", "Ali\u{200c}reza", "J.", "👩\u{200d}👩"] {
            let mut values = good();
            values.set("name", visible);
            assert!(validate(&values, &choices()).is_ok(), "{visible:?}");
        }
    }

    /// Direction controls are removed from names; the rest of the name stays.
    #[test]
    fn direction_controls_are_removed_from_names() {
        let mut values = good();
        values.set("name", "\u{202e}Jo\u{2066} \u{200f}Lee\u{061c}\u{2069}");
        assert_eq!(validate(&values, &choices()).unwrap().name, "Jo Lee");
    }

    /// Too-long fields say by how much, in the unit the hint uses.
    #[test]
    fn length_messages_give_the_count() {
        let mut values = good();
        values.set("name", "李".repeat(120));
        values.set("availability", "x".repeat(250));
        let errors = validate(&values, &choices()).unwrap_err();
        assert!(
            errors[0].message.contains("(it has 120)"),
            "{}",
            errors[0].message
        );
        assert!(
            errors[1].message.contains("(it has 250)"),
            "{}",
            errors[1].message
        );
    }

    fn is_shown(character: char) -> bool {
        !character.is_whitespace() && !character.is_control() && !is_bidi_control(character)
    }

    proptest::proptest! {
        /// Whatever a name holds, the cleaned one has no line break, control
        /// or direction character, no stray spaces, keeps every other
        /// character in order, and cleaning again changes nothing.
        #[test]
        fn name_cleaner_keeps_only_safe_text(name in "\\PC*|[\\x00-\\x20\u{200b}-\u{206f}\u{061c}a-z李😀]*") {
            let cleaned = clean_name(&name);
            proptest::prop_assert!(!cleaned.chars().any(|c| c.is_control() || is_bidi_control(c)));
            proptest::prop_assert!(!cleaned.starts_with(' ') && !cleaned.ends_with(' '));
            proptest::prop_assert!(!cleaned.contains("  "));
            proptest::prop_assert_eq!(
                cleaned.chars().filter(|c| is_shown(*c)).collect::<String>(),
                name.chars().filter(|c| is_shown(*c)).collect::<String>()
            );
            proptest::prop_assert_eq!(clean_name(&cleaned), cleaned.clone());
            let mut values = good();
            values.set("name", name.clone());
            let accepted = validate(&values, &choices()).is_ok();
            proptest::prop_assert_eq!(
                accepted,
                is_visible(&cleaned) && cleaned.chars().count() <= MAX_NAME_CHARS
            );
        }

        /// Any message a browser's `maxlength` lets through (counted in UTF-16
        /// code units) is within the server's limit (counted in characters).
        #[test]
        fn what_maxlength_allows_the_server_accepts(message in "\\PC{0,2100}") {
            let units = message.encode_utf16().count();
            proptest::prop_assume!(units <= MESSAGE_MAXLENGTH);
            let mut values = good();
            values.set("message", message);
            proptest::prop_assert!(validate(&values, &choices()).is_ok());
        }
    }
}
