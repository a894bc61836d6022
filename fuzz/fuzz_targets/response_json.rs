//! Whatever a server sends as JSON: every response model parses or refuses without panicking,
//! and the human renderings of what parsed never carry a control character to the terminal.
#![no_main]

use bloocard::api::{
    ChatsResponse, ContactCard, MessageStatus, MessagesResponse, NumbersResponse, SendResponse,
    ShareResponse,
};
use bloocard::cli::output;
use libfuzzer_sys::fuzz_target;

fn assert_terminal_safe(text: &str) {
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "control character reached the output: {text:?}"
    );
}

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    if let Ok(card) = serde_json::from_value::<ContactCard>(value.clone()) {
        assert_terminal_safe(&output::card_view("+15550000000", &card, "none"));
    }
    if let Ok(numbers) = serde_json::from_value::<NumbersResponse>(value.clone()) {
        assert_terminal_safe(&output::numbers_table(numbers.numbers(), chrono_now()));
    }
    if let Ok(share) = serde_json::from_value::<ShareResponse>(value.clone()) {
        assert_terminal_safe(&output::share_result("+15550000000", &share));
    }
    if let Ok(sent) = serde_json::from_value::<SendResponse>(value.clone()) {
        assert_terminal_safe(&output::send_result("+15550000000", None, true, &sent));
    }
    let _ = serde_json::from_value::<ChatsResponse>(value.clone());
    let _ = serde_json::from_value::<MessagesResponse>(value.clone());
    let _ = serde_json::from_value::<MessageStatus>(value);
});

fn chrono_now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(1_790_000_000, 0).unwrap_or_default()
}
