//! The networks people really have: TLS that trusts the system's store and `SSL_CERT_FILE` (a
//! company CA), and `HTTPS_PROXY`/`NO_PROXY`. A throwaway CA (made with the openssl CLI) signs a
//! certificate for `localhost`; a TLS terminator on loopback serves the demo backend with it; a
//! tiny CONNECT proxy on loopback records what went through it.

use crate::common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

use crate::common::{Demo, Run};
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// A CA and a server certificate for localhost and 127.0.0.1 it signed, in `dir`.
fn make_certificates(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let openssl = |args: &[&str]| {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .expect("the openssl CLI is installed (.ci/run installs it when missing)");
        assert!(
            out.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    let mut ca = vec!["req", "-x509"];
    ca.extend(ec);
    ca.extend([
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=bloocard test CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    ]);
    openssl(&ca);
    let mut csr = vec!["req"];
    csr.extend(ec);
    csr.extend([
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=localhost",
    ]);
    openssl(&csr);
    std::fs::write(
        dir.join("ext.cnf"),
        "subjectAltName=DNS:localhost,DNS:api.bloocard.test,IP:127.0.0.1\n\
         basicConstraints=critical,CA:FALSE\n\
         keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    openssl(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "ext.cnf",
    ]);
    (
        dir.join("ca.pem"),
        dir.join("server.pem"),
        dir.join("server.key"),
    )
}

/// TLS on a loopback port, passed through to the demo backend's plain HTTP port.
struct Terminator {
    port: u16,
    _rt: tokio::runtime::Runtime,
}

fn start_terminator(cert: &Path, key: &Path, backend: &str) -> Terminator {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let key = PrivateKeyDer::from_pem_file(key).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let port = listener.local_addr().unwrap().port();
    let backend = backend.to_owned();
    rt.spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            let backend = backend.clone();
            tokio::spawn(async move {
                // A client that refuses the certificate ends the handshake: nothing to serve.
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let Ok(mut plain) = tokio::net::TcpStream::connect(&backend).await else {
                    return;
                };
                let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
            });
        }
    });
    Terminator { port, _rt: rt }
}

/// A CONNECT proxy on loopback that records each request line it is sent and tunnels every one
/// to `127.0.0.1:target`, whatever host it names (so a name no DNS knows works through it).
fn start_proxy(target: u16) -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let log = log.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(client.try_clone().unwrap());
                let mut first = String::new();
                reader.read_line(&mut first).unwrap();
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).unwrap() == 0 || header == "\r\n" {
                        break;
                    }
                }
                log.lock().unwrap().push(first.trim_end().to_owned());
                let Ok(upstream) = TcpStream::connect(("127.0.0.1", target)) else {
                    return;
                };
                let mut client = client;
                client
                    .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                    .unwrap();
                pump(reader, upstream.try_clone().unwrap());
                pump(upstream, client);
            });
        }
    });
    (port, seen)
}

fn pump(mut from: impl Read + Send + 'static, mut to: TcpStream) {
    std::thread::spawn(move || {
        let _ = std::io::copy(&mut from, &mut to);
        let _ = to.shutdown(std::net::Shutdown::Write);
    });
}

struct Net {
    demo: Demo,
    tls: Terminator,
    ca: PathBuf,
    _dir: tempfile::TempDir,
}

fn setup() -> Net {
    let dir = tempfile::tempdir().unwrap();
    let (ca, cert, key) = make_certificates(dir.path());
    let demo = Demo::start();
    let backend = demo
        .base
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let tls = start_terminator(&cert, &key, &backend);
    Net {
        demo,
        tls,
        ca,
        _dir: dir,
    }
}

impl Net {
    /// `bloocard numbers` over TLS to `host`, with only the proxy and certificate variables in
    /// `env`.
    fn numbers(&self, host: &str, env: &[(&str, &str)]) -> Run {
        let mut cmd = self.demo.command(&["numbers"]);
        cmd.env("BLOOIO_API_KEY", common::CANARY_KEY)
            .env("BLOOCARD_TIMEOUT_SECS", "10")
            .env(
                "BLOOIO_BASE_URL",
                format!("https://{host}:{}/v2/api", self.tls.port),
            );
        for var in [
            "SSL_CERT_FILE",
            "SSL_CERT_DIR",
            "HTTPS_PROXY",
            "https_proxy",
            "HTTP_PROXY",
            "http_proxy",
            "ALL_PROXY",
            "all_proxy",
            "NO_PROXY",
            "no_proxy",
        ] {
            cmd.env_remove(var);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        common::run(cmd)
    }
}

#[test]
fn a_company_ca_in_ssl_cert_file_is_trusted_and_nothing_else_is() {
    let net = setup();
    let ca = net.ca.to_str().unwrap();
    let run = net.numbers("localhost", &[("SSL_CERT_FILE", ca)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("NUMBER"), "{}", run.stdout);

    // Without it the certificate is refused, in one line that says why.
    let run = net.numbers("localhost", &[]);
    assert_eq!(run.code, 5, "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("certificate") && run.stderr.contains("UnknownIssuer"),
        "{}",
        run.stderr
    );
}

#[test]
fn https_proxy_is_used_and_no_proxy_bypasses_it() {
    let net = setup();
    let ca = net.ca.to_str().unwrap();
    let (port, seen) = start_proxy(net.tls.port);
    let proxy = format!("http://127.0.0.1:{port}");
    // api.bloocard.test is known to no DNS: only the proxy can reach it.
    let run = net.numbers(
        "api.bloocard.test",
        &[("SSL_CERT_FILE", ca), ("HTTPS_PROXY", &proxy)],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let tunnels = seen.lock().unwrap().clone();
    assert_eq!(
        tunnels,
        [format!(
            "CONNECT api.bloocard.test:{} HTTP/1.1",
            net.tls.port
        )],
        "the request went through the proxy"
    );

    // NO_PROXY goes around it: the name is then looked up directly, and fails.
    let run = net.numbers(
        "api.bloocard.test",
        &[
            ("SSL_CERT_FILE", ca),
            ("HTTPS_PROXY", &proxy),
            ("NO_PROXY", "bloocard.test"),
        ],
    );
    assert_eq!(run.code, 5, "{}", run.stderr);
    assert!(run.stderr.contains("api.bloocard.test"), "{}", run.stderr);
    assert_eq!(
        seen.lock().unwrap().len(),
        1,
        "NO_PROXY went around the proxy"
    );

    // This machine is never reached through a proxy: it could not reach our loopback.
    let run = net.numbers(
        "localhost",
        &[("SSL_CERT_FILE", ca), ("HTTPS_PROXY", &proxy)],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        seen.lock().unwrap().len(),
        1,
        "loopback went around the proxy"
    );
}

#[test]
fn the_embedded_demo_never_goes_through_a_proxy() {
    let mut cmd = Command::new(common::BIN);
    cmd.args(["--demo", "numbers"])
        .env("XDG_STATE_HOME", common::state_dir())
        .env_remove("BLOOIO_API_KEY")
        // Nothing listens on port 9: a request sent to this proxy would fail.
        .env("HTTP_PROXY", "http://127.0.0.1:9")
        .env("HTTPS_PROXY", "http://127.0.0.1:9")
        .env("ALL_PROXY", "http://127.0.0.1:9");
    let run = common::run(cmd);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
