use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use hearth::config::{Cli, Command};
use hearth::server::{self, ServeError};

/// `hearth build`: checks, renders and writes the site, or says why not.
fn build(args: &hearth::config::BuildArgs) -> ExitCode {
    let started = std::time::Instant::now();
    if args.form_origin.is_none() {
        eprintln!("{}", hearth::export::NO_FORM_SERVER);
    }
    match hearth::export::build(args) {
        Ok(summary) => {
            println!(
                "wrote {} pages ({} files, {} KB) to {} in {} ms",
                summary.pages,
                summary.files,
                summary.bytes / 1024,
                args.out.display(),
                started.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(hearth::export::BuildError::Load(error)) => {
            eprintln!("{error}");
            eprintln!("error: nothing was written; fix the problems above and build again");
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The exit code of a command that reports whether what it was asked for
/// exists (a request, a booking, a session), or why it could not run.
fn finished(outcome: Result<bool, impl std::fmt::Display>) -> ExitCode {
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "hearth=info".into()),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    // After the log is set up, so a panic is logged like everything else;
    // never with its message, which may quote a visitor.
    hearth::server::panic::install();
    let args = match Cli::parse().into_command() {
        Command::Serve(args) => args,
        Command::Check(args) => {
            let sources = hearth::content::Sources {
                content: args.content,
                static_files: args.static_dir,
            };
            let (_, problems) = hearth::content::check(&sources);
            print!("{}", problems.report());
            return if problems.error_count() == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            };
        }
        Command::Build(args) => return build(&args),
        Command::New(args) => {
            let today = hearth::content::scaffold::today(&args.content, jiff::Timestamp::now());
            return match hearth::content::scaffold::create(
                &args.content,
                args.kind,
                &args.title,
                today,
            ) {
                Ok(path) => {
                    println!("{}", path.display());
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("error: {error}");
                    ExitCode::FAILURE
                }
            };
        }
        Command::Calendar(args) => {
            return match hearth::consultation::calendar::run(&args, &mut std::io::stdout()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!(
                        "error: the calendar feed's secret in {}: {error}",
                        args.data_dir.display()
                    );
                    ExitCode::FAILURE
                }
            };
        }
        Command::Bookings(args) => {
            let (mut out, mut notes) = (std::io::stdout(), std::io::stderr());
            return finished(hearth::consultation::bookings_admin::run(
                &args, &mut out, &mut notes,
            ));
        }
        Command::Reload(args) => {
            return match hearth::server::pid_file::reload(&args.data_dir) {
                Ok(pid) => {
                    println!(
                        "asked the server (process {pid}) to read the content again; its log says whether it took the new version"
                    );
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("error: {error}");
                    ExitCode::FAILURE
                }
            };
        }
        Command::Staff(args) => {
            return finished(hearth::staff::admin::run(&args, &mut std::io::stdout()));
        }
        Command::Outbox(args) => {
            return finished(hearth::consultation::admin::run(
                &args,
                &mut std::io::stdout(),
            ));
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(server::serve(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(ServeError::Load(error)) => {
            eprintln!("{error}");
            eprintln!("error: the site was not started; fix the problems above and start again");
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
