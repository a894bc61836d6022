//! Stand-in for `bloocard avatar prepare IN -o OUT [--size N] [--quality Q]` so the pipeline can be
//! measured before (and independently of) the CLI: same library call, same one-line report.

use std::path::PathBuf;
use std::process::ExitCode;

use bloocard::avatar::{PrepareOptions, prepare_file};

fn main() -> ExitCode {
    // Accept the CLI's spelling too, so benches/compare.sh can drive either binary.
    let mut args = std::env::args()
        .skip(1)
        .skip_while(|a| a == "avatar" || a == "prepare");
    let mut input = None;
    let mut output = None;
    let mut opts = PrepareOptions::default();
    while let Some(arg) = args.next() {
        let parsed = match arg.as_str() {
            "-o" => args.next().map(|v| output = Some(PathBuf::from(v))),
            "--size" => args
                .next()
                .and_then(|v| v.parse().ok())
                .map(|v| opts.size = v),
            "--quality" => args
                .next()
                .and_then(|v| v.parse().ok())
                .map(|v| opts.quality = v),
            _ => {
                input = Some(PathBuf::from(arg));
                Some(())
            }
        };
        if parsed.is_none() {
            eprintln!("usage: avatar_prepare IN -o OUT [--size N] [--quality Q]");
            return ExitCode::from(2);
        }
    }
    let (Some(input), Some(output)) = (input, output) else {
        eprintln!("usage: avatar_prepare IN -o OUT [--size N] [--quality Q]");
        return ExitCode::from(2);
    };
    match prepare_file(&input, &opts) {
        Ok(prepared) => {
            if let Err(e) = std::fs::write(&output, &prepared.jpeg) {
                eprintln!("error: cannot write {}: {e}", output.display());
                return ExitCode::FAILURE;
            }
            println!("{}", prepared.report);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
