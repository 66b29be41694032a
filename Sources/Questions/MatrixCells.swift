import Analysis
import Foundation
import NetworkModel
import Simulation

/// Which engine decides a pair of endpoint classes in a matrix.
public enum MatrixEngine: String, Sendable, CaseIterable {
    /// The packet walker wherever the question's header space is a finite set of concrete packets (ICMP of one type
    /// and code between the instances' addresses: one echo request per pair of addresses, and its reply), the
    /// solver for everything else (port ranges, any protocol) and for any pair the walker cannot finish.
    case automatic
    /// The solver for every pair.
    case solver
}

/// The verdicts of a matrix by pair of endpoint classes, decided on every core: each source class's row is decided
/// by one thread (with its own solver context when it needs one), rows are handed out in class order and can be read
/// (`row(_:)`) as soon as they are decided, while later rows are still being worked on.
public final class MatrixCells: @unchecked Sendable {
    public let traffic: TrafficSpec
    public let oneWay: Bool
    /// Every instance, in the order of the matrix's rows (by Name tag, then id).
    public let instances: [Instance]
    public let classes: EndpointClasses
    /// The source classes decided here (every class, or one shard's).
    public let sourceClasses: [Int]

    /// A decided row: per destination class, nil (the class has no member other than the source), or a verdict.
    public struct Row: Sendable {
        public let verdicts: [Verdict?]
    }

    private let network: Network
    private let engineChoice: MatrixEngine
    private let timeoutMilliseconds: UInt32?
    private let condition = NSCondition()
    private var rows: [Int: Row] = [:]
    private var next = 0
    private var failure: (any Error)?
    private var solved = 0
    private var walked = 0
    private var running = false
    private var finished = false
    private var decidedRows = 0

    /// Called (on a worker thread, before the row is handed out) each time a source class's row is decided, with the
    /// rows decided so far and `sourceClasses.count`: a progress display's hook. Set it before the work starts.
    public var progress: (@Sendable (_ decided: Int, _ total: Int) -> Void)?

    /// Class pairs the solver decided, and pairs the walker decided (so far).
    public var solvedPairs: Int { condition.lock(); defer { condition.unlock() }; return solved }
    public var walkedPairs: Int { condition.lock(); defer { condition.unlock() }; return walked }

    public init(network: Network, traffic: TrafficSpec, oneWay: Bool = false, engine: MatrixEngine = .automatic,
                shard: Shard? = nil, timeoutMilliseconds: UInt32? = 30_000) {
        self.network = network
        self.traffic = TrafficQuery(sources: [], destinations: [], traffic: traffic).traffic
        self.oneWay = oneWay
        self.engineChoice = engine
        self.timeoutMilliseconds = timeoutMilliseconds
        instances = network.instances.sorted { ($0.tags.name ?? $0.id, $0.id) < ($1.tags.name ?? $1.id, $1.id) }
        classes = EndpointClasses(network: network, instances: instances)
        sourceClasses = classes.classes.indices.filter { shard?.contains($0) ?? true }
    }

    /// Whether the walker decides this traffic exactly: one ICMP type and code, so that a pair of addresses is one
    /// concrete echo packet and its reply.
    /// Only on a complete snapshot: where a describe-* output is missing, the solver says which (UNKNOWN).
    public var walkerDecides: Bool {
        guard engineChoice == .automatic, network.completeness.isComplete, let number = traffic.ipProtocol, IPProtocolNumber.isICMP(number) else { return false }
        return traffic.icmpType != nil && traffic.icmpCode != nil
    }

