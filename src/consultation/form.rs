//! The consultation form's fields: reading a posted body strictly, and
//! checking every field against allowlists and length limits. A person in
//! distress may be typing: every message says how to fix the field, and
//! nothing they typed is ever lost on the way back to them.
//!
//! Each field's name in the HTML, its place in [`FormValues`] and its limit
//! are written once, in the table given to `form_fields!` below; the
//! choices (how to contact, in person or online, who for) are enums whose
//! stored value and label sit side by side.
//!
//! # What the limits count
//!
//! Limits count characters: Unicode scalar values, as Rust's `chars()`
//! counts them, after the field is cleaned (see [`single_line`] and
//! [`multi_line`]), never bytes. The form's hints say "characters", and
//! each text box's `maxlength` is the same number: browsers count
//! `maxlength` in UTF-16 code units, which are never fewer than characters,
//! so whatever a browser lets through is within the server's limit. For text
//! without emoji (Latin, Chinese, Japanese, Korean and most scripts) the
//! two counts are the same; an emoji takes two units, so a browser may stop
//! a message of emoji early, and the message's hint says so.

use std::ops::RangeInclusive;

use fluent_bundle::FluentValue;
use serde::{Deserialize, Serialize};

use crate::i18n::Catalog;

/// The longest message, in characters. See the module's documentation for
/// the browser's side.
pub const MAX_MESSAGE_CHARS: usize = 2_000;
/// The textarea's `maxlength`: the same number (see the module's documentation).
pub const MESSAGE_MAXLENGTH: usize = MAX_MESSAGE_CHARS;
/// The longest name, in characters; also the name box's `maxlength`.
pub const MAX_NAME_CHARS: usize = 100;
const MAX_EMAIL_CHARS: usize = 254;
const MAX_PHONE_CHARS: usize = 30;
/// The longest availability, in characters; also its box's `maxlength`.
pub const MAX_AVAILABILITY_CHARS: usize = 200;
/// A select's or radio button's value: a slug or a key, far shorter in
/// practice; this only sizes the body limit.
const MAX_CHOICE_CHARS: usize = 100;
/// The honeypot: people leave it empty. A bot that fills it with more is
/// refused as too large, which costs nobody anything.
const MAX_HONEYPOT_CHARS: usize = 100;

