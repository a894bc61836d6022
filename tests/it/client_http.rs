//! The API client over real HTTP against a scripted loopback server: retries, Retry-After,
//! idempotency, timeouts, malformed and oversized bodies, error sentences, path encoding.

use crate::common;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use bloocard::api::retry::RetryPolicy;
use bloocard::api::{ApiError, CardUpdate, Client, ClientOptions, MessageText, SendMessage};
use bloocard::config::ApiKey;

const KEY: &str = common::CANARY_KEY;

#[derive(Clone)]
struct Scripted {
    status: u16,
    body: String,
    headers: Vec<(&'static str, String)>,
    delay: Duration,
}

fn reply(status: u16, body: &str) -> Scripted {
    Scripted {
        status,
        body: body.to_owned(),
        headers: vec![("content-type", "application/json".into())],
        delay: Duration::ZERO,
    }
}

#[derive(Debug, Clone)]
struct Seen {
    method: Method,
    uri: String,
    headers: HeaderMap,
    body: Vec<u8>,
}

#[derive(Clone, Default)]
struct Mock {
    script: Arc<Mutex<VecDeque<Scripted>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Mock {
    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

async fn handle(
    axum::extract::State(mock): axum::extract::State<Mock>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    mock.seen.lock().unwrap().push(Seen {
        method,
        uri: uri.to_string(),
        headers,
        body: body.to_vec(),
    });
    let next = mock.script.lock().unwrap().pop_front();
    let Some(s) = next else {
        return (StatusCode::IM_A_TEAPOT, "script exhausted").into_response();
    };
    tokio::time::sleep(s.delay).await;
    let mut resp = (StatusCode::from_u16(s.status).unwrap(), s.body).into_response();
    for (k, v) in s.headers {
        resp.headers_mut().insert(k, v.parse().unwrap());
    }
    resp
}

/// Starts a mock that answers with `script` in order, and a client pointed at it.
async fn serve(script: Vec<Scripted>, tweak: impl FnOnce(&mut ClientOptions)) -> (Mock, Client) {
    let mock = Mock::default();
    mock.script.lock().unwrap().extend(script);
    let app = axum::Router::new()
        .fallback(handle)
        .with_state(mock.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let mut options =
        ClientOptions::new(format!("http://{addr}/v2/api"), ApiKey::new(KEY).unwrap());
    options.retry = RetryPolicy {
        base_delay: Duration::from_millis(10),
        ..RetryPolicy::default()
    };
    tweak(&mut options);
    (mock, Client::new(options).unwrap())
}

fn assert_no_key(text: &str) {
    assert!(!text.contains(KEY), "key leaked: {text}");
}

#[tokio::test]
async fn path_values_are_encoded_once_and_auth_is_sent() {
    let (mock, client) = serve(vec![reply(200, r#"{"first_name":"A"}"#)], |_| {}).await;
    let card = client.get_card("+15551234567").await.unwrap();
    assert_eq!(card.first_name.as_deref(), Some("A"));
    let seen = mock.seen();
    assert_eq!(
        seen[0].uri,
        "/v2/api/me/numbers/%2B15551234567/contact-card"
    );
    assert_eq!(seen[0].headers["authorization"], format!("Bearer {KEY}"));
    assert!(
        seen[0].headers["user-agent"]
            .to_str()
            .unwrap()
            .starts_with("bloocard/")
    );
}

#[tokio::test]
async fn chat_ids_with_at_and_comma_are_encoded() {
    let ok = r#"{"success":true}"#;
    let (mock, client) = serve(vec![reply(200, ok), reply(200, ok)], |_| {}).await;
    client.share_card("user@example.com").await.unwrap();
    client
        .share_card("+15551234567,+15559876543")
        .await
        .unwrap();
    let seen = mock.seen();
    assert_eq!(seen[0].uri, "/v2/api/chats/user%40example.com/contact-card");
    assert_eq!(
        seen[1].uri,
        "/v2/api/chats/%2B15551234567%2C%2B15559876543/contact-card"
    );
}

#[tokio::test]
async fn put_body_contains_only_given_fields() {
    let (mock, client) = serve(vec![reply(200, r#"{"success":true}"#)], |_| {}).await;
    let update = CardUpdate {
        last_name: Some("Doe".into()),
        ..Default::default()
    };
    client.update_card("+1555", &update).await.unwrap();
    let body: serde_json::Value = serde_json::from_slice(&mock.seen()[0].body).unwrap();
    assert_eq!(body, serde_json::json!({"last_name": "Doe"}));
    assert_eq!(mock.seen()[0].method, Method::PUT);
}

#[tokio::test]
async fn rate_limit_is_retried_after_the_servers_delay() {
    let mut limited = reply(
        429,
        r#"{"error":"ApiError","message":"slow down","status":429}"#,
    );
    limited.headers.push(("retry-after", "1".into()));
    let (mock, client) = serve(vec![limited, reply(200, r#"{"numbers":[]}"#)], |_| {}).await;
    let started = Instant::now();
    client.list_numbers().await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After not honoured"
    );
    assert_eq!(mock.seen().len(), 2);
}

#[tokio::test]
async fn quota_429_and_503_are_shown_not_retried() {
    let quota = reply(
        429,
        r#"{"error":"ApiError","message":"Daily cap","status":429,"code":"new_conversation_limit_reached"}"#,
    );
    let (mock, client) = serve(vec![quota], |_| {}).await;
    let msg = SendMessage {
        text: Some(MessageText::One("hi".into())),
        ..Default::default()
    };
    let err = client.send_message("+1555", &msg, "k1").await.unwrap_err();
    assert!(matches!(err, ApiError::Quota(_)));
    assert_eq!(
        err.to_string(),
        "a sending limit was reached (HTTP 429 new_conversation_limit_reached: \"Daily cap\"); it will not clear by retrying now"
    );
    assert_eq!(mock.seen().len(), 1);

    let offline = reply(
        503,
        r#"{"error":"ApiError","message":"No active number available","status":503}"#,
    );
    let (mock, client) = serve(vec![offline], |_| {}).await;
    let err = client.share_card("+1555").await.unwrap_err();
    assert!(matches!(err, ApiError::DeviceUnavailable(_)));
    assert!(
        err.to_string()
            .contains("HTTP 503: \"No active number available\"")
    );
    assert_eq!(mock.seen().len(), 1);
}

#[tokio::test]
async fn retried_send_reuses_its_idempotency_key() {
    let (mock, client) = serve(
        vec![
            reply(502, "{}"),
            reply(504, "{}"),
            reply(202, r#"{"message_id":"msg_1","status":"queued"}"#),
        ],
        |_| {},
    )
    .await;
    let msg = SendMessage {
        text: Some(MessageText::One("hi".into())),
        from_number: Some("+1555".into()),
        ..Default::default()
    };
    let sent = client.send_message("+1666", &msg, "key-123").await.unwrap();
    assert_eq!(sent.message_id.as_deref(), Some("msg_1"));
    let seen = mock.seen();
    assert_eq!(seen.len(), 3);
    for s in &seen {
        assert_eq!(s.headers["idempotency-key"], "key-123");
    }
}

#[tokio::test]
async fn server_errors_give_up_after_two_retries() {
    let (mock, client) = serve(
        vec![reply(502, "{}"), reply(502, "{}"), reply(502, "{}")],
        |_| {},
    )
    .await;
    let err = client.list_numbers().await.unwrap_err();
    assert!(matches!(err, ApiError::Server(_)), "{err:?}");
    assert_eq!(mock.seen().len(), 3);
}

#[tokio::test]
async fn client_errors_are_classified_with_their_sentence() {
    let cases = [
        (
            401,
            r#"{"error":"ApiError","message":"Invalid API key","status":401}"#,
            "Blooio rejected the API key (HTTP 401: \"Invalid API key\"); check BLOOIO_API_KEY or --api-key-file",
        ),
        (
            403,
            r#"{"error":"ApiError","message":"Phone number not accessible","status":403}"#,
            "Blooio refused this request (HTTP 403: \"Phone number not accessible\")",
        ),
        (
            404,
            r#"{"error":"ApiError","status":404}"#,
            "Blooio does not know this number, chat or message (HTTP 404: \"Not Found\")",
        ),
        (
            400,
            r#"{"error":"ApiError","message":"audience must be 0 or 1","status":400}"#,
            "Blooio rejected the request as invalid (HTTP 400: \"audience must be 0 or 1\")",
        ),
        (
            500,
            "<html>oops</html>",
            "Blooio had a server error (HTTP 500: \"Internal Server Error\")",
        ),
    ];
    for (status, body, sentence) in cases {
        let (mock, client) = serve(vec![reply(status, body)], |_| {}).await;
        let err = client.get_card("+1555").await.unwrap_err();
        assert_eq!(err.to_string(), sentence);
        assert_eq!(err.status(), Some(status));
        assert_eq!(mock.seen().len(), 1, "{status} must not be retried");
        assert_no_key(&err.to_string());
        assert_no_key(&format!("{err:?}"));
    }
}

#[tokio::test]
async fn a_slow_server_times_out_with_a_clear_error() {
    let mut slow = reply(200, r#"{"numbers":[]}"#);
    slow.delay = Duration::from_secs(5);
    let (mock, client) = serve(vec![slow], |o| o.timeout = Duration::from_millis(300)).await;
    let err = client.list_numbers().await.unwrap_err();
    assert!(matches!(err, ApiError::Timeout(_)), "{err:?}");
    assert_eq!(mock.seen().len(), 1);
}

#[tokio::test]
async fn malformed_json_is_a_clear_error() {
    let (_, client) = serve(vec![reply(200, r#"{"numbers": [tru"#)], |_| {}).await;
    let err = client.list_numbers().await.unwrap_err();
    assert!(
        matches!(err, ApiError::Malformed { status: 200, .. }),
        "{err:?}"
    );
    assert!(err.to_string().starts_with(
        "Blooio sent a response bloocard cannot read (HTTP 200): the body is not JSON"
    ));

    let (_, client) = serve(vec![reply(200, r#"{"numbers": "many"}"#)], |_| {}).await;
    let err = client.list_numbers().await.unwrap_err();
    assert!(err.to_string().contains("unexpected JSON shape"), "{err}");
}

#[tokio::test]
async fn missing_fields_still_parse() {
    let (_, client) = serve(vec![reply(200, "{}")], |_| {}).await;
    let card = client.get_card("+1555").await.unwrap();
    assert_eq!(card.first_name, None);
    assert_eq!(card.sharing, None);
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let huge = format!(r#"{{"numbers":[],"pad":"{}"}}"#, "x".repeat(64 * 1024));
    let (_, client) = serve(vec![reply(200, &huge)], |o| o.max_body_bytes = 16 * 1024).await;
    let err = client.list_numbers().await.unwrap_err();
    assert!(
        matches!(err, ApiError::TooLarge { limit: 16384 }),
        "{err:?}"
    );
}

#[tokio::test]
async fn dropped_and_refused_connections_are_network_errors() {
    // A server that accepts and closes without answering, every time.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let accepted = Arc::new(Mutex::new(0));
    let count = accepted.clone();
    tokio::spawn(async move {
        while let Ok((sock, _)) = listener.accept().await {
            *count.lock().unwrap() += 1;
            drop(sock);
        }
    });
    let mut options =
        ClientOptions::new(format!("http://{addr}/v2/api"), ApiKey::new(KEY).unwrap());
    options.retry.base_delay = Duration::from_millis(5);
    let err = Client::new(options)
        .unwrap()
        .list_numbers()
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Network(_)), "{err:?}");
    assert_eq!(
        *accepted.lock().unwrap(),
        3,
        "dropped connections are retried twice"
    );
    assert_no_key(&err.to_string());

    // Nothing listens on a port we just freed.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut options = ClientOptions::new(
        format!("http://127.0.0.1:{port}/v2/api"),
        ApiKey::new(KEY).unwrap(),
    );
    options.retry = RetryPolicy::none();
    let err = Client::new(options)
        .unwrap()
        .list_numbers()
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("could not connect to Blooio at 127.0.0.1:"),
        "{err}"
    );
    assert!(matches!(err, ApiError::Connect(_)), "{err:?}");
    assert!(!err.may_have_arrived(), "a refused connection sent nothing");
    assert!(!err.to_string().contains("os error"), "{err}");
}

/// A send whose first attempt was read and dropped may have been sent, even though its retry
/// then met a refused connection: the error says so (the earlier attempt is the one reported).
#[tokio::test]
async fn a_send_dropped_after_writing_then_refused_may_still_have_arrived() {
    use tokio::io::AsyncReadExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        // One connection: read the request, close without answering, stop listening.
        if let Ok((mut sock, _)) = listener.accept().await {
            let mut buf = [0u8; 4096];
            let _ = sock.read(&mut buf).await;
        }
    });
    let mut options =
        ClientOptions::new(format!("http://{addr}/v2/api"), ApiKey::new(KEY).unwrap());
    options.retry.base_delay = Duration::from_millis(5);
    let message = SendMessage {
        text: Some(MessageText::One("hi".into())),
        ..SendMessage::default()
    };
    let err = Client::new(options)
        .unwrap()
        .send_message("+15551234567", &message, "key-1")
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Network(_)), "{err:?}");
    assert!(err.may_have_arrived(), "{err}");
}

#[tokio::test]
async fn plain_http_to_a_remote_host_is_refused_before_sending() {
    let err = Client::new(ClientOptions::new(
        "http://api.example.com/v2/api",
        ApiKey::new(KEY).unwrap(),
    ))
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "refusing to send the API key over plain http to api.example.com: use https (plain http is only allowed to this machine)"
    );
}

#[tokio::test]
async fn the_key_stays_out_of_debug_output() {
    let (_mock, client) = serve(Vec::new(), |_| {}).await;
    let options = ClientOptions::new("http://127.0.0.1:1/v2/api", ApiKey::new(KEY).unwrap());
    assert_no_key(&format!("{options:?} {options:#?}"));
    assert_no_key(&format!("{client:?} {client:#?}"));
    let server = bloocard::demo::DemoServer::start(bloocard::demo::DemoOptions {
        api_key: Some(KEY.into()),
        ..Default::default()
    })
    .await
    .unwrap();
    assert_eq!(server.api_key(), KEY, "the demo really holds the key");
    assert_no_key(&format!("{server:?} {server:#?}"));
}
