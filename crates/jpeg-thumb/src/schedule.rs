//! Decoding the scans, and then the IDCT, on two threads.
//!
//! A progressive file's scans form independent chains: the DC scans (which touch only DC
//! values) and, per component, its AC scans (which touch only that component's AC values).
//! Each chain must run in file order, but different chains can run at once; a typical
//! libjpeg-made photo splits into luma AC (~60–70 % of the bytes) and everything else.

use std::thread;

use super::frame::{Frame, Scan};
use super::idct::{self, Plane};
use super::scan::{self, AcBlocks};
use crate::error::{Error, corrupt};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chain {
    Dc,
    Ac(usize),
}

fn chain(scan: &Scan) -> Chain {
    if scan.ss == 0 {
        Chain::Dc
    } else {
        Chain::Ac(scan.components[0])
    }
}

/// What one thread may write: the DC values (if it runs the DC chain) and some components' AC.
struct Share<'a> {
    chains: Vec<Chain>,
    dc: Option<&'a mut [Vec<i16>]>,
    ac: Vec<(usize, &'a mut AcBlocks)>,
}

impl Share<'_> {
    fn run(&mut self, scans: &[Scan], frame: &Frame, bytes: &[u8]) -> Result<(), Error> {
        for scan in scans {
            let chain = chain(scan);
            if !self.chains.contains(&chain) {
                continue;
            }
            let data = bytes.get(scan.data.clone()).ok_or(Error::Truncated)?;
            match chain {
                Chain::Dc => {
                    let dc = self.dc.as_deref_mut().ok_or_else(|| corrupt("DC chain"))?;
                    scan::decode_dc(scan, frame, data, dc)?;
                }
                Chain::Ac(c) => {
                    let (_, blocks) = self
                        .ac
                        .iter_mut()
                        .find(|(index, _)| *index == c)
                        .ok_or_else(|| corrupt("AC chain"))?;
                    scan::decode_ac(scan, frame, data, blocks)?;
                }
            }
        }
        Ok(())
    }
}

/// Decodes every scan into `dc` and `ac`, on two threads when there are two chains to share.
pub(crate) fn decode_scans(
    scans: &[Scan],
    frame: &Frame,
    bytes: &[u8],
    dc: &mut [Vec<i16>],
    ac: &mut [AcBlocks],
) -> Result<(), Error> {
    // Balance by compressed bytes: the heaviest chain alone, the rest on the other thread.
    let mut weights: Vec<(Chain, usize)> = Vec::new();
    for scan in scans {
        let chain = chain(scan);
        match weights.iter_mut().find(|(c, _)| *c == chain) {
            Some((_, weight)) => *weight += scan.data.len(),
            None => weights.push((chain, scan.data.len())),
        }
    }
    weights.sort_by_key(|&(_, weight)| std::cmp::Reverse(weight));
    let mut load = [0usize; 2];
    let mut chains: [Vec<Chain>; 2] = Default::default();
    for (chain, weight) in weights {
        let lighter = usize::from(load[1] < load[0]);
        load[lighter] += weight;
        chains[lighter].push(chain);
    }
    let [first, second] = chains;

    let mut shares = [first, second].map(|chains| Share {
        chains,
        dc: None,
        ac: Vec::new(),
    });
    let dc_owner = usize::from(shares[1].chains.contains(&Chain::Dc));
    shares[dc_owner].dc = Some(dc);
    for (c, blocks) in ac.iter_mut().enumerate() {
        let owner = usize::from(shares[1].chains.contains(&Chain::Ac(c)));
        shares[owner].ac.push((c, blocks));
    }
    let [mut mine, mut theirs] = shares;
    if theirs.chains.is_empty() {
        return mine.run(scans, frame, bytes);
    }
    let together = thread::scope(|s| {
        let helper = thread::Builder::new()
            .name("jpeg-scans".into())
            .spawn_scoped(s, || theirs.run(scans, frame, bytes));
        match helper {
            Ok(helper) => {
                let here = mine.run(scans, frame, bytes);
                let there = helper
                    .join()
                    .unwrap_or_else(|_| Err(corrupt("the scan decoder thread failed")));
                Some(here.and(there))
            }
            Err(_) => None,
        }
    });
    match together {
        Some(result) => result,
        // No second thread to be had: the same work, one chain set after the other.
        None => mine
            .run(scans, frame, bytes)
            .and_then(|()| theirs.run(scans, frame, bytes)),
    }
}

/// Runs the IDCT of every component, split over two threads by estimated cost.
pub(crate) fn render_planes(ac: &[AcBlocks], dc: &[Vec<i16>], quant: &[[u16; 64]]) -> Vec<Plane> {
    let count = ac.len().min(dc.len()).min(quant.len());
    let render = |c: usize| idct::render(&ac[c], &dc[c], &quant[c]);
    if count < 2 {
        return (0..count).map(render).collect();
    }
    // Multiply-adds a plane needs: blocks × corner size × (corner width + height).
    let cost = |c: usize| {
        let b = &ac[c];
        b.stride * b.rows * b.kx * b.ky * (b.kx + b.ky)
    };
    let mut order: Vec<usize> = (0..count).collect();
    order.sort_by_key(|&c| std::cmp::Reverse(cost(c)));
    let (mut load, mut helper_share, mut mine) = ([0usize; 2], Vec::new(), Vec::new());
    for c in order {
        if load[1] < load[0] {
            load[1] += cost(c);
            helper_share.push(c);
        } else {
            load[0] += cost(c);
            mine.push(c);
        }
    }
    let mut planes: Vec<Option<Plane>> = (0..count).map(|_| None).collect();
    thread::scope(|s| {
        let helper = thread::Builder::new()
            .name("jpeg-idct".into())
            .spawn_scoped(s, || {
                helper_share
                    .iter()
                    .map(|&c| (c, render(c)))
                    .collect::<Vec<_>>()
            });
        for &c in &mine {
            planes[c] = Some(render(c));
        }
        if let Some(done) = helper.ok().and_then(|h| h.join().ok()) {
            for (c, plane) in done {
                planes[c] = Some(plane);
            }
        }
    });
    // Whatever the helper could not do (no thread to be had) is done here.
    planes
        .into_iter()
        .enumerate()
        .map(|(c, plane)| plane.unwrap_or_else(|| render(c)))
        .collect()
}