/// Declares every field the form posts, once: the [`Field`] enum, the
/// [`FormValues`] struct with one member per field, and each field's name in
/// the HTML and its limit in characters.
macro_rules! form_fields {
    ($($(#[$doc:meta])* $variant:ident, $member:ident, $name:literal, $limit:expr;)*) => {
        /// One field of the form, visible or hidden.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Field {
            $($(#[$doc])* $variant,)*
        }

        impl Field {
            /// Every field a browser posts, in the order of the form.
            pub const ALL: &'static [Field] = &[$(Field::$variant),*];

            /// The field's name in the HTML and in a posted body.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Field::$variant => $name,)*
                }
            }

            /// The most characters a person can put in it; the body limit
            /// is computed from these.
            pub const fn limit(self) -> usize {
                match self {
                    $(Field::$variant => $limit,)*
                }
            }
        }

        /// What a browser posted, field by field, exactly as typed (a
        /// field not sent is empty).
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        pub struct FormValues {
            $($(#[$doc])* pub $member: String,)*
        }

        impl FormValues {
            /// The value of `field`, as typed.
            pub fn get(&self, field: Field) -> &str {
                match field {
                    $(Field::$variant => &self.$member,)*
                }
            }

            fn slot(&mut self, field: Field) -> &mut String {
                match field {
                    $(Field::$variant => &mut self.$member,)*
                }
            }
        }
    };
}

form_fields! {
    /// The booked call's start (RFC 3339 with the offset), or
    /// [`CALL_BACK`]; only where the practice books calls.
    Slot, slot, "slot", MAX_CHOICE_CHARS;
    Name, name, "name", MAX_NAME_CHARS;
    Email, email, "email", MAX_EMAIL_CHARS;
    Phone, phone, "phone", MAX_PHONE_CHARS;
    /// A [`ContactPreference`]'s value.
    ContactPreference, contact_preference, "contact_preference", MAX_CHOICE_CHARS;
    /// A checkbox: `yes` when ticked.
    VoicemailOk, voicemail_ok, "voicemail_ok", MAX_CHOICE_CHARS;
    /// A service slug, or empty for "not sure yet".
    Service, service, "service", MAX_CHOICE_CHARS;
    /// A language the therapists speak, as their files write it, or empty
    /// for any.
    SessionLanguage, session_language, "session_language", MAX_CHOICE_CHARS;
    /// A therapist slug, or empty for no preference.
    Therapist, therapist, "therapist", MAX_CHOICE_CHARS;
    /// A [`SessionFormat`]'s value.
    Format, format, "format", MAX_CHOICE_CHARS;
    /// A state's postal code.
    State, state, "state", MAX_CHOICE_CHARS;
    /// A [`WhoFor`]'s value.
    WhoFor, who_for, "who_for", MAX_CHOICE_CHARS;
    Availability, availability, "availability", MAX_AVAILABILITY_CHARS;
    Message, message, "message", MAX_MESSAGE_CHARS;
    /// A checkbox: `yes` when ticked.
    Consent, consent, "consent", MAX_CHOICE_CHARS;
    /// A checkbox, shown where a state's health data law asks for it.
    HealthDataConsent, health_data_consent, "health_data_consent", MAX_CHOICE_CHARS;
    /// Hidden: 16 random bytes in hex.
    SubmissionId, submission_id, "submission_id", 32;
    /// Hidden: unix seconds when the form was first opened.
    IssuedAt, issued_at, "issued_at", 20;
    /// Hidden: an HMAC-SHA256 in hex.
    Token, token, "token", 64;
    /// Hidden: the returned marker.
    Returned, returned, "returned", 1;
    /// Hidden from people: see [`HONEYPOT_FIELD`].
    Honeypot, website, "website", MAX_HONEYPOT_CHARS;
}

impl Field {
    /// The fields a visitor fills in, in the order the form shows them.
    pub const VISIBLE: [Field; 16] = [
        Field::Slot,
        Field::Name,
        Field::Email,
        Field::Phone,
        Field::ContactPreference,
        Field::VoicemailOk,
        Field::Service,
        Field::SessionLanguage,
        Field::Therapist,
        Field::Format,
        Field::State,
        Field::WhoFor,
        Field::Availability,
        Field::Message,
        Field::Consent,
        Field::HealthDataConsent,
    ];

    /// The field called `name` in a posted body, if the form has one.
    pub fn named(name: &str) -> Option<Field> {
        Field::ALL
            .iter()
            .copied()
            .find(|field| field.name() == name)
    }
}

impl FormValues {
    /// Sets `field` as if the browser had posted `value`.
    pub fn set(&mut self, field: Field, value: impl Into<String>) {
        *self.slot(field) = value.into();
    }

    /// Whether a checkbox was ticked.
    pub fn is_checked(&self, field: Field) -> bool {
        self.get(field) == "yes"
    }
}

/// The most bytes one character can take in a form body: four bytes of
/// UTF-8 (emoji, rarer Chinese characters), each sent as `%XX`.
const WORST_BYTES_PER_CHAR: usize = 4 * 3;

/// The largest form body accepted, in bytes: every field at its limit in
/// four-byte characters, with its name, `=` and `&`. About 43 KB.
pub const MAX_BODY_BYTES: usize = worst_case_body(Field::ALL);

/// How much of a larger body is still read, so that what a visitor typed
/// can be shown back to them with the field that is too long; beyond this
/// the body is not read at all and the designed 413 page answers.
pub const MAX_READ_BYTES: usize = 4 * MAX_BODY_BYTES;

const fn worst_case_body(fields: &[Field]) -> usize {
    let mut total = 0;
    let mut index = 0;
    while index < fields.len() {
        let field = fields[index];
        // name=value&
        total += field.name().len() + 1 + field.limit() * WORST_BYTES_PER_CHAR + 1;
        index += 1;
    }
    total
}

/// A field people never see or fill; bots that fill every field do.
pub const HONEYPOT_FIELD: &str = Field::Honeypot.name();

/// A set of choices the form offers as radio buttons: each has the value
/// posted and stored, and the label people read.
pub trait Choice: Copy + PartialEq + 'static {
    /// Every choice, in the order the form shows them.
    const ALL: &'static [Self];
    /// The value posted by the form and kept in the outbox.
    fn value(self) -> &'static str;
    /// The catalog's message id for what the visitor and the coordinator
    /// read, each in their language.
    fn label(self) -> &'static str;

    /// The choice posted as `value`; `None` for anything else, which is a
    /// field error, never a default.
    fn parse(value: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|choice| choice.value() == value)
    }
}

/// Declares a [`Choice`] enum: variants with their value and label.
macro_rules! choice {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $value:literal, $label:literal;)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $value)] $variant,)*
        }

        impl Choice for $name {
            const ALL: &'static [Self] = &[$($name::$variant),*];

            fn value(self) -> &'static str {
                match self {
                    $($name::$variant => $value,)*
                }
            }

            fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)*
                }
            }
        }
    };
}

