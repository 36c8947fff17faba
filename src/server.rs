//! Starting and stopping: put the site live ([`crate::site`]), open the
//! outbox, listen, and on SIGTERM or ctrl-c stop accepting and let requests
//! in flight finish. [`connection`] limits what one client may hold;
//! [`panic`] decides what a panic leaves in the log.

pub mod connection;
pub mod panic;
pub mod pid_file;

use std::io;
use std::net::SocketAddr;

use axum::Router;
use hyper_util::server::graceful::GracefulShutdown;

use tokio::net::TcpListener;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

use crate::config::{ConsultationArgs, ServeArgs};
use crate::consultation::Consultation;
use crate::consultation::busy::{BusyFetcher, BusyTimes};
use crate::consultation::calendar::CalendarFeed;
use crate::consultation::mail::{self, MailConfigError, Mailer, Transport};
use crate::consultation::outbox::{self, Outbox, OutboxError, SetAside};
use crate::consultation::rate_limit::RateLimiter;
use crate::consultation::recover::{self, absolute};
use crate::consultation::token::FormKey;
use crate::consultation::worker::Worker;
use crate::content::Sources;
use crate::content::model::Site;
use crate::render::SiteUrls;
use crate::site::{LiveSite, LoadError, Preparation, Publisher};
use crate::staff::Staff;
use crate::{AppState, Clock, SystemClock, app};

