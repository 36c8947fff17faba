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

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the website (the default).
    Serve(ServeArgs),
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

    /// The public address of the site, e.g. https://harborlight.example, used
    /// for canonical links; https also turns on HSTS. Defaults to http://ADDR.
    #[arg(long, env = "HEARTH_BASE_URL", value_parser = parse_base_url)]
    pub base_url: Option<String>,
}

impl ServeArgs {
    /// The base URL without a trailing slash.
    pub fn base_url(&self) -> String {
        self.base_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.addr))
    }
}

/// Accepts `http(s)://host[:port][/path]`, without query or fragment, and
/// drops a trailing slash so paths can be appended.
pub fn parse_base_url(value: &str) -> Result<String, String> {
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"))
        .ok_or("the base URL must start with https:// or http://")?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err("the base URL needs a host name, e.g. https://example.org".into());
    }
    if rest.contains(['?', '#', ' ', '"', '<', '>']) {
        return Err("the base URL cannot contain a query, a fragment, spaces or quotes".into());
    }
    Ok(value.trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// With no subcommand, the flags are serve's.
    #[test]
    fn serve_is_the_default() {
        let cli = Cli::try_parse_from(["hearth", "--addr", "0.0.0.0:8080"]).unwrap();
        let Command::Serve(args) = cli.into_command();
        assert_eq!(args.addr.port(), 8080);
        assert_eq!(args.base_url(), "http://0.0.0.0:8080");
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
        let Command::Serve(args) = cli.into_command();
        assert_eq!(args.content, PathBuf::from("site"));
        assert_eq!(args.base_url(), "https://example.org");
    }

    /// Base URLs that would make broken links are refused.
    #[test]
    fn bad_base_urls_are_refused() {
        assert!(parse_base_url("example.org").is_err());
        assert!(parse_base_url("https://").is_err());
        assert!(parse_base_url("https://example.org/?a=b").is_err());
        assert_eq!(
            parse_base_url("https://example.org/practice/").unwrap(),
            "https://example.org/practice"
        );
    }
}
