import AWSSnapshot
import Foundation
import Questions

/// libFuzzer target (scripts/fuzz): a query as the user writes it (`can A reach B on tcp/22 over ipv6`), parsed and
/// its two endpoints resolved against one lab snapshot (`PATHPROOF_FUZZ_SNAPSHOT`, else the seed lab's last stage).
/// Bad input must end in a `QueryError` with a message; a crash or trap is a defect.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzQuery(_ data: UnsafeRawPointer?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: data, count: size), as: UTF8.self)
    let query: QueryText
    do {
        query = try QueryText.parse(text)
    } catch {
        precondition(error is QueryError, "parse threw \(type(of: error)), not a QueryError: \(error)")
        precondition(!"\(error)".isEmpty, "an empty error")
        return 0
    }
    precondition(!query.source.isEmpty && !query.destination.isEmpty, "a query with an empty endpoint: \(text)")
    for end in [query.source, query.destination] {
        do {
            _ = try FuzzNetwork.resolver.resolve(end)
        } catch {
            precondition(!"\(error)".isEmpty, "an empty error resolving \(end)")
        }
    }
    return 0
}

enum FuzzNetwork {
    static let resolver: EndpointResolver = {
        let directory = ProcessInfo.processInfo.environment["PATHPROOF_FUZZ_SNAPSHOT"] ?? "Queries/seed/09-eic-works"
        do {
            return EndpointResolver(network: try SnapshotReader.load(directory: directory).network)
        } catch {
            fatalError("cannot read the snapshot the query fuzzer resolves against: \(error)")
        }
    }()
}
