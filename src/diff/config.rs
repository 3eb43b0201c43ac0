//! Two configurations compared by meaning.
//!
//! A configuration is the top-level statements of its files. Each
//! statement is named: a block by its dotted name and label
//! (`prometheus.scrape.worker_metrics`, `logging`, `declare.name`,
//! `import.file.x`), an attribute by its name. Statements with different
//! names are compared by name, so their order does not count; comments and
//! layout never count, and values are compared in their canonical one-line
//! form ([`super::canonical`]).
//!
//! Statements with the same name in one body (the `rule` blocks of a
//! `discovery.relabel`, several `endpoint` blocks) form a list, and a list
//! is ordered. Its items are aligned by content (the longest common
//! subsequence of their canonical forms), so one block added or removed in
//! the middle is reported as that one block, not as every block after it
//! changed. Items that take each other's place are compared field by field.
//! When a name occurs more than once on either side, its paths carry the
//! item's position: `rule[1]`; a name that occurs at most once on both
//! sides never has an index. The position is the item's place in the new
//! configuration for added and changed items, in the old one for removed
//! items.
//!
//! Changes come in the order of the new configuration; a removed statement
//! is placed after the statement that preceded it in the old one.

use std::collections::HashMap;
use std::ops::Range;

use similar::{capture_diff_slices, Algorithm, DiffOp};

use super::canonical::{canonical, shown};
use crate::diagnostics::Diagnostic;
use crate::files::Source;
use crate::secrets::{MessageRedactor, SecretSpans, Shown};
use crate::syntax::ast::{Block, Body, Expr, Stmt};
use crate::syntax::quote::go_quote;
use crate::syntax::{self, ParsedFile};

/// One side of a diff: a configuration's files, parsed, and the secret
/// values written in them.
#[derive(Debug)]
pub struct Configuration {
    /// The files, in load order (a directory's sorted by name).
    pub sources: Vec<Source>,
    /// Their trees, in the same order.
    pub parsed: Vec<ParsedFile>,
    /// Where each file holds secrets (same order): never printed.
    pub secret_spans: Vec<SecretSpans>,
}

/// A file that does not parse: its syntax errors, and its text with
/// secrets masked, for the code frames that show them.
#[derive(Debug)]
pub struct InvalidFile {
    /// The errors, at Alloy's positions.
    pub diagnostics: Vec<Diagnostic>,
    /// The file's text, safe to show.
    pub shown_source: Shown,
}

impl Configuration {
    /// Parses `sources` and finds the secrets they hold; the files that do
    /// not parse, if any.
    pub fn read(sources: Vec<Source>) -> Result<Configuration, Vec<InvalidFile>> {
        let mut parsed = Vec::with_capacity(sources.len());
        let mut invalid = Vec::new();
        for source in &sources {
            match syntax::parse(&source.text) {
                Ok(tree) => parsed.push(tree),
                Err(errors) => {
                    let spans = SecretSpans::of_unparsed(&source.text);
                    let redactor = MessageRedactor::new(&spans.values(&source.text));
                    let mut diagnostics =
                        Diagnostic::from_syntax_errors(&errors, &source.name, &source.text);
                    for d in &mut diagnostics {
                        d.message = redactor.redact(&d.message);
                    }
                    invalid.push(InvalidFile {
                        diagnostics,
                        shown_source: Shown::masked(&source.text, &spans),
                    })
                }
            }
        }
        if !invalid.is_empty() {
            return Err(invalid);
        }
        // From the semantic model, built without the rules: a whole check
        // (token files, git) would cost far more and find no other secret
        // values.
        let secret_spans = crate::check::model_of(&sources, &parsed, &|file| {
            !crate::dashboard::is_dashboard_file(file)
        })
        .files
        .into_iter()
        .map(|f| f.secrets)
        .collect();
        Ok(Configuration {
            sources,
            parsed,
            secret_spans,
        })
    }
}

