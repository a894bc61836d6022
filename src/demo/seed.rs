//! The data a fresh demo backend starts with: five numbers on different plans (two dedicated ones
//! with names and photos), and a handful of conversations an operator would recognise.
//! Ids come from a fixed seed, so they are the same on every start; times are relative to now.

use std::collections::HashMap;

use base64::Engine;

use super::recorder::RequestLog;
use super::seed_history;
use super::state::{Attachment, Card, Chat, Direction, Message, Number, State, now_ms};

const MAYA_AVATAR: &[u8] = include_bytes!("../../assets/demo-avatar-maya.jpg");
const THEO_AVATAR: &[u8] = include_bytes!("../../assets/demo-avatar-theo.jpg");

/// The dedicated number with a full card (the one the TUI selects first).
pub const MAYA: &str = "+14155550123";
/// Dedicated too, on a legacy allocation whose `plan_kind` is null.
pub const THEO: &str = "+13125550148";
/// Shared pool: names and photo cannot be set, the card cannot be shared.
pub const SHARED: &str = "+16465550172";
/// Inbound plan: replies only to people who wrote first.
pub const INBOUND: &str = "+17185550139";
/// A trial number whose device is offline.
pub const INACTIVE: &str = "+15035550116";

const MIN: i64 = 60_000;
const HOUR: i64 = 60 * MIN;
const DAY: i64 = 24 * HOUR;

/// A seeded message: minutes before now, direction, text, and for groups who wrote it.
struct Line(i64, Direction, &'static str, Option<&'static str>);

use Direction::{Inbound as In, Outbound as Out};

pub(crate) fn seeded_state() -> State {
    let now = now_ms();
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    let numbers = vec![
        Number {
            phone: MAYA.into(),
            plan_kind: Some("dedicated"),
            is_active: true,
            last_active: Some(now - 2 * MIN),
            allocation_id: "alloc_7qk2m9d4x1vb".into(),
            card: Card {
                first_name: Some("Maya".into()),
                last_name: Some("Lindqvist".into()),
                avatar: Some(b64(MAYA_AVATAR)),
                has_wallpaper: true,
                sharing_enabled: true,
                audience: 1,
                name_format: 0,
            },
        },
        Number {
            phone: THEO.into(),
            plan_kind: None,
            is_active: true,
            last_active: Some(now - 25 * MIN),
            allocation_id: "alloc_3hd8w2p6z0ce".into(),
            card: Card {
                first_name: Some("Theo".into()),
                last_name: Some("Okafor".into()),
                avatar: Some(b64(THEO_AVATAR)),
                has_wallpaper: false,
                sharing_enabled: true,
                audience: 0,
                name_format: 1,
            },
        },
        Number {
            phone: SHARED.into(),
            plan_kind: Some("shared"),
            is_active: true,
            last_active: Some(now - 4 * MIN),
            allocation_id: "alloc_9sn4c7f1k5ua".into(),
            card: Card::blank(),
        },
        Number {
            phone: INBOUND.into(),
            plan_kind: Some("inbound"),
            is_active: true,
            last_active: Some(now - 47 * MIN),
            allocation_id: "alloc_5rb1j8t3y6qe".into(),
            card: Card::blank(),
        },
        Number {
            phone: INACTIVE.into(),
            plan_kind: Some("trial"),
            is_active: false,
            last_active: Some(now - 9 * DAY - 3 * HOUR),
            allocation_id: "alloc_2mx6v0g9n4ld".into(),
            card: Card::blank(),
        },
    ];
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

    add_chat(
        &mut state,
        now,
        "+16505550134",
        Some("Priya Raman"),
        None,
        &[],
        MAYA,
        &[
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
    );
    add_chat(
        &mut state,
        now,
        "daniel.cho@example.com",
        Some("Daniel Cho"),
        None,
        &[],
        THEO,
        &[
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
    );
    add_chat(
        &mut state,
        now,
        "grp_k3v9q2m7x4ha",
        None,
        Some("Saturday market crew"),
        &["+14155550161", "+14155550178"],
        MAYA,
        &[
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
    );
    add_chat(
        &mut state,
        now,
        "+13125550177",
        Some("Sam Whitaker"),
        None,
        &[],
        INBOUND,
        &[
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
    );
    add_chat(
        &mut state,
        now,
        "+12065550155",
        None,
        None,
        &[],
        SHARED,
        &[
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
    );
    add_chat(
        &mut state,
        now,
        "+16505550110",
        Some("Marcus Bell"),
        None,
        &[],
        MAYA,
        &[
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
    );
    add_chat(
        &mut state,
        now,
        "+15035550192",
        Some("Elena Petrova"),
        None,
        &[],
        INACTIVE,
        &[
            Line(
                12 * 24 * 60,
                Out,
                "Welcome to the trial! Reply STOP to opt out.",
                None,
            ),
            Line(12 * 24 * 60 - 9, In, "Got it", None),
        ],
    );
    let long: Vec<Line> = seed_history::LONG_THREAD
        .iter()
        .map(|&(minutes_ago, direction, text)| Line(minutes_ago, direction, text, None))
        .collect();
    let (chat, contact) = (seed_history::LONG_CHAT, seed_history::LONG_CONTACT);
    add_chat(&mut state, now, chat, Some(contact), None, &[], MAYA, &long);
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

#[allow(clippy::too_many_arguments)]
fn add_chat(
    state: &mut State,
    now: i64,
    id: &str,
    contact: Option<&str>,
    group_name: Option<&str>,
    members: &[&str],
    number: &str,
    lines: &[Line],
) {
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
