//! Every public function of `math/` has a property test (issue 14): each `pub fn` in
//! `src/math/**/*.rs` must be called inside a `proptest!` block of `tests/*.rs`, directly or
//! through a helper function of the same test file that the block calls.
//!
//! A call counts when it names the function as the test file brings it into scope: imported
//! by name or by a glob of its module (`use fee_router::math::split::*`), qualified by its
//! module (`split::split_floor(..)`), or, for a method, called as `.name(..)` / `Type::name(..)`
//! in a file that imports from its module. Comments and string literals never count, and a
//! same-named function of another module (`rolling::record` and `fee_history::record`) does
//! not cover it.
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Functions exempt from the rule, as `module::name` (`name` for `math/mod.rs`), each with the
/// reason. Keep it empty: a function worth exporting is worth a property.
const EXCEPTIONS: &[(&str, &str)] = &[];

#[test]
fn every_math_function_has_a_property_test() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let math = read_math(&root.join("src/math"));
    let tests = read_dir_rs(&root.join("tests"));
    let functions = math_functions(&math);
    assert!(
        functions.len() >= 20,
        "found only {} public functions in src/math: the parser is broken",
        functions.len()
    );
    let uncovered = uncovered(&functions, &tests);
    let known: BTreeSet<String> = functions.iter().map(|f| f.key()).collect();
    let stale: Vec<&str> = EXCEPTIONS
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| !known.contains(*k))
        .collect();
    assert!(
        stale.is_empty(),
        "exceptions that name no public math function: {stale:?}"
    );
    let missing: Vec<String> = uncovered
        .iter()
        .filter(|f| !EXCEPTIONS.iter().any(|(k, _)| *k == f.key()))
        .map(|f| format!("  {} ({}:{})", f.key(), f.file, f.line))
        .collect();
    assert!(
        missing.is_empty(),
        "{} of {} public functions in src/math are called in no proptest! block of tests/*.rs:\n{}",
        missing.len(),
        functions.len(),
        missing.join("\n")
    );
}

/// The checker itself: it finds what no block calls, and is not fooled by a comment, a
/// string, a plain `#[test]`, or a same-named function of another module.
#[test]
fn the_coverage_checker_reports_what_no_property_test_calls() {
    let math = vec![
        (
            String::new(),
            "mod.rs".to_string(),
            "pub fn root_fn() {}\nfn private_fn() {}".to_string(),
        ),
        (
            "alpha".to_string(),
            "alpha.rs".to_string(),
            "pub fn tested() {}\npub fn in_a_comment() {}\npub fn in_a_unit_test() {}\n\
             pub fn record() {}\npub(crate) fn internal() {}\n\
             impl Thing { pub fn method(&self) {} }\n\
             #[cfg(test)] mod tests { pub fn helper() {} }"
                .to_string(),
        ),
        (
            "beta".to_string(),
            "beta.rs".to_string(),
            "pub fn record() {}\npub const fn via_helper() -> u8 { 0 }".to_string(),
        ),
    ];
    let tests = vec![(
        "t.rs".to_string(),
        r#"use fee_router::math::alpha::*;
           use fee_router::math::{root_fn as r, beta::{self, via_helper}};
           fn helper() { via_helper(); }
           #[test] fn unit() { in_a_unit_test(); }
           proptest! {
               #[test] fn p(x in 0u8..3) {
                   // in_a_comment();
                   let s = "in_a_comment()";
                   tested(); r(); helper(); thing.method();
                   record(); // alpha's, through the glob
               }
           }"#
        .to_string(),
    )];
    let functions = math_functions(&math);
    let names: Vec<String> = functions.iter().map(|f| f.key()).collect();
    assert_eq!(
        names,
        [
            "root_fn",
            "alpha::tested",
            "alpha::in_a_comment",
            "alpha::in_a_unit_test",
            "alpha::record",
            "alpha::Thing::method",
            "beta::record",
            "beta::via_helper"
        ]
    );
    let missing: Vec<String> = uncovered(&functions, &tests)
        .iter()
        .map(|f| f.key())
        .collect();
    assert_eq!(
        missing,
        [
            "alpha::in_a_comment",
            "alpha::in_a_unit_test",
            "beta::record"
        ]
    );
}

