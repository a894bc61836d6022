//! Baseline and extended sequential JPEGs with one scan holding every component: the entropy
//! decoder walks the MCU rows while a second thread turns each finished row into samples.
//!
//! Huffman decoding is inherently serial and is most of the work, so everything else is taken
//! off its path: blocks outside the window the caller needs (the centred square, for an avatar)
//! are decoded (the bit stream leaves no choice) but never stored or transformed, only the
//! corner of coefficients the reduced IDCT reads is kept, and decoding stops after the window's
//! last MCU row.

use std::sync::mpsc;
use std::thread;

use super::bits::BitReader;
use super::headers::{Frame, Scan, ZIGZAG_TO_NATURAL, corrupt};
use super::huffman::{AcLookup, END_OF_BLOCK, HuffmanTable};
use super::idct::{BlockRowFn, Dequantiser, Plane, block_row_fn};
use super::scan::{Restarts, table};
use crate::avatar::error::AvatarError;

/// The MCUs the caller needs: columns `x0..x1`, rows `y0..y1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct McuWindow {
    pub x0: usize,
    pub x1: usize,
    pub y0: usize,
    pub y1: usize,
}

/// MCU rows in flight between the two threads; enough to ride out uneven rows.
const ROWS_IN_FLIGHT: usize = 4;

/// What one component keeps of each block, and where.
struct Layout {
    h: usize,
    v: usize,
    kx: usize,
    ky: usize,
    /// Kept values a block, plus one last slot that takes every dropped coefficient, so the
    /// decoding loop stores without asking whether a coefficient is kept.
    slots: usize,
    /// Zig-zag position → slot.
    slot_of: [u8; 64],
    /// Zig-zag position → 1 + its row in the block when kept, else 0.
    row_of: [u8; 64],
    /// Blocks across the window.
    blocks_across: usize,
}

impl Layout {
    fn new(h: usize, v: usize, (kx, ky): (usize, usize), window: &McuWindow) -> Self {
        let trash = (kx * ky) as u8;
        let mut slot_of = [trash; 64];
        let mut row_of = [0u8; 64];
        for (k, &natural) in ZIGZAG_TO_NATURAL.iter().enumerate() {
            let (row, col) = (usize::from(natural) / 8, usize::from(natural) % 8);
            if row < ky && col < kx {
                slot_of[k] = (row * kx + col) as u8;
                row_of[k] = row as u8 + 1;
            }
        }
        Layout {
            h,
            v,
            kx,
            ky,
            slots: kx * ky + 1,
            slot_of,
            row_of,
            blocks_across: (window.x1 - window.x0) * h,
        }
    }

    fn blocks_in_row(&self) -> usize {
        self.blocks_across * self.v
    }
}

/// One MCU row of the window's coefficients, per component.
struct Row {
    my: usize,
    values: Vec<Vec<i16>>,
    /// Per block: how many coefficient rows may be non-zero past the DC (0: flat block).
    used_rows: Vec<Vec<u8>>,
}

impl Row {
    fn new(layouts: &[Layout]) -> Self {
        Row {
            my: 0,
            values: layouts
                .iter()
                .map(|l| vec![0; l.blocks_in_row() * l.slots])
                .collect(),
            used_rows: layouts.iter().map(|l| vec![0; l.blocks_in_row()]).collect(),
        }
    }
}

/// The entropy decoder's state across MCUs.
struct Entropy<'a> {
    reader: BitReader<'a>,
    restarts: Restarts,
    predictors: [i32; 4],
    /// In scan order.
    tables: Vec<Tables<'a>>,
    /// Scan order → frame component.
    order: Vec<usize>,
}

/// The Huffman tables one scan component decodes with.
struct Tables<'a> {
    dc: &'a HuffmanTable,
    ac: &'a HuffmanTable,
    /// `ac` with the value bits folded in.
    fast: AcLookup,
}

