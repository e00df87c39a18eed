// `git-agents man-sections` (hidden): prints the man page's sections that swift-argument-parser cannot write
// (scripts/generate-docs.sh appends them; GeneratedDocsTests checks they are current).
import ArgumentParser

extension GitAgents {
    struct ManSections: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "man-sections", abstract: "Print the man page's reference sections (mdoc).", shouldDisplay: false)

        func run() {
            print(ManualSections.mdoc, terminator: "")
        }
    }
}
