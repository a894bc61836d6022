//! Reading our sources as the house rules need them: the files of each source root, the code of a
//! file with comments and literals blanked out (so a `{` or a `crate::` in a string is not code),
//! the module paths a file imports, and where each `fn` starts and ends.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, sorted.
pub fn rust_files(dir: &Path) -> Vec<PathBuf> {
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

pub fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The source roots checked: the crate's `src/` and each workspace member's `crates/*/src/`.
pub fn source_roots() -> Vec<PathBuf> {
    let root = manifest_dir();
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

/// `file` relative to the manifest dir, for messages.
pub fn shown(file: &Path) -> String {
    file.strip_prefix(manifest_dir())
        .unwrap_or(file)
        .display()
        .to_string()
}

/// The module path of a file relative to its source root: `tui/ui/card.rs` → ["tui","ui","card"];
/// `tui/mod.rs` → ["tui"]; `lib.rs`/`main.rs` → [].
pub fn module_of(root: &Path, file: &Path) -> Vec<String> {
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

/// `source` with comments, string literals (raw and byte ones too) and char literals replaced by
/// spaces, newlines kept: line numbers and brace nesting are those of the code.
pub fn code_of(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let blank = |out: &mut String, c: char| out.push(if c == '\n' { '\n' } else { ' ' });
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
            }
        } else if c == 'r'
            && (i == 0 || !ident(chars[i - 1]) || chars[i - 1] == 'b')
            && matches!(next, Some('"' | '#'))
            && raw_string_hashes(&chars[i + 1..]).is_some()
        {
            let hashes = raw_string_hashes(&chars[i + 1..]).unwrap_or(0);
            let closing: Vec<char> = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            // r, the hashes and the opening quote.
            let mut j = i + 2 + hashes;
            out.push_str(&" ".repeat(j - i));
            while j < chars.len() && !chars[j..].starts_with(&closing) {
                blank(&mut out, chars[j]);
                j += 1;
            }
            out.push_str(&" ".repeat(closing.len()));
            i = j + closing.len();
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
                if let Some(&c) = chars.get(i) {
                    blank(&mut out, c);
                }
                i += 1;
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && next == Some('\\') {
            // An escaped char literal: '\n', '\'', '\u{7f}'.
            out.push_str("  ");
            i += 2;
            while i < chars.len() && chars[i] != '\'' {
                out.push(' ');
                i += 1;
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && chars.get(i + 2) == Some(&'\'') {
            out.push_str("   ");
            i += 3;
        } else {
            // Code, lifetimes ('a) included.
            out.push(c);
            i += 1;
        }
    }
    out
}

/// After an `r`: the number of `#` before the opening `"` of a raw string, if that is what follows.
fn raw_string_hashes(after_r: &[char]) -> Option<usize> {
    let hashes = after_r.iter().take_while(|&&c| c == '#').count();
    (after_r.get(hashes) == Some(&'"')).then_some(hashes)
}

/// The code of a file up to its unit tests: they sit at the end in an inline
/// `#[cfg(test)] mod tests { … }`, where `super` means the file itself, so what they import is
/// not the file's dependency.
fn before_unit_tests(code: &str) -> &str {
    let mut from = 0;
    while let Some(at) = code[from..].find("#[cfg(test)]") {
        let at = from + at;
        let rest = code[at + "#[cfg(test)]".len()..].trim_start();
        if let Some(decl) = rest.strip_prefix("mod ") {
            let name_end = decl
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(decl.len());
            if decl[name_end..].trim_start().starts_with('{') {
                return &code[..at];
            }
        }
        from = at + 1;
    }
    code
}

/// The module paths `code` names: `crate::a::b::C` → [a,b,C]; `super::x` relative to `module`;
/// `child::x` too when `child` is a module below `module` (`is_module` says which are); a `use`
/// group is expanded, so `use crate::a::{b, c::{d, self}}` → [a,b], [a,c,d], [a,c].
pub fn imported_paths(
    code: &str,
    module: &[String],
    is_module: impl Fn(&[String]) -> bool,
) -> Vec<Vec<String>> {
    let chars: Vec<char> = before_unit_tests(code).chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let at_word_start = i == 0
            || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_' || chars[i - 1] == ':');
        let base = if !at_word_start {
            None
        } else if starts_with(&chars[i..], "crate::") {
            i += "crate::".len();
            Some(Vec::new())
        } else if starts_with(&chars[i..], "self::") {
            i += "self::".len();
            Some(module.to_vec())
        } else if starts_with(&chars[i..], "super::") {
            let mut base = module.to_vec();
            while starts_with(&chars[i..], "super::") {
                base.pop();
                i += "super::".len();
            }
            Some(base)
        } else {
            let word: String = chars[i..]
                .iter()
                .take_while(|c| c.is_alphanumeric() || **c == '_')
                .collect();
            let mut child = module.to_vec();
            child.push(word.clone());
            let n = word.chars().count();
            (n > 0 && starts_with(&chars[i + n..], "::") && is_module(&child))
                .then(|| module.to_vec())
        };
        match base {
            Some(base) => i = use_tree(&chars, i, base, &mut out),
            None => i += 1,
        }
    }
    out
}

fn starts_with(chars: &[char], text: &str) -> bool {
    let mut n = 0;
    for (a, b) in chars.iter().zip(text.chars()) {
        if *a != b {
            return false;
        }
        n += 1;
    }
    n == text.chars().count()
}

/// Reads the path (or `use` group) at `i` below `prefix` into `out`; returns where it ends.
fn use_tree(
    chars: &[char],
    mut i: usize,
    mut prefix: Vec<String>,
    out: &mut Vec<Vec<String>>,
) -> usize {
    let skip_space = |i: &mut usize| {
        while chars.get(*i).is_some_and(|c| c.is_whitespace()) {
            *i += 1;
        }
    };
    loop {
        skip_space(&mut i);
        if chars.get(i) == Some(&'{') {
            i += 1;
            loop {
                skip_space(&mut i);
                match chars.get(i) {
                    Some('}') | None => return i + 1,
                    Some(',') => i += 1,
                    _ => {
                        let before = i;
                        i = use_tree(chars, i, prefix.clone(), out);
                        if i == before {
                            i += 1;
                        }
                    }
                }
            }
        }
        let start = i;
        while chars
            .get(i)
            .is_some_and(|c| c.is_alphanumeric() || *c == '_')
        {
            i += 1;
        }
        let segment: String = chars[start..i].iter().collect();
        if !segment.is_empty() && segment != "self" {
            prefix.push(segment);
        }
        if starts_with(&chars[i..], "::") {
            i += 2;
            continue;
        }
        out.push(prefix);
        return i;
    }
}

/// One source root read for the rules: every file's module, and the files each file imports.
pub struct Crate {
    /// module path → file (relative to the manifest dir, for messages)
    pub files: BTreeMap<Vec<String>, String>,
    /// file → its module path
    pub modules: BTreeMap<String, Vec<String>>,
    /// file → files it imports
    pub edges: BTreeMap<String, BTreeSet<String>>,
}

pub fn read_crate(root: &Path) -> Crate {
    let mut files = BTreeMap::new();
    let mut modules = BTreeMap::new();
    let mut sources = Vec::new();
    // main.rs is the binary's own crate root; it reaches the library as `bloocard::`.
    for file in rust_files(root)
        .into_iter()
        .filter(|f| f.file_name().is_none_or(|n| n != "main.rs"))
    {
        let name = shown(&file);
        let module = module_of(root, &file);
        files.insert(module.clone(), name.clone());
        modules.insert(name.clone(), module.clone());
        let code = code_of(&fs::read_to_string(&file).unwrap_or_default());
        sources.push((name, module, code));
    }
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (name, module, code) in &sources {
        let entry = edges.entry(name.clone()).or_default();
        for path in imported_paths(code, module, |m| files.contains_key(m)) {
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
    Crate {
        files,
        modules,
        edges,
    }
}

impl Crate {
    /// [`Crate::edges`] without a module's edges into its own submodules.
    pub fn imports_between_modules(&self) -> BTreeMap<String, BTreeSet<String>> {
        let below = |file: &String, target: &String| {
            let (Some(m), Some(t)) = (self.modules.get(file), self.modules.get(target)) else {
                return false;
            };
            t.len() > m.len() && t.starts_with(m)
        };
        self.edges
            .iter()
            .map(|(file, targets)| {
                let up = targets
                    .iter()
                    .filter(|t| !below(file, t))
                    .cloned()
                    .collect();
                (file.clone(), up)
            })
            .collect()
    }
}

/// One `fn` with a body: its name, and its first and last line (1-based, `fn` to closing brace).
#[derive(Debug, PartialEq)]
pub struct FnSpan {
    pub name: String,
    pub first: usize,
    pub last: usize,
}

impl FnSpan {
    pub fn lines(&self) -> usize {
        self.last - self.first + 1
    }
}

/// Every `fn` with a body in `code` (nested ones too): from the line of `fn` to the line of the
/// brace that closes its body. Declarations without a body (`fn f();` in a trait) are skipped.
pub fn fn_spans(code: &str) -> Vec<FnSpan> {
    let chars: Vec<char> = code.chars().collect();
    let line_at = {
        let mut lines = Vec::with_capacity(chars.len());
        let mut line = 1;
        for c in &chars {
            lines.push(line);
            if *c == '\n' {
                line += 1;
            }
        }
        lines
    };
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = Vec::new();
    for i in 0..chars.len() {
        let is_fn = starts_with(&chars[i..], "fn")
            && (i == 0 || !ident(chars[i - 1]))
            && chars.get(i + 2).is_some_and(|c| c.is_whitespace());
        if !is_fn {
            continue;
        }
        let mut j = i + 2;
        while chars.get(j).is_some_and(|c| c.is_whitespace()) {
            j += 1;
        }
        let name: String = chars[j..].iter().take_while(|&&c| ident(c)).collect();
        if name.is_empty() {
            continue;
        }
        // The signature ends at `{` (a body) or `;` (none) outside its () and [].
        let mut nesting = 0i32;
        let mut body = None;
        while let Some(&c) = chars.get(j) {
            match c {
                '(' | '[' => nesting += 1,
                ')' | ']' => nesting -= 1,
                ';' if nesting == 0 => break,
                '{' if nesting == 0 => {
                    body = Some(j);
                    break;
                }
                _ => {}
            }
            j += 1;
        }
        let Some(open) = body else { continue };
        let mut depth = 0;
        for (k, &c) in chars.iter().enumerate().skip(open) {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        out.push(FnSpan {
                            name: name.clone(),
                            first: line_at[i],
                            last: line_at[k],
                        });
                        break;
                    }
                }
                _ => {}
            }
        }
    }
    out
}
