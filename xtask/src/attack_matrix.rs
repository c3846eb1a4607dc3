//! `cargo run -p xtask -- attack-matrix [--check]`: the attack matrix (`docs/attack-matrix.md`),
//! generated from the tests. A row per instruction of the committed IDL, a column per attack
//! class; each cell names the tests that show the attack refused, or says `n/a` with the reason
//! given in `docs/attack-matrix-na.toml`.
//!
//! A test declares what it shows with marker lines right above its `#[tokio::test]`/`#[test]`
//! attribute (other comments and attributes may sit between):
//!
//! ```text
//! // attack: set_stage, set_split: wrong_signer
//! // attack: deposit_fees: paused, amounts
//! ```
//!
//! The generator refuses a marker that names an unknown instruction or class or that sits on
//! anything but a test fn, an n/a entry for an unknown cell, an n/a without a reason, a cell that
//! is both shown by a test and n/a, and (with `--check`) an empty cell or a committed file that
//! differs from what it generates.
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::Deserialize;

/// The attack classes: short id (used in markers and the n/a file) and what the attack is.
pub const CLASSES: [(&str, &str); 11] = [
    ("missing_signer", "a required signature is missing"),
    ("wrong_signer", "a second, valid-looking key signs instead"),
    (
        "other_router",
        "a valid account of another router (vault, position, proposal, capability account)",
    ),
    (
        "fake_account",
        "a forged account: another program's copy of a valid one, or a token account the router does not hold",
    ),
    (
        "wrong_mint",
        "a real mint or token account of another mint (the router's other mint, or a third)",
    ),
    (
        "non_canonical_pda",
        "an address of the right seeds at a caller-chosen bump, or of caller-chosen seeds",
    ),
    (
        "duplicate_account",
        "the same account passed in two places",
    ),
    ("reinit", "creating or initialising an account that exists"),
    ("paused", "the operation is paused"),
    ("amounts", "zero, dust and `u64::MAX` amounts"),
    (
        "stale_state",
        "an epoch, configuration version or phase that has moved on",
    ),
];

const TESTS_DIR: &str = "tests/tests/program";
const NA_FILE: &str = "docs/attack-matrix-na.toml";
const OUT_FILE: &str = "docs/attack-matrix.md";
const IDL_FILE: &str = "idl/fee_router.json";
const MARKER: &str = "// attack:";

/// One `n/a` entry: every (instruction, class) pair it names does not apply, for `reason`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NaEntry {
    instructions: Vec<String>,
    classes: Vec<String>,
    reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NaFile {
    na: Vec<NaEntry>,
}

/// A test that shows an attack refused: `module::name` and the file it lives in.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
struct TestRef {
    module: String,
    name: String,
    /// The file, from the repository's root (`tests/tests/program/staking/staking.rs`).
    file: String,
}

/// One marker line: the test it sits on, the instructions and the classes it names.
struct Marker {
    test: TestRef,
    instructions: Vec<String>,
    classes: Vec<&'static str>,
}

/// What fills one cell.
#[derive(Default)]
struct Cell {
    tests: BTreeSet<TestRef>,
    na: Option<String>,
}

type Cells = BTreeMap<(String, &'static str), Cell>;

/// The instructions of the committed IDL, in its order.
fn instructions(root: &Path) -> Result<Vec<String>> {
    let path = root.join(IDL_FILE);
    let idl: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?,
    )?;
    let list = idl["instructions"]
        .as_array()
        .context("the IDL has no instruction list")?;
    list.iter()
        .map(|i| {
            i["name"]
                .as_str()
                .map(str::to_owned)
                .context("an IDL instruction without a name")
        })
        .collect()
}

fn class_id(name: &str) -> Option<&'static str> {
    CLASSES.iter().map(|(id, _)| *id).find(|id| *id == name)
}

fn split_list(list: &str) -> Vec<String> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The name of the fn a line declares (`async fn x(`, `pub fn x(`, `fn x<`...), if it does.
fn fn_name(line: &str) -> Option<String> {
    let mut rest = line.trim_start();
    for prefix in ["pub(crate) ", "pub ", "async "] {
        rest = rest.strip_prefix(prefix).unwrap_or(rest);
    }
    let rest = rest.strip_prefix("fn ")?;
    let name: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty()).then_some(name)
}