/// What happened to a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangeKind {
    /// Only in the new configuration.
    Added,
    /// Only in the old configuration.
    Removed,
    /// In both, with a different value.
    Changed,
}

impl ChangeKind {
    /// `added`, `removed` or `changed`, as JSON output spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }
}

/// One difference between two configurations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// The top-level statement it is in: a component id
    /// (`prometheus.scrape.worker_metrics`), a config block (`logging`),
    /// or a top-level attribute's name.
    pub component: String,
    /// The attribute or nested block inside the component, dotted
    /// (`endpoint.basic_auth.username`, `rule[1]`); `None` when the whole
    /// top-level statement is meant.
    pub path: Option<String>,
    /// The old value in canonical form, secrets redacted; `None` when
    /// added. A block is shown as its body on one line.
    pub old: Option<String>,
    /// The new value, likewise; `None` when removed.
    pub new: Option<String>,
    /// Whether the statement is a block (a value is then a whole body).
    pub is_block: bool,
}

/// How many top-level statements were added, removed and changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Top-level statements only in the new configuration.
    pub added: usize,
    /// Top-level statements only in the old configuration.
    pub removed: usize,
    /// Top-level statements in both whose content differs.
    pub changed: usize,
}

impl Summary {
    /// Counts the top-level statements `changes` are about.
    pub fn of(changes: &[Change]) -> Self {
        let mut summary = Summary::default();
        let mut previous: Option<&str> = None;
        for change in changes {
            // A component's changes are consecutive.
            if previous == Some(change.component.as_str()) {
                continue;
            }
            previous = Some(&change.component);
            match (change.kind, &change.path) {
                (ChangeKind::Added, None) => summary.added += 1,
                (ChangeKind::Removed, None) => summary.removed += 1,
                _ => summary.changed += 1,
            }
        }
        summary
    }

    /// Whether nothing differs.
    pub fn is_empty(&self) -> bool {
        self.added + self.removed + self.changed == 0
    }
}

/// The differences from `old` to `new`. What is secret where it is
/// written is shown redacted.
pub fn compare(old: &Configuration, new: &Configuration) -> Vec<Change> {
    compare_files(
        &old.parsed,
        &old.secret_spans,
        &new.parsed,
        &new.secret_spans,
    )
}

/// Compares the configuration made of the files `old` with the one made of
/// `new` (files in order, as a directory's are loaded), each file with
/// where it holds secrets.
fn compare_files(
    old: &[ParsedFile],
    old_secrets: &[SecretSpans],
    new: &[ParsedFile],
    new_secrets: &[SecretSpans],
) -> Vec<Change> {
    let depth = old.iter().chain(new).map(|p| p.max_depth).max();
    // Nested blocks are walked recursively, one level per brace.
    crate::syntax::stack::with_stack_for(depth.unwrap_or(0), || {
        let fingerprints = Fingerprints::new();
        let old = in_files(old, old_secrets, &fingerprints);
        let new = in_files(new, new_secrets, &fingerprints);
        let mut comparison = Comparison {
            changes: Vec::new(),
        };
        comparison.bodies(&old, &new, &Location::default());
        comparison.changes
    })
}

/// The top-level statements of a configuration's files, in order.
fn in_files<'a>(
    files: &'a [ParsedFile],
    secrets: &'a [SecretSpans],
    fingerprints: &Fingerprints,
) -> Vec<Statement<'a>> {
    let mut all = Vec::new();
    for (file, spans) in files.iter().zip(secrets) {
        all.extend(statements(&file.file.body, spans, fingerprints));
    }
    all
}

/// What names a statement: statements of one body with the same name form
/// a list.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Name<'a> {
    Attribute(&'a str),
    Block(&'a str, Option<&'a str>),
}

impl Name<'_> {
    /// The name in a path: `username`, `endpoint`, `prometheus.scrape.x`.
    fn segment(&self) -> String {
        match self {
            Name::Attribute(name) | Name::Block(name, None) => (*name).to_owned(),
            Name::Block(name, Some(label)) => format!("{name}.{label}"),
        }
    }
}

