//! Credentials and Grafana Cloud endpoints: secrets written inline, token
//! files that are about to be committed, endpoint shapes per component and
//! argument, Grafana Cloud user names, placeholders left in.
//!
//! Runs after the engine over every built-in component, walking its body
//! with the schema so that each string literal is judged by the argument it
//! is given to. Secret values never reach a message: at most a short prefix
//! and the length ([`secrets::redact`]).

use crate::rules::Code;
use std::path::{Path, PathBuf};

use super::context::{Loc, UnitId};
use super::endpoints::{self, Endpoint, Shape};
use super::engine::Checker;
use super::expr::{traversal, Resolution};
use super::scope::{NodeId, NodeKind, ScopeId};
use super::token_file;
use super::validate::{go_url, url};
use crate::files::config_paths;
use crate::files::git_status::FileStatus;
use crate::schema::model::Node;
use crate::schema::Type;
use crate::secrets;
use crate::syntax::ast::{Block, Expr, Literal, LiteralKind, Stmt};
use crate::syntax::literal::unquote;

/// Arguments whose values come from the Grafana Cloud stack page or a
/// credential store: where a placeholder is left in by hand-editing.
const PLACEHOLDER_ARGUMENTS: &[&str] = &[
    "url",
    "endpoint",
    "username",
    "password",
    "api_key",
    "bearer_token",
    "token",
    "client_id",
    "client_secret",
    "tenant_id",
    "org_id",
    "filename",
    "address",
];

/// A string literal with its value.
struct Text<'a> {
    lit: &'a Literal,
    value: String,
    loc: Loc,
}

impl<'a> Text<'a> {
    fn of(unit: UnitId, expr: &'a Expr) -> Option<Self> {
        let Expr::Literal(lit) = expr else {
            return None;
        };
        if lit.kind != LiteralKind::String {
            return None;
        }
        Some(Text {
            value: unquote(&lit.value)?,
            loc: Loc::new(unit, lit.pos as usize..lit.pos as usize + lit.value.len()),
            lit,
        })
    }

    /// The location of `value[range]` inside the literal, for a plain
    /// (escape-free) string; else the whole literal.
    fn sub(&self, start: usize, end: usize) -> Loc {
        let quoted = &self.lit.value[1..self.lit.value.len().saturating_sub(1)];
        if quoted == self.value {
            Loc {
                start: self.loc.start + 1 + start,
                end: self.loc.start + 1 + end,
                ..self.loc
            }
        } else {
            self.loc
        }
    }

    /// The literal's value quoted again, for a fix replacing the literal.
    fn requoted(value: &str) -> String {
        crate::syntax::quote::go_quote(value)
    }
}

/// Whether a type holds secrets only (not `string or secret`).
pub(super) fn is_secret_type(ty: &Type) -> bool {
    match ty {
        Type::Secret => true,
        Type::List(t) | Type::Map(t) => is_secret_type(t),
        _ => false,
    }
}

impl Checker<'_, '_> {
    /// Runs the credential and endpoint rules over every component.
    ///
    /// Every rule here is linear in the size of the configuration: each
    /// component is visited once, and the facts that involve other
    /// components are computed beforehand in one pass over all of them
    /// (`cloud_senders`: which components send to Grafana Cloud, from each
    /// sender's edges) or kept in sets (`secret_files`), never searched for
    /// per component. A 100 MB configuration checks in ten times the time
    /// of a 10 MB one.
    pub fn check_cloud(&mut self) {
        self.cloud_senders = self.find_cloud_senders();
        for nid in 0..self.nodes.len() {
            let NodeKind::Component(schema) = self.nodes[nid].kind else {
                continue;
            };
            let (unit, block) = (self.nodes[nid].unit, self.nodes[nid].block);
            let mut path = Vec::new();
            self.cloud_body(nid, unit, schema, block, &mut path);
            if &*block.name == "prometheus.scrape" {
                self.check_scrape(unit, block);
            }
        }
        self.check_token_files();
        self.scan_comments();
    }

    /// Credential shapes in comments: a token pasted in a comment is as
    /// committed as one in a string.
    fn scan_comments(&mut self) {
        for unit in 0..self.ctx.units.len() {
            let comments = &self.ctx.units[unit].file.comments;
            let mut found = Vec::new();
            for comment in comments.iter() {
                // Offsets into the comment are offsets into the source only
                // when no carriage return was dropped from it.
                let start = comment.start as usize;
                let raw = &self.ctx.units[unit].source[start..];
                if !raw.starts_with(comment.text.as_bytes()) {
                    continue;
                }
                for c in secrets::find_credentials(&comment.text) {
                    let shown = secrets::redact(&comment.text[c.start..c.end]);
                    found.push((
                        Loc::new(unit, start + c.start..start + c.end),
                        c.kind,
                        shown,
                    ));
                }
            }
            if found.is_empty() {
                continue;
            }
            let help = if self.tracked_by_git(unit) {
                "git tracks this file, so its history may hold the token already: revoke it (issue a new one), then delete the comment"
            } else {
                "delete the comment before committing the file"
            };
            for (loc, kind, shown) in found {
                self.ctx.secrets.push(loc);
                self.ctx
                    .report(
                        Code::CredentialInConfig,
                        loc,
                        format!("{kind} written in a comment ({shown})"),
                    )
                    .help = Some(help.into());
            }
        }
    }