/// The markers of one test file, one per marker line.
fn scan_text(
    text: &str,
    shown: &Path,
    module: &str,
    known: &BTreeSet<String>,
    errors: &mut Vec<String>,
) -> Vec<Marker> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = vec![];
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].trim_start().starts_with(MARKER) {
            i += 1;
            continue;
        }
        // A block of marker lines, then comments and attributes, then the test fn.
        let start = i;
        let mut markers = vec![];
        while i < lines.len() && lines[i].trim_start().starts_with(MARKER) {
            markers.push((i, lines[i].trim_start()[MARKER.len()..].trim()));
            i += 1;
        }
        let mut is_test = false;
        let mut name = None;
        while i < lines.len() {
            let line = lines[i].trim();
            if line.starts_with(MARKER) {
                break;
            } else if line.starts_with("#[tokio::test") || line == "#[test]" {
                is_test = true;
            } else if line.starts_with("//") || line.starts_with("#[") {
            } else {
                name = fn_name(line);
                break;
            }
            i += 1;
        }
        let at = format!("{}:{}", shown.display(), start + 1);
        let name = match (is_test, name) {
            (true, Some(name)) => name,
            _ => {
                errors.push(format!(
                    "{at}: an `{MARKER}` marker must sit right above a #[tokio::test] or #[test] fn"
                ));
                continue;
            }
        };
        let test = TestRef {
            module: module.to_owned(),
            name,
            file: shown.display().to_string(),
        };
        for (line_no, body) in markers {
            let at = format!("{}:{}", shown.display(), line_no + 1);
            let Some((ixs, classes)) = body.split_once(':') else {
                errors.push(format!(
                    "{at}: a marker reads `{MARKER} <instruction>, ...: <class>, ...`"
                ));
                continue;
            };
            let (ixs, classes) = (split_list(ixs), split_list(classes));
            if ixs.is_empty() || classes.is_empty() {
                errors.push(format!(
                    "{at}: a marker names at least one instruction and one class"
                ));
                continue;
            }
            for ix in ixs.iter().filter(|ix| !known.contains(*ix)) {
                errors.push(format!("{at}: `{ix}` is not an instruction of {IDL_FILE}"));
            }
            let mut ids = vec![];
            for class in &classes {
                match class_id(class) {
                    Some(id) => ids.push(id),
                    None => errors.push(format!("{at}: `{class}` is not an attack class")),
                }
            }
            out.push(Marker {
                test: test.clone(),
                instructions: ixs,
                classes: ids,
            });
        }
    }
    out
}

/// Every `.rs` file under `dir`, in its folders too.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            rust_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    Ok(())
}

/// The module path of a test file, from its path under the test crate's root:
/// `staking/yield_cap.rs` is `staking::yield_cap`, `staking/mod.rs` is `staking`.
fn module_path(relative: &Path) -> Result<String> {
    let mut parts = vec![];
    for part in relative.with_extension("").iter() {
        parts.push(part.to_str().context("a test file name")?.to_owned());
    }
    if parts.last().is_some_and(|p| p == "mod" || p == "main") {
        parts.pop();
    }
    Ok(parts.join("::"))
}

