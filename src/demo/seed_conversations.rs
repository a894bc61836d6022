//! The data a fresh demo backend starts with: the numbers of [`super::seed`] and a handful of
//! conversations an operator would recognise. Ids come from a fixed seed, so they are the same
//! on every start; times are relative to now.

use std::collections::HashMap;

use super::recorder::RequestLog;
use super::seed::{INACTIVE, INBOUND, MAYA, SHARED, THEO, seeded_numbers};
use super::seed_history;
use super::state::{Attachment, Chat, Direction, Message, State, now_ms};

const MIN: i64 = 60_000;

pub(crate) fn seeded_state() -> State {
    let now = now_ms();
    let numbers = seeded_numbers(now);
    let mut state = State {
        numbers,
        chats: Vec::new(),
        chat_index: HashMap::new(),
        staged: HashMap::new(),
        sent_by_key: HashMap::new(),
        rng: fastrand::Rng::with_seed(0x5eed_b100),
        requests: RequestLog::default(),
        faults: Vec::new(),
        card_read_disabled: false,
        unreadable_cards: Default::default(),
        load: Default::default(),
    };

    for chat in CHATS {
        add_chat(&mut state, now, chat, chat.lines);
    }
    let long: Vec<Line> = seed_history::LONG_THREAD
        .iter()
        .map(|&(minutes_ago, direction, text)| Line(minutes_ago, direction, text, None))
        .collect();
    let long_chat = SeedChat {
        id: seed_history::LONG_CHAT,
        contact: Some(seed_history::LONG_CONTACT),
        group_name: None,
        members: &[],
        number: MAYA,
        lines: &[],
    };
    add_chat(&mut state, now, &long_chat, &long);
    // The newest outbound message in Marcus's chat is still on its way, so the TUI shows a live status.
    mark_in_flight(&mut state, "+16505550110");
    // The shared number's customer has no iMessage, and the last text did not get through.
    seed_history::over_sms(&mut state, "+12065550155");
    seed_history::fail_newest_outbound(
        &mut state,
        "+12065550155",
        "the recipient's carrier rejected the message (unreachable handset)",
    );
    state
}

/// A seeded message: minutes before now, direction, text, and for groups who wrote it.
struct Line(i64, Direction, &'static str, Option<&'static str>);

use Direction::{Inbound as In, Outbound as Out};

/// A seeded conversation: its id, the contact or group name, a group's members, the number it
/// runs on, and its messages.
struct SeedChat {
    id: &'static str,
    contact: Option<&'static str>,
    group_name: Option<&'static str>,
    members: &'static [&'static str],
    number: &'static str,
    lines: &'static [Line],
}

