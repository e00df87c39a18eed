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
}
