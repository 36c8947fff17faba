//! The rules a practice's website must follow, apart from the shape of its
//! files: California's advertising rules for therapists (license type,
//! number and state on every advertisement; associates name their
//! supervisor), the No Surprises Act's Good Faith Estimate notice, the pages
//! every practice site needs, where the practice may see clients, and what
//! to do in a crisis. Kept apart from the loaders so the law is read in one
//! place.

use std::path::Path;

use serde_saphyr::Spanned;

use super::ContentError;
use super::errors::located;
use super::files::LicenseFile;
use super::front_matter::YAML_LINE_OFFSET;
use super::model::{ASSOCIATE_LICENSES, Page, REQUIRED_PAGES, US_STATES, state_name};

/// The licenses a therapist's file gives, the primary first, and what is
/// wrong with how they are given: exactly one of `license` (one) and
/// `licenses` (several) must be written, so no license is ever left out
/// of an advertisement by a field written twice.
pub(super) fn given_licenses(
    path: &Path,
    license: Option<Spanned<LicenseFile>>,
    licenses: Option<Spanned<Vec<Spanned<LicenseFile>>>>,
) -> (Vec<Spanned<LicenseFile>>, Vec<ContentError>) {
    match (license, licenses) {
        (Some(license), None) => (vec![license], Vec::new()),
        (None, Some(licenses)) if licenses.value.is_empty() => {
            let problem = located(
                path,
                licenses.referenced,
                YAML_LINE_OFFSET,
                "\"licenses\" is empty: list at least one license",
            )
            .hinted("California requires the license type and number wherever a therapist is advertised");
            (Vec::new(), vec![problem])
        }
        (None, Some(licenses)) => (licenses.value, Vec::new()),
        (Some(license), Some(licenses)) => {
            let problem = located(
                path,
                licenses.referenced,
                YAML_LINE_OFFSET,
                "both \"license\" and \"licenses\" are given: write one of them",
            )
            .hinted(
                "put every license in \"licenses\", the primary one first, and delete \"license\"",
            );
            // Both are still checked, so one run shows every mistake.
            let every = std::iter::once(license).chain(licenses.value).collect();
            (every, vec![problem])
        }
        (None, None) => {
            let problem = ContentError::new(path, 1, "no license is given")
                .hinted("add \"license: { type: ..., number: ..., state: ... }\", or \"licenses: [{ ... }, { ... }]\" for several (see docs/editing.md)");
            (Vec::new(), vec![problem])
        }
    }
}

/// What a therapist's license lacks: California requires type, number and
/// state wherever a therapist is advertised, and an associate practises
/// under a named supervisor.
pub(super) fn license_problems(
    path: &Path,
    license: &Spanned<LicenseFile>,
    has_supervisor: bool,
) -> Vec<ContentError> {
    let at = license.referenced;
    let license = &license.value;
    let mut problems = Vec::new();
    if license.number.trim().is_empty() {
        problems.push(
            located(path, at, YAML_LINE_OFFSET, "the license number is empty").hinted(
                "California requires the license type and number wherever a therapist is advertised",
            ),
        );
    }
    if ASSOCIATE_LICENSES.contains(&license.kind.as_str()) && !has_supervisor {
        problems.push(located(
            path,
            at,
            YAML_LINE_OFFSET,
            format!(
                "{} is an associate registration: add \"supervisor: {{ name: ..., license: ... }}\"",
                license.kind
            ),
        ));
    }
    if state_name(&license.state).is_none() {
        problems.push(located(
            path,
            at,
            YAML_LINE_OFFSET,
            format!(
                "license state \"{}\" is not a two-letter US state code such as CA",
                license.state
            ),
        ));
    }
    problems
}

/// The states where the practice may see clients, by code, and what is
/// wrong with the list: at least one real state is needed, since a license
/// only covers clients located in its state.
pub(super) fn served_states(
    path: &Path,
    written: Vec<Spanned<String>>,
) -> (Vec<&'static str>, Vec<ContentError>) {
    let mut states = Vec::new();
    let mut problems = Vec::new();
    for state in written {
        match US_STATES.iter().find(|(code, _)| *code == state.value) {
            Some((code, _)) => states.push(*code),
            None => problems.push(located(
                path,
                state.referenced,
                0,
                format!(
                    "\"{}\" is not a two-letter US state code such as CA",
                    state.value
                ),
            )),
        }
    }
    if states.is_empty() {
        problems.push(ContentError::new(
            path,
            1,
            "\"states\" must list at least one state where the practice sees clients",
        ));
    }
    (states, problems)
}

/// Every page shows what to do in an emergency, so it cannot be empty.
pub(super) fn crisis_problem(path: &Path, crisis: &str) -> Option<ContentError> {
    crisis.trim().is_empty().then(|| {
        ContentError::new(
            path,
            1,
            "\"crisis\" must say what to do in an emergency (call or text 988, or 911)",
        )
    })
}

