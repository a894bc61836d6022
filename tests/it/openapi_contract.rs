//! The demo backend against Blooio's own OpenAPI document (a copy of the cut-down v2 spec in
//! `tests/it/fixtures/`): every operation's answers, success and error, must validate against the
//! schema the spec gives for that status, so the backend cannot drift from the real API.
//!
//! OpenAPI 3.0 schemas are not quite JSON Schema, so they are converted first: `nullable` becomes
//! a `null` type (or an `anyOf` with null), `$ref`s into `#/components` are inlined, and examples
//! are dropped. Success bodies are checked strictly (`additionalProperties: false`), so the backend
//! cannot invent fields; error bodies may carry context fields, as the spec's 403 example does.

use bloocard::api::retry::RetryPolicy;
use bloocard::api::{
    Attachment, CardUpdate, Client, ClientOptions, MessageText, SendMessage, SharingUpdate,
};
use bloocard::config::ApiKey;
use bloocard::demo::seed::{INACTIVE, INBOUND, MAYA, SHARED};
use bloocard::demo::{DemoOptions, DemoServer};
use reqwest::Method;
use serde_json::{Map, Value, json};

const SPEC: &str = include_str!("fixtures/blooio-v2-cards-and-chats.openapi.json");
const ERROR_REF: &str = "#/components/schemas/Error";

/// Statuses the backend answers that the spec does not list for the operation, and why. Their
/// bodies are still checked against the spec's `Error` schema.
const UNLISTED: &[(&str, &str, u16, &str)] = &[
    (
        "get",
        "/me/numbers/{number}/contact-card",
        501,
        "the endpoint is marked coming soon / temporarily disabled",
    ),
    (
        "get",
        "/chats",
        400,
        "limit must be 1-200 and sort an enum value, as the parameters say",
    ),
    (
        "post",
        "/chats/{chatId}/contact-card",
        400,
        "an invalid chat id",
    ),
    (
        "post",
        "/chats/{chatId}/contact-card",
        403,
        "the description: non-dedicated plans receive a 403",
    ),
    (
        "post",
        "/chats/{chatId}/contact-card",
        404,
        "an unknown grp_ id",
    ),
];

struct Spec {
    doc: Value,
}

impl Spec {
    fn load() -> Self {
        Self {
            doc: serde_json::from_str(SPEC).unwrap(),
        }
    }

    fn resolve<'a>(&'a self, node: &'a Value) -> &'a Value {
        match node.get("$ref").and_then(Value::as_str) {
            Some(r) => self.resolve(self.doc.pointer(r.trim_start_matches('#')).unwrap()),
            None => node,
        }
    }

    /// OpenAPI 3.0 schema → JSON Schema. `strict` closes objects to unknown properties.
    fn convert(&self, node: &Value, strict: bool) -> Value {
        let Value::Object(map) = node else {
            return node.clone();
        };
        if let Some(r) = map.get("$ref").and_then(Value::as_str) {
            let target = self.doc.pointer(r.trim_start_matches('#')).unwrap();
            return self.convert(target, strict && r != ERROR_REF);
        }
        let mut out = Map::new();
        for (k, v) in map {
            let converted = match k.as_str() {
                "nullable" | "example" | "examples" | "discriminator" | "xml" | "externalDocs" => {
                    continue;
                }
                "properties" => Value::Object(
                    v.as_object()
                        .unwrap()
                        .iter()
                        .map(|(name, s)| (name.clone(), self.convert(s, strict)))
                        .collect(),
                ),
                "items" | "additionalProperties" | "not" => self.convert(v, strict),
                "oneOf" | "anyOf" | "allOf" => Value::Array(
                    v.as_array()
                        .unwrap()
                        .iter()
                        .map(|s| self.convert(s, strict))
                        .collect(),
                ),
                _ => v.clone(),
            };
            out.insert(k.clone(), converted);
        }
        if strict && out.get("type") == Some(&json!("object")) && out.contains_key("properties") {
            out.entry("additionalProperties").or_insert(json!(false));
        }
        if map.get("nullable") == Some(&json!(true)) {
            if let Some(Value::Array(values)) = out.get_mut("enum")
                && !values.contains(&Value::Null)
            {
                values.push(Value::Null);
            }
            match out.get("type").cloned() {
                Some(Value::String(t)) => {
                    out.insert("type".into(), json!([t, "null"]));
                }
                _ => return json!({"anyOf": [Value::Object(out), {"type": "null"}]}),
            }
        }
        Value::Object(out)
    }

