//! The house rules of `docs/architecture.md` that a machine can check: no source file over 400
//! lines and no function over 80, no import cycle between source files, each part of `src/`
//! importing only what the architecture table lets it (one table, [`table::HOUSE`], which the
//! doc's table must match), and no `unsafe` anywhere.
//!
//! An import is any `crate::…`, `super::…`, `self::…` or `child_module::…` path in a file (in
//! `use` lines, groups expanded, and inline), resolved to the file that holds the module it names.
//! `mod x;` lines are structure, not imports, so a parent declaring its children is not an edge;
//! for the cycle rule, a module naming its own submodules (`pub use bindings::all;`) is structure
//! too, so a child may use its parent's items.

mod cycles;
mod source;
mod table;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use cycles::cycles;
use source::{
    FnSpan, code_of, fn_spans, imported_paths, manifest_dir, read_crate, rust_files, shown,
    source_roots,
};
use table::{HOUSE, LONG_FNS_FOR_NOW, MAX_FN_LINES};

const MAX_LINES: usize = 400;

/// The part of `src/` a file (`src/…`, as [`source::shown`] gives it) belongs to, as the house
/// table names parts: `src/api/types/card.rs` → `api`, `src/tui/update/card.rs` → `update`,
/// `src/tui/mod.rs` → `tui`. `src/lib.rs` only declares the modules: it is no part.
fn part_of(file: &str) -> Option<String> {
    let rel = file.strip_prefix("src/")?.trim_end_matches('/');
    let rel = rel.strip_suffix(".rs").unwrap_or(rel);
    let parts: Vec<&str> = rel.split('/').collect();
    match parts.as_slice() {
        ["lib"] | ["main"] => None,
        ["tui"] | ["tui", "mod" | "terminal" | "event"] => Some("tui".into()),
        ["tui", sub, ..] => Some((*sub).into()),
        [top, ..] => Some((*top).into()),
        [] => None,
    }
}

/// What each part may import, from [`HOUSE`]: its row's list and the other parts of its row.
fn allowed() -> BTreeMap<&'static str, BTreeSet<&'static str>> {
    let mut out: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for row in HOUSE {
        for part in row.parts {
            let may = out.entry(part).or_default();
            may.extend(row.may_import);
            may.extend(row.parts);
        }
    }
    out
}

#[test]
fn no_source_file_is_over_400_lines() {
    let mut long = Vec::new();
    for root in source_roots() {
        for file in rust_files(&root) {
            let lines = fs::read_to_string(&file)
                .unwrap_or_default()
                .lines()
                .count();
            if lines > MAX_LINES {
                long.push(format!("{} ({lines} lines)", file.display()));
            }
        }
    }
    assert!(
        long.is_empty(),
        "over {MAX_LINES} lines:\n{}",
        long.join("\n")
    );
}

#[test]
fn no_import_cycles_between_source_files() {
    let mut found = Vec::new();
    for root in source_roots() {
        let krate = read_crate(&root);
        assert!(
            !krate.files.is_empty(),
            "no sources under {}",
            root.display()
        );
        found.extend(cycles(&krate.imports_between_modules()));
    }
    let text: Vec<String> = found.iter().map(|c| c.join(" ↔ ")).collect();
    assert!(text.is_empty(), "import cycles:\n{}", text.join("\n"));
}

#[test]
fn tui_update_imports_nothing_from_ui() {
    let krate = read_crate(&manifest_dir().join("src"));
    let mut bad = Vec::new();
    for (file, targets) in &krate.edges {
        if file.starts_with("src/tui/update") {
            for t in targets {
                if t.starts_with("src/tui/ui") {
                    bad.push(format!("{file} → {t}"));
                }
            }
        }
    }
    assert!(bad.is_empty(), "update imports views:\n{}", bad.join("\n"));
}

#[test]
fn every_part_imports_only_what_the_house_table_allows() {
    let allowed = allowed();
    let krate = read_crate(&manifest_dir().join("src"));
    let mut bad = Vec::new();
    let mut unlisted = BTreeSet::new();
    for (file, targets) in &krate.edges {
        let Some(part) = part_of(file) else {
            assert!(
                targets.is_empty(),
                "{file} only declares modules: {targets:?}"
            );
            continue;
        };
        let Some(may) = allowed.get(part.as_str()) else {
            unlisted.insert(part);
            continue;
        };
        for target in targets {
            let Some(to) = part_of(target) else { continue };
            if to != part && !may.contains(to.as_str()) {
                bad.push(format!("{file} → {target} ({part} may not import {to})"));
            }
        }
    }
    assert!(
        unlisted.is_empty(),
        "parts of src/ with no row in the house table (tests/it/house_rules/table.rs and \
         docs/architecture.md): {unlisted:?}"
    );
    let files: BTreeSet<String> = krate.files.values().filter_map(|f| part_of(f)).collect();
    let stale: Vec<&&str> = allowed.keys().filter(|p| !files.contains(**p)).collect();
    assert!(stale.is_empty(), "rows for parts that are gone: {stale:?}");
    assert!(
        bad.is_empty(),
        "imports the house table does not allow (docs/architecture.md, \"May import\"):\n{}",
        bad.join("\n")
    );
}

