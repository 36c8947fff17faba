//! Every setting, from a flag or its environment variable, checked once at
//! start so a typo stops the server with a clear message instead of surprising
//! a visitor later.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Hearth: a fast, private website for a small group therapy practice.
#[derive(Debug, Parser)]
#[command(
    name = "hearth",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Settings for `serve`, accepted without the subcommand too, since serving is the default.
    #[command(flatten)]
    pub serve: ServeArgs,
}

// Parsed once at start: the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the website (the default).
    Serve(ServeArgs),
    /// Look at and retry consultation requests waiting to be emailed.
    Outbox(OutboxArgs),
    /// The care coordinator's private calendar feed of booked calls.
    Calendar(CalendarArgs),
    /// Booked consultation calls: list them, or show one with its request.
    Bookings(BookingsArgs),
    /// Ask the server serving from a data folder to read the content again,
    /// as SIGHUP does (it names itself in DATA_DIR/hearth.pid).
    Reload(ReloadArgs),
    /// Editors' sessions and what they did: list and revoke sessions, read the audit log.
    Staff(StaffArgs),
    /// Write the whole public site as files for a static host or CDN.
    Build(BuildArgs),
    /// Check the content folder and list every problem, file by file.
    Check(CheckArgs),
    /// Start a new post, therapist, service or page, with every field explained.
    New(NewArgs),
}

#[derive(Debug, Clone, Args)]
pub struct NewArgs {
    /// What to create.
    #[arg(value_enum)]
    pub kind: crate::content::scaffold::Kind,

    /// Its title (for a therapist, their full name).
    pub title: String,

    /// The content folder to write into.
    #[arg(long, env = "HEARTH_CONTENT_DIR", default_value = "content")]
    pub content: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct BuildArgs {
    /// The folder to write; an earlier export there is replaced.
    #[arg(long)]
    pub out: PathBuf,

    /// The content folder: site.yaml, posts/, therapists/, services/, pages/.
    #[arg(long, env = "HEARTH_CONTENT_DIR", default_value = "content")]
    pub content: PathBuf,

    /// The folder copied to /static/.
    #[arg(long = "static", env = "HEARTH_STATIC_DIR", default_value = "static")]
    pub static_dir: PathBuf,

    /// The address the site will be published at, e.g.
    /// `https://harborlight.example`, for canonical links, the feed and the sitemap.
    #[arg(long, env = "HEARTH_BASE_URL", value_parser = parse_base_url)]
    pub base_url: String,

    /// The origin of the `hearth serve` that answers the consultation form,
    /// search and team filters, e.g. `https://forms.harborlight.example`.
    #[arg(long, env = "HEARTH_FORM_ORIGIN", value_parser = parse_form_origin)]
    pub form_origin: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// The content folder to check.
    #[arg(long, env = "HEARTH_CONTENT_DIR", default_value = "content")]
    pub content: PathBuf,

    /// The static folder that images must be in.
    #[arg(long = "static", env = "HEARTH_STATIC_DIR", default_value = "static")]
    pub static_dir: PathBuf,
}

// The options of `outbox`, `calendar` and `bookings` are global, so they
// are taken after the action too (`hearth outbox list --data-dir data`), as
// people type them.
#[derive(Debug, Clone, Args)]
pub struct OutboxArgs {
    /// Where the outbox lives (the same folder `serve` uses).
    #[arg(long, env = "HEARTH_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,

    /// The content folder, for the practice's time zone (site.yaml): the
    /// times are shown there.
    #[arg(
        long,
        env = "HEARTH_CONTENT_DIR",
        default_value = "content",
        global = true
    )]
    pub content: PathBuf,

    #[command(subcommand)]
    pub action: OutboxAction,
}

#[derive(Debug, Clone, Subcommand)]
pub enum OutboxAction {
    /// Every request: id, status, attempts and times, never personal data.
    List,
    /// One request in full, including what the visitor wrote.
    Show { id: i64 },
    /// Send a failed or waiting request again now.
    Retry { id: i64 },
    /// Get back what a damaged outbox holds, after `hearth serve` set it
    /// aside (DATA_DIR/outbox-damaged-….sqlite3): its requests go into the
    /// current outbox and are sent. FILE itself is never changed.
    Recover { file: PathBuf },
}

