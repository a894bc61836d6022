//! The avatar side of the CLI: describing, showing and saving a card's photo, and preparing a
//! local photo for upload or for a file.

use std::io::IsTerminal;
use std::path::Path;

use super::args::{AvatarPrepareArgs, CardGetArgs};
use super::error::CliError;
use super::output;
use crate::api::ContactCard;
use crate::avatar::{self, AvatarError, PrepareOptions, PrepareReport};
use crate::safe_write::{self, WriteError, WriteOptions};

impl From<AvatarError> for CliError {
    fn from(e: AvatarError) -> Self {
        CliError::Input(e.to_string())
    }
}

/// "JPEG 512×512, 48 KB", or why there is none.
pub fn describe_card_avatar(card: &ContactCard) -> String {
    match card.avatar.as_deref() {
        None => "none".to_owned(),
        Some(b64) if b64.trim().is_empty() => "none".to_owned(),
        Some(b64) => match avatar::decode_base64(b64).and_then(|bytes| avatar::inspect(&bytes)) {
            Ok(info) => format!(
                "{} {}×{}, {}",
                info.format,
                info.width,
                info.height,
                crate::byte_size::human(info.bytes)
            ),
            Err(e) => format!("unreadable ({e})"),
        },
    }
}

/// The avatar part of `card get`: its description, and the image to draw when `--show-avatar`.
pub struct CardAvatar {
    pub description: String,
    pub to_show: Option<Vec<u8>>,
}

/// Handles `--save-avatar` and checks `--show-avatar` can work, before anything is printed.
pub fn card_avatar(card: &ContactCard, args: &CardGetArgs) -> Result<CardAvatar, CliError> {
    let description = describe_card_avatar(card);
    if !(args.show_avatar || args.save_avatar.is_some()) {
        return Ok(CardAvatar {
            description,
            to_show: None,
        });
    }
    if args.show_avatar && !std::io::stdout().is_terminal() {
        return Err(CliError::Usage(
            "--show-avatar draws in a terminal, and stdout is not one; use --save-avatar FILE"
                .into(),
        ));
    }
    let Some(b64) = card.avatar.as_deref().filter(|a| !a.trim().is_empty()) else {
        return Err(CliError::Input("this card has no avatar".into()));
    };
    let bytes = avatar::decode_base64(b64)?;
    if let Some(path) = &args.save_avatar {
        let options = crate::safe_write::WriteOptions {
            replace: args.force,
            ..Default::default()
        };
        crate::safe_write::write(path, &bytes, options).map_err(write_error)?;
        eprintln!(
            "bloocard: avatar written to {}",
            crate::sanitize::clean(&path.display().to_string())
        );
    }
    Ok(CardAvatar {
        description,
        to_show: args.show_avatar.then_some(bytes),
    })
}

/// Draws the avatar as the TUI would, found out the same way (`tui::terminal::show_avatar`),
/// else in half blocks. Windows goes by the environment only, through viuer.
pub fn show(bytes: &[u8]) -> Result<(), CliError> {
    #[cfg(unix)]
    {
        let shown = crate::tui::terminal::show_avatar(bytes)
            .map_err(|e| CliError::Other(format!("could not print the avatar: {e}")))?;
        if shown {
            return Ok(());
        }
        show_blocks(bytes, false)
    }
    #[cfg(not(unix))]
    show_blocks(bytes, true)
}

/// Half blocks by viuer; `protocols`: let viuer pick kitty or iTerm2 itself (Windows, where
/// nothing asked the terminal), else none of its own queries.
fn show_blocks(bytes: &[u8], protocols: bool) -> Result<(), CliError> {
    // The preview decode is scaled: a terminal shows a few hundred pixels at most.
    let img = avatar::preview(bytes, 512)?;
    let config = viuer::Config {
        width: Some(24),
        absolute_offset: false,
        use_kitty: protocols,
        use_iterm: protocols,
        ..Default::default()
    };
    viuer::print(&img, &config)
        .map(|_| ())
        .map_err(|e| CliError::Other(format!("could not print the avatar: {e}")))
}

/// A photo that cannot be used, named: "text.jpg: the data is not an image …" (the errors
/// about the file itself, such as "text.jpg does not exist", name it already).
fn photo_error(path: &Path, e: AvatarError) -> CliError {
    match e {
        AvatarError::NotFound(_)
        | AvatarError::NotAFile { .. }
        | AvatarError::PermissionDenied(_)
        | AvatarError::Read { .. } => e.into(),
        other => CliError::Input(format!(
            "{}: {other}",
            crate::sanitize::clean(&path.display().to_string())
        )),
    }
}

/// Runs a local photo through the avatar pipeline and returns plain base64 for the PUT.
pub fn prepare_for_upload(path: &Path) -> Result<String, CliError> {
    let prepared =
        avatar::prepare_file(path, &PrepareOptions::default()).map_err(|e| photo_error(path, e))?;
    tracing::info!(report = %prepared.report, "avatar prepared for upload");
    Ok(avatar::encode_base64(&prepared.jpeg))
}

