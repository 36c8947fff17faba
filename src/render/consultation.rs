//! The consultation form page. It is rendered per request, never cached:
//! each copy carries its own signed submission id, and a form shown again
//! after a mistake carries what the visitor typed.

use askama::Template;

use super::booking::{Offer, SlotPicker};
use super::views::Chrome;
use super::{PageContext, RenderError, Renderer, SelectOption};
use crate::consultation::form::{
    Choice, ContactPreference, Field, FieldError, FormValues, MAX_AVAILABILITY_CHARS,
    MAX_MESSAGE_CHARS, MAX_NAME_CHARS, MESSAGE_MAXLENGTH, SessionFormat, WhoFor,
};
use crate::consultation::token::{RETURNED, Token};
use crate::content::model::{Site, US_STATES};
use crate::i18n::Catalog;
use fluent_bundle::FluentValue;

/// What one rendering of the form shows.
pub struct FormPage<'a> {
    pub values: &'a FormValues,
    pub errors: &'a [FieldError],
    pub token: &'a Token,
    /// A message above the form that belongs to no field, e.g. an expired form.
    pub notice: Option<&'a str>,
    /// The free times, where the practice books calls.
    pub offer: Option<Offer<'a>>,
}

/// Renders the form page in the context's language.
pub fn consultation_page(
    context: &PageContext<'_>,
    page: &FormPage,
) -> Result<String, RenderError> {
    context.render(|renderer| form_page(renderer, context.site, page))
}