choice! {
    /// How the visitor wants the coordinator to reach them.
    ContactPreference {
        Phone = "phone", "choice-contact-phone";
        Text = "text", "choice-contact-text";
        Email = "email", "choice-contact-email";
    }
}

choice! {
    /// Whether sessions are in person, online, or either.
    SessionFormat {
        Either = "either", "choice-format-either";
        InPerson = "in_person", "choice-format-in-person";
        Online = "online", "choice-format-online";
    }
}

choice! {
    /// Who the sessions are for.
    WhoFor {
        Individual = "individual", "choice-who-individual";
        Couple = "couple", "choice-who-couple";
        Family = "family", "choice-who-family";
        Teen = "teen", "choice-who-teen";
    }
}

/// Why a posted body could not even be read as our form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MalformedForm {
    #[error("the form has a field that is not valid UTF-8")]
    InvalidUtf8,
    #[error("the field {:?} was sent twice", .0.name())]
    Duplicate(Field),
    #[error("the form has an unknown field")]
    UnknownField,
}

/// Reads an `application/x-www-form-urlencoded` body. Unlike a lenient
/// decoder it refuses invalid UTF-8 (instead of turning it into U+FFFD),
/// repeated fields and fields the form does not have.
pub fn parse_body(body: &[u8]) -> Result<FormValues, MalformedForm> {
    let mut values = FormValues::default();
    let mut seen = Vec::new();
    for pair in body.split(|byte| *byte == b'&') {
        if pair.is_empty() {
            continue;
        }
        let (key, value) = match pair.iter().position(|byte| *byte == b'=') {
            Some(at) => (&pair[..at], &pair[at + 1..]),
            None => (pair, &[][..]),
        };
        let field = Field::named(&decode(key)?).ok_or(MalformedForm::UnknownField)?;
        if seen.contains(&field) {
            return Err(MalformedForm::Duplicate(field));
        }
        seen.push(field);
        values.set(field, decode(value)?);
    }
    Ok(values)
}

fn decode(raw: &[u8]) -> Result<String, MalformedForm> {
    let spaced: Vec<u8> = raw
        .iter()
        .map(|byte| if *byte == b'+' { b' ' } else { *byte })
        .collect();
    let bytes: Vec<u8> = percent_encoding::percent_decode(&spaced).collect();
    String::from_utf8(bytes).map_err(|_| MalformedForm::InvalidUtf8)
}

