//! The card fields a fleet file manages, and the words it spells their values with.

use crate::api::{Audience, NameFormat};

/// One managed field, named as in the card file and in `--json` (`field`).
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

    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.as_str() == key)
    }

    /// Names and photo need a Dedicated plan; the sharing settings do not.
    pub fn needs_dedicated_plan(self) -> bool {
        matches!(self, Field::FirstName | Field::LastName | Field::Avatar)
    }
}

/// The words of the card file for `audience`.
pub fn audience_word(a: Audience) -> &'static str {
    match a {
        Audience::ContactsOnly => "contacts",
        Audience::AlwaysAsk => "always-ask",
    }
}

pub fn parse_audience(word: &str) -> Option<Audience> {
    match word {
        "contacts" => Some(Audience::ContactsOnly),
        "always-ask" => Some(Audience::AlwaysAsk),
        _ => None,
    }
}

/// The words of the card file for `name_format`.
pub fn name_format_word(f: NameFormat) -> &'static str {
    match f {
        NameFormat::FirstAndLast => "full",
        NameFormat::FirstOnly => "first",
    }
}

pub fn parse_name_format(word: &str) -> Option<NameFormat> {
    match word {
        "full" => Some(NameFormat::FirstAndLast),
        "first" => Some(NameFormat::FirstOnly),
        _ => None,
    }
}

pub use crate::validate::is_e164;

/// What one number's card should show. `None` leaves a field unmanaged. `A` is how the avatar
/// is known: a path in the file as written, the prepared bytes once resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardFields<A> {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub avatar: Option<A>,
    pub sharing: Option<bool>,
    pub audience: Option<Audience>,
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

impl<A> CardFields<A> {
    /// The fields this card manages, in the order they are shown.
    pub fn managed(&self) -> Vec<Field> {
        Field::ALL
            .into_iter()
            .filter(|f| match f {
                Field::FirstName => self.first_name.is_some(),
                Field::LastName => self.last_name.is_some(),
                Field::Avatar => self.avatar.is_some(),
                Field::Sharing => self.sharing.is_some(),
                Field::Audience => self.audience.is_some(),
                Field::NameFormat => self.name_format.is_some(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip() {
        for a in [Audience::ContactsOnly, Audience::AlwaysAsk] {
            assert_eq!(parse_audience(audience_word(a)), Some(a));
        }
        for f in [NameFormat::FirstAndLast, NameFormat::FirstOnly] {
            assert_eq!(parse_name_format(name_format_word(f)), Some(f));
        }
        for f in Field::ALL {
            assert_eq!(Field::from_key(f.as_str()), Some(f));
        }
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
}
