//! The card editor: what was loaded (the baseline), what the operator has typed since, and the
//! update that sends only the difference.

use crate::api::{Audience, CardUpdate, ContactCard, NameFormat, PlanKind, SharingUpdate};
use crate::sanitize::clean;
use crate::tui::msg::{ErrorInfo, PreparedPhoto};
use crate::tui::preview::Preview;
use crate::tui::state::path_input::PathInput;
use crate::tui::state::text::Field;
use crate::tui::state::{InFlight, Load};

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
}

/// The server's copy of the editable values, or `None` where it is unknown (card not readable).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Baseline {
    pub first: String,
    pub last: String,
    pub sharing: Option<bool>,
    pub audience: Option<Audience>,
    pub name_format: Option<NameFormat>,
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
    /// Set once any baseline is known (from a read, or from a successful save when reads fail).
    pub baseline: Option<Baseline>,
    pub has_wallpaper: Option<bool>,
    /// The avatar as loaded (base64), kept for "save avatar to file".
    pub avatar_base64: Option<String>,
    pub avatar: AvatarView,
    pub first: Field,
    pub last: Field,
    pub sharing: Option<bool>,
    pub audience: Option<Audience>,
    pub name_format: Option<NameFormat>,
    /// A new photo prepared from a file, previewed and waiting for Ctrl-S.
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
        let sharing = card.sharing.clone().unwrap_or_default();
        let baseline = Baseline {
            first: clean(card.first_name.as_deref().unwrap_or_default()).into_owned(),
            last: clean(card.last_name.as_deref().unwrap_or_default()).into_owned(),
            sharing: sharing.enabled,
            audience: sharing.audience(),
            name_format: sharing.name_format(),
        };
        self.has_wallpaper = card.has_wallpaper;
        self.avatar_base64 = card.avatar.clone().filter(|a| !a.trim().is_empty());
        self.load = Load::Loaded;
        self.baseline = Some(baseline);
        self.new_photo = None;
        self.revert();
    }

    /// Puts every field back to the baseline (or empty when nothing was ever read).
    pub fn revert(&mut self) {
        let base = self.baseline.clone().unwrap_or_default();
        self.first.set(&base.first);
        self.last.set(&base.last);
        self.sharing = base.sharing;
        self.audience = base.audience;
        self.name_format = base.name_format;
        self.new_photo = None;
        self.save_error = None;
    }

    fn base(&self) -> Baseline {
        self.baseline.clone().unwrap_or_default()
    }

    pub fn first_dirty(&self) -> bool {
        self.first.text() != self.base().first
    }
    pub fn last_dirty(&self) -> bool {
        self.last.text() != self.base().last
    }
    pub fn sharing_dirty(&self) -> bool {
        self.sharing != self.base().sharing
    }
    pub fn audience_dirty(&self) -> bool {
        self.audience != self.base().audience
    }
    pub fn name_format_dirty(&self) -> bool {
        self.name_format != self.base().name_format
    }
    pub fn photo_dirty(&self) -> bool {
        self.new_photo.is_some()
    }

    pub fn is_dirty(&self) -> bool {
        !self.changed_fields().is_empty()
    }

    /// The fields changed since the baseline, as (field, name), top to bottom.
    pub fn changed_fields(&self) -> Vec<(CardField, &'static str)> {
        [
            (self.first_dirty(), CardField::First, "first name"),
            (self.last_dirty(), CardField::Last, "last name"),
            (self.sharing_dirty(), CardField::Sharing, "sharing"),
            (self.audience_dirty(), CardField::Audience, "audience"),
            (
                self.name_format_dirty(),
                CardField::NameFormat,
                "name format",
            ),
            (self.photo_dirty(), CardField::SetPhoto, "photo"),
        ]
        .into_iter()
        .filter(|(dirty, _, _)| *dirty)
        .map(|(_, field, name)| (field, name))
        .collect()
    }

    /// The changed fields' names as a sentence names them: "sharing", "sharing and audience",
    /// "first name, sharing and audience".
    pub fn changed_names(&self) -> String {
        let names: Vec<&str> = self.changed_fields().into_iter().map(|(_, n)| n).collect();
        match names.split_last() {
            None => String::new(),
            Some((last, [])) => (*last).to_owned(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        }
    }

    /// Puts one field back as loaded; returns whether it had changed.
    pub fn revert_field(&mut self, field: CardField) -> bool {
        let base = self.base();
        let changed = self.changed_fields().iter().any(|(f, _)| *f == field);
        match field {
            CardField::First => self.first.set(&base.first),
            CardField::Last => self.last.set(&base.last),
            CardField::Sharing => self.sharing = base.sharing,
            CardField::Audience => self.audience = base.audience,
            CardField::NameFormat => self.name_format = base.name_format,
            CardField::SetPhoto => self.new_photo = None,
            CardField::SaveAvatar => {}
        }
        changed
    }

    /// The sharing settings that changed since the baseline, in wire values (the PUT and the
    /// draft file both say them so).
    pub fn changed_sharing(&self) -> SharingUpdate {
        SharingUpdate {
            enabled: self.sharing.filter(|_| self.sharing_dirty()),
            audience: self
                .audience
                .filter(|_| self.audience_dirty())
                .map(Audience::to_wire),
            name_format: self
                .name_format
                .filter(|_| self.name_format_dirty())
                .map(NameFormat::to_wire),
        }
    }

    /// Only what changed since the baseline.
    pub fn update(&self) -> CardUpdate {
        let sharing = self.changed_sharing();
        CardUpdate {
            first_name: self.first_dirty().then(|| self.first.text()),
            last_name: self.last_dirty().then(|| self.last.text()),
            avatar: self.new_photo.as_ref().map(|p| p.base64.clone()),
            sharing: (!sharing.is_empty()).then_some(sharing),
        }
    }

    /// After a successful PUT: what was sent becomes the baseline, whatever the re-read brings.
    pub fn commit_saved(&mut self, first: Option<&str>, last: Option<&str>) {
        let mut base = self.base();
        base.first = first.map_or_else(|| self.first.text(), |f| clean(f).into_owned());
        base.last = last.map_or_else(|| self.last.text(), |l| clean(l).into_owned());
        base.sharing = self.sharing;
        base.audience = self.audience;
        base.name_format = self.name_format;
        self.first.set(&base.first);
        self.last.set(&base.last);
        self.baseline = Some(base);
        if let Some(photo) = self.new_photo.take() {
            self.avatar_base64 = Some(photo.base64);
            self.avatar = AvatarView::Ready(photo.preview);
        }
        self.save_error = None;
    }

    /// After the apply overlay wrote `written` of `want` to this very number: those fields are
    /// saved now, the other edits stay unsaved.
    pub fn commit_applied(
        &mut self,
        want: &crate::fleet::CardFields<crate::fleet::Avatar>,
        written: &[crate::fleet::Field],
    ) {
        use crate::fleet::Field as F;
        let mut base = self.base();
        for field in written {
            match field {
                F::FirstName => base.first = want.first_name.clone().unwrap_or_default(),
                F::LastName => base.last = want.last_name.clone().unwrap_or_default(),
                F::Sharing => base.sharing = want.sharing,
                F::Audience => base.audience = want.audience,
                F::NameFormat => base.name_format = want.name_format,
                F::Avatar => {
                    let sent = want.avatar.as_ref().map(|a| a.base64.as_str());
                    if let Some(photo) = self.new_photo.take_if(|p| Some(p.base64.as_str()) == sent)
                    {
                        self.avatar_base64 = Some(photo.base64);
                        self.avatar = AvatarView::Ready(photo.preview);
                    }
                }
            }
        }
        self.baseline = Some(base);
    }

    /// What recipients see with the current name format; nobody sees it while sharing is off.
    pub fn recipients_see(&self) -> String {
        if self.sharing == Some(false) {
            return "nobody (sharing is off)".to_owned();
        }
        let name = crate::api::display_name(
            &self.first.text(),
            &self.last.text(),
            self.name_format.unwrap_or_default(),
        );
        if name.is_empty() {
            // Sharing on with no name to show under this format: they see the number, not a blank.
            "just the number".to_owned()
        } else {
            name
        }
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
