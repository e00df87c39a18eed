// The one error type of the libgit2 layer: libgit2's code, class and message, and the failing function.
import Clibgit2

public struct GitError: Error, CustomStringConvertible, Sendable {
    public enum Code: Sendable, Equatable {
        case notFound, exists, ambiguous, bareRepository, unbornBranch, invalidSpec
        case uncommitted, conflict, locked, modified, mergeConflict, other(Int32)

        init(_ rc: Int32) {
            switch rc {
            case GIT_ENOTFOUND.rawValue: self = .notFound
            case GIT_EEXISTS.rawValue: self = .exists
            case GIT_EAMBIGUOUS.rawValue: self = .ambiguous
            case GIT_EBAREREPO.rawValue: self = .bareRepository
            case GIT_EUNBORNBRANCH.rawValue: self = .unbornBranch
            case GIT_EINVALIDSPEC.rawValue: self = .invalidSpec
            case GIT_EUNCOMMITTED.rawValue: self = .uncommitted
            case GIT_ECONFLICT.rawValue: self = .conflict
            case GIT_ELOCKED.rawValue: self = .locked
            case GIT_EMODIFIED.rawValue: self = .modified
            case GIT_EMERGECONFLICT.rawValue: self = .mergeConflict
            default: self = .other(rc)
            }
        }
    }

    public let code: Code
    /// libgit2's error class (`git_error_t`), e.g. 7 for config, 4 for references.
    public let errorClass: Int32
    public let message: String
    public let function: String

    public init(code: Code, errorClass: Int32 = 0, message: String, function: String) {
        self.code = code
        self.errorClass = errorClass
        self.message = message
        self.function = function
    }

    public var description: String { message }
}

/// Turns a libgit2 return code into a thrown `GitError`, reading the thread-local message at once.
func check(_ rc: Int32, _ function: String) throws {
    guard rc < 0 else { return }
    var message = "\(function) failed (\(rc))"
    var errorClass: Int32 = 0
    if let last = git_error_last() {
        errorClass = last.pointee.klass
        if let text = last.pointee.message { message = String(cString: text) }
    }
    throw GitError(code: .init(rc), errorClass: errorClass, message: message, function: function)
}