/// A public function of a math module.
#[derive(Debug, Clone)]
struct MathFn {
    /// Module path below `math` (`""` for `math/mod.rs`, `"split"`, `"a::b"`).
    module: String,
    /// The type of an inherent method, if it is one.
    owner: Option<String>,
    name: String,
    file: String,
    line: usize,
}

impl MathFn {
    fn key(&self) -> String {
        let mut parts: Vec<&str> = vec![];
        if !self.module.is_empty() {
            parts.push(&self.module);
        }
        if let Some(o) = &self.owner {
            parts.push(o);
        }
        parts.push(&self.name);
        parts.join("::")
    }
    /// The last segment of the module path as a caller writes it (`math` for the root).
    fn module_tail(&self) -> &str {
        self.module
            .rsplit("::")
            .next()
            .filter(|s| !s.is_empty())
            .unwrap_or("math")
    }
}

/// `(module path, file name, source)` of every `.rs` file under `dir`.
fn read_math(dir: &Path) -> Vec<(String, String, String)> {
    let mut out = vec![];
    let mut stack = vec![(dir.to_path_buf(), Vec::<String>::new())];
    while let Some((d, prefix)) = stack.pop() {
        let mut entries: Vec<PathBuf> = fs::read_dir(&d)
            .unwrap_or_else(|e| panic!("{}: {e}", d.display()))
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            let stem = p.file_stem().unwrap().to_string_lossy().to_string();
            if p.is_dir() {
                let mut next = prefix.clone();
                next.push(p.file_name().unwrap().to_string_lossy().to_string());
                stack.push((p, next));
            } else if p.extension().is_some_and(|e| e == "rs") {
                let mut module = prefix.clone();
                if stem != "mod" {
                    module.push(stem);
                }
                let rel = p
                    .strip_prefix(dir.parent().unwrap().parent().unwrap())
                    .unwrap();
                out.push((
                    module.join("::"),
                    rel.display().to_string(),
                    fs::read_to_string(&p).unwrap(),
                ));
            }
        }
    }
    out
}

