/// The layout ids an `ExtractedTuple.layout` can carry: which structure the record was read from.
///
/// Stable strings: they appear in JSON output and stored findings.
public enum Layout: String, Sendable, CaseIterable {
    /// Values after field labels on one line: `姓名：张三 电话：138… 邮箱：…`.
    case labelValue = "label-value"
    /// Consecutive one-label lines merged into one record (`姓名：张三⏎电话：138…⏎邮箱：…`).
    case labelBlock = "label-block"
    /// One HTML `<tr>` with two or more cells.
    case tableRow = "table-row"
    /// A text row split by tab, `|`, `,` or `;` (CSV/TSV/pipe dumps), roles from a header row if any.
    case delimited = "delimited"
    /// A free line holding a phone or email, grouped by proximity.
    case line = "line"
}