/// `-o -`: the JPEG goes to stdout (for a pipe), never to a terminal.
const STDOUT: &str = "-";

/// `avatar prepare IN -o OUT`: the pipeline, locally, with its one-line report (or, with
/// `json`, the same facts as one JSON object for scripts). With `-o -` the JPEG is written to
/// stdout, which must not be a terminal, and the report goes to stderr.
pub fn prepare(args: &AvatarPrepareArgs, json: bool) -> Result<String, CliError> {
    let options = PrepareOptions {
        size: args.size,
        quality: args.quality,
        ..PrepareOptions::default()
    };
    let to_stdout = args.output.as_os_str() == STDOUT;
    if to_stdout {
        refuse_terminal_stdout(json)?;
    } else {
        refuse_output(args)?;
    }
    let prepared =
        avatar::prepare_file(&args.input, &options).map_err(|e| photo_error(&args.input, e))?;
    if to_stdout {
        write_stdout(&prepared.jpeg)?;
        eprintln!("bloocard: {}", prepared.report);
        return Ok(String::new());
    }
    let write = WriteOptions {
        replace: args.force,
        private: false,
        never_over: Some(&args.input),
    };
    safe_write::write(&args.output, &prepared.jpeg, write).map_err(write_error)?;
    if json {
        return Ok(output::json(&report_json(&prepared.report, args)));
    }
    Ok(format!("{}\n", prepared.report))
}

/// `-o -` needs stdout for the JPEG alone: not a terminal (the bytes would garble it), and not
/// shared with `--json`.
fn refuse_terminal_stdout(json: bool) -> Result<(), CliError> {
    if json {
        return Err(CliError::Usage(
            "-o - writes the JPEG to stdout, so --json has nowhere to go; write to a file \
             (-o avatar.jpg) for the JSON report"
                .into(),
        ));
    }
    if std::io::stdout().is_terminal() {
        return Err(CliError::Usage(
            "-o - writes the JPEG to stdout, and stdout is a terminal; redirect it (-o - > \
             avatar.jpg) or pipe it, or name a file (./- for a file called -)"
                .into(),
        ));
    }
    Ok(())
}

/// Checked before the photo is decoded, so a refusal is immediate: a directory, the input
/// itself, or an existing file without `--force` (a missing input is reported first, by the
/// pipeline).
fn refuse_output(args: &AvatarPrepareArgs) -> Result<(), CliError> {
    safe_write::refuse_directory(&args.output).map_err(write_error)?;
    if !args.input.exists() {
        return Ok(());
    }
    if safe_write::same_file(&args.output, &args.input) {
        return Err(write_error(WriteError::IsInput {
            path: args.output.clone(),
            input: args.input.clone(),
        }));
    }
    if !args.force && std::fs::symlink_metadata(&args.output).is_ok() {
        return Err(write_error(WriteError::Exists(args.output.clone())));
    }
    Ok(())
}

/// A reader that stops early did not get the whole photo, so a closed pipe is an error here.
fn write_stdout(bytes: &[u8]) -> Result<(), CliError> {
    output::write_stdout(bytes).map_err(|e| {
        CliError::Input(format!(
            "could not write the avatar to stdout: {}",
            crate::io_error::Words(&e)
        ))
    })
}

/// Refusing to write over a file, or into a directory, is about the arguments given (exit 2);
/// failing to write is about the file system (exit 6).
pub(super) fn write_error(e: WriteError) -> CliError {
    match e {
        WriteError::Exists(_) => CliError::Usage(format!("{e}; pass --force to replace it")),
        WriteError::IsInput { .. } | WriteError::IsDirectory(_) => CliError::Usage(e.to_string()),
        WriteError::Io { .. } => CliError::Input(e.to_string()),
    }
}

fn report_json(report: &PrepareReport, args: &AvatarPrepareArgs) -> serde_json::Value {
    serde_json::json!({
        "input": {
            "path": args.input.to_string_lossy(),
            "format": report.format,
            "bytes": report.input_bytes,
            "width": report.width,
            "height": report.height,
        },
        "orientation": report.orientation,
        "decoded": { "width": report.decoded_width, "height": report.decoded_height },
        "crop": { "x": report.crop.x, "y": report.crop.y, "side": report.crop.side },
        "output": {
            "path": args.output.to_string_lossy(),
            "format": "JPEG",
            "width": report.out_side,
            "height": report.out_side,
            "bytes": report.out_bytes,
            "quality": report.quality,
        },
        "upscaled": report.upscaled,
        "converted_to_srgb": report.converted_to_srgb,
        "elapsed_ms": report.elapsed.as_millis() as u64,
    })
}