/// A statement's meaning, reduced to 128 bits: equal for statements that
/// mean the same (their canonical forms are equal), different otherwise
/// but for a chance of 2^-128 per pair. Comparing fingerprints rather than
/// canonical texts keeps a diff's memory near that of its two trees: a
/// block's canonical text repeats the texts of everything nested in it.
type Fingerprint = u128;

/// Hashes canonical forms into [`Fingerprint`]s, with keys drawn for this
/// run (so no input can be made to collide on purpose).
struct Fingerprints {
    keys: [std::hash::RandomState; 2],
}

impl Fingerprints {
    fn new() -> Self {
        Fingerprints {
            keys: [std::hash::RandomState::new(), std::hash::RandomState::new()],
        }
    }

    fn of(&self, part: impl Fn(&mut dyn std::hash::Hasher)) -> Fingerprint {
        use std::hash::{BuildHasher, Hasher};
        let [low, high] = self.keys.each_ref().map(|key| {
            let mut hasher = key.build_hasher();
            part(&mut hasher);
            hasher.finish()
        });
        (u128::from(high) << 64) | u128::from(low)
    }
}

/// A statement as the comparison sees it.
struct Statement<'a> {
    /// Where its file holds secrets.
    secrets: &'a SecretSpans,
    name: Name<'a>,
    /// Its meaning: equal for statements that mean the same.
    fingerprint: Fingerprint,
    what: What<'a>,
}

enum What<'a> {
    Attribute(&'a Expr),
    Block(&'a Block, Vec<Statement<'a>>),
}

fn statements<'a>(
    body: impl IntoIterator<Item = &'a Stmt>,
    secrets: &'a SecretSpans,
    fingerprints: &Fingerprints,
) -> Vec<Statement<'a>> {
    body.into_iter()
        .filter(|stmt| !stmt.is_error())
        .map(|stmt| statement(stmt, secrets, fingerprints))
        .collect()
}

fn statement<'a>(
    stmt: &'a Stmt,
    secrets: &'a SecretSpans,
    fingerprints: &Fingerprints,
) -> Statement<'a> {
    match stmt {
        Stmt::Attribute(a) => {
            let text = canonical(&a.value);
            Statement {
                secrets,
                name: Name::Attribute(&a.name.name),
                fingerprint: fingerprints.of(|h| {
                    h.write_u8(0);
                    h.write(a.name.name.as_bytes());
                    h.write_u8(0xff);
                    h.write(text.as_bytes());
                }),
                what: What::Attribute(&a.value),
            }
        }
        Stmt::Block(b) => {
            let children = statements(&b.body, secrets, fingerprints);
            // Sorted by name (stable, so a list keeps its order): the
            // order of differently named statements does not count.
            let mut parts: Vec<&Statement> = children.iter().collect();
            parts.sort_by(|x, y| x.name.cmp(&y.name));
            let name = Name::Block(&b.name, b.label_text());
            let fingerprint = fingerprints.of(|h| {
                h.write_u8(1);
                std::hash::Hash::hash(&name, &mut &mut *h);
                h.write_usize(parts.len());
                for part in &parts {
                    h.write_u128(part.fingerprint);
                }
            });
            Statement {
                secrets,
                name,
                fingerprint,
                what: What::Block(b, children),
            }
        }
        Stmt::Error(_) => unreachable!("`statements` leaves out what could not be read"),
    }
}

/// Where a change is: the top-level statement, then the path inside it.
#[derive(Debug, Clone, Default)]
struct Location {
    component: Option<String>,
    path: Vec<String>,
}

impl Location {
    fn child(&self, segment: String) -> Location {
        let mut child = self.clone();
        match &self.component {
            None => child.component = Some(segment),
            Some(_) => child.path.push(segment),
        }
        child
    }
}

struct Comparison {
    changes: Vec<Change>,
}