#[derive(Debug, Clone, Args)]
pub struct CalendarArgs {
    /// Where the feed's secret is kept (the same folder `serve` uses).
    #[arg(long, env = "HEARTH_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,

    /// The public address of the site, as `serve` has it, e.g.
    /// `https://harborlight.example`. Defaults to http://ADDR.
    #[arg(long, env = "HEARTH_BASE_URL", value_parser = parse_base_url, global = true)]
    pub base_url: Option<String>,

    /// The address `serve` listens on, for the default base URL.
    #[arg(
        long,
        env = "HEARTH_ADDR",
        default_value = "127.0.0.1:3000",
        global = true
    )]
    pub addr: SocketAddr,

    #[command(subcommand)]
    pub action: CalendarAction,
}

impl CalendarArgs {
    /// The base URL without a trailing slash, as `serve` works it out.
    pub fn base_url(&self) -> String {
        base_url_or_addr(self.base_url.as_deref(), self.addr)
    }
}

#[derive(Debug, Clone, Subcommand)]
pub enum CalendarAction {
    /// Print the feed's address (making its secret the first time), for
    /// the coordinator to subscribe to in their calendar app.
    Url,
    /// Make a new secret and print the new address: the old one stops
    /// working at once, in every calendar subscribed to it.
    Rotate,
}

#[derive(Debug, Clone, Args)]
pub struct BookingsArgs {
    /// Where the outbox lives (the same folder `serve` uses).
    #[arg(long, env = "HEARTH_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,

    /// The content folder, for the practice's time zone (site.yaml).
    #[arg(
        long,
        env = "HEARTH_CONTENT_DIR",
        default_value = "content",
        global = true
    )]
    pub content: PathBuf,

    /// The static folder that the content's images are in.
    #[arg(
        long = "static",
        env = "HEARTH_STATIC_DIR",
        default_value = "static",
        global = true
    )]
    pub static_dir: PathBuf,

    #[command(subcommand)]
    pub action: BookingsAction,
}

#[derive(Debug, Clone, Subcommand)]
pub enum BookingsAction {
    /// Upcoming calls and those of the last 30 days: id, time, status and
    /// request, never a name or a phone number.
    List,
    /// One booking with its time and, while it is kept, its request in full.
    Show { id: i64 },
    /// Cancels a booked call: its time is free again, and the visitor is
    /// told by email (when they gave one).
    Cancel { id: i64 },
}

impl Cli {
    /// What to run: `serve` when no subcommand is given.
    pub fn into_command(self) -> Command {
        self.command.unwrap_or(Command::Serve(self.serve))
    }
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "HEARTH_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,

    /// The content folder: site.yaml, posts/, therapists/, services/, pages/.
    #[arg(long, env = "HEARTH_CONTENT_DIR", default_value = "content")]
    pub content: PathBuf,

    /// The folder served at /static/ (stylesheets, images, favicon).
    #[arg(long = "static", env = "HEARTH_STATIC_DIR", default_value = "static")]
    pub static_dir: PathBuf,

    /// The public address of the site, e.g. `https://harborlight.example`, used
    /// for canonical links; https also turns on HSTS. Defaults to http://ADDR.
    #[arg(long, env = "HEARTH_BASE_URL", value_parser = parse_base_url)]
    pub base_url: Option<String>,

    /// Where the consultation form, search and team filters are answered when
    /// the pages are exported to a static host (`hearth build`): the origin of
    /// this server, e.g. `https://forms.harborlight.example`. Unset, this server.
    #[arg(long, env = "HEARTH_FORM_ORIGIN", value_parser = parse_form_origin)]
    pub form_origin: Option<String>,

    /// Live preview for editors: drafts and scheduled posts shown, pages
    /// re-rendered on every save and reloaded in the browser, mistakes shown
    /// in the browser. Never for the public site.
    #[arg(long, env = "HEARTH_DEV", default_value_t = false, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
    pub dev: bool,

    /// A client must send its request headers within this many seconds.
    #[arg(long, env = "HEARTH_HEADER_TIMEOUT_SECONDS", default_value_t = 10)]
    pub header_timeout_seconds: u64,