/// `(file name, source)` of every `.rs` file directly in `dir`.
fn read_dir_rs(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().to_string(),
                fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

/// Every `pub fn` (free, or an inherent method) outside `#[cfg(test)]` code.
fn math_functions(files: &[(String, String, String)]) -> Vec<MathFn> {
    let mut out = vec![];
    for (module, file, src) in files {
        let toks = lex(src);
        let toks = &toks[..cfg_test_start(&toks)];
        // Inherent `impl Type { .. }` ranges: (start, end, type).
        let mut impls: Vec<(usize, usize, String)> = vec![];
        for i in 0..toks.len() {
            // An `impl` item (not `impl Trait` in a type): at the start of an item.
            let item_start =
                i == 0 || matches!(toks[i - 1].text.as_str(), "}" | ";" | "]" | "unsafe");
            if toks[i].text == "impl" && item_start {
                let Some(open) = (i..toks.len()).find(|&j| toks[j].text == "{") else {
                    continue;
                };
                let header = &toks[i + 1..open];
                if header.iter().any(|t| t.text == "for") {
                    continue;
                }
                // The type: the first identifier after the impl's own generics.
                let mut k = 0;
                if header.first().is_some_and(|t| t.text == "<") {
                    let mut depth = 0;
                    while k < header.len() {
                        match header[k].text.as_str() {
                            "<" => depth += 1,
                            ">" => depth -= 1,
                            _ => {}
                        }
                        k += 1;
                        if depth == 0 {
                            break;
                        }
                    }
                }
                let ty = header[k..]
                    .iter()
                    .find(|t| is_ident(&t.text))
                    .map_or(String::new(), |t| t.text.clone());
                impls.push((open, matching(toks, open), ty));
            }
        }
        for i in 0..toks.len() {
            if toks[i].text != "pub" {
                continue;
            }
            let mut j = i + 1;
            while j < toks.len() && matches!(toks[j].text.as_str(), "const" | "unsafe" | "async") {
                j += 1;
            }
            if toks.get(j).is_some_and(|t| t.text == "fn") {
                if let Some(name) = toks.get(j + 1) {
                    let owner = impls
                        .iter()
                        .find(|(s, e, _)| *s < i && i < *e)
                        .map(|(_, _, t)| t.clone());
                    out.push(MathFn {
                        module: module.clone(),
                        owner,
                        name: name.text.clone(),
                        file: file.clone(),
                        line: toks[i].line,
                    });
                }
            }
        }
    }
    out
}

/// The functions of `functions` that no `proptest!` block of `tests` calls.
fn uncovered<'a>(functions: &'a [MathFn], tests: &[(String, String)]) -> Vec<&'a MathFn> {
    let modules: BTreeMap<&str, Vec<&MathFn>> =
        functions.iter().fold(BTreeMap::new(), |mut m, f| {
            m.entry(f.module.as_str()).or_default().push(f);
            m
        });
    let mut covered: BTreeSet<String> = BTreeSet::new();
    for (_, src) in tests {
        let toks = lex(src);
        // What the file's `use`s bring in: local name -> functions, and modules used at all.
        let mut scope: BTreeMap<String, Vec<&MathFn>> = BTreeMap::new();
        let mut used_modules: BTreeSet<&str> = BTreeSet::new();
        for path in use_paths(&toks) {
            let Some(rest) = path
                .0
                .strip_prefix(&["fee_router".to_string(), "math".to_string()][..])
            else {
                continue;
            };
            let Some((last, dirs)) = rest.split_last() else {
                continue;
            };
            let dirs = dirs.join("::");
            if let Some(fns) = modules.get(dirs.as_str()) {
                used_modules.insert(fns[0].module.as_str());
                for f in fns.iter().filter(|f| f.owner.is_none()) {
                    if last == "*" || *last == f.name {
                        let local = if last == "*" {
                            &f.name
                        } else {
                            path.1.as_ref().unwrap_or(last)
                        };
                        scope.entry(local.clone()).or_default().push(f);
                    }
                }
            }
            // `use fee_router::math::split;` (or its items) also lets the file name the module.
            if let Some(fns) = modules.get(rest.join("::").as_str()) {
                used_modules.insert(fns[0].module.as_str());
            }
        }
        // Local helper functions outside the blocks, by name, with their bodies.
        let blocks = proptest_blocks(&toks);
        let in_block = |i: usize| blocks.iter().any(|&(s, e)| s <= i && i <= e);
        let mut helpers: BTreeMap<&str, Vec<(usize, usize)>> = BTreeMap::new();
        for i in 0..toks.len() {
            if toks[i].text == "fn" && !in_block(i) {
                if let (Some(name), Some(open)) = (
                    toks.get(i + 1),
                    (i..toks.len()).find(|&j| matches!(toks[j].text.as_str(), "{" | ";")),
                ) {
                    if toks[open].text == "{" {
                        helpers
                            .entry(name.text.as_str())
                            .or_default()
                            .push((open, matching(&toks, open)));
                    }
                }
            }
        }
        // The token ranges a property test runs: its blocks, and the helpers they reach.
        let mut ranges: Vec<(usize, usize)> = blocks.clone();
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut k = 0;
        while k < ranges.len() {
            let (s, e) = ranges[k];
            for i in s..=e {
                if let Some(h) = helpers.get(toks[i].text.as_str()) {
                    if is_call(&toks, i) && seen.insert(toks[i].text.as_str()) {
                        ranges.extend(h.iter().copied());
                    }
                }
            }
            k += 1;
        }
        for &(s, e) in &ranges {
            for i in s..=e {
                if !is_call(&toks, i) {
                    continue;
                }
                let name = toks[i].text.as_str();
                let qualifier = qualifier(&toks, i);
                let after_dot = i > 0 && toks[i - 1].text == ".";
                if qualifier.is_none() && !after_dot {
                    for f in scope.get(name).into_iter().flatten() {
                        covered.insert(f.key());
                    }
                }
                for f in functions.iter() {
                    if f.name != name {
                        continue;
                    }
                    let hit = match (&f.owner, qualifier) {
                        (None, Some(q)) => q == f.module_tail(),
                        (Some(o), Some(q)) => q == o && used_modules.contains(f.module.as_str()),
                        (Some(_), None) => after_dot && used_modules.contains(f.module.as_str()),
                        (None, None) => false,
                    };
                    if hit {
                        covered.insert(f.key());
                    }
                }
            }
        }
    }
    functions
        .iter()
        .filter(|f| !covered.contains(&f.key()))
        .collect()
}

