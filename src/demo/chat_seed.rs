//! A demo account with many conversations (`demo-server --chats N`, `--demo --demo-chats N`),
//! for `share --all-chats` at scale: the usual chats, then generated ones — mostly phones, some
//! emails, a few groups — whose last message is from a minute to about 500 days ago, most of
//! them recent (log-uniform: about as many from the last hour as from the three days before).
//! About one in 150, none in the newest two days, runs on the shared or the inbound number,
//! whose plan cannot share a card: staging fails there. Deterministic: the same N gives the
//! same chats.

use super::control::DemoControl;
use super::seed::{INBOUND, MAYA, SHARED, THEO};
use super::state::{Attachment, Chat, Direction, Message, State, now_ms};

/// The most chats `--chats` seeds.
pub const MAX_CHATS: usize = 50_000;

const MINUTE: i64 = 60_000;
const DAY: i64 = 24 * 60 * MINUTE;
/// The oldest last message, in minutes.
const OLDEST_MINUTES: f64 = 500.0 * 24.0 * 60.0;

const FIRST: [&str; 16] = [
    "Priya", "Jonas", "Ana", "Kenji", "Lea", "Omar", "Zoe", "Ravi", "Mei", "Tomas", "Aisha",
    "Lukas", "Sofia", "Dev", "Ines", "Noah",
];
const LAST: [&str; 16] = [
    "Raman", "Berg", "Souza", "Mori", "Fischer", "Haddad", "Martin", "Iyer", "Chen", "Novak",
    "Bello", "Weber", "Rossi", "Patel", "Duarte", "Kim",
];
const GROUPS: [&str; 6] = [
    "Thursday wheel class",
    "Glaze lab",
    "Studio open day",
    "Kiln crew",
    "Saturday kids' club",
    "Market stall",
];
const TEXTS: [(Direction, &str); 6] = [
    (Direction::Inbound, "Is there still space on Thursday?"),
    (Direction::Outbound, "Your order is ready for pickup."),
    (Direction::Inbound, "Thanks, see you then!"),
    (Direction::Outbound, "Reminder: class starts at 6:30."),
    (Direction::Inbound, "Can I bring a friend?"),
    (
        Direction::Outbound,
        "We have new glazes in, come and try them.",
    ),
];

/// Fictional numbers: 555-0100…0199 in every area code but those the fleet's numbers use.
fn phones() -> impl Iterator<Item = String> {
    (100..200).flat_map(|line| {
        (201..990)
            .filter(|area| area % 100 != 11 && !super::fleet_seed::AREA_CODES.contains(area))
            .map(move |area| format!("+1{area}555{line:04}"))
    })
}

/// The next chat to add: its id, names and members.
struct Generated {
    id: String,
    contact: Option<String>,
    group_name: Option<String>,
    members: Vec<String>,
}

struct Generator {
    rng: fastrand::Rng,
    phones: Box<dyn Iterator<Item = String>>,
    made: usize,
}

impl Generator {
    fn person(&mut self) -> (&'static str, &'static str) {
        (
            FIRST[self.rng.usize(..FIRST.len())],
            LAST[self.rng.usize(..LAST.len())],
        )
    }

    fn next(&mut self, state: &State) -> Option<Generated> {
        self.made += 1;
        let (first, last) = self.person();
        let roll = self.rng.u8(..100);
        let generated = if roll < 4 {
            let members = (0..self.rng.usize(3..6))
                .filter_map(|_| self.phones.next())
                .collect();
            let name = GROUPS[self.made % GROUPS.len()];
            Generated {
                id: format!("grp_demo{:06}", self.made),
                contact: None,
                group_name: Some(format!("{name} {}", self.made)),
                members,
            }
        } else if roll < 18 {
            let domain = ["com", "org", "net"][self.made % 3];
            Generated {
                id: format!(
                    "{}.{}{}@example.{domain}",
                    first.to_lowercase(),
                    last.to_lowercase(),
                    self.made
                ),
                contact: Some(format!("{first} {last}")),
                group_name: None,
                members: Vec::new(),
            }
        } else {
            let id = self
                .phones
                .by_ref()
                .find(|p| !state.chat_index.contains_key(p))?;
            Generated {
                id,
                // Three in ten phones are not in the contacts: no name, only the number.
                contact: (roll >= 40).then(|| format!("{first} {last}")),
                group_name: None,
                members: Vec::new(),
            }
        };
        Some(generated)
    }