impl Comparison {
    /// Compares two bodies (or the top levels of two configurations).
    fn bodies(&mut self, old: &[Statement], new: &[Statement], at: &Location) {
        let mut lists: HashMap<&Name, (Vec<&Statement>, Vec<&Statement>)> = HashMap::new();
        for s in old {
            lists.entry(&s.name).or_default().0.push(s);
        }
        for s in new {
            lists.entry(&s.name).or_default().1.push(s);
        }
        for name in merged_order(old, new) {
            let (olds, news) = &lists[name];
            let repeated = olds.len() > 1 || news.len() > 1;
            let segment = |i: usize| match repeated {
                true => format!("{}[{i}]", name.segment()),
                false => name.segment(),
            };
            let old_keys: Vec<Fingerprint> = olds.iter().map(|s| s.fingerprint).collect();
            let new_keys: Vec<Fingerprint> = news.iter().map(|s| s.fingerprint).collect();
            for (o, n) in differing_runs(&old_keys, &new_keys) {
                for step in align(&olds[o.clone()], &news[n.clone()]) {
                    match step {
                        Step::Pair(i, j) => {
                            let (i, j) = (o.start + i, n.start + j);
                            self.statements(olds[i], news[j], &at.child(segment(j)));
                        }
                        Step::Old(i) => {
                            let i = o.start + i;
                            self.whole(ChangeKind::Removed, olds[i], &at.child(segment(i)));
                        }
                        Step::New(j) => {
                            let j = n.start + j;
                            self.whole(ChangeKind::Added, news[j], &at.child(segment(j)));
                        }
                    }
                }
            }
        }
    }

    /// Compares two statements of the same name whose content differs.
    fn statements(&mut self, old: &Statement, new: &Statement, at: &Location) {
        match (&old.what, &new.what) {
            (What::Block(_, old_body), What::Block(_, new_body)) => {
                let before = self.changes.len();
                self.bodies(old_body, new_body, at);
                if self.changes.len() > before {
                    return;
                }
                // Unreachable as long as a body's canonical form is made of
                // its parts; reported whole rather than lost.
                self.push(ChangeKind::Changed, at, Some(old), Some(new));
            }
            _ => self.push(ChangeKind::Changed, at, Some(old), Some(new)),
        }
    }

    /// A statement added or removed as a whole.
    fn whole(&mut self, kind: ChangeKind, statement: &Statement, at: &Location) {
        match kind {
            ChangeKind::Removed => self.push(kind, at, Some(statement), None),
            _ => self.push(kind, at, None, Some(statement)),
        }
    }

    fn push(
        &mut self,
        kind: ChangeKind,
        at: &Location,
        old: Option<&Statement>,
        new: Option<&Statement>,
    ) {
        let is_block = matches!(old.or(new).map(|s| &s.what), Some(What::Block(..)));
        self.changes.push(Change {
            kind,
            component: at.component.clone().unwrap_or_default(),
            path: (!at.path.is_empty()).then(|| at.path.join(".")),
            old: old.map(|s| self.shown(s)),
            new: new.map(|s| self.shown(s)),
            is_block,
        });
    }

    /// A statement's value as it may be printed: an attribute's value, or a
    /// block's body on one line, `{ url = "...", basic_auth { ... } }`, in
    /// source order.
    fn shown(&self, statement: &Statement) -> String {
        match &statement.what {
            What::Attribute(value) => shown(value, statement.secrets),
            What::Block(block, _) => self.shown_body(&block.body, statement.secrets),
        }
    }

    fn shown_body(&self, body: &Body, secrets: &SecretSpans) -> String {
        if body.is_empty() {
            return "{}".to_owned();
        }
        let parts: Vec<String> = body
            .iter()
            .filter_map(|stmt| match stmt {
                Stmt::Attribute(a) => {
                    Some(format!("{} = {}", a.name.name, shown(&a.value, secrets)))
                }
                Stmt::Block(b) => {
                    let label = b
                        .label
                        .as_ref()
                        .map(|l| format!(" {}", go_quote(&l.value)))
                        .unwrap_or_default();
                    Some(format!(
                        "{}{label} {}",
                        b.name,
                        self.shown_body(&b.body, secrets)
                    ))
                }
                Stmt::Error(_) => None,
            })
            .collect();
        format!("{{ {} }}", parts.join(", "))
    }
}