/// Why the server did not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("the site was not started because of the problems above")]
    Load(#[from] LoadError),
    #[error("{0}")]
    Outbox(#[from] OutboxError),
    #[error(
        "the form key in the data folder {folder}: {source}; the user Hearth runs as must be able to write there"
    )]
    FormKey {
        folder: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Mail(#[from] MailConfigError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        source: io::Error,
    },
    #[error("the server stopped: {0}")]
    Io(#[from] io::Error),
}

/// Everything `serve` runs: the web state, the mail worker and the task
/// that reads the coordinator's busy calendar.
pub struct Prepared {
    pub state: AppState,
    pub worker: Worker,
    pub busy: BusyFetcher,
    /// Where mail goes, for the start-up log.
    pub mail_destination: String,
}

/// Says what was found, where everything is and the exact command to run.
/// No count or content of the damaged file: it is not read here.
fn log_set_aside(data_dir: &std::path::Path, set_aside: &SetAside) {
    let siblings = if set_aside.siblings.is_empty() {
        String::new()
    } else {
        let names: Vec<String> = set_aside
            .siblings
            .iter()
            .map(|path| absolute(path))
            .collect();
        format!(" (with {})", names.join(" and "))
    };
    tracing::error!(
        "the outbox {original} is damaged ({reason}); it was kept as {kept}{siblings}, unchanged, and new requests go to a fresh {original}. To get back the requests it holds, run: {command}",
        original = absolute(&set_aside.path),
        reason = set_aside.reason,
        kept = absolute(&set_aside.kept),
        command = recover::command(data_dir, &set_aside.kept),
    );
}

/// Loads the site, opens the outbox and sets up mail; content errors are
/// printed by the caller.
pub fn prepare(args: &ServeArgs) -> Result<Prepared, ServeError> {
    prepare_with_clock(args, Arc::new(SystemClock))
}

/// As [`prepare`], with the time from `clock` (tests set the time themselves).
pub fn prepare_with_clock(args: &ServeArgs, clock: Arc<dyn Clock>) -> Result<Prepared, ServeError> {
    let started_at = clock.now();
    let publisher = Publisher {
        sources: Sources {
            content: args.content.clone(),
            static_files: args.static_dir.clone(),
        },
        urls: SiteUrls {
            base: args.base_url(),
            forms: args.form_origin.clone().unwrap_or_default(),
            calls_only: false,
        },
        clock: Arc::clone(&clock),
        preview: args.dev,
        image_cache: Some(args.consultation.data_dir.join("images")),
    };
    let preparation = if args.dev {
        Preparation::OnDemand
    } else {
        Preparation::InBackground
    };
    let site = Arc::new(LiveSite::start(publisher, preparation)?);
    let loaded = site.load_full();
    let settings = &args.consultation;
    let data_dir = &settings.data_dir;
    let (outbox, outbox_damaged) = open_outbox(data_dir, started_at)?;
    let key = FormKey::load_or_create(data_dir).map_err(|source| ServeError::FormKey {
        folder: data_dir.clone(),
        source,
    })?;
    let mailer = mailer(settings, &loaded.site)?;
    let mail_destination = mailer.transport.describe();
    let calendar = CalendarFeed {
        data_dir: data_dir.clone(),
        domain: mailer.from.email.domain().to_owned(),
    };

    let wake = Arc::new(Notify::new());
    let busy = Arc::new(BusyTimes::default());
    let fetcher = BusyFetcher::new(Arc::clone(&site), Arc::clone(&busy), Arc::clone(&clock));
    let consultation = Consultation {
        outbox: outbox.clone(),
        key: key.clone(),
        limiter: RateLimiter::new(settings.form_rate_limit, settings.form_global_rate_limit),
        min_fill: jiff::SignedDuration::from_secs(
            i64::try_from(settings.form_min_seconds).unwrap_or(i64::MAX),
        ),
        trust_proxy: settings.trust_proxy,
        wake_worker: Arc::clone(&wake),
        outbox_damaged,
        clock: Arc::clone(&clock),
        busy,
    };
    let mut staff = Staff::new(
        outbox.clone(),
        key.clone(),
        Arc::clone(&clock),
        Arc::clone(&wake),
        settings.editors.clone(),
    );
    if staff.is_on(&loaded.site) {
        staff.start_history(&site.sources().content);
    }
    let worker = Worker {
        outbox,
        mailer: Arc::new(mailer),
        site: Arc::clone(&site),
        wake,
        retry_max: Duration::from_secs(settings.mail_retry_max_seconds),
        clock,
        key,
    };
    Ok(Prepared {
        state: AppState::new(site, &args.static_dir, consultation, calendar, staff),
        worker,
        busy: fetcher,
        mail_destination,
    })
}

/// Opens the outbox in `data_dir`. A damaged outbox must not keep the
/// pages from serving: it is kept aside for `hearth outbox recover` and a
/// fresh one takes new requests. Also says whether any damaged outbox
/// still waits to be recovered, logging each.
fn open_outbox(
    data_dir: &std::path::Path,
    started_at: jiff::Timestamp,
) -> Result<(Outbox, bool), ServeError> {
    let (outbox, set_aside) = Outbox::open_or_set_aside(data_dir, started_at)?;
    if let Some(set_aside) = &set_aside {
        log_set_aside(data_dir, set_aside);
    }
    let kept = outbox::kept_damaged(data_dir);
    for file in &kept {
        if set_aside
            .as_ref()
            .is_some_and(|set_aside| &set_aside.kept == file)
        {
            continue;
        }
        tracing::error!(
            "a damaged outbox kept at {} still waits to be recovered: run `{}`, then delete it (it holds what visitors wrote)",
            absolute(file),
            recover::command(data_dir, file)
        );
    }
    Ok((outbox, !kept.is_empty()))
}

/// The mailer the settings ask for, writing as the practice.
fn mailer(settings: &ConsultationArgs, live: &Site) -> Result<Mailer, ServeError> {
    let site = &live.settings;
    let coordinator = mail::mailbox_setting(
        "the coordinator email (site.yaml or HEARTH_COORDINATOR_EMAIL)",
        settings
            .coordinator_email
            .as_deref()
            .unwrap_or(&site.coordinator.email),
    )?;
    let from = match &settings.mail_from {
        Some(from) => mail::mailbox_setting("HEARTH_MAIL_FROM", from)?,
        None => lettre::message::Mailbox::new(
            Some(format!("{} website", site.name)),
            coordinator.email.clone(),
        ),
    };
    let send_timeout = Duration::from_secs(settings.mail_timeout_seconds);
    let transport = Transport::from_settings(
        settings.smtp_url.as_deref(),
        &settings.data_dir,
        send_timeout,
    )?;
    Ok(Mailer {
        transport,
        from,
        coordinator,
        send_timeout,
    })
}

/// Serves `state` on `listener` until SIGTERM or ctrl-c.
///
/// Connections are served by hyper directly rather than `axum::serve`,
/// which sets no header-read timeout: a client that dribbles its headers
/// would otherwise hold a connection forever. Connections beyond
/// `limits.max_connections` wait until one closes; one client address
/// beyond its share is refused at once. Each connection's socket is wrapped
/// so that a client that stops reading its responses, or sits idle between
/// requests, lets go of its connection, and each request body must arrive
/// within `limits.body_timeout` of its request's start (see [`connection`]).
pub async fn run(
    listener: TcpListener,
    state: AppState,
    limits: ConnectionLimits,
) -> io::Result<()> {
    let router = app(state);
    let slots = Arc::new(tokio::sync::Semaphore::new(limits.max_connections));
    let per_client = limits
        .max_connections_per_client
        .map(connection::PerClient::new);
    // A client over its share is told about once a minute, not per connection.
    let mut refusal_logged: Option<std::time::Instant> = None;
    let graceful = GracefulShutdown::new();
    let shutdown = shutdown_signal();
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = Arc::clone(&slots).acquire_owned() => permit.map_err(io::Error::other)?,
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Running out of file descriptors and the like: pause, do not spin.
                    tracing::warn!(%error, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let client_slot = match &per_client {
            Some(per_client) => match per_client.admit(peer.ip()) {
                Some(slot) => Some(slot),
                None => {
                    if refusal_logged.is_none_or(|at| at.elapsed() >= Duration::from_secs(60)) {
                        refusal_logged = Some(std::time::Instant::now());
                        tracing::warn!(
                            "refused connections from a client that already holds {} (--max-connections-per-client)",
                            limits.max_connections_per_client.unwrap_or_default()
                        );
                    }
                    // Closed at once: the slot goes to someone else.
                    drop(stream);
                    continue;
                }
            },
            None => None,
        };
        let serving = serve_connection(&router, stream, peer, &limits, &graceful);
        tokio::spawn(async move {
            serving.await;
            drop(client_slot);
            drop(permit);
        });
    }
    drop(listener);
    if tokio::time::timeout(limits.shutdown_grace, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("some requests were still running after the grace period");
    }
    Ok(())
}

/// Serves one accepted connection with its protections until it closes.
fn serve_connection(
    router: &Router,
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    limits: &ConnectionLimits,
    graceful: &GracefulShutdown,
) -> impl Future<Output = ()> + Send + 'static {
    use hyper::body::Body as _;
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;

    // The peer's address goes into each request for the form's rate
    // limit; the router is shared, not rebuilt per connection.
    let router = router.clone();
    let busy = connection::Busy::default();
    let answering = busy.clone();
    let body_timeout = limits.body_timeout;
    let service = TowerToHyperService::new(tower::service_fn(
        move |request: hyper::Request<hyper::body::Incoming>| {
            let guard = answering.start();
            // Most requests have no body, and need no timer for one.
            let mut request = request.map(|body| {
                if body.is_end_stream() {
                    axum::body::Body::new(body)
                } else {
                    axum::body::Body::new(connection::Deadline::new(body, body_timeout))
                }
            });
            request
                .extensions_mut()
                .insert(axum::extract::ConnectInfo(peer));
            let response = tower::ServiceExt::oneshot(router.clone(), request);
            async move {
                let response = response.await?;
                Ok::<_, std::convert::Infallible>(
                    response.map(|body| connection::Answering::new(body, guard)),
                )
            }
        },
    ));
    let stream = connection::Guarded::new(stream, busy, limits.write_timeout, limits.idle_timeout);
    let connection = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .serve_connection(TokioIo::new(stream), service);
    let connection = graceful.watch(connection);
    async move {
        let _ = connection.await;
    }
}