    fn operation(&self, method: &str, template: &str) -> &Value {
        self.doc["paths"][template]
            .get(method)
            .unwrap_or_else(|| panic!("the spec has no {method} {template}"))
    }

    /// The JSON Schema an answer with `status` must satisfy.
    fn response_schema(&self, method: &str, template: &str, status: u16) -> Value {
        let responses = &self.operation(method, template)["responses"];
        let listed = responses.get(status.to_string());
        if listed.is_none() {
            assert!(
                UNLISTED
                    .iter()
                    .any(|(m, t, s, _)| *m == method && *t == template && *s == status),
                "{method} {template} answered {status}, which the spec does not list (and it is not in UNLISTED)"
            );
        }
        let schema = listed
            .map(|r| self.resolve(r))
            .and_then(|r| r.pointer("/content/application~1json/schema"));
        match schema {
            Some(s) => self.convert(s, status < 400),
            // Listed without a body schema (e.g. 403 on the card endpoints): Blooio's error shape.
            None => self.convert(&json!({"$ref": ERROR_REF}), false),
        }
    }

    fn request_schema(&self, method: &str, template: &str) -> Value {
        let schema = self
            .operation(method, template)
            .pointer("/requestBody/content/application~1json/schema")
            .unwrap();
        self.convert(schema, true)
    }
}

fn validate(schema: &Value, instance: &Value, what: &str) {
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(schema)
        .unwrap_or_else(|e| {
            panic!("{what}: the converted schema does not compile: {e}\n{schema:#}")
        });
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}\nbody: {instance:#}");
}

/// Calls the demo backend and checks every answer against the spec.
struct Checker {
    spec: Spec,
    http: reqwest::Client,
    base: String,
    key: String,
    seen: Vec<(String, String, u16)>,
}

impl Checker {
    fn new(server: &DemoServer) -> Self {
        Self {
            spec: Spec::load(),
            http: reqwest::Client::new(),
            base: server.base_url().to_owned(),
            key: server.api_key().to_owned(),
            seen: Vec::new(),
        }
    }

    /// Sends `method path` (path already encoded) and checks the answer; returns status and body.
    async fn call(
        &mut self,
        method: Method,
        template: &str,
        path: &str,
        body: Option<Value>,
        auth: bool,
    ) -> (u16, Value) {
        self.call_keyed(method, template, path, body, auth, None)
            .await
    }

    async fn call_keyed(
        &mut self,
        method: Method,
        template: &str,
        path: &str,
        body: Option<Value>,
        auth: bool,
        idempotency_key: Option<&str>,
    ) -> (u16, Value) {
        let mut req = self
            .http
            .request(method.clone(), format!("{}{path}", self.base));
        if auth {
            req = req.bearer_auth(&self.key);
        }
        if let Some(k) = idempotency_key {
            req = req.header("Idempotency-Key", k);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        let body: Value = resp.json().await.unwrap();
        let m = method.as_str().to_lowercase();
        let schema = self.spec.response_schema(&m, template, status);
        validate(&schema, &body, &format!("{method} {path} -> {status}"));
        if status >= 400 {
            assert_eq!(body["error"], "ApiError", "{body}");
            assert_eq!(body["status"], status, "{body}");
            assert!(
                body["code"].is_string() && body["message"].is_string(),
                "{body}"
            );
        }
        self.seen.push((m, template.to_owned(), status));
        (status, body)
    }

    async fn get(&mut self, template: &str, path: &str) -> (u16, Value) {
        self.call(Method::GET, template, path, None, true).await
    }

    async fn put_card(&mut self, number: &str, body: Value) -> (u16, Value) {
        let path = format!("/me/numbers/{}/contact-card", enc(number));
        self.call(Method::PUT, CARD, &path, Some(body), true).await
    }

    async fn send(&mut self, chat: &str, body: Value, key: Option<&str>) -> (u16, Value) {
        let path = format!("/chats/{}/messages", enc(chat));
        self.call_keyed(Method::POST, MESSAGES, &path, Some(body), true, key)
            .await
    }

    fn saw(&self, method: &str, template: &str, status: u16) -> bool {
        self.seen
            .iter()
            .any(|(m, t, s)| m == method && t == template && *s == status)
    }
}

const NUMBERS: &str = "/me/numbers";
const CARD: &str = "/me/numbers/{number}/contact-card";
const CHATS: &str = "/chats";
const CHAT: &str = "/chats/{chatId}";
const MESSAGES: &str = "/chats/{chatId}/messages";
const STATUS: &str = "/chats/{chatId}/messages/{messageId}/status";
const SHARE: &str = "/chats/{chatId}/contact-card";

fn enc(s: &str) -> String {
    s.replace('+', "%2B")
        .replace(',', "%2C")
        .replace('@', "%40")
}

#[tokio::test]
async fn numbers_and_cards_answer_as_the_spec_says() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let mut c = Checker::new(&server);
    let (s, body) = c.get(NUMBERS, NUMBERS).await;
    assert_eq!(s, 200);
    assert_eq!(body["numbers"].as_array().unwrap().len(), 5);
    c.call(Method::GET, NUMBERS, NUMBERS, None, false).await;