/// The runs of items between the equal ones of the longest common
/// subsequence of `old` and `new`: each run's old and new ranges (either
/// may be empty).
fn differing_runs(old: &[Fingerprint], new: &[Fingerprint]) -> Vec<(Range<usize>, Range<usize>)> {
    let mut runs: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    let mut open = false;
    for op in capture_diff_slices(Algorithm::Myers, old, new) {
        if matches!(op, DiffOp::Equal { .. }) {
            open = false;
            continue;
        }
        let (o, n) = (op.old_range(), op.new_range());
        match runs.last_mut() {
            // Deletes, inserts and replaces next to each other are one run.
            Some((ro, rn)) if open => {
                ro.end = o.end;
                rn.end = n.end;
            }
            _ => runs.push((o, n)),
        }
        open = true;
    }
    runs
}

/// One step through a run of list items that differ: compare two items,
/// or report one as removed or added. Indexes are into the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Pair(usize, usize),
    Old(usize),
    New(usize),
}

/// Largest run (old items × new items) aligned by similarity; longer runs
/// are paired by position.
const MAX_ALIGNED: usize = 10_000;

/// How a run of old items that differ from a run of new ones is reported.
/// As many as the same number take each other's place, in order. When one
/// side is longer, the pairs are chosen to share the most content (an
/// inserted `rule` next to a changed one is reported as added, and the
/// changed one is compared with its old self), preferring more pairs on a
/// tie; the rest are removed or added.
fn align(old: &[&Statement], new: &[&Statement]) -> Vec<Step> {
    let (n, m) = (old.len(), new.len());
    if n == m || n * m > MAX_ALIGNED || n == 0 || m == 0 {
        let paired = n.min(m);
        let mut steps: Vec<Step> = (0..paired).map(|k| Step::Pair(k, k)).collect();
        steps.extend((paired..n).map(Step::Old));
        steps.extend((paired..m).map(Step::New));
        return steps;
    }
    // best[i][j]: (shared content, pairs) over old[i..] and new[j..].
    let mut best = vec![vec![(0usize, 0usize); m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let (shared, pairs) = best[i + 1][j + 1];
            let paired = (shared + similarity(old[i], new[j]), pairs + 1);
            best[i][j] = paired.max(best[i + 1][j]).max(best[i][j + 1]);
        }
    }
    let mut steps = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        let (shared, pairs) = best[i + 1][j + 1];
        if best[i][j] == (shared + similarity(old[i], new[j]), pairs + 1) {
            steps.push(Step::Pair(i, j));
            i += 1;
            j += 1;
        } else if best[i][j] == best[i + 1][j] {
            steps.push(Step::Old(i));
            i += 1;
        } else {
            steps.push(Step::New(j));
            j += 1;
        }
    }
    steps.extend((i..n).map(Step::Old));
    steps.extend((j..m).map(Step::New));
    steps
}

/// How much two items share: for blocks, the number of statements of
/// their bodies that are equal (as a multiset); attributes share nothing
/// unless equal.
fn similarity(a: &Statement, b: &Statement) -> usize {
    let (What::Block(_, a_body), What::Block(_, b_body)) = (&a.what, &b.what) else {
        return 0;
    };
    let mut unmatched: HashMap<Fingerprint, usize> = HashMap::new();
    for s in a_body {
        *unmatched.entry(s.fingerprint).or_default() += 1;
    }
    let mut shared = 0;
    for s in b_body {
        if let Some(count) = unmatched.get_mut(&s.fingerprint).filter(|c| **c > 0) {
            *count -= 1;
            shared += 1;
        }
    }
    shared
}

