//! A number's contact card: what `GET …/contact-card` answers, the partial update a PUT
//! sends, and what the PUT and the share call answer. The domain's card is built on these in
//! `card_fields` (a read card's fields, the one PUT builder).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_with::skip_serializing_none;

/// Who sees the card without being asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Audience {
    #[default]
    ContactsOnly,
    AlwaysAsk,
}

impl Audience {
    pub const ALL: [Self; 2] = [Self::ContactsOnly, Self::AlwaysAsk];

    pub fn from_wire(v: i64) -> Option<Self> {
        match v {
            0 => Some(Self::ContactsOnly),
            1 => Some(Self::AlwaysAsk),
            _ => None,
        }
    }
    pub fn to_wire(self) -> i64 {
        match self {
            Self::ContactsOnly => 0,
            Self::AlwaysAsk => 1,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::ContactsOnly => "contacts only",
            Self::AlwaysAsk => "always ask",
        }
    }
    /// The word of the card file, `card set --audience` and drafts.
    pub fn word(self) -> &'static str {
        match self {
            Self::ContactsOnly => "contacts",
            Self::AlwaysAsk => "always-ask",
        }
    }
    pub fn from_word(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.word() == word)
    }
}

/// Which part of the name recipients see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NameFormat {
    #[default]
    FirstAndLast,
    FirstOnly,
}

impl NameFormat {
    pub const ALL: [Self; 2] = [Self::FirstAndLast, Self::FirstOnly];

    pub fn from_wire(v: i64) -> Option<Self> {
        match v {
            0 => Some(Self::FirstAndLast),
            1 => Some(Self::FirstOnly),
            _ => None,
        }
    }
    pub fn to_wire(self) -> i64 {
        match self {
            Self::FirstAndLast => 0,
            Self::FirstOnly => 1,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::FirstAndLast => "first & last",
            Self::FirstOnly => "first only",
        }
    }
    /// The word of the card file, `card set --name-format` and drafts.
    pub fn word(self) -> &'static str {
        match self {
            Self::FirstAndLast => "full",
            Self::FirstOnly => "first",
        }
    }
    pub fn from_word(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.word() == word)
    }
}

/// Both settings are written as their words wherever bloocard serialises them (drafts).
macro_rules! serde_as_word {
    ($t:ty) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.word())
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let word = String::deserialize(d)?;
                Self::from_word(&word).ok_or_else(|| {
                    serde::de::Error::custom(format!("unknown {} {word:?}", stringify!($t)))
                })
            }
        }
    };
}
serde_as_word!(Audience);
serde_as_word!(NameFormat);

/// `sharing` as the server reports it. Integers stay integers so an unknown value is kept, not lost.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Sharing {
    pub enabled: Option<bool>,
    pub audience: Option<i64>,
    pub name_format: Option<i64>,
}

impl Sharing {
    pub fn audience(&self) -> Option<Audience> {
        self.audience.and_then(Audience::from_wire)
    }
    pub fn name_format(&self) -> Option<NameFormat> {
        self.name_format.and_then(NameFormat::from_wire)
    }
}

/// The contact card of one number (`GET /me/numbers/{number}/contact-card`).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ContactCard {
    pub phone_number: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub name: Option<String>,
    /// Base64 JPEG/PNG, possibly with a `data:` prefix.
    pub avatar: Option<String>,
    pub has_wallpaper: Option<bool>,
    pub sharing: Option<Sharing>,
}

/// What recipients see as the name, given first/last and the name format.
pub fn display_name(first: &str, last: &str, format: NameFormat) -> String {
    match format {
        NameFormat::FirstOnly => first.trim().to_owned(),
        NameFormat::FirstAndLast => format!("{} {}", first.trim(), last.trim())
            .trim()
            .to_owned(),
    }
}

/// `sharing` in a PUT: only the given fields are sent.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SharingUpdate {
    pub enabled: Option<bool>,
    pub audience: Option<i64>,
    pub name_format: Option<i64>,
}

impl SharingUpdate {
    pub fn is_empty(&self) -> bool {
        self.enabled.is_none() && self.audience.is_none() && self.name_format.is_none()
    }
}

/// Body of `PUT /me/numbers/{number}/contact-card`: a partial update that never sends `null`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CardUpdate {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    /// Plain base64, no `data:` prefix.
    pub avatar: Option<String>,
    pub sharing: Option<SharingUpdate>,
}

impl CardUpdate {
    pub fn is_empty(&self) -> bool {
        self.first_name.is_none()
            && self.last_name.is_none()
            && self.avatar.is_none()
            && self.sharing.as_ref().is_none_or(SharingUpdate::is_empty)
    }

    /// Whether this update needs a dedicated plan (names and photo do; sharing does not).
    pub fn touches_name_or_photo(&self) -> bool {
        self.first_name.is_some() || self.last_name.is_some() || self.avatar.is_some()
    }
}

/// The PUT answers with names only — not the avatar or sharing, so callers re-read the card.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CardUpdateResponse {
    pub success: Option<bool>,
    pub phone_number: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
}

/// `POST /chats/{chatId}/contact-card`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ShareResponse {
    pub success: Option<bool>,
    pub chat_id: Option<String>,
    pub message: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_with_unknown_and_missing_fields_parses() {
        let card: ContactCard =
            serde_json::from_str(r#"{"first_name":"A","future":1,"sharing":{"audience":1}}"#)
                .unwrap();
        assert_eq!(card.first_name.as_deref(), Some("A"));
        assert_eq!(card.sharing.unwrap().audience(), Some(Audience::AlwaysAsk));
    }

    #[test]
    fn update_sends_only_given_fields() {
        let u = CardUpdate {
            first_name: Some("John".into()),
            sharing: Some(SharingUpdate {
                audience: Some(1),
                ..Default::default()
            }),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&u).unwrap(),
            r#"{"first_name":"John","sharing":{"audience":1}}"#
        );
    }

    #[test]
    fn words_round_trip_and_are_the_serialised_form() {
        for a in Audience::ALL {
            assert_eq!(Audience::from_word(a.word()), Some(a));
        }
        for f in NameFormat::ALL {
            assert_eq!(NameFormat::from_word(f.word()), Some(f));
        }
        assert_eq!(
            serde_json::to_string(&Audience::AlwaysAsk).unwrap(),
            r#""always-ask""#
        );
        assert!(serde_json::from_str::<NameFormat>(r#""fullest""#).is_err());
    }

    #[test]
    fn display_name_follows_format() {
        assert_eq!(
            display_name("John", "Doe", NameFormat::FirstAndLast),
            "John Doe"
        );
        assert_eq!(display_name("John", "Doe", NameFormat::FirstOnly), "John");
        assert_eq!(display_name("", "Doe", NameFormat::FirstAndLast), "Doe");
    }
}
