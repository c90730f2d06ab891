//! The `shafaf` command: parse arguments, run the subcommand, print errors, set the exit code.

use std::process::ExitCode;

use clap::Parser;
use shafaf::cli::{Cli, Command};
use shafaf::cmd;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Build(args) => cmd::build::run(args).map(|()| true),
        Command::Check(args) => cmd::check::run(args),
        Command::Serve(args) => cmd::serve::run(args).map(|()| true),
        Command::New(args) => cmd::new::run(args).map(|()| true),
        Command::Init(args) => cmd::init::run(args).map(|()| true),
        Command::Theme(args) => cmd::theme::run(args).map(|()| true),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            if e.downcast_ref::<shafaf::diagnostic::ContentErrors>()
                .is_some()
            {
                eprintln!("{e}");
            } else {
                eprintln!("error: {e:#}");
            }
            ExitCode::FAILURE
        }
    }
}