/// The table in docs/architecture.md, as (parts of a row, the parts of ours it may import): the
/// first cell's backticked paths (`src/tui/worker.rs`, then `fleet_jobs.rs` beside it) and the
/// last cell's backticked names before any " — " (what follows the dash is commentary). Rows
/// about folders outside `src/` (the tests, the decoder crate) are not parts.
fn doc_table() -> Vec<(BTreeSet<String>, BTreeSet<String>)> {
    let doc = fs::read_to_string(manifest_dir().join("docs/architecture.md")).unwrap();
    let ticked = |cell: &str| -> Vec<String> {
        cell.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    let mut rows = Vec::new();
    for line in doc.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.trim_matches('|').split(" | ").collect();
        let (Some(first), Some(last)) = (cells.first(), cells.last()) else {
            continue;
        };
        let paths = ticked(first);
        let Some(dir) = paths
            .first()
            .and_then(|p| p.rsplit_once('/'))
            .map(|(d, _)| d)
        else {
            continue;
        };
        let parts: BTreeSet<String> = paths
            .iter()
            .map(|p| {
                if p.contains('/') {
                    p.clone()
                } else {
                    format!("{dir}/{p}")
                }
            })
            .filter_map(|p| part_of(&p))
            .collect();
        if parts.is_empty() {
            continue;
        }
        let ours = last.split(" — ").next().unwrap_or_default();
        rows.push((parts, ticked(ours).into_iter().collect()));
    }
    rows
}

#[test]
fn the_architecture_doc_draws_this_table() {
    let doc = doc_table();
    let code: Vec<(BTreeSet<String>, BTreeSet<String>)> = HOUSE
        .iter()
        .map(|r| {
            let set = |s: &[&str]| s.iter().map(|p| p.to_string()).collect();
            (set(r.parts), set(r.may_import))
        })
        .collect();
    let missing: Vec<_> = code.iter().filter(|r| !doc.contains(r)).collect();
    let extra: Vec<_> = doc.iter().filter(|r| !code.contains(r)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "docs/architecture.md's table and tests/it/house_rules/table.rs differ.\n\
         rows only in the test: {missing:?}\nrows only in the doc: {extra:?}"
    );
}

#[test]
fn no_function_is_over_80_lines_but_the_listed_ones() {
    let mut long = Vec::new();
    let mut fit = Vec::new();
    for root in source_roots() {
        for file in rust_files(&root) {
            let name = shown(&file);
            let spans = fn_spans(&code_of(&fs::read_to_string(&file).unwrap_or_default()));
            for span in &spans {
                let listed = LONG_FNS_FOR_NOW.contains(&(name.as_str(), span.name.as_str()));
                if span.lines() > MAX_FN_LINES && !listed {
                    long.push(format!(
                        "{name}:{} fn {} ({} lines)",
                        span.first,
                        span.name,
                        span.lines()
                    ));
                }
            }
            for (_, listed) in LONG_FNS_FOR_NOW.iter().filter(|(f, _)| *f == name) {
                let still_long = spans
                    .iter()
                    .any(|s| s.name == *listed && s.lines() > MAX_FN_LINES);
                if !still_long {
                    fit.push(format!("{name} fn {listed}"));
                }
            }
        }
    }
    assert!(
        long.is_empty(),
        "functions over {MAX_FN_LINES} lines, `fn` to closing brace:\n{}",
        long.join("\n")
    );
    assert!(
        fit.is_empty(),
        "these fit in {MAX_FN_LINES} lines now (or are gone): take them off LONG_FNS_FOR_NOW in \
         tests/it/house_rules/table.rs\n{}",
        fit.join("\n")
    );
}

#[test]
fn the_source_reader_sees_through_comments_literals_and_use_groups() {
    let source = r####"
use crate::a::{b, c::{d, self}};
// crate::in_a_comment
/* crate::in_a_block /* nested */ comment */
fn one() -> [u8; 2] {
    let s = "crate::in_a_string { \" ";
    let r = r#"crate::in_a_raw_string }"#;
    let c = ['{', '\'', '}'];
    let l: &'static str = "";
    child::f();
    super::up::g();
}
fn declared(x: u8);
#[cfg(test)]
mod tests {
    use crate::in_unit_tests;
}
"####;
    let code = code_of(source);
    assert_eq!(code.lines().count(), source.lines().count(), "lines kept");
    let paths = imported_paths(&code, &["m".to_string()], |m| m == ["m", "child"]);
    let paths: Vec<String> = paths.iter().map(|p| p.join("::")).collect();
    assert_eq!(paths, ["a::b", "a::c::d", "a::c", "m::child::f", "up::g"]);
    assert_eq!(
        fn_spans(&code),
        [FnSpan {
            name: "one".into(),
            first: 5,
            last: 12,
        }]
    );
}

#[test]
fn every_crate_forbids_unsafe_code() {
    let mut missing = Vec::new();
    for root in source_roots() {
        let lib = root.join("lib.rs");
        let text = fs::read_to_string(&lib).unwrap_or_default();
        if !text.contains("#![forbid(unsafe_code)]") {
            missing.push(shown(&lib));
        }
    }
    assert!(
        missing.is_empty(),
        "no #![forbid(unsafe_code)] in:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    edges.entry("a".into()).or_default().insert("b".into());
    edges.entry("b".into()).or_default().insert("c".into());
    edges.entry("c".into()).or_default().insert("a".into());
    edges.entry("d".into()).or_default().insert("a".into());
    assert_eq!(
        cycles(&edges),
        vec![vec!["a".to_string(), "b".into(), "c".into()]]
    );
}
