//! Try the TUI against the embedded demo backend until `bloocard --demo` is wired:
//! `cargo run --example tui_demo -- [auto|halfblocks|off] [--mouse]`. Logs go to
//! `$TMPDIR/bloocard-tui-demo.log`, never to the screen.

use bloocard::api::{Client, ClientOptions};
use bloocard::config::ApiKey;
use bloocard::demo::{DemoOptions, DemoServer};
use bloocard::tui::{ImageMode, TuiOptions};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let log = std::fs::File::create(std::env::temp_dir().join("bloocard-tui-demo.log"))?;
    tracing_subscriber::fmt()
        .with_writer(std::sync::Mutex::new(log))
        .with_ansi(false)
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let image = match args.first().map(String::as_str) {
        Some("halfblocks") => ImageMode::Halfblocks,
        Some("off") => ImageMode::Off,
        _ => ImageMode::Auto,
    };
    let server = DemoServer::start(DemoOptions {
        port: 0,
        faults: false,
        api_key: None,
    })
    .await?;
    let client = Client::new(ClientOptions::new(
        server.base_url(),
        ApiKey::new(server.api_key())?,
    ))?;
    let options = TuiOptions {
        image,
        mouse: args.iter().any(|a| a == "--mouse"),
        from_number: std::env::var("BLOOIO_FROM_NUMBER").ok(),
    };
    let result = bloocard::tui::run(client, options).await;
    server.shutdown().await;
    result?;
    Ok(())
}
