// Durations and sizes as configuration values, and elapsed times as people read them.
import Foundation
import Testing
import TestSupport
@testable import GitAgentsKit

@Suite("Durations and sizes")
struct UnitsTests {
    static let durationExamples: [(String, Double)] = [
        ("90", 90), ("0", 0), ("90s", 90), ("30m", 1800), ("2h", 7200), ("1d", 86_400), ("1h30m", 5400),
        ("1.5h", 5400), ("2m30s", 150), (" 45m ", 2700), ("10M", 600), ("1d2h3m4s", 93_784), ("0.5", 0.5),
    ]

    @Test(arguments: durationExamples)
    func durations(text: String, seconds: Double) {
        #expect(Units.seconds(text) == seconds, "\(text)")
    }

    @Test(arguments: ["", "soon", "10x", "m", "30m5", "-5", "-5m", "1h-30m", "5 m", "1..5s", "h1",
                       "inf", "infinity", "nan", String(repeating: "9", count: 400) + "d"])
    func notDurations(text: String) {
        #expect(Units.seconds(text) == nil, "\(text) -> \(String(describing: Units.seconds(text)))")
    }

    static let sizeExamples: [(String, UInt64)] = [
        ("512", 512), ("0", 0), ("1K", 1024), ("2KiB", 2048), ("512M", 512 << 20), ("512MB", 512 << 20),
        ("4GB", 4 << 30), ("4gb", 4 << 30), ("1.5G", 3 << 29), ("1T", 1 << 40), (" 2G ", 2 << 30), ("100B", 100),
    ]

    @Test(arguments: sizeExamples)
    func sizes(text: String, bytes: UInt64) {
        #expect(Units.bytes(text) == bytes, "\(text)")
    }

    @Test(arguments: ["", "B", "G", "lots", "-1G", "4XB", "4 GB", "1.5", "GB4",
                       "infG", "nanM", "99999999999T", "18446744073709551616"])
    func notSizes(text: String) {
        #expect(Units.bytes(text) == nil, "\(text) -> \(String(describing: Units.bytes(text)))")
    }

    static let elapsedExamples: [(Double, String)] = [
        (0, "0s"), (-3, "0s"), (12.9, "12s"), (59, "59s"), (60, "1m 00s"), (2700, "45m 00s"), (3599, "59m 59s"),
        (3600, "1h 00m"), (7500, "2h 05m"), (90_000, "25h 00m"),
    ]

    @Test(arguments: elapsedExamples)
    func elapsed(seconds: Double, text: String) {
        #expect(Units.elapsed(seconds) == text)
    }
}

@Suite("Typed configuration values", .scratchRepository)
struct TypedConfigurationTests {
    var scratch: ScratchRepository { .current }

    @Test func durationsAndSizesFromAFileAreConvertedOrNamedWhenWrong() throws {
        try scratch.writeConfigFile("[agents]\n\ttimeout = 1h30m\n\tstallTimeout = 90\n\tmaxMemoryPerAgent = 2GB\n",
                                    to: ".gitagents")
        let configuration = try scratch.loadConfiguration()
        #expect(try configuration.duration("agents.timeout") == 5400)
        #expect(try configuration.duration("agents.stallTimeout") == 90)
        #expect(try configuration.memory("agents.maxMemoryPerAgent") == 2 << 30)
        #expect(try configuration.memory("agents.nothing") == nil)

        try scratch.git("config", "agents.maxMemoryPerAgent", "plenty")
        try scratch.git("config", "agents.timeout", "forever")
        let wrong = try scratch.loadConfiguration()
        let memory = try #require(throws: AgentsError.self) { try wrong.memory("agents.maxMemoryPerAgent") }
        #expect(memory.exitCode == 2)
        #expect(memory.message.contains("agents.maxMemoryPerAgent = plenty"))
        #expect(memory.message.contains("(local)"), "names the layer it came from: \(memory.message)")
        #expect(throws: AgentsError.self) { try wrong.duration("agents.timeout") }
        #expect(wrong.validate().map(\.message).filter { $0.hasPrefix("agents.") }.count == 2)
    }
}