    for number in [MAYA, SHARED, INACTIVE] {
        assert_eq!(
            c.get(CARD, &format!("/me/numbers/{}/contact-card", enc(number)))
                .await
                .0,
            200
        );
    }
    c.get(CARD, "/me/numbers/+14155550123/contact-card").await;
    c.get(CARD, "/me/numbers/4155550123/contact-card").await;
    c.get(CARD, "/me/numbers/%2B15550009999/contact-card").await;
    c.call(
        Method::GET,
        CARD,
        "/me/numbers/%2B14155550123/contact-card",
        None,
        false,
    )
    .await;
    server.control().set_card_read_disabled(true);
    assert_eq!(
        c.get(CARD, "/me/numbers/%2B14155550123/contact-card")
            .await
            .0,
        501
    );
    server.control().set_card_read_disabled(false);

    assert_eq!(
        c.put_card(
            MAYA,
            json!({"first_name": "Maya", "sharing": {"audience": 0}})
        )
        .await
        .0,
        200
    );
    assert_eq!(
        c.put_card(MAYA, json!({"sharing": {"audience": 7}}))
            .await
            .0,
        400
    );
    assert_eq!(c.put_card(SHARED, json!({"last_name": "X"})).await.0, 403);
    assert_eq!(c.put_card("+15550009999", json!({})).await.0, 403);
    assert_eq!(
        c.put_card(INACTIVE, json!({"sharing": {"enabled": true}}))
            .await
            .0,
        502
    );
    let path = "/me/numbers/%2B14155550123/contact-card";
    c.call(Method::PUT, CARD, path, Some(json!({})), false)
        .await;

    for (m, t, s) in [
        ("get", NUMBERS, 200),
        ("get", NUMBERS, 401),
        ("get", CARD, 200),
        ("get", CARD, 400),
        ("get", CARD, 401),
        ("get", CARD, 403),
        ("put", CARD, 200),
        ("put", CARD, 400),
        ("put", CARD, 401),
        ("put", CARD, 403),
        ("put", CARD, 502),
    ] {
        assert!(c.saw(m, t, s), "{m} {t} {s} was not exercised");
    }
}

