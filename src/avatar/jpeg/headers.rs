//! Walks a JPEG's markers once: the frame, every scan with the Huffman tables and restart
//! interval in force when it starts, and where its entropy-coded bytes lie.
//!
//! Anything this decoder does not handle (arithmetic coding, lossless or hierarchical frames,
//! 12-bit samples, CMYK, unusual sampling factors) is reported as `Unsupported` so the caller can
//! hand the file to the general decoder instead.

use std::ops::Range;
use std::sync::Arc;

use super::huffman::HuffmanTable;
use crate::avatar::error::AvatarError;

/// Why this decoder stepped aside, or why the file is broken.
pub(super) enum HeaderError {
    Unsupported,
    Invalid(AvatarError),
}

impl From<AvatarError> for HeaderError {
    fn from(e: AvatarError) -> Self {
        HeaderError::Invalid(e)
    }
}

pub(super) fn corrupt(detail: impl Into<String>) -> AvatarError {
    AvatarError::Corrupt {
        format: "JPEG",
        detail: detail.into(),
    }
}

#[derive(Debug, Clone)]
pub(super) struct Component {
    pub id: u8,
    pub h: usize,
    pub v: usize,
    pub quant_slot: usize,
    /// Quantisation table in natural order, latched at the component's first scan.
    pub quant: Option<[u16; 64]>,
}

#[derive(Debug)]
pub(super) struct Frame {
    pub width: u32,
    pub height: u32,
    pub components: Vec<Component>,
    pub h_max: usize,
    pub v_max: usize,
    pub mcus_x: usize,
    pub mcus_y: usize,
    /// SOF2; otherwise a baseline or extended sequential frame (SOF0, SOF1).
    pub progressive: bool,
}

impl Frame {
    /// Blocks a component really has (a single-component scan visits exactly these).
    pub fn used_blocks(&self, c: usize) -> (usize, usize) {
        let comp = &self.components[c];
        let w = (self.width as usize * comp.h).div_ceil(self.h_max);
        let h = (self.height as usize * comp.v).div_ceil(self.v_max);
        (w.div_ceil(8), h.div_ceil(8))
    }

    /// Blocks stored for a component: whole MCUs, as interleaved scans visit them.
    pub fn stored_blocks(&self, c: usize) -> (usize, usize) {
        let comp = &self.components[c];
        (self.mcus_x * comp.h, self.mcus_y * comp.v)
    }
}

pub(super) struct Scan {
    /// Indices into `Frame::components`, in scan order.
    pub components: Vec<usize>,
    pub dc_tables: Vec<Option<Arc<HuffmanTable>>>,
    pub ac_tables: Vec<Option<Arc<HuffmanTable>>>,
    pub ss: usize,
    pub se: usize,
    pub ah: u8,
    pub al: u8,
    pub restart_interval: usize,
    /// The entropy-coded bytes, restart markers included, up to the next other marker.
    pub data: Range<usize>,
}

pub(super) struct Parsed {
    pub frame: Frame,
    pub scans: Vec<Scan>,
    /// TIFF payload of the APP1 Exif segment, for the orientation.
    pub exif: Option<Range<usize>>,
    /// Adobe APP14 colour transform flag (0 = the three components are RGB).
    pub adobe_transform: Option<u8>,
    /// The ICC profile, reassembled from its APP2 chunks.
    pub icc: Option<Vec<u8>>,
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn u8(&mut self) -> Result<u8, AvatarError> {
        let b = *self
            .bytes
            .get(self.pos)
            .ok_or(AvatarError::Truncated("JPEG"))?;
        self.pos += 1;
        Ok(b)
    }

    fn u16(&mut self) -> Result<u16, AvatarError> {
        Ok(u16::from(self.u8()?) << 8 | u16::from(self.u8()?))
    }

    /// The payload of a length-prefixed segment.
    fn segment(&mut self) -> Result<&'a [u8], AvatarError> {
        let len = usize::from(self.u16()?);
        if len < 2 {
            return Err(corrupt("a marker segment has a length under 2"));
        }
        let end = self.pos + len - 2;
        let body = self
            .bytes
            .get(self.pos..end)
            .ok_or(AvatarError::Truncated("JPEG"))?;
        self.pos = end;
        Ok(body)
    }

    /// Finds the next marker code, skipping fill bytes.
    fn marker(&mut self) -> Result<u8, AvatarError> {
        if self.u8()? != 0xFF {
            return Err(corrupt("a marker was expected"));
        }
        loop {
            match self.u8()? {
                0xFF => continue,
                code => return Ok(code),
            }
        }
    }
}

const MAX_COMPONENTS: usize = 3;

