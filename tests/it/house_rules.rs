//! The house rules of `docs/architecture.md` that a machine can check: no source file over 400
//! lines, no import cycle between source files, and no `unsafe` anywhere.
//!
//! An import is any `crate::…`, `super::…` or `self::…` path in a file (in `use` lines and inline),
//! resolved to the file that holds the module it names. `mod x;` lines are structure, not imports,
//! so a parent declaring its children is not an edge. The TUI's `update` may not import from `ui`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 400;

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The source roots checked: the crate's `src/` and each workspace member's `crates/*/src/`.
fn source_roots() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut roots = vec![root.join("src")];
    if let Ok(entries) = fs::read_dir(root.join("crates")) {
        let mut members: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path().join("src"))
            .filter(|p| p.is_dir())
            .collect();
        members.sort();
        roots.extend(members);
    }
    roots
}

/// The module path of a file relative to its source root: `tui/ui/card.rs` → ["tui","ui","card"];
/// `tui/mod.rs` → ["tui"]; `lib.rs`/`main.rs` → [].
fn module_of(root: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(root).unwrap_or(file);
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap_or_default();
    let stem = last.trim_end_matches(".rs");
    if !matches!(stem, "mod" | "lib" | "main") {
        parts.push(stem.to_string());
    }
    parts
}

/// Strips `//` comments and string literals well enough that paths in them are not read as imports.
fn code_only(line: &str) -> String {
    let mut out = String::new();
    let mut in_str = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if in_str {
            if c == '\\' {
                chars.next();
            } else if c == '"' {
                in_str = false;
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '/' if chars.peek() == Some(&'/') => break,
            _ => out.push(c),
        }
    }
    out
}

/// The module paths a file names: `crate::a::b::C` → [a,b,C]; `super::x` relative to `module`.
/// `use crate::a::{b, c::d}` yields the common prefix [a], which resolves to a's file at least.
fn referenced_paths(source: &str, module: &[String], is_mod_file: bool) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut after_cfg_test = false;
    for raw in source.lines() {
        // Unit tests sit at the end of a file in an inline `mod tests { … }`, where `super` means
        // the file itself: what they import is not the file's dependency.
        let trimmed = raw.trim();
        if after_cfg_test && trimmed.starts_with("mod ") && trimmed.ends_with('{') {
            break;
        }
        after_cfg_test = trimmed.starts_with("#[cfg(test)]");
        let line = code_only(raw);
        let bytes: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < bytes.len() {
            let at_word_start = i == 0
                || !(bytes[i - 1].is_alphanumeric() || bytes[i - 1] == '_' || bytes[i - 1] == ':');
            if !at_word_start {
                i += 1;
                continue;
            }
            let rest: String = bytes[i..].iter().collect();
            let (base, skip): (Vec<String>, usize) = if rest.starts_with("crate::") {
                (Vec::new(), "crate::".len())
            } else if rest.starts_with("super::") {
                // In `a/b.rs` (module a::b), super is a; in `a/b/mod.rs` (module a::b), super is a.
                let mut base = module.to_vec();
                let mut skip = 0;
                let mut r = rest.as_str();
                while let Some(tail) = r.strip_prefix("super::") {
                    base.pop();
                    skip += "super::".len();
                    r = tail;
                }
                let _ = is_mod_file;
                (base, skip)
            } else if rest.starts_with("self::") {
                (module.to_vec(), "self::".len())
            } else {
                i += 1;
                continue;
            };
            let tail: String = rest[skip..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let mut path = base;
            path.extend(
                tail.split("::")
                    .filter(|s| !s.is_empty())
                    .map(str::to_string),
            );
            out.push(path);
            i += skip + tail.len().max(1);
        }
    }
    out
}

struct Crate {
    /// module path → file (relative to the manifest dir, for messages)
    files: BTreeMap<Vec<String>, String>,
    /// file → files it imports
    edges: BTreeMap<String, BTreeSet<String>>,
}

fn read_crate(root: &Path) -> Crate {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = BTreeMap::new();
    let mut sources = Vec::new();
    // main.rs is the binary's own crate root; it reaches the library as `bloocard::`.
    for file in rust_files(root)
        .into_iter()
        .filter(|f| f.file_name().is_none_or(|n| n != "main.rs"))
    {
        let name = file
            .strip_prefix(manifest)
            .unwrap_or(&file)
            .to_string_lossy()
            .into_owned();
        let module = module_of(root, &file);
        let is_mod = file.file_name().is_some_and(|f| f == "mod.rs");
        files.insert(module.clone(), name.clone());
        sources.push((
            name,
            module,
            is_mod,
            fs::read_to_string(&file).unwrap_or_default(),
        ));
    }
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (name, module, is_mod, source) in &sources {
        let entry = edges.entry(name.clone()).or_default();
        for path in referenced_paths(source, module, *is_mod) {
            // The longest prefix of the path that is a file's module.
            let target = (0..=path.len())
                .rev()
                .find_map(|n| files.get(&path[..n]))
                .cloned();
            if let Some(target) = target
                && &target != name
            {
                entry.insert(target);
            }
        }
    }
    Crate { files, edges }
}

/// Every pair of files that import each other, directly or through others (one cycle per
/// strongly connected component, as its member list).
fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    // Tarjan's algorithm, iterative enough for a few hundred files.
    struct Walk<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        on_stack: BTreeSet<&'a str>,
        stack: Vec<&'a str>,
        next: usize,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(w: &mut Walk<'a>, v: &'a str) {
        w.index.insert(v, w.next);
        w.low.insert(v, w.next);
        w.next += 1;
        w.stack.push(v);
        w.on_stack.insert(v);
        if let Some(targets) = w.edges.get(v) {
            for t in targets {
                let t = t.as_str();
                if !w.index.contains_key(t) {
                    visit(w, t);
                    let lt = w.low[t];
                    let lv = w.low[v];
                    w.low.insert(v, lv.min(lt));
                } else if w.on_stack.contains(t) {
                    let it = w.index[t];
                    let lv = w.low[v];
                    w.low.insert(v, lv.min(it));
                }
            }
        }
        if w.low[v] == w.index[v] {
            let mut component = Vec::new();
            while let Some(x) = w.stack.pop() {
                w.on_stack.remove(x);
                component.push(x.to_string());
                if x == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                w.found.push(component);
            }
        }
    }
    let mut w = Walk {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        on_stack: BTreeSet::new(),
        stack: Vec::new(),
        next: 0,
        found: Vec::new(),
    };
    for v in edges.keys() {
        if !w.index.contains_key(v.as_str()) {
            visit(&mut w, v);
        }
    }
    w.found
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
        found.extend(cycles(&krate.edges));
    }
    let text: Vec<String> = found.iter().map(|c| c.join(" ↔ ")).collect();
    assert!(text.is_empty(), "import cycles:\n{}", text.join("\n"));
}

#[test]
fn tui_update_imports_nothing_from_ui() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let krate = read_crate(&root);
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
fn every_crate_forbids_unsafe_code() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut missing = Vec::new();
    for root in source_roots() {
        let lib = root.join("lib.rs");
        let text = fs::read_to_string(&lib).unwrap_or_default();
        if !text.contains("#![forbid(unsafe_code)]") {
            missing.push(
                lib.strip_prefix(manifest)
                    .unwrap_or(&lib)
                    .display()
                    .to_string(),
            );
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
