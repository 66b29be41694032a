import Foundation
import NetworkModel

/// Reads `capture.json`, the record `pathproof capture` writes at the top of a snapshot folder: when the capture
/// ran (`capturedAt`) and the calls that failed (`calls[]` with a non-zero `exitStatus`). A failed call is a warning
/// and goes into the snapshot's completeness, so that an answer that depends on what it would have described is
/// UNKNOWN and names it. It is the only file of the snapshot that is not an AWS CLI output.
enum CaptureRecordReader {
    static let fileName = "capture.json"

    struct Record {
        var capturedAt: Date
        var failedCalls: [SnapshotCompleteness.FailedCall]
    }

    static func read(_ root: JSONNode) throws(SnapshotError) -> Record {
        let stamp = try root.requiredMember("capturedAt", expected: "an ISO 8601 time")
        guard let date = ISO8601DateFormatter().date(from: try stamp.string()) else {
            throw SnapshotError(file: root.file, jsonPath: "capturedAt", message: "\"\(try stamp.string())\" is not an ISO 8601 time")
        }
        var failed: [SnapshotCompleteness.FailedCall] = []
        for call in try root.requiredMember("calls", expected: "an array").elements() {
            let status = try call.requiredMember("exitStatus", expected: "an integer").integer(in: -255...255, what: "an exit status")
            guard status != 0 else { continue }
            failed.append(.init(command: try call.string("command"), account: try call.string("account"),
                                region: try call.string("region"), error: try call.optionalString("error") ?? "exit status \(status)"))
        }
        return Record(capturedAt: date, failedCalls: failed)
    }
}

extension SnapshotBuilder {
    /// Notes a capture's failed calls: one warning for them all, each listed.
    mutating func noteFailedCalls(_ calls: [SnapshotCompleteness.FailedCall]) {
        failedCalls += calls
        for call in calls {
            warnings.add("capture: failed calls", file: CaptureRecordReader.fileName, detail: call.description) { count in
                "\(count) call\(count == 1 ? "" : "s") of the capture failed; what \(count == 1 ? "it" : "they") would have described is missing, and answers that depend on it are unknown"
            }
        }
    }
}
