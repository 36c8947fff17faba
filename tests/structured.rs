//! Every page's sharing tags, and every JSON-LD block parsed as JSON and
//! checked for the properties search engines need, on the fixture practice
//! (`tests/fixtures/practice`), whose settings and pages give the values.

mod common;

use common::*;
use serde_json::Value;

/// The JSON-LD blocks of a page, parsed.
fn blocks(html: &str) -> Vec<Value> {
    html.split("<script type=\"application/ld+json\">")
        .skip(1)
        .map(|rest| {
            let json = rest.split("</script>").next().unwrap();
            serde_json::from_str(json).unwrap_or_else(|error| panic!("{error}: {json}"))
        })
        .collect()
}

fn of_type<'a>(blocks: &'a [Value], kind: &str) -> &'a Value {
    blocks
        .iter()
        .find(|block| block["@type"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {blocks:?}"))
}

/// The home page describes the practice: address, phone, hours, specialty.
#[tokio::test]
async fn home_page_describes_the_practice() {
    let html = get(&practice_app(), "/").await.body;
    let blocks = blocks(&html);
    let practice = of_type(&blocks, "MedicalClinic");
    assert_eq!(practice["@context"], "https://schema.org");
    assert_eq!(practice["name"], "Fixture Lane Practice");
    assert_eq!(practice["telephone"], "(510) 555-0199");
    assert_eq!(
        practice["address"]["streetAddress"],
        "22 Fixture Lane, Suite 5"
    );
    assert_eq!(practice["address"]["postalCode"], "94612");
    assert_eq!(
        practice["openingHoursSpecification"][0]["dayOfWeek"][0],
        "Monday"
    );
    assert_eq!(practice["openingHoursSpecification"][0]["opens"], "08:30");
    assert_eq!(
        practice["openingHoursSpecification"][1]["dayOfWeek"][0],
        "Friday"
    );
    assert!(practice["medicalSpecialty"].is_string());
    assert_eq!(
        practice["availableService"].as_array().unwrap().len(),
        practice_site().services.len()
    );
    assert!(
        !blocks
            .iter()
            .any(|block| block["@type"] == "BreadcrumbList"),
        "the home page has no trail"
    );
}

/// A therapist is a Person with a job title, a license credential and specialties.
#[tokio::test]
async fn therapists_are_people_with_credentials() {
    let html = get(&practice_app(), "/therapists/dee-okoro").await.body;
    let blocks = blocks(&html);
    let person = of_type(&blocks, "Person");
    assert_eq!(person["name"], "Dee Okoro");
    assert_eq!(
        person["jobTitle"],
        "Associate Marriage and Family Therapist"
    );
    assert_eq!(
        person["hasCredential"]["@type"],
        "EducationalOccupationalCredential"
    );
    assert_eq!(person["hasCredential"]["name"], "California AMFT 200404");
    assert_eq!(
        person["knowsAbout"],
        serde_json::json!([
            "Teens and young adults",
            "Social anxiety",
            "Queer relationships"
        ])
    );
    let trail = of_type(&blocks, "BreadcrumbList");
    assert_eq!(trail["itemListElement"][1]["name"], "Our therapists");
    assert_eq!(
        trail["itemListElement"][2]["item"],
        "http://127.0.0.1:3000/therapists/dee-okoro"
    );
}

/// An article is a BlogPosting by its author as a Person; its FAQ section is an FAQPage.
#[tokio::test]
async fn articles_are_blog_postings_with_their_questions() {
    let html = get(&practice_app(), "/blog/questions-for-a-consultation")
        .await
        .body;
    let blocks = blocks(&html);
    let posting = of_type(&blocks, "BlogPosting");
    assert_eq!(posting["headline"], "Questions to ask in a consultation");
    assert_eq!(posting["datePublished"], "2026-07-01");
    assert_eq!(posting["author"]["@type"], "Person");
    assert_eq!(posting["author"]["name"], "Ana Lindqvist");
    assert_eq!(
        posting["author"]["jobTitle"],
        "Licensed Marriage and Family Therapist, Clinical Director"
    );
    assert_eq!(
        posting["image"],
        "http://127.0.0.1:3000/static/img/social.png"
    );
    let faq = of_type(&blocks, "FAQPage");
    let questions = faq["mainEntity"].as_array().unwrap();
    assert_eq!(questions.len(), 4, "the article's four questions");
    assert_eq!(questions[0]["name"], "Do I have to explain everything?");
    for question in questions {
        assert_eq!(question["@type"], "Question");
        assert!(question["name"].as_str().unwrap().ends_with('?'));
        assert!(
            !question["acceptedAnswer"]["text"]
                .as_str()
                .unwrap()
                .is_empty()
        );
    }
    let trail = of_type(&blocks, "BreadcrumbList");
    assert_eq!(trail["itemListElement"].as_array().unwrap().len(), 3);
}

/// The FAQ page's questions are an FAQPage too; a page without questions has none.
#[tokio::test]
async fn the_faq_page_is_an_faq_page() {
    let app = practice_app();
    let blocks_faq = blocks(&get(&app, "/faq").await.body);
    let questions = of_type(&blocks_faq, "FAQPage")["mainEntity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|question| question["name"].as_str().unwrap())
        .collect::<Vec<_>>();
    assert_eq!(
        questions,
        [
            "How do I start?",
            "Do you see people online?",
            "Do you take insurance?"
        ],
        "every question of the page, across its sections"
    );
    let blocks_about = blocks(&get(&app, "/about").await.body);
    assert!(!blocks_about.iter().any(|block| block["@type"] == "FAQPage"));
}

/// Every page has sharing tags with a title, a description and a picture,
/// the practice's picture when the page has none of its own.
#[tokio::test]
async fn every_page_can_be_shared() {
    let app = practice_app();
    for path in [
        "/",
        "/blog",
        "/therapists",
        "/therapists/ana-lindqvist",
        "/services/grief-and-loss",
        "/fees",
        "/blog/grief-has-no-timeline",
    ] {
        let html = get(&app, path).await.body;
        for tag in [
            "og:title",
            "og:description",
            "og:type",
            "og:url",
            "og:image",
            "og:image:alt",
        ] {
            assert!(
                html.contains(&format!("<meta property=\"{tag}\" content=\"")),
                "{path} lacks {tag}"
            );
        }
        assert!(
            html.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"),
            "{path}"
        );
        assert!(html.contains("<meta property=\"og:image\" content=\"http://127.0.0.1:3000/static/img/social.png\">"), "{path}");
    }
    let post = get(&app, "/blog/grief-has-no-timeline").await.body;
    assert!(post.contains("<meta property=\"og:type\" content=\"article\">"));
    assert!(post.contains("<meta property=\"og:title\" content=\"Grief has no timeline\">"));
}
