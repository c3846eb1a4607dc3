//! `cargo run -p xtask -- layout --check`: the layout rules of the programs' sources
//! (`programs/*/src`), checked on their syntax trees:
//! - no function longer than [`MAX_FN_LINES`] lines;
//! - no file longer than [`MAX_FILE_LINES`] lines;
//! - no two modules that import each other (`crate::a` naming `crate::b` and back, a module
//!   and its own submodules aside).
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use syn::spanned::Spanned;
use syn::visit::Visit;

pub const MAX_FN_LINES: usize = 80;
pub const MAX_FILE_LINES: usize = 600;

/// A source file: its module path (`state::router`) and its text.
struct Source {
    module: String,
    path: PathBuf,
    text: String,
}

fn sources(src: &Path) -> Result<Vec<Source>> {
    let mut out = vec![];
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in
            std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))?
        {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(src)?.with_extension("");
                let mut parts: Vec<String> = rel
                    .iter()
                    .map(|p| p.to_string_lossy().into_owned())
                    .collect();
                if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
                    parts.pop();
                }
                out.push(Source {
                    module: parts.join("::"),
                    text: std::fs::read_to_string(&path)?,
                    path,
                });
            }
        }
    }
    out.sort_by(|a, b| a.module.cmp(&b.module));
    Ok(out)
}

/// Functions and `crate::` paths of one file.
#[derive(Default)]
struct Walk {
    long: Vec<(String, usize)>,
    paths: BTreeSet<Vec<String>>,
    /// `use crate::a::{b, c}` trees, flattened.
    prefix: Vec<String>,
}

impl Walk {
    /// A function from its signature to its closing brace (its rustdoc not counted).
    fn function(&mut self, sig: &syn::Signature, block: &syn::Block) {
        let name = sig.ident.to_string();
        let (start, end) = (sig.span().start().line, block.span().end().line);
        let lines = end.saturating_sub(start) + 1;
        if lines > MAX_FN_LINES {
            self.long.push((name, lines));
        }
    }

    fn use_tree(&mut self, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                self.prefix.push(p.ident.to_string());
                self.use_tree(&p.tree);
                self.prefix.pop();
            }
            syn::UseTree::Name(n) => self.record_use(Some(n.ident.to_string())),
            syn::UseTree::Rename(r) => self.record_use(Some(r.ident.to_string())),
            syn::UseTree::Glob(_) => self.record_use(None),
            syn::UseTree::Group(g) => g.items.iter().for_each(|t| self.use_tree(t)),
        }
    }

    fn record_use(&mut self, last: Option<String>) {
        if self.prefix.first().map(String::as_str) == Some("crate") {
            let mut path: Vec<String> = self.prefix[1..].to_vec();
            path.extend(last);
            self.paths.insert(path);
        }
    }
}

impl<'ast> Visit<'ast> for Walk {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.function(&f.sig, &f.block);
        syn::visit::visit_item_fn(self, f);
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.function(&f.sig, &f.block);
        syn::visit::visit_impl_item_fn(self, f);
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        self.use_tree(&u.tree);
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        let segments: Vec<String> = p.segments.iter().map(|s| s.ident.to_string()).collect();
        if segments.first().map(String::as_str) == Some("crate") {
            self.paths.insert(segments[1..].to_vec());
        }
        syn::visit::visit_path(self, p);
    }
}

/// The module a `crate::` path names: its longest prefix that is a module.
fn module_of(path: &[String], modules: &BTreeSet<String>) -> Option<String> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].join("::"))
        .find(|m| modules.contains(m))
}

fn related(a: &str, b: &str) -> bool {
    a.is_empty()
        || b.is_empty()
        || a.starts_with(&format!("{b}::"))
        || b.starts_with(&format!("{a}::"))
}

/// The rules broken in one program's sources.
fn check_program(src: &Path) -> Result<Vec<String>> {
    let files = sources(src)?;
    let modules: BTreeSet<String> = files.iter().map(|f| f.module.clone()).collect();
    let mut broken = vec![];
    let mut imports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in &files {
        let lines = f.text.lines().count();
        if lines > MAX_FILE_LINES {
            broken.push(format!(
                "{}: {lines} lines (at most {MAX_FILE_LINES})",
                f.path.display()
            ));
        }
        let ast =
            syn::parse_file(&f.text).with_context(|| format!("parsing {}", f.path.display()))?;
        let mut walk = Walk::default();
        walk.visit_file(&ast);
        for (name, n) in walk.long {
            broken.push(format!(
                "{}: fn {name} is {n} lines (at most {MAX_FN_LINES})",
                f.path.display()
            ));
        }
        let deps = imports.entry(f.module.clone()).or_default();
        for path in &walk.paths {
            if let Some(m) = module_of(path, &modules) {
                if !related(&m, &f.module) {
                    deps.insert(m);
                }
            }
        }
    }
    for (a, deps) in &imports {
        for b in deps {
            if a < b && imports.get(b).is_some_and(|d| d.contains(a)) {
                broken.push(format!(
                    "{}: modules `{a}` and `{b}` import each other",
                    src.display()
                ));
            }
        }
    }
    Ok(broken)
}

pub fn run(root: &Path) -> Result<()> {
    let mut broken = vec![];
    let mut checked = 0;
    for entry in std::fs::read_dir(root.join("programs"))? {
        let src = entry?.path().join("src");
        if src.is_dir() {
            broken.extend(check_program(&src)?);
            checked += 1;
        }
    }
    if !broken.is_empty() {
        bail!(
            "{} layout rule(s) broken:\n{}",
            broken.len(),
            broken.join("\n")
        );
    }
    println!(
        "layout: {checked} programs, no function over {MAX_FN_LINES} lines, no file over \
         {MAX_FILE_LINES}, no modules importing each other"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk(text: &str) -> Walk {
        let mut w = Walk::default();
        w.visit_file(&syn::parse_file(text).unwrap());
        w
    }

    #[test]
    fn a_long_function_and_crate_paths_are_seen() {
        let body = "    let _x = 1;\n".repeat(MAX_FN_LINES);
        let w = walk(&format!(
            "use crate::state::{{Router, pause::PAUSE_ALL}};\n/// Docs.\n/// Not counted.\nfn f() {{\n{body}}}\nfn g() {{ crate::events::emit(); }}\n"
        ));
        assert_eq!(w.long, vec![("f".to_string(), MAX_FN_LINES + 2)]);
        let modules: BTreeSet<String> =
            ["state", "state::pause", "events"].map(String::from).into();
        let found: BTreeSet<String> = w
            .paths
            .iter()
            .filter_map(|p| module_of(p, &modules))
            .collect();
        assert_eq!(
            found,
            ["events", "state", "state::pause"].map(String::from).into()
        );
    }

    #[test]
    fn the_programs_follow_the_layout_rules() {
        run(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")).unwrap();
    }
}
