//! The path field under the card: typing, Tab completion (answered by the worker), and what
//! Enter does with the path: prepare a photo from it, or write the avatar there (asking before
//! an existing file is replaced).

use std::path::PathBuf;

use crossterm::event::KeyEvent;

use crate::paths::expand_tilde;
use crate::tui::app::{App, Confirm, Modal};
use crate::tui::keymap::Action;
use crate::tui::msg::{Cmd, PreparedPhoto, ReqId, WorkerCmd};
use crate::tui::state::path_input::{PathPurpose, common_prefix};

impl App {
    pub(crate) fn path_action(&mut self, action: Action) -> Vec<Cmd> {
        let Some(input) = self.card.path_input.as_mut() else {
            return Vec::new();
        };
        match action {
            Action::CloseOverlay => self.card.path_input = None,
            Action::Complete if !input.candidates.is_empty() => {
                // Tab again walks the listed candidates, the list scrolling along.
                let next = input.chosen.map_or(0, |i| (i + 1) % input.candidates.len());
                input.chosen = Some(next);
                let text = input.candidates[next].clone();
                input.field.set(&text);
            }
            Action::Complete => {
                let typed = input.field.text();
                let id = input.completing.start(&mut self.ids);
                return vec![Cmd::Worker(WorkerCmd::CompletePath { id, typed })];
            }
            Action::Activate => {
                let raw = input.field.text();
                let raw = raw.trim();
                if raw.is_empty() {
                    input.error = Some("type a file path".into());
                    return Vec::new();
                }
                let path = expand_tilde(raw, self.config.home.clone());
                let purpose = input.purpose;
                self.card.path_input = None;
                return match purpose {
                    PathPurpose::SetPhoto => {
                        let id = self.card.preparing.start(&mut self.ids);
                        let cells = crate::tui::layout::avatar_cells_for(self.size);
                        vec![Cmd::Worker(WorkerCmd::PreparePhoto { id, path, cells })]
                    }
                    PathPurpose::SaveAvatar => self.write_avatar(path, false),
                };
            }
            _ => {}
        }
        Vec::new()
    }

    /// The avatar shown (a new photo first) written to `path`.
    pub(crate) fn write_avatar(&mut self, path: PathBuf, overwrite: bool) -> Vec<Cmd> {
        let base64 = self.card.edits.avatar.as_deref().map(str::to_owned);
        base64
            .map(|base64| {
                vec![Cmd::Worker(WorkerCmd::WriteAvatar {
                    base64,
                    path,
                    overwrite,
                })]
            })
            .unwrap_or_default()
    }

    /// A key typed into the path field.
    pub(crate) fn path_type(&mut self, key: KeyEvent) {
        if let Some(input) = self.card.path_input.as_mut() {
            input.field.input(key);
            input.error = None;
            input.candidates.clear();
            input.chosen = None;
        }
    }

    /// One match completes the field; several complete their common prefix and are listed.
    pub(crate) fn on_completions(
        &mut self,
        id: ReqId,
        typed: &str,
        result: Result<Vec<String>, String>,
    ) -> Vec<Cmd> {
        let Some(input) = self.card.path_input.as_mut() else {
            return Vec::new();
        };
        if !input.completing.settle(id) || input.field.text() != typed {
            // Stale, or typed on meanwhile: the answer is for a path no longer there.
            return Vec::new();
        }
        match result {
            Err(e) => input.error = Some(e),
            Ok(matches) if matches.is_empty() => {
                input.error = Some("no file or folder starts with that".into());
                input.candidates.clear();
            }
            Ok(matches) => {
                let common = common_prefix(&matches);
                if common.len() > typed.len() {
                    input.field.set(&common);
                }
                input.chosen = None;
                input.candidates = if matches.len() > 1 {
                    matches
                } else {
                    Vec::new()
                };
                input.error = None;
            }
        }
        Vec::new()
    }

    pub(crate) fn on_photo_prepared(
        &mut self,
        id: ReqId,
        result: Result<PreparedPhoto, String>,
    ) -> Vec<Cmd> {
        if self.card.preparing.settle(id) {
            match result {
                Ok(photo) => {
                    let save = crate::tui::keymap::label(
                        crate::tui::keymap::Context::SaveCard,
                        Action::SaveCard,
                    );
                    self.toast(
                        format!("New photo ready ({}); {save} sends it", photo.report),
                        false,
                    );
                    self.card.set_new_photo(photo);
                }
                Err(e) => self.toast(e, true),
            }
        }
        Vec::new()
    }

    pub(crate) fn on_avatar_written(&mut self, result: Result<PathBuf, String>) -> Vec<Cmd> {
        match result {
            Ok(path) => self.toast(format!("Avatar saved to {}", path.display()), false),
            Err(e) => self.toast(e, true),
        }
        Vec::new()
    }

    pub(crate) fn on_avatar_file_exists(&mut self, path: PathBuf) -> Vec<Cmd> {
        if matches!(self.modal, None | Some(Modal::Picker(_) | Modal::Apply(_))) {
            self.ask(Modal::Confirm(Confirm::Overwrite(path)));
        } else {
            // Something else has the keyboard: the file stays, and the operator is told.
            self.toast(
                format!(
                    "{} exists: the avatar was not saved",
                    crate::sanitize::clean(&path.display().to_string())
                ),
                true,
            );
        }
        Vec::new()
    }
}
