// The record's own date codec (Record/RecordTime.swift) against Foundation's ISO 8601, the witness: the same
// text for every second it may write, the same instant for every text, and the fallback for other shapes.
import Foundation
@testable import GitAgentsKit
import Testing
import TestSupport

struct RecordTimeTests {
    /// Seconds from 0001-01-01 to 9999-12-31, the years the record's shape holds (before 1583 through Foundation).
    static let range: ClosedRange<Int64> = -62_135_596_800...253_402_300_799
    static let firstGregorianYear: Int64 = -12_212_553_600

    static func foundation(_ date: Date) -> String { date.ISO8601Format() }

    @Test func formatsEverySecondAsFoundationDoes() {
        var generator = SplitMix64(seed: 11)
        var dates = [0, -1, 1, 86_399, 86_400, 951_782_400, 951_868_800, 4_107_542_400, Self.range.lowerBound,
                     Self.range.upperBound, -2_208_988_800, 1_800_000_000].map { Date(timeIntervalSince1970: TimeInterval($0)) }
        dates += (0..<5000).map { _ in
            Date(timeIntervalSince1970: TimeInterval(Int64.random(in: Self.range, using: &generator)) + Double.random(in: 0..<1, using: &generator))
        }
        dates += [Date(timeIntervalSince1970: -0.25), Date(timeIntervalSince1970: 59.999), Date()]
        for date in dates {
            #expect(RecordTime.format(date) == Self.foundation(date), "\(date.timeIntervalSince1970)")
        }
    }

    @Test func parsesWhatItWritesToTheInstantFoundationReads() throws {
        var generator = SplitMix64(seed: 12)
        for _ in 0..<5000 {
            let seconds = Int64.random(in: Self.range, using: &generator)
            let text = Self.foundation(Date(timeIntervalSince1970: TimeInterval(seconds)))
            #expect(RecordTime.parse(text) == (try Date.ISO8601FormatStyle().parse(text)), "\(text)")
            #expect((RecordTime.parseRecordShape(text) != nil) == (seconds >= Self.firstGregorianYear), "\(text)")
        }
    }

    @Test func otherShapesGoToFoundation() throws {
        for text in ["2026-11-30T23:04:32+01:00", "2026-11-30T23:04:32.5Z", "2026-11-30T23:04:32.123Z"] {
            #expect(RecordTime.parseRecordShape(text) == nil, "\(text)")
            #expect(RecordTime.parse(text) == (try? Date.ISO8601FormatStyle().parse(text)), "\(text)")
        }
        for text in ["2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-04-31T00:00:00Z", "2026-01-01T24:00:00Z",
                     "2026-01-01T00:60:00Z", "0000-01-01T00:00:00Z", "1582-12-31T00:00:00Z", "2026-01-01 00:00:00Z", "2026-1-01T00:00:00Z",
                     "２０２６-01-01T00:00:00Z", "", "not a time"] {
            #expect(RecordTime.parseRecordShape(text) == nil, "\(text)")
        }
        #expect(RecordTime.parseRecordShape("2024-02-29T12:00:00Z") != nil)
        #expect(RecordTime.parseRecordShape("2000-02-29T00:00:00Z") != nil)
        #expect(RecordTime.parseRecordShape("1900-02-29T00:00:00Z") == nil)
        #expect(RecordTime.parseRecordShape("1583-01-01T00:00:00Z") == Date(timeIntervalSince1970: TimeInterval(Self.firstGregorianYear)))
    }

    @Test func theRecordsCoderUsesIt() throws {
        struct Stamp: Codable, Equatable { let at: Date }
        let stamp = Stamp(at: Date(timeIntervalSince1970: 1_800_000_000.75))
        let data = try RecordJSON.encoder().encode(stamp)
        #expect(String(decoding: data, as: UTF8.self).contains("\"2027-01-15T08:00:00Z\""))
        #expect(try RecordJSON.decoder().decode(Stamp.self, from: data) == Stamp(at: Date(timeIntervalSince1970: 1_800_000_000)))
        #expect(throws: DecodingError.self) { try RecordJSON.decoder().decode(Stamp.self, from: Data(#"{"at": "yesterday"}"#.utf8)) }
    }
}