    /// Minutes since the last message: log-uniform from one minute to [`OLDEST_MINUTES`].
    fn age_minutes(&mut self) -> i64 {
        OLDEST_MINUTES.powf(self.rng.f64()) as i64
    }
}

impl DemoControl {
    /// Grows the account to `total` chats (at most [`MAX_CHATS`]); fewer than there are
    /// already leaves it as it is.
    pub fn seed_chats(&self, total: usize) {
        let mut state = self.lock();
        let mut generator = Generator {
            rng: fastrand::Rng::with_seed(0xc4a7_5eed),
            phones: Box::new(phones()),
            made: 0,
        };
        let now = now_ms();
        while state.chats.len() < total.min(MAX_CHATS) {
            let Some(chat) = generator.next(&state) else {
                break;
            };
            let failing = generator.made % 150 == 75;
            let mut age = generator.age_minutes() * MINUTE;
            let number = if failing {
                age = age.max(2 * DAY + generator.made as i64 * MINUTE);
                [SHARED, INBOUND][generator.made / 150 % 2]
            } else {
                [MAYA, THEO][usize::from(generator.rng.u8(..10) >= 6)]
            };
            let count = generator.rng.usize(1..4);
            let messages = (0..count)
                .map(|k| {
                    let (direction, text) = TEXTS[generator.rng.usize(..TEXTS.len())];
                    // The inbound number may only answer: its chats start with the contact.
                    let direction = if number == INBOUND && k == 0 {
                        Direction::Inbound
                    } else {
                        direction
                    };
                    let sent = now - age - (count - 1 - k) as i64 * 7 * MINUTE;
                    message(&mut state, direction, text, number, sent)
                })
                .collect();
            let mut members = chat.members;
            members.sort();
            state.push_chat(Chat {
                contact_id: chat
                    .contact
                    .as_ref()
                    .map(|_| format!("ct_demo{:06}", generator.made)),
                id: chat.id,
                group_name: chat.group_name,
                participants: members,
                contact_name: chat.contact,
                number: number.to_owned(),
                messages,
            });
        }
    }
}

fn message(
    state: &mut State,
    direction: Direction,
    text: &str,
    number: &str,
    sent: i64,
) -> Message {
    Message {
        id: state.new_id("msg_"),
        guid: state.new_guid(),
        direction,
        text: Some(text.to_owned()),
        attachments: Vec::<Attachment>::new(),
        sender: None,
        number: number.to_owned(),
        time_sent: sent,
        time_delivered: Some(sent + 1_500),
        status: "delivered",
        protocol: "imessage",
        error: None,
        shared_card: None,
        reply_to: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{DemoOptions, DemoServer};

    #[tokio::test]
    async fn a_mix_of_kinds_and_ages_with_a_few_that_cannot_share() {
        let server = DemoServer::start(DemoOptions::default()).await.unwrap();
        let ctl = server.control();
        let base = ctl.lock().chats.len();
        ctl.seed_chats(3000);
        let state = ctl.lock();
        assert_eq!(state.chats.len(), 3000);
        assert_eq!(state.chat_index.len(), 3000, "every id once");
        let groups = state.chats.iter().filter(|c| c.is_group()).count();
        let emails = state.chats.iter().filter(|c| c.id.contains('@')).count();
        assert!((60..200).contains(&groups), "{groups} groups");
        assert!((300..600).contains(&emails), "{emails} emails");
        let failing: Vec<_> = state.chats[base..]
            .iter()
            .filter(|c| c.number == SHARED || c.number == INBOUND)
            .collect();
        assert!(
            (15..30).contains(&failing.len()),
            "{} failing",
            failing.len()
        );
        assert!(failing.iter().all(|c| now_ms() - c.last_time() >= 2 * DAY));
        let recent = state
            .chats
            .iter()
            .filter(|c| now_ms() - c.last_time() < 7 * DAY)
            .count();
        assert!((1000..2600).contains(&recent), "{recent} in the last week");
    }
}
