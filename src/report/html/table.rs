//! Tables of the pages: header cells, rows of cells, an optional caption, right-aligned
//! numeric columns and a class per row, so every table looks the same.

use maud::{Markup, Render, html};

/// A table, rendered by maud (`(table)` in `html!`).
#[derive(Debug, Clone, Default)]
pub struct Table {
    class: Option<String>,
    caption: Option<String>,
    head: Vec<Markup>,
    numeric: Vec<usize>,
    rows: Vec<Row>,
}

#[derive(Debug, Clone)]
struct Row {
    class: String,
    cells: Vec<Cell>,
}

/// One body cell: its content and its classes (`name`, `num`, `miss`, ...).
#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub html: Markup,
    pub class: String,
}

impl Cell {
    /// A cell holding `html`.
    pub fn html(html: Markup) -> Cell {
        Cell {
            html,
            class: String::new(),
        }
    }

    /// A cell holding plain `text`.
    pub fn text(text: &str) -> Cell {
        Cell::html(html! { (text) })
    }

    /// The same cell with `class` added.
    pub fn class(mut self, class: &str) -> Cell {
        if !self.class.is_empty() {
            self.class.push(' ');
        }
        self.class.push_str(class);
        self
    }
}

impl From<Markup> for Cell {
    fn from(html: Markup) -> Cell {
        Cell::html(html)
    }
}

impl Table {
    /// A table with these header cells.
    pub fn new(head: Vec<Markup>) -> Table {
        Table {
            head,
            ..Table::default()
        }
    }

    /// A table whose header cells are plain text.
    pub fn with_heads(head: &[&str]) -> Table {
        Table::new(head.iter().map(|h| html! { (h) }).collect())
    }

    /// Adds a class to the `<table>` element (e.g. `matrix`).
    pub fn class(mut self, class: &str) -> Table {
        self.class = Some(class.to_string());
        self
    }

    /// A caption above the table.
    pub fn caption(mut self, text: &str) -> Table {
        self.caption = Some(text.to_string());
        self
    }

    /// Right-aligns these columns (0-based), header and body.
    pub fn numeric(mut self, columns: &[usize]) -> Table {
        self.numeric = columns.to_vec();
        self
    }

    /// Appends a row.
    pub fn row<C: Into<Cell>>(&mut self, cells: Vec<C>) -> &mut Table {
        self.row_with_class("", cells)
    }

    /// Appends a row with a class on its `<tr>` (`pass`, `fail`, `chosen`).
    pub fn row_with_class<C: Into<Cell>>(&mut self, class: &str, cells: Vec<C>) -> &mut Table {
        self.rows.push(Row {
            class: class.to_string(),
            cells: cells.into_iter().map(Into::into).collect(),
        });
        self
    }

    /// Number of body rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the table has no body row.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The classes of body cell `i` of column `column`: its own, then `num` in a numeric column.
    fn cell_class(&self, cell: &Cell, column: usize) -> Option<String> {
        let mut class = cell.class.clone();
        if self.numeric.contains(&column) {
            if !class.is_empty() {
                class.push(' ');
            }
            class.push_str("num");
        }
        (!class.is_empty()).then_some(class)
    }
}

impl Render for Table {
    fn render(&self) -> Markup {
        html! {
            table class=[&self.class] {
                @if let Some(c) = &self.caption {
                    caption { (c) }
                }
                thead {
                    tr {
                        @for (i, h) in self.head.iter().enumerate() {
                            th scope="col" class=[self.numeric.contains(&i).then_some("num")] {
                                (h)
                            }
                        }
                    }
                }
                tbody {
                    @for r in &self.rows {
                        tr class=[(!r.class.is_empty()).then_some(&r.class)] {
                            @for (i, c) in r.cells.iter().enumerate() {
                                td class=[self.cell_class(c, i)] { (c.html) }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_escape_caption_and_cells() {
        let mut t = Table::with_heads(&["a", "b"]).caption("<x>").numeric(&[1]);
        t.row(vec![Cell::text("<n>"), Cell::html(html! { "1" })]);
        let html = t.render().into_string();
        assert!(html.contains("<caption>&lt;x&gt;</caption>"), "{html}");
        assert!(
            html.contains("<td>&lt;n&gt;</td><td class=\"num\">1</td>"),
            "{html}"
        );
        assert!(html.starts_with("<table><caption>"), "{html}");
        assert_eq!(t.len(), 1);
    }
}