#[derive(Debug, Clone)]
struct Tok {
    text: String,
    line: usize,
}

fn is_ident(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
}

/// Identifiers, numbers and single punctuation characters; comments dropped, string and
/// character literals reduced to `""` / `''` so nothing in them counts.
fn lex(src: &str) -> Vec<Tok> {
    let c: Vec<char> = src.chars().collect();
    let (mut i, mut line, mut out) = (0usize, 1usize, vec![]);
    let push = |out: &mut Vec<Tok>, text: String, line: usize| out.push(Tok { text, line });
    while i < c.len() {
        let ch = c[i];
        let next = c.get(i + 1).copied();
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch.is_whitespace() {
            i += 1;
        } else if ch == '/' && next == Some('/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '/' && next == Some('*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    line += usize::from(c[i] == '\n');
                    i += 1;
                }
            }
        } else if (ch == 'r' || (ch == 'b' && next == Some('r'))) && {
            let mut j = i + if ch == 'b' { 2 } else { 1 };
            while c.get(j) == Some(&'#') {
                j += 1;
            }
            c.get(j) == Some(&'"')
        } {
            // Raw string: r#"..."#.
            let mut j = i + if ch == 'b' { 2 } else { 1 };
            let mut hashes = 0;
            while c[j] == '#' {
                hashes += 1;
                j += 1;
            }
            j += 1;
            loop {
                if j >= c.len() {
                    break;
                }
                if c[j] == '"' && (1..=hashes).all(|h| c.get(j + h) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                line += usize::from(c[j] == '\n');
                j += 1;
            }
            push(&mut out, "\"\"".into(), line);
            i = j;
        } else if ch == '"' || (ch == 'b' && next == Some('"')) {
            let start_line = line;
            let mut j = i + if ch == 'b' { 2 } else { 1 };
            while j < c.len() && c[j] != '"' {
                if c[j] == '\\' {
                    j += 1;
                }
                line += usize::from(c.get(j) == Some(&'\n'));
                j += 1;
            }
            push(&mut out, "\"\"".into(), start_line);
            i = j + 1;
        } else if ch == '\'' {
            // A character literal ('x', '\n', '\u{1F600}') or a lifetime ('a).
            if next == Some('\\') {
                let mut j = i + 2;
                while j < c.len() && c[j] != '\'' {
                    j += 1;
                }
                push(&mut out, "''".into(), line);
                i = j + 1;
            } else if c.get(i + 2) == Some(&'\'') {
                push(&mut out, "''".into(), line);
                i += 3;
            } else {
                push(&mut out, "'".into(), line);
                i += 1;
            }
        } else if ch.is_alphanumeric() || ch == '_' {
            let s = i;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            push(&mut out, c[s..i].iter().collect(), line);
        } else {
            push(&mut out, ch.to_string(), line);
            i += 1;
        }
    }
    out
}

/// The index of the bracket closing the one at `open` (or the last token).
fn matching(toks: &[Tok], open: usize) -> usize {
    let (o, cl) = match toks[open].text.as_str() {
        "(" => ("(", ")"),
        "[" => ("[", "]"),
        _ => ("{", "}"),
    };
    let mut depth = 0i32;
    for (i, t) in toks.iter().enumerate().skip(open) {
        if t.text == o {
            depth += 1;
        } else if t.text == cl {
            depth -= 1;
            if depth == 0 {
                return i;
            }
        }
    }
    toks.len().saturating_sub(1)
}

