//! The problems `hearth check` reports: each one located at a file, a line
//! and a column, written the way compilers write theirs so that editors and
//! terminals can jump straight to the place.

use std::fmt;
use std::path::{Path, PathBuf};

use serde_saphyr::Location;

/// How serious a problem is: errors stop the site from being served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The site is not served until it is fixed.
    Error,
    /// Worth fixing, but the site is served.
    Warning,
}

/// One problem in the content, located so an editor can go straight to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
    /// The file to open: the content folder joined with the file's place in it.
    pub path: PathBuf,
    /// 1-based, so it matches what an editor's "go to line" expects.
    pub line: usize,
    /// 1-based, counted in characters, not bytes.
    pub column: usize,
    /// Whether the problem stops the site or only deserves a look.
    pub severity: Severity,
    /// What is wrong, in words an editor who is not a programmer can act on.
    pub message: String,
    /// One line on how to fix it, when there is more to say.
    pub hint: Option<String>,
    /// What this problem breaks elsewhere (a post whose author is this
    /// unreadable therapist file, a link to this missing page), shown
    /// under it instead of as problems of their own: they go away when
    /// this is fixed, and listed first they would hide their cause.
    pub knock_on: Vec<ContentError>,
}

impl ContentError {
    /// An error at the start of `line`.
    pub fn new(path: &Path, line: usize, message: impl Into<String>) -> Self {
        ContentError {
            path: path.to_owned(),
            line,
            column: 1,
            severity: Severity::Error,
            message: message.into(),
            hint: None,
            knock_on: Vec::new(),
        }
    }

    pub fn at_column(mut self, column: usize) -> Self {
        self.column = column.max(1);
        self
    }

    pub fn hinted(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn as_warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// `path:line:col: error: message`, as compilers write it, so editors and
/// terminals can jump to the place; the hint goes on the next line.
impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {severity}: {}",
            self.path.display(),
            self.line,
            self.column,
            self.message
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        if !self.knock_on.is_empty() {
            write!(f, "\n  because of this, these do not work yet:")?;
        }
        for place in &self.knock_on {
            write!(
                f,
                "\n    {}:{}:{}: {}",
                place.path.display(),
                place.line,
                place.column,
                place.message
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for ContentError {}

/// Every problem found in one pass over the content, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContentErrors(pub Vec<ContentError>);

impl ContentErrors {
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|problem| problem.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    /// "2 errors and 1 warning", or "no problems".
    pub fn summary(&self) -> String {
        let plural = |count: usize, word: &str| {
            format!("{count} {word}{}", if count == 1 { "" } else { "s" })
        };
        match (self.error_count(), self.warning_count()) {
            (0, 0) => "no problems".to_owned(),
            (errors, 0) => plural(errors, "error"),
            (0, warnings) => plural(warnings, "warning"),
            (errors, warnings) => format!(
                "{} and {}",
                plural(errors, "error"),
                plural(warnings, "warning")
            ),
        }
    }
}

impl ContentErrors {
    /// What `hearth check` prints: every problem, then a verdict.
    pub fn report(&self) -> String {
        let mut report = String::new();
        for problem in &self.0 {
            report.push_str(&format!("{problem}\n"));
        }
        let verdict = if self.error_count() == 0 {
            "the content is ready"
        } else {
            "the site cannot be published until the errors are fixed"
        };
        report.push_str(&format!("{}: {verdict}\n", self.summary()));
        report
    }
}

impl fmt::Display for ContentErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in &self.0 {
            writeln!(f, "{problem}")?;
        }
        write!(f, "{} in the content", self.summary())
    }
}

impl std::error::Error for ContentErrors {}

/// An error at a value's place in a YAML document that starts `line_offset`
/// lines into its file.
pub(crate) fn located(
    path: &Path,
    at: Location,
    line_offset: usize,
    message: impl Into<String>,
) -> ContentError {
    ContentError::new(path, at.line().max(1) as usize + line_offset, message)
        .at_column(at.column() as usize)
}
