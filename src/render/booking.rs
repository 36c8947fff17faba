//! Booking the call, as the visitor sees it: the week of free times at the
//! top of the form, and the page that confirms a booked call. Times are
//! shown in the practice's time zone, named, or in another US zone the
//! visitor picks; each time's label reads in full to a screen reader
//! ("Tuesday, December 8, 2026, 9:30 AM Pacific Time"), while the eye
//! sees the day once, as its group's legend.

use askama::Template;
use fluent_bundle::FluentValue;
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::views::Chrome;
use super::{PageContext, RenderError, SelectOption};
use crate::consultation::form::{CALL_BACK, FormValues};
use crate::consultation::slots::{self, Slot};
use crate::i18n::{Catalog, US_ZONES};

/// What the form page needs to offer times.
pub struct Offer<'a> {
    /// Every free slot, in order.
    pub free: &'a [Slot],
    pub length_minutes: i64,
    /// The week asked for (any day of it), from the address.
    pub week: Option<Date>,
    /// The zone asked for, from the address: one of [`US_ZONES`].
    pub zone: Option<&'a str>,
    /// The start the visitor wanted when it was just taken: the nearest
    /// free times are offered first.
    pub taken: Option<Timestamp>,
    pub now: Timestamp,
}

/// The picker, ready for the form's template.
pub struct SlotPicker {
    pub heading: String,
    pub intro: String,
    /// Links to the same week in each US zone, the one shown selected.
    pub zone: Vec<SelectOption>,
    pub week_label: String,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub nearest: Vec<SlotTime>,
    pub days: Vec<SlotDay>,
    /// Nothing at all is free: only a call back can be asked.
    pub none_free: bool,
    pub call_back_checked: bool,
    pub error: Option<String>,
}

pub struct SlotDay {
    pub legend: String,
    pub times: Vec<SlotTime>,
}

pub struct SlotTime {
    pub id: String,
    pub value: String,
    /// What the eye sees: the time of day.
    pub shown: String,
    /// Before and after it, visually hidden: the day and the zone.
    pub day: String,
    pub zone: String,
    pub checked: bool,
}

/// How many of the nearest free times are offered when a time was taken.
const NEAREST: usize = 3;

impl SlotPicker {
    pub fn new(
        offer: &Offer<'_>,
        practice_zone: &TimeZone,
        values: &FormValues,
        error: Option<String>,
        words: &Catalog,
        consultation_path: &str,
    ) -> SlotPicker {
        let shown_zone = offer
            .zone
            .and_then(|name| US_ZONES.iter().find(|(zone, _)| *zone == name))
            .and_then(|(name, _)| TimeZone::get(name).ok())
            .unwrap_or_else(|| practice_zone.clone());
        let zone_name = words.zone_name(&shown_zone);
        let day_of = |slot: &Slot| slot.start.to_zoned_datetime(shown_zone.clone()).date();
        let chosen = slots::parse_value(&values.slot);
        let first_week = offer.free.first().map(|slot| monday_of(day_of(slot)));
        let last_week = offer.free.last().map(|slot| monday_of(day_of(slot)));
        let wanted_week = (offer.taken.or(chosen))
            .map(|start| monday_of(start.to_zoned_datetime(shown_zone.clone()).date()))
            .or(offer.week.map(monday_of));
        let week = match (first_week, last_week) {
            (Some(first), Some(last)) => wanted_week.unwrap_or(first).clamp(first, last),
            _ => monday_of(offer.now.to_zoned_datetime(shown_zone.clone()).date()),
        };
        let next_monday = week.checked_add(jiff::Span::new().days(7)).unwrap_or(week);
        let previous_monday = week.checked_sub(jiff::Span::new().days(7)).unwrap_or(week);
        let time = |slot: &Slot, prefix: &str| {
            let zoned = slot.start.to_zoned_datetime(shown_zone.clone());
            let value = slot.value(practice_zone);
            SlotTime {
                id: format!("{prefix}slot-{}", slot.start.as_second()),
                checked: chosen == Some(slot.start),
                value,
                shown: words.time_of_day(zoned.time()),
                day: words.day(zoned.date()),
                zone: zone_name.clone(),
            }
        };
        let mut days: Vec<SlotDay> = Vec::new();
        for slot in (offer.free.iter()).filter(|slot| {
            let day = day_of(slot);
            week <= day && day < next_monday
        }) {
            let legend = words.day(day_of(slot));
            match days.last_mut() {
                Some(day) if day.legend == legend => day.times.push(time(slot, "")),
                _ => days.push(SlotDay {
                    legend,
                    times: vec![time(slot, "")],
                }),
            }
        }
        let nearest = match offer.taken {
            None => Vec::new(),
            Some(wanted) => {
                let mut nearest: Vec<&Slot> = offer.free.iter().collect();
                nearest.sort_by_key(|slot| slot.start.duration_since(wanted).abs());
                nearest.truncate(NEAREST);
                nearest.sort();
                nearest
                    .into_iter()
                    .map(|slot| time(slot, "near-"))
                    .collect()
            }
        };
        // The page's own address may carry a query already (a link's `ref`).
        let join = if consultation_path.contains('?') {
            '&'
        } else {
            '?'
        };
        let week_link = |monday: Date| {
            let zone = offer
                .zone
                .map(|zone| format!("&zone={zone}"))
                .unwrap_or_default();
            format!("{consultation_path}{join}week={monday}{zone}#slots")
        };
        let zone_options = US_ZONES
            .iter()
            .map(|(name, id)| SelectOption {
                value: format!("{consultation_path}{join}week={week}&zone={name}#slots"),
                label: words.message(id, &[]),
                selected: TimeZone::get(name).ok().as_ref() == Some(&shown_zone),
            })
            .collect();
        SlotPicker {
            heading: words.message(
                "booking-heading",
                &[("minutes", FluentValue::from(offer.length_minutes))],
            ),
            intro: words.message(
                "booking-zone-note",
                &[("zone", FluentValue::from(zone_name.as_str()))],
            ),
            zone: zone_options,
            week_label: words.message(
                "booking-week",
                &[("date", FluentValue::from(words.long_date(week)))],
            ),
            previous: first_week
                .filter(|first| *first < week)
                .map(|_| week_link(previous_monday)),
            next: last_week
                .filter(|last| *last > week)
                .map(|_| week_link(next_monday)),
            nearest,
            days,
            none_free: offer.free.is_empty(),
            call_back_checked: values.slot == CALL_BACK,
            error,
        }
    }
}

