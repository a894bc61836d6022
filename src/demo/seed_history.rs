//! Seeded conversations that exercise the composer's history: a long commission thread that
//! scrolls, and a send that failed (with the carrier's reason) next to ones that fell back to SMS.

use super::state::{Direction, Message, State};

use Direction::{Inbound as In, Outbound as Out};

/// The long conversation: a custom dinnerware commission on Maya's number, over three weeks.
pub const LONG_CHAT: &str = "+14155550187";
pub const LONG_CONTACT: &str = "Jonah Reyes";

const DAY: i64 = 24 * 60;

/// Minutes before now, direction, text; oldest first.
pub const LONG_THREAD: &[(i64, Direction, &str)] = &[
    (
        21 * DAY + 300,
        In,
        "Hi Maya, a friend gave me your number. Do you take commissions?",
    ),
    (
        21 * DAY + 290,
        Out,
        "Hi Jonah! I do. What did you have in mind?",
    ),
    (
        21 * DAY + 270,
        In,
        "A dinner set for 8 as a wedding gift: plates, bowls and mugs.",
    ),
    (
        21 * DAY + 260,
        Out,
        "Lovely. Any colours or glazes you're drawn to?",
    ),
    (
        21 * DAY + 200,
        In,
        "Something earthy. The speckled oatmeal on your site is perfect.",
    ),
    (
        21 * DAY + 195,
        Out,
        "Good choice, it's my favourite too. I'll put a quote together tonight.",
    ),
    (
        20 * DAY + 60,
        Out,
        "Quote sent to your email: 24 pieces, six weeks lead time.",
    ),
    (
        20 * DAY + 30,
        In,
        "Looks great. Can the mugs be a bit bigger? My sister drinks a lot of tea.",
    ),
    (
        20 * DAY + 25,
        Out,
        "Sure, I'll throw them at 14 oz instead of 10. Same price.",
    ),
    (19 * DAY, In, "Deposit paid! 🎉"),
    (
        19 * DAY - 10,
        Out,
        "Received, thank you. I'll send photos as they come along.",
    ),
    (14 * DAY, Out, "First batch of plates is thrown and drying."),
    (14 * DAY - 45, In, "They look amazing already."),
    (
        10 * DAY,
        Out,
        "Bisque firing went well, no cracks. Glazing on Thursday.",
    ),
    (
        7 * DAY,
        Out,
        "Glaze test came out a little darker than the sample. Photo in your email.",
    ),
    (
        7 * DAY - 120,
        In,
        "Honestly I like the darker one more. Go for it.",
    ),
    (
        3 * DAY,
        Out,
        "Everything is out of the glaze kiln. All 24 pieces made it!",
    ),
    (
        3 * DAY - 30,
        In,
        "Can I pick them up this weekend, or do you ship?",
    ),
    (
        3 * DAY - 40,
        Out,
        "Either. Pickup is free, shipping is $35 with insured packing.",
    ),
    (2 * DAY, In, "Pickup Saturday then. What time works?"),
    (
        2 * DAY - 15,
        Out,
        "Any time between 10 and 4. The studio is at 18 Alder St.",
    ),
    (DAY + 200, In, "See you at 11. Thanks for all of this."),
    (
        95,
        Out,
        "Your set is boxed and ready. Bring a second pair of hands, it's heavy!",
    ),
];

/// Marks the newest outbound message of `chat` as failed, for the reason a carrier gives.
pub fn fail_newest_outbound(state: &mut State, chat: &str, error: &str) {
    if let Some(m) = newest_outbound(state, chat) {
        m.status = "failed";
        m.protocol = "sms";
        m.time_delivered = None;
        m.error = Some(error.to_owned());
    }
}

/// Marks every message of `chat` as carried over SMS (a recipient without iMessage).
pub fn over_sms(state: &mut State, chat: &str) {
    if let Some(c) = state.chats.iter_mut().find(|c| c.id == chat) {
        for m in &mut c.messages {
            m.protocol = "sms";
        }
    }
}

fn newest_outbound<'a>(state: &'a mut State, chat: &str) -> Option<&'a mut Message> {
    state
        .chats
        .iter_mut()
        .find(|c| c.id == chat)?
        .messages
        .iter_mut()
        .filter(|m| m.direction == Direction::Outbound)
        .max_by_key(|m| m.time_sent)
}
