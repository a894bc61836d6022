//! A card's fields: the one shape every part of bloocard gives a card (what a number shows, what
//! the editor holds, what a card file or the TUI wants on many numbers, what a draft keeps, what
//! `card set` sends), the [`Field`] names, the one equality rule, the one diff, a read card's
//! fields and the one builder of the PUT body.

use serde::{Deserialize, Serialize};

use super::card::{Audience, CardUpdate, ContactCard, NameFormat, SharingUpdate};

/// One field of a card, named as in the card file and in `--json` (`field`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    FirstName,
    LastName,
    Avatar,
    Sharing,
    Audience,
    NameFormat,
}

impl Field {
    pub const ALL: [Field; 6] = [
        Field::FirstName,
        Field::LastName,
        Field::Avatar,
        Field::Sharing,
        Field::Audience,
        Field::NameFormat,
    ];

    /// The key of the card file and of `--json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::FirstName => "first_name",
            Field::LastName => "last_name",
            Field::Avatar => "avatar",
            Field::Sharing => "sharing",
            Field::Audience => "audience",
            Field::NameFormat => "name_format",
        }
    }

    /// The field as a sentence names it ("Reverted the first name").
    pub fn label(self) -> &'static str {
        match self {
            Field::FirstName => "first name",
            Field::LastName => "last name",
            Field::Avatar => "photo",
            Field::Sharing => "sharing",
            Field::Audience => "audience",
            Field::NameFormat => "name format",
        }
    }

    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.as_str() == key)
    }

    /// Names and photo need a Dedicated plan; the sharing settings do not.
    pub fn needs_dedicated_plan(self) -> bool {
        matches!(self, Field::FirstName | Field::LastName | Field::Avatar)
    }
}

/// A card's fields. `None` is a field the holder does not know, manage or change, as the holder
/// says. `A` is how the avatar is held: base64 as the server sent it, a path in a card file, the
/// prepared bytes, the file a draft prepares again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardFields<A> {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<A>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sharing: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<Audience>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_format: Option<NameFormat>,
}

impl<A> Default for CardFields<A> {
    fn default() -> Self {
        Self {
            first_name: None,
            last_name: None,
            avatar: None,
            sharing: None,
            audience: None,
            name_format: None,
        }
    }
}

/// The names rule: the API trims names, so two names that differ only in the spaces around them
/// are the same name, and a missing name is an empty one. A stray space is never a change.
pub fn same_name(a: Option<&str>, b: Option<&str>) -> bool {
    a.unwrap_or_default().trim() == b.unwrap_or_default().trim()
}

impl<A> CardFields<A> {
    /// Whether `field` is set.
    pub fn has(&self, field: Field) -> bool {
        match field {
            Field::FirstName => self.first_name.is_some(),
            Field::LastName => self.last_name.is_some(),
            Field::Avatar => self.avatar.is_some(),
            Field::Sharing => self.sharing.is_some(),
            Field::Audience => self.audience.is_some(),
            Field::NameFormat => self.name_format.is_some(),
        }
    }

    /// Whether no field is set.
    pub fn is_empty(&self) -> bool {
        !Field::ALL.into_iter().any(|f| self.has(f))
    }

    /// The fields this card sets (manages), in [`Field::ALL`] order.
    pub fn managed(&self) -> Vec<Field> {
        Field::ALL.into_iter().filter(|f| self.has(*f)).collect()
    }

    /// The one equality rule, for `field` of `self` and `other`: names by [`same_name`], the
    /// sharing settings as they are, and the avatar by `same_avatar` (each holder knows what
    /// its avatars are; both missing is the same, one missing is not).
    pub fn same_as<B>(
        &self,
        other: &CardFields<B>,
        field: Field,
        same_avatar: impl FnOnce(&A, &B) -> bool,
    ) -> bool {
        match field {
            Field::FirstName => same_name(self.first_name.as_deref(), other.first_name.as_deref()),
            Field::LastName => same_name(self.last_name.as_deref(), other.last_name.as_deref()),
            Field::Avatar => match (&self.avatar, &other.avatar) {
                (None, None) => true,
                (Some(a), Some(b)) => same_avatar(a, b),
                _ => false,
            },
            Field::Sharing => self.sharing == other.sharing,
            Field::Audience => self.audience == other.audience,
            Field::NameFormat => self.name_format == other.name_format,
        }
    }

    /// The same card with only `fields` kept.
    pub fn only(self, fields: &[Field]) -> Self {
        let keep = |f: Field| fields.contains(&f);
        CardFields {
            first_name: self.first_name.filter(|_| keep(Field::FirstName)),
            last_name: self.last_name.filter(|_| keep(Field::LastName)),
            avatar: self.avatar.filter(|_| keep(Field::Avatar)),
            sharing: self.sharing.filter(|_| keep(Field::Sharing)),
            audience: self.audience.filter(|_| keep(Field::Audience)),
            name_format: self.name_format.filter(|_| keep(Field::NameFormat)),
        }
    }

    /// The same card with its avatar held another way.
    pub fn map_avatar<B>(self, f: impl FnOnce(A) -> Option<B>) -> CardFields<B> {
        CardFields {
            first_name: self.first_name,
            last_name: self.last_name,
            avatar: self.avatar.and_then(f),
            sharing: self.sharing,
            audience: self.audience,
            name_format: self.name_format,
        }
    }
}

impl<A: PartialEq> CardFields<A> {
    /// The one diff: the fields where `self` differs from `base` by the equality rule (avatars
    /// compared with `==`), in [`Field::ALL`] order.
    pub fn changed_from(&self, base: &CardFields<A>) -> Vec<Field> {
        Field::ALL
            .into_iter()
            .filter(|f| !self.same_as(base, *f, |a, b| a == b))
            .collect()
    }
}

