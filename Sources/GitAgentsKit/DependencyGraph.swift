// Dependencies between agents or roles: cycles and an order to run them in.
import Foundation

public struct DependencyGraph: Sendable {
    let edges: [(name: String, dependsOn: [String])]

    public init(_ edges: [(String, [String])]) {
        self.edges = edges.map { (name: $0.0, dependsOn: $0.1) }
    }

    /// A cycle as a path that returns to its start (`a → b → a`), or nil when there is none.
    public func cycle() -> [String]? {
        let dependencies = Dictionary(edges.map { ($0.name, $0.dependsOn) }, uniquingKeysWith: { first, _ in first })
        var state: [String: Int] = [:] // 1 visiting, 2 done
        var path: [String] = []
        func visit(_ node: String) -> [String]? {
            if state[node] == 2 { return nil }
            if state[node] == 1 {
                let start = path.firstIndex(of: node)!
                return Array(path[start...]) + [node]
            }
            state[node] = 1
            path.append(node)
            for next in dependencies[node] ?? [] where dependencies[next] != nil {
                if let found = visit(next) { return found }
            }
            path.removeLast()
            state[node] = 2
            return nil
        }
        for edge in edges.sorted(by: { $0.name < $1.name }) {
            if let found = visit(edge.name) { return found }
        }
        return nil
    }

    /// Names in run order: dependencies first; among those ready together, by name. Names in a cycle
    /// (refused elsewhere) still each appear once.
    public func ordered() -> [String] {
        var remaining = edges.sorted { $0.name < $1.name }
        let names = Set(edges.map(\.name))
        var placed = Set<String>(), ordered: [String] = []
        while !remaining.isEmpty {
            let index = remaining.firstIndex { $0.dependsOn.allSatisfy { placed.contains($0) || !names.contains($0) } } ?? 0
            let next = remaining.remove(at: index)
            placed.insert(next.name)
            ordered.append(next.name)
        }
        return ordered
    }

    /// `items` in `ordered()` order.
    static func sorted<Item>(_ items: [Item], name: (Item) -> String, dependsOn: (Item) -> [String]) -> [Item] {
        let byName = Dictionary(items.map { (name($0), $0) }, uniquingKeysWith: { first, _ in first })
        return DependencyGraph(items.map { (name($0), dependsOn($0)) }).ordered().compactMap { byName[$0] }
    }
}