/// The form in the renderer's language. The choices come from `site`, the
/// default language's: every therapist takes requests, translated or not.
fn form_page(renderer: &Renderer<'_>, site: &Site, page: &FormPage) -> Result<String, RenderError> {
    let settings = &renderer.site.settings;
    let words = settings.catalog();
    let path = renderer.paths.consultation();
    let mut chrome = renderer.chrome(
        &path,
        &words.message("form-title", &[]),
        &words.message("form-description", &[]),
    );
    if !page.errors.is_empty() {
        // The title is the first thing a screen reader says of the page
        // that comes back: it says at once that something needs a look.
        let count = FluentValue::from(page.errors.len());
        let prefix = words.message("form-error-title", &[("count", count)]);
        chrome.title = format!("{prefix} – {}", chrome.title);
    }
    let values = page.values;
    // Limits count characters, and `maxlength` is the same number: see the
    // form module's documentation.
    let text = |field: Field, maxlength: Option<usize>| TextField {
        value: values.get(field).to_owned(),
        error: error_for(page.errors, field, words),
        described_by: None,
        maxlength,
    };
    let choice = |field: Field, options: Vec<SelectOption>| ChoiceField {
        options,
        error: error_for(page.errors, field, words),
    };
    let mut email = text(Field::Email, None);
    // "A phone number or an email address" is said under the phone number,
    // and is about the email address too.
    if (page.errors.iter()).any(|error| error.message == "form-error-no-contact") {
        email.described_by = Some(format!("{}-error", Field::Phone.name()));
    }
    let state = values.state.as_str();
    let (served, others): (Vec<_>, Vec<_>) = US_STATES
        .iter()
        .partition(|(code, _)| settings.states.contains(code));

    let picker = page.offer.as_ref().map(|offer| {
        SlotPicker::new(
            offer,
            &settings.timezone,
            values,
            error_for(page.errors, Field::Slot, words),
            words,
            &renderer.paths.consultation(),
        )
    });
    let errors = error_summary(
        page.errors,
        values,
        words,
        picker.as_ref().map(SlotPicker::first_id),
    );
    let template = ConsultationTemplate {
        picker,
        chrome,
        coordinator: settings.coordinator.name.clone(),
        served_states_text: settings.state_names().join(", "),
        where_note: {
            // Where at least one therapist can see clients: said first, so
            // no one fills in the form to learn that at the end.
            let states: Vec<String> = (settings.states.iter())
                .filter(|code| {
                    site.therapists
                        .iter()
                        .any(|therapist| therapist.serves.contains(code))
                })
                .filter_map(|code| crate::content::model::state_name(code))
                .map(str::to_owned)
                .collect();
            words.message(
                "form-where-note",
                &[("states", FluentValue::from(words.list_and(&states)))],
            )
        },
        notice: page.notice.map(|id| words.message(id, &[])),
        errors_heading: words.message(
            "form-errors-heading",
            &[("count", FluentValue::from(page.errors.len()))],
        ),
        errors,
        name: text(Field::Name, Some(MAX_NAME_CHARS)),
        email,
        phone: text(Field::Phone, None),
        availability: text(Field::Availability, Some(MAX_AVAILABILITY_CHARS)),
        message: text(Field::Message, Some(MESSAGE_MAXLENGTH)),
        contact_preference: choice(
            Field::ContactPreference,
            radio_options::<ContactPreference>(&values.contact_preference, words),
        ),
        format: choice(
            Field::Format,
            radio_options::<SessionFormat>(&values.format, words),
        ),
        who_for: choice(
            Field::WhoFor,
            radio_options::<WhoFor>(&values.who_for, words),
        ),
        service: choice(
            Field::Service,
            site.services
                .iter()
                .map(|service| option(&service.slug, &service.title, &values.service))
                .collect(),
        ),
        session_language: choice(
            Field::SessionLanguage,
            (crate::consultation::session_languages(site).iter())
                .map(|(language, _)| {
                    option(
                        language,
                        &spoken(language, site, words),
                        &values.session_language,
                    )
                })
                .collect(),
        ),
        therapist: choice(Field::Therapist, therapist_options(site, values, words)),
        therapists_in: (!values.session_language.is_empty())
            .then(|| spoken(&values.session_language, site, words)),
        state: choice(
            Field::State,
            served
                .iter()
                .map(|(code, name)| option(code, name, state))
                .collect(),
        ),
        other_states: others
            .iter()
            .map(|(code, name)| option(code, name, state))
            .collect(),
        voicemail_ok: values.is_checked(Field::VoicemailOk),
        consent: choice(Field::Consent, Vec::new()),
        consent_checked: values.is_checked(Field::Consent),
        health_data_consent: settings.asks_health_data_consent().then(|| {
            let policy = (settings.health_data_privacy.as_deref())
                .and_then(|key| renderer.site.page(key).or_else(|| site.page(key)))
                .map(|page| renderer.paths.page(&page.slug));
            HealthDataConsent {
                field: choice(Field::HealthDataConsent, Vec::new()),
                checked: values.is_checked(Field::HealthDataConsent),
                label: words.message(
                    "form-health-data-consent",
                    &[("practice", FluentValue::from(settings.name.as_str()))],
                ),
                policy,
            }
        }),
        submission_id: page.token.submission_id.clone(),
        issued_at: page.token.issued_at,
        returned: page.token.returned.then_some(RETURNED),
        token: page.token.signature.clone(),
        message_hint: words.message(
            "form-message-hint",
            &[("limit", FluentValue::from(MAX_MESSAGE_CHARS))],
        ),
    };
    template
        .render()
        .map_err(|source| RenderError { path, source })
}

/// The summary above the form: one link to each field with a problem, in
/// the order of the form.
/// The time for the call leads to the first time the picker offers.
fn error_summary(
    errors: &[FieldError],
    values: &FormValues,
    words: &Catalog,
    first_time: Option<String>,
) -> Vec<ErrorLink> {
    Field::VISIBLE
        .iter()
        .filter_map(|field| {
            let message = error_for(errors, *field, words)?;
            let target = match (field, &first_time) {
                (Field::Slot, Some(first)) => first.clone(),
                _ => target_id(*field, values),
            };
            Some(ErrorLink { target, message })
        })
        .collect()
}

/// The therapists the visitor may choose: those who offer sessions in the
/// chosen language (and the one already chosen, so a choice sent back
/// with an error is kept), each with the languages they speak and a
/// waitlist said as such.
fn therapist_options(site: &Site, values: &FormValues, words: &Catalog) -> Vec<SelectOption> {
    let language = values.session_language.as_str();
    (site.therapists.iter())
        .filter(|therapist| {
            language.is_empty()
                || therapist.slug == values.therapist
                || therapist.languages.iter().any(|spoken| spoken == language)
        })
        .map(|therapist| {
            let languages: Vec<String> = (therapist.languages.iter())
                .map(|language| spoken(language, site, words))
                .collect();
            let id = if therapist.accepting_new_clients {
                "form-therapist-option"
            } else {
                "form-therapist-option-waitlist"
            };
            let name = format!("{}, {}", therapist.name, therapist.credentials);
            let label = words.message(
                id,
                &[
                    ("therapist", FluentValue::from(name)),
                    ("languages", FluentValue::from(words.list_and(&languages))),
                ],
            );
            option(&therapist.slug, &label, &values.therapist)
        })
        .collect()
}