/// Every cell of the matrix, filled from the markers and the n/a file; `errors` collects what
/// makes the inputs invalid.
fn collect(root: &Path, ixs: &[String], errors: &mut Vec<String>) -> Result<Cells> {
    let known: BTreeSet<String> = ixs.iter().cloned().collect();
    let mut cells = Cells::new();
    for ix in ixs {
        for (class, _) in CLASSES {
            cells.insert((ix.clone(), class), Cell::default());
        }
    }

    let dir = root.join(TESTS_DIR);
    let mut files = vec![];
    rust_files(&dir, &mut files)?;
    files.sort();
    for path in files {
        let module = module_path(path.strip_prefix(&dir)?)?;
        let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        let text = std::fs::read_to_string(&path)?;
        for marker in scan_text(&text, &shown, &module, &known, errors) {
            for ix in &marker.instructions {
                for class in &marker.classes {
                    if let Some(cell) = cells.get_mut(&(ix.clone(), *class)) {
                        cell.tests.insert(marker.test.clone());
                    }
                }
            }
        }
    }

    let path = root.join(NA_FILE);
    let na: NaFile = toml::from_str(
        &std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?,
    )
    .with_context(|| format!("parsing {}", path.display()))?;
    for entry in na.na {
        if entry.reason.trim().is_empty() {
            errors.push(format!(
                "{NA_FILE}: an entry for {:?} × {:?} gives no reason",
                entry.instructions, entry.classes
            ));
        }
        for class in &entry.classes {
            let Some(id) = class_id(class) else {
                errors.push(format!("{NA_FILE}: `{class}` is not an attack class"));
                continue;
            };
            for ix in &entry.instructions {
                let Some(cell) = cells.get_mut(&(ix.clone(), id)) else {
                    errors.push(format!(
                        "{NA_FILE}: `{ix}` is not an instruction of {IDL_FILE}"
                    ));
                    continue;
                };
                if cell.na.is_some() {
                    errors.push(format!("{NA_FILE}: {ix} × {id} is n/a twice"));
                }
                cell.na = Some(entry.reason.trim().to_owned());
            }
        }
    }
    for ((ix, class), cell) in &cells {
        if cell.na.is_some() && !cell.tests.is_empty() {
            let tests: Vec<String> = cell
                .tests
                .iter()
                .map(|t| format!("{}::{}", t.module, t.name))
                .collect();
            errors.push(format!(
                "{ix} × {class} is n/a in {NA_FILE} and shown by {}: keep one",
                tests.join(", ")
            ));
        }
    }
    Ok(cells)
}

fn test_link(t: &TestRef) -> String {
    format!("[`{}::{}`](../{})", t.module, t.name, t.file)
}

/// The matrix as Markdown.
fn render(ixs: &[String], cells: &Cells) -> String {
    let cell = |ix: &String, class: &'static str| &cells[&(ix.clone(), class)];
    let (mut tested, mut na, mut empty) = (0, 0, 0);
    for c in cells.values() {
        if !c.tests.is_empty() {
            tested += 1;
        } else if c.na.is_some() {
            na += 1;
        } else {
            empty += 1;
        }
    }
    let mut out = String::new();
    out.push_str("# Attack matrix\n\n");
    out.push_str(
        "Generated by `cargo run -p xtask -- attack-matrix` from the `// attack: <instructions>: \
         <classes>` markers on the tests in `tests/tests/program/` (a folder per capability) and \
         the reasons in `docs/attack-matrix-na.toml`. Do not edit it by hand: CI regenerates it \
         and fails when it differs or when a cell is empty.\n\n",
    );
    out.push_str(
        "A row per instruction of `idl/fee_router.json`, a column per attack class. Each test \
         named in a cell sends the attack to the SBF build and asserts that it is refused with \
         its pinned error (where an operation is built never to fail the exchange's trade, a \
         paused or unbounded rebate, that it pays nothing or no more than its bound); the \
         table-driven `assurance::attacks::*` tests also assert that every account the \
         instruction names, in the attacked router and in the other, is unchanged. `n/a` cells \
         say why the attack does not apply.\n\n",
    );
    out.push_str(&format!(
        "{} cells: {tested} shown by tests, {na} n/a, {empty} empty.\n\n",
        cells.len()
    ));
    out.push_str("| class | the attack |\n|---|---|\n");
    for (id, what) in CLASSES {
        out.push_str(&format!("| `{id}` | {what} |\n"));
    }
    out.push_str("\n## Overview\n\nTests per cell; `n/a` where the attack does not apply; **EMPTY** where nothing says.\n\n| instruction |");
    for (id, _) in CLASSES {
        out.push_str(&format!(" {id} |"));
    }
    out.push_str("\n|---|");
    for _ in CLASSES {
        out.push_str("---|");
    }
    out.push('\n');
    for ix in ixs {
        out.push_str(&format!("| [{ix}](#{ix}) |"));
        for (id, _) in CLASSES {
            let c = cell(ix, id);
            let text = if !c.tests.is_empty() {
                c.tests.len().to_string()
            } else if c.na.is_some() {
                "n/a".to_owned()
            } else {
                "**EMPTY**".to_owned()
            };
            out.push_str(&format!(" {text} |"));
        }
        out.push('\n');
    }
    for ix in ixs {
        out.push_str(&format!("\n## {ix}\n\n| class | shown by |\n|---|---|\n"));
        for (id, _) in CLASSES {
            let c = cell(ix, id);
            let text = if !c.tests.is_empty() {
                c.tests
                    .iter()
                    .map(test_link)
                    .collect::<Vec<_>>()
                    .join("<br>")
            } else if let Some(reason) = &c.na {
                format!("n/a: {}", reason.replace('\n', " ").replace('|', "\\|"))
            } else {
                "**EMPTY**".to_owned()
            };
            out.push_str(&format!("| `{id}` | {text} |\n"));
        }
    }
    out
}