impl<A: Clone> CardFields<A> {
    /// `self` with every field `over` sets put on top (a `[number."…"]` table over `[card]`).
    pub fn overlaid(&self, over: &CardFields<A>) -> CardFields<A> {
        CardFields {
            first_name: over.first_name.clone().or_else(|| self.first_name.clone()),
            last_name: over.last_name.clone().or_else(|| self.last_name.clone()),
            avatar: over.avatar.clone().or_else(|| self.avatar.clone()),
            sharing: over.sharing.or(self.sharing),
            audience: over.audience.or(self.audience),
            name_format: over.name_format.or(self.name_format),
        }
    }
}

/// An avatar a PUT can send: its plain base64 (no `data:` prefix).
pub trait AvatarBase64 {
    fn base64(&self) -> &str;
}

impl AvatarBase64 for String {
    fn base64(&self) -> &str {
        self
    }
}

impl AvatarBase64 for str {
    fn base64(&self) -> &str {
        self
    }
}

impl<T: AvatarBase64 + ?Sized> AvatarBase64 for std::sync::Arc<T> {
    fn base64(&self) -> &str {
        T::base64(self)
    }
}

impl ContactCard {
    /// What the card shows, as the domain holds a card: names as sent, the avatar as its base64
    /// (an empty one is none), the sharing settings this build has words for.
    pub fn fields(&self) -> CardFields<String> {
        let sharing = self.sharing.clone().unwrap_or_default();
        CardFields {
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            avatar: self.avatar.clone().filter(|a| !a.trim().is_empty()),
            sharing: sharing.enabled,
            audience: sharing.audience(),
            name_format: sharing.name_format(),
        }
    }
}

impl CardUpdate {
    /// The PUT body that sets `fields` of `card` and nothing else: the one place a body is built
    /// (`card set`, Ctrl-S, apply to marked numbers, fleet apply).
    pub fn setting<A: AvatarBase64>(card: &CardFields<A>, fields: &[Field]) -> CardUpdate {
        let has = |f: Field| fields.contains(&f);
        let sharing = SharingUpdate {
            enabled: card.sharing.filter(|_| has(Field::Sharing)),
            audience: card
                .audience
                .filter(|_| has(Field::Audience))
                .map(Audience::to_wire),
            name_format: card
                .name_format
                .filter(|_| has(Field::NameFormat))
                .map(NameFormat::to_wire),
        };
        CardUpdate {
            first_name: card.first_name.clone().filter(|_| has(Field::FirstName)),
            last_name: card.last_name.clone().filter(|_| has(Field::LastName)),
            avatar: card
                .avatar
                .as_ref()
                .filter(|_| has(Field::Avatar))
                .map(|a| a.base64().to_owned()),
            sharing: (!sharing.is_empty()).then_some(sharing),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_update_sets_only_the_fields_asked_for() {
        let card = CardFields::<String> {
            first_name: Some("John".into()),
            last_name: Some("Doe".into()),
            avatar: Some("QUJD".into()),
            sharing: Some(false),
            audience: Some(Audience::AlwaysAsk),
            name_format: Some(NameFormat::FirstOnly),
        };
        let body = CardUpdate::setting(&card, &[Field::LastName, Field::Audience]);
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"last_name":"Doe","sharing":{"audience":1}}"#
        );
        let all = CardUpdate::setting(&card, &Field::ALL);
        assert_eq!(all.avatar.as_deref(), Some("QUJD"));
        assert!(CardUpdate::setting(&card, &[]).is_empty());
    }

    #[test]
    fn names_compare_trimmed_and_missing_is_empty() {
        let typed = CardFields::<String> {
            first_name: Some("John ".into()),
            last_name: Some(String::new()),
            ..Default::default()
        };
        let read = CardFields::<String> {
            first_name: Some(" John".into()),
            ..Default::default()
        };
        assert!(typed.changed_from(&read).is_empty());
        let other = CardFields::<String> {
            first_name: Some("Jon".into()),
            ..Default::default()
        };
        assert_eq!(typed.changed_from(&other), vec![Field::FirstName]);
    }

    #[test]
    fn the_diff_covers_every_field_and_only_keeps_them() {
        let base = CardFields::<String> {
            first_name: Some("A".into()),
            avatar: Some("AAAA".into()),
            sharing: Some(true),
            ..Default::default()
        };
        let edited = CardFields {
            avatar: Some("QUJD".into()),
            sharing: Some(false),
            audience: Some(Audience::AlwaysAsk),
            ..base.clone()
        };
        let changed = edited.changed_from(&base);
        assert_eq!(
            changed,
            vec![Field::Avatar, Field::Sharing, Field::Audience]
        );
        let kept = edited.only(&changed);
        assert_eq!(kept.managed(), changed);
        assert_eq!(kept.first_name, None);
    }

    #[test]
    fn a_number_table_overrides_the_card() {
        let card: CardFields<u8> = CardFields {
            first_name: Some("Acme".into()),
            sharing: Some(true),
            ..Default::default()
        };
        let over = CardFields {
            first_name: Some("Maya".into()),
            avatar: Some(1),
            ..Default::default()
        };
        let merged = card.overlaid(&over);
        assert_eq!(merged.first_name.as_deref(), Some("Maya"));
        assert_eq!(merged.sharing, Some(true));
        assert_eq!(merged.avatar, Some(1));
        assert_eq!(
            merged.managed(),
            vec![Field::FirstName, Field::Avatar, Field::Sharing]
        );
    }

    #[test]
    fn field_keys_round_trip() {
        for f in Field::ALL {
            assert_eq!(Field::from_key(f.as_str()), Some(f));
        }
    }
}
