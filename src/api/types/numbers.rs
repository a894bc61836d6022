//! The account's numbers (`GET /me/numbers`) and the plan each runs on.

use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

/// One number bound to the API key (`GET /me/numbers`).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PhoneNumber {
    pub phone_number: Option<String>,
    pub is_active: Option<bool>,
    pub last_active: Option<String>,
    pub plan_kind: Option<String>,
}

impl PhoneNumber {
    pub fn plan(&self) -> PlanKind {
        PlanKind::from_wire(self.plan_kind.as_deref())
    }

    pub fn number(&self) -> &str {
        self.phone_number.as_deref().unwrap_or_default()
    }
}

/// The plan a number runs on. Names and photo can only be set on dedicated plans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanKind {
    Dedicated,
    Shared,
    Inbound,
    Trial,
    TwoFactor,
    /// A value newer than this build knows.
    Other(String),
}

impl PlanKind {
    /// `null` (or absent) means an allocation older than the field, which the spec says to treat as dedicated.
    pub fn from_wire(value: Option<&str>) -> Self {
        match value {
            None | Some("dedicated") => Self::Dedicated,
            Some("shared") => Self::Shared,
            Some("inbound") => Self::Inbound,
            Some("trial") => Self::Trial,
            Some("2fa") => Self::TwoFactor,
            Some(other) => Self::Other(other.to_owned()),
        }
    }

    pub fn label(&self) -> &str {
        match self {
            Self::Dedicated => "dedicated",
            Self::Shared => "shared",
            Self::Inbound => "inbound",
            Self::Trial => "trial",
            Self::TwoFactor => "2fa",
            Self::Other(s) => s,
        }
    }

    /// Whether first name, last name and avatar may be set on this plan.
    pub fn can_set_name_and_photo(&self) -> bool {
        matches!(self, Self::Dedicated)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NumbersResponse {
    #[serde(default)]
    pub numbers: Option<Vec<PhoneNumber>>,
}

impl NumbersResponse {
    pub fn numbers(&self) -> &[PhoneNumber] {
        self.numbers.as_deref().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_plan_kind_counts_as_dedicated() {
        assert_eq!(PlanKind::from_wire(None), PlanKind::Dedicated);
        assert!(!PlanKind::from_wire(Some("shared")).can_set_name_and_photo());
        assert_eq!(PlanKind::from_wire(Some("x")).label(), "x");
    }
}