/// Generates the matrix; with `check`, compares it with the committed file instead of writing.
pub fn run(root: &Path, check: bool) -> Result<()> {
    let ixs = instructions(root)?;
    let mut errors = vec![];
    let cells = collect(root, &ixs, &mut errors)?;
    if !errors.is_empty() {
        for e in &errors {
            eprintln!("{e}");
        }
        bail!("{} error(s) in the attack matrix's inputs", errors.len());
    }
    let text = render(&ixs, &cells);
    let empty: Vec<String> = cells
        .iter()
        .filter(|(_, c)| c.tests.is_empty() && c.na.is_none())
        .map(|((ix, class), _)| format!("{ix} × {class}"))
        .collect();
    let path = root.join(OUT_FILE);
    let mut failures = vec![];
    if check {
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed != text {
            failures.push(format!(
                "{OUT_FILE} is out of date: run `cargo run -p xtask -- attack-matrix` and commit it"
            ));
        }
    } else {
        std::fs::write(&path, &text)?;
        println!("wrote {OUT_FILE}");
    }
    if !empty.is_empty() {
        for e in &empty {
            eprintln!("empty cell: {e}");
        }
        failures.push(format!(
            "{} empty cell(s): tag a test that shows the refusal (`{MARKER} <instruction>: <class>`) or give a reason in {NA_FILE}",
            empty.len()
        ));
    }
    if !failures.is_empty() {
        bail!("{}", failures.join("; "));
    }
    if check {
        println!("{OUT_FILE} matches the tests and {NA_FILE}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(text: &str) -> (Vec<Marker>, Vec<String>) {
        let known = ["stake", "buy"].iter().map(|s| s.to_string()).collect();
        let mut errors = vec![];
        let markers = scan_text(text, Path::new("t.rs"), "t", &known, &mut errors);
        (markers, errors)
    }

    #[test]
    fn a_marker_above_a_test_fn_names_its_instructions_and_classes() {
        let (m, errors) = scan(
            "/// Doc.\n// attack: stake, buy: paused, amounts\n// attack: buy: reinit\n\
             #[tokio::test]\nasync fn a_rule() {}\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].test.name, "a_rule");
        assert_eq!(m[0].instructions, ["stake", "buy"]);
        assert_eq!(m[0].classes, ["paused", "amounts"]);
        assert_eq!((m[1].instructions.len(), m[1].classes[0]), (1, "reinit"));
    }

    #[test]
    fn a_marker_anywhere_but_above_a_test_fn_is_an_error() {
        for text in [
            "// attack: stake: paused\nfn helper() {}\n",
            "// attack: stake: paused\n#[tokio::test]\n",
            "fn t() {\n    // attack: stake: paused\n    let x = 1;\n}\n",
        ] {
            let (m, errors) = scan(text);
            assert!(m.is_empty() && errors.len() == 1, "{text:?}: {errors:?}");
        }
    }

    #[test]
    fn a_test_file_in_a_capability_folder_is_a_module_of_that_folder() {
        for (file, module) in [
            ("staking/yield_cap.rs", "staking::yield_cap"),
            ("staking/mod.rs", "staking"),
            ("main.rs", ""),
        ] {
            assert_eq!(module_path(Path::new(file)).unwrap(), module);
        }
    }

    #[test]
    fn an_unknown_instruction_or_class_is_an_error() {
        let (_, errors) = scan("// attack: stak, buy: pausd\n#[test]\nfn t() {}\n");
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].contains("`stak` is not an instruction"));
        assert!(errors[1].contains("`pausd` is not an attack class"));
    }
}