/// The pages every practice needs are published, and the fees page has
/// the Good Faith Estimate notice.
pub(super) fn page_problems(folder: &Path, pages: &[Page]) -> Vec<ContentError> {
    let mut problems = Vec::new();
    if let Some(fees) = pages.iter().find(|page| page.slug == "fees")
        && !fees
            .body
            .html
            .to_lowercase()
            .contains("good faith estimate")
    {
        problems.push(
            ContentError::new(&folder.join("fees.md"), 1, "the fees page does not mention the Good Faith Estimate")
                .hinted("the No Surprises Act requires telling people without insurance that they can ask for a Good Faith Estimate"),
        );
    }
    for required in REQUIRED_PAGES {
        if pages.iter().any(|page| page.slug == required && page.draft) {
            problems.push(ContentError::new(
                &folder.join(format!("{required}.md")),
                1,
                format!("the \"{required}\" page is required, so it cannot be a draft"),
            ));
        }
    }
    problems
}

/// The pages every practice needs that have no file, each with its slug.
/// `present` holds the slug of every page file, including those that
/// failed to load, so those are not also "missing".
pub(super) fn missing_pages(
    folder: &Path,
    present: &[String],
) -> Vec<(&'static str, ContentError)> {
    (REQUIRED_PAGES.iter().copied())
        .filter(|required| !present.iter().any(|slug| slug == required))
        .map(|required| {
            let problem = ContentError::new(
                &folder.join(format!("{required}.md")),
                1,
                format!("the \"{required}\" page is missing: every practice site needs it"),
            );
            (required, problem)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A therapist's `license` and `licenses` as a file writes them.
    #[derive(serde::Deserialize)]
    struct Written {
        license: Option<Spanned<LicenseFile>>,
        licenses: Option<Spanned<Vec<Spanned<LicenseFile>>>>,
    }

    /// What `given_licenses` makes of `yaml`: the licenses' states and the
    /// problems, each as `line: message`.
    fn given(yaml: &str) -> (Vec<String>, Vec<String>) {
        let written: Written = serde_saphyr::from_str(yaml).unwrap();
        let (licenses, problems) =
            given_licenses(Path::new("x.md"), written.license, written.licenses);
        let states = licenses
            .into_iter()
            .map(|license| license.value.state)
            .collect();
        let problems = (problems.iter())
            .map(|problem| format!("{}: {}", problem.line, problem.message))
            .collect();
        (states, problems)
    }

    /// One license as `license`, as files have always written it.
    #[test]
    fn one_license() {
        let (states, problems) = given("license: { type: LCSW, number: \"LCSW 1\", state: CA }\n");
        assert_eq!(states, ["CA"]);
        assert!(problems.is_empty(), "{problems:?}");
    }

    /// Several licenses as `licenses`, in the order written.
    #[test]
    fn several_licenses_keep_their_order() {
        let yaml = "licenses:\n  - { type: LMFT, number: \"LMFT 1\", state: OR }\n  - { type: LMFT, number: \"LMFT 2\", state: CA }\n";
        let (states, problems) = given(yaml);
        assert_eq!(states, ["OR", "CA"]);
        assert!(problems.is_empty(), "{problems:?}");
    }

    /// Both fields, neither, or an empty list are errors; with both, the
    /// error is at `licenses` (file line 3 here, under the opening `---`)
    /// and every license is still checked.
    #[test]
    fn exactly_one_of_license_and_licenses() {
        let both = "license: { type: LCSW, number: \"LCSW 1\", state: CA }\nlicenses: [{ type: LCSW, number: \"L 2\", state: OR }]\n";
        let (states, problems) = given(both);
        assert_eq!(states, ["CA", "OR"]);
        assert_eq!(
            problems,
            ["3: both \"license\" and \"licenses\" are given: write one of them"]
        );
        let (states, problems) = given("title: x\n");
        assert!(states.is_empty());
        assert_eq!(problems, ["1: no license is given"]);
        let (states, problems) = given("title: x\nlicenses: []\n");
        assert!(states.is_empty());
        assert_eq!(
            problems,
            ["3: \"licenses\" is empty: list at least one license"]
        );
    }

    /// Each license of several is checked as a single one is: an empty
    /// number, an associate without a supervisor, a state that is not one.
    #[test]
    fn every_license_is_checked() {
        let yaml = "licenses:\n  - { type: LMFT, number: \"LMFT 1\", state: CA }\n  - { type: AMFT, number: \" \", state: Oregon }\n";
        let written: Written = serde_saphyr::from_str(yaml).unwrap();
        let (licenses, _) = given_licenses(Path::new("x.md"), None, written.licenses);
        let problems: Vec<String> = (licenses.iter())
            .flat_map(|license| license_problems(Path::new("x.md"), license, false))
            .map(|problem| format!("{}: {}", problem.line, problem.message))
            .collect();
        assert_eq!(
            problems,
            [
                "4: the license number is empty",
                "4: AMFT is an associate registration: add \"supervisor: { name: ..., license: ... }\"",
                "4: license state \"Oregon\" is not a two-letter US state code such as CA",
            ]
        );
    }
}
