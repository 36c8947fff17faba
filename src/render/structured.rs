//! schema.org structured data (JSON-LD) for search engines: the practice,
//! its therapists, its articles, question-and-answer sections and
//! breadcrumbs. Search results can then show the practice's hours, an
//! article's author and credentials, or its questions, without guessing.

use jiff::civil::Time;
use serde_json::{Value, json};

use crate::content::markdown::Faq;
use crate::content::model::{Post, Site, Therapist, state_name};
use crate::urls::{Paths, SiteUrls};

const CONTEXT: &str = "https://schema.org";

/// A JSON-LD block ready for a `<script type="application/ld+json">`:
/// `<` is escaped so no text in it can close the element.
pub fn block(value: &Value) -> String {
    value.to_string().replace('<', "\\u003c")
}

/// The practice, for the home page.
pub fn practice(site: &Site, urls: &SiteUrls, paths: &Paths) -> Value {
    let settings = &site.settings;
    let home = urls.absolute(&paths.home());
    let day = |weekday: jiff::civil::Weekday| format!("{weekday:?}");
    let time = |at: Time| at.strftime("%H:%M").to_string();
    json!({
        "@context": CONTEXT,
        "@type": "MedicalClinic",
        "@id": practice_id(urls, paths),
        "name": settings.name,
        "description": settings.description,
        "url": home,
        "telephone": settings.phone,
        "email": settings.coordinator.email,
        "image": settings.social_image.as_ref().map(|image| urls.absolute(&image.src)),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": settings.address.street,
            "addressLocality": settings.address.city,
            "addressRegion": settings.address.region,
            "postalCode": settings.address.postal_code,
            "addressCountry": "US",
        },
        "areaServed": settings.state_names().iter().map(|name| json!({"@type": "State", "name": name})).collect::<Vec<_>>(),
        "openingHoursSpecification": settings.hours.iter().map(|hours| json!({
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": hours.days.iter().map(|weekday| day(*weekday)).collect::<Vec<_>>(),
            "opens": time(hours.opens),
            "closes": time(hours.closes),
        })).collect::<Vec<_>>(),
        "medicalSpecialty": "Psychiatric",
        "availableService": site.services.iter().map(|service| json!({
            "@type": "MedicalTherapy",
            "name": service.title,
            "url": urls.absolute(&paths.service(&service.slug)),
        })).collect::<Vec<_>>(),
    })
}

/// A therapist, with their license as a credential (a list of them, for
/// a therapist licensed in several states).
pub fn person(therapist: &Therapist, urls: &SiteUrls, paths: &Paths) -> Value {
    let url = urls.absolute(&paths.therapist(&therapist.slug));
    let mut credentials: Vec<Value> = (therapist.licenses.iter())
        .map(|license| {
            let state = state_name(&license.state).unwrap_or(&license.state);
            json!({
                "@type": "EducationalOccupationalCredential",
                "credentialCategory": "license",
                "name": format!("{} {}", state, license.number),
                "recognizedBy": {"@type": "GovernmentOrganization", "name": format!("State of {state}")},
            })
        })
        .collect();
    let credential = match credentials.len() {
        1 => credentials.remove(0),
        _ => Value::Array(credentials),
    };
    json!({
        "@context": CONTEXT,
        "@type": "Person",
        "@id": format!("{url}#person"),
        "name": therapist.name,
        "url": url,
        "jobTitle": therapist.title,
        "honorificSuffix": therapist.credentials,
        "image": therapist.photo.as_ref().map(|photo| urls.absolute(&photo.src)),
        "hasCredential": credential,
        "knowsAbout": therapist.specialties,
        "knowsLanguage": therapist.languages,
        "worksFor": {"@id": practice_id(urls, paths)},
    })
}

/// An article in `site`'s language, whose author is the therapist who
/// wrote it (with the paths of the language their profile is in).
pub fn blog_posting(
    post: &Post,
    site: &Site,
    author: Option<(&Therapist, &Paths)>,
    urls: &SiteUrls,
    paths: &Paths,
) -> Value {
    let url = urls.absolute(&paths.post(&post.slug));
    let image = post
        .image
        .as_ref()
        .or(site.settings.social_image.as_ref())
        .map(|image| urls.absolute(&image.src));
    json!({
        "@context": CONTEXT,
        "@type": "BlogPosting",
        "headline": post.title,
        "inLanguage": site.language().code(),
        "description": post.summary,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": post.date.to_string(),
        "dateModified": post.updated.unwrap_or(post.date).max(post.date).to_string(),
        "image": image,
        "wordCount": post.body.word_count,
        "keywords": post.tags.iter().map(|tag| tag.name.as_str()).collect::<Vec<_>>(),
        "author": author.map(|(therapist, author_paths)| person(therapist, urls, author_paths)),
        "publisher": {"@id": practice_id(urls, paths), "@type": "MedicalClinic", "name": site.settings.name},
    })
}

/// The practice's JSON-LD id, which the other blocks refer to: its home
/// page with a fragment.
fn practice_id(urls: &SiteUrls, paths: &Paths) -> String {
    format!("{}#practice", urls.absolute(&paths.home()))
}

/// A question-and-answer section in the language `language`.
pub fn faq_page(faq: &[Faq], language: &crate::i18n::Language) -> Value {
    json!({
        "@context": CONTEXT,
        "@type": "FAQPage",
        "inLanguage": language.code(),
        "mainEntity": faq.iter().map(|item| json!({
            "@type": "Question",
            "name": item.question,
            "acceptedAnswer": {"@type": "Answer", "text": item.answer},
        })).collect::<Vec<_>>(),
    })
}

/// Where an inner page sits: home, its section, the page.
pub fn breadcrumbs(trail: &[(String, String)]) -> Value {
    json!({
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": trail.iter().enumerate().map(|(index, (name, url))| json!({
            "@type": "ListItem",
            "position": index + 1,
            "name": name,
            "item": url,
        })).collect::<Vec<_>>(),
    })
}