/// The names of two bodies in the order changes are reported: the new
/// body's order, each name only in the old body placed after the name
/// that preceded it there (first if none did).
fn merged_order<'a, 's>(old: &'s [Statement<'a>], new: &'s [Statement<'a>]) -> Vec<&'s Name<'a>> {
    let mut in_new: HashMap<&Name, ()> = HashMap::new();
    let mut order: Vec<&Name> = Vec::new();
    for s in new {
        if in_new.insert(&s.name, ()).is_none() {
            order.push(&s.name);
        }
    }
    // Names only in the old body, grouped by the shared name before them.
    let mut after: HashMap<Option<&Name>, Vec<&Name>> = HashMap::new();
    let mut anchor: Option<&Name> = None;
    let mut seen_old: HashMap<&Name, ()> = HashMap::new();
    for s in old {
        if in_new.contains_key(&s.name) {
            anchor = Some(&s.name);
        } else if seen_old.insert(&s.name, ()).is_none() {
            after.entry(anchor).or_default().push(&s.name);
        }
    }
    let mut merged = after.remove(&None).unwrap_or_default();
    for name in order {
        merged.push(name);
        if let Some(removed) = after.remove(&Some(name)) {
            merged.extend(removed);
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diff(old: &str, new: &str) -> Vec<Change> {
        let old = crate::syntax::parse(old.as_bytes()).unwrap();
        let new = crate::syntax::parse(new.as_bytes()).unwrap();
        let none = [SecretSpans::default()];
        compare_files(&[old], &none, &[new], &none)
    }

    /// `kind component path: old -> new` per change.
    fn lines(changes: &[Change]) -> Vec<String> {
        changes
            .iter()
            .map(|c| {
                format!(
                    "{} {}{}: {} -> {}",
                    c.kind.as_str(),
                    c.component,
                    c.path
                        .as_deref()
                        .map(|p| format!(" {p}"))
                        .unwrap_or_default(),
                    c.old.as_deref().unwrap_or("null"),
                    c.new.as_deref().unwrap_or("null"),
                )
            })
            .collect()
    }

    const SCRAPE: &str = r#"
// Metrics from the Worker.
prometheus.scrape "worker_metrics" {
	targets = [{
		"__address__" = "localhost:8787",
		"job"         = "wpt-worker",
	}]
	forward_to      = [prometheus.remote_write.grafana_cloud.receiver]
	scrape_interval = "15s"
}

logging {
	level = "info"
}
"#;

    #[test]
    fn comments_layout_and_order_do_not_count() {
        let reordered = r#"logging { level = "info" }
prometheus.scrape "worker_metrics" {
	scrape_interval = "15s" // every 15 seconds
	forward_to = [ prometheus.remote_write.grafana_cloud.receiver ]
	targets = [{job = "wpt-worker", "__address__" = "localhost:8787"}]
}
"#;
        assert_eq!(diff(SCRAPE, reordered), vec![]);
    }

    #[test]
    fn added_removed_and_changed_components() {
        let new = r#"prometheus.scrape "worker_metrics" {
	targets         = [{"__address__" = "localhost:9999", "job" = "wpt-worker"}]
	forward_to      = [prometheus.remote_write.grafana_cloud.receiver]
	scrape_interval = "30s"
}

loki.write "grafana_cloud" {
	endpoint {
		url = "https://logs-prod-006.grafana.net/loki/api/v1/push"
	}
}
"#;
        assert_eq!(
            lines(&diff(SCRAPE, new)),
            [
                r#"changed prometheus.scrape.worker_metrics targets: [{"__address__" = "localhost:8787", "job" = "wpt-worker"}] -> [{"__address__" = "localhost:9999", "job" = "wpt-worker"}]"#,
                r#"changed prometheus.scrape.worker_metrics scrape_interval: "15s" -> "30s""#,
                r#"removed logging: { level = "info" } -> null"#,
                r#"added loki.write.grafana_cloud: null -> { endpoint { url = "https://logs-prod-006.grafana.net/loki/api/v1/push" } }"#,
            ]
        );
        let summary = Summary::of(&diff(SCRAPE, new));
        assert_eq!((summary.added, summary.removed, summary.changed), (1, 1, 1));
    }

    #[test]
    fn nested_blocks_are_paths() {
        let old = "prometheus.remote_write \"x\" {\n\tendpoint {\n\t\turl = \"a\"\n\t\tbasic_auth {\n\t\t\tusername = \"1\"\n\t\t}\n\t}\n}\n";
        let new = old.replace("\"1\"", "\"2\"");
        assert_eq!(
            lines(&diff(old, &new)),
            [r#"changed prometheus.remote_write.x endpoint.basic_auth.username: "1" -> "2""#]
        );
        let without = old.replace("\t\tbasic_auth {\n\t\t\tusername = \"1\"\n\t\t}\n", "");
        assert_eq!(
            lines(&diff(old, &without)),
            [
                r#"removed prometheus.remote_write.x endpoint.basic_auth: { username = "1" } -> null"#
            ]
        );
    }

    #[test]
    fn repeated_blocks_are_aligned_by_content() {
        let rule = |n: u32| format!("\trule {{\n\t\ttarget_label = \"l{n}\"\n\t}}\n");
        let relabel = |rules: &[u32]| {
            let body: String = rules.iter().map(|n| rule(*n)).collect();
            format!("discovery.relabel \"r\" {{\n\ttargets = []\n{body}}}\n")
        };
        // One inserted in the middle: that one, at its new position.
        assert_eq!(
            lines(&diff(&relabel(&[1, 2, 3]), &relabel(&[1, 9, 2, 3]))),
            [r#"added discovery.relabel.r rule[1]: null -> { target_label = "l9" }"#]
        );
        // One removed in the middle: at its old position.
        assert_eq!(
            lines(&diff(&relabel(&[1, 2, 3]), &relabel(&[1, 3]))),
            [r#"removed discovery.relabel.r rule[1]: { target_label = "l2" } -> null"#]
        );
        // One changed in place: field by field.
        assert_eq!(
            lines(&diff(&relabel(&[1, 2, 3]), &relabel(&[1, 7, 3]))),
            [r#"changed discovery.relabel.r rule[1].target_label: "l2" -> "l7""#]
        );
        // One inserted next to one changed: each reported as what it is.
        let rules = |items: &[(u32, &str)]| {
            let body: String = items
                .iter()
                .map(|(n, action)| {
                    format!(
                        "\trule {{\n\t\ttarget_label = \"l{n}\"\n\t\taction = \"{action}\"\n\t}}\n"
                    )
                })
                .collect();
            format!("discovery.relabel \"r\" {{\n{body}}}\n")
        };
        assert_eq!(
            lines(&diff(
                &rules(&[(1, "keep"), (2, "replace")]),
                &rules(&[(1, "keep"), (9, "drop"), (2, "labelmap")])
            )),
            [
                r#"added discovery.relabel.r rule[1]: null -> { target_label = "l9", action = "drop" }"#,
                r#"changed discovery.relabel.r rule[2].action: "replace" -> "labelmap""#,
            ]
        );
        // Order counts inside a list.
        assert_eq!(diff(&relabel(&[1, 2]), &relabel(&[2, 1])).len(), 2);
        // A block that is single on both sides has no index.
        assert_eq!(
            lines(&diff(&relabel(&[1]), &relabel(&[2]))),
            [r#"changed discovery.relabel.r rule.target_label: "l1" -> "l2""#]
        );
        // Repeated on one side only: indexed.
        assert_eq!(
            lines(&diff(&relabel(&[1]), &relabel(&[1, 2]))),
            [r#"added discovery.relabel.r rule[1]: null -> { target_label = "l2" }"#]
        );
    }

    #[test]
    fn top_level_attributes_and_config_blocks_have_ids() {
        let old = "a = 1\ndeclare \"m\" {\n\targument \"x\" { }\n}\nimport.file \"lib\" {\n\tfilename = \"lib.alloy\"\n}\n";
        let new = "a = 2\ndeclare \"m\" {\n\targument \"y\" { }\n}\nimport.file \"lib\" {\n\tfilename = \"lib2.alloy\"\n}\n";
        assert_eq!(
            lines(&diff(old, new)),
            [
                "changed a: 1 -> 2",
                "removed declare.m argument.x: {} -> null",
                "added declare.m argument.y: null -> {}",
                r#"changed import.file.lib filename: "lib.alloy" -> "lib2.alloy""#,
            ]
        );
    }

    #[test]
    fn removed_statements_stay_near_their_old_place() {
        let old = "a { }\nb { }\nc { }\nd { }\n";
        let new = "d { }\na { }\nx { }\n";
        let order: Vec<String> = diff(old, new).into_iter().map(|c| c.component).collect();
        // b and c followed a in the old file; x is new.
        assert_eq!(order, ["b", "c", "x"]);
    }

    #[test]
    fn secrets_are_shown_redacted_but_compared() {
        let secret = ["hunter2", "hunter2"].concat();
        let other = ["s3cr3t", "s3cr3t", "xy"].concat();
        let old = format!("a \"x\" {{\n\tpassword = \"{secret}\"\n}}\n");
        let new = old.replace(&secret, &other);
        let source = |text: &str| Source {
            name: "a.alloy".into(),
            path: None,
            text: text.as_bytes().to_vec(),
        };
        let changes = compare(
            &Configuration::read(vec![source(&old)]).unwrap(),
            &Configuration::read(vec![source(&new)]).unwrap(),
        );
        assert_eq!(
            lines(&changes),
            [r#"changed a.x password: "hu…(14 chars)" -> "s3…(14 chars)""#]
        );
    }

    #[test]
    fn reading_finds_secrets_and_reports_syntax_errors() {
        let secret = ["hunter2", "hunter2"].concat();
        let text = format!(
            "prometheus.remote_write \"x\" {{\n\tendpoint {{\n\t\turl = \"http://localhost:9090/api/v1/write\"\n\t\tbasic_auth {{\n\t\t\tusername = \"u\"\n\t\t\tpassword = \"{secret}\"\n\t\t}}\n\t}}\n}}\n"
        );
        let source = |name: &str, text: &str| Source {
            name: name.into(),
            path: None,
            text: text.as_bytes().to_vec(),
        };
        let configuration = Configuration::read(vec![source("a.alloy", &text)]).unwrap();
        assert_eq!(
            configuration.secret_spans[0].values(text.as_bytes()),
            [secret]
        );

        let token = format!("glc_{}", "A1b2C3d4".repeat(5));
        let broken = format!("a {{\n\tx = \"{token}\"\n\ty = [\n}}\n");
        let invalid = Configuration::read(vec![
            source("ok.alloy", "a { }\n"),
            source("bad.alloy", &broken),
        ])
        .unwrap_err();
        assert_eq!(invalid.len(), 1);
        let first = &invalid[0].diagnostics[0];
        assert_eq!((first.file.as_str(), first.line), ("bad.alloy", 4));
        assert_eq!(invalid[0].shown_source.bytes().len(), broken.len());
        assert!(!invalid[0].shown_source.text().contains(&token));
    }

    #[test]
    fn files_of_a_directory_form_one_configuration() {
        let a = crate::syntax::parse(b"a { }\n").unwrap();
        let b = crate::syntax::parse(b"b { }\n").unwrap();
        let ab = crate::syntax::parse(b"b { }\na { }\n").unwrap();
        let none = [SecretSpans::default(), SecretSpans::default()];
        assert_eq!(compare_files(&[a, b], &none, &[ab], &none[..1]), vec![]);
    }
}
