//! Where each panel and row goes on Grafana's grid: 24 columns wide,
//! unbounded downwards, in grid units (a unit of height is about 30 px).
//!
//! The rules:
//!
//! - Panels flow left to right in file order; a panel that would cross
//!   column 24 starts a new line at column 0.
//! - A panel sits right below the lowest panel above it in its own columns,
//!   not below the tallest panel of the line before. Grafana packs the grid
//!   upwards when it loads a dashboard, so these are the positions it shows
//!   and saves: generating and re-exporting agree.
//! - A row header is full width and one unit high. It starts below
//!   everything before it; the panels after it belong to it and start
//!   below it.
//! - A collapsed row holds its panels (Grafana's `panels` array of the
//!   row), placed as if the row were open, right below its header; the next
//!   row or panel follows the header directly, as Grafana saves a collapsed
//!   row. An open row's panels follow it in the grid.
//!
//! Widths are clamped to 1..=24 columns and heights to at least 1, so the
//! result is a valid grid whatever the model holds: nothing overlaps,
//! nothing crosses column 24.

use super::model::{Item, Panel};

/// The grid's width in columns.
pub const COLUMNS: u8 = 24;

/// A panel's or row's place on the grid: Grafana's `gridPos`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GridPos {
    /// The first column, 0..24.
    pub x: u8,
    /// The first grid unit from the top.
    pub y: u32,
    /// Columns, 1..=24; `x + w <= 24`.
    pub w: u8,
    /// Grid units, at least 1.
    pub h: u8,
}

impl GridPos {
    /// The first unit below it.
    pub fn bottom(self) -> u32 {
        self.y + u32::from(self.h)
    }

    /// The columns it spans.
    pub fn columns(self) -> std::ops::Range<usize> {
        usize::from(self.x)..usize::from(self.x) + usize::from(self.w)
    }

    /// Whether it shares at least one cell with `other`.
    pub fn overlaps(self, other: GridPos) -> bool {
        let cols = self.columns();
        let other_cols = other.columns();
        cols.start < other_cols.end
            && other_cols.start < cols.end
            && self.y < other.bottom()
            && other.y < self.bottom()
    }
}

/// The place of one [`Item`], in the same shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    Panel(GridPos),
    /// A row header and the places of its panels, in order.
    Row {
        header: GridPos,
        panels: Vec<GridPos>,
    },
}

/// Places every item of a dashboard, in order: `result[i]` is the place of
/// `items[i]`. The same items always get the same places.
pub fn layout(items: &[Item]) -> Vec<Placement> {
    let mut flow = Flow::below(0);
    items
        .iter()
        .map(|item| match item {
            Item::Panel(panel) => Placement::Panel(flow.place(panel)),
            Item::Row(row) => {
                let header = GridPos {
                    x: 0,
                    y: flow.bottom(),
                    w: COLUMNS,
                    h: 1,
                };
                let below = header.bottom();
                let panels = if row.collapsed {
                    let mut inside = Flow::below(below);
                    let panels = row.panels.iter().map(|p| inside.place(p)).collect();
                    flow = Flow::below(below);
                    panels
                } else {
                    flow = Flow::below(below);
                    row.panels.iter().map(|p| flow.place(p)).collect()
                };
                Placement::Row { header, panels }
            }
        })
        .collect()
}

/// Panels being placed left to right: the next free column of the current
/// line and, for each column, the first free unit (the skyline).
struct Flow {
    x: u8,
    skyline: [u32; COLUMNS as usize],
}

impl Flow {
    /// An empty stretch of grid starting at unit `top`.
    fn below(top: u32) -> Self {
        Flow {
            x: 0,
            skyline: [top; COLUMNS as usize],
        }
    }

    /// The first unit below everything placed so far.
    fn bottom(&self) -> u32 {
        self.skyline.iter().copied().max().unwrap_or(0)
    }

