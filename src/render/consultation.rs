//! The consultation form page. It is rendered per request, never cached:
//! each copy carries its own signed submission id, and a form shown again
//! after a mistake carries what the visitor typed.

use askama::Template;

use super::views::Chrome;
use super::{RenderError, Renderer, SelectOption};
use crate::consultation::form::{
    CONTACT_PREFERENCES, FieldError, FormValues, MAX_MESSAGE_CHARS, MESSAGE_MAXLENGTH,
    SESSION_FORMATS, VISIBLE_FIELDS, WHO_FOR, thousands,
};
use crate::consultation::token::{RETURNED, Token};
use crate::content::model::{Site, US_STATES};

/// What one rendering of the form shows.
pub struct FormPage<'a> {
    pub values: &'a FormValues,
    pub errors: &'a [FieldError],
    pub token: &'a Token,
    /// A message above the form that belongs to no field, e.g. an expired form.
    pub notice: Option<&'a str>,
}

/// Renders the form page.
pub fn consultation_page(
    site: &Site,
    urls: &super::SiteUrls,
    assets: &super::assets::Assets,
    page: &FormPage,
) -> Result<String, RenderError> {
    let renderer = Renderer::live(site, urls, assets);
    let settings = &site.settings;
    let path = renderer.paths.consultation();
    let chrome = renderer.chrome(
        &path,
        "Request a free consultation",
        "Ask for a free 20-minute phone consultation with our care coordinator, who will help you find the right therapist.",
    );
    let values = page.values;
    // Focus lands on the first field with a problem, in the order of the form.
    let first_error = VISIBLE_FIELDS
        .iter()
        .find(|field| page.errors.iter().any(|error| error.field == **field))
        .copied()
        .unwrap_or("");
    let text = |name: &'static str| TextField {
        value: values.get(name).to_owned(),
        error: error_for(page.errors, name),
        autofocus: first_error == name,
    };
    let choice = |name: &'static str, options: Vec<SelectOption>| ChoiceField {
        options,
        error: error_for(page.errors, name),
        autofocus: first_error == name,
    };
    let table = |table: &[(&str, &str)], name: &str| -> Vec<SelectOption> {
        table
            .iter()
            .map(|(value, label)| option(value, label, values.get(name)))
            .collect()
    };
    let state = values.get("state");
    let (served, others): (Vec<_>, Vec<_>) = US_STATES
        .iter()
        .partition(|(code, _)| settings.states.contains(code));

    let template = ConsultationTemplate {
        chrome,
        coordinator: settings.coordinator.name.clone(),
        served_states_text: settings.state_names().join(", "),
        notice: page.notice.map(str::to_owned),
        errors: VISIBLE_FIELDS
            .iter()
            .filter_map(|field| {
                let message = error_for(page.errors, field)?;
                Some(ErrorLink {
                    target: target_id(field, values),
                    message,
                })
            })
            .collect(),
        name: text("name"),
        email: text("email"),
        phone: text("phone"),
        availability: text("availability"),
        message: text("message"),
        contact_preference: choice(
            "contact_preference",
            table(&CONTACT_PREFERENCES, "contact_preference"),
        ),
        format: choice("format", table(&SESSION_FORMATS, "format")),
        who_for: choice("who_for", table(&WHO_FOR, "who_for")),
        service: choice(
            "service",
            site.services
                .iter()
                .map(|service| option(&service.slug, &service.title, values.get("service")))
                .collect(),
        ),
        therapist: choice(
            "therapist",
            site.therapists
                .iter()
                .map(|therapist| {
                    let label = if therapist.accepting_new_clients {
                        format!("{}, {}", therapist.name, therapist.credentials)
                    } else {
                        format!("{}, {} (waitlist)", therapist.name, therapist.credentials)
                    };
                    option(&therapist.slug, &label, values.get("therapist"))
                })
                .collect(),
        ),
        state: ChoiceField {
            options: served
                .iter()
                .map(|(code, name)| option(code, name, state))
                .collect(),
            error: error_for(page.errors, "state"),
            autofocus: first_error == "state",
        },
        other_states: others
            .iter()
            .map(|(code, name)| option(code, name, state))
            .collect(),
        voicemail_ok: values.is_checked("voicemail_ok"),
        consent: ChoiceField {
            options: Vec::new(),
            error: error_for(page.errors, "consent"),
            autofocus: first_error == "consent",
        },
        consent_checked: values.is_checked("consent"),
        submission_id: page.token.submission_id.clone(),
        issued_at: page.token.issued_at,
        returned: page.token.returned.then_some(RETURNED),
        token: page.token.signature.clone(),
        message_limit: thousands(MAX_MESSAGE_CHARS),
        message_maxlength: MESSAGE_MAXLENGTH,
    };
    template
        .render()
        .map_err(|source| RenderError { path, source })
}

/// The element an error summary link should lead to: radio groups lead to
/// their chosen (or first) button.
fn target_id(field: &str, values: &FormValues) -> String {
    let first_value = |table: &[(&str, &str)]| {
        let chosen = values.get(field);
        let value = table
            .iter()
            .find(|(value, _)| *value == chosen)
            .or(table.first())
            .map_or("", |(value, _)| *value);
        format!("{field}-{value}")
    };
    match field {
        "contact_preference" => first_value(&CONTACT_PREFERENCES),
        "format" => first_value(&SESSION_FORMATS),
        "who_for" => first_value(&WHO_FOR),
        other => other.to_owned(),
    }
}

fn error_for(errors: &[FieldError], field: &str) -> Option<String> {
    errors
        .iter()
        .find(|error| error.field == field)
        .map(|error| error.message.clone())
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
    pub autofocus: bool,
}

pub struct ChoiceField {
    pub options: Vec<SelectOption>,
    pub error: Option<String>,
    pub autofocus: bool,
}

pub struct ErrorLink {
    pub target: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "consultation.html")]
struct ConsultationTemplate {
    chrome: Chrome,
    coordinator: String,
    served_states_text: String,
    notice: Option<String>,
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
    submission_id: String,
    issued_at: i64,
    returned: Option<&'static str>,
    token: String,
    message_limit: String,
    message_maxlength: usize,
}
