//! The card editor: the card as loaded (the baseline) and the card as the operator has it (the
//! edits), both the domain's [`CardFields`]; one diff between them gives the unsaved fields, the
//! `*` marks, the PUT and the draft.

use crate::api::{self, CardFields, CardUpdate, ContactCard, PlanKind};
use crate::sanitize::clean;
use crate::tui::msg::{ErrorInfo, PreparedPhoto};
use crate::tui::preview::Preview;
use crate::tui::state::path_input::PathInput;
use crate::tui::state::text::Field as TextField;
use crate::tui::state::{InFlight, Load};

/// An avatar as the editor holds it: its base64, shared, so the edited card is cheap to build.
pub type Photo = std::sync::Arc<str>;

/// Focusable rows of the editor, top to bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CardField {
    #[default]
    First,
    Last,
    Sharing,
    Audience,
    NameFormat,
    SetPhoto,
    SaveAvatar,
}

impl CardField {
    pub const ALL: [CardField; 7] = [
        Self::First,
        Self::Last,
        Self::Sharing,
        Self::Audience,
        Self::NameFormat,
        Self::SetPhoto,
        Self::SaveAvatar,
    ];

    pub fn is_text(self) -> bool {
        matches!(self, Self::First | Self::Last)
    }

    /// The card field this row edits (the save-avatar button edits none).
    pub fn field(self) -> Option<api::Field> {
        Some(match self {
            Self::First => api::Field::FirstName,
            Self::Last => api::Field::LastName,
            Self::Sharing => api::Field::Sharing,
            Self::Audience => api::Field::Audience,
            Self::NameFormat => api::Field::NameFormat,
            Self::SetPhoto => api::Field::Avatar,
            Self::SaveAvatar => return None,
        })
    }