/// Where `#[cfg(test)]` code starts (the end when there is none).
fn cfg_test_start(toks: &[Tok]) -> usize {
    let pattern = ["#", "[", "cfg", "(", "test", ")", "]"];
    (0..toks.len())
        .find(|&i| {
            toks.len() >= i + pattern.len()
                && pattern
                    .iter()
                    .enumerate()
                    .all(|(k, p)| toks[i + k].text == *p)
        })
        .unwrap_or(toks.len())
}

/// `(first, last)` token index of the body of every `proptest! { .. }` (or `( .. )`).
fn proptest_blocks(toks: &[Tok]) -> Vec<(usize, usize)> {
    (0..toks.len().saturating_sub(2))
        .filter(|&i| {
            toks[i].text == "proptest"
                && toks[i + 1].text == "!"
                && matches!(toks[i + 2].text.as_str(), "{" | "(")
                && (i == 0 || toks[i - 1].text != ":")
        })
        .map(|i| (i + 2, matching(toks, i + 2)))
        .collect()
}

/// Whether the identifier at `i` is called: `name(` or `name::<..>(`.
fn is_call(toks: &[Tok], i: usize) -> bool {
    if !is_ident(&toks[i].text) {
        return false;
    }
    match toks.get(i + 1).map(|t| t.text.as_str()) {
        Some("(") => true,
        Some(":") => {
            toks.get(i + 2).is_some_and(|t| t.text == ":")
                && toks.get(i + 3).is_some_and(|t| t.text == "<")
        }
        _ => false,
    }
}

/// The path segment before `::name` at `i`, if any.
fn qualifier(toks: &[Tok], i: usize) -> Option<&str> {
    (i >= 3 && toks[i - 1].text == ":" && toks[i - 2].text == ":")
        .then(|| toks[i - 3].text.as_str())
        .filter(|q| is_ident(q))
}

/// Every path a `use` declaration names, with its alias: `use a::{b, c::*, d as e};` gives
/// `a::b`, `a::c::*`, `a::d as e` (`self` names the enclosing path).
fn use_paths(toks: &[Tok]) -> Vec<(Vec<String>, Option<String>)> {
    let mut out = vec![];
    for i in 0..toks.len() {
        if toks[i].text == "use" {
            let mut pos = i + 1;
            use_tree(toks, &mut pos, vec![], &mut out);
        }
    }
    out
}

fn use_tree(
    toks: &[Tok],
    pos: &mut usize,
    prefix: Vec<String>,
    out: &mut Vec<(Vec<String>, Option<String>)>,
) {
    let Some(t) = toks.get(*pos) else { return };
    match t.text.as_str() {
        "{" => {
            *pos += 1;
            while toks.get(*pos).is_some_and(|t| t.text != "}") {
                use_tree(toks, pos, prefix.clone(), out);
                if toks.get(*pos).is_some_and(|t| t.text == ",") {
                    *pos += 1;
                }
            }
            *pos += 1;
        }
        "*" => {
            *pos += 1;
            let mut p = prefix;
            p.push("*".into());
            out.push((p, None));
        }
        ":" => {
            // A leading `::`.
            *pos += 2;
            use_tree(toks, pos, prefix, out);
        }
        s if is_ident(s) => {
            *pos += 1;
            let mut p = prefix;
            if s != "self" {
                p.push(s.to_string());
            }
            if toks.get(*pos).is_some_and(|t| t.text == ":")
                && toks.get(*pos + 1).is_some_and(|t| t.text == ":")
            {
                *pos += 2;
                use_tree(toks, pos, p, out);
            } else if toks.get(*pos).is_some_and(|t| t.text == "as") {
                let alias = toks.get(*pos + 1).map(|t| t.text.clone());
                *pos += 2;
                out.push((p, alias));
            } else {
                out.push((p, None));
            }
        }
        _ => *pos += 1,
    }
}
