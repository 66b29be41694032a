import Analysis
import NetworkModel
import PathProofTestSupport
import Testing

/// An answer without blockers (`answer(_:explainingUnreachable: false)`, what a `cannot` assertion asks) skips the
/// check for unmodelled components when the pinned addresses alone rule out every unsupported path
/// (`Encoding.unmodelledRuledOutByPins`). The verdict must be the one the check gives, on every stage of every lab.
@Suite struct PinnedUnmodelledCheckTests {
    @Test func sameVerdictWithAndWithoutTheCheckOnEveryStage() throws {
        var asked = 0, skipped = 0
        for lab in StageLab.all {
            for stage in lab.stages {
                let network = try Fixtures.load(lab.directory(stage))
                let skipping = ReachabilityEngine(network: network)
                let checking = ReachabilityEngine(network: network)
                checking.skipsUnmodelledCheckByPins = false
                let ends = network.networkInterfaces.filter { $0.instanceID != nil }.compactMap { interface in
                    interface.addresses(.ipv4).first.map { (interface, $0) }
                }
                for (from, source) in ends {
                    for (to, destination) in ends where to.id != from.id {
                        for traffic in [TrafficSpec.tcp(PortRange(443, 443)), .ping] {
                            let query = TrafficQuery(sources: [.interface(from.id, addresses: [source])],
                                                     destinations: [.interface(to.id, addresses: [destination])], traffic: traffic)
                            let fast = try skipping.answer(query, explainingUnreachable: false)
                            let checked = try checking.answer(query, explainingUnreachable: false)
                            #expect(fast.verdict == checked.verdict, "\(lab.name)/\(stage): \(from.id) → \(to.id) \(traffic)")
                            asked += 1
                        }
                    }
                }
                skipped += skipping.skippedUnmodelledChecks
                #expect(checking.skippedUnmodelledChecks == 0)
            }
        }
        #expect(asked > 200, "questions compared: \(asked)")
        // The transit labs route other destinations on to NAT gateways and through VPCs: checks the pins make needless.
        #expect(skipped > 10, "checks skipped: \(skipped) of \(asked)")
    }
}
