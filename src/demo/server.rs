//! Starting and stopping the demo backend. It runs its own accept loop over hyper (rather than
//! `axum::serve`) so that a `drop` fault can close a connection without answering.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};

use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;

use super::control::DemoControl;
use super::gate::{Gate, handle};
use super::knobs::knobs_router;
use super::recorder::RequestLog;
use super::routes::{BASE_PATH, api_router};
use super::seed_conversations::seeded_state;

#[derive(Debug, Clone, Default)]
pub struct DemoOptions {
    /// 0 picks a free port.
    pub port: u16,
    /// Serve the `/__demo/…` knobs over HTTP (request recording included).
    pub faults: bool,
    /// Keep a log of the requests received ([`DemoControl::requests`]). Tests ask for it;
    /// `faults` turns it on too, for `GET /__demo/requests`. Off otherwise: nothing is recorded
    /// for `bloocard --demo` or a plain `demo-server`.
    pub record_requests: bool,
    /// The key clients must send; a random `bl_demo_…` key when absent.
    pub api_key: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(
        "the demo server could not listen on 127.0.0.1:{port}: {}",
        crate::io_error::Words(source)
    )]
    Bind { port: u16, source: std::io::Error },
    #[error("the demo API key must be non-empty visible ASCII without spaces")]
    BadKey,
}

/// A running demo backend. Dropping it stops it too; [`DemoServer::shutdown`] also waits.
pub struct DemoServer {
    base_url: String,
    addr: SocketAddr,
    api_key: String,
    control: DemoControl,
    stop: watch::Sender<bool>,
    accept: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for DemoServer {
    // The key stays out of Debug output, as everywhere in bloocard.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DemoServer")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

fn random_key() -> String {
    let mut rng = fastrand::Rng::new();
    let tail: String = (0..32).map(|_| rng.alphanumeric()).collect();
    format!("bl_demo_{tail}")
}

impl DemoServer {
    /// Binds `127.0.0.1:port` (never another interface) and starts serving on the current runtime.
    pub async fn start(opts: DemoOptions) -> Result<DemoServer, DemoError> {
        let api_key = match opts.api_key {
            Some(k) if !k.is_empty() && k.bytes().all(|b| b.is_ascii_graphic()) => k,
            Some(_) => return Err(DemoError::BadKey),
            None => random_key(),
        };
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, opts.port))
            .await
            .map_err(|source| DemoError::Bind {
                port: opts.port,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| DemoError::Bind {
            port: opts.port,
            source,
        })?;
        let mut state = seeded_state();
        state.requests = RequestLog::new(opts.record_requests || opts.faults);
        let control = DemoControl {
            state: Arc::new(Mutex::new(state)),
        };
        let gate = Arc::new(Gate {
            ctl: control.clone(),
            api_key: api_key.clone(),
            api: api_router(control.clone()),
            knobs: opts.faults.then(|| knobs_router(control.clone())),
        });
        let (stop, stopped) = watch::channel(false);
        let accept = tokio::spawn(accept_loop(listener, gate, stopped));
        Ok(DemoServer {
            base_url: format!("http://{addr}{BASE_PATH}"),
            addr,
            api_key,
            control,
            stop,
            accept: Some(accept),
        })
    }

    /// `http://127.0.0.1:PORT/v2/api`
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn api_key(&self) -> &str {
        &self.api_key
    }

    pub fn control(&self) -> DemoControl {
        self.control.clone()
    }

    /// Stops accepting, closes open connections and waits for the server task to end.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(accept) = self.accept.take() {
            let _ = accept.await;
        }
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

async fn accept_loop(listener: TcpListener, gate: Arc<Gate>, mut stopped: watch::Receiver<bool>) {
    let mut connections = tokio::task::JoinSet::new();
    loop {
        tokio::select! {
            _ = stopped.changed() => break,
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(e) => {
                        // Out of file descriptors and the like: back off instead of spinning.
                        tracing::warn!(error = %e, "demo server: accept failed");
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                        continue;
                    }
                };
                connections.spawn(serve_connection(stream, gate.clone(), stopped.clone()));
            }
            // Reap finished connections so the set does not grow over a long session.
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    connections.shutdown().await;
}

async fn serve_connection(
    stream: tokio::net::TcpStream,
    gate: Arc<Gate>,
    mut stopped: watch::Receiver<bool>,
) {
    let kill = Arc::new(Notify::new());
    let service = {
        let kill = kill.clone();
        hyper::service::service_fn(move |req| handle(gate.clone(), kill.clone(), req))
    };
    let conn = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        result = conn => {
            if let Err(e) = result {
                tracing::debug!(error = %e, "demo server: connection ended with an error");
            }
        }
        // Dropping the connection future closes the socket with no answer written.
        _ = kill.notified() => {}
        _ = stopped.changed() => {}
    }
}
