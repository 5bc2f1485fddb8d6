//! The `sparsejit` command line: parses arguments (clap) and hands each
//! subcommand to its module in `cli/`. Errors print their message and exit
//! with status 1; nothing here panics on bad input.

mod cli;

use clap::Parser;

fn main() {
    quiet_on_closed_pipe();
    let args = cli::Cli::parse();
    if let Err(e) = cli::run(args) {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}

/// `sparsejit bench | head` closes stdout early; `println!` then panics with
/// "Broken pipe". Stop quietly instead, as other Unix tools do.
fn quiet_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let msg = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("");
        if msg.contains("Broken pipe") {
            std::process::exit(0);
        }
        default(info);
    }));
}