#[tokio::test]
async fn chats_messages_and_sends_answer_as_the_spec_says() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let mut c = Checker::new(&server);
    let (_, chats) = c.get(CHATS, "/chats").await;
    let ids: Vec<String> = chats["chats"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(ids.iter().any(|i| i.starts_with("grp_")) && ids.iter().any(|i| i.contains('@')));
    c.get(CHATS, "/chats?q=sam&limit=1&offset=0&sort=oldest")
        .await;
    assert_eq!(c.get(CHATS, "/chats?limit=0").await.0, 400);
    c.call(Method::GET, CHATS, "/chats", None, false).await;

    for id in &ids {
        assert_eq!(c.get(CHAT, &format!("/chats/{}", enc(id))).await.0, 200);
        let (s, _) = c
            .get(
                MESSAGES,
                &format!("/chats/{}/messages?limit=200&sort=asc", enc(id)),
            )
            .await;
        assert_eq!(s, 200);
    }
    c.get(
        MESSAGES,
        "/chats/%2B16505550134/messages?direction=inbound&since=0&until=99999999999999",
    )
    .await;
    c.get(CHAT, "/chats/%2B19995550100").await;
    c.get(CHAT, "/chats/nope").await;
    c.call(Method::GET, CHAT, "/chats/%2B16505550134", None, false)
        .await;
    c.get(MESSAGES, "/chats/%2B19995550100/messages").await;
    c.get(MESSAGES, "/chats/%2B16505550134/messages?limit=500")
        .await;
    c.call(
        Method::GET,
        MESSAGES,
        "/chats/%2B16505550134/messages",
        None,
        false,
    )
    .await;

    let (s, first) = c
        .send(
            "+16505550134",
            json!({"text": "Hi", "from_number": MAYA, "share_contact": true}),
            Some("k1"),
        )
        .await;
    assert_eq!(s, 202);
    assert_eq!(
        c.send(
            "+16505550134",
            json!({"text": "Hi", "from_number": MAYA}),
            Some("k1")
        )
        .await,
        (200, first.clone())
    );
    let (s, group) = c.send("+15105550101,+15105550102", json!({"text": ["a", "b"], "attachments": [{"url": "https://x.test/a.jpg", "name": "a.jpg"}]}), None).await;
    assert_eq!(s, 202);
    assert_eq!(group["group_created"], true);
    let batch = json!({"parts": [{"text": "https://blooio.com", "link_preview": {"title": "Blooio"}}, {"text": "https://example.com"}]});
    assert_eq!(
        c.send("daniel.cho@example.com", batch, None).await.1["count"],
        2
    );
    let reply = json!({"text": "re", "reply_to": {"guid": "ABC"}, "from_number": MAYA});
    assert_eq!(
        c.send("+16505550134", reply, None).await.1["parent_unresolved"],
        true
    );
    assert_eq!(
        c.send("+16505550134", json!({"text": 1}), None).await.0,
        400
    );
    assert_eq!(
        c.send(
            "+19995550100",
            json!({"text": "x", "from_number": INBOUND}),
            None
        )
        .await
        .0,
        403
    );
    assert_eq!(
        c.send("grp_nothere", json!({"text": "x"}), None).await.0,
        404
    );
    assert_eq!(
        c.send(
            "+16505550134",
            json!({"text": "x", "reply_to": {"message_id": "msg_none"}}),
            None
        )
        .await
        .0,
        404
    );
    assert_eq!(
        c.send(
            "+16505550134",
            json!({"text": "x", "from_number": INACTIVE}),
            None
        )
        .await
        .0,
        503
    );
    c.call(
        Method::POST,
        MESSAGES,
        "/chats/%2B16505550134/messages",
        Some(json!({"text": "x"})),
        false,
    )
    .await;

    let id = first["message_id"].as_str().unwrap();
    for _ in 0..3 {
        c.get(
            STATUS,
            &format!("/chats/%2B16505550134/messages/{id}/status"),
        )
        .await;
    }
    c.get(STATUS, "/chats/%2B16505550134/messages/msg_none/status")
        .await;
    c.get(STATUS, "/chats/bad/messages/msg_none/status").await;
    c.call(
        Method::GET,
        STATUS,
        &format!("/chats/%2B16505550134/messages/{id}/status"),
        None,
        false,
    )
    .await;

    for (path, expect) in [
        ("/chats/%2B16505550134/contact-card", 200),
        ("/chats/%2B19995550100/contact-card", 200),
        ("/chats/%2B12065550155/contact-card", 403),
        ("/chats/bad/contact-card", 400),
        ("/chats/grp_nothere/contact-card", 404),
    ] {
        assert_eq!(
            c.call(Method::POST, SHARE, path, None, true).await.0,
            expect,
            "{path}"
        );
    }
    c.call(
        Method::POST,
        SHARE,
        "/chats/%2B16505550134/contact-card",
        None,
        false,
    )
    .await;

    for (m, t, s) in [
        ("get", CHATS, 200),
        ("get", CHATS, 401),
        ("get", CHAT, 200),
        ("get", CHAT, 400),
        ("get", CHAT, 401),
        ("get", CHAT, 404),
        ("get", MESSAGES, 200),
        ("get", MESSAGES, 400),
        ("get", MESSAGES, 401),
        ("get", MESSAGES, 404),
        ("post", MESSAGES, 200),
        ("post", MESSAGES, 202),
        ("post", MESSAGES, 400),
        ("post", MESSAGES, 401),
        ("post", MESSAGES, 403),
        ("post", MESSAGES, 404),
        ("post", MESSAGES, 503),
        ("get", STATUS, 200),
        ("get", STATUS, 400),
        ("get", STATUS, 401),
        ("get", STATUS, 404),
        ("post", SHARE, 200),
        ("post", SHARE, 401),
    ] {
        assert!(c.saw(m, t, s), "{m} {t} {s} was not exercised");
    }
}

