// Refuses an agent launch whose prompt or environment cannot pass through exec, naming what is too long,
// instead of letting exec fail with a bare "Argument list too long".
import Foundation

enum LaunchSize {
    /// Room kept for the limits wrapper (`git-agents exec-agent --memory … --`) that precedes the agent's argv.
    static let wrapperReserve = 4096

    static let hint = "shorten the task or what is added to it (role description, skills, artifacts, feedback); "
        + "put long material in a file of the repository and name that file in the task"

    /// Throws a usage error when `argv` and `environment` cannot be handed to the agent of `agent`.
    /// `prompt` is the composed prompt (the argument that is long in practice).
    static func check(argv: [String], prompt: String, environment: [String: String], agent: String) throws {
        let limit = ArgumentSpace.perString
        if ArgumentSpace.size(prompt) > limit {
            throw AgentsError.usage("the prompt of agent \(agent) is \(ArgumentSpace.describe(prompt.utf8.count)); "
                + "Linux passes at most \(ArgumentSpace.describe(limit)) in one argument (MAX_ARG_STRLEN)", hint: hint)
        }
        if let long = argv.first(where: { ArgumentSpace.size($0) > limit }) {
            throw AgentsError.usage("an argument of agent \(agent)'s command is \(ArgumentSpace.describe(long.utf8.count)); "
                + "Linux passes at most \(ArgumentSpace.describe(limit)) in one argument (MAX_ARG_STRLEN)", hint: hint)
        }
        for (name, value) in environment.sorted(by: { $0.key < $1.key })
        where ArgumentSpace.size("\(name)=\(value)") > limit {
            throw AgentsError.usage("\(name) of agent \(agent) is \(ArgumentSpace.describe(value.utf8.count)); "
                + "Linux passes at most \(ArgumentSpace.describe(limit)) in one environment variable (MAX_ARG_STRLEN)",
                hint: hint)
        }
        let total = ArgumentSpace.size(argv: argv, environment: environment) + wrapperReserve
        if total > ArgumentSpace.total {
            throw AgentsError.usage("the command line and environment of agent \(agent) take \(ArgumentSpace.describe(total)); "
                + "this system passes at most \(ArgumentSpace.describe(ArgumentSpace.total)) to a program (ARG_MAX)",
                hint: hint + ", or start with fewer or shorter environment variables")
        }
    }
}
