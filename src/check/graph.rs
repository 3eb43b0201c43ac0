//! The component graph: cycles between the components of a scope, and
//! processing components that nothing feeds or whose output goes nowhere.

use crate::rules::Code;
use std::ops::Range;

use super::engine::Checker;
use super::scope::{NodeId, NodeKind};
use crate::syntax::ast::{Expr, Stmt};

/// Where a processing component takes input and sends output.
struct Processor {
    /// Component name, or a prefix ending in `.`.
    name: &'static str,
    /// The export others reference to feed it (none when it is fed by an
    /// argument, as `discovery.relabel` is).
    input: Option<&'static str>,
    /// Where its output goes.
    output: Output,
}

enum Output {
    /// A list attribute such as `forward_to`.
    Attribute(&'static str),
    /// An `output { ... }` block whose attributes list consumers.
    Block(&'static str),
    /// An export others reference.
    Export(&'static str),
}

const PROCESSORS: &[Processor] = &[
    Processor {
        name: "prometheus.relabel",
        input: Some("receiver"),
        output: Output::Attribute("forward_to"),
    },
    Processor {
        name: "loki.relabel",
        input: Some("receiver"),
        output: Output::Attribute("forward_to"),
    },
    Processor {
        name: "loki.process",
        input: Some("receiver"),
        output: Output::Attribute("forward_to"),
    },
    Processor {
        name: "pyroscope.relabel",
        input: Some("receiver"),
        output: Output::Attribute("forward_to"),
    },
    Processor {
        name: "otelcol.processor.",
        input: Some("input"),
        output: Output::Block("output"),
    },
    Processor {
        name: "discovery.relabel",
        input: None,
        output: Output::Export("output"),
    },
];

impl Checker<'_, '_> {
    /// Reports cycles among `nodes` (one scope's nodes).
    pub fn check_graph(&mut self, nodes: Range<NodeId>) {
        let base = nodes.start;
        let n = nodes.len();
        let edges: Vec<Vec<usize>> = nodes
            .clone()
            .map(|id| {
                let mut e: Vec<usize> = self.nodes[id]
                    .edges
                    .iter()
                    .filter(|t| nodes.contains(t))
                    .map(|t| t - base)
                    .collect();
                e.sort_unstable();
                e.dedup();
                e
            })
            .collect();
        for component in strongly_connected(&edges) {
            if component.len() < 2 {
                continue;
            }
            let mut ids: Vec<&str> = component
                .iter()
                .map(|&i| self.nodes[base + i].id.as_str())
                .collect();
            ids.sort_unstable();
            let message = format!("cycle detected: {}", ids.join(", "));
            let mut members = component.clone();
            members.sort_unstable();
            let headers: Vec<_> = members
                .iter()
                .map(|&i| self.nodes[base + i].header())
                .collect();
            for (k, &header) in headers.iter().enumerate() {
                let others = headers
                    .iter()
                    .enumerate()
                    .filter(|&(j, _)| j != k)
                    .map(|(_, &other)| self.ctx.related(other, "also in the cycle"))
                    .collect();
                let d = self.ctx.report(Code::Cycle, header, message.clone());
                d.related = others;
                d.help = Some(
                    "components evaluate in dependency order, so a cycle can never start: break it"
                        .into(),
                );
            }
        }
        debug_assert!(n == edges.len());
    }

    /// Reports processing components that receive nothing or send nowhere.
    pub fn check_pipeline(&mut self) {
        for nid in 0..self.nodes.len() {
            let node = &self.nodes[nid];
            if !matches!(node.kind, NodeKind::Component(_)) || node.block.label_text().is_none() {
                continue;
            }
            let name = &*node.block.name;
            let Some(p) = PROCESSORS.iter().find(|p| {
                if p.name.ends_with('.') {
                    name.starts_with(p.name)
                } else {
                    name == p.name
                }
            }) else {
                continue;
            };
            // A relabel component used for its `rules` elsewhere needs no
            // input or output of its own.
            if node.used_exports.iter().any(|e| e == "rules") {
                continue;
            }
            let id = node.id.clone();
            let header = node.header();
            if let Some(input) = p.input {
                if !node.used_exports.iter().any(|e| e == input) {
                    self.ctx.report(Code::UnusedComponent, header, format!("{id} receives nothing: no component sends to {id}.{input}")).help =
                        Some(format!("add `{id}.{input}` to the forward_to (or output) of the component that should feed it, or remove {id}"));
                    continue;
                }
            }
            let sends = match p.output {
                Output::Attribute(attr) => node.block.body.iter().any(|s| {
                    matches!(s, Stmt::Attribute(a) if &*a.name.name == attr && !is_empty_list(&a.value))
                }),
                Output::Block(block) => node.block.body.iter().any(|s| match s {
                    Stmt::Block(b) if &*b.name == block => b.body.iter().any(|s| {
                        matches!(s, Stmt::Attribute(a) if !is_empty_list(&a.value))
                    }),
                    _ => false,
                }),
                Output::Export(export) => node.used_exports.iter().any(|e| e == export),
            };
            if !sends {
                let (message, help) = match p.output {
                    Output::Attribute(attr) => (
                        format!("{id} sends nowhere: {attr} is empty"),
                        format!("list the receivers its output should go to in {attr}"),
                    ),
                    Output::Block(block) => (
                        format!("{id} sends nowhere: its {block} block lists no consumer"),
                        format!("add `{block} {{ traces = [...] }}` (or metrics/logs) naming the next component's input"),
                    ),
                    Output::Export(export) => (
                        format!("{id}.{export} is never used"),
                        format!("reference {id}.{export} where the relabeled targets are needed, or remove {id}"),
                    ),
                };
                self.ctx.report(Code::UnusedComponent, header, message).help = Some(help);
            }
        }
    }
}

fn is_empty_list(expr: &Expr) -> bool {
    matches!(expr, Expr::Array(a) if a.elements.is_empty())
}

/// Tarjan's strongly connected components, iteratively (a long chain of
/// components must not exhaust the stack).
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut result = Vec::new();
    let mut next = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut i)) = work.last_mut() {
            if *i == 0 {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*i) {
                *i += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                result.push(component);
            }
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::strongly_connected;

    #[test]
    fn finds_cycles_and_singletons() {
        let edges = vec![vec![1], vec![0], vec![3], vec![4], vec![2], vec![]];
        let mut sccs: Vec<Vec<usize>> = strongly_connected(&edges)
            .into_iter()
            .map(|mut c| {
                c.sort_unstable();
                c
            })
            .collect();
        sccs.sort();
        assert_eq!(sccs, vec![vec![0, 1], vec![2, 3, 4], vec![5]]);
    }
}