    /// Starts deciding the rows on every core, in the background.
    public func start(threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        condition.lock()
        guard !running else { condition.unlock(); return }
        running = true
        condition.unlock()
        let workers = max(1, min(threads, sourceClasses.count))
        let context = WorkContext(network: network, classes: classes)
        Thread.detachNewThread { [self] in
            DispatchQueue.concurrentPerform(iterations: workers) { _ in self.work(context) }
            condition.lock()
            finished = true
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Decides every row and waits for them.
    public func decideAll(threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
        start(threads: threads)
        condition.lock()
        defer { condition.unlock() }
        while !finished { condition.wait() }
        if let failure { throw failure }
    }

    /// The row of source class `a` (one of `sourceClasses`), waiting until it is decided. Starts the work if needed.
    public func row(_ a: Int) throws -> Row {
        start()
        condition.lock()
        defer { condition.unlock() }
        while rows[a] == nil {
            if let failure { throw failure }
            if finished { throw QueryError("class \(a) is not among the decided source classes") }
            condition.wait()
        }
        return rows[a]!
    }

    /// Forgets a row once it has been printed (a shard of 20,000 instances keeps only the rows still to print).
    public func release(_ a: Int) {
        condition.lock()
        rows[a] = nil
        condition.unlock()
    }

    /// The verdict from instance class a to class b, once row a is decided.
    public func verdict(_ a: Int, _ b: Int) throws -> Verdict? { try row(a).verdicts[b] }

    // MARK: Work

    /// What every worker reads: per class, the interfaces of the member that stands for it as a destination of
    /// another class and as a destination of its own representative, and their VPCs.
    struct WorkContext: Sendable {
        struct Member: Sendable {
            let id: String
            let interfaces: [(id: String, addresses: [IPAddress])]
            let vpcs: Set<String>
            /// `vpcs` as positions in `WorkContext.vpcs`.
            let vpcNumbers: [Int]
        }
        let representatives: [Member]
        /// The second member of each class (the destination of its own representative), if any.
        let seconds: [Member?]
        /// Every VPC an endpoint of the matrix is in.
        let vpcs: [String]

        init(network: Network, classes: EndpointClasses) {
            var numbers: [String: Int] = [:]
            var vpcs: [String] = []
            func member(_ id: String) -> Member {
                let interfaces = network.networkInterfaces(ofInstance: id)
                let set = Set(interfaces.map(\.vpcID))
                let vpcNumbers = set.sorted().map { vpc in
                    if let number = numbers[vpc] { return number }
                    numbers[vpc] = vpcs.count
                    vpcs.append(vpc)
                    return vpcs.count - 1
                }
                return Member(id: id, interfaces: interfaces.map { ($0.id, $0.addresses.map(\.address)) }, vpcs: set, vpcNumbers: vpcNumbers)
            }
            representatives = classes.classes.map { member($0.representative) }
            seconds = classes.classes.map { $0.members.count > 1 ? member($0.members[1]) : nil }
            self.vpcs = vpcs
        }
    }

    /// The VPC pre-check (`VPCConnectivity`) of one worker, each pair of VPCs worked out once.
    struct VPCPairs {
        let connector: VPCConnectivity
        let vpcs: [String]
        /// Per pair of VPC numbers: 0 not known yet, 1 may connect, 2 cannot.
        private var known: [UInt8]

        init(_ connector: VPCConnectivity, vpcs: [String]) {
            self.connector = connector
            self.vpcs = vpcs
            known = Array(repeating: 0, count: vpcs.count * vpcs.count)
        }

        /// `connector.mayConnect(vpcs:_:)` for the VPCs of two members.
        mutating func mayConnect(_ from: [Int], _ to: [Int]) -> Bool {
            for a in from {
                for b in to {
                    let index = a * vpcs.count + b
                    if known[index] == 0 { known[index] = connector.mayConnect(vpcs: [vpcs[a]], [vpcs[b]]) ? 1 : 2 }
                    if known[index] == 1 { return true }
                }
            }
            return false
        }
    }

    private func nextSourceClass() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        guard failure == nil, next < sourceClasses.count else { return nil }
        next += 1
        return sourceClasses[next - 1]
    }

    private func work(_ context: WorkContext) {
        var pairs = VPCPairs(VPCConnectivity(network: network), vpcs: context.vpcs)
        // The matrix reads only the walks' outcomes: no hop is spelled out.
        let walker = PacketWalker(network: network, recordingHops: false)
        let byWalking = walkerDecides
        var engine: ReachabilityEngine?
        while let a = nextSourceClass() {
            do {
                let (row, solvedHere, walkedHere) = try decide(a, context, &pairs, walker, byWalking: byWalking) {
                    if let engine { return engine }
                    let made = ReachabilityEngine(network: network, timeoutMilliseconds: timeoutMilliseconds)
                    engine = made
                    return made
                }
                condition.lock()
                rows[a] = row
                solved += solvedHere
                walked += walkedHere
                decidedRows += 1
                // Before the row is handed out: every call is over by the time the last row is printed.
                progress?(decidedRows, sourceClasses.count)
                condition.broadcast()
                condition.unlock()
            } catch {
                condition.lock()
                failure = error
                condition.broadcast()
                condition.unlock()
                return
            }
        }
    }

    private func decide(_ a: Int, _ context: WorkContext, _ pairs: inout VPCPairs, _ walker: PacketWalker, byWalking: Bool,
                        engine: () -> ReachabilityEngine) throws -> (Row, Int, Int) {
        let from = context.representatives[a]
        var verdicts: [Verdict?] = Array(repeating: nil, count: context.representatives.count)
        var destinations: [Endpoint] = []
        var targets: [(b: Int, indices: [Int])] = []
        var walkedHere = 0
        for b in context.representatives.indices {
            guard let to = b == a ? context.seconds[b] : context.representatives[b] else { continue }
            // The reply needs a way back too, unless the question is one-way.
            guard pairs.mayConnect(from.vpcNumbers, to.vpcNumbers), oneWay || pairs.mayConnect(to.vpcNumbers, from.vpcNumbers) else {
                verdicts[b] = .unreachable
                continue
            }
            if byWalking, let reachable = walk(from, to, walker) {
                verdicts[b] = reachable ? .reachable : .unreachable
                walkedHere += 1
                continue
            }
            let endpoints = to.interfaces.map { Endpoint.interface($0.id, addresses: $0.addresses) }
            targets.append((b, Array(destinations.count..<(destinations.count + endpoints.count))))
            destinations += endpoints
        }
        guard !targets.isEmpty else { return (Row(verdicts: verdicts), 0, walkedHere) }
        let session = engine().session(TrafficQuery(sources: from.interfaces.map { .interface($0.id, addresses: $0.addresses) },
                                                    destinations: destinations, traffic: traffic, oneWay: oneWay))
        for (b, indices) in targets {
            switch try session.check(destinations: indices) {
            case .reachable: verdicts[b] = .reachable
            case .unreachable: verdicts[b] = .unreachable
            case .unknown(let reason): verdicts[b] = .unknown(reason: reason)
            }
        }
        return (Row(verdicts: verdicts), targets.count, walkedHere)
    }

    /// The walker's verdict for one pair: every IPv4 address of every interface of `from` sends one packet of the
    /// traffic to every IPv4 address of every interface of `to` (the matrix asks about IPv4), and the pair is
    /// reachable when one of them is delivered there and (unless one-way) its response comes back to the sender.
    /// nil when some walk reaches a component the walker does not model: the solver decides that pair.
    private func walk(_ from: WorkContext.Member, _ to: WorkContext.Member, _ walker: PacketWalker) -> Bool? {
        guard let number = traffic.ipProtocol, let type = traffic.icmpType, let code = traffic.icmpCode else { return nil }
        var undecided = false
        for source in from.interfaces {
            for sourceAddress in source.addresses where sourceAddress.family == .ipv4 {
                for destination in to.interfaces {
                    for address in destination.addresses where address.family == .ipv4 {
                        let packet = Packet(source: sourceAddress, destination: address, ipProtocol: number, icmpType: type, icmpCode: code)
                        let forward = walker.walk(packet, from: .networkInterface(source.id), leg: .forward)
                        if case .unsupported = forward.outcome { undecided = true; continue }
                        guard forward.deliveredAt == .networkInterface(destination.id), let delivered = forward.deliveredPacket else { continue }
                        if oneWay { return true }
                        guard let response = delivered.response else { undecided = true; continue }
                        let back = walker.walk(response, from: .networkInterface(destination.id), leg: .return, state: forward.state)
                        if case .unsupported = back.outcome { undecided = true; continue }
                        if back.deliveredAt == .networkInterface(source.id) { return true }
                    }
                }
            }
        }
        return undecided ? nil : false
    }
}

/// One of N parts of a whole-network job, partitioned by source: `K/N` with K from 0 to N − 1 (as a Kubernetes
/// Indexed Job's `JOB_COMPLETION_INDEX` or an AWS Batch array job's `AWS_BATCH_JOB_ARRAY_INDEX` counts).
public struct Shard: Hashable, Sendable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    public init(index: Int, count: Int) throws {
        guard count >= 1, index >= 0, index < count else {
            throw QueryError("--shard K/N needs 0 ≤ K < N (K counts from 0, as JOB_COMPLETION_INDEX does): \(index)/\(count)")
        }
        self.index = index
        self.count = count
    }

    /// `K/N`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw QueryError("--shard takes K/N (for example 0/4), not \(text)")
        }
        try self.init(index: index, count: count)
    }

    /// Whether the part with this ordinal (a source class's index) belongs to this shard.
    public func contains(_ ordinal: Int) -> Bool { ordinal % count == index }

    /// Whether a source named by `key` belongs to this shard: a stable hash (FNV-1a) of the key, the same on every
    /// machine and run.
    public func contains(key: String) -> Bool {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(hash % UInt64(count)) == index
    }

    public var description: String { "\(index)/\(count)" }
}