/// The other direction: what bloocard's own client sends fits the spec's request schemas, closed
/// to unknown fields.
#[tokio::test]
async fn bloocard_client_requests_fit_the_spec() {
    let server = DemoServer::start(DemoOptions {
        record_requests: true,
        ..DemoOptions::default()
    })
    .await
    .unwrap();
    let mut opts = ClientOptions::new(server.base_url(), ApiKey::new(server.api_key()).unwrap());
    opts.retry = RetryPolicy::none();
    let api = Client::new(opts).unwrap();
    api.update_card(
        MAYA,
        &CardUpdate {
            first_name: Some("Maya".into()),
            sharing: Some(SharingUpdate {
                enabled: Some(true),
                audience: Some(1),
                name_format: Some(0),
            }),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let message = SendMessage {
        text: Some(MessageText::Many(vec!["one".into(), "two".into()])),
        attachments: vec![
            Attachment::Url("https://x.test/a.jpg".into()),
            Attachment::Named {
                url: "https://x.test/b.pdf".into(),
                name: "b.pdf".into(),
            },
        ],
        share_contact: Some(true),
        from_number: Some(MAYA.into()),
    };
    api.send_message("+16505550134", &message, "key")
        .await
        .unwrap();

    let spec = Spec::load();
    let requests = server.control().requests();
    assert_eq!(requests.len(), 2);
    validate(
        &spec.request_schema("put", CARD),
        requests[0].body.as_ref().unwrap(),
        "PUT body",
    );
    validate(
        &spec.request_schema("post", MESSAGES),
        requests[1].body.as_ref().unwrap(),
        "send body",
    );
    // And the closed schema does catch a stray field.
    let mut stray = requests[1].body.clone().unwrap();
    stray["priority"] = json!(1);
    assert!(!jsonschema::is_valid(
        &spec.request_schema("post", MESSAGES),
        &stray
    ));
}

#[test]
fn nullable_and_refs_convert_to_json_schema() {
    let spec = Spec::load();
    let numbers = spec.response_schema("get", NUMBERS, 200);
    let item = &numbers["properties"]["numbers"]["items"];
    assert_eq!(
        item["properties"]["last_active"]["type"],
        json!(["string", "null"])
    );
    assert!(jsonschema::is_valid(item, &json!({"plan_kind": null})));
    assert!(!jsonschema::is_valid(
        item,
        &json!({"plan_kind": "platinum"})
    ));
    assert!(!jsonschema::is_valid(
        item,
        &json!({"phone_number": "+1", "extra": 1})
    ));
    // `$ref` to Message, whose `reply_to` is a nullable allOf.
    let messages = spec.response_schema("get", MESSAGES, 200);
    let message = &messages["properties"]["messages"]["items"];
    assert!(jsonschema::is_valid(message, &json!({"reply_to": null})));
    assert!(!jsonschema::is_valid(
        message,
        &json!({"reply_to": {"guid": "x"}})
    ));
    assert!(!jsonschema::is_valid(
        message,
        &json!({"status": "received"})
    ));
    // Errors stay open for context fields.
    let error = spec.response_schema("post", MESSAGES, 403);
    assert!(jsonschema::is_valid(
        &error,
        &json!({"error": "ApiError", "status": 403, "allocation_id": "a"})
    ));
    assert!(!jsonschema::is_valid(&error, &json!({"status": "403"})));
}