/// A language as a therapist's file writes it ("Spanish"), in the page's
/// language ("español").
fn spoken(language: &str, site: &Site, words: &Catalog) -> String {
    words.spoken(language, site.settings.catalog())
}

/// The element an error summary link should lead to: radio groups lead to
/// their chosen (or first) button.
fn target_id(field: Field, values: &FormValues) -> String {
    let button = match field {
        Field::ContactPreference => {
            chosen_or_first::<ContactPreference>(&values.contact_preference)
        }
        Field::Format => chosen_or_first::<SessionFormat>(&values.format),
        Field::WhoFor => chosen_or_first::<WhoFor>(&values.who_for),
        _ => return field.name().to_owned(),
    };
    format!("{}-{}", field.name(), button.unwrap_or_default())
}

/// The value of the radio button chosen in a group, or of its first one.
fn chosen_or_first<C: Choice>(chosen: &str) -> Option<&'static str> {
    C::parse(chosen).or(C::ALL.first().copied()).map(C::value)
}

/// A radio group's buttons, the one posted as `chosen` checked.
fn radio_options<C: Choice>(chosen: &str, words: &Catalog) -> Vec<SelectOption> {
    C::ALL
        .iter()
        .map(|choice| option(choice.value(), &words.message(choice.label(), &[]), chosen))
        .collect()
}

/// What the form says about `field`, in `words`' language.
fn error_for(errors: &[FieldError], field: Field, words: &Catalog) -> Option<String> {
    errors
        .iter()
        .find(|error| error.field == field)
        .map(|error| error.text(words))
}

fn option(value: &str, label: &str, chosen: &str) -> SelectOption {
    SelectOption {
        value: value.to_owned(),
        label: label.to_owned(),
        selected: value == chosen,
    }
}

pub struct TextField {
    pub value: String,
    pub error: Option<String>,
    /// Another element that says something about this field (an error
    /// shown under a neighbouring field that concerns both).
    pub described_by: Option<String>,
    /// The box's `maxlength`, where the field has a limit people can reach.
    pub maxlength: Option<usize>,
}

pub struct ChoiceField {
    pub options: Vec<SelectOption>,
    pub error: Option<String>,
}

pub struct ErrorLink {
    pub target: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "consultation.html")]
struct ConsultationTemplate {
    chrome: Chrome,
    picker: Option<SlotPicker>,
    coordinator: String,
    served_states_text: String,
    /// Where the therapists can see clients, before anything is asked.
    where_note: String,
    notice: Option<String>,
    /// "Please check 3 things below", its number by the language's plural rules.
    errors_heading: String,
    errors: Vec<ErrorLink>,
    name: TextField,
    email: TextField,
    phone: TextField,
    availability: TextField,
    message: TextField,
    contact_preference: ChoiceField,
    format: ChoiceField,
    who_for: ChoiceField,
    service: ChoiceField,
    therapist: ChoiceField,
    state: ChoiceField,
    other_states: Vec<SelectOption>,
    voicemail_ok: bool,
    consent: ChoiceField,
    consent_checked: bool,
    session_language: ChoiceField,
    /// The chosen session language, when the therapists offered are only
    /// those who speak it.
    therapists_in: Option<String>,
    health_data_consent: Option<HealthDataConsent>,
    submission_id: String,
    issued_at: i64,
    returned: Option<&'static str>,
    token: String,
    message_hint: String,
}

/// The separate consent a state's health data law asks for.
pub struct HealthDataConsent {
    pub field: ChoiceField,
    pub checked: bool,
    pub label: String,
    /// The consumer health data privacy policy.
    pub policy: Option<String>,
}
