//! The card file's checks: what is accepted, and where each refusal points.

use std::path::Path;

use super::spec::{Location, Targets, parse};
use crate::api::Field;
use crate::api::{Audience, NameFormat};

fn refused(text: &str) -> String {
    parse(Path::new("dir/cards.toml"), text)
        .expect_err("should be refused")
        .to_string()
}

#[test]
fn the_example_of_the_issue_is_accepted() {
    let text = r#"
version = 1
numbers = "all"

[card]
first_name = " Acme "
last_name = "Support"
avatar = "logo.png"
sharing = true
audience = "always-ask"
name_format = "full"

[number."+14155550123"]
first_name = "Maya"
avatar = { path = "avatars/14155550123.jpg", exact = true }
"#;
    let file = parse(Path::new("dir/cards.toml"), text).unwrap();
    assert_eq!(file.targets, Targets::All);
    assert_eq!(
        file.card.first_name.as_deref(),
        Some("Acme"),
        "names are trimmed"
    );
    assert_eq!(file.card.audience, Some(Audience::AlwaysAsk));
    assert_eq!(file.card.name_format, Some(NameFormat::FirstAndLast));
    let avatar = file.card.avatar.as_ref().unwrap();
    assert_eq!(
        avatar.path,
        Path::new("dir/logo.png"),
        "relative to the file"
    );
    assert!(!avatar.exact);
    assert_eq!(avatar.at, Location { line: 8, col: 10 });
    let (number, over) = &file.numbers[0];
    assert_eq!(number, "+14155550123");
    assert!(over.avatar.as_ref().unwrap().exact);
    assert_eq!(over.managed(), vec![Field::FirstName, Field::Avatar]);
}

#[test]
fn a_list_and_number_tables_target_numbers() {
    let file = parse(
        Path::new("c.toml"),
        "version = 1\nnumbers = [\"+13125550148\"]\n[number.\"+14155550123\"]\nsharing = false\n",
    )
    .unwrap();
    assert_eq!(file.targets, Targets::List(vec!["+13125550148".into()]));
    let only_tables = parse(
        Path::new("c.toml"),
        "version = 1\n[number.\"+14155550123\"]\nsharing = false\n",
    )
    .unwrap();
    assert_eq!(only_tables.targets, Targets::List(vec![]));
    assert_eq!(only_tables.numbers.len(), 1);
}

#[test]
fn refusals_name_the_file_line_column_and_key() {
    let cases = [
        (
            "version = 1\nnumbers = \"all\"\n[card]\nfrist_name = 1\n",
            "dir/cards.toml:4:1: unknown key \"frist_name\" in [card]",
        ),
        (
            "version = 3\nnumbers = \"all\"\n",
            "dir/cards.toml:1:11: `version` is 3",
        ),
        (
            "version = 1\nnumbers = \"all\"\n[card]\nsharing = 1\n",
            "dir/cards.toml:4:11: `sharing` must be true or false, not the integer 1",
        ),
        (
            "version = 1\nnumbers = [\"+1415 555\"]\n",
            "dir/cards.toml:2:12: in `numbers`: \"+1415 555\" is not an E.164 number",
        ),
        (
            "version = 1\nnumbers = [\"+14155550123\", \"+14155550123\"]\n",
            "dir/cards.toml:2:28: +14155550123 is listed twice",
        ),
        (
            "version = 1\nnumbers = \"all\"\n[card]\nname_format = \"last\"\n",
            "dir/cards.toml:4:15: `name_format` is \"last\": write \"full\" or \"first\"",
        ),
        ("version = 1\n", "dir/cards.toml:1:1: no number is targeted"),
        (
            "version = 1\nnumbers = \"all\"\ncard = 3\n",
            "dir/cards.toml:3:8: `card` must be a table, not integer",
        ),
        (
            "version = 1\nnumbers = \"all\"\n[card]\nfirst_name = \"a\\u0007b\"\n",
            "dir/cards.toml:4:14: `first_name` holds a control character",
        ),
        (
            "version = 1\nnumbers = \"all\"\n",
            "dir/cards.toml:1:1: the file manages nothing: no field is set under [card] or any \
             [number.\"…\"]",
        ),
        (
            "version = 1\nnumbers = \"all\"\n[card]\n[number.\"+14155550123\"]\n",
            "dir/cards.toml:1:1: the file manages nothing",
        ),
        (
            // The API's limit, as the CLI and the TUI check it (crate::validate).
            "version = 1\nnumbers = \"all\"\n[card]\nfirst_name = \"Acme\"\n\
             last_name = \"SupportSupportSupportSupportSupportSupportSupportSupportSupportSup\"\n",
            "dir/cards.toml:5:13: `last_name` has 66 characters, more than the 64 allowed",
        ),
    ];
    for (text, want) in cases {
        let got = refused(text);
        assert!(got.starts_with(want), "{text}\nwant {want}\ngot  {got}");
        assert!(!got.contains('\n'), "one line: {got}");
    }
}

#[test]
fn invalid_toml_points_at_the_error() {
    let got = refused("version = 1\nnumbers = \"all\"\n[card]\nfirst_name = \"Acme\n");
    assert!(got.starts_with("dir/cards.toml:4:"), "{got}");
    assert!(got.contains("not valid TOML"), "{got}");
    assert!(!got.contains('\n'), "{got}");
}

#[test]
fn location_counts_characters_not_bytes() {
    let text = "a = \"é\"\nbé = 1";
    assert_eq!(Location::of(text, 0), Location { line: 1, col: 1 });
    assert_eq!(
        Location::of(text, text.find("= 1").unwrap()),
        Location { line: 2, col: 4 }
    );
}