/// Protections for the listening socket.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    /// A client must send its request headers within this time.
    pub header_read_timeout: Duration,
    /// Connections served at once; more wait their turn.
    pub max_connections: usize,
    /// Connections one client address may hold at once; more are refused.
    /// `None` behind a trusted proxy, where every connection comes from the
    /// proxy's address.
    pub max_connections_per_client: Option<usize>,
    /// A response write that makes no progress for this long (the client
    /// stopped reading) closes the connection.
    pub write_timeout: Duration,
    /// A connection with no request in progress that sends nothing for
    /// this long is closed.
    pub idle_timeout: Duration,
    /// A request's body must have arrived this long after the request began.
    pub body_timeout: Duration,
    /// How long requests in flight may take to finish at shutdown.
    pub shutdown_grace: Duration,
}

impl ConnectionLimits {
    /// The limits `hearth serve` was started with.
    pub fn from_args(args: &ServeArgs) -> ConnectionLimits {
        ConnectionLimits {
            header_read_timeout: Duration::from_secs(args.header_timeout_seconds),
            max_connections: args.max_connections,
            // Behind a proxy every connection comes from the proxy: a cap
            // per address would be a cap on everyone at once. The proxy
            // limits its own clients (nginx's `limit_conn`).
            max_connections_per_client: (!args.consultation.trust_proxy)
                .then_some(args.max_connections_per_client),
            write_timeout: Duration::from_secs(args.write_timeout_seconds),
            idle_timeout: Duration::from_secs(args.idle_timeout_seconds),
            body_timeout: Duration::from_secs(args.body_timeout_seconds),
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

/// Loads, binds and serves, as `hearth serve` does.
pub async fn serve(args: ServeArgs) -> Result<(), ServeError> {
    let started = std::time::Instant::now();
    let Prepared {
        state,
        worker,
        busy,
        mail_destination,
    } = prepare(&args)?;
    let listener = TcpListener::bind(args.addr)
        .await
        .map_err(|source| ServeError::Bind {
            addr: args.addr,
            source,
        })?;
    // Kept until the server stops, which removes the file.
    let _pid_file = match pid_file::PidFile::write(&args.consultation.data_dir) {
        Ok(file) => Some(file),
        Err(error) => {
            tracing::warn!(%error, "could not write the pid file: `hearth reload` will not find this server; SIGHUP still reloads");
            None
        }
    };
    let pages = state.site.load().rendered.pages.len();
    tracing::info!(
        "ready in {} ms, serving {pages} pages of {} at http://{}",
        started.elapsed().as_millis(),
        args.content.display(),
        listener.local_addr()?
    );
    tracing::info!(
        "consultation requests are kept in {} and emailed through {mail_destination}",
        args.consultation.data_dir.display()
    );
    tokio::spawn(worker.run());
    tokio::spawn(busy.run());
    let site = Arc::clone(&state.site);
    tokio::spawn(Arc::clone(&site).publish_on_schedule());
    if args.dev {
        tracing::warn!(
            "serving the editors' preview (--dev): drafts are shown; never use this for the public site"
        );
        let folders = [args.content.clone(), args.static_dir.clone()];
        if let Err(error) = site.watch(&folders) {
            tracing::error!(%error, "cannot watch the content for changes");
        }
    }
    #[cfg(unix)]
    tokio::spawn(site.reload_on_sighup());
    run(listener, state, ConnectionLimits::from_args(&args)).await?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