    /// Connections served at once; more wait for one to close.
    #[arg(long, env = "HEARTH_MAX_CONNECTIONS", default_value_t = 1024)]
    pub max_connections: usize,

    /// Connections one client address (an IPv6 /64) may hold at once; more
    /// are closed at once. Not applied with HEARTH_TRUST_PROXY, where every
    /// connection comes from the proxy: limit clients there instead.
    #[arg(long, env = "HEARTH_MAX_CONNECTIONS_PER_CLIENT", default_value_t = 64, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub max_connections_per_client: usize,

    /// A response the client stops reading for this many seconds is
    /// abandoned and its connection closed.
    #[arg(long, env = "HEARTH_WRITE_TIMEOUT_SECONDS", default_value_t = 15, value_parser = clap::value_parser!(u64).range(1..))]
    pub write_timeout_seconds: u64,

    /// A kept-alive connection waiting this many seconds for its next
    /// request is closed (browsers open a new one when they need it).
    #[arg(long, env = "HEARTH_IDLE_TIMEOUT_SECONDS", default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..))]
    pub idle_timeout_seconds: u64,

    /// A request body (a form post) must arrive within this many seconds of
    /// its request's start, however it trickles in; later, the visitor gets a 408 page.
    #[arg(long, env = "HEARTH_BODY_TIMEOUT_SECONDS", default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..))]
    pub body_timeout_seconds: u64,

    #[command(flatten)]
    pub consultation: ConsultationArgs,
}

/// Settings of the consultation form and its email.
#[derive(Debug, Clone, Args)]
pub struct ConsultationArgs {
    /// Where the outbox and the form's signing key are kept.
    #[arg(long, env = "HEARTH_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// How to send email: `smtps://user:pass@host:465` (TLS), or
    /// `smtp://user:pass@host:587?tls=required` (STARTTLS); plain `smtp://` only
    /// to this machine. Unset, messages are written as .eml files under DATA_DIR/mail/.
    #[arg(long, env = "HEARTH_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// The sender of every email, e.g. "Harborlight website <web@harborlight.example>".
    /// Defaults to the care coordinator's address.
    #[arg(long, env = "HEARTH_MAIL_FROM")]
    pub mail_from: Option<String>,

    /// Who receives consultation requests; defaults to the coordinator in site.yaml.
    #[arg(long, env = "HEARTH_COORDINATOR_EMAIL")]
    pub coordinator_email: Option<String>,

    /// A form sent sooner than this after it was opened is treated as spam.
    #[arg(long, env = "HEARTH_FORM_MIN_SECONDS", default_value_t = 3)]
    pub form_min_seconds: u64,

    /// Posts of the form allowed per client address per hour.
    #[arg(long, env = "HEARTH_FORM_RATE_LIMIT", default_value_t = 10)]
    pub form_rate_limit: u32,

    /// Posts of the form allowed per hour from all clients together.
    #[arg(long, env = "HEARTH_FORM_GLOBAL_RATE_LIMIT", default_value_t = 200)]
    pub form_global_rate_limit: u32,

    /// Take the client address from the last X-Forwarded-For entry, as added
    /// by a reverse proxy in front of Hearth. Leave off when clients connect directly.
    #[arg(long, env = "HEARTH_TRUST_PROXY", default_value_t = false, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
    pub trust_proxy: bool,

    /// The longest wait between two attempts to send an email.
    #[arg(long, env = "HEARTH_MAIL_RETRY_MAX_SECONDS", default_value_t = 60)]
    pub mail_retry_max_seconds: u64,

    /// The longest one attempt to send an email may take, connecting included.
    #[arg(long, env = "HEARTH_MAIL_TIMEOUT_SECONDS", default_value_t = 30)]
    pub mail_timeout_seconds: u64,

    /// Staff who may sign in at /staff/ to edit the site, as email addresses
    /// separated by commas, besides those `editors:` in site.yaml lists.
    #[arg(long, env = "HEARTH_EDITORS", value_delimiter = ',', value_parser = parse_editor)]
    pub editors: Vec<String>,
}