/// The conversations a fresh backend holds, oldest message first in each.
const CHATS: &[SeedChat] = &[
    SeedChat {
        id: "+16505550134",
        contact: Some("Priya Raman"),
        group_name: None,
        members: &[],
        number: MAYA,
        lines: &[
            Line(
                2 * 24 * 60 + 95,
                In,
                "Hi! Is there still space in Thursday's wheel-throwing class?",
                None,
            ),
            Line(
                2 * 24 * 60 + 88,
                Out,
                "Hi Priya, yes: two spots left for Thursday at 6:30pm. Shall I hold one for you?",
                None,
            ),
            Line(2 * 24 * 60 + 80, In, "Yes please, just me 🙂", None),
            Line(
                2 * 24 * 60 + 78,
                Out,
                "Done, you're booked! Aprons and clay are provided; wear clothes that can get muddy.",
                None,
            ),
            Line(2 * 24 * 60 + 70, In, "Perfect, see you then", None),
            Line(
                24 * 60 + 30,
                Out,
                "Reminder: class starts at 6:30 tomorrow. Parking is behind the studio.",
                None,
            ),
            Line(38, In, "Thanks! Can I bring a friend next time?", None),
        ],
    },
    SeedChat {
        id: "daniel.cho@example.com",
        contact: Some("Daniel Cho"),
        group_name: None,
        members: &[],
        number: THEO,
        lines: &[
            Line(
                3 * 24 * 60 + 300,
                In,
                "Hey Theo, we got the gallery link. The photos are stunning.",
                None,
            ),
            Line(
                3 * 24 * 60 + 260,
                Out,
                "So glad you like them! Prints ship on Monday.",
                None,
            ),
            Line(
                5 * 60 + 12,
                In,
                "Could we get the sunset ones as 16x20 prints?",
                None,
            ),
            Line(
                5 * 60 + 2,
                Out,
                "Absolutely, I've added two 16x20s to the order.",
                None,
            ),
        ],
    },
    SeedChat {
        id: "grp_k3v9q2m7x4ha",
        contact: None,
        group_name: Some("Saturday market crew"),
        members: &["+14155550161", "+14155550178"],
        number: MAYA,
        lines: &[
            Line(
                26 * 60,
                Out,
                "Booth is confirmed for Saturday: spot 14, near the fountain.",
                None,
            ),
            Line(
                25 * 60 + 40,
                In,
                "Nice. I can bring the folding tables.",
                Some("+14155550161"),
            ),
            Line(
                25 * 60 + 10,
                In,
                "I'll handle the card reader and the price tags",
                Some("+14155550178"),
            ),
            Line(
                3 * 60 + 45,
                Out,
                "Great. Load-in starts at 7; coffee's on me ☕",
                None,
            ),
        ],
    },
    SeedChat {
        id: "+13125550177",
        contact: Some("Sam Whitaker"),
        group_name: None,
        members: &[],
        number: INBOUND,
        lines: &[
            Line(
                6 * 60 + 20,
                In,
                "Hi, I saw your listing. Is the blue road bike still available?",
                None,
            ),
            Line(
                6 * 60 + 5,
                Out,
                "Hi Sam, it is! Size 56, just serviced. Want to come for a test ride?",
                None,
            ),
            Line(71, In, "Could I come by Saturday morning?", None),
        ],
    },
    SeedChat {
        id: "+12065550155",
        contact: None,
        group_name: None,
        members: &[],
        number: SHARED,
        lines: &[
            Line(
                30 * 60,
                Out,
                "Your order #4821 has shipped and should arrive on Wednesday.",
                None,
            ),
            Line(29 * 60 + 12, In, "Thanks!", None),
            Line(
                40,
                Out,
                "Your order #4821 was delivered. Reply HELP for support.",
                None,
            ),
        ],
    },
    SeedChat {
        id: "+16505550110",
        contact: Some("Marcus Bell"),
        group_name: None,
        members: &[],
        number: MAYA,
        lines: &[
            Line(
                3 * 24 * 60,
                In,
                "Are the speckled mugs back in stock?",
                None,
            ),
            Line(
                12,
                Out,
                "Your mug set is ready for pickup; we're open until 6 today.",
                None,
            ),
        ],
    },
    SeedChat {
        id: "+15035550192",
        contact: Some("Elena Petrova"),
        group_name: None,
        members: &[],
        number: INACTIVE,
        lines: &[
            Line(
                12 * 24 * 60,
                Out,
                "Welcome to the trial! Reply STOP to opt out.",
                None,
            ),
            Line(12 * 24 * 60 - 9, In, "Got it", None),
        ],
    },
];

fn add_chat(state: &mut State, now: i64, chat: &SeedChat, lines: &[Line]) {
    let SeedChat {
        id,
        contact,
        group_name,
        members,
        number,
        ..
    } = *chat;
    let contact_id = (!id.starts_with("grp_")).then(|| state.new_id("ct_"));
    let mut messages = Vec::new();
    for Line(minutes_ago, direction, text, sender) in lines {
        let time_sent = now - minutes_ago * MIN;
        let id = state.new_id("msg_");
        let guid = state.new_guid();
        messages.push(Message {
            id,
            guid,
            direction: *direction,
            text: Some((*text).to_owned()),
            attachments: Vec::<Attachment>::new(),
            sender: sender.map(str::to_owned),
            number: number.to_owned(),
            time_sent,
            time_delivered: Some(time_sent + 1_500),
            status: "delivered",
            protocol: "imessage",
            error: None,
            shared_card: None,
            reply_to: None,
        });
    }
    let mut participants: Vec<String> = members.iter().map(|m| (*m).to_owned()).collect();
    participants.sort();
    state.push_chat(Chat {
        id: id.to_owned(),
        group_name: group_name.map(str::to_owned),
        participants,
        contact_name: contact.map(str::to_owned),
        contact_id,
        number: number.to_owned(),
        messages,
    });
}

fn mark_in_flight(state: &mut State, chat_id: &str) {
    let newest = state
        .chats
        .iter_mut()
        .find(|c| c.id == chat_id)
        .and_then(|c| c.messages.iter_mut().max_by_key(|m| m.time_sent));
    if let Some(m) = newest {
        m.status = "sent";
        m.time_delivered = None;
    }
}
