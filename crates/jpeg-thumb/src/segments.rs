//! The marker segments that define the image: the frame header (SOF), quantisation tables (DQT),
//! Huffman tables (DHT) and scan headers (SOS), each parsed from its body.

use std::sync::Arc;

use super::frame::{Component, Frame, Scan};
use super::huffman::HuffmanTable;
use super::zigzag::ZIGZAG_TO_NATURAL;
use crate::error::{Error, HeaderError, corrupt};

const MAX_COMPONENTS: usize = 3;

pub(crate) fn parse_frame(body: &[u8]) -> Result<Frame, HeaderError> {
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
        return Err(Error::ZeroSize.into());
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

pub(crate) fn parse_quant(
    body: &[u8],
    quant: &mut [Option<[u16; 64]>; 4],
) -> Result<(), HeaderError> {
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

pub(crate) fn parse_huffman(
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

pub(crate) fn parse_scan(
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
