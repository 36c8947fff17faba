//! Starting and stopping: load the site, listen, and on SIGTERM or ctrl-c
//! stop accepting and let requests in flight finish.

use std::io;

use tokio::net::TcpListener;

use crate::config::ServeArgs;
use crate::content::Sources;
use crate::{AppState, LoadError, app, load};

/// Why the server did not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("the site was not started because of the problems above")]
    Load(#[from] LoadError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        source: io::Error,
    },
    #[error("the server stopped: {0}")]
    Io(#[from] io::Error),
}

/// Loads the site; the errors are printed by the caller.
pub fn prepare(args: &ServeArgs) -> Result<AppState, LoadError> {
    let sources = Sources {
        content: args.content.clone(),
        static_files: args.static_dir.clone(),
    };
    let loaded = load(&sources, &args.base_url())?;
    Ok(AppState::new(loaded, &args.static_dir))
}

/// Serves `state` on `listener` until SIGTERM or ctrl-c.
pub async fn run(listener: TcpListener, state: AppState) -> io::Result<()> {
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown_signal())
        .await
}

/// Loads, binds and serves, as `hearth serve` does.
pub async fn serve(args: ServeArgs) -> Result<(), ServeError> {
    let state = prepare(&args)?;
    let listener = TcpListener::bind(args.addr)
        .await
        .map_err(|source| ServeError::Bind {
            addr: args.addr,
            source,
        })?;
    let pages = state.site.load().rendered.pages.len();
    tracing::info!(
        "serving {pages} pages of {} at http://{}",
        args.content.display(),
        listener.local_addr()?
    );
    run(listener, state).await?;
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
