//! The `sparsejit` command line: parses arguments (clap) and hands each
//! subcommand to its module in `cli/`. Errors print their message and exit
//! with status 1; nothing here panics on bad input.

mod cli;

use clap::Parser;

fn main() {
    let args = cli::Cli::parse();
    if let Err(e) = cli::run(args) {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}