/// Parses `bytes` (a JPEG, SOI already checked by the caller's sniff) through EOI.
pub(super) fn parse(bytes: &[u8]) -> Result<Parsed, HeaderError> {
    let mut r = Reader { bytes, pos: 0 };
    if r.u16()? != 0xFFD8 {
        return Err(corrupt("the SOI marker is missing").into());
    }
    let mut quant: [Option<[u16; 64]>; 4] = [None; 4];
    let mut dc: [Option<Arc<HuffmanTable>>; 4] = Default::default();
    let mut ac: [Option<Arc<HuffmanTable>>; 4] = Default::default();
    let mut frame: Option<Frame> = None;
    let mut scans = Vec::new();
    let mut restart_interval = 0;
    let mut exif = None;
    let mut adobe_transform = None;
    let mut icc_chunks: Vec<(u8, &[u8])> = Vec::new();

    loop {
        let marker = r.marker()?;
        match marker {
            0xD9 => break,
            0xC0..=0xC2 => {
                if frame.is_some() {
                    return Err(corrupt("the image has two frames").into());
                }
                let mut parsed = parse_frame(r.segment()?)?;
                parsed.progressive = marker == 0xC2;
                frame = Some(parsed);
            }
            // Lossless, hierarchical and arithmetic frames: not ours.
            0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => {
                return Err(HeaderError::Unsupported);
            }
            0xC4 => parse_huffman(r.segment()?, &mut dc, &mut ac)?,
            0xDB => parse_quant(r.segment()?, &mut quant)?,
            0xDD => {
                let body = r.segment()?;
                if body.len() < 2 {
                    return Err(corrupt("the DRI segment is short").into());
                }
                restart_interval = usize::from(u16::from(body[0]) << 8 | u16::from(body[1]));
            }
            0xE1 => {
                let start = r.pos + 2;
                let body = r.segment()?;
                if exif.is_none() && body.starts_with(b"Exif\0\0") {
                    exif = Some(start + 6..start + body.len());
                }
            }
            0xE2 => {
                let body = r.segment()?;
                // "ICC_PROFILE\0", chunk number (from 1), chunk count, data.
                if body.len() > 14 && body.starts_with(b"ICC_PROFILE\0") {
                    icc_chunks.push((body[12], &body[14..]));
                }
            }
            0xEE => {
                let body = r.segment()?;
                if body.len() >= 12 && body.starts_with(b"Adobe") {
                    adobe_transform = Some(body[11]);
                }
            }
            0xDA => {
                let frame = frame
                    .as_mut()
                    .ok_or_else(|| corrupt("a scan comes before the frame header"))?;
                let header = r.segment()?;
                let mut scan = parse_scan(header, frame, &quant, &dc, &ac, restart_interval)?;
                let start = r.pos;
                let end = entropy_end(bytes, start).ok_or(AvatarError::Truncated("JPEG"))?;
                scan.data = start..end;
                r.pos = end;
                scans.push(scan);
            }
            0xD0..=0xD7 => {} // a stray restart marker between scans carries nothing
            0x01 => {}
            _ => {
                r.segment()?;
            }
        }
    }
    let frame = frame.ok_or_else(|| corrupt("the image has no frame header"))?;
    if scans.is_empty() {
        return Err(AvatarError::Truncated("JPEG").into());
    }
    icc_chunks.sort_by_key(|&(number, _)| number);
    let icc = (!icc_chunks.is_empty()).then(|| {
        icc_chunks
            .iter()
            .flat_map(|&(_, data)| data.iter().copied())
            .collect()
    });
    Ok(Parsed {
        frame,
        scans,
        exif,
        adobe_transform,
        icc,
    })
}

/// The first marker after `start` that is neither byte stuffing nor a restart marker.
fn entropy_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut at = start;
    loop {
        let ff = at + memchr::memchr(0xFF, bytes.get(at..)?)?;
        match bytes.get(ff + 1)? {
            0x00 | 0xD0..=0xD7 | 0xFF => at = ff + 1,
            _ => return Some(ff),
        }
    }
}

fn parse_frame(body: &[u8]) -> Result<Frame, HeaderError> {
    if body.len() < 6 {
        return Err(corrupt("the frame header is short").into());
    }
    if body[0] != 8 {
        return Err(HeaderError::Unsupported);
    }
    let height = u32::from(u16::from(body[1]) << 8 | u16::from(body[2]));
    let width = u32::from(u16::from(body[3]) << 8 | u16::from(body[4]));
    let count = usize::from(body[5]);
    if height == 0 {
        // A height defined later by a DNL marker (rare) is left to the general decoder.
        return Err(HeaderError::Unsupported);
    }
    if width == 0 {
        return Err(AvatarError::ZeroSize.into());
    }
    if count != 1 && count != MAX_COMPONENTS {
        return Err(HeaderError::Unsupported);
    }
    if body.len() < 6 + 3 * count {
        return Err(corrupt("the frame header is short").into());
    }
    let mut components = Vec::with_capacity(count);
    for c in body[6..6 + 3 * count].chunks_exact(3) {
        let (h, v) = (usize::from(c[1] >> 4), usize::from(c[1] & 15));
        if !matches!(h, 1 | 2 | 4) || !matches!(v, 1 | 2 | 4) || c[2] > 3 {
            return Err(HeaderError::Unsupported);
        }
        components.push(Component {
            id: c[0],
            h,
            v,
            quant_slot: usize::from(c[2]),
            quant: None,
        });
    }
    if count == 1 {
        // A lone component is never interleaved: its MCU is one block whatever it declares.
        components[0].h = 1;
        components[0].v = 1;
    }
    let h_max = components.iter().map(|c| c.h).max().unwrap_or(1);
    let v_max = components.iter().map(|c| c.v).max().unwrap_or(1);
    Ok(Frame {
        width,
        height,
        mcus_x: (width as usize).div_ceil(8 * h_max),
        mcus_y: (height as usize).div_ceil(8 * v_max),
        components,
        h_max,
        v_max,
        progressive: true,
    })
}