    /// Places `panel` after the previous one, on a new line if it does not
    /// fit, as high as its columns allow.
    fn place(&mut self, panel: &Panel) -> GridPos {
        let w = panel.width.columns().clamp(1, COLUMNS);
        let h = panel.height.max(1);
        if self.x + w > COLUMNS {
            self.x = 0;
        }
        let x = self.x;
        let columns = usize::from(x)..usize::from(x + w);
        let y = self.skyline[columns.clone()]
            .iter()
            .copied()
            .max()
            .unwrap_or(0);
        let pos = GridPos { x, y, w, h };
        for top in &mut self.skyline[columns] {
            *top = pos.bottom();
        }
        self.x = x + w;
        pos
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dashboard::model::{Legend, PanelKind, Row, Width};
    use crate::diagnostics::Span;
    use proptest::prelude::*;

    fn panel(width: Width, height: u8) -> Panel {
        Panel {
            kind: PanelKind::Timeseries,
            label: "p".into(),
            title: "P".into(),
            description: None,
            unit: None,
            width,
            height,
            thresholds: Vec::new(),
            min: None,
            max: None,
            decimals: None,
            legend: Legend::default(),
            content: None,
            queries: Vec::new(),
            span: Span { offset: 0, len: 0 },
        }
    }

    fn row(collapsed: bool, panels: Vec<Panel>) -> Item {
        Item::Row(Row {
            title: "R".into(),
            collapsed,
            panels,
            span: Span { offset: 0, len: 0 },
        })
    }

    fn pos(x: u8, y: u32, w: u8, h: u8) -> GridPos {
        GridPos { x, y, w, h }
    }

    #[test]
    fn panels_flow_left_to_right_and_wrap() {
        let items = [
            Item::Panel(panel(Width::Half, 8)),
            Item::Panel(panel(Width::Third, 8)),
            Item::Panel(panel(Width::Third, 8)),
            Item::Panel(panel(Width::Full, 6)),
        ];
        assert_eq!(
            layout(&items),
            [
                Placement::Panel(pos(0, 0, 12, 8)),
                Placement::Panel(pos(12, 0, 8, 8)),
                Placement::Panel(pos(0, 8, 8, 8)),
                Placement::Panel(pos(0, 16, 24, 6)),
            ]
        );
    }

    #[test]
    fn a_panel_sits_below_the_lowest_panel_in_its_columns() {
        // Line one: a tall and a short panel; line two's second panel goes
        // up under the short one, as Grafana packs it.
        let items = [
            Item::Panel(panel(Width::Half, 8)),
            Item::Panel(panel(Width::Half, 4)),
            Item::Panel(panel(Width::Half, 4)),
            Item::Panel(panel(Width::Half, 4)),
        ];
        assert_eq!(
            layout(&items),
            [
                Placement::Panel(pos(0, 0, 12, 8)),
                Placement::Panel(pos(12, 0, 12, 4)),
                Placement::Panel(pos(0, 8, 12, 4)),
                Placement::Panel(pos(12, 4, 12, 4)),
            ]
        );
    }

    #[test]
    fn rows_are_full_width_and_start_below_everything() {
        let items = [
            Item::Panel(panel(Width::Half, 8)),
            Item::Panel(panel(Width::Quarter, 3)),
            row(
                false,
                vec![panel(Width::Quarter, 4), panel(Width::Columns(30), 2)],
            ),
            row(true, vec![panel(Width::Half, 5), panel(Width::Half, 5)]),
            row(true, vec![panel(Width::Full, 5)]),
            Item::Panel(panel(Width::Columns(0), 0)),
        ];
        assert_eq!(
            layout(&items),
            [
                Placement::Panel(pos(0, 0, 12, 8)),
                Placement::Panel(pos(12, 0, 6, 3)),
                Placement::Row {
                    header: pos(0, 8, 24, 1),
                    panels: vec![pos(0, 9, 6, 4), pos(0, 13, 24, 2)],
                },
                // Collapsed: its panels as if open, the next row right below
                // its header.
                Placement::Row {
                    header: pos(0, 15, 24, 1),
                    panels: vec![pos(0, 16, 12, 5), pos(12, 16, 12, 5)],
                },
                Placement::Row {
                    header: pos(0, 16, 24, 1),
                    panels: vec![pos(0, 17, 24, 5)],
                },
                Placement::Panel(pos(0, 17, 1, 1)),
            ]
        );
    }

    #[test]
    fn empty_dashboard_and_empty_rows() {
        assert!(layout(&[]).is_empty());
        assert_eq!(
            layout(&[row(false, vec![]), row(false, vec![])]),
            [
                Placement::Row {
                    header: pos(0, 0, 24, 1),
                    panels: vec![],
                },
                Placement::Row {
                    header: pos(0, 1, 24, 1),
                    panels: vec![],
                },
            ]
        );
    }

    fn width() -> impl Strategy<Value = Width> {
        prop_oneof![
            (0u8..=30).prop_map(Width::Columns),
            Just(Width::Full),
            Just(Width::Half),
            Just(Width::Third),
            Just(Width::Quarter),
        ]
    }

    fn any_panel() -> impl Strategy<Value = Panel> {
        (width(), 0u8..=20).prop_map(|(w, h)| panel(w, h))
    }

    fn item() -> impl Strategy<Value = Item> {
        prop_oneof![
            3 => any_panel().prop_map(Item::Panel),
            1 => (any::<bool>(), proptest::collection::vec(any_panel(), 0..8))
                .prop_map(|(collapsed, panels)| row(collapsed, panels)),
        ]
    }

    fn assert_valid_grid(grid: &[GridPos]) -> Result<(), TestCaseError> {
        for (i, a) in grid.iter().enumerate() {
            prop_assert!(a.w >= 1 && a.h >= 1, "{a:?}");
            prop_assert!(a.x + a.w <= COLUMNS, "{a:?}");
            for b in &grid[i + 1..] {
                prop_assert!(!a.overlaps(*b), "{a:?} overlaps {b:?}");
            }
        }
        Ok(())
    }

    /// Every item starts at `top` or right below another in its columns:
    /// Grafana's upward packing moves nothing.
    fn assert_packed(grid: &[GridPos], top: u32) -> Result<(), TestCaseError> {
        for a in grid {
            let resting = a.y == top
                || grid.iter().any(|b| {
                    b.bottom() == a.y
                        && b.columns().start < a.columns().end
                        && a.columns().start < b.columns().end
                });
            prop_assert!(resting, "{a:?} floats in {grid:?}");
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn layout_is_a_valid_packed_grid(items in proptest::collection::vec(item(), 0..24)) {
            let placements = layout(&items);
            prop_assert_eq!(&placements, &layout(&items));
            prop_assert_eq!(placements.len(), items.len());

            // The grid Grafana shows: top-level panels, every row header,
            // open rows' panels.
            let mut visible = Vec::new();
            for (placement, item) in placements.iter().zip(&items) {
                match (placement, item) {
                    (Placement::Panel(p), Item::Panel(_)) => visible.push(*p),
                    (Placement::Row { header, panels }, Item::Row(row)) => {
                        prop_assert_eq!(panels.len(), row.panels.len());
                        prop_assert_eq!((header.x, header.w, header.h), (0, COLUMNS, 1));
                        let above = visible.iter().map(|p: &GridPos| p.bottom()).max();
                        prop_assert_eq!(header.y, above.unwrap_or(0), "a row starts below everything");
                        if row.collapsed {
                            // As it opens: the header and its panels, below it.
                            let mut open = vec![*header];
                            open.extend(panels);
                            assert_valid_grid(&open)?;
                            assert_packed(&panels[..], header.bottom())?;
                            visible.push(*header);
                        } else {
                            visible.push(*header);
                            visible.extend(panels);
                        }
                        for p in panels {
                            prop_assert!(p.y >= header.bottom(), "{p:?} above {header:?}");
                        }
                    }
                    _ => prop_assert!(false, "placement {placement:?} for {item:?}"),
                }
            }
            assert_valid_grid(&visible)?;
            assert_packed(&visible, 0)?;
        }
    }
}