/// An editor's address, compared as Hearth compares them.
fn parse_editor(value: &str) -> Result<String, String> {
    crate::staff::editor_address(value).ok_or_else(|| {
        format!("\"{value}\" is not an email address Hearth can send a sign-in link to")
    })
}

#[derive(Debug, Clone, Args)]
pub struct ReloadArgs {
    /// The data folder of the server to reload (the same folder `serve` uses).
    #[arg(long, env = "HEARTH_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct StaffArgs {
    /// Where the sessions are kept (the same folder `serve` uses).
    #[arg(long, env = "HEARTH_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,

    #[command(subcommand)]
    pub action: StaffAction,
}

#[derive(Debug, Clone, Subcommand)]
pub enum StaffAction {
    /// Every session, newest first: number, editor, when it started and was
    /// last used, and whether it is open. `revoke ID` ends one at once.
    Sessions {
        #[command(subcommand)]
        action: Option<SessionsAction>,
    },
    /// Who signed in, saved, uploaded or restored what, and when, newest first.
    Audit {
        /// How many lines to show.
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
}

#[derive(Debug, Clone, Subcommand)]
pub enum SessionsAction {
    /// The sessions (the same as `hearth staff sessions`).
    List,
    /// End a session at once, by its number, or every session of `--editor`.
    Revoke {
        id: Option<i64>,
        /// Ends every open session of this editor instead.
        #[arg(long, conflicts_with = "id")]
        editor: Option<String>,
    },
}

impl ServeArgs {
    /// The base URL without a trailing slash.
    pub fn base_url(&self) -> String {
        base_url_or_addr(self.base_url.as_deref(), self.addr)
    }
}

/// `base_url`, or `http://ADDR` when none is set.
fn base_url_or_addr(base_url: Option<&str>, addr: SocketAddr) -> String {
    base_url.map_or_else(|| format!("http://{addr}"), str::to_owned)
}

/// Accepts `http(s)://host[:port][/path]`, without credentials, query or
/// fragment, read by the `url` crate (the WHATWG URL standard browsers
/// follow), and gives it back as browsers would write it: the host in
/// lowercase (an international name in its `xn--` form), a default port
/// dropped, and no trailing slash, so paths can be appended.
pub fn parse_base_url(value: &str) -> Result<String, String> {
    let url = web_url(value)?;
    if url.query().is_some() || url.fragment().is_some() {
        return Err("the base URL cannot contain a query (?) or a fragment (#)".into());
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// Accepts `http(s)://host[:port]`: an origin, without a path, given back
/// as browsers send it in an `Origin` header.
pub fn parse_form_origin(value: &str) -> Result<String, String> {
    let url = web_url(value)?;
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(
            "the form origin is a scheme and host only, e.g. https://forms.example.org".into(),
        );
    }
    Ok(url.origin().ascii_serialization())
}

/// An `http` or `https` URL with a host and no user name or password.
fn web_url(value: &str) -> Result<url::Url, String> {
    let url = url::Url::parse(value.trim()).map_err(|error| match error {
        url::ParseError::RelativeUrlWithoutBase => {
            "the address must start with https:// or http://".to_owned()
        }
        url::ParseError::EmptyHost => {
            "the address needs a host name, e.g. https://example.org".to_owned()
        }
        other => format!("this is not a valid address: {other}"),
    })?;
    if !matches!(url.scheme(), "https" | "http") {
        return Err("the address must start with https:// or http://".into());
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("the address needs a host name, e.g. https://example.org".into());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("the address cannot contain a user name or password".into());
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The options of `outbox`, `calendar` and `bookings` are taken before
    /// the action or after it, as people type them, with the same result;
    /// `hearth outbox list --data-dir data` was refused.
    #[test]
    fn group_options_go_before_or_after_the_action() {
        let cases: [(&[&str], &[&str], &[&str]); 3] = [
            (
                &["outbox"],
                &["--data-dir", "elsewhere"],
                &["list", "show 3", "retry 3", "recover old.sqlite3"],
            ),
            (
                &["calendar"],
                &[
                    "--data-dir",
                    "elsewhere",
                    "--base-url",
                    "https://example.org",
                    "--addr",
                    "0.0.0.0:8080",
                ],
                &["url", "rotate"],
            ),
            (
                &["bookings"],
                &[
                    "--data-dir",
                    "elsewhere",
                    "--content",
                    "words",
                    "--static",
                    "files",
                ],
                &["list", "show 3", "cancel 3"],
            ),
        ];
        for (group, options, actions) in cases {
            for action in actions {
                let action: Vec<&str> = action.split(' ').collect();
                let parse = |order: [&[&str]; 3]| {
                    let args = std::iter::once("hearth").chain(group.iter().copied());
                    let args = args.chain(order.into_iter().flatten().copied());
                    match Cli::try_parse_from(args) {
                        Ok(cli) => format!("{:?}", cli.into_command()),
                        Err(error) => panic!("{group:?} {order:?}: {error}"),
                    }
                };
                let before = parse([options, &action, &[]]);
                let after = parse([&[], &action, options]);
                assert_eq!(before, after, "{group:?} {action:?}");
                assert!(before.contains("elsewhere"), "{before}");
            }
        }
    }

    /// With no subcommand, the flags are serve's.
    #[test]
    fn serve_is_the_default() {
        let cli = Cli::try_parse_from(["hearth", "--addr", "0.0.0.0:8080"]).unwrap();
        let Command::Serve(args) = cli.into_command() else {
            panic!("serve is the default");
        };
        assert_eq!(args.addr.port(), 8080);
        assert_eq!(args.base_url(), "http://0.0.0.0:8080");
    }

    /// The connection limits have sane defaults, take their flags, and
    /// refuse a zero that would refuse or cut off everyone.
    #[test]
    fn connection_limits_have_defaults_and_refuse_zero() {
        let Command::Serve(args) = Cli::try_parse_from(["hearth"]).unwrap().into_command() else {
            panic!("serve is the default");
        };
        assert_eq!(args.max_connections_per_client, 64);
        assert_eq!(args.write_timeout_seconds, 15);
        assert_eq!(args.idle_timeout_seconds, 5);
        assert_eq!(args.body_timeout_seconds, 20);
        let cli = Cli::try_parse_from([
            "hearth",
            "--max-connections-per-client",
            "3",
            "--body-timeout-seconds",
            "7",
        ])
        .unwrap();
        let Command::Serve(args) = cli.into_command() else {
            panic!("serve is the default");
        };
        assert_eq!(args.max_connections_per_client, 3);
        assert_eq!(args.body_timeout_seconds, 7);
        for flag in [
            "--max-connections-per-client",
            "--write-timeout-seconds",
            "--idle-timeout-seconds",
            "--body-timeout-seconds",
        ] {
            assert!(
                Cli::try_parse_from(["hearth", flag, "0"]).is_err(),
                "{flag} 0"
            );
        }
    }

    /// `hearth outbox recover FILE` takes the damaged file's path.
    #[test]
    fn outbox_recover_takes_a_file() {
        let cli = Cli::try_parse_from([
            "hearth",
            "outbox",
            "--data-dir",
            "/srv/data",
            "recover",
            "/srv/data/outbox-damaged-x.sqlite3",
        ])
        .unwrap();
        let Command::Outbox(args) = cli.into_command() else {
            panic!("outbox was asked for");
        };
        assert_eq!(args.data_dir, PathBuf::from("/srv/data"));
        let OutboxAction::Recover { file } = args.action else {
            panic!("recover was asked for");
        };
        assert_eq!(file, PathBuf::from("/srv/data/outbox-damaged-x.sqlite3"));
    }

    /// `hearth calendar` reads the base URL as `serve` does, and
    /// `hearth bookings show` takes the booking's number.
    #[test]
    fn calendar_and_bookings_take_serves_settings() {
        let cli = Cli::try_parse_from([
            "hearth",
            "calendar",
            "--base-url",
            "https://Example.org/",
            "rotate",
        ])
        .unwrap();
        let Command::Calendar(args) = cli.into_command() else {
            panic!("calendar was asked for");
        };
        assert!(matches!(args.action, CalendarAction::Rotate));
        assert_eq!(args.base_url(), "https://example.org");
        let cli =
            Cli::try_parse_from(["hearth", "calendar", "--addr", "0.0.0.0:8080", "url"]).unwrap();
        let Command::Calendar(args) = cli.into_command() else {
            panic!("calendar was asked for");
        };
        assert_eq!(args.base_url(), "http://0.0.0.0:8080");
        let cli = Cli::try_parse_from(["hearth", "bookings", "show", "7"]).unwrap();
        let Command::Bookings(args) = cli.into_command() else {
            panic!("bookings was asked for");
        };
        assert!(matches!(args.action, BookingsAction::Show { id: 7 }));
        let cli = Cli::try_parse_from(["hearth", "bookings", "cancel", "7"]).unwrap();
        let Command::Bookings(args) = cli.into_command() else {
            panic!("bookings was asked for");
        };
        assert!(matches!(args.action, BookingsAction::Cancel { id: 7 }));
        assert!(Cli::try_parse_from(["hearth", "bookings", "erase", "7"]).is_err());
    }

    /// The explicit subcommand takes the same flags.
    #[test]
    fn serve_subcommand_takes_flags() {
        let cli = Cli::try_parse_from([
            "hearth",
            "serve",
            "--content",
            "site",
            "--base-url",
            "https://example.org/",
        ])
        .unwrap();
        let Command::Serve(args) = cli.into_command() else {
            panic!("serve was asked for");
        };
        assert_eq!(args.content, PathBuf::from("site"));
        assert_eq!(args.base_url(), "https://example.org");
    }

    /// Behind a trusted proxy every connection comes from the proxy, so
    /// the per-client cap is off there; without one it applies.
    #[test]
    fn the_per_client_cap_is_off_behind_a_trusted_proxy() {
        let limits = |argv: &[&str]| {
            let Command::Serve(args) = Cli::try_parse_from(argv).unwrap().into_command() else {
                panic!("serve is the default");
            };
            crate::server::ConnectionLimits::from_args(&args)
        };
        assert_eq!(
            limits(&["hearth", "--max-connections-per-client", "5"]).max_connections_per_client,
            Some(5)
        );
        assert_eq!(
            limits(&["hearth", "--trust-proxy"]).max_connections_per_client,
            None
        );
    }

    /// Base URLs that would make broken links are refused, with a reason;
    /// good ones come back as browsers write them.
    #[test]
    fn bad_base_urls_are_refused() {
        for (refused, reason) in [
            ("example.org", "https://"),
            ("https://", "host"),
            ("https://example.org/?a=b", "query"),
            ("https://example.org/#top", "fragment"),
            ("https://example.org?", "query"),
            ("ftp://example.org", "https://"),
            ("javascript:alert(1)", "https://"),
            ("https://ana:secret@example.org", "password"),
            ("https://exa mple.org", "valid"),
            ("https://example.org:99999", "valid"),
            ("https://[::1", "valid"),
            ("", "https://"),
        ] {
            let error = parse_base_url(refused).expect_err(refused);
            assert!(error.contains(reason), "{refused}: {error}");
        }
        for (given, written) in [
            (
                "https://example.org/practice/",
                "https://example.org/practice",
            ),
            ("https://Example.ORG", "https://example.org"),
            ("https://example.org:443/", "https://example.org"),
            ("http://127.0.0.1:3000", "http://127.0.0.1:3000"),
            ("http://[::1]:8080/", "http://[::1]:8080"),
            (
                "https://práctica.example",
                "https://xn--prctica-iwa.example",
            ),
            (
                "https://example.org/mañana",
                "https://example.org/ma%C3%B1ana",
            ),
        ] {
            assert_eq!(parse_base_url(given).as_deref(), Ok(written), "{given}");
        }
    }

    /// A form origin is a scheme, a host and a port, as an `Origin` header
    /// carries it; a path or a query is refused.
    #[test]
    fn form_origins_are_origins() {
        assert_eq!(
            parse_form_origin("https://Forms.Example.org/").as_deref(),
            Ok("https://forms.example.org")
        );
        assert_eq!(
            parse_form_origin("http://127.0.0.1:3000").as_deref(),
            Ok("http://127.0.0.1:3000")
        );
        for refused in [
            "https://forms.example.org/form",
            "https://forms.example.org/?a",
            "forms.example.org",
            "https://user@forms.example.org",
        ] {
            assert!(parse_form_origin(refused).is_err(), "{refused}");
        }
    }
}