impl Entropy<'_> {
    /// Decodes the next MCU row; blocks inside the window go to `row` when there is one.
    fn row(
        &mut self,
        mcus_x: usize,
        window: &McuWindow,
        layouts: &[Layout],
        mut row: Option<&mut Row>,
    ) -> Result<(), AvatarError> {
        for mx in 0..mcus_x {
            if self.restarts.before_next() {
                self.reader.restart();
                self.predictors = [0; 4];
            }
            let inside = mx >= window.x0 && mx < window.x1;
            for (i, &c) in self.order.iter().enumerate() {
                let layout = &layouts[c];
                let tables = &self.tables[i];
                for y in 0..layout.v {
                    for x in 0..layout.h {
                        let predictor = &mut self.predictors[i];
                        match row.as_deref_mut() {
                            Some(row) if inside => {
                                let block =
                                    y * layout.blocks_across + (mx - window.x0) * layout.h + x;
                                let values = &mut row.values[c]
                                    [block * layout.slots..(block + 1) * layout.slots];
                                row.used_rows[c][block] = decode_block(
                                    &mut self.reader,
                                    tables,
                                    predictor,
                                    values,
                                    layout,
                                )?;
                            }
                            _ => skip_block(&mut self.reader, tables, predictor)?,
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// F.2.2.1: the DC difference, added to the component's predictor; returns the new DC.
#[inline(always)]
fn decode_dc(
    reader: &mut BitReader,
    dc: &HuffmanTable,
    predictor: &mut i32,
) -> Result<i32, AvatarError> {
    let size = u32::from(dc.decode(reader)?);
    if size > 11 {
        return Err(corrupt("a DC difference is too large"));
    }
    if size > 0 {
        *predictor = predictor.wrapping_add(reader.signed_after_code(size));
    }
    Ok(*predictor)
}

/// F.2.2: one block's DC difference and AC run/size codes, storing the kept corner.
#[inline(always)]
fn decode_block(
    reader: &mut BitReader,
    tables: &Tables,
    predictor: &mut i32,
    values: &mut [i16],
    layout: &Layout,
) -> Result<u8, AvatarError> {
    values.fill(0);
    values[0] = decode_dc(reader, tables.dc, predictor)? as i16;
    let mut used = 0u8;
    let mut k = 1usize;
    while k < 64 {
        reader.fill();
        if let Some((length, run, value)) = tables.fast.get(reader) {
            reader.consume(length);
            if run == END_OF_BLOCK {
                break;
            }
            k += run as usize;
            if value != 0 {
                if k > 63 {
                    return Err(corrupt("an AC run passes the end of its block"));
                }
                if let Some(slot) = values.get_mut(usize::from(layout.slot_of[k])) {
                    *slot = value as i16;
                }
                used = used.max(layout.row_of[k]);
            }
            k += 1;
            continue;
        }
        let symbol = tables.ac.decode(reader)?;
        let (run, size) = (usize::from(symbol >> 4), u32::from(symbol & 15));
        if size != 0 {
            k += run;
            if k > 63 {
                return Err(corrupt("an AC run passes the end of its block"));
            }
            let value = reader.signed_after_code(size);
            if let Some(slot) = values.get_mut(usize::from(layout.slot_of[k])) {
                *slot = value as i16;
            }
            used = used.max(layout.row_of[k]);
            k += 1;
        } else if run == 15 {
            k += 16;
        } else {
            break;
        }
    }
    Ok(used)
}

/// The same walk for a block nobody will look at: only the DC predictor is kept up to date.
#[inline(always)]
fn skip_block(
    reader: &mut BitReader,
    tables: &Tables,
    predictor: &mut i32,
) -> Result<(), AvatarError> {
    decode_dc(reader, tables.dc, predictor)?;
    let mut k = 1usize;
    while k < 64 {
        reader.fill();
        if let Some((length, run, _)) = tables.fast.get(reader) {
            reader.consume(length);
            if run == END_OF_BLOCK {
                break;
            }
            k += run as usize + 1;
            continue;
        }
        let symbol = tables.ac.decode(reader)?;
        let (run, size) = (usize::from(symbol >> 4), u32::from(symbol & 15));
        if size != 0 {
            reader.consume(size);
            k += run + 1;
        } else if run == 15 {
            k += 16;
        } else {
            break;
        }
    }
    Ok(())
}

/// Turns rows of coefficients into the window's planes.
struct Renderer {
    window: McuWindow,
    parts: Vec<(Dequantiser, BlockRowFn, Plane)>,
}

impl Renderer {
    fn new(layouts: &[Layout], frame: &Frame, window: &McuWindow) -> Self {
        let rows = window.y1 - window.y0;
        let parts = layouts
            .iter()
            .zip(&frame.components)
            .map(|(layout, component)| {
                let quant = component.quant.unwrap_or([0; 64]);
                let width = layout.blocks_across * layout.kx;
                let height = rows * layout.v * layout.ky;
                let plane = Plane {
                    width,
                    height,
                    samples: vec![0; width * height],
                };
                (
                    Dequantiser::new(&quant, layout.kx, layout.ky),
                    block_row_fn(layout.kx, layout.ky),
                    plane,
                )
            })
            .collect();
        Renderer {
            window: *window,
            parts,
        }
    }

    fn render(&mut self, row: &Row, layouts: &[Layout]) {
        let band = row.my - self.window.y0;
        for (c, (dequantiser, block_row, plane)) in self.parts.iter_mut().enumerate() {
            let layout = &layouts[c];
            let width = plane.width;
            let band_height = layout.v * layout.ky;
            let samples = &mut plane.samples[band * band_height * width..][..band_height * width];
            for y in 0..layout.v {
                let blocks = y * layout.blocks_across..(y + 1) * layout.blocks_across;
                block_row(
                    dequantiser,
                    &row.values[c][blocks.start * layout.slots..blocks.end * layout.slots],
                    &row.used_rows[c][blocks],
                    layout.slots,
                    &mut samples[y * layout.ky * width..],
                    width,
                );
            }
        }
    }

    fn into_planes(self) -> Vec<Plane> {
        self.parts.into_iter().map(|(_, _, plane)| plane).collect()
    }
}

/// Decodes the window of `scan` (which holds every component of `frame`) into one plane per
/// component, each component keeping the `corners[c]` of coefficients.
pub(super) fn decode(
    scan: &Scan,
    frame: &Frame,
    data: &[u8],
    corners: &[(usize, usize)],
    window: &McuWindow,
) -> Result<Vec<Plane>, AvatarError> {
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
) -> Result<Vec<Plane>, AvatarError> {
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
        .collect::<Result<_, AvatarError>>()?;
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
    use super::super::headers;
    use super::*;

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
