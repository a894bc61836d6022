//! The demo backend over real HTTP on 127.0.0.1: auth, path encoding, strict validation, plan
//! rules, card sharing, idempotency, delivery status, and every fault kind.

use crate::common;

use std::time::{Duration, Instant};

use base64::Engine;
use bloocard::api::retry::RetryPolicy;
use bloocard::api::{
    ApiError, CardUpdate, Client, ClientOptions, MessageText, SendMessage, SharingUpdate,
};
use bloocard::config::ApiKey;
use bloocard::demo::seed::{INACTIVE, INBOUND, MAYA, SHARED, THEO};
use bloocard::demo::{DemoOptions, DemoServer, Fault, FaultAction};
use serde_json::{Value, json};

async fn start() -> DemoServer {
    DemoServer::start(DemoOptions {
        api_key: Some(common::CANARY_KEY.into()),
        record_requests: true,
        ..DemoOptions::default()
    })
    .await
    .unwrap()
}

fn client(server: &DemoServer) -> Client {
    let mut opts = ClientOptions::new(server.base_url(), ApiKey::new(server.api_key()).unwrap());
    opts.retry = RetryPolicy::none();
    opts.timeout = Duration::from_secs(10);
    Client::new(opts).unwrap()
}

/// Raw HTTP for sending what a well-behaved client would not.
struct Raw {
    http: reqwest::Client,
    base: String,
    key: String,
}

impl Raw {
    fn new(server: &DemoServer) -> Self {
        Self {
            http: reqwest::Client::new(),
            base: server.base_url().to_owned(),
            key: server.api_key().to_owned(),
        }
    }

    async fn send(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.key);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        let text = resp.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        self.send(reqwest::Method::GET, path, None).await
    }

    async fn put(&self, path: &str, body: Value) -> (u16, Value) {
        self.send(reqwest::Method::PUT, path, Some(body)).await
    }

    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }
}

fn assert_error(body: &Value, status: u16, code: &str) {
    assert_eq!(body["error"], "ApiError", "{body}");
    assert_eq!(body["status"], status, "{body}");
    assert_eq!(body["code"], code, "{body}");
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
}

fn card_path(number: &str) -> String {
    format!("/me/numbers/{}/contact-card", number.replace('+', "%2B"))
}

