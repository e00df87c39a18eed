// Aligned columns, as `git worktree list` or `git branch -v` print them.
import Foundation

struct Table {
    var header: [String]
    var rows: [[String]] = []

    init(_ header: String...) { self.header = header }

    /// Cells may hold agents' text: they are stored as a terminal may show them.
    mutating func add(_ cells: String...) { add(cells) }
    mutating func add(_ cells: [String]) { rows.append(cells.map(Terminal.safe)) }

    /// Renders the rows; `style` may colour a cell without breaking the alignment.
    func render(_ terminal: Terminal, style: (Int, Int, String) -> Terminal.Style? = { _, _, _ in nil }) -> String {
        let all = [header] + rows
        let widths = (0..<header.count).map { column in
            all.map { $0.indices.contains(column) ? Self.width($0[column]) : 0 }.max() ?? 0
        }
        var lines: [String] = []
        for (rowIndex, row) in all.enumerated() {
            var cells: [String] = []
            for (column, cell) in row.enumerated() {
                let isLast = column == row.count - 1
                let padded = isLast ? cell : cell + String(repeating: " ", count: widths[column] - Self.width(cell))
                if rowIndex == 0 {
                    cells.append(terminal.paint(padded, .bold))
                } else if let chosen = style(rowIndex - 1, column, cell) {
                    cells.append(terminal.paint(padded, chosen))
                } else {
                    cells.append(padded)
                }
            }
            lines.append(cells.joined(separator: "  "))
        }
        return lines.joined(separator: "\n")
    }

    /// Display width: characters, not bytes (tasks and paths may hold any Unicode).
    static func width(_ text: String) -> Int { text.count }
}
