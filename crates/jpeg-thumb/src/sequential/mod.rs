//! Baseline and extended sequential JPEGs with one scan holding every component: the entropy
//! decoder walks the MCU rows while a second thread turns each finished row into samples.
//!
//! Huffman decoding is inherently serial and is most of the work, so everything else is taken
//! off its path: blocks outside the window the caller needs (the centred square, for an avatar)
//! are decoded (the bit stream leaves no choice) but never stored or transformed, only the
//! corner of coefficients the reduced IDCT reads is kept, and decoding stops after the window's
//! last MCU row.

mod entropy;
mod render;
mod rows;

use std::sync::mpsc;
use std::thread;

use self::entropy::{Entropy, Tables};
use self::render::Renderer;
pub(crate) use self::rows::McuWindow;
use self::rows::{Layout, Row};
use crate::bits::BitReader;
use crate::error::{Error, corrupt};
use crate::frame::{Frame, Scan};
use crate::huffman::AcLookup;
use crate::idct::Plane;
use crate::scan::{Restarts, table};

/// MCU rows in flight between the two threads; enough to ride out uneven rows.
const ROWS_IN_FLIGHT: usize = 4;

/// Decodes the window of `scan` (which holds every component of `frame`) into one plane per
/// component, each component keeping the `corners[c]` of coefficients.
pub(crate) fn decode(
    scan: &Scan,
    frame: &Frame,
    data: &[u8],
    corners: &[(usize, usize)],
    window: &McuWindow,
) -> Result<Vec<Plane>, Error> {
    // A thread costs more than it saves on a small window (a preview, a tiny photo).
    let blocks = (window.x1 - window.x0) * (window.y1 - window.y0) * frame.h_max * frame.v_max;
    let threads = if blocks < SMALL_WINDOW_BLOCKS {
        Threads::One
    } else {
        Threads::Two
    };
    decode_on(scan, frame, data, corners, window, threads)
}

/// Luma blocks below which the IDCT stays on the decoding thread (about 256×256 pixels).
const SMALL_WINDOW_BLOCKS: usize = 1024;

/// Whether the IDCT may run on a second thread (it runs inline when none can be had).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Threads {
    One,
    Two,
}

fn decode_on(
    scan: &Scan,
    frame: &Frame,
    data: &[u8],
    corners: &[(usize, usize)],
    window: &McuWindow,
    threads: Threads,
) -> Result<Vec<Plane>, Error> {
    let layouts: Vec<Layout> = frame
        .components
        .iter()
        .zip(corners)
        .map(|(component, &corner)| Layout::new(component.h, component.v, corner, window))
        .collect();
    let tables = (0..scan.components.len())
        .map(|i| {
            let ac = table(&scan.ac_tables, i)?;
            Ok(Tables {
                dc: table(&scan.dc_tables, i)?,
                ac,
                fast: AcLookup::new(ac),
            })
        })
        .collect::<Result<_, Error>>()?;
    let mut entropy = Entropy {
        reader: BitReader::new(data),
        restarts: Restarts::new(scan.restart_interval),
        predictors: [0; 4],
        tables,
        order: scan.components.clone(),
    };
    let layouts = &layouts;
    // Rows above the window only move the bit stream and the DC predictors along.
    for _ in 0..window.y0 {
        entropy.row(frame.mcus_x, window, layouts, None)?;
    }

    thread::scope(|s| {
        let (full_tx, full_rx) = mpsc::channel::<Row>();
        let (empty_tx, empty_rx) = mpsc::channel::<Row>();
        let helper = (threads == Threads::Two).then(|| {
            thread::Builder::new()
                .name("jpeg-idct".into())
                .spawn_scoped(s, move || {
                    let mut renderer = Renderer::new(layouts, frame, window);
                    for row in full_rx {
                        renderer.render(&row, layouts);
                        // The decoder may have stopped on an error; the row is simply dropped.
                        let _ = empty_tx.send(row);
                    }
                    renderer
                })
        });
        let Some(Ok(helper)) = helper else {
            // No second thread to be had: decode and render each row in turn.
            let mut renderer = Renderer::new(layouts, frame, window);
            let mut row = Row::new(layouts);
            for my in window.y0..window.y1 {
                row.my = my;
                entropy.row(frame.mcus_x, window, layouts, Some(&mut row))?;
                renderer.render(&row, layouts);
            }
            return Ok(renderer.into_planes());
        };
        let mut spare: Vec<Row> = (0..ROWS_IN_FLIGHT).map(|_| Row::new(layouts)).collect();
        let mut decoded = Ok(());
        for my in window.y0..window.y1 {
            let Some(mut row) = spare.pop().or_else(|| empty_rx.recv().ok()) else {
                decoded = Err(corrupt("the IDCT thread stopped"));
                break;
            };
            row.my = my;
            decoded = entropy.row(frame.mcus_x, window, layouts, Some(&mut row));
            if decoded.is_err() || full_tx.send(row).is_err() {
                break;
            }
        }
        drop(full_tx);
        let renderer = helper
            .join()
            .map_err(|_| corrupt("the IDCT thread failed"))?;
        decoded.map(|()| renderer.into_planes())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::headers;

    #[test]
    fn one_thread_renders_what_two_do() {
        for name in ["b420", "brestart", "bgray"] {
            let path = format!(
                "{}/tests/fixtures/baseline/{name}.jpg",
                env!("CARGO_MANIFEST_DIR")
            );
            let bytes = std::fs::read(path).unwrap();
            let parsed = headers::parse(&bytes).ok().unwrap();
            let (frame, scan) = (&parsed.frame, &parsed.scans[0]);
            let data = &bytes[scan.data.clone()];
            let corners = vec![(4, 4); frame.components.len()];
            // Not the whole image: a window off the top-left corner, as a centred square makes.
            let window = McuWindow {
                x0: 1,
                x1: frame.mcus_x - 1,
                y0: 1,
                y1: frame.mcus_y,
            };
            let planes =
                |threads| decode_on(scan, frame, data, &corners, &window, threads).unwrap();
            let (one, two) = (planes(Threads::One), planes(Threads::Two));
            assert_eq!(one.len(), frame.components.len());
            for (a, b) in one.iter().zip(&two) {
                assert_eq!((a.width, a.height), (b.width, b.height), "{name}");
                assert!(a.samples == b.samples, "{name}");
                assert!(a.samples.iter().any(|&v| v != a.samples[0]), "{name}: flat");
            }
        }
    }
}