fn parse_quant(body: &[u8], quant: &mut [Option<[u16; 64]>; 4]) -> Result<(), HeaderError> {
    let mut rest = body;
    while let Some((&pq_tq, tail)) = rest.split_first() {
        let (precision, slot) = (pq_tq >> 4, usize::from(pq_tq & 15));
        if slot > 3 || precision > 1 {
            return Err(corrupt("a quantisation table header is invalid").into());
        }
        let size = if precision == 0 { 64 } else { 128 };
        let values = tail
            .get(..size)
            .ok_or_else(|| corrupt("a quantisation table is short"))?;
        let mut table = [0u16; 64];
        for (k, &natural) in ZIGZAG_TO_NATURAL.iter().enumerate() {
            table[usize::from(natural)] = if precision == 0 {
                u16::from(values[k])
            } else {
                u16::from(values[2 * k]) << 8 | u16::from(values[2 * k + 1])
            };
        }
        quant[slot] = Some(table);
        rest = &tail[size..];
    }
    Ok(())
}

fn parse_huffman(
    body: &[u8],
    dc: &mut [Option<Arc<HuffmanTable>>; 4],
    ac: &mut [Option<Arc<HuffmanTable>>; 4],
) -> Result<(), HeaderError> {
    let mut rest = body;
    while let Some((&tc_th, tail)) = rest.split_first() {
        let (class, slot) = (tc_th >> 4, usize::from(tc_th & 15));
        if class > 1 || slot > 3 {
            return Err(corrupt("a Huffman table header is invalid").into());
        }
        let counts: &[u8] = tail
            .get(..16)
            .ok_or_else(|| corrupt("a Huffman table is short"))?;
        let total: usize = counts.iter().map(|&n| usize::from(n)).sum();
        let symbols = tail
            .get(16..16 + total)
            .ok_or_else(|| corrupt("a Huffman table is short"))?;
        let mut lengths = [0u8; 16];
        lengths.copy_from_slice(counts);
        let table = Arc::new(HuffmanTable::new(&lengths, symbols)?);
        if class == 0 {
            dc[slot] = Some(table);
        } else {
            ac[slot] = Some(table);
        }
        rest = &tail[16 + total..];
    }
    Ok(())
}

fn parse_scan(
    body: &[u8],
    frame: &mut Frame,
    quant: &[Option<[u16; 64]>; 4],
    dc: &[Option<Arc<HuffmanTable>>; 4],
    ac: &[Option<Arc<HuffmanTable>>; 4],
    restart_interval: usize,
) -> Result<Scan, HeaderError> {
    let count = usize::from(
        *body
            .first()
            .ok_or_else(|| corrupt("a scan header is empty"))?,
    );
    if count == 0 || count > frame.components.len() || body.len() < 4 + 2 * count {
        return Err(corrupt("a scan header is invalid").into());
    }
    let mut components = Vec::with_capacity(count);
    let mut dc_tables = Vec::with_capacity(count);
    let mut ac_tables = Vec::with_capacity(count);
    for pair in body[1..1 + 2 * count].chunks_exact(2) {
        let index = frame
            .components
            .iter()
            .position(|c| c.id == pair[0])
            .ok_or_else(|| corrupt("a scan names a component the frame lacks"))?;
        if components.contains(&index) {
            return Err(corrupt("a scan names a component twice").into());
        }
        let component = &mut frame.components[index];
        if component.quant.is_none() {
            component.quant = Some(
                quant[component.quant_slot]
                    .ok_or_else(|| corrupt("a component's quantisation table is missing"))?,
            );
        }
        components.push(index);
        dc_tables.push(dc[usize::from(pair[1] >> 4) & 3].clone());
        ac_tables.push(ac[usize::from(pair[1] & 15) & 3].clone());
    }
    let tail = &body[1 + 2 * count..];
    let (ss, se, ah, al) = (
        usize::from(tail[0]),
        usize::from(tail[1]),
        tail[2] >> 4,
        tail[2] & 15,
    );
    let valid = if !frame.progressive {
        ss == 0 && se == 63 && ah == 0 && al == 0
    } else if ss == 0 {
        se == 0
    } else {
        ss <= se && se <= 63 && count == 1
    };
    if !valid || ah > 13 || al > 13 {
        return Err(corrupt("a scan's spectral selection is invalid").into());
    }
    Ok(Scan {
        components,
        dc_tables,
        ac_tables,
        ss,
        se,
        ah,
        al,
        restart_interval,
        data: 0..0,
    })
}

/// Zig-zag position → natural (row-major) index in an 8×8 block.
pub(super) const ZIGZAG_TO_NATURAL: [u8; 64] = [
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20,
    13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59,
    52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];