impl SlotPicker {
    /// The id of the first time offered (the call back when there is
    /// none), where the error summary leads.
    pub fn first_id(&self) -> String {
        (self.nearest.iter())
            .chain(self.days.iter().flat_map(|day| &day.times))
            .next()
            .map_or_else(|| "slot-call-back".to_owned(), |time| time.id.clone())
    }
}

fn monday_of(day: Date) -> Date {
    let back = i64::from(day.weekday().to_monday_zero_offset());
    day.checked_sub(jiff::Span::new().days(back)).unwrap_or(day)
}

/// The page confirming a booked call.
pub fn booked_page(
    context: &PageContext<'_>,
    slot: Slot,
    links: &crate::consultation::mail::BookingLinks,
) -> Result<String, RenderError> {
    context.render(|renderer| {
        let settings = &renderer.site.settings;
        let words = settings.catalog();
        let path = renderer.paths.consultation_booked_page();
        let chrome = renderer.chrome(
            &path,
            &words.message("booked-title", &[]),
            &words.message("booked-title", &[]),
        );
        let template = BookedTemplate {
            when: words.moment(slot.start, &settings.timezone),
            coordinator: settings.coordinator.name.clone(),
            reschedule: links.reschedule.clone(),
            cancel: links.cancel.clone(),
            chrome,
        };
        template
            .render()
            .map_err(|source| RenderError { path, source })
    })
}

#[derive(Template)]
#[template(path = "booked.html")]
struct BookedTemplate {
    chrome: Chrome,
    when: String,
    coordinator: String,
    reschedule: String,
    cancel: String,
}

/// What a page reached from a booked call's link shows.
pub enum Change<'a> {
    /// "Cancel your call on …?", with the button that does it.
    ConfirmCancel {
        slot: Slot,
        reference: &'a str,
    },
    Cancelled,
    /// The free times to move the call to, with the button that does it.
    Reschedule {
        slot: Slot,
        reference: &'a str,
        offer: Offer<'a>,
        values: &'a FormValues,
        error: Option<&'static str>,
    },
    /// The link is from before a change, its call has passed, or it was
    /// never ours.
    Gone,
}

/// A page reached from a booked call's link: its cancellation, its move,
/// or why the link no longer works.
pub fn change_page(context: &PageContext<'_>, change: Change<'_>) -> Result<String, RenderError> {
    context.render(|renderer| {
        let settings = &renderer.site.settings;
        let words = settings.catalog();
        let paths = &renderer.paths;
        let say = |id: &str| words.message(id, &[]);
        let when = |slot: &Slot| words.moment(slot.start, &settings.timezone);
        let with_when =
            |id: &str, slot: &Slot| words.message(id, &[("when", FluentValue::from(when(slot)))]);
        let (path, heading, paragraphs, form, book_again) = match change {
            Change::ConfirmCancel { slot, reference } => (
                paths.consultation_cancel(),
                say("cancel-title"),
                vec![with_when("cancel-lede", &slot)],
                Some(ChangeForm {
                    action: paths.consultation_cancel(),
                    reference: reference.to_owned(),
                    button: say("cancel-button"),
                    picker: None,
                }),
                None,
            ),
            Change::Cancelled => (
                paths.consultation_cancel(),
                say("cancelled-title"),
                vec![say("cancelled-lede")],
                None,
                Some(paths.consultation()),
            ),
            Change::Reschedule {
                slot,
                reference,
                offer,
                values,
                error,
            } => {
                let action = paths.consultation_reschedule();
                let week_base = format!("{action}?ref={reference}");
                let mut picker = SlotPicker::new(
                    &offer,
                    &settings.timezone,
                    values,
                    error.map(say),
                    words,
                    &week_base,
                );
                picker.heading = say("reschedule-pick");
                (
                    action.clone(),
                    say("reschedule-title"),
                    vec![with_when("reschedule-lede", &slot)],
                    Some(ChangeForm {
                        action,
                        reference: reference.to_owned(),
                        button: say("reschedule-button"),
                        picker: Some(picker),
                    }),
                    None,
                )
            }
            Change::Gone => (
                paths.consultation_cancel(),
                say("change-gone-title"),
                vec![say("change-gone-lede")],
                None,
                Some(paths.consultation()),
            ),
        };
        let chrome = renderer.chrome(&path, &heading, &heading);
        let template = ChangeTemplate {
            chrome,
            heading,
            paragraphs,
            form,
            book_again,
        };
        template
            .render()
            .map_err(|source| RenderError { path, source })
    })
}

struct ChangeForm {
    action: String,
    reference: String,
    button: String,
    picker: Option<SlotPicker>,
}

#[derive(Template)]
#[template(path = "booking_change.html")]
struct ChangeTemplate {
    chrome: Chrome,
    heading: String,
    paragraphs: Vec<String>,
    form: Option<ChangeForm>,
    book_again: Option<String>,
}
