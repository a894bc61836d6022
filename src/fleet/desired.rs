//! What each number should show, with the avatars read and prepared: the form the engine works
//! from. The CLI builds it from a card file ([`resolve`]); the TUI can build one directly from the
//! card on screen.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::spec::{AvatarRef, FleetFile, SpecError, Targets};
use crate::api::CardFields;
use crate::avatar::{self, PrepareOptions};

/// An avatar ready to send: the bytes, their base64 and their digest, computed once for every
/// number that shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DesiredAvatar {
    /// What the plan calls it: the file name as written.
    pub label: String,
    pub bytes: Vec<u8>,
    pub base64: String,
    pub sha256: [u8; 32],
    /// Sent byte for byte (an exported avatar) rather than prepared from a photo.
    pub exact: bool,
}

impl DesiredAvatar {
    pub fn new(label: impl Into<String>, bytes: Vec<u8>, exact: bool) -> Self {
        Self {
            label: label.into(),
            base64: avatar::encode_base64(&bytes),
            sha256: sha256(&bytes),
            bytes,
            exact,
        }
    }
}

impl crate::api::AvatarBase64 for DesiredAvatar {
    fn base64(&self) -> &str {
        &self.base64
    }
}

pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

pub type Avatar = Arc<DesiredAvatar>;

/// The whole desired state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Desired {
    pub targets: Targets,
    pub card: CardFields<Avatar>,
    /// `[number."…"]` tables: fields over `card` for one number (which they also target).
    pub numbers: BTreeMap<String, CardFields<Avatar>>,
}

impl Desired {
    /// The same card on every listed number (what the TUI applies to marked numbers).
    pub fn same_card(numbers: Vec<String>, card: CardFields<Avatar>) -> Self {
        Self {
            targets: Targets::List(numbers),
            card,
            numbers: BTreeMap::new(),
        }
    }

    /// The card `number` should show.
    pub fn card_for(&self, number: &str) -> CardFields<Avatar> {
        match self.numbers.get(number) {
            Some(over) => self.card.overlaid(over),
            None => self.card.clone(),
        }
    }

    /// The numbers to plan, in order: every listed number (or, for `all`, every number on the
    /// key), then those named only by a `[number."…"]` table.
    pub fn target_numbers(&self, on_key: &[String]) -> Vec<String> {
        let mut out: Vec<String> = match &self.targets {
            Targets::All => on_key.to_vec(),
            Targets::List(list) => list.clone(),
        };
        for n in self.numbers.keys() {
            if !out.contains(n) {
                out.push(n.clone());
            }
        }
        out
    }
}

/// Why an avatar in the file could not be used: it names the file, line and column too.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct AvatarLoadError(pub SpecError);

/// Reads every avatar the file names (each once) and prepares photos with the avatar pipeline.
/// Blocking: photos are decoded here.
pub fn resolve(file: &FleetFile) -> Result<Desired, AvatarLoadError> {
    let mut cache: HashMap<(PathBuf, bool), Avatar> = HashMap::new();
    let mut load = |fields: &CardFields<AvatarRef>| -> Result<CardFields<Avatar>, AvatarLoadError> {
        let avatar = match &fields.avatar {
            None => None,
            Some(r) => Some(match cache.get(&(r.path.clone(), r.exact)) {
                Some(a) => a.clone(),
                None => {
                    let a = Arc::new(load_avatar(file, r)?);
                    cache.insert((r.path.clone(), r.exact), a.clone());
                    a
                }
            }),
        };
        Ok(CardFields {
            first_name: fields.first_name.clone(),
            last_name: fields.last_name.clone(),
            avatar,
            sharing: fields.sharing,
            audience: fields.audience,
            name_format: fields.name_format,
        })
    };
    let card = load(&file.card)?;
    let mut numbers = BTreeMap::new();
    for (number, fields) in &file.numbers {
        numbers.insert(number.clone(), load(fields)?);
    }
    Ok(Desired {
        targets: file.targets.clone(),
        card,
        numbers,
    })
}

fn load_avatar(file: &FleetFile, r: &AvatarRef) -> Result<DesiredAvatar, AvatarLoadError> {
    let fail = |message: String| {
        AvatarLoadError(SpecError {
            file: crate::sanitize::clean(&file.path.display().to_string()).into_owned(),
            at: r.at,
            message: format!(
                "avatar \"{}\": {message}",
                crate::sanitize::clean(&r.written)
            ),
        })
    };
    if r.exact {
        let bytes = avatar::read_file(&r.path).map_err(|e| fail(e.to_string()))?;
        let info = avatar::inspect(&bytes).map_err(|e| fail(e.to_string()))?;
        if !matches!(info.format, "JPEG" | "PNG") {
            return Err(fail(format!(
                "an exact avatar must be a JPEG or PNG, and this is a {}",
                info.format
            )));
        }
        return Ok(DesiredAvatar::new(r.written.clone(), bytes, true));
    }
    let prepared = avatar::prepare_file(&r.path, &PrepareOptions::default())
        .map_err(|e| fail(e.to_string()))?;
    tracing::info!(report = %prepared.report, avatar = %r.written, "fleet avatar prepared");
    Ok(DesiredAvatar::new(r.written.clone(), prepared.jpeg, false))
}