fn text(s: &str, from: &str) -> SendMessage {
    SendMessage {
        text: Some(MessageText::One(s.into())),
        from_number: Some(from.into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn every_request_needs_the_api_key() {
    let server = start().await;
    let http = reqwest::Client::new();
    let resp = http
        .get(format!("{}/me/numbers", server.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);
    let body: Value = resp.json().await.unwrap();
    assert_error(&body, 401, "missing_api_key");

    let resp = http
        .get(format!("{}/chats", server.base_url()))
        .bearer_auth("bl_live_wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);
    assert_error(&resp.json().await.unwrap(), 401, "invalid_api_key");

    let mut opts = ClientOptions::new(server.base_url(), ApiKey::new("bl_live_wrong").unwrap());
    opts.retry = RetryPolicy::none();
    let err = Client::new(opts).unwrap().list_numbers().await.unwrap_err();
    assert!(matches!(err, ApiError::Unauthorized(_)), "{err}");
}

#[tokio::test]
async fn plus_is_accepted_literal_and_percent_encoded() {
    let server = start().await;
    let raw = Raw::new(&server);
    let (s1, encoded) = raw
        .get(&format!("/me/numbers/%2B{}/contact-card", &MAYA[1..]))
        .await;
    let (s2, literal) = raw.get(&format!("/me/numbers/{MAYA}/contact-card")).await;
    assert_eq!((s1, s2), (200, 200));
    assert_eq!(encoded, literal);
    assert_eq!(literal["first_name"], "Maya");
    let (s, body) = raw
        .post(
            &format!("/chats/{}/messages", "+16505550134"),
            json!({"text": "plus"}),
        )
        .await;
    assert_eq!(s, 202, "{body}");
    let paths: Vec<String> = server
        .control()
        .requests()
        .into_iter()
        .map(|r| r.path)
        .collect();
    assert!(paths.iter().any(|p| p.contains("/%2B1415")), "{paths:?}");
    assert!(paths.iter().any(|p| p.contains("/+1415")), "{paths:?}");
    // A `+` that became a space is explained, not silently accepted.
    let (s, body) = raw
        .get(&format!("/me/numbers/%20{}/contact-card", &MAYA[1..]))
        .await;
    assert_eq!(s, 400);
    assert!(body["message"].as_str().unwrap().contains("%2B"), "{body}");
}

#[tokio::test]
async fn seeded_numbers_and_cards_look_real() {
    let server = start().await;
    let api = client(&server);
    let numbers = api.list_numbers().await.unwrap();
    let kinds: Vec<(String, Option<String>, bool)> = numbers
        .numbers()
        .iter()
        .map(|n| {
            (
                n.number().to_owned(),
                n.plan_kind.clone(),
                n.is_active.unwrap(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            (MAYA.into(), Some("dedicated".into()), true),
            (THEO.into(), None, true),
            (SHARED.into(), Some("shared".into()), true),
            (INBOUND.into(), Some("inbound".into()), true),
            (INACTIVE.into(), Some("trial".into()), false),
        ]
    );
    assert!(
        numbers.raw["numbers"][1]
            .as_object()
            .unwrap()
            .contains_key("plan_kind")
    );
    for number in [MAYA, THEO] {
        let card = api.get_card(number).await.unwrap();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(card.avatar.as_deref().unwrap())
            .unwrap();
        let img = image::load_from_memory_with_format(&bytes, image::ImageFormat::Jpeg).unwrap();
        assert_eq!(img.width(), img.height());
        assert!((512..=1024).contains(&img.width()));
        assert!(bytes.len() < 150 * 1024);
    }
    let shared = api.get_card(SHARED).await.unwrap();
    assert_eq!(shared.first_name, None);
    assert_eq!(shared.sharing.as_ref().unwrap().enabled, Some(false));
}

#[tokio::test]
async fn put_answers_only_names_and_get_reflects_the_change() {
    let server = start().await;
    let raw = Raw::new(&server);
    let (s, body) = raw
        .put(
            &card_path(MAYA),
            json!({"first_name": "Maya J.", "sharing": {"audience": 0, "name_format": 1, "enabled": false}}),
        )
        .await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(
        body,
        json!({"success": true, "phone_number": MAYA, "first_name": "Maya J.", "last_name": "Lindqvist"})
    );
    let (_, card) = raw.get(&card_path(MAYA)).await;
    assert_eq!(card["first_name"], "Maya J.");
    assert_eq!(card["name"], "Maya J. Lindqvist");
    assert_eq!(
        card["sharing"],
        json!({"enabled": false, "audience": 0, "name_format": 1})
    );
    assert_eq!(server.control().card(MAYA).unwrap(), card);

    // The typed client's update, and a new avatar (PNG in, stored as sent).
    let png = {
        let img = image::RgbImage::from_pixel(600, 600, image::Rgb([10, 120, 200]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        base64::engine::general_purpose::STANDARD.encode(out.into_inner())
    };
    let update = CardUpdate {
        last_name: Some("Lind".into()),
        avatar: Some(png.clone()),
        sharing: Some(SharingUpdate {
            enabled: Some(true),
            ..Default::default()
        }),
        ..Default::default()
    };
    let reply = client(&server).update_card(MAYA, &update).await.unwrap();
    assert_eq!(reply.last_name.as_deref(), Some("Lind"));
    let card = server.control().card(MAYA).unwrap();
    assert_eq!(card["avatar"], png);
    assert_eq!(card["sharing"]["enabled"], true);
}

#[tokio::test]
async fn invalid_input_is_a_400_that_names_the_field() {
    let server = start().await;
    let raw = Raw::new(&server);
    let card = card_path(MAYA);
    let cases = [
        (json!({"nickname": "M"}), "`nickname`"),
        (json!({"first_name": 7}), "`first_name` must be a string"),
        (json!({"first_name": null}), "`first_name` must be a string"),
        (
            json!({"sharing": {"audience": 2}}),
            "`sharing.audience` must be 0 (Contacts Only) or 1 (Always Ask), got 2",
        ),
        (
            json!({"sharing": {"name_format": "1"}}),
            "`sharing.name_format` must be an integer",
        ),
        (
            json!({"sharing": {"enabled": 1}}),
            "`sharing.enabled` must be a boolean",
        ),
        (json!({"sharing": {"colour": 1}}), "`sharing.colour`"),
        (json!({"avatar": "not base64!!"}), "not valid base64"),
        (
            json!({"avatar": base64::engine::general_purpose::STANDARD.encode(b"just some text, not a picture")}),
            "JPEG or PNG",
        ),
        (json!(["first_name"]), "must be a JSON object"),
    ];
    for (body, expected) in cases {
        let (s, resp) = raw.put(&card, body.clone()).await;
        assert_eq!(s, 400, "{body} -> {resp}");
        assert_eq!(resp["error"], "ApiError");
        let message = resp["message"].as_str().unwrap();
        assert!(message.contains(expected), "{body}: {message}");
    }
    // Nothing was changed by the refused requests.
    assert_eq!(server.control().card(MAYA).unwrap()["first_name"], "Maya");

    let send = "/chats/%2B16505550134/messages";
    let cases = [
        (json!({"text": "hi", "priority": "high"}), "`priority`"),
        (
            json!({"text": 5}),
            "`text` must be a string or an array of strings",
        ),
        (json!({"text": ["a", 2]}), "`text[1]` must be a string"),
        (
            json!({"text": null}),
            "`text` must be a string or an array of strings, got null",
        ),
        (json!({"text": []}), "`text` must not be an empty array"),
        (json!({"text": "  "}), "`text` must not be empty"),
        (
            json!({"text": "hi", "share_contact": "yes"}),
            "`share_contact` must be a boolean",
        ),
        (
            json!({"attachments": [{"href": "https://x.test/a.jpg"}]}),
            "`attachments[0].href`",
        ),
        (
            json!({"attachments": ["ftp://x.test/a.jpg"]}),
            "http(s) URL",
        ),
        (
            json!({"text": "hi", "effect": "sparkle"}),
            "`effect` must be one of",
        ),
        (json!({"text": "hi", "from_number": "4155550123"}), "E.164"),
        (json!({}), "no content"),
    ];
    for (body, expected) in cases {
        let (s, resp) = raw.post(send, body.clone()).await;
        assert_eq!(s, 400, "{body} -> {resp}");
        assert!(
            resp["message"].as_str().unwrap().contains(expected),
            "{body}: {resp}"
        );
    }
    // Fields the spec allows but bloocard does not use are accepted.
    let (s, resp) = raw
        .post(
            send,
            json!({"text": "hi", "use_typing_indicator": true, "effect": "Invisible Ink", "link_preview": null, "reply_to": null}),
        )
        .await;
    assert_eq!(s, 202, "{resp}");

    for query in [
        "limit=0",
        "limit=201",
        "limit=ten",
        "offset=-1",
        "sort=newest",
        "page=2",
    ] {
        let (s, resp) = raw.get(&format!("/chats?{query}")).await;
        assert_eq!(s, 400, "{query} -> {resp}");
    }
    let (s, _) = raw
        .get("/chats/%2B16505550134/messages?direction=sideways")
        .await;
    assert_eq!(s, 400);
    let (s, resp) = raw.get("/chats/not-a-chat").await;
    assert_eq!(s, 400);
    assert_error(&resp, 400, "invalid_chat_id");
}

#[tokio::test]
async fn names_and_sharing_need_a_dedicated_number() {
    let server = start().await;
    let raw = Raw::new(&server);
    let (s, body) = raw
        .put(&card_path(SHARED), json!({"first_name": "Pat"}))
        .await;
    assert_eq!(s, 403);
    assert_error(&body, 403, "plan_not_supported");
    let (s, _) = raw
        .put(&card_path(INBOUND), json!({"avatar": "AAAA"}))
        .await;
    assert_eq!(s, 400, "a bad avatar is refused before the plan is checked");
    // Sharing settings are not names or photo: allowed on a shared number.
    let (s, body) = raw
        .put(&card_path(SHARED), json!({"sharing": {"enabled": true}}))
        .await;
    assert_eq!(s, 200, "{body}");
    // The legacy allocation (plan_kind null) counts as dedicated.
    let (s, _) = raw
        .put(&card_path(THEO), json!({"last_name": "Okafor-Reyes"}))
        .await;
    assert_eq!(s, 200);

    let api = client(&server);
    // The shared number's chat cannot share a card, and share_contact from it is refused.
    let err = api.share_card("+12065550155").await.unwrap_err();
    assert_eq!(
        (err.status(), err.code()),
        (Some(403), Some("plan_not_supported"))
    );
    let mut msg = text("hi", SHARED);
    msg.share_contact = Some(true);
    let err = api
        .send_message("+12065550155", &msg, "k1")
        .await
        .unwrap_err();
    assert_eq!(
        (err.status(), err.code()),
        (Some(403), Some("plan_not_supported"))
    );
}

#[tokio::test]
async fn unknown_things_are_403_or_404() {
    let server = start().await;
    let api = client(&server);
    let err = api.get_card("+15550000000").await.unwrap_err();
    assert_eq!(
        (err.status(), err.code()),
        (Some(403), Some("number_not_accessible"))
    );
    let raw = Raw::new(&server);
    let (s, body) = raw.get("/chats/%2B19995550100").await;
    assert_eq!(s, 404);
    assert_error(&body, 404, "chat_not_found");
    let (s, body) = raw
        .get("/chats/%2B16505550134/messages/msg_nope/status")
        .await;
    assert_eq!(s, 404);
    assert_error(&body, 404, "message_not_found");
    let (s, body) = raw
        .post("/chats/grp_doesnotexist/messages", json!({"text": "x"}))
        .await;
    assert_eq!(s, 404);
    assert_error(&body, 404, "chat_not_found");
    let (s, body) = raw.get("/me/whatever").await;
    assert_eq!(s, 404);
    assert_error(&body, 404, "route_not_found");
}

#[tokio::test]
async fn a_staged_share_rides_on_the_next_send_only() {
    let server = start().await;
    let api = client(&server);
    let ctl = server.control();
    let chat = "+16505550134";
    let share = api.share_card(chat).await.unwrap();
    assert_eq!(share.chat_id.as_deref(), Some(chat));
    assert_eq!(share.success, Some(true));
    // Idempotent: staging twice is harmless.
    api.share_card(chat).await.unwrap();
    assert_eq!(ctl.staged_share(chat).as_deref(), Some(MAYA));

    let first = api
        .send_message(chat, &text("Here's my card", MAYA), "a")
        .await
        .unwrap();
    let second = api
        .send_message(chat, &text("And a follow-up", MAYA), "b")
        .await
        .unwrap();
    assert_eq!(ctl.staged_share(chat), None);
    let messages = ctl.messages(chat);
    let carried = |id: &Option<String>| {
        messages
            .iter()
            .find(|m| Some(&m.message_id) == id.as_ref())
            .unwrap()
            .shared_card
            .clone()
    };
    assert_eq!(carried(&first.message_id).as_deref(), Some(MAYA));
    assert_eq!(carried(&second.message_id), None);

    // share_contact does it in one call, with the sending number's card.
    let mut msg = text("Theo here", THEO);
    msg.share_contact = Some(true);
    let reply = api
        .send_message("daniel.cho@example.com", &msg, "c")
        .await
        .unwrap();
    let m = ctl
        .messages("daniel.cho@example.com")
        .into_iter()
        .find(|m| Some(&m.message_id) == reply.message_id.as_ref())
        .unwrap();
    assert_eq!(m.shared_card.as_deref(), Some(THEO));
}

#[tokio::test]
async fn inbound_and_inactive_numbers_follow_their_plans() {
    let server = start().await;
    let api = client(&server);
    // Sam wrote to the inbound number first, so it may answer him.
    api.send_message("+13125550177", &text("Saturday works!", INBOUND), "i1")
        .await
        .unwrap();
    let err = api
        .send_message("+13125550199", &text("Hello stranger", INBOUND), "i2")
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("inbound_only_no_prior_inbound"));
    let body = Raw::new(&server)
        .post(
            "/chats/%2B13125550199/messages",
            json!({"text": "x", "from_number": INBOUND}),
        )
        .await
        .1;
    assert_eq!(body["external_id"], "+13125550199");
    assert!(
        body["allocation_id"]
            .as_str()
            .unwrap()
            .starts_with("alloc_")
    );

    let err = api
        .send_message("+15035550192", &text("Still there?", INACTIVE), "i3")
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::DeviceUnavailable(_)), "{err}");
    assert!(
        err.to_string().contains("No active number available"),
        "{err}"
    );
    let err = api
        .send_message("+15035550192", &text("x", "+15550001111"), "i4")
        .await
        .unwrap_err();
    assert_eq!(
        (err.status(), err.code()),
        (Some(403), Some("from_number_not_assigned"))
    );
    // A card PUT on the offline number is a temporary device error.
    let (s, body) = Raw::new(&server)
        .put(&card_path(INACTIVE), json!({"sharing": {"enabled": true}}))
        .await;
    assert_eq!(s, 502);
    assert_error(&body, 502, "device_unreachable");
}

#[tokio::test]
async fn a_repeated_idempotency_key_replays_the_original_answer() {
    let server = start().await;
    let api = client(&server);
    let chat = "+16505550134";
    let before = server.control().messages(chat).len();
    let first = api
        .send_message(chat, &text("Once", MAYA), "same-key")
        .await
        .unwrap();
    let again = api
        .send_message(chat, &text("Once", MAYA), "same-key")
        .await
        .unwrap();
    assert_eq!((first.status, again.status), (202, 200));
    assert_eq!(first.raw, again.raw);
    assert!(first.message_id.as_deref().unwrap().starts_with("msg_"));
    assert_eq!(server.control().messages(chat).len(), before + 1);
    let keys: Vec<_> = server
        .control()
        .requests()
        .into_iter()
        .filter_map(|r| r.idempotency_key)
        .collect();
    assert_eq!(keys, ["same-key", "same-key"]);
}

#[tokio::test]
async fn delivery_status_moves_one_step_per_poll() {
    let server = start().await;
    let api = client(&server);
    let chat = "daniel.cho@example.com";
    let sent = api
        .send_message(chat, &text("Prints are on their way", THEO), "s")
        .await
        .unwrap();
    assert_eq!(sent.value.status.as_deref(), Some("queued"));
    let id = sent.message_id.clone().unwrap();
    let mut seen = Vec::new();
    for _ in 0..3 {
        let s = api.message_status(chat, &id).await.unwrap();
        seen.push(s.value.status.clone().unwrap());
        assert_eq!(s.chat_id.as_deref(), Some(chat));
    }
    assert_eq!(seen, ["sent", "delivered", "delivered"]);
    let last = api.message_status(chat, &id).await.unwrap();
    assert!(last.is_final());
    assert!(last.time_delivered.is_some());
    assert_eq!(last.protocol.as_deref(), Some("imessage"));

    assert!(server.control().set_message_status(&id, "failed"));
    let s = api.message_status(chat, &id).await.unwrap();
    assert_eq!(s.value.status.as_deref(), Some("failed"));
    assert!(s.error.is_some());
}

#[tokio::test]
async fn recipient_lists_create_then_reuse_an_unnamed_group() {
    let server = start().await;
    let api = client(&server);
    let list = "+15105550101,+15105550102";
    let first = api
        .send_message(list, &text("Hi both", MAYA), "g1")
        .await
        .unwrap();
    assert_eq!(first.group_created, Some(true));
    let group = first.group_id.clone().unwrap();
    assert!(group.starts_with("grp_"));
    assert_eq!(first.participants.as_deref().unwrap().len(), 2);
    let again = api
        .send_message("+15105550102,+15105550101", &text("Again", MAYA), "g2")
        .await
        .unwrap();
    assert_eq!(
        (again.group_id.as_deref(), again.group_created),
        (Some(group.as_str()), Some(false))
    );
    let chats = api.list_chats(&Default::default()).await.unwrap();
    let chat = chats
        .chats()
        .iter()
        .find(|c| c.id.as_deref() == Some(&group))
        .unwrap();
    assert_eq!(chat.member_count, Some(2));
    assert_eq!(chat.kind.as_deref(), Some("group"));
    // A text array is one message each.
    let multi = SendMessage {
        text: Some(MessageText::Many(vec!["one".into(), "two".into()])),
        from_number: Some(MAYA.into()),
        ..Default::default()
    };
    let reply = api.send_message(&group, &multi, "g3").await.unwrap();
    assert_eq!(reply.ids().len(), 2);
    assert_eq!(reply.message_id, None);
}

#[tokio::test]
async fn chats_are_listed_searched_and_paged() {
    let server = start().await;
    let api = client(&server);
    let all = api.list_chats(&Default::default()).await.unwrap();
    let times: Vec<i64> = all
        .chats()
        .iter()
        .map(|c| c.last_message_time.unwrap())
        .collect();
    assert!(times.len() >= 6);
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "most recent first");
    assert!(all.chats().iter().any(|c| c.title() == "Priya Raman"));
    assert!(
        all.chats()
            .iter()
            .any(|c| c.title() == "Saturday market crew")
    );

    let found = api
        .list_chats(&bloocard::api::ChatQuery {
            q: Some("priya".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(found.chats().len(), 1);
    let paged = api
        .list_chats(&bloocard::api::ChatQuery {
            limit: Some(2),
            offset: Some(1),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(paged.chats().len(), 2);
    assert_eq!(paged.chats()[0].id, all.chats()[1].id);
    let p = paged.pagination.clone().unwrap();
    assert_eq!(
        (p.limit, p.offset, p.total),
        (Some(2), Some(1), Some(times.len() as i64))
    );

    let history = api.list_messages("+16505550134", 3).await.unwrap();
    assert_eq!(history.messages().len(), 3);
    assert_eq!(
        history.messages()[0].text.as_deref(),
        Some("Thanks! Can I bring a friend next time?")
    );
    let raw = Raw::new(&server);
    let (_, body) = raw
        .get("/chats/%2B16505550134/messages?sort=asc&direction=outbound&limit=1")
        .await;
    assert_eq!(body["messages"][0]["direction"], "outbound");
    assert!(
        body["messages"][0]["text"]
            .as_str()
            .unwrap()
            .starts_with("Hi Priya")
    );
}

#[tokio::test]
async fn status_faults_answer_the_error_shape_with_retry_after() {
    let server = start().await;
    let ctl = server.control();
    let api = client(&server);
    ctl.push_fault(Fault::rate_limited(2).on_path("/me/numbers"));
    let err = api.list_numbers().await.unwrap_err();
    let ApiError::RateLimited(s) = &err else {
        panic!("{err}")
    };
    assert_eq!(s.retry_after, Some(Duration::from_secs(2)));
    assert_eq!(s.message.as_deref(), Some("Too many requests, slow down"));
    // Used up: the next call works.
    api.list_numbers().await.unwrap();

    ctl.push_fault(Fault::status(503).on_method("POST").times(2));
    api.list_numbers().await.unwrap();
    for _ in 0..2 {
        let err = api.share_card("+16505550134").await.unwrap_err();
        assert!(matches!(err, ApiError::DeviceUnavailable(_)), "{err}");
    }
    api.share_card("+16505550134").await.unwrap();
    assert!(ctl.faults().is_empty());

    // With the default retry policy a transient 502 is retried and the call succeeds.
    ctl.clear_requests();
    ctl.push_fault(Fault::status(502));
    let mut opts = ClientOptions::new(server.base_url(), ApiKey::new(server.api_key()).unwrap());
    opts.retry = RetryPolicy {
        base_delay: Duration::from_millis(1),
        ..RetryPolicy::default()
    };
    Client::new(opts).unwrap().list_numbers().await.unwrap();
    assert_eq!(ctl.requests().len(), 2);
}

#[tokio::test]
async fn latency_delays_the_answer() {
    let server = start().await;
    server
        .control()
        .push_fault(Fault::latency(Duration::from_millis(300)));
    let started = Instant::now();
    client(&server).list_numbers().await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn broken_bodies_are_reported_as_such() {
    let server = start().await;
    let ctl = server.control();
    let api = client(&server);

    ctl.push_fault(Fault::new(FaultAction::MalformedJson));
    let err = api.list_numbers().await.unwrap_err();
    assert!(
        matches!(err, ApiError::Malformed { status: 200, .. }),
        "{err}"
    );

    ctl.push_fault(Fault::new(FaultAction::HtmlError { status: 502 }));
    let err = api.get_card(MAYA).await.unwrap_err();
    assert!(
        matches!(&err, ApiError::Server(s) if s.status == 502 && s.code.is_none()),
        "{err}"
    );

    ctl.push_fault(Fault::new(FaultAction::MissingFields {
        keep: vec!["first_name".into()],
    }));
    let card = api.get_card(MAYA).await.unwrap();
    assert_eq!(card.raw, json!({"first_name": "Maya"}));

    for chunked in [false, true] {
        ctl.push_fault(Fault::new(FaultAction::Oversized {
            bytes: 20 * 1024 * 1024,
            chunked,
        }));
        let err = api.list_numbers().await.unwrap_err();
        assert!(matches!(err, ApiError::TooLarge { .. }), "{err}");
    }
    let resp = reqwest::Client::new()
        .get(format!("{}/me/numbers", server.base_url()))
        .send()
        .await;
    assert_eq!(
        resp.unwrap().status(),
        401,
        "the server still answers afterwards"
    );
}

#[tokio::test]
async fn a_dropped_connection_gets_no_answer() {
    let server = start().await;
    server
        .control()
        .push_fault(Fault::new(FaultAction::Drop).on_path("/contact-card"));
    let api = client(&server);
    let err = api.get_card(MAYA).await.unwrap_err();
    assert!(matches!(err, ApiError::Network(_)), "{err}");
    api.get_card(MAYA).await.unwrap();
}

#[tokio::test]
async fn the_card_read_can_be_switched_off() {
    let server = start().await;
    let api = client(&server);
    server.control().set_card_read_disabled(true);
    let err = api.get_card(MAYA).await.unwrap_err();
    assert_eq!((err.status(), err.code()), (Some(501), Some("coming_soon")));
    // Writing still works: the app must cope with a card it cannot read.
    api.update_card(
        MAYA,
        &CardUpdate {
            first_name: Some("M".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    server.control().set_card_read_disabled(false);
    assert_eq!(
        api.get_card(MAYA).await.unwrap().first_name.as_deref(),
        Some("M")
    );
}

#[tokio::test]
async fn knobs_are_served_over_http_only_with_faults_enabled() {
    let plain = start().await;
    let http = reqwest::Client::new();
    let root = plain.base_url().trim_end_matches("/v2/api").to_owned();
    let resp = http
        .get(format!("{root}/__demo/requests"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 404);

    let server = DemoServer::start(DemoOptions {
        faults: true,
        api_key: Some("bl_demo_fixed".into()),
        ..Default::default()
    })
    .await
    .unwrap();
    assert_eq!(server.api_key(), "bl_demo_fixed");
    let root = server.base_url().trim_end_matches("/v2/api").to_owned();
    let fault = json!({"path": "/me/numbers", "action": {"kind": "status", "status": 429, "retry_after": 1}});
    let resp = http
        .post(format!("{root}/__demo/faults"))
        .json(&fault)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
    let resp = http
        .post(format!("{root}/__demo/faults"))
        .json(&json!({"action": {"kind": "teleport"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    let err = client(&server).list_numbers().await.unwrap_err();
    assert_eq!(err.status(), Some(429));

    let resp = http
        .post(format!("{root}/__demo/card-read"))
        .json(&json!({"disabled": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(
        client(&server).get_card(MAYA).await.unwrap_err().status(),
        Some(501)
    );

    client(&server).share_card("+16505550134").await.unwrap();
    let state: Value = http
        .get(format!("{root}/__demo/chats/%2B16505550134"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(state["staged_share"], MAYA);
    assert!(state["messages"].as_array().unwrap().len() >= 7);

    let log: Value = http
        .get(format!("{root}/__demo/requests"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let paths: Vec<&str> = log["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "/v2/api/me/numbers",
            "/v2/api/me/numbers/%2B14155550123/contact-card",
            "/v2/api/chats/%2B16505550134/contact-card"
        ]
    );
    let resp = http
        .delete(format!("{root}/__demo/faults"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 204);
    server.shutdown().await;
}

#[tokio::test]
async fn shutdown_stops_serving() {
    let server = start().await;
    let url = format!("{}/me/numbers", server.base_url());
    server.shutdown().await;
    let err = reqwest::Client::new().get(url).send().await.unwrap_err();
    assert!(err.is_connect() || err.is_request(), "{err}");
}