    /// Whether the row can be acted on for a number on `plan` (unknown plan: let the server
    /// decide). Names and photo need a Dedicated plan.
    pub fn editable_on(self, plan: Option<&PlanKind>) -> bool {
        self.field().is_none_or(|f| !f.needs_dedicated_plan())
            || plan.is_none_or(PlanKind::can_set_name_and_photo)
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub enum AvatarView {
    #[default]
    None,
    /// The worker is decoding it (`CardState::decoding` holds the request).
    Decoding,
    Ready(Preview),
    Failed(String),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct CardState {
    pub number: Option<String>,
    pub plan: Option<PlanKind>,
    pub load: Load,
    /// The read of the card in flight.
    pub reading: InFlight,
    /// The avatar decode in flight.
    pub decoding: InFlight,
    /// A new preview of the prepared photo in flight (after the preview box changed size).
    pub photo_decoding: InFlight,
    /// The preview box (columns, rows) the avatar was last asked to be drawn for.
    pub avatar_cells: (u16, u16),
    /// The card as the server has it: names cleaned, the avatar as its base64. Set once known
    /// (from a read, or from a successful save when reads fail).
    pub baseline: Option<CardFields<Photo>>,
    /// The card as the operator has it: the baseline with every unsaved edit, the avatar being
    /// the one shown (a new photo's once one is set). Its names are typed into `first` and
    /// `last`, which keep a cursor and a scroll: [`CardState::edited`] puts them in, so a name
    /// is never held twice (`first_name` and `last_name` here stay `None`).
    pub edits: CardFields<Photo>,
    pub has_wallpaper: Option<bool>,
    pub avatar: AvatarView,
    pub first: TextField,
    pub last: TextField,
    /// The new photo in `edits`, with its preview and the file it was prepared from.
    pub new_photo: Option<PreparedPhoto>,
    pub preparing: InFlight,
    pub path_input: Option<PathInput>,
    pub saving: InFlight,
    pub save_error: Option<ErrorInfo>,
    pub field: CardField,
    /// The focused name field is being edited: keys type into it.
    pub editing: bool,
}

impl CardState {
    /// A card about to be read; the caller starts `reading`.
    pub fn for_number(number: &str, plan: Option<PlanKind>) -> Self {
        Self {
            number: Some(number.to_owned()),
            plan,
            load: Load::Loading,
            ..Self::default()
        }
    }

    /// Names and photo can be set on this number's plan (unknown plan: let the server decide).
    pub fn can_edit_identity(&self) -> bool {
        self.plan
            .as_ref()
            .is_none_or(PlanKind::can_set_name_and_photo)
    }

    pub fn gate_reason(&self) -> Option<String> {
        match &self.plan {
            Some(plan) if !plan.can_set_name_and_photo() => Some(format!(
                "Name and photo can only be set on a Dedicated plan; this number is on the {} plan.",
                clean(plan.label())
            )),
            _ => None,
        }
    }

    /// Whether any field can be edited at all (a number is chosen and not still loading).
    pub fn editable(&self) -> bool {
        self.number.is_some() && !self.load.is_loading()
    }

    /// Takes a freshly read card as the new baseline and resets every field to it.
    pub fn apply_loaded(&mut self, card: &ContactCard) {
        let mut baseline = card.fields().map_avatar(|b64| Some(Photo::from(b64)));
        for name in [&mut baseline.first_name, &mut baseline.last_name] {
            *name = Some(clean(name.as_deref().unwrap_or_default()).into_owned());
        }
        self.has_wallpaper = card.has_wallpaper;
        self.load = Load::Loaded;
        self.baseline = Some(baseline);
        self.revert();
    }

    /// Puts every field back to the baseline (or empty when nothing was ever read).
    pub fn revert(&mut self) {
        let base = self.base();
        self.first
            .set(base.first_name.as_deref().unwrap_or_default());
        self.last.set(base.last_name.as_deref().unwrap_or_default());
        self.edits = CardFields {
            first_name: None,
            last_name: None,
            ..base
        };
        self.new_photo = None;
        self.save_error = None;
    }

    fn base(&self) -> CardFields<Photo> {
        self.baseline.clone().unwrap_or_default()
    }

    /// The card as the operator has it, names included.
    pub fn edited(&self) -> CardFields<Photo> {
        CardFields {
            first_name: Some(self.first.text()),
            last_name: Some(self.last.text()),
            ..self.edits.clone()
        }
    }

    /// The one diff: the fields changed since the baseline, top to bottom as the editor shows
    /// them (the equality rule: a name that differs only in spaces around it is no change).
    pub fn changed_fields(&self) -> Vec<api::Field> {
        let changed = self.edited().changed_from(&self.base());
        CardField::ALL
            .into_iter()
            .filter_map(CardField::field)
            .filter(|f| changed.contains(f))
            .collect()
    }

    fn dirty(&self, field: api::Field) -> bool {
        self.changed_fields().contains(&field)
    }
    pub fn first_dirty(&self) -> bool {
        self.dirty(api::Field::FirstName)
    }
    pub fn last_dirty(&self) -> bool {
        self.dirty(api::Field::LastName)
    }
    pub fn sharing_dirty(&self) -> bool {
        self.dirty(api::Field::Sharing)
    }
    pub fn audience_dirty(&self) -> bool {
        self.dirty(api::Field::Audience)
    }
    pub fn name_format_dirty(&self) -> bool {
        self.dirty(api::Field::NameFormat)
    }
    pub fn photo_dirty(&self) -> bool {
        self.dirty(api::Field::Avatar)
    }

    pub fn is_dirty(&self) -> bool {
        !self.changed_fields().is_empty()
    }

    /// The changed fields' names as a sentence names them: "sharing", "sharing and audience",
    /// "first name, sharing and audience".
    pub fn changed_names(&self) -> String {
        let names: Vec<&str> = self
            .changed_fields()
            .into_iter()
            .map(api::Field::label)
            .collect();
        match names.split_last() {
            None => String::new(),
            Some((last, [])) => (*last).to_owned(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        }
    }

    /// Puts one field back as loaded; returns whether it had changed.
    pub fn revert_field(&mut self, field: api::Field) -> bool {
        let changed = self.dirty(field);
        let base = self.base();
        let edits = &mut self.edits;
        match field {
            api::Field::FirstName => self
                .first
                .set(base.first_name.as_deref().unwrap_or_default()),
            api::Field::LastName => self.last.set(base.last_name.as_deref().unwrap_or_default()),
            api::Field::Sharing => edits.sharing = base.sharing,
            api::Field::Audience => edits.audience = base.audience,
            api::Field::NameFormat => edits.name_format = base.name_format,
            api::Field::Avatar => {
                edits.avatar = base.avatar;
                self.new_photo = None;
            }
        }
        changed
    }

    /// A photo prepared from a file becomes the card's avatar, unsaved.
    pub fn set_new_photo(&mut self, photo: PreparedPhoto) {
        self.edits.avatar = Some(Photo::from(photo.base64.as_str()));
        self.new_photo = Some(photo);
    }

    /// The PUT of what changed since the baseline.
    pub fn update(&self) -> CardUpdate {
        CardUpdate::setting(&self.edited(), &self.changed_fields())
    }

    /// After a successful PUT: what was sent becomes the baseline, whatever the re-read brings
    /// (the names as the server answered them, when it did).
    pub fn commit_saved(&mut self, first: Option<&str>, last: Option<&str>) {
        let mut base = self.edited();
        if let Some(first) = first {
            base.first_name = Some(clean(first).into_owned());
        }
        if let Some(last) = last {
            base.last_name = Some(clean(last).into_owned());
        }
        self.first
            .set(base.first_name.as_deref().unwrap_or_default());
        self.last.set(base.last_name.as_deref().unwrap_or_default());
        self.baseline = Some(base);
        if let Some(photo) = self.new_photo.take() {
            self.avatar = AvatarView::Ready(photo.preview);
        }
        self.save_error = None;
    }

    /// After the apply overlay wrote `written` of `want` to this very number: those fields are
    /// saved now, the other edits stay unsaved.
    pub fn commit_applied(
        &mut self,
        want: &CardFields<crate::fleet::Avatar>,
        written: &[api::Field],
    ) {
        use api::Field as F;
        let mut base = self.base();
        for field in written {
            match field {
                F::FirstName => base.first_name = want.first_name.clone(),
                F::LastName => base.last_name = want.last_name.clone(),
                F::Sharing => base.sharing = want.sharing,
                F::Audience => base.audience = want.audience,
                F::NameFormat => base.name_format = want.name_format,
                F::Avatar => {
                    let sent = want.avatar.as_ref().map(|a| a.base64.as_str());
                    if let Some(photo) = self.new_photo.take_if(|p| Some(p.base64.as_str()) == sent)
                    {
                        base.avatar = self.edits.avatar.clone();
                        self.avatar = AvatarView::Ready(photo.preview);
                    }
                }
            }
        }
        self.baseline = Some(base);
    }

    /// What recipients see with the current name format; nobody sees it while sharing is off.
    /// Unknown while what decides it is: no name on a card never read, or sharing not known.
    pub fn recipients_see(&self) -> String {
        if self.edits.sharing == Some(false) {
            return "nobody (sharing is off)".to_owned();
        }
        let name = crate::api::display_name(
            &self.first.text(),
            &self.last.text(),
            self.edits.name_format.unwrap_or_default(),
        );
        match (name.is_empty(), self.edits.sharing, self.baseline.is_none()) {
            (true, _, true) => "unknown (card not read)".to_owned(),
            (true, None, false) => "unknown (sharing not known)".to_owned(),
            // Sharing on with no name to show under this format: they see the number, not a blank.
            (true, Some(_), false) => "just the number".to_owned(),
            (false, None, _) => format!("{name}, if sharing is on"),
            (false, Some(_), _) => name,
        }
    }

    /// The row this card starts on: the first one its plan lets the operator edit.
    pub fn first_field(&self) -> CardField {
        CardField::ALL
            .into_iter()
            .find(|f| f.editable_on(self.plan.as_ref()))
            .unwrap_or_default()
    }

    pub fn move_field(&mut self, delta: isize) {
        let i = CardField::ALL
            .iter()
            .position(|f| *f == self.field)
            .unwrap_or(0) as isize;
        let next = (i + delta).clamp(0, CardField::ALL.len() as isize - 1) as usize;
        self.field = CardField::ALL[next];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fleet::PlanStatus;
    use crate::fleet::compare::{CardRead, plan_number};

    fn read(first: &str) -> ContactCard {
        ContactCard {
            first_name: Some(first.into()),
            last_name: Some("Doe".into()),
            sharing: Some(api::Sharing {
                enabled: Some(true),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn a_trailing_space_typed_is_no_change_in_the_editor_nor_in_an_apply() {
        let mut card = CardState::for_number("+15551230001", Some(PlanKind::Dedicated));
        card.apply_loaded(&read("John"));
        card.first.set("John ");
        assert!(!card.first_dirty(), "no * for a stray space");
        assert!(!card.is_dirty());
        assert!(card.update().is_empty(), "Ctrl-S has nothing to send");
        // The card the apply overlay sends out, against a card that shows the trimmed name.
        let (want, _) = crate::tui::state::apply::desired_card(&card).unwrap();
        assert_eq!(want.first_name.as_deref(), Some("John "), "as typed");
        let shown = CardRead::Card(Box::new(read("John")));
        let plan = plan_number("+15551230002", None, want.into(), &shown, None);
        assert_eq!(plan.status, PlanStatus::InSync, "{:?}", plan.changes);
        // A real change still is one, and only it goes out.
        card.first.set("Johnny ");
        assert_eq!(card.changed_fields(), vec![api::Field::FirstName]);
        assert_eq!(card.update().first_name.as_deref(), Some("Johnny "));
    }
}
