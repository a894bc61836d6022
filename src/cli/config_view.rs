//! `bloocard config`: the effective settings of this run and where each came from, the key
//! redacted, so "which account am I about to change?" has an answer before anything is sent.

use serde_json::{Value, json};

use super::error::CliError;
use super::output;
use super::settings::{EnvLookup, KeySource, Settings, Source};

/// The table (or JSON object) on stdout. When the key cannot be had, the table is still printed
/// and the reason is the error (exit 3).
pub fn show(settings: &Settings, env: EnvLookup, json: bool) -> Result<(), CliError> {
    let key = match settings.key {
        KeySource::Demo => Ok(()),
        _ => settings.api_key(env).map(|_| ()),
    };
    let rows = rows(settings, key.is_ok());
    let out = if json {
        let object: serde_json::Map<String, Value> = rows
            .iter()
            .map(|r| {
                (
                    r.key.to_owned(),
                    json!({"value": r.json.clone(), "source": r.source}),
                )
            })
            .collect();
        output::json(&Value::Object(object))
    } else {
        let width = rows.iter().map(|r| r.label.len()).max().unwrap_or(0);
        let value_width = rows
            .iter()
            .map(|r| r.value.chars().count())
            .max()
            .unwrap_or(0);
        rows.iter()
            .map(|r| {
                format!(
                    "{:width$}  {:value_width$}  {}\n",
                    r.label, r.value, r.source
                )
                .trim_end()
                .to_owned()
                    + "\n"
            })
            .collect()
    };
    output::print(&out)?;
    key
}

struct Row {
    key: &'static str,
    label: &'static str,
    value: String,
    json: Value,
    source: String,
}

fn row(key: &'static str, label: &'static str, value: Option<String>, source: String) -> Row {
    Row {
        key,
        label,
        json: value.clone().map_or(Value::Null, Value::String),
        value: value.unwrap_or_else(|| "none".to_owned()),
        source,
    }
}

fn clean(s: &str) -> String {
    crate::sanitize::clean(s).into_owned()
}

fn rows(settings: &Settings, key_ok: bool) -> Vec<Row> {
    let key_value = match (&settings.key, key_ok) {
        (KeySource::Missing, _) => None,
        (_, true) => Some("<redacted>".to_owned()),
        (_, false) => Some("unavailable (see the error below)".to_owned()),
    };
    vec![
        profile_row(settings),
        base_url_row(settings),
        row("api_key", "API key", key_value, key_source(settings)),
        row(
            "from_number",
            "from number",
            settings.from_number.as_ref().map(|n| clean(&n.value)),
            settings
                .from_number
                .as_ref()
                .map_or_else(|| "not set".into(), |n| n.source.to_string()),
        ),
        Row {
            key: "timeout_secs",
            label: "timeout",
            value: format!("{} s", settings.timeout_secs.value),
            json: json!(settings.timeout_secs.value),
            source: settings.timeout_secs.source.to_string(),
        },
        config_file_row(settings),
    ]
}

fn profile_row(settings: &Settings) -> Row {
    let demo = matches!(settings.key, KeySource::Demo);
    match (&settings.profile, demo) {
        (_, true) => row("profile", "profile", None, "ignored under --demo".into()),
        (Some(p), false) => row(
            "profile",
            "profile",
            Some(clean(&p.name)),
            p.via.to_string(),
        ),
        (None, false) => row("profile", "profile", None, "none chosen".into()),
    }
}

fn base_url_row(settings: &Settings) -> Row {
    if matches!(settings.key, KeySource::Demo) {
        row(
            "base_url",
            "base URL",
            Some("the embedded demo backend on 127.0.0.1".into()),
            Source::Demo.to_string(),
        )
    } else {
        row(
            "base_url",
            "base URL",
            Some(clean(&settings.base_url.value)),
            settings.base_url.source.to_string(),
        )
    }
}

/// Where the key comes from, in words (never the key).
fn key_source(settings: &Settings) -> String {
    match &settings.key {
        KeySource::File(path) => format!("--api-key-file {}", clean(&path.to_string_lossy())),
        KeySource::Env => Source::Env(crate::config::API_KEY_ENV).to_string(),
        KeySource::Profile => match &settings.profile {
            Some(p) if p.profile.api_key_command.is_some() => {
                format!("profile {} (api_key_command)", clean(&p.name))
            }
            Some(p) => format!(
                "profile {} (api_key_file {})",
                clean(&p.name),
                p.key_file()
                    .map(|f| clean(&f.to_string_lossy()))
                    .unwrap_or_default()
            ),
            None => String::new(),
        },
        KeySource::Demo => "the demo's own key".into(),
        KeySource::Missing => "not set".into(),
    }
}

fn config_file_row(settings: &Settings) -> Row {
    match settings.config_file.as_ref() {
        Some(path) => {
            let state = if path.exists() { "found" } else { "not found" };
            row(
                "config_file",
                "config file",
                Some(clean(&path.to_string_lossy())),
                state.into(),
            )
        }
        None => row(
            "config_file",
            "config file",
            None,
            "no home directory".into(),
        ),
    }
}