/// A request that passed every check, ready for the outbox. Stored as JSON
/// with these member names and the choices' values, as it always was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub contact_preference: ContactPreference,
    pub voicemail_ok: bool,
    /// A service slug, or none when the visitor is not sure.
    pub service: Option<String>,
    /// A therapist slug, or none for no preference.
    pub therapist: Option<String>,
    pub format: SessionFormat,
    /// Postal code of where the visitor will be during sessions.
    pub state: String,
    pub who_for: WhoFor,
    pub availability: String,
    pub message: String,
    /// The language the visitor would like sessions in, as the therapists'
    /// files write it; none for any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_language: Option<String>,
    /// Agreed to the collection of health data, where a state's law asks.
    /// Left out of the stored JSON when not asked, as before it existed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub health_data_consent: bool,
    /// When the visitor booked the call for; none for a call back. Only
    /// a start the schedule offered is stored, with its booking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot: Option<jiff::Timestamp>,
}

#[cfg(test)]
impl Request {
    /// A plausible request for tests to adjust.
    pub(crate) fn sample() -> Request {
        Request {
            name: "Jo".into(),
            email: Some("jo@example.org".into()),
            phone: None,
            contact_preference: ContactPreference::Email,
            voicemail_ok: true,
            service: None,
            therapist: None,
            format: SessionFormat::Online,
            state: "CA".into(),
            who_for: WhoFor::Individual,
            availability: String::new(),
            message: String::new(),
            session_language: None,
            health_data_consent: false,
            slot: None,
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
    /// The languages therapists offer sessions in, with the slugs of the
    /// therapists who speak each.
    pub session_languages: Vec<(String, Vec<String>)>,
    /// Whether the separate consent to health data is asked.
    pub health_data_consent: bool,
    /// Whether the form asks for a time for the call (or a call back).
    pub books_calls: bool,
}

impl Choices {
    /// The slugs of the therapists who speak `language`, if it is offered.
    pub fn speakers_of(&self, language: &str) -> Option<&[String]> {
        (self.session_languages.iter())
            .find(|(offered, _)| offered == language)
            .map(|(_, speakers)| speakers.as_slice())
    }
}

/// What is wrong with one field, as the catalog's message id and the
/// numbers it shows, so the page says it in the visitor's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    /// A message id of the interface's catalog (`form-error-…`).
    pub message: &'static str,
    /// The numbers the message shows: `limit` and `count` for a field that
    /// is too long.
    pub numbers: Vec<(&'static str, usize)>,
}

impl FieldError {
    /// The message in `words`' language.
    pub fn text(&self, words: &Catalog) -> String {
        let args: Vec<(&str, FluentValue)> = (self.numbers.iter())
            .map(|(name, number)| (*name, FluentValue::from(*number)))
            .collect();
        words.message(self.message, &args)
    }
}

/// Shown above the form when it was opened longer ago than a token lives
/// (a catalog message id, as the other notices).
pub const NOTICE_EXPIRED: &str = "form-notice-expired";
/// Shown above the form when its hidden fields could not be verified.
pub const NOTICE_UNCONFIRMED: &str = "form-notice-unconfirmed";
/// Shown above the form when the whole of it was more than it can take;
/// the fields that are too long say so beside them.
pub const NOTICE_TOO_LARGE: &str = "form-notice-too-large";

/// Checks every field and returns the request, or every problem at once,
/// in the order of the form.
pub fn validate(values: &FormValues, choices: &Choices) -> Result<Request, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = check_name(&values.name, &mut errors);
    let (email, phone, contact_preference) = check_contact(values, &mut errors);
    let (format, who_for) = check_choices(values, choices, &mut errors);
    let slot = check_slot(values, choices, &mut errors);
    // The coordinator calls at the booked time: a booking needs a number.
    let has_contact_error = (errors.iter()).any(|error| error.field == Field::Phone);
    if slot.is_some() && phone.is_empty() && !has_contact_error {
        fail(
            &mut errors,
            Field::Phone,
            "form-error-phone-for-booked-call",
        );
    }
    let (availability, message) = check_free_text(values, &mut errors);
    if !values.is_checked(Field::Consent) {
        fail(&mut errors, Field::Consent, "form-error-consent");
    }
    let health_data_consent = values.is_checked(Field::HealthDataConsent);
    if choices.health_data_consent && !health_data_consent {
        fail(
            &mut errors,
            Field::HealthDataConsent,
            "form-error-health-data-consent",
        );
    }

    let (Some(contact_preference), Some(format), Some(who_for), true) =
        (contact_preference, format, who_for, errors.is_empty())
    else {
        return Err(errors);
    };
    Ok(Request {
        name,
        email: non_empty(email),
        phone: non_empty(phone),
        contact_preference,
        voicemail_ok: values.is_checked(Field::VoicemailOk),
        service: non_empty(values.service.clone()),
        therapist: non_empty(values.therapist.clone()),
        format,
        state: values.state.clone(),
        who_for,
        availability,
        message,
        session_language: non_empty(values.session_language.clone()),
        health_data_consent: choices.health_data_consent && health_data_consent,
        slot,
    })
}

/// The `slot` value of "none of these times work for me": a call back.
pub const CALL_BACK: &str = "call-back";

/// The chosen time, where the form asks for one: a start, or none for a
/// call back. Whether the schedule still offers it is checked at storing,
/// against the time and the bookings.
fn check_slot(
    values: &FormValues,
    choices: &Choices,
    errors: &mut Vec<FieldError>,
) -> Option<jiff::Timestamp> {
    if !choices.books_calls {
        // A form shown before the practice stopped booking: a call back.
        return None;
    }
    match values.slot.trim() {
        "" => {
            fail(errors, Field::Slot, "form-error-slot-missing");
            None
        }
        CALL_BACK => None,
        value => {
            let start = super::slots::parse_value(value);
            if start.is_none() {
                fail(errors, Field::Slot, "form-error-slot-unavailable");
            }
            start
        }
    }
}

fn fail(errors: &mut Vec<FieldError>, field: Field, message: &'static str) {
    errors.push(FieldError {
        field,
        message,
        numbers: Vec::new(),
    });
}

/// A field over its limit of characters: the message shows both numbers.
fn too_long(errors: &mut Vec<FieldError>, field: Field, message: &'static str, count: usize) {
    errors.push(FieldError {
        field,
        message,
        numbers: vec![("limit", field.limit()), ("count", count)],
    });
}

/// The cleaned name, with a problem if it is empty, invisible or too long.
fn check_name(typed: &str, errors: &mut Vec<FieldError>) -> String {
    let name = clean_name(typed);
    let name_chars = name.chars().count();
    if name.is_empty() {
        fail(errors, Field::Name, "form-error-name-missing");
    } else if !is_visible(&name) {
        fail(errors, Field::Name, "form-error-name-invisible");
    } else if name_chars > MAX_NAME_CHARS {
        too_long(errors, Field::Name, "form-error-name-too-long", name_chars);
    }
    name
}

/// The email, the phone and the way to use them: at least one way to reach
/// the visitor, and the one they chose.
fn check_contact(
    values: &FormValues,
    errors: &mut Vec<FieldError>,
) -> (String, String, Option<ContactPreference>) {
    let email = single_line(&values.email);
    if !email.is_empty() && !is_valid_email(&email) {
        fail(errors, Field::Email, "form-error-email-invalid");
    }
    let phone = single_line(&values.phone);
    if !phone.is_empty() && !is_valid_phone(&phone) {
        fail(errors, Field::Phone, "form-error-phone-invalid");
    }
    if email.is_empty() && phone.is_empty() {
        fail(errors, Field::Phone, "form-error-no-contact");
    }
    let contact_preference = ContactPreference::parse(&values.contact_preference);
    match contact_preference {
        Some(ContactPreference::Email) if email.is_empty() => fail(
            errors,
            Field::ContactPreference,
            "form-error-email-for-email",
        ),
        Some(ContactPreference::Phone | ContactPreference::Text) if phone.is_empty() => fail(
            errors,
            Field::ContactPreference,
            "form-error-phone-for-calls",
        ),
        Some(_) => {}
        None => fail(
            errors,
            Field::ContactPreference,
            "form-error-contact-preference",
        ),
    }
    (email, phone, contact_preference)
}

/// The selects and radio groups: each value one the form offers.
fn check_choices(
    values: &FormValues,
    choices: &Choices,
    errors: &mut Vec<FieldError>,
) -> (Option<SessionFormat>, Option<WhoFor>) {
    let offered = |list: &[String], value: &str| list.iter().any(|known| known == value);
    if !values.service.is_empty() && !offered(&choices.services, &values.service) {
        fail(errors, Field::Service, "form-error-service");
    }
    if !values.therapist.is_empty() && !offered(&choices.therapists, &values.therapist) {
        fail(errors, Field::Therapist, "form-error-therapist");
    }
    if !values.session_language.is_empty() {
        match choices.speakers_of(&values.session_language) {
            None => fail(
                errors,
                Field::SessionLanguage,
                "form-error-session-language",
            ),
            Some(speakers)
                if !values.therapist.is_empty() && !speakers.contains(&values.therapist) =>
            {
                fail(errors, Field::Therapist, "form-error-therapist-language");
            }
            Some(_) => {}
        }
    }
    let format = SessionFormat::parse(&values.format);
    if format.is_none() {
        fail(errors, Field::Format, "form-error-format");
    }
    if !offered(&choices.states, &values.state) {
        fail(errors, Field::State, "form-error-state");
    }
    let who_for = WhoFor::parse(&values.who_for);
    if who_for.is_none() {
        fail(errors, Field::WhoFor, "form-error-who-for");
    }
    (format, who_for)
}

/// Availability and the message, cleaned, each within its limit in characters.
fn check_free_text(values: &FormValues, errors: &mut Vec<FieldError>) -> (String, String) {
    let availability = single_line(&values.availability);
    let availability_chars = availability.chars().count();
    if availability_chars > MAX_AVAILABILITY_CHARS {
        too_long(
            errors,
            Field::Availability,
            "form-error-availability-too-long",
            availability_chars,
        );
    }
    let message = multi_line(&values.message);
    let message_chars = message.chars().count();
    if message_chars > MAX_MESSAGE_CHARS {
        too_long(
            errors,
            Field::Message,
            "form-error-message-too-long",
            message_chars,
        );
    }
    (availability, message)
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
    use crate::i18n::Language;

    fn choices() -> Choices {
        Choices {
            services: vec!["grief-and-loss".into()],
            therapists: vec!["maya-okafor".into(), "daniel-reyes".into()],
            states: vec!["CA".into(), "OR".into()],
            session_languages: vec![
                (
                    "English".into(),
                    vec!["maya-okafor".into(), "daniel-reyes".into()],
                ),
                ("Spanish".into(), vec!["daniel-reyes".into()]),
            ],
            health_data_consent: false,
            books_calls: false,
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
        let fields: Vec<&str> = errors.iter().map(|error| error.field.name()).collect();
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
        values.set(Field::Email, "");
        let errors = validate(&values, &choices()).unwrap_err();
        assert!(errors.iter().any(|error| error.field == Field::Phone));
        assert!(
            errors
                .iter()
                .any(|error| error.field == Field::ContactPreference)
        );
        values.set(Field::Phone, "(510) 555-0123");
        values.set(Field::ContactPreference, "text");
        assert!(validate(&values, &choices()).is_ok());
    }

    /// CR and LF never survive in single-line fields; messages keep their lines.
    #[test]
    fn control_characters_are_neutralised() {
        let mut values = good();
        values.set(Field::Name, "Jo\r\nBcc: evil@example.org");
        values.set(
            Field::Message,
            "line one\r\nline two\rline three\u{0}\r\n.\r\n",
        );
        let request = validate(&values, &choices()).unwrap();
        assert_eq!(request.name, "Jo Bcc: evil@example.org");
        assert_eq!(request.message, "line one\nline two\nline three\n.");
    }

    /// The message limit counts characters, not bytes.
    #[test]
    fn message_limit_in_characters() {
        let mut values = good();
        values.set(Field::Message, "é".repeat(MAX_MESSAGE_CHARS));
        assert!(validate(&values, &choices()).is_ok());
        values.set(Field::Message, "é".repeat(MAX_MESSAGE_CHARS + 1));
        let errors = validate(&values, &choices()).unwrap_err();
        assert_eq!(errors[0].field, Field::Message);
        let english = errors[0].text(&english());
        assert!(
            english.contains("2,000 characters or fewer (it has 2,001)"),
            "{english}"
        );
        let spanish = errors[0].text(&Catalog::built_in(&Language::parse("es").unwrap()));
        assert!(
            spanish.contains("2000 caracteres o menos (tiene 2001)"),
            "{spanish}"
        );
    }

    fn english() -> std::sync::Arc<Catalog> {
        Catalog::built_in(&Language::english())
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
            Err(MalformedForm::Duplicate(Field::Name))
        );
        assert_eq!(parse_body(b"nom=a"), Err(MalformedForm::UnknownField));
        assert_eq!(parse_body(b"").unwrap(), FormValues::default());
        assert_eq!(parse_body(b"name=a%2Bb+c").unwrap().name, "a+b c");
    }

    /// Every field has a name of its own, which reads back as that field.
    #[test]
    fn field_names_are_one_to_one() {
        for field in Field::ALL {
            assert_eq!(Field::named(field.name()), Some(*field));
        }
        assert!(
            Field::VISIBLE
                .iter()
                .all(|field| Field::ALL.contains(field))
        );
        assert_eq!(Field::named("nom"), None);
    }

    /// A body with every field at its limit in four-byte characters, encoded
    /// as a browser does, fits the body limit exactly.
    #[test]
    fn the_worst_case_body_fits() {
        let body = Field::ALL
            .iter()
            .map(|field| {
                let value = "😀".repeat(field.limit());
                format!(
                    "{}={}",
                    field.name(),
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
            values.set(Field::Name, invisible);
            let errors = validate(&values, &choices()).unwrap_err();
            assert_eq!(errors.len(), 1, "{invisible:?}");
            assert_eq!(errors[0].field, Field::Name, "{invisible:?}");
        }
        for visible in ["J", "李", "🌻", "Ali\u{200c}reza", "J.", "👩\u{200d}👩"] {
            let mut values = good();
            values.set(Field::Name, visible);
            assert!(validate(&values, &choices()).is_ok(), "{visible:?}");
        }
    }

    /// Direction controls are removed from names; the rest of the name stays.
    #[test]
    fn direction_controls_are_removed_from_names() {
        let mut values = good();
        values.set(
            Field::Name,
            "\u{202e}Jo\u{2066} \u{200f}Lee\u{061c}\u{2069}",
        );
        assert_eq!(validate(&values, &choices()).unwrap().name, "Jo Lee");
    }

    /// Too-long fields say by how much, in the unit the hint uses.
    #[test]
    fn length_messages_give_the_count() {
        let mut values = good();
        values.set(Field::Name, "李".repeat(120));
        values.set(Field::Availability, "x".repeat(250));
        let errors = validate(&values, &choices()).unwrap_err();
        let texts: Vec<String> = errors.iter().map(|error| error.text(&english())).collect();
        assert!(
            texts[0].contains("100 characters or fewer (it has 120)"),
            "{texts:?}"
        );
        assert!(
            texts[1].contains("200 characters or fewer (it has 250)"),
            "{texts:?}"
        );
    }

    /// The stored JSON keeps its member names and the choices' old string
    /// values, so outboxes written before the enums still load, and the
    /// fields digest of an old request is the same.
    #[test]
    fn stored_json_is_unchanged() {
        let json = r#"{"name":"Jo","email":"jo@example.org","phone":null,"contact_preference":"email","voicemail_ok":true,"service":null,"therapist":null,"format":"online","state":"CA","who_for":"individual","availability":"","message":""}"#;
        assert_eq!(serde_json::to_string(&Request::sample()).unwrap(), json);
        assert_eq!(
            serde_json::from_str::<Request>(json).unwrap(),
            Request::sample()
        );
        let older = json.replace(r#""format":"online""#, r#""format":"in_person""#);
        assert_eq!(
            serde_json::from_str::<Request>(&older).unwrap().format,
            SessionFormat::InPerson
        );
        let unknown = json.replace(r#""who_for":"individual""#, r#""who_for":"pets""#);
        assert!(serde_json::from_str::<Request>(&unknown).is_err());
    }

    /// Every choice reads back from its own value, and nothing else is one.
    #[test]
    fn choices_read_back_their_values() {
        fn check<C: Choice + std::fmt::Debug>() {
            for choice in C::ALL {
                assert_eq!(C::parse(choice.value()), Some(*choice));
                let label = english().message(choice.label(), &[]);
                assert!(!label.is_empty() && label != choice.label(), "{label}");
            }
            assert_eq!(C::parse(""), None);
            assert_eq!(C::parse("Email"), None);
        }
        check::<ContactPreference>();
        check::<SessionFormat>();
        check::<WhoFor>();
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
            values.set(Field::Name, name.clone());
            let accepted = validate(&values, &choices()).is_ok();
            proptest::prop_assert_eq!(
                accepted,
                is_visible(&cleaned) && cleaned.chars().count() <= MAX_NAME_CHARS
            );
        }

        /// Any bytes at all: the parser answers, never panics.
        #[test]
        fn any_body_is_read_or_refused(body in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            let _ = parse_body(&body);
        }

        /// Any text in any field, encoded as a browser does, reads back
        /// exactly as typed (NUL, lone CR and LF, combining marks,
        /// right-to-left text and emoji included), and validation answers
        /// without panicking.
        #[test]
        fn any_text_reads_back_exactly(
            index in 0..Field::ALL.len(),
            value in "(\\PC|[\\x00\\r\\n\u{0301}\u{05d0}-\u{05ea}\u{202e}😀👩\u{200d}])*",
        ) {
            let field = Field::ALL[index];
            let body = format!(
                "{}={}",
                field.name(),
                percent_encoding::utf8_percent_encode(&value, percent_encoding::NON_ALPHANUMERIC)
            );
            let values = parse_body(body.as_bytes()).unwrap();
            proptest::prop_assert_eq!(values.get(field), value.as_str());
            let mut filled = good();
            filled.set(field, value.clone());
            let _ = validate(&filled, &choices());
        }

        /// Availability within its limit in characters, of text cleaning
        /// leaves alone, is kept exactly, however many bytes it takes; over
        /// the limit it is refused.
        #[test]
        fn limits_count_characters(
            text in "[a-zé李😀\u{05d0}][a-zé李😀\u{05d0}\u{0301}]{0,250}",
        ) {
            let chars = text.chars().count();
            let mut values = good();
            values.set(Field::Availability, text.clone());
            let result = validate(&values, &choices());
            if chars <= MAX_AVAILABILITY_CHARS {
                proptest::prop_assert_eq!(result.unwrap().availability, text);
            } else {
                let errors = result.unwrap_err();
                proptest::prop_assert_eq!(errors[0].field, Field::Availability);
            }
        }

        /// Any message a browser's `maxlength` lets through (counted in UTF-16
        /// code units) is within the server's limit (counted in characters).
        #[test]
        fn what_maxlength_allows_the_server_accepts(message in "\\PC{0,2100}") {
            let units = message.encode_utf16().count();
            proptest::prop_assume!(units <= MESSAGE_MAXLENGTH);
            let mut values = good();
            values.set(Field::Message, message);
            proptest::prop_assert!(validate(&values, &choices()).is_ok());
        }
    }
}
