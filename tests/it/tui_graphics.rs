//! The terminal's answer to the graphics probe (`Msg::Graphics`) arrives after the first frame,
//! often while the first card's avatar is still being decoded with the environment's guess: the
//! avatar is then encoded again with what the terminal answered, and the stale encoding dropped.

use crate::tui_support::*;
use bloocard::tui::app::App;
use bloocard::tui::capabilities::{Graphics, Protocol};
use bloocard::tui::msg::{Cmd, Msg, ReqId, WorkerCmd};
use bloocard::tui::preview;
use bloocard::tui::state::card::AvatarView;

const SIZE: (u16, u16) = (120, 40);

fn sixel() -> Graphics {
    Graphics::pixels(Protocol::Sixel, Some((10, 20)), "DA1 lists 4".into())
}

fn decodes(cmds: &[Cmd]) -> Vec<(ReqId, (u16, u16))> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::Worker(WorkerCmd::DecodeAvatar { id, cells, .. }) => Some((*id, *cells)),
            _ => None,
        })
        .collect()
}

/// The first card loaded with an avatar whose decode is in flight (started before DA1).
fn first_avatar_decoding() -> (App, ReqId, (u16, u16)) {
    let (mut app, id) = app_with_numbers(SIZE);
    let avatar = bloocard::avatar::encode_base64(&png_bytes());
    let cmds = app.update(Msg::Card {
        id,
        result: Ok(card("John", "Doe", Some(avatar))),
    });
    let [(decode, cells)] = decodes(&cmds)[..] else {
        panic!("one decode for the loaded avatar: {cmds:?}");
    };
    assert_eq!(app.card.avatar, AvatarView::Decoding);
    (app, decode, cells)
}

#[test]
fn the_answer_during_the_first_decode_encodes_the_avatar_again() {
    let (mut app, stale, cells) = first_avatar_decoding();
    let cmds = app.update(Msg::Graphics(sixel()));
    let [(fresh, again)] = decodes(&cmds)[..] else {
        panic!("the avatar is decoded again with the chosen protocol: {cmds:?}");
    };
    assert_ne!(fresh, stale);
    assert_eq!(again, cells);

    // The decode started before the answer finishes first, in half blocks: it is dropped.
    let halfblocks = preview::build_sized(
        Some(&Graphics::halfblocks("environment")),
        &png_bytes(),
        cells,
    )
    .unwrap();
    app.update(Msg::AvatarDecoded {
        id: stale,
        result: Ok(halfblocks),
    });
    assert_eq!(
        app.card.avatar,
        AvatarView::Decoding,
        "the stale picture is not shown"
    );

    let sixel = preview::build_sized(Some(&sixel()), &png_bytes(), cells).unwrap();
    app.update(Msg::AvatarDecoded {
        id: fresh,
        result: Ok(sixel.clone()),
    });
    assert_eq!(app.card.avatar, AvatarView::Ready(sixel));
}

#[test]
fn the_answer_after_the_first_decode_encodes_the_shown_avatar_again() {
    let (mut app, id, cells) = first_avatar_decoding();
    let shown = preview::build_sized(
        Some(&Graphics::halfblocks("environment")),
        &png_bytes(),
        cells,
    )
    .unwrap();
    app.update(Msg::AvatarDecoded {
        id,
        result: Ok(shown),
    });
    let cmds = app.update(Msg::Graphics(sixel()));
    assert_eq!(decodes(&cmds).len(), 1, "{cmds:?}");
    assert!(
        matches!(app.card.avatar, AvatarView::Ready(_)),
        "the half-block picture stays until the photo is ready"
    );
}

#[test]
fn the_same_answer_again_encodes_nothing() {
    let (mut app, _, _) = first_avatar_decoding();
    assert_eq!(decodes(&app.update(Msg::Graphics(sixel()))).len(), 1);
    assert!(decodes(&app.update(Msg::Graphics(sixel()))).is_empty());
}

#[test]
fn an_answer_before_the_card_loads_waits_for_it() {
    let (mut app, id) = app_with_numbers(SIZE);
    assert!(decodes(&app.update(Msg::Graphics(sixel()))).is_empty());
    let avatar = bloocard::avatar::encode_base64(&png_bytes());
    let cmds = app.update(Msg::Card {
        id,
        result: Ok(card("John", "Doe", Some(avatar))),
    });
    assert_eq!(
        decodes(&cmds).len(),
        1,
        "the card's own decode uses the answer"
    );
}
