import AWSSnapshot
import Foundation
@testable import pathproof_benchmark
import PathProofTestSupport
import Questions
import Testing

/// The report of a network with more endpoint classes than a grid shows: the heat map groups classes by VPC, so that
/// the page stays small however many instances the network has (the grid limit is lowered here to keep the test
/// quick), and the page opens in Chromium.
@Suite struct LargeReportTests {
    @Test func aNetworkOfManyClassesGetsAVPCHeatMapAndASmallPage() throws {
        let shape = try SyntheticNetwork(vpcs: 6, subnetsPerVPC: 4, instancesPerSubnet: 3)
        let directory = URL(fileURLWithPath: Temporary.path("large-snapshot"))
        try shape.write(to: directory)
        defer { try? FileManager.default.removeItem(at: directory) }
        let network = try SnapshotReader.load(directory: directory.path).network
        let report = HTMLReport(network: network, snapshot: "generated", diagramLimit: 10, classGridLimit: 10)
        let html = report.html()
        #expect(html.contains("72 instances"))
        #expect(html.contains("too many for one grid: cells group them by VPC"))
        // 6 VPCs: a 6 × 6 grid of counts, not one cell per class or per instance pair.
        let cells = html.components(separatedBy: "<td class=\"").dropFirst().filter { $0.hasPrefix("reach") || $0.hasPrefix("block") || $0.hasPrefix("unknowncell") }
        #expect(cells.count == 6 * 6)
        let page = Temporary.path("large-report") + ".html"
        try Data(html.utf8).write(to: URL(fileURLWithPath: page))
        try PictureCLITests.expectOpensCleanly(page, clickable: 0)
    }
}
