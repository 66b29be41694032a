import Analysis
import Foundation
import NetworkModel
import PathProofTestSupport
import Questions
import SMT
import Testing

/// The proofs of the seed lab's queries, every stage: exported, then re-checked by the independent checkers.
@Suite struct ProofSeedTests {
    @Test func everySeedStageIsCovered() {
        #expect(StageLab.seed.stages.count == 11)
        #expect(StageLab.seed.cases.count == 33)
        #expect(ProofSupport.witnessCases.count == StageLab.seed.reachable?.count)
    }

    @Test(arguments: ProofSupport.witnessCases) func seedWitnessHolds(_ item: StageLab.Case) throws {
        let directory = Fixtures.seed(item.stage)
        let (result, document, folder) = try ProofSupport.export(directory, item.query)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        guard case .witness(let witness) = document else { Issue.record("expected a witness, the answer is \(result.answer.verdict)"); return }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == [ProofDocument.readmeFile, ProofIdentity.file, ProofDocument.witnessFile])
        #expect(witness.forward == result.answer.forward?.hops)
        #expect(witness.return == result.answer.returnWalk?.hops)
        #expect(witness.return != nil, "a ping or TCP witness comes back")
        #expect(witness.snapshot.files.map(\.path) == (try ProofSupport.load(directory).files))
        #expect(witness.snapshot.directory == directory)
        let verification = ProofSupport.verifier.verify(directory: folder)
        #expect(verification.status == .holds, "\(verification.text)")
        #expect(verification.text.contains("PROOF HOLDS: a packet of this query gets through and back"))
    }

    @Test(arguments: ProofSupport.claimCases) func seedClaimIsWellFormed(_ item: StageLab.Case) throws {
        let (result, document, folder) = try ProofSupport.export(Fixtures.seed(item.stage), item.query)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        guard case .claim(let manifest, let script) = document else { Issue.record("expected a claim, the answer is \(result.answer.verdict)"); return }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
                == [ProofDocument.readmeFile, ProofDocument.claimFile, ProofIdentity.file, ProofDocument.manifestFile])
        #expect(try ProofSupport.read(folder, ProofDocument.claimFile) == script)
        try expectClaimShape(manifest, script, result)
    }

    @Test(.enabled(if: ProofSupport.cvc5 != nil, Comment(rawValue: ProofSupport.cvc5Missing)), arguments: ProofSupport.claimCases)
    func seedClaimHoldsUnderCVC5(_ item: StageLab.Case) throws {
        let (_, _, folder) = try ProofSupport.export(Fixtures.seed(item.stage), item.query)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let verification = ProofSupport.verifier.verify(directory: folder)
        #expect(verification.status == .holds, "\(verification.text)")
        #expect(verification.text.contains("cvc5 1.") && verification.text.contains(": unsat"))
        #expect(verification.text.contains("PROOF HOLDS: no packet of this query gets through and back, checked by cvc5"))
    }

    /// The claim is plain QF_BV with one definition per manifest constant, named after its element, and one
    /// query assertion; every blocker's group exists and encodes that element.
    private func expectClaimShape(_ manifest: ProofManifest, _ script: String, _ result: QuestionResult) throws {
        let forms = try SMTLIB2Text.forms(script)
        let commands = forms.compactMap { $0.expression.head }
        #expect(commands.filter { $0 == "check-sat" }.count == 1)
        #expect(commands.last == "check-sat")
        #expect(forms.contains { $0.expression == .list([.atom("set-logic"), .atom("QF_BV")]) })
        #expect(Set(commands).isSubset(of: ["set-info", "set-logic", "declare-fun", "assert", "check-sat"]))
        #expect(commands.filter { $0 == "assert" }.count == manifest.constants.count + 1)
        #expect(manifest.smt2.assertions == manifest.constants.count + 1)
        #expect(manifest.z3Answer == "unsat" && manifest.z3Version == SMTContext.z3Version)
        #expect(manifest.claim == "no packet of this query gets through and back")
        #expect(manifest.query.text == result.query.text)
        for constant in manifest.constants {
            #expect(script.contains("(declare-fun |\(constant.name)| () Bool)"), "\(constant.name)")
            if let checkpoint = constant.checkpoint {
                #expect(constant.elements.allSatisfy { constant.name.contains($0) }, "\(constant.name) names its elements")
                #expect(["instance-running", "interface-attached", "security-groups", "network-acl", "route-table", "peering-active",
                         "peering-missing", "gateway-attached", "gateway-missing", "public-address"].contains(checkpoint.kind))
                #expect(constant.alternative != nil && constant.path != nil)
            }
            #expect(!constant.sentence.isEmpty)
        }
        #expect(manifest.groups.flatMap(\.constants).sorted() == manifest.constants.map(\.name).sorted())
        // Paths: each forward path goes from the source to the destination, each return path back.
        for path in manifest.paths {
            let forward = try #require(manifest.paths.first { $0.alternative == path.alternative && $0.path == "forward" })
            if path.path != "forward" { #expect(path.from == forward.to && path.to == forward.from, "\(path.alternative) \(path.path)") }
            #expect(path.constants.allSatisfy { name in manifest.constants.contains { $0.name == name && $0.alternative == path.alternative } })
        }
        #expect(manifest.blockers.count == result.answer.blockers.count)
        for (blocker, original) in zip(manifest.blockers, result.answer.blockers) {
            let group = try #require(manifest.groups.first { $0.id == blocker.group }, "\(blocker.component) has a group")
            #expect(group.checkpoint?.component == original.checkpoint.component)
            #expect(group.checkpoint?.description == original.checkpoint.description)
        }
        // Each group's section in the script starts with a comment naming its elements.
        for group in manifest.groups where group.checkpoint != nil {
            #expect(script.contains("; ── group \(group.id): \(group.elements.joined(separator: ", ")):"), "\(group.id)")
        }
    }

    @Test func unknownAnswersHaveNoProof() throws {
        // A subnet whose default route goes to a NAT gateway the snapshot does not describe: the answer is unknown.
        let directory = try Temporary.folder("nat", files: SampleSnapshots.undescribedNATGateway)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (network, files) = try ProofSupport.load(directory)
        let questions = ReachabilityQuestions(network: network)
        let result = try questions.ask("can eni-1 reach internet on tcp/443")
        guard case .unknown = result.answer.verdict else { Issue.record("expected unknown, got \(result.answer.verdict)"); return }
        let record = try ProofSnapshotRecord.make(directory: directory, files: files)
        #expect(try questions.proof(for: result, snapshot: record) == nil)
    }

    @Test func oneWayWitnessHolds() throws {
        let (_, witness, folder) = try ProofSupport.export(Fixtures.seed("06-ping-works"),
                                                          "can NextWork-1-instance ping NextWork-2-instance", oneWay: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        guard case .witness(let recorded) = witness else { Issue.record("expected a witness"); return }
        #expect(recorded.return == nil && recorded.query.oneWay)
        let verification = ProofSupport.verifier.verify(directory: folder)
        #expect(verification.status == .holds, "\(verification.text)")
        #expect(verification.text.contains("Return path: none needed (one way)"))
    }

    @Test(.enabled(if: ProofSupport.cvc5 != nil, Comment(rawValue: ProofSupport.cvc5Missing)))
    func oneWayClaimHolds() throws {
        let (_, claim, folder) = try ProofSupport.export(Fixtures.seed("05-routes-sg-blocks-icmp"),
                                                        "can NextWork-1-instance ping NextWork-2-instance", oneWay: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        guard case .claim(let manifest, _) = claim else { Issue.record("expected a claim"); return }
        #expect(manifest.claim == "no packet of this query gets through")
        #expect(!manifest.constants.contains { $0.path?.hasPrefix("return") == true }, "one way: no return path is encoded")
        let checked = ProofSupport.verifier.verify(directory: folder)
        #expect(checked.status == .holds, "\(checked.text)")
        #expect(checked.text.contains("PROOF HOLDS: no packet of this query gets through, checked by cvc5"))
    }

    @Test func aNewProofReplacesTheOldOne() throws {
        let (_, _, folder) = try ProofSupport.export(Fixtures.seed("06-ping-works"), "can NextWork-1-instance ping NextWork-2-instance")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (network, files) = try ProofSupport.load(Fixtures.seed("05-routes-sg-blocks-icmp"))
        let questions = ReachabilityQuestions(network: network)
        let result = try questions.ask("can NextWork-1-instance ping NextWork-2-instance")
        let record = try ProofSnapshotRecord.make(directory: Fixtures.seed("05-routes-sg-blocks-icmp"), files: files)
        try #require(try questions.proof(for: result, snapshot: record)).write(to: folder)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
                == [ProofDocument.readmeFile, ProofDocument.claimFile, ProofIdentity.file, ProofDocument.manifestFile])
    }
}
