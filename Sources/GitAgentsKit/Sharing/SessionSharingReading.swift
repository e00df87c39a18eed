// Reading sessions fetched from other clones: listing them beside the local ones, and finding the one a person
// names as `<remote>/<clone>/<id>` or, when only one clone has that id, `<remote>/<id>`.
import Foundation
import GitKit

extension SessionStore {
    /// The fetched sessions of every remote (this clone's own copies left out: the local records are newer),
    /// newest first; archived ones only when asked.
    public func readFetched(archived: Bool = false) throws -> (sessions: [SessionSnapshot], unreadable: [UnreadableRecord]) {
        let own = try SessionSharing.cloneName(repository, create: false)
        // Each name with the ref `load` reads: the live record when there is one, else the archived one.
        var names: [String: (name: FetchedSessionName, ref: String)] = [:]
        for ref in try repository.references(matching: "refs/agents/remotes/*") {
            guard let name = FetchedSessionName(ref: ref.name), name.clone != own,
                  archived || ref.name == name.ref(archived: false) else { continue }
            if names[name.text] == nil || ref.name == name.ref(archived: false) { names[name.text] = (name, ref.name) }
        }
        var sessions: [SessionSnapshot] = [], unreadable: [UnreadableRecord] = []
        for (name, ref) in names.values {
            do {
                sessions.append(try load(name.text))
            } catch {
                unreadable.append(UnreadableRecord(ref: ref, problem: AgentFinisher.brief(error)))
            }
        }
        // Newest id first; one id of several clones in the order of their full names.
        return (sessions.sorted { a, b in
            let (idA, idB) = (a.fetched?.id ?? "", b.fetched?.id ?? "")
            return idA != idB ? Self.newerFirst(idA, idB) : a.session.id < b.session.id
        }, unreadable)
    }

    /// The full name of the fetched session `text` names (`origin/alice-3f2a/20261130-001`, or `origin/20261130-001`
    /// when one other clone only has that id).
    func fetchedSession(named text: String) throws -> String {
        if let name = FetchedSessionName(text) {
            guard try exists(name.text) || repository.referenceTarget(name.ref(archived: true)) != nil else {
                throw AgentsError.unknownSession(text)
            }
            return name.text
        }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, SharedRefs.isComponent(parts[0]), let id = SessionID.normalized(parts[1]) else {
            throw AgentsError.unknownSession(text)
        }
        let own = try SessionSharing.cloneName(repository, create: false)
        let clones = Set(try repository.references(matching: SharedRefs.tracking(parts[0]) + "clones/*")
            .compactMap { FetchedSessionName(ref: $0.name) }.filter { $0.id == id && $0.clone != own }.map(\.text))
        guard clones.count == 1, let only = clones.first else {
            if clones.isEmpty { throw AgentsError.unknownSession(text) }
            throw AgentsError.usage("'\(text)' names sessions of \(clones.count) clones: \(clones.sorted().joined(separator: ", "))",
                                    hint: "name one of them with --session")
        }
        return only
    }
}