    fn cloud_body<'b>(
        &mut self,
        nid: NodeId,
        unit: UnitId,
        schema: &'static Node,
        block: &'b Block,
        path: &mut Vec<&'b str>,
    ) {
        for stmt in &block.body {
            match stmt {
                Stmt::Error(_) => {}
                Stmt::Attribute(attr) => {
                    let Some(arg) = schema.arguments.get(&*attr.name.name) else {
                        self.scan_credentials(unit, &attr.value);
                        continue;
                    };
                    let name = &*attr.name.name;
                    if is_secret_type(&arg.ty) {
                        self.check_secret_value(nid, unit, name, &attr.value);
                    } else {
                        self.scan_credentials(unit, &attr.value);
                    }
                    if let Some(text) = Text::of(unit, &attr.value) {
                        let component = &*self.nodes[nid].block.name;
                        let parent = path.last().copied().unwrap_or("");
                        if let Some(e) = endpoints::lookup(component, parent, name) {
                            self.check_endpoint(e, block, &text);
                        }
                        if name == "username"
                            && (parent == "basic_auth" || component == "otelcol.auth.basic")
                        {
                            self.check_username(nid, block, &text);
                        }
                        if PLACEHOLDER_ARGUMENTS.contains(&name) || is_secret_type(&arg.ty) {
                            let secret = is_secret_type(&arg.ty);
                            self.check_placeholder(nid, block, name, &text, secret);
                        }
                    }
                }
                Stmt::Block(child) => {
                    let Some(child_schema) = schema.blocks.get(&*child.name) else {
                        continue;
                    };
                    path.push(&child.name);
                    self.cloud_body(nid, unit, child_schema, child, path);
                    path.pop();
                }
            }
        }
    }

    /// Credential shapes in any string literal of `expr`.
    fn scan_credentials(&mut self, unit: UnitId, expr: &Expr) {
        for literal in expr.string_literals() {
            let Some(text) = Text::of(unit, literal) else {
                continue;
            };
            for c in secrets::find_credentials(&text.value) {
                let shown = secrets::redact(&text.value[c.start..c.end]);
                let loc = text.sub(c.start, c.end);
                let help = if self.tracked_by_git(unit) {
                    "git tracks this file, so its history may hold the token already: revoke it, put the new one in a git-ignored file and read it with `local.file` (is_secret = true), or from the environment with `sys.env`"
                } else {
                    "before committing the file, move it to a git-ignored file read with `local.file` (is_secret = true), or to the environment, read with `sys.env`"
                };
                self.ctx.secrets.push(loc);
                self.ctx
                    .report(
                        Code::CredentialInConfig,
                        loc,
                        format!("{} written in the configuration ({shown})", c.kind),
                    )
                    .help = Some(help.into());
            }
        }
    }

    /// The `local.file` of scope `sid` a token should be read with: the
    /// first marked `is_secret = true`, else one labelled `grafana_token`
    /// (the name the default help suggests); with whether it is marked.
    /// Found once per scope: a configuration with thousands of inline
    /// secrets must not walk every node for each.
    fn token_local_file(&mut self, sid: ScopeId) -> Option<(String, bool)> {
        if let Some(found) = self.token_local_files.get(&sid) {
            return found.clone();
        }
        let found = self.find_token_local_file(sid);
        self.token_local_files.insert(sid, found.clone());
        found
    }

    fn find_token_local_file(&self, sid: ScopeId) -> Option<(String, bool)> {
        let local_files = || {
            self.nodes
                .iter()
                .filter(move |n| n.scope == sid && &*n.block.name == "local.file")
        };
        local_files()
            .find(|n| n.block.label_text().is_some() && local_file_is_secret(n.block))
            .map(|n| (n.id.clone(), true))
            .or_else(|| {
                local_files()
                    .find(|n| n.block.label_text() == Some("grafana_token"))
                    .map(|n| (n.id.clone(), false))
            })
    }

    /// Whether git tracks the file of `unit` (committed or staged): then a
    /// credential written in it may be in the history already, and only
    /// revoking it helps. Asked only once a credential is found.
    fn tracked_by_git(&mut self, unit: UnitId) -> bool {
        if let Some(&tracked) = self.tracked_units.get(&unit) {
            return tracked;
        }
        let tracked = self.ctx.units[unit]
            .path
            .is_some_and(|path| self.repositories.status(path) == FileStatus::Tracked);
        self.tracked_units.insert(unit, tracked);
        tracked
    }

    /// A secret argument: not a literal; read from a `local.file` marked
    /// secret.
    fn check_secret_value(&mut self, nid: NodeId, unit: UnitId, name: &str, value: &Expr) {
        if let Some(text) = Text::of(unit, value) {
            if text.value.is_empty() || !holds_credential(&text.value) {
                return;
            }
            // Masked wherever the source is shown, even a stand-in: telling
            // a placeholder from a weak real password is a guess.
            self.ctx.secrets.push(text.loc);
            if is_secret_placeholder(&text.value).is_some() {
                // The placeholder rule reports it, without the value.
                return;
            }
            let shown = secrets::redact(&text.value);
            let help = match self.token_local_file(self.nodes[nid].scope) {
                // Telling the user to add the block they have would send
                // them to write a second one.
                Some((id, true)) => format!(
                    "put it in the file {id} reads and write `{name} = {id}.content` (a different token needs a `local.file` of its own)"
                ),
                Some((id, false)) => format!(
                    "put it in the file {id} reads, add `is_secret = true` to {id} and write `{name} = {id}.content`"
                ),
                None => format!(
                    "put it in a git-ignored file and read it: `local.file \"grafana_token\" {{ filename = \"grafana-token.txt\", is_secret = true }}`, then `{name} = local.file.grafana_token.content`"
                ),
            };
            // Sent to Grafana Cloud, an inline secret is a leaked cloud
            // credential; elsewhere (a demo container, a converted
            // Prometheus config) it is still worth a warning.
            let cloud = self.sends_to_grafana_cloud(nid);
            let code = if cloud {
                Code::InlineSecret
            } else {
                Code::PlaintextSecret
            };
            self.ctx
                .report(
                    code,
                    text.loc,
                    format!("`{name}` is a secret, but its value is written inline ({shown})"),
                )
                .help = Some(help);
            return;
        }
        self.scan_credentials(unit, value);
        // `local.file.X.content`: X should say it holds a secret.
        let Some(idents) = traversal(value) else {
            return;
        };
        let names: Vec<&str> = idents.iter().map(|i| &*i.name).collect();
        let sid = self.nodes[nid].scope;
        let Resolution::Node(target, 3) = self.resolve(sid, &names) else {
            return;
        };
        let t = &self.nodes[target];
        if &*t.block.name != "local.file" || names.last() != Some(&"content") {
            return;
        }
        self.secret_files.insert(target);
        if local_file_is_secret(t.block) {
            return;
        }
        let (t_unit, rcurly) = (t.unit, t.block.rcurly as usize);
        let header = t.header();
        let id = t.id.clone();
        self.ctx
            .report(
                Code::SecretNotMarked,
                header,
                format!("{id} feeds the secret `{name}` but is not marked `is_secret = true`"),
            )
            .help = Some(format!(
            "add `is_secret = true` to {id}: Alloy then keeps its content out of the UI and debug output"
        ));
        self.ctx
            .fix_last(Loc::new(t_unit, rcurly..rcurly), "\tis_secret = true\n");
    }

    /// `block` holds the argument (for a gRPC target, its `tls` block).
    fn check_endpoint(&mut self, e: &endpoints::EndpointArgument, block: &Block, text: &Text<'_>) {
        let value = text.value.trim();
        if value.is_empty() || value.contains("${") {
            return;
        }
        let ep = endpoints::split(value);
        let cloud = endpoints::is_grafana_cloud(ep.host);
        if e.shape == Shape::HttpUrl {
            if let Err(error) = go_url::parse(&text.value) {
                // Where Alloy parses the URL when it loads, `invalid-url`
                // reports it as the error it is; elsewhere (an otelcol
                // exporter parses its endpoint when it starts) it is this
                // rule's warning, in Go's words.
                if !url::parsed_at_load(e.component, e.block, e.argument) {
                    self.ctx
                        .report(
                            Code::EndpointShape,
                            text.loc,
                            format!(
                                "Go's URL parser refuses this URL: {} (the component fails when it starts)",
                                error.reason
                            ),
                        )
                        .help = Some(url::fix_for(&error.reason).into());
                }
                return;
            }
        }
        match e.shape {
            Shape::HttpUrl => self.check_http_url(e, text, &ep, cloud),
            Shape::GrpcTarget => {
                let insecure = tls_insecure(block);
                self.check_grpc_target(e, text, &ep, cloud, insecure)
            }
            Shape::Listen => {
                let port_ok = ep.port.is_some_and(endpoints::is_valid_port);
                if ep.scheme.is_some() || !ep.path.is_empty() || !port_ok {
                    self.ctx
                        .report(
                            Code::EndpointShape,
                            text.loc,
                            format!("\"{value}\" is not a `host:port` address to listen on"),
                        )
                        .help = Some(
                        "write the address and port only, such as \"0.0.0.0:4317\" (gRPC) or \"0.0.0.0:4318\" (HTTP)".into(),
                    );
                }
            }
        }
    }

    fn check_http_url(
        &mut self,
        e: &endpoints::EndpointArgument,
        text: &Text<'_>,
        ep: &Endpoint<'_>,
        cloud: bool,
    ) {
        let value = text.value.trim();
        let scheme_ok = matches!(
            ep.scheme.map(str::to_ascii_lowercase).as_deref(),
            Some("http" | "https")
        );
        if !scheme_ok {
            let d = self.ctx.report(
                if cloud {
                    Code::GrafanaCloudEndpoint
                } else {
                    Code::EndpointShape
                },
                text.loc,
                format!("\"{value}\" is not an http(s) URL"),
            );
            d.help = Some(if cloud {
                "write the whole URL, starting with https://".into()
            } else {
                "write the whole URL, starting with http:// or https://".into()
            });
            if cloud && ep.scheme.is_none() {
                self.ctx
                    .fix_last(text.loc, Text::requoted(&format!("https://{value}")));
            }
            return;
        }
        if cloud {
            if ep.scheme.is_some_and(|s| s.eq_ignore_ascii_case("http")) {
                self.ctx
                    .report(
                        Code::GrafanaCloudEndpoint,
                        text.loc,
                        "Grafana Cloud accepts only https:// URLs",
                    )
                    .help = Some("write https:// instead of http://".into());
                let fixed = format!(
                    "https://{}",
                    &value[value.find("://").map_or(0, |i| i + 3)..]
                );
                self.ctx.fix_last(text.loc, Text::requoted(&fixed));
                return;
            }
            if let Some(service) = e.service {
                if self.wrong_service(service, text, ep) {
                    return;
                }
                if let Some(path) = service.path {
                    if !ep.path.trim_end_matches('/').ends_with(path) {
                        self.missing_path(Code::GrafanaCloudEndpoint, service.name, path, text, ep);
                    }
                }
            }
        } else if let Some(path) = e.path_everywhere {
            if !ep.path.trim_end_matches('/').ends_with(path) {
                let name = e.service.map_or("push", |s| s.name);
                self.missing_path(Code::EndpointShape, name, path, text, ep);
            }
        }
    }

    /// Reports a host of another Grafana Cloud service; true if it did.
    fn wrong_service(
        &mut self,
        service: &endpoints::CloudService,
        text: &Text<'_>,
        ep: &Endpoint<'_>,
    ) -> bool {
        let Some(other) = endpoints::service_of_host(ep.host) else {
            return false;
        };
        if other.host_prefix == service.host_prefix {
            return false;
        }
        self.ctx
            .report(
                Code::GrafanaCloudEndpoint,
                text.loc,
                format!("{} is a {} host, but this endpoint sends to {}", ep.host, other.name, service.name),
            )
            .help = Some(format!(
            "copy the {} endpoint from your stack's page on grafana.com ({} > Details); its host starts with `{}`",
            service.name, service.name, service.host_prefix
        ));
        true
    }

    fn missing_path(
        &mut self,
        code: Code,
        service: &str,
        path: &str,
        text: &Text<'_>,
        ep: &Endpoint<'_>,
    ) {
        let value = text.value.trim();
        let d = self.ctx.report(
            code,
            text.loc,
            format!("the {service} URL must end in {path}"),
        );
        if ep.path.is_empty() || ep.path == "/" {
            d.help = Some(format!("append {path}"));
            let fixed = format!("{}{path}", value.trim_end_matches('/'));
            self.ctx.fix_last(text.loc, Text::requoted(&fixed));
        } else {
            d.help = Some(format!(
                "the path {} is not the push API: replace it with {path}",
                ep.path
            ));
        }
    }

    /// A gRPC target, as the OpenTelemetry Collector's gRPC client (which
    /// Alloy's `otelcol.exporter.otlp` gives `endpoint` and `tls.insecure`
    /// unchanged: grafana/alloy internal/component/otelcol/config_grpc.go:216,
    /// config_tls.go:51) reads it. In open-telemetry/opentelemetry-collector
    /// config/configgrpc/configgrpc.go (configgrpc v1.64.0, Alloy's):
    ///
    /// - `sanitizedEndpoint` and `grpcDialTarget` (:273-278, :302-306) strip
    ///   exactly the prefixes `http://` and `https://` (`strings.HasPrefix`,
    ///   case-sensitive, :311-316) and dial the rest; any other scheme is
    ///   passed to gRPC as a resolver name, so `grpc://` or `HTTP://` makes
    ///   the target unusable;
    /// - `getGrpcDialOptions` (:397-403) chooses TLS from the `tls` block,
    ///   whatever the scheme: plaintext only when `LoadTLSConfig` returns
    ///   nothing, which is when `insecure = true` and no CA is given
    ///   (config/configtls/configtls.go:459); and TLS again when the
    ///   endpoint starts with `https://`, even with `insecure = true`.
    ///
    /// So `https://host:port` always works against a TLS server, and
    /// `http://host:port` with `insecure = true` is plaintext, both as if
    /// the scheme were not written: no finding. Findings are the shapes
    /// that fail: a path, another scheme, no valid port, `http://` without
    /// `insecure = true` (TLS, which a plaintext server refuses; Grafana
    /// Cloud, which speaks TLS, accepts it), `https://` with `insecure =
    /// true` (TLS still), and plaintext to Grafana Cloud.
    fn check_grpc_target(
        &mut self,
        e: &endpoints::EndpointArgument,
        text: &Text<'_>,
        ep: &Endpoint<'_>,
        cloud: bool,
        insecure: Option<bool>,
    ) {
        let value = text.value.trim();
        if cloud {
            if let Some(service) = e.service {
                if self.wrong_service(service, text, ep) {
                    return;
                }
            }
        }
        // gRPC's own name-resolver schemes are valid targets.
        if !cloud
            && ep.scheme.is_some_and(|s| {
                matches!(s, "dns" | "unix" | "unix-abstract" | "passthrough" | "xds")
            })
        {
            return;
        }
        let stripped = matches!(ep.scheme, None | Some("http" | "https"));
        let want_port = if cloud {
            e.service.and_then(|s| s.port)
        } else {
            None
        };
        let port_ok = match (ep.port, want_port) {
            (Some(p), Some(w)) => p == w.to_string(),
            (Some(p), None) => endpoints::is_valid_port(p),
            (None, _) => false,
        };
        if stripped && ep.path.is_empty() && port_ok {
            self.check_grpc_transport(text, ep, cloud, insecure);
            return;
        }
        let fixed = match want_port {
            Some(w) => format!("{}:{w}", ep.host),
            None => match ep.port {
                Some(p) => format!("{}:{p}", ep.host),
                None => String::new(),
            },
        };
        let code = if cloud {
            Code::GrafanaCloudEndpoint
        } else {
            Code::GrpcEndpointScheme
        };
        let message = match (stripped, ep.scheme, ep.path.is_empty()) {
            (false, Some(s), _) => format!(
                "a gRPC endpoint takes `host:port`: the {s}:// scheme is not removed and makes the target unusable"
            ),
            (_, _, false) => format!(
                "a gRPC endpoint takes `host:port`, without the path {}",
                ep.path
            ),
            (_, _, true) => match want_port {
                Some(w) => format!("Grafana Cloud's OTLP gRPC endpoint listens on port {w}"),
                None => format!("\"{value}\" has no valid port"),
            },
        };
        let d = self.ctx.report(code, text.loc, message);
        d.help = Some(if fixed.is_empty() {
            "write `host:port`, such as \"tempo:4317\"".into()
        } else {
            format!("write \"{fixed}\"")
        });
        // The fix keeps the transport: it drops `https://` only where the
        // `tls` block already says TLS.
        let keeps_transport = ep.scheme != Some("https") || insecure == Some(false);
        if !fixed.is_empty() && (cloud || ep.path.is_empty()) && keeps_transport {
            self.ctx.fix_last(text.loc, Text::requoted(&fixed));
        }
    }

    /// A well-formed gRPC target whose `http://` or `https://` (stripped by
    /// the collector) and `tls` block say different things. `insecure` is
    /// the `tls` block's `insecure` (`false` when not set), `None` when an
    /// expression gives it.
    fn check_grpc_transport(
        &mut self,
        text: &Text<'_>,
        ep: &Endpoint<'_>,
        cloud: bool,
        insecure: Option<bool>,
    ) {
        if cloud {
            if insecure == Some(true) && ep.scheme != Some("https") {
                self.ctx
                    .report(
                        Code::GrafanaCloudEndpoint,
                        text.loc,
                        "Grafana Cloud accepts only TLS, but `tls { insecure = true }` makes this connection plaintext",
                    )
                    .help = Some("remove `insecure = true` from the `tls` block".into());
            }
            return;
        }
        let message = match (ep.scheme, insecure) {
            (Some("http"), Some(false)) => {
                "`http://` does not make this connection plaintext: without `tls { insecure = true }` the exporter uses TLS, which a plaintext server refuses"
            }
            (Some("https"), Some(true)) => {
                "`https://` makes this connection use TLS, whatever `tls { insecure = true }` says"
            }
            _ => return,
        };
        self.ctx.report(Code::GrpcEndpointScheme, text.loc, message).help = Some(
            "write `host:port` and choose the transport in the `tls` block: `insecure = true` for plaintext, nothing for TLS".into(),
        );
    }

    /// Whether a component sends to a Grafana Cloud host, itself or as the
    /// auth extension of one that does (`otelcol.auth.basic`).
    fn sends_to_grafana_cloud(&self, nid: NodeId) -> bool {
        self.cloud_senders.get(nid).copied().unwrap_or(false)
    }

    /// For every node, [`Self::sends_to_grafana_cloud`]: the nodes with a
    /// Grafana Cloud URL, and the nodes they reference (an auth extension
    /// is referenced by the exporter that uses it). One pass over the nodes
    /// and their edges, where asking each node in turn would be quadratic.
    fn find_cloud_senders(&self) -> Vec<bool> {
        let direct: Vec<bool> = self
            .nodes
            .iter()
            .map(|n| {
                node_urls(n.block)
                    .iter()
                    .any(|u| endpoints::is_grafana_cloud(endpoints::split(u.trim()).host))
            })
            .collect();
        let mut senders = direct.clone();
        for (node, _) in self.nodes.iter().zip(&direct).filter(|(_, &d)| d) {
            for &target in &node.edges {
                senders[target] = true;
            }
        }
        senders
    }

    /// A Grafana Cloud basic-auth user name is the stack's numeric instance
    /// ID.
    fn check_username(&mut self, nid: NodeId, block: &Block, text: &Text<'_>) {
        let value = text.value.trim();
        if value.is_empty() || is_placeholder(value).is_some() {
            return;
        }
        let talks_to_cloud = block_urls(block)
            .iter()
            .any(|u| endpoints::is_grafana_cloud(endpoints::split(u).host))
            || self.sends_to_grafana_cloud(nid);
        if !talks_to_cloud || value.bytes().all(|b| b.is_ascii_digit()) {
            return;
        }
        self.ctx
            .report(
                Code::GrafanaCloudUsername,
                text.loc,
                format!("Grafana Cloud expects the stack's numeric instance ID as user name, not \"{value}\""),
            )
            .help = Some(
            "the instance ID is the number shown as User on the service's Details page of your stack on grafana.com".into(),
        );
    }

    /// A value left as the setup guide's stand-in. A secret's value is not
    /// repeated in the message.
    ///
    /// A Grafana Cloud destination refuses every push made with one (its
    /// host does not resolve, its user or token is refused), so there it is
    /// an error, `grafana-cloud-placeholder`, as an inline secret is; a
    /// destination is Grafana Cloud when the value is itself a `*.grafana.net`
    /// URL, when the block holding it has one (`endpoint { url, basic_auth
    /// }`), or, for a block without a URL, when its component sends there
    /// (`otelcol.auth.basic` used by a Grafana Cloud exporter).
    fn check_placeholder(
        &mut self,
        nid: NodeId,
        block: &Block,
        name: &str,
        text: &Text<'_>,
        secret: bool,
    ) {
        let judge = if secret {
            is_secret_placeholder
        } else {
            is_placeholder
        };
        let Some(what) = judge(&text.value) else {
            return;
        };
        let urls = block_urls(block);
        let cloud = endpoints::is_grafana_cloud(endpoints::split(text.value.trim()).host)
            || if urls.is_empty() {
                self.sends_to_grafana_cloud(nid)
            } else {
                urls.iter()
                    .any(|u| endpoints::is_grafana_cloud(endpoints::split(u.trim()).host))
            };
        let code = if cloud {
            Code::GrafanaCloudPlaceholder
        } else {
            Code::Placeholder
        };
        let mut shown: String = text.value.chars().take(57).collect();
        if shown.len() < text.value.len() {
            shown.push('…');
        }
        let where_ = match name {
            "url" | "endpoint" => "the service's URL is on its Details page of your stack on grafana.com (Prometheus, Loki or Tempo > Details)",
            "username" => "the instance ID is the number shown as User on the service's Details page of your stack on grafana.com",
            "password" | "api_key" | "bearer_token" => "create an access policy token under Administration > Cloud access policies, save it in a git-ignored file and read it with `local.file`",
            _ => "replace it with the real value",
        };
        let message = if secret {
            format!("`{name}` still holds a placeholder ({what})")
        } else {
            format!("`{name}` still holds a placeholder ({what}): \"{shown}\"")
        };
        self.ctx.report(code, text.loc, message).help = Some(where_.into());
    }

    /// `prometheus.scrape`: target addresses and metrics path (the timeout
    /// against the interval is a load-time validation, `validate::scrape`).
    fn check_scrape(&mut self, unit: UnitId, block: &Block) {
        for stmt in &block.body {
            let Stmt::Attribute(a) = stmt else { continue };
            match &*a.name.name {
                "targets" => self.check_target_addresses(unit, &a.value),
                "metrics_path" => {
                    if let Some(text) = Text::of(unit, &a.value) {
                        if !text.value.starts_with('/') && !text.value.is_empty() {
                            self.ctx
                                .report(
                                    Code::EndpointShape,
                                    text.loc,
                                    format!("metrics_path \"{}\" must start with /", text.value),
                                )
                                .help = Some("paths are absolute: write \"/metrics\"".into());
                            let fixed = format!("/{}", text.value);
                            self.ctx.fix_last(text.loc, Text::requoted(&fixed));
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn check_target_addresses(&mut self, unit: UnitId, targets: &Expr) {
        let Expr::Array(array) = targets else { return };
        for element in &array.elements {
            let Expr::Object(object) = element else {
                continue;
            };
            for field in &object.fields {
                if &*field.name.name != "__address__" {
                    continue;
                }
                let Some(text) = Text::of(unit, &field.value) else {
                    continue;
                };
                let ep = endpoints::split(text.value.trim());
                if ep.scheme.is_none() && ep.path.is_empty() {
                    continue;
                }
                let d = self.ctx.report(
                    Code::EndpointShape,
                    text.loc,
                    format!(
                        "__address__ \"{}\" must be `host:port`, without scheme or path",
                        text.value
                    ),
                );
                if ep.path.is_empty() || ep.path == "/" {
                    d.help = Some("the scheme goes in `scheme`, the path in `metrics_path`".into());
                    let fixed = match ep.port {
                        Some(p) => format!("{}:{p}", ep.host),
                        None => ep.host.to_owned(),
                    };
                    if ep.scheme.is_none_or(|s| s.eq_ignore_ascii_case("http")) {
                        self.ctx.fix_last(text.loc, Text::requoted(&fixed));
                    }
                } else {
                    d.help = Some(format!(
                        "write `\"__address__\" = \"{}{}\"` and `metrics_path = \"{}\"`",
                        ep.host,
                        ep.port.map(|p| format!(":{p}")).unwrap_or_default(),
                        ep.path
                    ));
                }
            }
        }
    }

    /// The files that secret `local.file` components read: missing,
    /// committed or about to be.
    fn check_token_files(&mut self) {
        for nid in 0..self.nodes.len() {
            let node = &self.nodes[nid];
            let secret = local_file_is_secret(node.block) || self.secret_files.contains(&nid);
            if &*node.block.name != "local.file" || !secret {
                continue;
            }
            let unit = node.unit;
            let Some(text) = node
                .block
                .attribute("filename")
                .and_then(|v| Text::of(unit, v))
            else {
                continue;
            };
            let base = self.ctx.units[unit]
                .path
                .and_then(|p| p.parent().map(|d| d.to_path_buf()))
                .unwrap_or_default();
            let path: PathBuf =
                config_paths::resolve_next_to(self.ctx.files, Some(&base), &text.value);
            let shown = path.display().to_string();
            let status = self.repositories.status(&path);
            if status != FileStatus::Missing {
                self.check_token_content(&path, &text);
            }
            match status {
                // A fresh clone or a CI runner has no token: an absent file
                // that git ignores is the expected state, not a finding.
                FileStatus::Missing if self.repositories.would_be_ignored(&path) == Some(true) => {}
                FileStatus::Missing => {
                    self.ctx
                        .report(
                            Code::TokenFileMissing,
                            text.loc,
                            format!("the token file {shown} does not exist"),
                        )
                        .help = Some(
                        "Alloy fails to start without it: create it with the access policy token (and keep it out of git)".into(),
                    );
                }
                FileStatus::NotIgnored => {
                    self.ctx
                        .report(
                            Code::TokenFileNotIgnored,
                            text.loc,
                            format!("the token file {shown} is not ignored by git: the next `git add` commits it"),
                        )
                        .help = Some(format!(
                        "add `{}` to .gitignore",
                        text.value
                    ));
                }
                FileStatus::Tracked => {
                    self.ctx
                        .report(
                            Code::TokenFileTracked,
                            text.loc,
                            format!(
                                "the token file {shown} is tracked by git (committed or staged)"
                            ),
                        )
                        .help = Some(format!(
                        "revoke the token, then `git rm --cached {}` and add it to .gitignore",
                        text.value
                    ));
                }
                FileStatus::Ignored | FileStatus::NotInRepository => {}
            }
        }
    }

    /// The bytes of an existing token file, as Alloy passes them on: one
    /// finding that names every flaw, and never the content. A file that
    /// cannot be read, or is larger than a token file can be, is not
    /// judged (Alloy reports what it cannot read).
    fn check_token_content(&mut self, path: &Path, text: &Text<'_>) {
        let Ok(bytes) = self.ctx.files.read_within(path, token_file::READ_LIMIT) else {
            return;
        };
        let flaws = token_file::flaws(&bytes);
        if flaws.is_empty() {
            return;
        }
        let described: Vec<String> = flaws.iter().map(|f| f.describe()).collect();
        self.ctx
            .report(
                Code::TokenFileContent,
                text.loc,
                format!(
                    "the token file {} {}: every push with it is refused",
                    path.display(),
                    described.join(", and ")
                ),
            )
            .help = Some(token_file::how_to_write(&text.value));
    }
}

/// Whether a secret argument's value carries a credential. Connection
/// strings are typed secret because they may embed one: a URI or DSN
/// without a password (`mongodb://mongo:27017/`) carries none.
fn holds_credential(value: &str) -> bool {
    let v = value.trim();
    let locator = v.contains("://") || v.contains('@') || v.contains("tcp(");
    if !locator {
        return true;
    }
    // `user:password@host` (URI) or `user:password@tcp(host)/` (DSN).
    match v.rsplit_once('@') {
        Some((userinfo, _)) => {
            let userinfo = userinfo.rsplit("://").next().unwrap_or(userinfo);
            userinfo
                .split_once(':')
                .is_some_and(|(_, pass)| !pass.is_empty())
        }
        None => v.contains("password=") || v.contains("Password="),
    }
}

/// The `insecure` of `block`'s `tls` block: `false` when it is not set,
/// `None` when an expression gives it.
fn tls_insecure(block: &Block) -> Option<bool> {
    let tls = block.body.iter().find_map(|stmt| match stmt {
        Stmt::Block(b) if &*b.name == "tls" => Some(b),
        _ => None,
    });
    match tls.and_then(|t| t.attribute("insecure")) {
        None => Some(false),
        Some(Expr::Literal(lit)) if lit.kind == LiteralKind::Bool => Some(&*lit.value == "true"),
        Some(_) => None,
    }
}

/// Whether a `local.file` block says `is_secret = true`.
fn local_file_is_secret(block: &Block) -> bool {
    block.attribute("is_secret").is_some_and(Expr::is_true)
}

/// Literal `url`/`endpoint` values directly in `block`.
fn block_urls(block: &Block) -> Vec<String> {
    ["url", "endpoint"]
        .iter()
        .filter_map(|name| block.attribute(name)?.string_value())
        .collect()
}

/// Every literal `url`/`endpoint` value in a component, at any depth.
fn node_urls(block: &Block) -> Vec<String> {
    let mut out = block_urls(block);
    let mut stack: Vec<&Block> = block
        .body
        .iter()
        .filter_map(|s| match s {
            Stmt::Block(b) => Some(b),
            _ => None,
        })
        .collect();
    while let Some(b) = stack.pop() {
        out.extend(block_urls(b));
        stack.extend(b.body.iter().filter_map(|s| match s {
            Stmt::Block(b) => Some(b),
            _ => None,
        }));
    }
    out
}

/// What kind of placeholder the secret `value` is, if it is one: those of
/// [`is_placeholder`], and a run of `x` (any case, base64 padding allowed:
/// `xx`, `XXXX`, `xx==`, `xxxxxxxx`), which stands for a key in many guides
/// but may be a real name (a file `x`, a job `xx`) elsewhere.
pub fn is_secret_placeholder(value: &str) -> Option<&'static str> {
    let unpadded = value.trim().trim_end_matches('=');
    if !unpadded.is_empty() && unpadded.bytes().all(|b| b == b'x' || b == b'X') {
        return Some("a run of `x`");
    }
    is_placeholder(value)
}

/// What kind of placeholder `value` is, if it is one.
pub fn is_placeholder(value: &str) -> Option<&'static str> {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    // `(?P<name>...)` is a regular expression's named group.
    if v.contains('<') && v.contains('>') && !v.contains("(?P<") && !v.contains("(?<") {
        let open = v.find('<')?;
        let close = v[open..].find('>')? + open;
        let inner = &v[open + 1..close];
        if !inner.is_empty()
            && inner
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b' ' | b'.'))
        {
            return Some("a `<...>` marker");
        }
    }
    if lower.starts_with("your_")
        || lower.starts_with("your-")
        || lower.ends_with("_here")
        || lower.ends_with("-here")
        || lower.contains("_aqui")
    {
        return Some("a fill-in-here text");
    }
    let shouty = v.len() >= 6
        && v.contains('_')
        && v.bytes()
            .all(|b| b.is_ascii_uppercase() || b == b'_' || b.is_ascii_digit());
    if shouty
        && ["_VALUE", "_KEY", "_TOKEN", "_HERE", "_PASSWORD", "_SECRET"]
            .iter()
            .any(|end| v.ends_with(end))
    {
        return Some("a fill-in-here name");
    }
    if matches!(
        lower.as_str(),
        "changeme"
            | "change-me"
            | "change_me"
            | "todo"
            | "xxx"
            | "123456"
            | "token"
            | "password"
            | "secret"
            | "apikey"
            | "api_key"
    ) {
        return Some("a stand-in value");
    }
    let ep = endpoints::split(v);
    if ep.host.contains("XX") && (ep.scheme.is_some() || ep.host.contains('.')) {
        return Some("`XX` in the host");
    }
    // RFC 2606's example domains and their subdomains, in a URL or a
    // `host:port` (a bare word could be anything).
    let host = ep.host.to_ascii_lowercase();
    let example = ["example.com", "example.org", "example.net"]
        .iter()
        .any(|d| host == *d || host.strip_suffix(d).is_some_and(|sub| sub.ends_with('.')));
    if example && (ep.scheme.is_some() || ep.port.is_some()) {
        return Some("an example.com host");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{is_placeholder, is_secret_placeholder};
    use crate::check::{check, Options, Source};
    use crate::rules::Code;

    /// The codes `check` reports for an `otelcol.exporter.otlp` whose
    /// `client` block holds `client`, and whether it offers a fix.
    fn grpc_findings(client: &str) -> (Vec<Code>, bool) {
        let text = format!("otelcol.exporter.otlp \"t\" {{\n\tclient {{\n{client}\n\t}}\n}}\n");
        let report = check(
            vec![Source {
                name: "t.alloy".into(),
                path: None,
                text: text.into_bytes(),
            }],
            &Options::default(),
        );
        let codes = report.diagnostics.iter().filter_map(|d| d.code).collect();
        (codes, report.fixable() > 0)
    }

    /// As configgrpc.go's `sanitizedEndpoint` and `getGrpcDialOptions`
    /// treat them (see `check_grpc_target`).
    #[test]
    fn grpc_schemes_are_judged_as_the_collector_dials_them() {
        const PLAIN: &str = "tls {\n\tinsecure = true\n}";
        const UNKNOWN: &str = "tls {\n\tinsecure = sys.env(\"PLAIN\") == \"1\"\n}";
        const CLOUD: &str = "tempo-prod-10-prod-us-east-0.grafana.net:443";
        let cases: &[(&str, &str, &[Code], bool)] = &[
            // Stripped, and the transport the `tls` block says: fine.
            ("http://tempo:4317", PLAIN, &[], false),
            ("https://tempo:4317", "", &[], false),
            ("http://tempo:4317", UNKNOWN, &[], false),
            (&format!("https://{CLOUD}"), "", &[], false),
            (&format!("http://{CLOUD}"), "", &[], false),
            // The scheme and the `tls` block disagree.
            ("http://tempo:4317", "", &[Code::GrpcEndpointScheme], false),
            (
                "https://tempo:4317",
                PLAIN,
                &[Code::GrpcEndpointScheme],
                false,
            ),
            (
                &format!("http://{CLOUD}"),
                PLAIN,
                &[Code::GrafanaCloudEndpoint],
                false,
            ),
            (CLOUD, PLAIN, &[Code::GrafanaCloudEndpoint], false),
            // Not stripped: fixed to `host:port`.
            (
                "HTTP://tempo:4317",
                PLAIN,
                &[Code::GrpcEndpointScheme],
                true,
            ),
            (
                "grpc://tempo:4317",
                PLAIN,
                &[Code::GrpcEndpointScheme],
                true,
            ),
            // A path: fixed on Grafana Cloud, unless dropping `https://`
            // would turn TLS into plaintext.
            (
                &format!("https://{CLOUD}/v1/traces"),
                "",
                &[Code::GrafanaCloudEndpoint],
                true,
            ),
            (
                &format!("https://{CLOUD}/v1/traces"),
                PLAIN,
                &[Code::GrafanaCloudEndpoint],
                false,
            ),
        ];
        for (endpoint, tls, codes, fixed) in cases {
            let client = format!("endpoint = \"{endpoint}\"\n{tls}");
            let (found, has_fix) = grpc_findings(&client);
            assert_eq!(found, *codes, "{endpoint} with {tls:?}");
            assert_eq!(has_fix, *fixed, "{endpoint} with {tls:?}: fix");
        }
    }

    #[test]
    fn recognises_placeholders_only() {
        for p in [
            "<PROMETHEUS_URL>",
            "https://prometheus-prod-XX-prod-XX.grafana.net/api/prom/push",
            "your_api_key",
            "tu_api_key_aqui",
            "changeme",
            "123456",
            "https://example.com/api/prom/push",
            "https://loki.example.com/loki/api/v1/push",
            "tempo.example.org:443",
            "my-secret-password-here",
            "token",
            "xxx",
            "XXX",
        ] {
            assert!(is_placeholder(p).is_some(), "{p}");
        }
        for ok in [
            "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push",
            "1402587",
            "localhost:8787",
            "(?P<level>\\\\w+)",
            "wpt_worker_requests_total",
            "https://prometheus-xxx.grafana.net/api/prom/push",
            "https://notexample.com/api/prom/push",
            "example.com",
        ] {
            assert!(is_placeholder(ok).is_none(), "{ok}");
        }
    }

    #[test]
    fn a_run_of_x_is_a_placeholder_only_as_a_secret() {
        for p in ["x", "xx", "XXXX", "xx==", "xxxxxxxx", "XxXxX=", " xx "] {
            assert!(is_secret_placeholder(p).is_some(), "{p}");
            assert!(is_placeholder(p).is_none(), "{p}");
        }
        for ok in ["=", "xx=x", "xxy", "0xff", "x-x"] {
            assert!(is_secret_placeholder(ok).is_none(), "{ok}");
        }
        assert!(is_secret_placeholder("your_api_key").is_some());
    }
}
